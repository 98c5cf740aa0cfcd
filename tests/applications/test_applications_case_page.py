"""The case page: transitions through the workflow, letters drafted, edited, issued and downloaded."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.applications.models import Application, CaseEvent, EventKind, Letter, State
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _changes(obj: Any) -> int:
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).exclude(
        action=AuditEntry.Action.VIEW
    ).count()


def _act(case: Application, name: str) -> str:
    return reverse("applications:act", args=[case.pk, name])


def test_page_offers_the_steps_of_the_state(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    text = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
    for step in ("clarify", "consult", "extend", "reasons", "fee", "reply", "withdraw", "assign"):
        assert f'data-step="{step}"' in text, step
    for step in ("confirm", "clarified", "archive", "fee_paid"):
        assert f'data-step="{step}"' not in text, step
    assert "办理记录" in text and "答复期限" in text


def test_supervisor_sees_no_forms_and_cannot_act(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.SUPERVISOR, "gaoxin"))
    text = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
    assert "data-step=" not in text
    assert client.post(_act(case, "reasons"), {"reasons-on": "2026-02-12"}).status_code == 403
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_other_agency_cannot_see_or_act_by_guessed_url(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("city_finance")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    assert client.get(reverse("applications:detail", args=[case.pk])).status_code == 404
    response = client.post(_act(case, "reasons"), {"reasons-on": "2026-02-12"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and _changes(case) == 1  # the registration only


def test_transition_writes_one_audit_entry_and_one_ledger_row(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    audits, rows = _changes(case), case.events.count()
    response = client.post(_act(case, "reasons"), {"reasons-on": "2026-02-12"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REASON_REQUESTED
    assert _changes(case) == audits + 1
    assert case.events.count() == rows + 1


def test_workflow_error_is_shown_on_the_form(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    response = client.post(_act(case, "reasons"), {"reasons-on": "2026-01-05"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "不能早于收到申请之日" in text and "data-error" in text
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and _changes(case) == 1


def test_step_not_allowed_in_state(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    response = client.post(_act(case, "clarified"), {"clarified-on": "2026-02-12"})
    assert response.status_code == 409 and "不能登记收到补正" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def _draft_and_issue(client: Any, case: Application, step: str, fields: dict[str, str], edit: Any) -> Any:
    data = {f"{step}-{k}": v for k, v in fields.items()}
    draft = client.post(_act(case, step), data)
    assert draft.status_code == 200, draft.content.decode()[:500]
    ctx = draft.context
    editor = ctx["editor"]
    posted = dict(data)
    posted.update({f"letter-{k}": v for k, v in editor.initial.items()})
    posted["stage"] = "issue"
    edit(posted)
    return draft, client.post(_act(case, step), posted)


def test_clarification_letter_is_drafted_edited_and_issued(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin", applicant_name="李雷")
    handler = make_user(Role.HANDLER, "gaoxin")
    client.force_login(handler)
    audits, rows = _changes(case), case.events.exclude(kind=EventKind.DEADLINE_CHANGED).count()

    def edit(posted: dict[str, str]) -> None:
        posted["letter-body"] = posted["letter-body"] + "\n编辑后增加的一段：请注明文件年份。"

    draft, issued = _draft_and_issue(
        client, case, "clarify",
        {"on": "2026-02-12", "applicant_due": "2026-03-02", "items": "请写明文件名称\n请写明年份"},
        edit,
    )  # fmt: skip
    text = draft.content.decode()
    assert "政府信息公开申请补正告知书" in text and "请写明文件名称" in text and "李雷" in text
    # The draft changed nothing.
    assert draft.context["case"].state == State.IN_PROGRESS
    assert issued.status_code == 302, issued.content.decode()[:800]
    case.refresh_from_db()
    assert case.state == State.CLARIFICATION_REQUESTED
    letter = Letter.objects.get(application=case)
    assert letter.kind == "clarification" and letter.issued_by == handler
    assert "编辑后增加的一段：请注明文件年份。" in letter.text["paragraphs"]
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.path.read_bytes())).paragraphs)
    assert "编辑后增加的一段：请注明文件年份。" in body and "李雷" in body
    # One entry for the case's change, one for the letter; ledger rows for the step and the letter
    # (plus the workflow's own "期限变更" row: the answer clock waits for the correction).
    assert _changes(case) == audits + 1
    assert _changes(letter) == 1
    assert case.events.exclude(kind=EventKind.DEADLINE_CHANGED).count() == rows + 2
    assert case.events.filter(kind=EventKind.LETTER_ISSUED, data__letter=letter.pk).exists()
    # Stored under the data directory, never under static or media roots.
    assert "letters" in str(letter.path)


def test_extension_letter_with_head_as_approver(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    head = make_user(Role.HEAD, "gaoxin", name="负责人甲")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    draft, issued = _draft_and_issue(
        client, case, "extend", {"approver": str(head.pk), "days": "20", "approved_on": "2026-03-10"}, lambda p: None
    )
    assert "2026年4月14日" in draft.content.decode()  # DOMAIN §6.5 worked example
    assert issued.status_code == 302
    case.refresh_from_db()
    assert case.due_on == date(2026, 4, 14) and case.extension_approved_by == head
    assert Letter.objects.get(application=case).kind == "extension"


def test_extension_refused_for_a_non_head_approver(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    handler = make_user(Role.HANDLER, "gaoxin")
    client.force_login(handler)
    # The choice list holds 负责人 only: a handler's id is not a valid choice.
    response = client.post(_act(case, "extend"), {"extend-approver": str(handler.pk), "extend-days": "20",
                                                  "extend-approved_on": "2026-03-10"})  # fmt: skip
    assert response.status_code == 200 and not Letter.objects.exists()
    case.refresh_from_db()
    assert case.extension_days == 0


def test_reply_letter_and_no_letter_option(make_user: Any, make_case: Any, client: Any) -> None:
    a, b = make_case("gaoxin"), make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    fields = {"code": "granted.provided", "on": "2026-03-05", "review_body": "湘潭市人民政府",
              "info_description": "立项批复文件", "info_form": "电子文档"}  # fmt: skip
    _, issued = _draft_and_issue(client, a, "reply", fields, lambda p: None)
    assert issued.status_code == 302
    a.refresh_from_db()
    assert a.state == State.ANSWERED and Letter.objects.get(application=a).title == "政府信息公开申请答复书"
    # Without a letter the step runs at once.
    response = client.post(_act(b, "reply"), {f"reply-{k}": v for k, v in {**fields, "no_letter": "on"}.items()})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.state == State.ANSWERED and not Letter.objects.filter(application=b).exists()


def test_letter_error_is_shown_before_anything_changes(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    # granted.provided needs the information provided and its form (第三十六条（二）, 第四十条).
    response = client.post(_act(case, "reply"), {"reply-code": "granted.provided", "reply-on": "2026-03-05",
                                                 "reply-review_body": "湘潭市人民政府"})  # fmt: skip
    assert response.status_code == 200 and "提供的政府信息" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and _changes(case) == 1


def test_dropping_essentials_warns_before_issue(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))

    def strip_deadline(posted: dict[str, str]) -> None:
        posted["letter-body"] = "请补正。"

    _, response = _draft_and_issue(
        client, case, "clarify", {"on": "2026-02-12", "applicant_due": "2026-03-02", "items": "写明名称"},
        strip_deadline,
    )  # fmt: skip
    assert response.status_code == 200 and "data-warning" in response.content.decode()
    assert not Letter.objects.exists()
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_letter_download_is_scoped_and_logged(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    _draft_and_issue(client, case, "clarify",
                     {"on": "2026-02-12", "applicant_due": "2026-03-02", "items": "写明名称"}, lambda p: None)  # fmt: skip
    letter = Letter.objects.get()
    url = reverse("applications:letter", args=[letter.pk])
    views = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_id=str(letter.pk),
                                      content_type=ContentType.objects.get_for_model(Letter))  # fmt: skip
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert views.count() == 1 and views.get().sensitive
    page = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
    assert url in page
    for role, agency, status in ((Role.HANDLER, "city_finance", 404), (Role.SUPERVISOR, "gaoxin", 403),
                                 (Role.ADMIN, "gaoxin", 403)):  # fmt: skip
        client.force_login(make_user(role, agency))
        assert client.get(url).status_code == status, (role, agency)
    assert views.count() == 1


def test_assign_step_and_ledger(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    other = make_user(Role.HANDLER, "gaoxin", username="chengban2", name="承办人乙")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    assert client.post(_act(case, "assign"), {"assign-handler": str(other.pk)}).status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == other
    assert CaseEvent.objects.filter(application=case, kind=EventKind.ASSIGNED).count() == 1
    assert "承办人乙" in client.get(reverse("applications:detail", args=[case.pk])).content.decode()


def test_registrar_confirms_receipt_but_takes_no_other_step(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin", channel="online", arrived_on=date(2026, 2, 9))
    foreign = make_case("city_finance", channel="online", arrived_on=date(2026, 2, 9))
    client.force_login(make_user(Role.REGISTRAR, "gaoxin"))
    text = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
    # 第三十一条: the confirmation is offered to the 登记员; withdraw and assign (HANDLE) are not.
    assert 'data-step="confirm"' in text
    assert 'data-step="withdraw"' not in text and 'data-step="assign"' not in text
    assert client.post(_act(case, "withdraw"), {"withdraw-on": "2026-02-10"}).status_code == 403
    # Another agency's case stays out of reach (404: its existence is not revealed).
    assert client.post(_act(foreign, "confirm"), {"confirm-on": "2026-02-10"}).status_code == 404
    response = client.post(_act(case, "confirm"), {"confirm-on": "2026-02-10"})
    assert response.status_code == 302
    case.refresh_from_db()
    foreign.refresh_from_db()
    assert case.state == State.IN_PROGRESS and case.receipt_on == date(2026, 2, 10)
    assert case.events.filter(kind=EventKind.CONFIRMED).count() == 1
    assert foreign.state == State.AWAITING_CONFIRMATION
    # Once confirmed, the case is the 承办人's: the registrar sees no step at all.
    text = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
    assert "data-step=" not in text
    assert client.post(_act(case, "reasons"), {"reasons-on": "2026-02-12"}).status_code == 403
