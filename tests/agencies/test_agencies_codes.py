from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.agencies import codes

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_known_codes() -> None:
    # A published 统一社会信用代码 and the 组织机构代码 inside it.
    assert codes.is_valid_credit_code("91440300708461136T")
    assert codes.org_code_from_credit_code("91440300708461136T") == "708461136"
    assert codes.is_valid_org_code("70846113-6")
    assert codes.normalize_org_code("70846113-6") == "708461136"


def test_rejects_wrong_check_or_shape() -> None:
    assert not codes.is_valid_credit_code("91440300708461136A")
    assert not codes.is_valid_credit_code("9144030070846113")
    assert not codes.is_valid_credit_code("I1440300708461136T")  # I is not in the character set
    assert not codes.is_valid_org_code("70846113-5")
    assert not codes.is_valid_org_code("7084611")


@given(st.text(alphabet=CREDIT_CHARS, min_size=17, max_size=17))
def test_credit_check_digit_round_trip(body: str) -> None:
    assert codes.is_valid_credit_code(body + codes.credit_code_check(body))


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_org_check_digit_round_trip(body: str) -> None:
    assert codes.is_valid_org_code(body + codes.org_code_check(body))
