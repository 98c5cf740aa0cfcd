"""Validation of an applicant's identity document (第二十九条第二款第（一）项: 身份证明)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

from gongkai.agencies import codes

# GB 11643—1999: weights of the first 17 digits and the check characters by remainder mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check(body: str) -> str:
    """Check character of a 18-digit 居民身份证号码 from its first 17 digits (GB 11643—1999)."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_resident_id(number: str) -> bool:
    number = number.strip().upper()
    if not _ID_RE.match(number):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return resident_id_check(number[:17]) == number[17]


ORGANISATION_KINDS = frozenset({"commercial", "research", "social_welfare", "legal_service", "other_org"})


def normalize(id_type: str, number: str) -> str:
    number = number.strip()
    return number.upper() if id_type in ("resident_id", "credit_code") else number


def validate(applicant_kind: str, id_type: str, number: str) -> None:
    """Raise ValidationError (field → message) when the document does not fit the applicant."""
    number = normalize(id_type, number)
    errors: dict[str, str] = {}
    if applicant_kind == "natural_person" and id_type == "credit_code":
        errors["id_type"] = "自然人的身份证明应为居民身份证或其他身份证件。"
    elif applicant_kind in ORGANISATION_KINDS and id_type == "resident_id":
        errors["id_type"] = "法人或其他组织的身份证明应为统一社会信用代码或其他证明文件。"
    if not number:
        errors["id_number"] = "请填写证件号码。"
    elif id_type == "resident_id" and not is_valid_resident_id(number):
        errors["id_number"] = "居民身份证号码无效：应为18位，出生日期有效，且校验码正确。"
    elif id_type == "credit_code" and not codes.is_valid_credit_code(number):
        errors["id_number"] = "统一社会信用代码无效：应为18位，且校验码正确（GB 32100—2015）。"
    if errors:
        raise ValidationError(errors)
