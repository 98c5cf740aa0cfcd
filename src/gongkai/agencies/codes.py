"""Check digits of China's organisation identifiers.

* 组织机构代码 (GB 11714—1997): 8 body characters and a check character.
* 统一社会信用代码 (GB 32100—2015): 18 characters; characters 9–17 are the 组织机构代码.

The 索引号 of the catalog (2008 guideline) starts with the 9-character 组织机构代码, so an agency that
only knows its 统一社会信用代码 still gets one (DOMAIN §9.3).
"""

from __future__ import annotations

import re

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ORG_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")
_CREDIT_RE = re.compile(rf"^[{_CREDIT_CHARS}]{{18}}$")


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_code_check(body: str) -> str:
    """The check character for an 8-character 组织机构代码 body."""
    remainder = 11 - sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def normalize_org_code(code: str) -> str:
    """Upper case and without the hyphen printed before the check character (`12345678-9`)."""
    return code.strip().upper().replace("-", "")


def is_valid_org_code(code: str) -> bool:
    code = normalize_org_code(code)
    return bool(_ORG_RE.match(code)) and org_code_check(code[:8]) == code[8]


def credit_code_check(body: str) -> str:
    """The check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    code = code.strip().upper()
    return bool(_CREDIT_RE.match(code)) and credit_code_check(code[:17]) == code[17]


def org_code_from_credit_code(code: str) -> str:
    """Characters 9–17 of a 统一社会信用代码 are the holder's 组织机构代码 (GB 32100—2015)."""
    return code.strip().upper()[8:17]
