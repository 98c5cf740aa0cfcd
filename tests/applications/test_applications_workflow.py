"""The workflow: transitions, deadlines from gongkai.law, the ledger, one audit entry per change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from gongkai.accounts.roles import Role
from gongkai.applications import identity, workdays, workflow
from gongkai.applications.models import (
    AppendOnlyError,
    Application,
    CalendarYear,
    CaseEvent,
    EventKind,
    State,
)
from gongkai.audit.models import AuditEntry
from tests.applications.conftest import credit_code, resident_id

pytestmark = pytest.mark.django_db


def audit_entries(obj: Any) -> Any:
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk))


# -- identity ----------------------------------------------------------------------------------------


def test_resident_id_and_credit_code_validation() -> None:
    good = resident_id()
    assert identity.is_valid_resident_id(good)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert not identity.is_valid_resident_id(wrong_check)
    assert not identity.is_valid_resident_id("430302199002301234")  # 2月30日
    identity.validate("natural_person", "resident_id", good)
    identity.validate("commercial", "credit_code", credit_code())
    with pytest.raises(ValidationError):
        identity.validate(
            "commercial", "credit_code", credit_code()[:17] + "0" if credit_code()[17] != "0" else "1"
        )
    with pytest.raises(ValidationError):
        identity.validate("natural_person", "credit_code", credit_code())
    with pytest.raises(ValidationError):
        identity.validate("research", "resident_id", good)
    identity.validate("natural_person", "other", "护照 E12345678")


def test_register_rejects_invalid_id(make_case: Any) -> None:
    with pytest.raises(ValidationError):
        make_case(id_number="430302199001011230" if resident_id()[17] != "0" else "430302199001011231")
    assert not Application.objects.exists()


# -- registration and deadlines ------------------------------------------------------------------------


def test_register_in_person_starts_clock_with_domain_example(make_case: Any) -> None:
    case = make_case()
    assert case.state == State.IN_PROGRESS
    assert case.receipt_on == date(2026, 2, 10)
    # DOMAIN §6.5 worked example: received 2026-02-10 → answer due 2026-03-16.
    assert case.due_on == date(2026, 3, 16)
    assert any("第三十三条第二款" in line for line in case.deadline_trace)
    assert case.number.startswith(f"2026-{case.agency.pk:04d}-")
    assert len(case.query_code) == 12
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [EventKind.REGISTERED, EventKind.DEADLINE_CHANGED]
    assert audit_entries(case).count() == 1  # one create entry
    second = make_case()
    assert second.number != case.number and second.query_code != case.query_code


def test_online_waits_for_confirmation(make_case: Any) -> None:
    case = make_case(channel="online", arrived_on=date(2026, 2, 9))
    assert case.state == State.AWAITING_CONFIRMATION and case.due_on is None and case.receipt_on is None
    before = audit_entries(case).count()
    workflow.confirm(case, on=date(2026, 2, 10))
    assert case.state == State.IN_PROGRESS and case.receipt_on == date(2026, 2, 10)
    assert case.due_on == date(2026, 3, 16)
    assert audit_entries(case).count() == before + 1
    last = case.events.filter(kind=EventKind.CONFIRMED).get()
    assert last.basis == "第三十一条"
    with pytest.raises(ValidationError):
        workflow.confirm(case, on=date(2026, 2, 11))


def test_consultation_pauses_and_extension_by_head_only(make_case: Any, role_users: dict[Role, Any]) -> None:
    case = make_case()
    consultation = workflow.start_consultation(
        case, kind="third_party", party="某公司", sent_on=date(2026, 3, 2)
    )
    assert case.state == State.CONSULTING
    workflow.end_consultation(consultation, replied_on=date(2026, 3, 9))
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    # DOMAIN §6.5: consultation 03-02 → 03-09 (5 WD paused) → 2026-03-23.
    assert case.due_on == date(2026, 3, 23)
    changed = case.events.filter(kind=EventKind.DEADLINE_CHANGED).last()
    assert changed.note.startswith("期限由2026-") and "原因：" in changed.note

    with pytest.raises(ValidationError, match="负责人"):
        workflow.extend(case, days=20, approver=role_users[Role.HANDLER], approved_on=date(2026, 3, 10))
    before = audit_entries(case).count()
    workflow.extend(case, days=20, approver=role_users[Role.HEAD], approved_on=date(2026, 3, 10))
    assert case.due_on > date(2026, 3, 23) and case.extension_days == 20
    assert audit_entries(case).count() == before + 1
    with pytest.raises(ValidationError, match="一次"):
        workflow.extend(case, days=5, approver=role_users[Role.HEAD], approved_on=date(2026, 3, 11))


def test_extension_alone_matches_domain_example(make_case: Any, role_users: dict[Role, Any]) -> None:
    case = make_case()
    workflow.extend(case, approver=role_users[Role.HEAD], approved_on=date(2026, 3, 13))
    assert case.due_on == date(2026, 4, 14)  # DOMAIN §6.5
    with pytest.raises(ValidationError, match="届满"):
        workflow.extend(make_case(), approver=role_users[Role.HEAD], approved_on=date(2026, 3, 17))


def test_clarification_restarts_clock_and_lapse_concludes_on_last_day(make_case: Any) -> None:
    case = make_case()
    workflow.request_clarification(
        case, on=date(2026, 2, 12), applicant_due=date(2026, 2, 27), items="请写明文号"
    )
    assert case.state == State.CLARIFICATION_REQUESTED and case.due_on is None
    with pytest.raises(ValidationError, match="一次性"):
        workflow.receive_clarification(case, on=date(2026, 2, 20))
        workflow.request_clarification(case, on=date(2026, 2, 21), applicant_due=date(2026, 3, 1), items="x")
    case.refresh_from_db()
    assert case.clarified_on == date(2026, 2, 20)
    direct = workflow.deadline_for(case)[0]
    assert case.due_on == direct and direct > date(2026, 3, 16)
    assert case.receipt_on == date(2026, 2, 10)  # §10 Q18: original receipt date kept

    other = make_case()
    workflow.request_clarification(
        other, on=date(2026, 2, 12), applicant_due=date(2026, 2, 27), items="请写明文号"
    )
    with pytest.raises(ValidationError):
        workflow.lapse_clarification(other, today=date(2026, 2, 27))
    workflow.lapse_clarification(other, today=date(2026, 3, 2))
    assert other.state == State.LAPSED and other.outcome == "other.no_clarification"
    assert other.concluded_on == date(2026, 2, 27)


def test_reply_requires_reason_and_article(make_case: Any) -> None:
    case = make_case()
    with pytest.raises(ValidationError, match="理由"):
        workflow.reply(case, code="other.other", on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="理由"):
        workflow.reply(case, code="denied.process_info", on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="专门"):
        workflow.reply(case, code="other.no_clarification", on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="补正"):
        workflow.reply(case, code="unable.still_unclear", on=date(2026, 3, 1))
    workflow.reply(case, code="granted.provided", on=date(2026, 3, 1))
    assert case.state == State.ANSWERED and case.outcome_basis == "第三十六条第（二）项"
    assert case.concluded_on == date(2026, 3, 1)
    reply = case.events.get(kind=EventKind.REPLIED)
    assert reply.basis == "第三十六条第（二）项" and reply.state_before == State.IN_PROGRESS
    workflow.archive(case, on=date(2026, 3, 5))
    assert case.state == State.ARCHIVED


def test_fee_notice_pauses_and_unpaid_lapses(make_case: Any) -> None:
    case = make_case()
    workflow.send_fee_notice(case, on=date(2026, 2, 24), amount=Decimal("100"))
    assert case.state == State.FEE_NOTICE_SENT and case.fee_due is not None
    assert case.due_on > date(2026, 3, 16)
    workflow.lapse_fee(case, today=date(2026, 4, 30))
    assert case.outcome == "other.unpaid_fee" and case.concluded_on == case.fee_due


def test_every_transition_one_audit_entry_and_ledger_is_append_only(make_case: Any) -> None:
    case = make_case(channel="mail", arrived_on=date(2026, 2, 10))
    steps = [
        lambda: workflow.confirm(case, on=date(2026, 2, 10)),
        lambda: workflow.request_reasons(case, on=date(2026, 2, 12)),
        lambda: workflow.set_delayed_deadline(case, on=date(2026, 2, 13), delayed_to=date(2026, 4, 30)),
        lambda: workflow.withdraw(case, on=date(2026, 3, 1)),
    ]
    for step in steps:
        before = audit_entries(case).count()
        ledger = case.events.count()
        step()
        assert audit_entries(case).count() == before + 1
        assert case.events.count() > ledger
    assert case.due_on == date(2026, 4, 30)
    event = case.events.first()
    with pytest.raises(AppendOnlyError):
        event.note = "改"
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).update(note="改")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().delete()


# -- calendar gaps and recomputation ---------------------------------------------------------------------


def test_calendar_gap_is_stored_never_guessed(make_case: Any) -> None:
    case = make_case(arrived_on=date(2026, 12, 10))
    assert case.due_on is None
    assert case.deadline_error == "无法计算：缺少2027年通知"
    assert any("2027" in line for line in case.deadline_trace)


def test_saving_overrides_recomputes_open_cases_and_logs_the_change(
    make_case: Any, role_users: dict[Role, Any]
) -> None:
    gap = make_case(arrived_on=date(2026, 12, 10))
    normal = make_case(arrived_on=date(2026, 3, 2))
    closed = make_case(arrived_on=date(2026, 12, 9))
    workflow.withdraw(closed, on=date(2026, 12, 11))
    normal_due = normal.due_on
    admin = role_users[Role.ADMIN]
    audit_before = audit_entries(gap).count()
    # An invented 2027 arrangement: 元旦 and a week off in February, one make-up Saturday.
    days_off = [date(2027, 1, 1)] + [date(2027, 2, d) for d in range(6, 13)]
    row, moved = workdays.save_year(2027, days_off=days_off, workdays=[date(2027, 2, 20)], source="测试〔2026〕1号",
                                    by=admin)  # fmt: skip
    assert moved == 1
    assert audit_entries(row).count() == 1 and audit_entries(row).get().action == "create"
    gap.refresh_from_db()
    assert gap.deadline_error == "" and gap.due_on is not None and gap.due_on.year == 2027
    assert audit_entries(gap).count() == audit_before + 1
    event = gap.events.filter(kind=EventKind.DEADLINE_CHANGED).last()
    assert (
        event.note.startswith("期限由无法计算：缺少2027年通知变更为2027-") and "测试〔2026〕1号" in event.note
    )
    normal.refresh_from_db()
    assert normal.due_on == normal_due
    closed.refresh_from_db()
    assert closed.deadline_error == "无法计算：缺少2027年通知"  # concluded cases are left alone
    # Changing the year again moves the deadline by the inserted day off, logged once more.
    old_due = gap.due_on
    _, moved = workdays.save_year(
        2027, days_off=[*days_off, old_due], workdays=[], source="测试〔2026〕2号", by=admin
    )
    gap.refresh_from_db()
    assert moved == 1 and gap.due_on > old_due
    assert audit_entries(row).filter(action="change").count() == 1
    assert CalendarYear.objects.get(year=2027).entered_by == admin
    assert 2027 in workdays.platform_calendar().covered_years()
