"""信息处理费 (国办函〔2020〕109号), DOMAIN.md §7."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.fees import (
    FeeError,
    FeeMethod,
    assess,
    monthly_total,
    per_application,
    per_application_fee,
    per_page,
    per_page_fee,
)


def test_xian_2219_pages() -> None:
    r = per_page(2219)
    assert r.amount == Decimal("83460")
    assert isinstance(r.amount, Decimal)
    assert r.method is FeeMethod.PER_PAGE
    assert "第201–2219页：2019页 × 40元 = 80760元" in r.trace
    assert "第31–100页：70页 × 10元 = 700元" in r.trace
    assert "第101–200页：100页 × 20元 = 2000元" in r.trace
    assert any("最高" in line and "第四十二条" in line for line in r.trace)


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (150, 1700), (200, 2700), (201, 2740)],
)
def test_page_tier_boundaries(pages: int, amount: int) -> None:
    assert per_page_fee(pages) == Decimal(amount)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_application_tier_boundaries(nth: int, fee: int) -> None:
    assert per_application_fee(nth) == Decimal(fee)
    assert per_application(nth).amount == Decimal(fee)


def test_per_application_trace_names_the_tier() -> None:
    r = per_application(41)
    assert "本件为该申请人本月第41件，属“第41–50件”档：300元/件。" in r.trace
    assert per_application(10).trace[1].endswith("免费。")


def test_monthly_totals_from_domain() -> None:
    # DOMAIN.md §7.2: 35 applications → 3,000元; 45 → 5,500元.
    assert monthly_total(35).amount == Decimal(3000)
    assert monthly_total(45).amount == Decimal(5500)
    assert "第41–45件：5件 × 300元 = 1500元" in monthly_total(45).trace
    assert monthly_total(0).amount == 0


@given(st.integers(0, 200))
def test_monthly_total_is_sum_of_applications(n: int) -> None:
    assert monthly_total(n).amount == sum((per_application_fee(i) for i in range(1, n + 1)), Decimal(0))


@given(st.integers(1, 5000))
def test_page_fee_is_marginal(p: int) -> None:
    rate = 0 if p <= 30 else 10 if p <= 100 else 20 if p <= 200 else 40
    assert per_page_fee(p) - per_page_fee(p - 1) == rate


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_invalid_quantities(bad: object) -> None:
    with pytest.raises(FeeError):
        per_page(bad)  # type: ignore[arg-type]
    with pytest.raises(FeeError):
        per_application_fee(bad)  # type: ignore[arg-type]


def test_zero_nth_rejected() -> None:
    with pytest.raises(FeeError):
        per_application(0)


def test_not_before_2021() -> None:
    with pytest.raises(FeeError, match="2021年1月1日"):
        per_page(100, on=date(2020, 12, 31))
    assert per_page(100, on=date(2021, 1, 1)).amount == 700


def test_assess_one_method() -> None:
    assert assess("per_page", 2219).amount == 83460
    assert assess(FeeMethod.PER_APPLICATION, 31).amount == 200
    with pytest.raises(ValueError):
        assess("both", 1)


def test_already_public_warning() -> None:
    assert any("已主动公开" in line for line in per_page(50, already_public=True).trace)
    assert not any("已主动公开" in line for line in per_page(50).trace)


def test_to_dict_amount_is_string() -> None:
    assert per_page(2219).to_dict()["amount"] == "83460"
