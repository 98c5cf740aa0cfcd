"""信息处理费 under《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), DOMAIN.md §7.

Charging is discretionary: 条例第四十二条 lets an agency charge ("可以") only when the number or
frequency of applications clearly exceeds a reasonable range. Every amount computed here is the
**maximum chargeable** amount; whether to charge is a recorded decision of the agency.

Two methods (第三条), one per application, never both: 按件 (per application, tiers on the
applicant's cumulative count in one natural month) and 按量 (per page, marginal tiers).
Article numbers beyond 第五条 are unverified, so comments cite the instrument only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "FEES_IN_FORCE",
    "PAGE_TIERS",
    "FeeError",
    "FeeMethod",
    "FeeResult",
    "assess",
    "monthly_total",
    "per_application",
    "per_application_fee",
    "per_page",
    "per_page_fee",
]

INSTRUMENT = "国办函〔2020〕109号"
# 109号 is in force from 2021-01-01 (DOMAIN.md §7.1).
FEES_IN_FORCE = date(2021, 1, 1)

# 第五条 按量计收, marginal: (first page of the tier, last page or None, 元 per page).
PAGE_TIERS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

# 第四条 按件计收: 1–10 free, 11–30 at 100元, then one tier per 10 applications, +100元 each.
_FREE_APPLICATIONS = 10
_FIRST_PAID_LAST = 30
_BASE_RATE = 100
_TIER_SIZE = 10

_DISCRETION = (
    "以上为按国办函〔2020〕109号标准可收取的最高金额；是否收费由行政机关依条例第四十二条"
    "（“可以”收取）决定，并记录理由和审批人。"
)


class FeeError(ValueError):
    """Invalid fee input; ``str(exc)`` is a Chinese message."""


class FeeMethod(StrEnum):
    PER_APPLICATION = "per_application"  # 按件计收, 第四条
    PER_PAGE = "per_page"  # 按量计收, 第五条

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.PER_APPLICATION else "按量计收"


@dataclass(frozen=True)
class FeeResult:
    method: FeeMethod
    quantity: int  # the nth application of the month, or the number of pages
    amount: Decimal  # 元
    trace: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method.value,
            "quantity": self.quantity,
            "amount": str(self.amount),
            "trace": list(self.trace),
        }


def _check_date(on: date | None) -> None:
    if on is not None and on < FEES_IN_FORCE:
        raise FeeError(f"{INSTRUMENT}自2021年1月1日起施行；{on.isoformat()}收到的申请不适用信息处理费。")


def _yuan(value: int | Decimal) -> str:
    return f"{value}元"


# -- 按件计收 --------------------------------------------------------------------------------------


def per_application_fee(nth: int) -> Decimal:
    """Fee for the applicant's ``nth`` application in one natural month (第四条).

    ``0`` for n ≤ 10, ``100`` for 11–30, then ``100 × (2 + (n − 31) // 10)``: reading
    "以10件为一档，每增加一档，收费标准提高100元/件" as tiers 31–40, 41–50, … (DOMAIN.md §7.2).
    """
    if isinstance(nth, bool) or not isinstance(nth, int) or nth < 1:
        raise FeeError(f"申请序号应为不小于1的整数；收到：{nth}。")
    if nth <= _FREE_APPLICATIONS:
        return Decimal(0)
    if nth <= _FIRST_PAID_LAST:
        return Decimal(_BASE_RATE)
    return Decimal(_BASE_RATE * (2 + (nth - _FIRST_PAID_LAST - 1) // _TIER_SIZE))


def _tier_text(nth: int) -> str:
    if nth <= _FREE_APPLICATIONS:
        return f"第1–{_FREE_APPLICATIONS}件"
    if nth <= _FIRST_PAID_LAST:
        return f"第{_FREE_APPLICATIONS + 1}–{_FIRST_PAID_LAST}件"
    low = _FIRST_PAID_LAST + 1 + (nth - _FIRST_PAID_LAST - 1) // _TIER_SIZE * _TIER_SIZE
    return f"第{low}–{low + _TIER_SIZE - 1}件"


def per_application(nth: int, *, on: date | None = None) -> FeeResult:
    """按件计收 for one application: the applicant's ``nth`` application this month."""
    _check_date(on)
    fee = per_application_fee(nth)
    trace = [
        f"计收方式：按件计收（{INSTRUMENT}）；同一申请人在一个自然月内累计申请件数分档计收。",
        f"本件为该申请人本月第{nth}件，属“{_tier_text(nth)}”档："
        + ("免费。" if fee == 0 else f"{_yuan(fee)}/件。"),
    ]
    if nth > _FIRST_PAID_LAST:
        trace.append("30件以上部分以10件为一档，每增加一档，收费标准提高100元/件。")
    trace += [f"本件最高可收取：{_yuan(fee)}。", _DISCRETION]
    return FeeResult(FeeMethod.PER_APPLICATION, nth, fee, tuple(trace))


def monthly_total(count: int, *, on: date | None = None) -> FeeResult:
    """按件计收 summed over an applicant's first ``count`` applications of a month (DOMAIN.md §7.2)."""
    _check_date(on)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise FeeError(f"申请件数应为非负整数；收到：{count}。")
    trace = [f"计收方式：按件计收（{INSTRUMENT}）；该申请人本月累计{count}件。"]
    total = Decimal(0)
    n = 1
    while n <= count:
        fee = per_application_fee(n)
        # The whole tier shares one rate; clip it at `count`.
        if n <= _FREE_APPLICATIONS:
            last = _FREE_APPLICATIONS
        elif n <= _FIRST_PAID_LAST:
            last = _FIRST_PAID_LAST
        else:
            last = n + _TIER_SIZE - 1
        last = min(last, count)
        k = last - n + 1
        total += fee * k
        trace.append(
            f"第{n}–{last}件：{k}件 × {_yuan(fee)} = {_yuan(fee * k)}" if fee else f"第{n}–{last}件：免费"
        )
        n = last + 1
    trace += [f"合计最高可收取：{_yuan(total)}。", _DISCRETION]
    return FeeResult(FeeMethod.PER_APPLICATION, count, total, tuple(trace))


# -- 按量计收 --------------------------------------------------------------------------------------


def per_page_fee(pages: int) -> Decimal:
    """Marginal per-page fee (第五条): 1–30 free, 31–100 10元, 101–200 20元, 201+ 40元."""
    return per_page(pages).amount


def per_page(pages: int, *, on: date | None = None, already_public: bool = False) -> FeeResult:
    """按量计收 for one application of ``pages`` pages, tier by tier (超额累进).

    ``already_public``: the information is marked as already proactively published; the rest of
    第五条 on that case is unverified, so the trace warns and staff must confirm (DOMAIN.md §7.5).
    """
    _check_date(on)
    if isinstance(pages, bool) or not isinstance(pages, int) or pages < 0:
        raise FeeError(f"页数应为非负整数；收到：{pages}。")
    trace = [
        f"计收方式：按量计收（{INSTRUMENT}），共{pages}页，超额累进：1–30页免费，31–100页10元/页，"
        f"101–200页20元/页，201页以上40元/页。"
    ]
    total = Decimal(0)
    for low, high, rate in PAGE_TIERS:
        if pages < low:
            break
        top = pages if high is None else min(pages, high)
        k = top - low + 1
        amount = Decimal(rate * k)
        total += amount
        span = f"第{low}–{top}页"
        trace.append(f"{span}：免费" if rate == 0 else f"{span}：{k}页 × {rate}元 = {_yuan(amount)}")
    trace += [f"合计最高可收取：{_yuan(total)}。", _DISCRETION]
    if already_public:
        trace.append("注意：所申请信息已标记为已主动公开，发出按量收费通知前须经工作人员明确确认。")
    return FeeResult(FeeMethod.PER_PAGE, pages, total, tuple(trace))


def assess(method: FeeMethod | str, quantity: int, *, on: date | None = None) -> FeeResult:
    """One application, one method (第三条: 不得同时按照两种标准重复计算)."""
    method = FeeMethod(method)
    if method is FeeMethod.PER_APPLICATION:
        return per_application(quantity, on=on)
    return per_page(quantity, on=on)
