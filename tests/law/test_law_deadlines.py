"""Deadline engine: the DOMAIN.md §6.5 worked example and every legal branch."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.calendar import CalendarNotCovered, Overrides, WorkCalendar
from gongkai.law.deadlines import (
    Channel,
    DeadlineInputError,
    Extension,
    Pause,
    PauseKind,
    clarification_notice_due,
    compute_deadline,
    consultation_reply_due,
    due_date,
    fee_payment_due,
    receipt_date,
)

FEB10 = date(2026, 2, 10)


def joined(trace: tuple[str, ...]) -> str:
    return "\n".join(trace)


# -- DOMAIN.md §6.5 worked example (2026 Spring Festival, make-up Saturdays 2/14 and 2/28) --------


def test_worked_example_plain() -> None:
    r = compute_deadline(FEB10)
    assert r.due == date(2026, 3, 16)
    assert r.receipt == r.clock_start == FEB10
    assert r.clarification_notice_due == date(2026, 2, 26)
    assert r.paused_workdays == 0
    text = joined(r.trace)
    assert "第三十一条第（一）项" in text
    assert "第三十三条第二款" in text
    assert "第三十条" in text
    assert "2026-02-15至2026-02-23（春节）" in text
    assert "2026-02-14（周六）" in text and "2026-02-28（周六）" in text
    assert r.trace[-2] == "答复期限：2026-03-16（周一）。"
    assert r.trace[-1].startswith("日历数据：chinese_calendar")


def test_worked_example_pause() -> None:
    r = compute_deadline(FEB10, pauses=[Pause(date(2026, 3, 2), date(2026, 3, 9), PauseKind.THIRD_PARTY)])
    assert r.due == date(2026, 3, 23)
    assert r.paused_workdays == 5
    assert "第三十二条、第三十三条第三款" in joined(r.trace)


def test_worked_example_extension() -> None:
    r = compute_deadline(FEB10, extension=Extension(20, approver="李主任", approved_on=date(2026, 3, 10)))
    assert r.answer_due == date(2026, 3, 16)
    assert r.due == date(2026, 4, 14)  # across 清明 2026-04-04..06
    text = joined(r.trace)
    assert "经李主任同意" in text
    assert "2026-04-04至2026-04-06" in text


def test_inclusive_setting() -> None:
    assert compute_deadline(FEB10, inclusive=True).due == date(2026, 3, 13)


def test_year_boundary() -> None:
    # DOMAIN.md §6.10: received 2025-12-30 → due 2026-01-28 (元旦 1/1–1/3, 1/4 worked).
    r = compute_deadline(date(2025, 12, 30))
    assert r.due == date(2026, 1, 28)
    assert "2026-01-04（周日）" in joined(r.trace)


# -- 第三十一条 receipt date -----------------------------------------------------------------------


def test_receipt_on_a_holiday() -> None:
    # Online application submitted and confirmed during the Spring Festival break.
    r = compute_deadline(date(2026, 2, 16), channel="online", confirmed=date(2026, 2, 17))
    assert r.receipt == date(2026, 2, 17)
    assert r.due == date(2026, 3, 20)
    text = joined(r.trace)
    assert "非工作日（春节）" in text
    assert "2026-02-24（周二）" in text
    # A holiday receipt gives the same date whether or not the receipt day is counted.
    assert compute_deadline(date(2026, 2, 21), inclusive=True).due == compute_deadline(date(2026, 2, 21)).due
    assert compute_deadline(date(2026, 2, 21)).due == compute_deadline(date(2026, 2, 23)).due


@pytest.mark.parametrize("channel", [Channel.MAIL, Channel.ONLINE, Channel.FAX])
def test_confirmation_channels_use_confirmed_date(channel: Channel) -> None:
    r = compute_deadline(date(2026, 3, 2), channel=channel, confirmed=date(2026, 3, 3))
    assert r.receipt == date(2026, 3, 3)
    assert r.due == compute_deadline(date(2026, 3, 3)).due
    assert r.due != compute_deadline(date(2026, 3, 2)).due


@pytest.mark.parametrize("channel", [Channel.MAIL, Channel.ONLINE, Channel.FAX])
def test_unconfirmed_application_does_not_start_the_clock(channel: Channel) -> None:
    with pytest.raises(DeadlineInputError, match="确认"):
        compute_deadline(date(2026, 3, 2), channel=channel)


def test_mail_confirmed_late_is_flagged() -> None:
    receipt, lines = receipt_date(Channel.MAIL, date(2026, 3, 2), date(2026, 3, 4))
    assert receipt == date(2026, 3, 4)
    assert any("晚于到达日 2 天" in line for line in lines)
    _, same_day = receipt_date(Channel.MAIL, date(2026, 3, 2), date(2026, 3, 2))
    assert len(same_day) == 1


def test_signed_mail_uses_signing_day() -> None:
    r = compute_deadline(date(2026, 3, 2), channel="mail_signed")
    assert r.receipt == date(2026, 3, 2)
    assert "签收之日" in r.trace[0]


def test_confirmation_errors() -> None:
    with pytest.raises(DeadlineInputError):
        compute_deadline(date(2026, 3, 3), channel="online", confirmed=date(2026, 3, 2))
    with pytest.raises(DeadlineInputError):
        compute_deadline(date(2026, 3, 3), channel="in_person", confirmed=date(2026, 3, 3))
    with pytest.raises(ValueError):
        compute_deadline(date(2026, 3, 3), channel="pigeon")


# -- 第三十条 补正 ---------------------------------------------------------------------------------


def test_clarification_restarts_the_clock() -> None:
    r = compute_deadline(FEB10, clarified=date(2026, 3, 5))
    assert r.clock_start == date(2026, 3, 5)
    assert r.receipt == FEB10  # the original date still counts for new_received (§10 Q18)
    assert r.clarification_notice_due == date(2026, 2, 26)
    assert r.due == date(2026, 4, 2)
    assert "重新计算（第三十条）" in joined(r.trace)


def test_clarified_on_holiday_and_before_receipt() -> None:
    r = compute_deadline(date(2026, 2, 12), clarified=date(2026, 2, 21))
    assert r.due == compute_deadline(date(2026, 2, 23)).due
    with pytest.raises(DeadlineInputError):
        compute_deadline(FEB10, clarified=date(2026, 2, 9))


def test_clarification_notice_due() -> None:
    assert clarification_notice_due(FEB10) == date(2026, 2, 26)


# -- 第三十二、三十四条, 第三十三条第三款 pauses -----------------------------------------------------


def test_pause_before_clock_start_rejected() -> None:
    with pytest.raises(DeadlineInputError, match="不在答复期限内"):
        compute_deadline(FEB10, pauses=[Pause(date(2026, 2, 9), date(2026, 2, 12))])
    # With a 补正 the clock starts at the corrected application.
    with pytest.raises(DeadlineInputError):
        compute_deadline(
            FEB10, clarified=date(2026, 3, 5), pauses=[Pause(date(2026, 3, 2), date(2026, 3, 9))]
        )


def test_pause_after_expiry_rejected() -> None:
    with pytest.raises(DeadlineInputError, match="届满"):
        compute_deadline(FEB10, pauses=[Pause(date(2026, 3, 17), date(2026, 3, 20))])


def test_pause_reversed_rejected() -> None:
    with pytest.raises(DeadlineInputError, match="早于开始日期"):
        compute_deadline(FEB10, pauses=[Pause(date(2026, 3, 9), date(2026, 3, 2))])


def test_later_pause_validated_against_extended_running_deadline() -> None:
    # The first pause pushes the deadline to 3-23, so a second consultation on 3-20 is still in time.
    r = compute_deadline(
        FEB10,
        pauses=[Pause(date(2026, 3, 2), date(2026, 3, 9)), Pause(date(2026, 3, 20), date(2026, 3, 24))],
    )
    assert r.due == date(2026, 3, 25)
    assert r.paused_workdays == 7


def test_overlapping_pauses_count_once() -> None:
    r = compute_deadline(
        FEB10,
        pauses=[
            Pause(date(2026, 3, 2), date(2026, 3, 9), PauseKind.THIRD_PARTY),
            Pause(date(2026, 3, 4), date(2026, 3, 11), PauseKind.AGENCY),
        ],
    )
    assert r.paused_workdays == 7
    assert r.due == date(2026, 3, 25)
    assert "重叠" in joined(r.trace)


def test_pause_starting_on_last_day_has_no_effect() -> None:
    # The send day itself is counted (DOMAIN.md §6.4: sent < d ≤ reply), so day 20 is used up.
    r = compute_deadline(FEB10, pauses=[Pause(date(2026, 3, 16), date(2026, 3, 20))])
    assert r.due == date(2026, 3, 16)
    assert r.paused_workdays == 0


def test_fee_pause() -> None:
    r = compute_deadline(FEB10, pauses=[Pause(date(2026, 3, 5), date(2026, 3, 12), PauseKind.FEE)])
    assert r.due == date(2026, 3, 23)
    assert "国办函〔2020〕109号" in joined(r.trace)


def test_pause_inside_extension_window() -> None:
    r = compute_deadline(FEB10, extension=Extension(10), pauses=[Pause(date(2026, 3, 20), date(2026, 3, 24))])
    assert r.answer_due == date(2026, 3, 16)
    # 10 WD after 3-16 is 3-30; two WD paused → 4-01.
    assert r.due == date(2026, 4, 1)
    assert "延长期间另有 2 个工作日暂停不计入" in joined(r.trace)


def test_consultation_reply_due() -> None:
    assert consultation_reply_due(date(2026, 3, 2)) == date(2026, 3, 23)


# -- 第三十三条第二款 extension, 第三十五条 delay -------------------------------------------------


@pytest.mark.parametrize("days", [0, 21, -1])
def test_extension_bounds(days: int) -> None:
    with pytest.raises(DeadlineInputError, match="20个工作日"):
        compute_deadline(FEB10, extension=Extension(days))


def test_extension_must_be_approved_before_expiry() -> None:
    with pytest.raises(DeadlineInputError, match="届满前"):
        compute_deadline(FEB10, extension=Extension(5, approved_on=date(2026, 3, 17)))
    ok = compute_deadline(FEB10, extension=Extension(5, approved_on=date(2026, 3, 16)))
    assert ok.due == date(2026, 3, 23)
    assert "负责人尚未记录" in joined(ok.trace)


def test_delayed_deadline_article_35() -> None:
    r = compute_deadline(FEB10, delayed_to=date(2026, 5, 29))
    assert r.due == date(2026, 5, 29)
    assert r.answer_due == date(2026, 3, 16)
    assert "第三十五条" in joined(r.trace)
    with pytest.raises(DeadlineInputError, match="不构成延迟"):
        compute_deadline(FEB10, delayed_to=date(2026, 3, 13))
    weekend = compute_deadline(FEB10, delayed_to=date(2026, 5, 30))
    assert "非工作日" in weekend.trace[-3]


# -- 109号 fee payment, coverage ---------------------------------------------------------------


def test_fee_payment_due() -> None:
    # DOMAIN.md §7.4: notice received 2026-03-05 → pay by 2026-04-02.
    p = fee_payment_due(date(2026, 3, 5))
    assert p.due == date(2026, 4, 2)
    assert any("次日起" in line for line in p.trace)


def test_uncovered_year_raises_and_overrides_fix_it() -> None:
    with pytest.raises(CalendarNotCovered) as info:
        compute_deadline(date(2026, 12, 20))
    assert "缺少2027年国务院办公厅节假日安排通知" in str(info.value)
    with pytest.raises(CalendarNotCovered):
        compute_deadline(date(2027, 3, 1))
    cal = WorkCalendar(Overrides.from_dict({"2027": {"days_off": ["2027-01-01"], "source": "测试"}}))
    r = compute_deadline(date(2026, 12, 20), calendar=cal)
    # 12/21–12/31: 9 WD; 1/1 off; then 11 more WD: 1/4..1/15 minus none → 2027-01-18.
    assert r.due == date(2027, 1, 18)
    assert "2027年覆盖（测试）" in r.trace[-1]


def test_due_date_fast_path_agrees() -> None:
    assert due_date(FEB10) == date(2026, 3, 16)
    assert due_date(FEB10, pauses=[(date(2026, 3, 2), date(2026, 3, 9))]) == date(2026, 3, 23)
    assert due_date(FEB10, extension_days=20) == date(2026, 4, 14)


def test_to_dict() -> None:
    d = compute_deadline(FEB10, extension=Extension(20)).to_dict()
    assert d["due"] == "2026-04-14" and d["answer_due"] == "2026-03-16" and d["extension_days"] == 20
    assert isinstance(d["trace"], list) and d["trace"]
