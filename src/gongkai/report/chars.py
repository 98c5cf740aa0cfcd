"""Facts about printed Chinese text that the readers, the model and the rules share."""

from __future__ import annotations

import re

# Characters editors leave in text that print as nothing: zero-width space and joiners, word
# joiner, a byte-order mark pasted mid-text, soft hyphen. "\u200b18" is the number 18.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# A regex, not str.translate: it costs a tenth as much on text without any.
INVISIBLE_CHARS = re.compile(f"[{INVISIBLE}]")

# Digits typed in a Chinese input method's full-width mode ("１２"): the same digits (DOMAIN.md §5.2).
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
AS_ASCII_DIGITS = str.maketrans(FULL_WIDTH_DIGITS, "0123456789")


def is_subsequence(short: str, long: str) -> bool:
    """Whether the characters of `short` stand in `long` in the same order (others may come between):
    a label with characters dropped in print, an agency's name printed shorter."""
    rest = iter(long)
    return all(ch in rest for ch in short)
