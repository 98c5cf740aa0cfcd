"""The status page: state in plain Chinese, dates, outcome category — and nothing personal, ever."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.accounts.roles import Role
from gongkai.applications import workflow
from gongkai.applications.models import Application, State
from gongkai.portal.status import STATE_TEXT, outcome_category

from .conftest import APPLY, SECRETS, STATUS

pytestmark = pytest.mark.django_db

HANDLER_NAME = "司马办理"


def _lookup(code: str, client: Client | None = None) -> str:
    response = (client or Client()).post(STATUS, {"code": code})
    assert response.status_code == 200
    return response.content.decode()


def _assert_nothing_personal(text: str, case: Application, handler: Any = None) -> None:
    for value in SECRETS.values():
        assert value not in text, value
    for value in (
        case.applicant_name,
        case.id_number,
        case.phone,
        case.email,
        case.address,
        case.description,
    ):
        assert value and value not in text, value
    # No ledger notes, no legal-internal text, no staff names.
    for event in case.events.all():
        if event.note:
            assert event.note not in text, event.note
    if handler is not None:
        assert handler.get_username() not in text and handler.get_full_name() not in text
    assert case.query_code not in text  # the code is not echoed back either


@pytest.fixture
def case(agencies: dict[str, Any]) -> Application:
    """An online case registered with fixed dates (the 2026 calendar of DOMAIN §6.5)."""
    fields = {k: v for k, v in SECRETS.items()}
    return workflow.register(
        agencies["gaoxin"], applicant_kind="natural_person", id_type="resident_id", channel="online",
        arrived_on=date(2026, 2, 10), **fields,
    )  # fmt: skip


@pytest.fixture
def handler(make_user: Any) -> Any:
    return make_user(Role.HANDLER, "gaoxin", username="simaban", name=HANDLER_NAME)


def test_submitted_case_awaits_confirmation(case: Application) -> None:
    text = _lookup(case.query_code)
    assert STATE_TEXT[State.AWAITING_CONFIRMATION][0] in text
    assert case.number in text and "湘潭国家高新技术产业开发区管理委员会" in text
    assert "2026-02-10" in text and "待确认" in text
    assert "确认收到申请后计算" in text
    _assert_nothing_personal(text, case)


def test_confirmed_case_shows_state_receipt_and_due_date(case: Application, handler: Any) -> None:
    workflow.confirm(case, on=date(2026, 2, 10), by=handler)
    text = _lookup(case.query_code)
    assert "办理中" in text
    assert "2026-03-16" in text  # 20 WD across 春节 (DOMAIN §6.5 worked example)
    _assert_nothing_personal(text, case, handler)


def test_code_is_forgiving_about_case_spaces_and_dashes(case: Application) -> None:
    code = case.query_code
    text = _lookup(f"  {code[:4].lower()}-{code[4:8]} {code[8:]} ")
    assert case.number in text


def test_clarification_and_extension_are_shown_without_their_texts(
    case: Application, handler: Any, make_user: Any
) -> None:
    workflow.confirm(case, on=date(2026, 2, 10), by=handler)
    workflow.request_clarification(
        case,
        on=date(2026, 2, 12),
        applicant_due=date(2026, 3, 2),
        items="请写明电梯所在楼栋（内部备注）",
        by=handler,
    )
    text = _lookup(case.query_code)
    assert "待补正" in text and "收到补正后重新计算" in text
    assert "内部备注" not in text and "电梯所在楼栋" not in text
    workflow.receive_clarification(case, on=date(2026, 2, 24), by=handler)
    head = make_user(Role.HEAD, "gaoxin", username="head_gx", name="欧阳负责")
    workflow.extend(case, days=20, approver=head, approved_on=date(2026, 3, 2), by=handler)
    case.refresh_from_db()
    text = _lookup(case.query_code)
    assert case.due_on.isoformat() in text and "已依法延长" in text
    assert "欧阳负责" not in text and "head_gx" not in text
    _assert_nothing_personal(text, case, handler)


def test_concluded_case_shows_outcome_category_and_dates(case: Application, handler: Any) -> None:
    workflow.confirm(case, on=date(2026, 2, 10), by=handler)
    workflow.reply(
        case,
        code="denied.third_party",
        on=date(2026, 3, 5),
        reason="涉及第三方商业秘密（内部理由）",
        by=handler,
    )
    text = _lookup(case.query_code)
    assert "已答复" in text and "不予公开" in text and "2026-03-05" in text
    assert "内部理由" not in text and "商业秘密" not in text  # the category, not the reasons
    assert "答复期限" not in text  # a concluded case has no running deadline
    _assert_nothing_personal(text, case, handler)


def test_withdrawn_case(case: Application) -> None:
    workflow.withdraw(case, on=date(2026, 2, 11), reason="申请人来电撤回（内部）")
    text = _lookup(case.query_code)
    assert "已撤回" in text and "申请人撤回申请" in text and "内部" not in text


def _shape(text: str) -> str:
    # The CSRF token is masked differently on each response; everything else must be identical.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.parametrize("code", ["ABCDEFGHJKLM", "abcd-efgh-jklm", "!!!", "0000000000000", "A" * 40, "O1I0"])
def test_unknown_or_malformed_codes_get_the_same_not_found_page(
    demo: Any, case: Application, code: str
) -> None:
    reference = _shape(_lookup("ZZZZZZZZZZZZ"))
    text = _shape(_lookup(code))
    assert "未找到" in text and case.number not in text
    assert text == reference


def test_empty_code_is_a_form_error(demo: Any) -> None:
    text = Client().post(STATUS, {"code": ""}).content.decode()
    assert "请填写查询码" in text and "未找到" not in text


def test_status_form_by_get_shows_no_result(demo: Any) -> None:
    response = Client().get(STATUS, {"code": "ABCDEFGHJKLM"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "未找到" not in text and "办理情况" not in text  # the code is read from POST only


def test_status_requires_csrf(demo: Any, case: Application) -> None:
    assert Client(enforce_csrf_checks=True).post(STATUS, {"code": case.query_code}).status_code == 403


def test_round_trip_from_the_form(form_data: Any) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post(APPLY, form_data())
    code = client.session["portal_receipt"]["code"]
    text = _lookup(code, client)
    case = Application.objects.get()
    assert STATE_TEXT[State.AWAITING_CONFIRMATION][0] in text and case.number in text
    _assert_nothing_personal(text, case)


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("granted.provided", "予以公开"),
        ("granted.already_public", "予以公开"),
        ("partial", "部分公开"),
        ("denied.state_secret", "不予公开"),
        ("unable.not_exist", "无法提供"),
        ("not_processed.repeat", "不予处理"),
        ("other.no_clarification", "视为放弃申请（逾期未补正）"),
        ("other.other", "其他处理"),
        ("", ""),
    ],
)
def test_outcome_categories(code: str, category: str) -> None:
    assert outcome_category(code) == category


def test_every_state_has_public_wording() -> None:
    assert set(STATE_TEXT) == set(State.values)


def test_the_public_view_is_a_fixed_whitelist(case: Application) -> None:
    from gongkai.portal.status import public_view

    # Adding a key here is a decision about what the public may see: make it deliberately.
    assert set(public_view(case)) == {
        "number", "agency", "agency_phone", "state", "explanation", "open", "submitted_on", "receipt_on",
        "due_on", "due_note", "extended", "outcome", "replied_on", "concluded_on",
    }  # fmt: skip
