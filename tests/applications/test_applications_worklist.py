"""The staff work list: scope, filters, search (and its personal-data log), due markers, query count."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.applications import reminders, workflow
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

# 2026: 春节 holidays 2月15日–23日, make-up working days 2月14日 (Sat) and 2月28日 (Sat).
FRIDAY_BEFORE_FESTIVAL = date(2026, 2, 13)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr("gongkai.applications.workdays.today", lambda: FRIDAY_BEFORE_FESTIVAL)
    return FRIDAY_BEFORE_FESTIVAL


def _set_due(case: Application, due: date) -> None:
    # The markers read the cached column; setting it directly isolates them from the deadline rules.
    Application.objects.filter(pk=case.pk).update(due_on=due)


def _rows(html: str) -> dict[str, str]:
    """case number → the row's marker class ("" when none)."""
    return {
        m.group(1): (m.group(2) or "")
        for m in re.finditer(r'<tr data-case="([^"]+)"(?: class="due-(\w+)")?>', html)
    }


def test_list_is_scoped_by_list_filter_and_search(make_user: Any, make_case: Any, client: Any) -> None:
    own = make_case("gaoxin", applicant_name="王五")
    foreign = make_case("city_finance", applicant_name="赵六", description="外机构的独特申请内容")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    url = reverse("applications:list")
    assert set(_rows(client.get(url).content.decode())) == {own.number}
    # Filtering on the foreign agency (not among the choices) or searching its number, query code,
    # text or applicant finds nothing outside the scope.
    for params in (
        {"agency": foreign.agency_id},
        {"q": foreign.number},
        {"q": foreign.query_code},
        {"q": "外机构的独特"},
        {"applicant": "赵六"},
        {"state": "all"},
    ):
        # The search box echoes the term, so the rows are what must not show the case.
        assert foreign.number not in _rows(client.get(url, params).content.decode()), params


def test_list_shows_no_personal_data(make_user: Any, make_case: Any, client: Any) -> None:
    case = make_case("gaoxin", applicant_name="钱七", phone="13711112222")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    text = client.get(reverse("applications:list")).content.decode()
    assert case.number in text and "钱七" not in text and "13711112222" not in text


def test_search_by_number_code_and_text(make_user: Any, make_case: Any, client: Any) -> None:
    a = make_case("gaoxin", description="关于甲项目的批复")
    b = make_case("gaoxin", description="关于乙项目的合同")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    url = reverse("applications:list")
    assert set(_rows(client.get(url, {"q": "乙项目"}).content.decode())) == {b.number}
    assert set(_rows(client.get(url, {"q": a.number}).content.decode())) == {a.number}
    assert set(_rows(client.get(url, {"q": b.query_code.lower()}).content.decode())) == {b.number}


def test_name_search_is_logged_once_and_only_for_personal_roles(
    make_user: Any, make_case: Any, client: Any
) -> None:
    a = make_case("gaoxin", applicant_name="孙八")
    make_case("gaoxin", applicant_name="周九")
    url = reverse("applications:list")
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    before = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count()
    text = client.get(url, {"applicant": "孙八"}).content.decode()
    assert set(_rows(text)) == {a.number}
    views = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).order_by("-id")
    assert views.count() == before + 1
    entry = views.first()
    assert entry.sensitive and "按申请人姓名检索" in entry.note and "孙八" not in entry.note
    # A plain list view logs nothing.
    client.get(url)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == before + 1

    # 督查 has no PERSONAL: no name field, the parameter is ignored (no oracle), nothing is logged.
    client.force_login(make_user(Role.SUPERVISOR, "gaoxin"))
    text = client.get(url, {"applicant": "孙八"}).content.decode()
    assert 'name="applicant"' not in text
    assert len(_rows(text)) == 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == before + 1


def test_markers_on_spring_festival_dates(today: date, make_user: Any, make_case: Any, client: Any) -> None:
    # Friday 13 Feb: the next working days are Sat 14 Feb (make-up), Tue 24 and Wed 25 Feb.
    assert reminders.soon_limit(today) == date(2026, 2, 25)
    late, soon, later, closed = (make_case("gaoxin") for _ in range(4))
    _set_due(late, date(2026, 2, 12))
    _set_due(soon, date(2026, 2, 25))  # 12 calendar days away, but 3 working days
    _set_due(later, date(2026, 2, 26))
    workflow.reply(closed, code="granted.provided", on=date(2026, 2, 11))
    _set_due(closed, date(2026, 2, 12))
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    url = reverse("applications:list")
    rows = _rows(client.get(url, {"state": "all"}).content.decode())
    assert rows == {late.number: "overdue", soon.number: "soon", later.number: "", closed.number: ""}
    assert set(_rows(client.get(url, {"due": "overdue"}).content.decode())) == {late.number}
    assert set(_rows(client.get(url, {"due": "soon"}).content.decode())) == {soon.number}
    # This week ends on Sunday 15 Feb: nothing open is due by then except what is overdue.
    assert set(_rows(client.get(url, {"due": "week"}).content.decode())) == set()


def test_markers_on_an_ordinary_week(monkeypatch: pytest.MonkeyPatch, make_user: Any, make_case: Any,
                                     client: Any) -> None:  # fmt: skip
    monkeypatch.setattr("gongkai.applications.workdays.today", lambda: date(2026, 3, 16))  # Monday
    a, b = make_case("gaoxin"), make_case("gaoxin")
    _set_due(a, date(2026, 3, 19))  # Thursday: 3rd working day → soon
    _set_due(b, date(2026, 3, 20))  # Friday: 4th → not soon, but this week
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    url = reverse("applications:list")
    assert _rows(client.get(url).content.decode()) == {a.number: "soon", b.number: ""}
    assert set(_rows(client.get(url, {"due": "week"}).content.decode())) == {a.number, b.number}


def test_filters_and_sort(make_user: Any, make_case: Any, client: Any) -> None:
    handler = make_user(Role.HANDLER, "gaoxin")
    a = make_case("gaoxin", arrived_on=date(2026, 2, 10))
    b = make_case("gaoxin", arrived_on=date(2026, 3, 2), applicant_kind="commercial", id_type="other",
                  id_number="X-1")  # fmt: skip
    c = make_case("gaoxin_finance", arrived_on=date(2026, 3, 3))
    workflow.assign(b, handler=handler, on=date(2026, 3, 2))
    workflow.reply(c, code="unable.not_exist", on=date(2026, 3, 4))
    head = make_user(Role.SUPERVISOR, "gaoxin")  # sees the subtree
    client.force_login(head)
    url = reverse("applications:list")

    def numbers(**params: Any) -> list[str]:
        return list(_rows(client.get(url, params).content.decode()))

    assert numbers() == [a.number, b.number]  # open only, earliest deadline first
    assert numbers(sort="-due") == [b.number, a.number]
    assert set(numbers(state="all")) == {a.number, b.number, c.number}
    assert numbers(state="answered") == [c.number]
    assert numbers(state="all", outcome="unable.not_exist") == [c.number]
    assert numbers(kind="commercial") == [b.number]
    assert numbers(state="all", agency=c.agency_id) == [c.number]
    assert numbers(received_from="2026-03-01", received_to="2026-03-02") == [b.number]
    assert numbers(handler=str(handler.pk)) == [b.number]
    assert numbers(handler="none") == [a.number]
    client.force_login(handler)
    assert numbers(handler="me") == [b.number]


def test_list_query_count_does_not_grow_with_rows(make_user: Any, make_case: Any, client: Any) -> None:
    handler = make_user(Role.HANDLER, "gaoxin")
    client.force_login(handler)
    url = reverse("applications:list")
    for _ in range(3):
        workflow.assign(make_case("gaoxin"), handler=handler, on=date(2026, 2, 10))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        workflow.assign(make_case("gaoxin"), handler=handler, on=date(2026, 2, 10))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_paging_keeps_filters(make_user: Any, make_case: Any, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("gongkai.applications.views_worklist.PAGE_SIZE", 2)
    cases = [make_case("gaoxin") for _ in range(5)]
    client.force_login(make_user(Role.HANDLER, "gaoxin"))
    text = client.get(reverse("applications:list"), {"kind": "natural_person", "page": 3}).content.decode()
    assert len(_rows(text)) == 1 and "kind=natural_person&amp;page=2" in text
    assert {n for p in (1, 2, 3) for n in _rows(client.get(reverse("applications:list"), {"page": p}).content.decode())} == {
        c.number for c in cases}  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"state": "all", "q": 'a"<b', "received_from": "2026-01-02", "handler": "me", "kind": "commercial"},
        {"agency": "zz", "received_to": "bad", "sort": "x", "action": "extend", "days": "99", "reason": "a<b\nc"},
        {"action": "assign", "basis": "第三十六条"},
    ],
)
def test_fast_widgets_render_exactly_as_django(data: dict[str, str] | None) -> None:
    """The work list's forms render through fastwidgets: byte for byte the stock widget templates."""
    from types import SimpleNamespace

    from django.forms.renderers import DjangoTemplates

    from gongkai.applications.bulk import BulkForm
    from gongkai.applications.fastwidgets import RENDERER
    from gongkai.applications.views_worklist import WorklistFilter

    agencies = [SimpleNamespace(pk=1, name='甲<&>"机构'), SimpleNamespace(pk=2, name="乙")]
    handlers = [("3", "王五"), ("4", "x<y")]
    stock = DjangoTemplates()

    def forms(renderer: Any) -> list[Any]:
        return [
            WorklistFilter(data, agencies=agencies, handlers=handlers, personal=True, renderer=renderer),
            BulkForm(data, user=None, handlers=handlers, renderer=renderer),
        ]

    for ours, theirs in zip(forms(RENDERER), forms(stock), strict=True):
        assert [str(f) for f in ours] == [str(f) for f in theirs]
    assert WorklistFilter.default_renderer is RENDERER and BulkForm.default_renderer is RENDERER
