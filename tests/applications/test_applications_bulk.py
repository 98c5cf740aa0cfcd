"""Bulk actions: preview (allowed or why not) changes nothing; confirm runs the workflow per case."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.applications import workflow
from gongkai.applications.models import Application, CaseEvent, EventKind, State
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "applications:bulk"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gongkai.applications.workdays.today", lambda: date(2026, 3, 5))


def _entries(case: Application) -> int:
    ct = ContentType.objects.get_for_model(Application)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(case.pk)).count()


def _items(html: str) -> dict[int, bool]:
    return {int(pk): ok == "1" for pk, ok in re.findall(r'data-item="(\d+)" data-allowed="([01])"', html)}


def test_assign_preview_then_confirm(make_user: Any, make_case: Any, client: Any) -> None:
    own = [make_case("gaoxin") for _ in range(3)]
    foreign = make_case("city_finance")
    handler = make_user(Role.HANDLER, "gaoxin", name="承办人甲")
    client.force_login(handler)
    ids = [str(c.pk) for c in [*own, foreign]]
    before = {c.pk: _entries(c) for c in [*own, foreign]}
    preview = client.post(reverse(URL), {"action": "assign", "handler": handler.pk, "ids": ids})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert _items(text) == {**{c.pk: True for c in own}, foreign.pk: False}
    assert foreign.number not in text and "没有找到该申请，或您无权办理" in text
    # The preview's trial run was rolled back: no change, no audit entry, no ledger row.
    assert {c.pk: _entries(c) for c in [*own, foreign]} == before
    assert not Application.objects.filter(assigned_to__isnull=False).exists()
    assert not CaseEvent.objects.filter(kind=EventKind.ASSIGNED).exists()

    # Confirm (even re-sending the foreign id by hand): each own case once, the foreign one untouched.
    done = client.post(reverse(URL), {"action": "assign", "handler": handler.pk, "ids": ids, "confirm": "1"})
    assert _items(done.content.decode()) == {**{c.pk: True for c in own}, foreign.pk: False}
    for c in own:
        c.refresh_from_db()
        assert c.assigned_to == handler
        assert _entries(c) == before[c.pk] + 1
        assert c.events.filter(kind=EventKind.ASSIGNED).count() == 1
    foreign.refresh_from_db()
    assert foreign.assigned_to is None and _entries(foreign) == before[foreign.pk]


def test_extend_needs_the_head(make_user: Any, make_case: Any, client: Any) -> None:
    cases = [make_case("gaoxin"), make_case("gaoxin")]
    workflow.extend(cases[1], days=5, approver=make_user(Role.HEAD, "gaoxin", username="head0"),
                    approved_on=date(2026, 3, 2))  # fmt: skip
    ids = [str(c.pk) for c in cases]
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    refused = client.post(reverse(URL), {"action": "extend", "days": 20, "ids": ids}).content.decode()
    assert _items(refused) == {cases[0].pk: False, cases[1].pk: False}
    assert "公开办负责人" in refused

    head = make_user(Role.HEAD, "gaoxin")
    client.force_login(head)
    preview = client.post(reverse(URL), {"action": "extend", "days": 20, "ids": ids}).content.decode()
    assert _items(preview) == {cases[0].pk: True, cases[1].pk: False}
    assert "只能延长一次" in preview
    client.post(reverse(URL), {"action": "extend", "days": 20, "ids": ids, "confirm": "1"})
    cases[0].refresh_from_db()
    assert cases[0].extension_days == 20 and cases[0].extension_approved_by == head
    assert cases[0].due_on == date(2026, 4, 14)


def test_close_with_one_outcome_refuses_what_the_workflow_refuses(
    make_user: Any, make_case: Any, client: Any
) -> None:
    a, b, c = make_case("gaoxin"), make_case("gaoxin"), make_case("gaoxin")
    workflow.request_clarification(c, on=date(2026, 2, 11), applicant_due=date(2026, 3, 1), items="写明名称")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    form = {"action": "close", "code": "unable.not_exist", "ids": [a.pk, b.pk, c.pk]}
    preview = client.post(reverse(URL), form).content.decode()
    assert _items(preview) == {a.pk: True, b.pk: True, c.pk: False}
    assert "待补正" in preview
    done = client.post(reverse(URL), {**form, "confirm": "1"}).content.decode()
    assert 'data-done>2<' in done and 'data-refused>1<' in done
    for case, state in ((a, State.ANSWERED), (b, State.ANSWERED), (c, State.CLARIFICATION_REQUESTED)):
        case.refresh_from_db()
        assert case.state == state
    assert a.outcome == "unable.not_exist" and a.replied_on == date(2026, 3, 5)


def test_bulk_is_refused_to_roles_that_do_not_handle(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    for role in (Role.SUPERVISOR, Role.REGISTRAR, Role.ADMIN):
        client.force_login(make_user(role, "gaoxin"))
        response = client.post(reverse(URL), {"action": "close", "code": "unable.not_exist", "ids": [case.pk],
                                              "confirm": "1"})  # fmt: skip
        assert response.status_code == 403, role
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS


def test_bulk_form_errors(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    assert client.post(reverse(URL), {"action": "close", "ids": [case.pk]}).status_code == 400
    assert client.post(reverse(URL), {"action": "close", "code": "unable.not_exist"}).status_code == 400
