"""Tolerant matching of printed labels against the template spec (DOMAIN.md §5.2).

The raw text is always kept; only the copy used for matching is normalised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from gongkai.report.chars import HAN_DIGITS, INVISIBLE, is_subsequence

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
_WS = re.compile(f"[\\s\u00a0\u3000{INVISIBLE}]+")
# Markdown emphasis and trailing separators some converters leave around labels.
_DECOR = re.compile(r"^[*#>\s]+|[*\s]+$")


# "1、属于国家秘密" once 、 is folded to a comma; not "1,234", a number with a thousands separator.
_DIGIT_ORDINAL = re.compile(r"^(\d{1,2}),(?=\D)")
# "（1）属于国家秘密" and "⑴属于国家秘密" (NFKC "(1)"): the template's "1." in another style.
_BRACKET_ORDINAL = re.compile(r"^\((\d{1,2})\)(?=\D)")
# "①属于国家秘密": NFKC leaves the bare digit "1", so the circled ones are read before it.
_CIRCLED = {chr(0x2460 + i): f"{i + 1}." for i in range(20)}  # ① … ⑳
_LEADING = f" \t\n\u00a0\u3000*#{INVISIBLE}"  # what may stand before an ordinal
# Table 二's items cite "第二十条第（一）项"; some print "第二十条第一项" or "第20条第1项".
_ARTICLE_ITEM = re.compile(r"第(二十|20)条第\(?([一二三四五六七八九十]{1,2}|\d{1,2})\)?项")
_HAN_ORDINALS = HAN_DIGITS + "十"


def _article_item(found: re.Match[str]) -> str:
    item = found.group(2)
    if item.isdigit():
        item = _HAN_ORDINALS[int(item) - 1] if 1 <= int(item) <= 10 else item
    return f"第二十条第({item})项"


_REMARK = re.compile(r"\([^()]*\)$")  # a closing remark in brackets, once normalised
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+,|\([一二三四五六七八九十]+\)|\d+\.)")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Normalised form for matching: NFKC, no whitespace, one quote, one clause separator, one
    arabic ordinal ("1、", "（1）", "①" are "1.", as the template prints it), one citation of a
    table-二 item ("第20条第5项" is "第二十条第(五)项")."""
    head = text.lstrip(_LEADING)
    if head[:1] in _CIRCLED:
        text = _CIRCLED[head[0]] + head[1:]
    text = unicodedata.normalize("NFKC", text)
    text = _WS.sub("", text).translate(_FOLD)
    if "," in text and text[:1].isdigit():
        text = _DIGIT_ORDINAL.sub(r"\1.", text)
    elif text[:1] == "(" and text[1:2].isdigit():
        text = _BRACKET_ORDINAL.sub(r"\1.", text)
    if "条第" in text:
        text = _ARTICLE_ITEM.sub(_article_item, text)
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


def _value_beside(printed: str, text: str, label: str) -> bool:
    """Whether `text` (normalised from `printed`) is the label with a digit more at either end, set off
    by a space: a cell's value run into its label's cell ("政府集中采购  0", a bar lost between them), no
    typo. A digit right against the label is a footnote mark ("行政许可¹")."""
    if len(text) != len(label) + 1:
        return False
    printed = printed.strip()
    return ((text[-1].isdigit() and text.startswith(label) and printed[-2:-1].isspace())
            or (text[0].isdigit() and text.endswith(label) and printed[1:2].isspace()))


def _starts_a_longer_line(lines: str, text: str) -> bool:
    """Whether some line of `lines` (each line between two line breaks) starts with `text` and goes on."""
    needle = "\n" + text
    at = lines.find(needle)
    while at != -1:
        end = at + len(needle)
        if lines[end] != "\n":
            return True
        at = lines.find(needle, end)
    return False


CACHE_SIZE = 100_000  # entries of each per-text cache kept as a plain dict (labels, values)


@dataclass(frozen=True)
class Match:
    label: str  # the canonical label
    match: str  # exact | normalized | fuzzy


class LabelSet:
    """A set of canonical labels that printed text is matched against."""

    def __init__(self, labels: list[str] | tuple[str, ...]) -> None:
        self.labels = tuple(dict.fromkeys(labels))
        self._exact = frozenset(self.labels)
        self._by_norm = {norm(label): label for label in self.labels}
        # Every substring of a label is a possible fragment of a label broken over lines or cells.
        self._norms = tuple(self._by_norm)
        # The normalised labels one per line: a normalised text (never holding a line break) is part
        # of a label when it is found in here, and starts one when found right after a line break.
        self._lines = "\n" + "\n".join(self._norms) + "\n"
        # Labels without their ordinal ("本年新收…" for "一、本年新收…"), where that stays unique.
        cores: dict[str, list[str]] = {}
        for key, label in self._by_norm.items():
            core = _ORDINAL.sub("", key)
            if core != key and len(core) >= 4:
                cores.setdefault(core, []).append(label)
        self._by_core = {core: labels[0] for core, labels in cores.items() if len(labels) == 1}
        # Labels without their closing remark ("（二）部分公开" for "（二）部分公开（区分处理的，…）"),
        # where that stays unique: reports often leave the template's remark out.
        bases: dict[str, list[str]] = {}
        for key, label in self._by_norm.items():
            base = _REMARK.sub("", key)
            if base != key and len(base) >= 4:
                bases.setdefault(base, []).append(label)
        self._by_base = {base: labels[0] for base, labels in bases.items()
                         if len(labels) == 1 and base not in self._by_norm}
        # A text longer than every label by more than one character can match none of them, even
        # fuzzily, nor be a piece of one: prose lines are turned away without comparing each label.
        self._longest = max(map(len, self._norms), default=0)
        # For the fuzzy comparisons: labels by length (one edit changes it by at most one) and by
        # their first two characters (a label with dropped characters keeps its ordinal).
        self._by_length: dict[int, list[tuple[str, str]]] = {}
        self._by_start: dict[str, list[tuple[str, str]]] = {}
        for key, label in self._by_norm.items():
            self._by_length.setdefault(len(key), []).append((key, label))
            self._by_start.setdefault(key[:2], []).append((key, label))
        # Caches of pure functions of the text (the same labels and values recur in every report),
        # each bounded so that a stream of odd texts cannot grow them without end.
        self._matches: dict[bool, dict[str, Match | None]] = {True: {}, False: {}}
        self._prefix: dict[str, bool] = {}
        self._fragment: dict[str, bool] = {}
        self._heads: dict[str, tuple[Match | None, bool]] = {}

    def match(self, text: str, fuzzy: bool = True) -> Match | None:
        cache = self._matches[fuzzy]
        try:
            return cache[text]
        except KeyError:
            pass
        found = self._match(text, fuzzy)
        if len(cache) < CACHE_SIZE:
            cache[text] = found
        return found

    def head(self, text: str) -> tuple[Match | None, bool]:
        """`match(text)` and `is_prefix(text)` at once: what a stream token starting a label needs."""
        found = self._heads.get(text)
        if found is None:
            found = (self.match(text), self.is_prefix(text))
            if len(self._heads) < CACHE_SIZE:
                self._heads[text] = found
        return found

    def _match(self, text: str, fuzzy: bool) -> Match | None:
        if text in self._exact:
            return Match(text, "exact")
        n = norm(text)
        if not n:
            return None
        found = self._by_norm.get(n)
        if found is not None:
            return Match(found, "normalized")
        found = self._by_core.get(_ORDINAL.sub("", n)) or self._by_base.get(n)
        if found is not None:
            return Match(found, "fuzzy")
        if fuzzy and 4 <= len(n) <= self._longest + 1:
            # One wrong character (OCR 沭/沐, a typo) still identifies a long label; never a short one.
            near = self._by_length
            # One edit leaves the first or the last character as it was.
            first, last = n[0], n[-1]
            hits = [label for length in (len(n) - 1, len(n), len(n) + 1) for key, label in near.get(length, ())
                    if (key[0] == first or key[-1] == last) and edit_distance_at_most_one(n, key)
                    and not _value_beside(text, n, key)]
            if len(hits) == 1:
                return Match(hits[0], "fuzzy")
            if len(n) >= 8:
                # Characters dropped in print ("2.其他法律行政止公开"): the printed label must keep its
                # ordinal and most of the label, in order, and fit exactly one label.
                hits = [label for key, label in self._by_start.get(n[:2], ())
                        if len(n) >= 0.6 * len(key) and is_subsequence(n, key)]
                if len(hits) == 1:
                    return Match(hits[0], "fuzzy")
        return None

    def is_prefix(self, text: str) -> bool:
        found = self._prefix.get(text)
        if found is None:
            n = norm(text)
            found = 0 < len(n) < self._longest and _starts_a_longer_line(self._lines, n)
            if len(self._prefix) < CACHE_SIZE:
                self._prefix[text] = found
        return found

    def is_fragment(self, text: str) -> bool:
        found = self._fragment.get(text)
        if found is None:
            n = norm(text)
            found = 0 < len(n) <= self._longest and n in self._lines
            if len(self._fragment) < CACHE_SIZE:
                self._fragment[text] = found
        return found
