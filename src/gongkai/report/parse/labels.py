"""Tolerant matching of printed labels against the template spec (DOMAIN.md §5.2).

The raw text is always kept; only the copy used for matching is normalised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_QUOTES = "\"'“”‘’「」『』〝〞＂＇"
_FOLD = str.maketrans(
    {
        **{q: '"' for q in _QUOTES},
        "、": ",",
        "，": ",",
        "．": ".",
        "。": ".",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "：": ":",
        "；": ";",
        "|": "",
    }
)
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Markdown emphasis and trailing separators some converters leave around labels.
_DECOR = re.compile(r"^[*#>\s]+|[*\s]+$")


_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+,|\([一二三四五六七八九十]+\)|\d+\.)")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Normalised form for matching: NFKC, no whitespace, one quote, one clause separator."""
    text = unicodedata.normalize("NFKC", text)
    text = _WS.sub("", text)
    text = text.translate(_FOLD)
    return _DECOR.sub("", text)


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one substitution, insertion or deletion."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class Match:
    label: str  # the canonical label
    match: str  # exact | normalized | fuzzy


class LabelSet:
    """A set of canonical labels that printed text is matched against."""

    def __init__(self, labels: list[str] | tuple[str, ...]) -> None:
        self.labels = tuple(dict.fromkeys(labels))
        self._by_norm = {norm(label): label for label in self.labels}
        # Every substring of a label is a possible fragment of a label broken over lines or cells.
        self._norms = tuple(self._by_norm)
        # Labels without their ordinal ("本年新收…" for "一、本年新收…"), where that stays unique.
        cores: dict[str, list[str]] = {}
        for key, label in self._by_norm.items():
            core = _ORDINAL.sub("", key)
            if core != key and len(core) >= 4:
                cores.setdefault(core, []).append(label)
        self._by_core = {core: labels[0] for core, labels in cores.items() if len(labels) == 1}
        self._cache: dict[tuple[str, bool], Match | None] = {}
        self._prefix: dict[str, bool] = {}
        self._fragment: dict[str, bool] = {}

    def match(self, text: str, fuzzy: bool = True) -> Match | None:
        key = (text, fuzzy)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = self._match(text, fuzzy)
        if len(self._cache) < 100_000:
            self._cache[key] = found
        return found

    def _match(self, text: str, fuzzy: bool) -> Match | None:
        if text in self.labels:
            return Match(text, "exact")
        n = norm(text)
        if not n:
            return None
        found = self._by_norm.get(n)
        if found is not None:
            return Match(found, "normalized")
        found = self._by_core.get(_ORDINAL.sub("", n))
        if found is not None:
            return Match(found, "fuzzy")
        if fuzzy and len(n) >= 4:
            # One wrong character (OCR 沭/沐, a typo) still identifies a long label; never a short one.
            hits = [label for key, label in self._by_norm.items() if edit_distance_at_most_one(n, key)]
            if len(hits) == 1:
                return Match(hits[0], "fuzzy")
            if len(n) >= 8:
                # Characters dropped in print ("2.其他法律行政止公开"): the printed label must keep its
                # ordinal and most of the label, in order, and fit exactly one label.
                hits = [label for key, label in self._by_norm.items()
                        if len(n) >= 0.6 * len(key) and key[:2] == n[:2] and _subsequence(n, key)]
                if len(hits) == 1:
                    return Match(hits[0], "fuzzy")
        return None

    def is_prefix(self, text: str) -> bool:
        found = self._prefix.get(text)
        if found is None:
            n = norm(text)
            found = bool(n) and any(key.startswith(n) and key != n for key in self._norms)
            if len(self._prefix) < 100_000:
                self._prefix[text] = found
        return found

    def is_fragment(self, text: str) -> bool:
        found = self._fragment.get(text)
        if found is None:
            n = norm(text)
            found = bool(n) and any(n in key for key in self._norms)
            if len(self._fragment) < 100_000:
                self._fragment[text] = found
        return found
