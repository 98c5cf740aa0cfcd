"""The workflow of an application (DOMAIN §6.9): the ONLY code that changes a case's state.

Every public function here is one transition. Each one

* checks that the transition is allowed in the current state and that the dates make legal sense;
* changes the case and saves it **once** (so the ``Audited`` mixin writes exactly one audit entry);
* appends one ledger row (:class:`CaseEvent`: who, when, what, legal basis), plus a
  "期限由…变更为…" row whenever the cached answer deadline changes;
* recomputes the deadline with ``gongkai.law.deadlines.compute_deadline`` (never by hand).

Invalid requests raise :class:`WorkflowError` (a Django ``ValidationError`` with a Chinese message),
so views can show the message next to the form. ``by`` is the acting user (or None for a command;
the audit context then names the actor).

Transitions::

    register ──► awaiting_confirmation ──confirm──► in_progress      (in person / signed mail: in_progress)
    in_progress ──request_clarification──► clarification_requested ──receive_clarification──► in_progress
                                            └──lapse_clarification──► lapsed (other.no_clarification)
    in_progress ──start_consultation──► consulting ──end_consultation──► in_progress
    in_progress|consulting ──extend──► (same state, +≤20 WD, approver = 公开办负责人)
    in_progress ──request_reasons──► reason_requested ──set_delayed_deadline──► in_progress
                                      └──reply(not_processed.excessive)──► answered
    in_progress ──send_fee_notice──► fee_notice_sent ──record_fee_paid──► in_progress
                                      └──lapse_fee──► lapsed (other.unpaid_fee)
    any open ──withdraw──► withdrawn (other.withdrawn)
    in_progress|reason_requested ──reply(outcome)──► answered ──archive──► archived

Deadline maintenance: :func:`recompute_deadline` (one case) and :func:`recompute_open_cases`
(every open case; called after the calendar overrides change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import can
from gongkai.applications import identity, workdays
from gongkai.applications.models import (
    OPEN_STATES,
    Application,
    CaseEvent,
    Consultation,
    ConsultationKind,
    EventKind,
    State,
)
from gongkai.audit import context
from gongkai.law.calendar import CalendarNotCovered, WorkCalendar, format_day
from gongkai.law.deadlines import (
    MAX_EXTENSION,
    Channel,
    DeadlineInputError,
    Extension,
    Pause,
    PauseKind,
    clarification_notice_due,
    compute_deadline,
    consultation_reply_due,
    fee_payment_due,
    receipt_date,
)
from gongkai.law.fees import FEES_IN_FORCE
from gongkai.law.outcomes import OUTCOMES, is_available, outcome

__all__ = [
    "WorkflowError",
    "archive",
    "assign",
    "confirm",
    "end_consultation",
    "extend",
    "lapse_clarification",
    "lapse_fee",
    "receive_clarification",
    "recompute_deadline",
    "recompute_open_cases",
    "record_fee_paid",
    "register",
    "reply",
    "request_clarification",
    "request_reasons",
    "send_fee_notice",
    "set_delayed_deadline",
    "start_consultation",
    "withdraw",
]

# Outcomes that only a dedicated transition may record.
_LAPSE_ONLY = {"other.no_clarification": "lapse_clarification", "other.unpaid_fee": "lapse_fee",
               "other.withdrawn": "withdraw"}  # fmt: skip


class WorkflowError(ValidationError):
    """A transition the law or the state machine does not allow; the message is for the user."""


# -- helpers -----------------------------------------------------------------------------------------


def _actor_name(by: Any) -> str:
    if by is not None and getattr(by, "pk", None):
        return by.get_username()
    acting = context.current()
    return acting.label if acting and acting.label else ""


@dataclass
class _Pending:
    """Ledger rows to write once the case is saved (the case must exist first)."""

    rows: list[CaseEvent]

    def add(
        self,
        case: Application,
        kind: str,
        on: date,
        by: Any,
        *,
        basis: str = "",
        note: str = "",
        before: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        self.rows.append(CaseEvent(
            on=on, actor=by if getattr(by, "pk", None) else None, actor_name=_actor_name(by), kind=kind,
            state_before=before, state_after=case.state, basis=basis, note=note, data=data or {},
        ))  # fmt: skip


def _commit(case: Application, pending: _Pending) -> Application:
    case.save()
    for row in pending.rows:
        row.application = case
        row.save()
    return case


def _require_state(case: Application, *allowed: str, action: str) -> None:
    if case.state not in allowed:
        labels = "、".join(State(s).label for s in allowed)
        raise WorkflowError(f"当前状态为“{case.get_state_display()}”，不能{action}（仅限：{labels}）。")


def _not_before(on: date, earliest: date | None, what: str, ref: str) -> None:
    if earliest is not None and on < earliest:
        raise WorkflowError(f"{what}（{on.isoformat()}）不能早于{ref}（{earliest.isoformat()}）。")


def _display(due: date | None, error: str) -> str:
    if error:
        return error
    return due.isoformat() if due else "（未起算）"


# -- deadlines ---------------------------------------------------------------------------------------


def deadline_for(case: Application, cal: WorkCalendar | None = None) -> tuple[date | None, list[str], str]:
    """(due date, Chinese trace, error text) for the case as it stands; nothing is saved.

    Raises DeadlineInputError for inputs the law rules out (the transitions turn it into a
    WorkflowError); a calendar gap is returned as the error text, never guessed (DOMAIN §8.4).
    """
    cal = cal or workdays.platform_calendar()
    if case.receipt_on is None:
        return None, ["尚未与申请人确认收到申请，答复期限尚未起算（第三十一条）。"], ""
    if case.clarification_requested_on and case.clarified_on is None:
        # 第三十条: the answer period runs from receipt of the corrected application.
        return (
            None,
            [
                f"已于 {format_day(case.clarification_requested_on)}一次性告知申请人补正（第三十条），"
                f"补正期限至 {case.clarification_due.isoformat() if case.clarification_due else '—'}。",
                "答复期限自收到补正后的申请之日起重新计算（第三十条）。",
            ],
            "",
        )
    try:
        pauses: list[Pause] = []
        for c in case.consultations.all() if case.pk else []:
            end = c.replied_on or c.reply_due or consultation_reply_due(c.sent_on, calendar=cal)
            kind = PauseKind.THIRD_PARTY if c.kind == ConsultationKind.THIRD_PARTY else PauseKind.AGENCY
            pauses.append(Pause(c.sent_on, end, kind, note=c.party))
        if case.fee_notice_on:
            # DOMAIN §7.5 / §10 Q7: the payment period pauses the answer clock (default).
            end = case.fee_paid_on or case.fee_due or fee_payment_due(case.fee_notice_on, calendar=cal).due
            pauses.append(Pause(case.fee_notice_on, end, PauseKind.FEE))
        extension = None
        if case.extension_days:
            approver = case.extension_approved_by
            extension = Extension(
                days=case.extension_days,
                approver=(approver.get_full_name() if approver else ""),
                approved_on=case.extension_approved_on,
            )
        deadline = compute_deadline(
            case.arrived_on,
            channel=case.channel,
            confirmed=case.confirmed_on,
            clarified=case.clarified_on,
            pauses=pauses,
            extension=extension,
            delayed_to=case.delayed_to,
            calendar=cal,
        )
    except CalendarNotCovered as exc:
        return None, [str(exc)], f"无法计算：缺少{exc.year}年通知"
    return deadline.due, list(deadline.trace), ""


def _refresh_deadline(
    case: Application, pending: _Pending, by: Any, on: date, reason: str, cal: WorkCalendar | None = None
) -> bool:
    """Recompute the cached deadline; queue a ledger row when it changed. True if it changed."""
    old = _display(case.due_on, case.deadline_error)
    try:
        due, trace, error = deadline_for(case, cal)
    except DeadlineInputError as exc:
        raise WorkflowError(str(exc)) from exc
    case.due_on, case.deadline_trace, case.deadline_error = due, trace, error
    new = _display(due, error)
    if new == old:
        return False
    note = (
        f"答复期限确定为{new}" if old == "（未起算）" else f"期限由{old}变更为{new}"
    ) + f"，原因：{reason}"
    pending.add(case, EventKind.DEADLINE_CHANGED, on, by, basis="第三十三条", note=note,
                before=case.state, data={"from": old, "to": new})  # fmt: skip
    return True


def recompute_deadline(case: Application, *, reason: str, by: Any = None, on: date | None = None) -> bool:
    """Recompute one open case's deadline; saves (one audit entry, one ledger row) only if it moved.

    Stored inputs that the law now rules out are kept as the error text instead of raising.
    """
    if not case.is_open:
        return False
    pending = _Pending([])
    with transaction.atomic():
        try:
            changed = _refresh_deadline(case, pending, by, on or workdays.today(), reason)
        except WorkflowError as exc:
            old = _display(case.due_on, case.deadline_error)
            case.due_on, case.deadline_error = None, f"无法计算：{exc.messages[0]}"[:200]
            case.deadline_trace = [exc.messages[0]]
            changed = old != case.deadline_error
            if changed:
                pending.add(
                    case,
                    EventKind.DEADLINE_CHANGED,
                    on or workdays.today(),
                    by,
                    basis="第三十三条",
                    note=f"期限由{old}变更为{case.deadline_error}，原因：{reason}",
                    before=case.state,
                )
        if changed:
            _commit(case, pending)
    return changed


def recompute_open_cases(*, reason: str, by: Any = None, cases: Iterable[Application] | None = None) -> int:
    """Recompute every open case (after the calendar overrides changed). Returns how many moved."""
    workdays.forget()
    todo = (
        cases
        if cases is not None
        else Application.objects.filter(state__in=OPEN_STATES)
        .select_related("extension_approved_by")
        .prefetch_related("consultations")
    )
    return sum(1 for case in todo if recompute_deadline(case, reason=reason, by=by))


# -- registration -------------------------------------------------------------------------------------


def _next_number(agency: Any, year: int) -> str:
    prefix = f"{year}-{agency.pk:04d}-"
    last = (
        Application.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def register(agency: Any, *, by: Any = None, **fields: Any) -> Application:
    """Register a new application (第二十九条) and start its clock where 第三十一条 says it starts.

    ``fields`` are the intake fields of :class:`Application` (applicant_kind, applicant_name, id_type,
    id_number, phone, email, address, description, purpose, info_form, delivery, channel, arrived_on,
    confirmed_on). In person and signed mail start at once; the other channels wait for ``confirm``
    unless ``confirmed_on`` is given.
    """
    case = Application(agency=agency, **fields)
    case.id_number = identity.normalize(case.id_type, case.id_number)
    identity.validate(case.applicant_kind, case.id_type, case.id_number)
    channel = Channel(case.channel)
    if channel.needs_confirmation and case.confirmed_on is None:
        case.state = State.AWAITING_CONFIRMATION
    else:
        try:
            case.receipt_on, _ = receipt_date(channel, case.arrived_on, case.confirmed_on)
        except DeadlineInputError as exc:
            raise WorkflowError(str(exc)) from exc
        case.state = State.IN_PROGRESS
    case.full_clean(exclude=["number", "query_code", "state"])
    pending = _Pending([])
    pending.add(case, EventKind.REGISTERED, case.arrived_on, by, basis="第二十九条",
                note=f"{channel.label}；收到申请之日：{case.receipt_on or '待确认'}")  # fmt: skip
    _refresh_deadline(case, pending, by, case.arrived_on, "登记申请")
    for attempt in range(5):
        case.number = _next_number(agency, case.arrived_on.year)
        try:
            with transaction.atomic():
                return _commit(case, pending)
        except IntegrityError:
            if attempt == 4:
                raise
            case.pk = None
            case._state.adding = True
    raise AssertionError("unreachable")  # pragma: no cover


def confirm(case: Application, *, on: date, by: Any = None) -> Application:
    """第三十一条第（二）项后段、第（三）项: the day of confirmation with the applicant is the receipt day."""
    _require_state(case, State.AWAITING_CONFIRMATION, action="确认收到申请")
    _not_before(on, case.arrived_on, "确认日期", "申请到达日期")
    before = case.state
    case.confirmed_on = on
    try:
        case.receipt_on, _ = receipt_date(Channel(case.channel), case.arrived_on, on)
    except DeadlineInputError as exc:
        raise WorkflowError(str(exc)) from exc
    case.state = State.IN_PROGRESS
    pending = _Pending([])
    pending.add(case, EventKind.CONFIRMED, on, by, basis="第三十一条", before=before,
                note=f"与申请人确认，收到申请之日为 {case.receipt_on.isoformat()}")  # fmt: skip
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "确认收到申请")
        return _commit(case, pending)


# -- 第三十条 补正 --------------------------------------------------------------------------------------


def request_clarification(
    case: Application, *, on: date, applicant_due: date, items: str, by: Any = None
) -> Application:
    """第三十条: tell the applicant once (一次性告知) what to correct, with a reasonable deadline.

    The applicant's deadline has no statutory length (§10 Q17): the caller supplies it.
    """
    _require_state(case, State.IN_PROGRESS, action="告知补正")
    if case.clarification_requested_on:
        raise WorkflowError("补正只能一次性告知（第三十条），本件已告知过补正。")
    _not_before(on, case.receipt_on, "补正告知日期", "收到申请之日")
    if applicant_due <= on:
        raise WorkflowError("申请人的补正期限应晚于告知日期。")
    if not items.strip():
        raise WorkflowError("请写明需要补正的事项（第三十条）。")
    note = f"补正事项：{items.strip()}；补正期限至 {applicant_due.isoformat()}"
    try:
        notice_due = clarification_notice_due(case.receipt_on, calendar=workdays.platform_calendar())
    except CalendarNotCovered:
        notice_due = None
    if notice_due and on > notice_due:
        # 第三十条: within 7 WD of receipt. Recorded, not refused: the notice is still owed.
        note += f"。注意：告知晚于第三十条规定的期限 {notice_due.isoformat()}"
    before = case.state
    case.clarification_requested_on, case.clarification_due = on, applicant_due
    case.clarification_items = items.strip()
    case.state = State.CLARIFICATION_REQUESTED
    pending = _Pending([])
    pending.add(case, EventKind.CLARIFICATION_REQUESTED, on, by, basis="第三十条", before=before, note=note)
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "告知补正，收到补正后重新计算（第三十条）")
        return _commit(case, pending)


def receive_clarification(case: Application, *, on: date, by: Any = None) -> Application:
    """第三十条: 答复期限自行政机关收到补正的申请之日起计算 — the clock restarts from ``on``."""
    _require_state(case, State.CLARIFICATION_REQUESTED, action="登记收到补正")
    _not_before(on, case.clarification_requested_on, "收到补正日期", "补正告知日期")
    before = case.state
    case.clarified_on = on
    case.state = State.IN_PROGRESS
    pending = _Pending([])
    note = "" if case.clarification_due is None or on <= case.clarification_due else "补正晚于期限，已接受"
    pending.add(case, EventKind.CLARIFIED, on, by, basis="第三十条", before=before, note=note)
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "收到补正，答复期限重新计算（第三十条）")
        return _commit(case, pending)


def _conclude(
    case: Application,
    code: str,
    concluded_on: date,
    *,
    basis: str,
    reason: str = "",
    replied_on: date | None = None,
    state: str,
) -> None:
    case.outcome, case.outcome_basis, case.outcome_reason = code, basis, reason
    case.concluded_on, case.replied_on = concluded_on, replied_on
    case.state = state


def lapse_clarification(case: Application, *, today: date | None = None, by: Any = None) -> Application:
    """第三十条: no correction in time → 视为放弃申请 (other.no_clarification).

    The case concludes on the last day of the applicant's period (DOMAIN §6.9, §10 Q19).
    """
    _require_state(case, State.CLARIFICATION_REQUESTED, action="按视为放弃申请办结")
    today = today or workdays.today()
    if case.clarification_due is None or today <= case.clarification_due:
        raise WorkflowError(f"补正期限（{case.clarification_due}）尚未届满。")
    before = case.state
    _conclude(case, "other.no_clarification", case.clarification_due, basis="第三十条", state=State.LAPSED)
    pending = _Pending([])
    pending.add(case, EventKind.LAPSED, case.clarification_due, by, basis="第三十条", before=before,
                note="申请人无正当理由逾期不补正，视为放弃申请")  # fmt: skip
    with transaction.atomic():
        return _commit(case, pending)


# -- 第三十二、三十四条 consultations --------------------------------------------------------------------


def start_consultation(
    case: Application, *, kind: str, party: str, sent_on: date, by: Any = None
) -> Consultation:
    """Send a written consultation; its time is not counted (第三十三条第三款)."""
    _require_state(case, State.IN_PROGRESS, State.CONSULTING, action="征求意见")
    kind = ConsultationKind(kind)
    _not_before(sent_on, case.clarified_on or case.receipt_on, "征求意见日期", "答复期限起算日")
    try:
        reply_due = consultation_reply_due(sent_on, calendar=workdays.platform_calendar())
    except CalendarNotCovered:
        reply_due = None  # fail closed: the case deadline will show the gap
    basis = "第三十二条" if kind == ConsultationKind.THIRD_PARTY else "第三十四条"
    with transaction.atomic():
        consultation = Consultation(
            application=case, kind=kind, party=party, sent_on=sent_on, reply_due=reply_due
        )
        consultation.full_clean(exclude=["application"])
        consultation.save()
        before = case.state
        case.state = State.CONSULTING
        pending = _Pending([])
        pending.add(case, EventKind.CONSULTATION_STARTED, sent_on, by, basis=f"{basis}、第三十三条第三款",
                    before=before, note=f"征求{party}意见，答复截止 {reply_due or '无法计算'}",
                    data={"consultation": consultation.pk})  # fmt: skip
        _refresh_deadline(case, pending, by, sent_on, "征求意见，所需时间不计入答复期限（第三十三条第三款）")
        _commit(case, pending)
    return consultation


def end_consultation(
    consultation: Consultation, *, replied_on: date, opinion: str = "", by: Any = None
) -> Application:
    """Record the reply; the case returns to 办理中 when no consultation remains open."""
    case = consultation.application
    _require_state(case, State.CONSULTING, action="登记收到意见")
    if consultation.replied_on:
        raise WorkflowError("该征求意见已登记过回复。")
    _not_before(replied_on, consultation.sent_on, "收到意见日期", "发出征求意见日期")
    with transaction.atomic():
        consultation.replied_on, consultation.opinion = replied_on, opinion
        consultation.save()
        before = case.state
        if not case.consultations.filter(replied_on__isnull=True).exists():
            case.state = State.IN_PROGRESS
        pending = _Pending([])
        basis = "第三十二条" if consultation.kind == ConsultationKind.THIRD_PARTY else "第三十四条"
        pending.add(case, EventKind.CONSULTATION_ENDED, replied_on, by, basis=basis, before=before,
                    note=f"收到{consultation.party}意见", data={"consultation": consultation.pk})  # fmt: skip
        _refresh_deadline(case, pending, by, replied_on, "征求意见结束")
        return _commit(case, pending)


# -- 第三十三条第二款 extension ---------------------------------------------------------------------------


def extend(
    case: Application, *, days: int = MAX_EXTENSION, approver: Any, approved_on: date, by: Any = None
) -> Application:
    """Extend once by ≤ 20 WD, approved by the 政府信息公开工作机构负责人 before the deadline (第三十三条第二款)."""
    _require_state(case, State.IN_PROGRESS, State.CONSULTING, action="延长答复期限")
    if case.extension_days:
        raise WorkflowError("答复期限只能延长一次（第三十三条第二款）。")
    if not (1 <= days <= MAX_EXTENSION):
        raise WorkflowError(f"延长的期限最长不得超过{MAX_EXTENSION}个工作日（第三十三条第二款）。")
    if approver is None or not can(approver, Cap.APPROVE, case.agency):
        raise WorkflowError(
            "延长答复期限须经本机构政府信息公开工作机构负责人（公开办负责人）同意（第三十三条第二款）。"
        )
    if case.due_on and approved_on > case.due_on:
        raise WorkflowError(f"原答复期限 {case.due_on.isoformat()} 已届满，不能再延长（第三十三条第二款）。")
    before = case.state
    case.extension_days, case.extension_approved_by, case.extension_approved_on = days, approver, approved_on
    pending = _Pending([])
    pending.add(case, EventKind.EXTENDED, approved_on, by, basis="第三十三条第二款", before=before,
                note=f"经{approver.get_full_name()}同意延长{days}个工作日，并告知申请人")  # fmt: skip
    with transaction.atomic():
        _refresh_deadline(case, pending, by, approved_on, f"延长答复期限{days}个工作日（第三十三条第二款）")
        return _commit(case, pending)


# -- 第三十五条 --------------------------------------------------------------------------------------------


def request_reasons(case: Application, *, on: date, by: Any = None) -> Application:
    """第三十五条: ask the applicant for reasons; the clock keeps running (DOMAIN §10 Q22)."""
    _require_state(case, State.IN_PROGRESS, action="要求说明理由")
    _not_before(on, case.receipt_on, "要求说明理由日期", "收到申请之日")
    before = case.state
    case.reasons_requested_on, case.state = on, State.REASON_REQUESTED
    pending = _Pending([])
    pending.add(case, EventKind.REASONS_REQUESTED, on, by, basis="第三十五条", before=before,
                note="申请数量、频次明显超过合理范围，要求申请人说明理由；期限继续计算")  # fmt: skip
    with transaction.atomic():
        return _commit(case, pending)


def set_delayed_deadline(case: Application, *, on: date, delayed_to: date, by: Any = None) -> Application:
    """第三十五条: reasons reasonable but the period cannot be met → a reasonable delayed deadline."""
    _require_state(case, State.REASON_REQUESTED, action="确定延迟答复期限")
    before = case.state
    case.delayed_to, case.state = delayed_to, State.IN_PROGRESS
    pending = _Pending([])
    pending.add(case, EventKind.DELAYED, on, by, basis="第三十五条", before=before,
                note=f"理由合理，确定延迟答复期限为 {delayed_to.isoformat()}")  # fmt: skip
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "第三十五条延迟答复期限")
        return _commit(case, pending)


# -- 国办函〔2020〕109号 fees ---------------------------------------------------------------------------


def send_fee_notice(case: Application, *, on: date, amount: Decimal, by: Any = None) -> Application:
    """Record a 收费通知 received by the applicant on ``on``; payment is due in 20 WD (109号)."""
    _require_state(case, State.IN_PROGRESS, action="发出收费通知")
    if on < FEES_IN_FORCE:
        raise WorkflowError("信息处理费自2021年1月1日起方可收取（国办函〔2020〕109号）。")
    if case.fee_notice_on:
        raise WorkflowError("本件已发出过收费通知。")
    if amount <= 0:
        raise WorkflowError("收费金额应大于零。")
    _not_before(on, case.receipt_on, "收费通知日期", "收到申请之日")
    try:
        period = fee_payment_due(on, calendar=workdays.platform_calendar())
    except CalendarNotCovered as exc:
        raise WorkflowError(f"无法计算缴费期限：缺少{exc.year}年通知。") from exc
    before = case.state
    case.fee_notice_on, case.fee_amount, case.fee_due = on, amount, period.due
    case.state = State.FEE_NOTICE_SENT
    pending = _Pending([])
    pending.add(case, EventKind.FEE_NOTICE, on, by, basis="国办函〔2020〕109号", before=before,
                note=f"收费 {amount} 元，缴费期限至 {period.due.isoformat()}")  # fmt: skip
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "等待缴纳信息处理费，期间不计入答复期限（本系统默认）")
        return _commit(case, pending)


def record_fee_paid(case: Application, *, on: date, by: Any = None) -> Application:
    _require_state(case, State.FEE_NOTICE_SENT, action="登记缴费")
    _not_before(on, case.fee_notice_on, "缴费日期", "收费通知日期")
    if case.fee_due and on > case.fee_due:
        raise WorkflowError(f"缴费期限已于 {case.fee_due.isoformat()} 届满（国办函〔2020〕109号）。")
    before = case.state
    case.fee_paid_on, case.state = on, State.IN_PROGRESS
    pending = _Pending([])
    pending.add(case, EventKind.FEE_PAID, on, by, basis="国办函〔2020〕109号", before=before)
    with transaction.atomic():
        _refresh_deadline(case, pending, by, on, "已缴费，恢复计算答复期限")
        return _commit(case, pending)


def lapse_fee(case: Application, *, today: date | None = None, by: Any = None) -> Application:
    """109号: unpaid in time → 视为放弃申请 (other.unpaid_fee), concluded on the last payment day."""
    _require_state(case, State.FEE_NOTICE_SENT, action="按逾期未缴费办结")
    today = today or workdays.today()
    if case.fee_due is None or today <= case.fee_due:
        raise WorkflowError(f"缴费期限（{case.fee_due}）尚未届满。")
    before = case.state
    _conclude(case, "other.unpaid_fee", case.fee_due, basis="国办函〔2020〕109号", state=State.LAPSED)
    pending = _Pending([])
    pending.add(case, EventKind.LAPSED, case.fee_due, by, basis="国办函〔2020〕109号", before=before,
                note="申请人逾期未按收费通知缴纳费用，不再处理")  # fmt: skip
    with transaction.atomic():
        return _commit(case, pending)


# -- conclusion ---------------------------------------------------------------------------------------


def withdraw(case: Application, *, on: date, reason: str = "", by: Any = None) -> Application:
    """The applicant withdraws (other.withdrawn, DOMAIN §6.8; no article [UNVERIFIED])."""
    _require_state(case, *OPEN_STATES, action="撤回")
    _not_before(on, case.arrived_on, "撤回日期", "申请到达日期")
    before = case.state
    _conclude(case, "other.withdrawn", on, basis="", reason=reason or "申请人撤回申请", state=State.WITHDRAWN)
    pending = _Pending([])
    pending.add(case, EventKind.WITHDRAWN, on, by, before=before, note=case.outcome_reason)
    with transaction.atomic():
        return _commit(case, pending)


def reply(
    case: Application, *, code: str, on: date, basis: str = "", reason: str = "", by: Any = None
) -> Application:
    """Answer the application with one outcome code (第三十六—四十一条).

    ``basis`` defaults to the outcome's article; where the outcome has no known article a reason is
    required instead, and where the outcome requires a reason (other.other) it must be given.
    """
    allowed = (State.IN_PROGRESS, State.REASON_REQUESTED)
    _require_state(case, *allowed, action="作出答复")
    o = outcome(code) if code in OUTCOMES else None
    if o is None:
        raise WorkflowError(f"未知的办理结果代码“{code}”。")
    if code in _LAPSE_ONLY:
        raise WorkflowError(f"“{o.label}”由专门的办理步骤记录，不能作为答复结果。")
    if case.state == State.REASON_REQUESTED and code != "not_processed.excessive":
        raise WorkflowError("要求说明理由期间只能以“无正当理由大量、频繁申请”不予处理，或确定延迟答复期限。")
    if code == "unable.still_unclear" and case.clarified_on is None:
        raise WorkflowError("“补正后申请内容仍不明确”须在申请人补正之后作出（第三十条）。")
    if not is_available(code, on):
        raise WorkflowError(f"“{o.label}”在 {on.isoformat()} 尚不适用。")
    _not_before(on, case.receipt_on, "答复日期", "收到申请之日")
    basis = basis.strip() or o.basis
    reason = reason.strip()
    if o.requires_reason and not reason:
        raise WorkflowError(f"“{o.label}”须填写理由。")
    if not basis and not reason:
        raise WorkflowError(f"“{o.label}”没有明确的条例条款，请填写依据或理由。")
    if code.startswith(("denied.", "partial")) and not reason:
        # 第三十六条第（三）项、第三十七条: non-disclosure must state reasons.
        raise WorkflowError("不予公开或部分公开的，须说明理由（第三十六条第（三）项、第三十七条）。")
    before = case.state
    _conclude(case, code, on, basis=basis, reason=reason, replied_on=on, state=State.ANSWERED)
    late = case.due_on is not None and on > case.due_on
    pending = _Pending([])
    pending.add(case, EventKind.REPLIED, on, by, basis=basis, before=before,
                note=o.label + ("（超过答复期限）" if late else ""), data={"outcome": code})  # fmt: skip
    with transaction.atomic():
        return _commit(case, pending)


def archive(case: Application, *, on: date, by: Any = None) -> Application:
    """File a concluded case (DOMAIN §6.9: archived)."""
    _require_state(case, State.ANSWERED, State.LAPSED, State.WITHDRAWN, action="归档")
    before = case.state
    case.state = State.ARCHIVED
    pending = _Pending([])
    pending.add(case, EventKind.ARCHIVED, on, by, before=before)
    with transaction.atomic():
        return _commit(case, pending)


# -- 承办人 -------------------------------------------------------------------------------------------


def assign(case: Application, *, handler: Any, on: date, by: Any = None) -> Application:
    """Name the case's 承办人 (or clear it with ``handler=None``); not a legal step, but audited alike.

    The handler must be able to handle cases at the case's agency, so a case is never given to someone
    who could not open it.
    """
    if not case.is_open:
        raise WorkflowError(f"当前状态为“{case.get_state_display()}”，已办结的申请不能再指定承办人。")
    if handler is not None and not can(handler, Cap.HANDLE, case.agency):
        raise WorkflowError(f"{handler.get_full_name() or handler.get_username()}不是本机构的承办人员，不能指定。")
    if (handler.pk if handler is not None else None) == case.assigned_to_id:
        raise WorkflowError("承办人没有变化。")
    old = case.assigned_to.get_full_name() if case.assigned_to_id and case.assigned_to else "（未指定）"
    new = (handler.get_full_name() or handler.get_username()) if handler is not None else "（未指定）"
    case.assigned_to = handler
    pending = _Pending([])
    pending.add(case, EventKind.ASSIGNED, on, by, before=case.state, note=f"承办人由{old}变更为{new}",
                data={"handler": handler.pk if handler is not None else None})  # fmt: skip
    with transaction.atomic():
        return _commit(case, pending)
