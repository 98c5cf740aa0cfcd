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


# Chinese numerals as dates print them: a year digit by digit ("二〇二五", with 〇, ○, 零 or a zero
# typed for the nought), a month or day in tens ("十二", "二十", "三十一"). The one list of them: the
# patterns that find years, dates and ordinals are built from these.
HAN_ZEROS = "〇○零OＯ0０"
HAN_DIGITS = "一二三四五六七八九"  # 1 to 9
_HAN_DIGITS = {**dict.fromkeys(HAN_ZEROS, 0), **{ch: n for n, ch in enumerate(HAN_DIGITS, start=1)}}


def number_of(text: str) -> int | None:
    """The number that digits (either width) or Chinese numerals print, or None."""
    if text.isdecimal():
        return int(text)
    if text and all(ch in _HAN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_HAN_DIGITS[ch]) for ch in text))  # a year, digit by digit
    tens, ten, units = text.partition("十")
    if not ten:
        return _HAN_DIGITS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _HAN_DIGITS) or (units and units not in _HAN_DIGITS):
        return None
    return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[units] if units else 0)
