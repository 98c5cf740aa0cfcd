"""Deadline engine for 依申请公开 under the 条例 (国务院令第711号) and 国办函〔2020〕109号.

Every function returns the due date **and** a step-by-step Chinese trace, so a case page, a
letter or a reviewer can see why a date is what it is. Counting follows DOMAIN.md §8.3: by
default the start day is not counted and day 1 is the first working day after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from gongkai.law.calendar import CalendarError, WorkCalendar, default_calendar, format_day

__all__ = [
    "ANSWER_PERIOD",
    "CLARIFICATION_NOTICE_PERIOD",
    "CONSULTATION_REPLY_PERIOD",
    "FEE_PAYMENT_PERIOD",
    "MAX_EXTENSION",
    "Channel",
    "Deadline",
    "DeadlineInputError",
    "Extension",
    "Pause",
    "PauseKind",
    "Period",
    "clarification_notice_due",
    "compute_deadline",
    "consultation_reply_due",
    "due_date",
    "fee_payment_due",
    "receipt_date",
]

# 第三十三条第二款: answer within 20 WD of 收到申请之日.
ANSWER_PERIOD = 20
# 第三十三条第二款: one extension, 最长不得超过20个工作日.
MAX_EXTENSION = 20
# 第三十条: 补正 notice within 7 WD of receipt.
CLARIFICATION_NOTICE_PERIOD = 7
# 第三十二条、第三十四条: the consulted party answers within 15 WD.
CONSULTATION_REPLY_PERIOD = 15
# 国办函〔2020〕109号: pay within 20 WD counted from the day after receiving the notice.
FEE_PAYMENT_PERIOD = 20


class DeadlineInputError(CalendarError, ValueError):
    """An input the law does not allow (wrong order of dates, too long an extension …)."""


class Channel(StrEnum):
    """How the application arrived; decides 收到申请之日 (第三十一条)."""

    IN_PERSON = "in_person"
    MAIL_SIGNED = "mail_signed"
    MAIL = "mail"
    ONLINE = "online"
    FAX = "fax"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]

    @property
    def needs_confirmation(self) -> bool:
        # 第三十一条第（二）项后段、第（三）项: the confirmation day is the receipt day.
        return self in (Channel.MAIL, Channel.ONLINE, Channel.FAX)


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.MAIL_SIGNED: "邮寄（需签收）",
    Channel.MAIL: "平常信函等无需签收的邮寄",
    Channel.ONLINE: "互联网渠道",
    Channel.FAX: "政府信息公开工作机构的传真",
}


class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"  # 第三十二条
    AGENCY = "agency"  # 第三十四条
    CONSULTATION = "consultation"  # either of the two, when the caller does not say which
    FEE = "fee"  # 109号 payment period; pausing is the DOMAIN.md §7.5 / §10 Q7 default

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self][0]

    @property
    def basis(self) -> str:
        return _PAUSE_LABELS[self][1]


_PAUSE_LABELS = {
    PauseKind.THIRD_PARTY: ("征求第三方意见", "第三十二条、第三十三条第三款"),
    PauseKind.AGENCY: ("征求其他机关意见", "第三十四条、第三十三条第三款"),
    PauseKind.CONSULTATION: ("征求第三方或其他机关意见", "第三十三条第三款"),
    PauseKind.FEE: ("等待缴纳信息处理费", "国办函〔2020〕109号；本系统默认暂停"),
}


@dataclass(frozen=True)
class Pause:
    """Working days ``d`` with ``start < d ≤ end`` are not counted (第三十三条第三款).

    ``start`` is the day the consultation letter (or fee notice) was sent, ``end`` the day the
    reply arrived (or the fee was paid). Without a reply the caller passes the consultation
    deadline (:func:`consultation_reply_due`) as ``end`` (DOMAIN.md §6.4).
    """

    start: date
    end: date
    kind: PauseKind = PauseKind.CONSULTATION
    note: str = ""


@dataclass(frozen=True)
class Extension:
    """The one extension of 第三十三条第二款; the caller records who approved it and when."""

    days: int = MAX_EXTENSION
    approver: str = ""
    approved_on: date | None = None


@dataclass(frozen=True)
class Period:
    """A simple computed period: due date plus its trace."""

    due: date
    trace: tuple[str, ...]
    calendar_version: str


@dataclass(frozen=True)
class Deadline:
    """The answer deadline of one application."""

    due: date
    receipt: date
    clock_start: date
    answer_due: date  # 20 WD plus pauses, before any extension or 第三十五条 delay
    clarification_notice_due: date
    paused_workdays: int
    extension: Extension | None
    delayed_to: date | None
    inclusive: bool
    calendar_version: str
    trace: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "receipt": self.receipt.isoformat(),
            "clock_start": self.clock_start.isoformat(),
            "answer_due": self.answer_due.isoformat(),
            "clarification_notice_due": self.clarification_notice_due.isoformat(),
            "paused_workdays": self.paused_workdays,
            "extension_days": self.extension.days if self.extension else 0,
            "delayed_to": self.delayed_to.isoformat() if self.delayed_to else None,
            "inclusive": self.inclusive,
            "calendar": self.calendar_version,
            "trace": list(self.trace),
        }


# -- building blocks -----------------------------------------------------------------------------


def receipt_date(channel: Channel, received: date, confirmed: date | None = None) -> tuple[date, list[str]]:
    """收到申请之日 by channel (第三十一条), with its trace lines.

    ``received`` is the submission day (in person), the signing day (signed mail) or the day the
    letter / message / fax arrived; ``confirmed`` is the day of confirmation with the applicant.
    """
    channel = Channel(channel)
    if not channel.needs_confirmation:
        if confirmed is not None:
            raise DeadlineInputError(
                f"{channel.label}的申请以{'提交' if channel is Channel.IN_PERSON else '签收'}之日"
                f"为收到申请之日（第三十一条），不适用确认日期。"
            )
        if channel is Channel.IN_PERSON:
            # 第三十一条第（一）项
            line = f"当面提交：以提交之日 {format_day(received)}为收到申请之日（第三十一条第（一）项）。"
        else:
            # 第三十一条第（二）项前段
            line = (
                f"邮寄（需签收）：以行政机关签收之日 {format_day(received)}为收到申请之日"
                f"（第三十一条第（二）项）。"
            )
        return received, [line]

    if confirmed is None:
        raise DeadlineInputError(
            f"{channel.label}提交的申请以与申请人确认之日为收到申请之日（第三十一条），"
            f"尚未确认的申请不开始计算期限；请提供确认日期。"
        )
    if confirmed < received:
        raise DeadlineInputError(
            f"确认日期 {confirmed.isoformat()} 早于申请到达日期 {received.isoformat()}，请核对。"
        )
    if channel is Channel.MAIL:
        # 第三十一条第（二）项后段: confirm on the day the letter arrives; the confirmation day counts.
        lines = [
            f"平常信函：信件于 {format_day(received)}到达，与申请人确认之日 {format_day(confirmed)}"
            f"为收到申请之日（第三十一条第（二）项）。"
        ]
        if confirmed > received:
            lines.append(
                f"注意：第三十一条第（二）项要求工作机构于收到信件当日与申请人确认，本件确认晚于到达日"
                f" {(confirmed - received).days} 天。"
            )
        return confirmed, lines
    # 第三十一条第（三）项: internet or the 工作机构's fax, 双方确认之日.
    return confirmed, [
        f"{channel.label}：申请于 {format_day(received)}提交，以双方确认之日 {format_day(confirmed)}"
        f"为收到申请之日（第三十一条第（三）项）。"
    ]


def clarification_notice_due(
    receipt: date, *, calendar: WorkCalendar | None = None, inclusive: bool = False
) -> date:
    """Last day to send the one-time 补正 notice: 7 WD from receipt (第三十条)."""
    cal = calendar or default_calendar()
    return cal.add_workdays(receipt, CLARIFICATION_NOTICE_PERIOD, inclusive=inclusive)


def consultation_reply_due(letter_received: date, *, calendar: WorkCalendar | None = None) -> date:
    """Last day for a consulted third party or agency to reply: 15 WD (第三十二条、第三十四条)."""
    cal = calendar or default_calendar()
    return cal.add_workdays(letter_received, CONSULTATION_REPLY_PERIOD)


def fee_payment_due(notice_received: date, *, calendar: WorkCalendar | None = None) -> Period:
    """Payment deadline of a 收费通知: 20 WD 自收到收费通知次日起 (国办函〔2020〕109号).

    Always exclusive: 109号 itself says "次日起" (DOMAIN.md §8.3), whatever the agency's setting.
    """
    cal = calendar or default_calendar()
    due = cal.add_workdays(notice_received, FEE_PAYMENT_PERIOD)
    trace = (
        f"申请人收到收费通知之日：{format_day(notice_received)}。",
        f"缴费期限：自收到收费通知次日起 {FEE_PAYMENT_PERIOD} 个工作日内，缴费截止日为 {format_day(due)}"
        f"（国办函〔2020〕109号）。",
        "逾期未缴纳的，视为放弃申请，行政机关不再处理该政府信息公开申请（国办函〔2020〕109号）。",
        f"日历数据：{cal.version}。",
    )
    return Period(due=due, trace=trace, calendar_version=cal.version)


def due_date(
    clock_start: date,
    *,
    pauses: Sequence[tuple[date, date]] = (),
    extension_days: int = 0,
    inclusive: bool = False,
    calendar: WorkCalendar | None = None,
) -> date:
    """Answer due date only, without trace or validation: the fast path for lists and sorting.

    ``clock_start`` is 收到申请之日 or the 补正 date; same counting as :func:`compute_deadline`.
    """
    cal = calendar or default_calendar()
    # 第三十三条第二款 (20 WD, extension ≤ 20 WD) and 第三款 (pauses not counted).
    return cal.add_workdays(clock_start, ANSWER_PERIOD + extension_days, pauses, inclusive=inclusive)


# -- trace helpers -------------------------------------------------------------------------------


def _holiday_name(cal: WorkCalendar, d: date) -> str:
    override = cal.overrides.years.get(d.year)
    if override is not None and (d in override.days_off or d in override.workdays):
        return "管理员录入"
    try:
        import chinese_calendar

        name = chinese_calendar.holidays.get(d) or chinese_calendar.workdays.get(d)
        if name:
            return chinese_calendar.Holiday(name).chinese
    except (ImportError, ValueError):  # pragma: no cover - unknown name in a newer package
        pass
    return ""


def _calendar_notes(cal: WorkCalendar, after: date, through: date) -> list[str]:
    """Holidays on weekdays and make-up working days between the two dates, for the reader."""
    if through <= after:
        return []
    runs: list[tuple[date, date]] = []
    makeups: list[str] = []
    one = timedelta(days=1)
    for d in cal.exceptions_between(after, through):
        if d.weekday() >= 5:  # a weekend day made a working day (调休上班)
            name = _holiday_name(cal, d)
            makeups.append(format_day(d) + (f"（{name}调休）" if name else ""))
            continue
        if runs and runs[-1][1] >= d:
            continue  # already inside the run found for an earlier weekday
        # Widen a weekday day off to the whole break, weekends included, inside the period.
        a = b = d
        while a - one > after and not cal.is_workday(a - one):
            a -= one
        while b + one <= through and not cal.is_workday(b + one):
            b += one
        runs.append((a, b))
    notes: list[str] = []
    if runs:
        parts = []
        for a, b in runs:
            name = _holiday_name(cal, b) or _holiday_name(cal, a)
            span = a.isoformat() if a == b else f"{a.isoformat()}至{b.isoformat()}"
            parts.append(span + (f"（{name}）" if name else ""))
        notes.append("期间内的法定节假日不计入：" + "、".join(parts) + "。")
    if makeups:
        notes.append("期间内的调休上班日计为工作日：" + "、".join(makeups) + "。")
    return notes


# -- the answer deadline -------------------------------------------------------------------------


def compute_deadline(
    received: date,
    *,
    channel: Channel | str = Channel.IN_PERSON,
    confirmed: date | None = None,
    clarified: date | None = None,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    delayed_to: date | None = None,
    inclusive: bool = False,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Answer deadline of an application, with a Chinese trace.

    ``received``/``confirmed`` give 收到申请之日 (第三十一条); ``clarified`` is the day the corrected
    application arrived (第三十条); ``pauses`` are consultations (第三十二、三十四条) or the fee
    payment period; ``extension`` is the one 第三十三条第二款 extension; ``delayed_to`` is a
    第三十五条 reasonable delayed deadline set by the agency.

    Raises :class:`DeadlineInputError` for inputs the law rules out and
    :class:`~gongkai.law.calendar.CalendarNotCovered` when a needed year has no holiday data.
    """
    cal = calendar or default_calendar()
    channel = Channel(channel)
    trace: list[str] = []

    receipt, lines = receipt_date(channel, received, confirmed)
    trace += lines
    if not cal.is_workday(receipt):
        trace.append(
            f"收到申请之日为非工作日{_paren(_holiday_name(cal, receipt))}，期限从其后第一个工作日"
            f" {format_day(cal.next_workday(receipt))}起计算。"
        )
    if inclusive:
        trace.append("按本机关设置，收到申请当日计入期限（当日为工作日时即为第1个工作日）。")
    else:
        # DOMAIN.md §8.3 / §10 Q11: exclusive by default, 民法典第二百零一条 by analogy.
        trace.append("收到申请当日不计入，自次日起计算（参照《民法典》第二百零一条）。")

    # 第三十条: the one-time 补正 notice is due within 7 WD of receipt.
    notice_due = clarification_notice_due(receipt, calendar=cal, inclusive=inclusive)
    clock_start = receipt
    if clarified is None:
        trace.append(
            f"如申请内容不明确，最迟应于 {format_day(notice_due)}一次性告知申请人补正"
            f"（第三十条：自收到申请之日起{CLARIFICATION_NOTICE_PERIOD}个工作日内）。"
        )
    else:
        if clarified < receipt:
            raise DeadlineInputError(
                f"收到补正申请的日期 {clarified.isoformat()} 早于收到申请之日 {receipt.isoformat()}。"
            )
        trace.append(
            f"补正告知期限：{format_day(notice_due)}（第三十条：自收到申请之日起"
            f"{CLARIFICATION_NOTICE_PERIOD}个工作日内一次性告知）。"
        )
        # 第三十条: "答复期限自行政机关收到补正的申请之日起计算" — the clock restarts.
        clock_start = clarified
        trace.append(f"收到补正后的申请：{format_day(clarified)}，答复期限自该日起重新计算（第三十条）。")
        if not cal.is_workday(clarified):
            trace.append(
                f"该日为非工作日，期限从其后第一个工作日 {format_day(cal.next_workday(clarified))}起计算。"
            )

    if extension is not None and not (1 <= extension.days <= MAX_EXTENSION):
        raise DeadlineInputError(
            f"延长的期限最长不得超过{MAX_EXTENSION}个工作日（第三十三条第二款），"
            f"且至少为1个工作日；收到：{extension.days}。"
        )
    total = ANSWER_PERIOD + (extension.days if extension else 0)

    # 第三十三条第三款: consultation time is not counted. Validate each pause against the
    # deadline as it stood when the pause began: a clock that has run out cannot be paused.
    ordered = sorted(pauses, key=lambda p: (p.start, p.end))
    accepted: list[tuple[date, date]] = []
    for p in ordered:
        if p.end < p.start:
            raise DeadlineInputError(
                f"暂停区间 {p.start.isoformat()}—{p.end.isoformat()} 的结束日期早于开始日期。"
            )
        if p.start < clock_start:
            raise DeadlineInputError(
                f"{p.kind.label}的暂停（{p.start.isoformat()}起）早于答复期限起算日"
                f" {clock_start.isoformat()}，不在答复期限内。"
            )
        running = cal.add_workdays(clock_start, total, accepted, inclusive=inclusive)
        if p.start > running:
            raise DeadlineInputError(
                f"{p.kind.label}的暂停（{p.start.isoformat()}起）开始时答复期限已于"
                f" {running.isoformat()} 届满，不能再暂停计算。"
            )
        accepted.append((p.start, p.end))

    plain_due = cal.add_workdays(clock_start, ANSWER_PERIOD, inclusive=inclusive)
    answer_due = cal.add_workdays(clock_start, ANSWER_PERIOD, accepted, inclusive=inclusive)
    trace.append(
        f"答复期限：自收到{'补正后的' if clarified else ''}申请之日起{ANSWER_PERIOD}个工作日"
        f"（第三十三条第二款），第{ANSWER_PERIOD}个工作日为 {format_day(plain_due)}。"
    )

    # The effect of the pauses is measured on the result, so overlaps and a pause that begins
    # on the last day (its send day still counts) are deducted exactly as they act.
    paused_answer = cal.count_workdays(plain_due, answer_due)
    raw_sum = 0
    for p in ordered:
        n = cal.count_workdays(p.start, p.end)
        raw_sum += n
        note = f"（{p.note}）" if p.note else ""
        trace.append(
            f"{p.kind.label}{note}：{format_day(p.start)}开始，{format_day(p.end)}结束；"
            f"其间 {n} 个工作日不计入答复期限（{p.kind.basis}）。"
        )
    due = answer_due
    paused_total = paused_answer
    if extension is not None:
        # 第三十三条第二款: approval by the 工作机构负责人 and notice to the applicant, before expiry.
        if extension.approved_on is not None and extension.approved_on > answer_due:
            raise DeadlineInputError(
                f"延长答复期限须在原答复期限 {answer_due.isoformat()} 届满前经政府信息公开工作机构负责人同意"
                f"并告知申请人（第三十三条第二款）；记录的同意日期为 {extension.approved_on.isoformat()}。"
            )
        due = cal.add_workdays(clock_start, total, accepted, inclusive=inclusive)
        paused_total = cal.count_workdays(cal.add_workdays(clock_start, total, inclusive=inclusive), due)
    if ordered:
        if raw_sum != paused_total:
            trace.append(
                f"暂停区间有重叠或开始于期限最后一日的，只按实际影响扣除，合计暂停 {paused_total} 个工作日。"
            )
        trace.append(f"扣除暂停的 {paused_answer} 个工作日后，答复期限为 {format_day(answer_due)}。")
    if extension is not None:
        who = f"，经{extension.approver}同意" if extension.approver else "（同意延长的负责人尚未记录）"
        extra = paused_total - paused_answer
        trace.append(
            f"延长答复期限 {extension.days} 个工作日{who}"
            f"（第三十三条第二款：最长不超过{MAX_EXTENSION}个工作日，以一次为限），"
            f"延长后的期限为 {format_day(due)}"
            + (f"（延长期间另有 {extra} 个工作日暂停不计入）" if extra else "")
            + "。"
        )

    trace += _calendar_notes(cal, clock_start, due)

    if delayed_to is not None:
        # 第三十五条: reasons reasonable but the 第三十三条 period cannot be met → the agency sets
        # a reasonable delayed deadline. It replaces the statutory one; it cannot shorten it.
        if delayed_to < due:
            raise DeadlineInputError(
                f"第三十五条的延迟答复期限 {delayed_to.isoformat()} 早于第三十三条规定的期限"
                f" {due.isoformat()}，不构成延迟。"
            )
        trace.append(
            f"申请数量、频次明显超过合理范围，理由合理但无法在第三十三条规定的期限内答复，"
            f"行政机关确定延迟答复的合理期限为 {format_day(delayed_to)}（第三十五条）。"
        )
        try:
            if not cal.is_workday(delayed_to):
                trace.append("注意：所定延迟答复期限为非工作日。")
        except CalendarError:
            trace.append("注意：所定延迟答复期限所在年度的节假日安排尚未录入，无法判断是否为工作日。")
        due = delayed_to

    trace.append(f"答复期限：{format_day(due)}。")
    trace.append(f"日历数据：{cal.version}。")
    return Deadline(
        due=due,
        receipt=receipt,
        clock_start=clock_start,
        answer_due=answer_due,
        clarification_notice_due=notice_due,
        paused_workdays=paused_total,
        extension=extension,
        delayed_to=delayed_to,
        inclusive=inclusive,
        calendar_version=cal.version,
        trace=tuple(trace),
    )


def _paren(text: str) -> str:
    return f"（{text}）" if text else ""
