"""The online application form: validation, uploads, registration, receipt page, audit and scoping."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import gongkai
from gongkai.accounts.roles import Role
from gongkai.applications.models import Application, AttachmentKind, CaseEvent, State
from gongkai.audit.models import AuditEntry
from gongkai.portal import uploads
from gongkai.portal.views import PUBLIC_ACTOR, RECEIPT_KEY

from .conftest import APPLY, SECRETS, credit_code, docx_bytes, pdf_bytes, resident_id

pytestmark = pytest.mark.django_db


def _post(client: Client, data: dict[str, Any]) -> Any:
    return client.post(APPLY, data)


def _errors(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {k: list(v) for k, v in form.errors.items()}


def test_form_renders_for_anonymous_with_public_navigation(demo: Any, client: Client) -> None:
    response = client.get(APPLY)
    assert response.status_code == 200
    text = response.content.decode()
    assert "政府信息公开申请表" in text and 'enctype="multipart/form-data"' in text
    assert "csrfmiddlewaretoken" in text
    assert 'class="public-nav"' in text and 'class="menu"' not in text  # no staff menu
    # Only agencies that may receive applications (第二十七条): no 行政区域 node.
    agencies = list(response.context["form"].fields["agency"].queryset)
    assert agencies and all(a.kind != "region" and a.is_active for a in agencies)
    assert "<style" not in text and "style=" not in text and "<script" not in text  # CSP


def test_success_registers_online_case_and_echoes_no_personal_data(
    agencies: dict[str, Any], form_data: Any
) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = _post(client, form_data())
    assert response.status_code == 302 and response["Location"] == "/public/apply/done/"
    case = Application.objects.get()
    assert case.agency == agencies["gaoxin"]
    assert case.channel == "online" and case.state == State.AWAITING_CONFIRMATION
    assert case.receipt_on is None and case.due_on is None  # 第三十一条: waits for the agency's confirmation
    assert case.applicant_name == SECRETS["applicant_name"] and case.id_number == SECRETS["id_number"]
    assert case.description == SECRETS["description"]

    done = client.get(response["Location"])
    assert done.status_code == 200
    text = done.content.decode()
    assert case.query_code in text and case.number in text
    for value in SECRETS.values():
        assert value not in text, value
    # The session carries only the receipt, never what was typed.
    assert client.session[RECEIPT_KEY] == {"number": case.number, "code": case.query_code}


def test_receipt_page_without_a_submission_goes_back_to_the_form(demo: Any, client: Client) -> None:
    response = client.get("/public/apply/done/")
    assert response.status_code == 302 and response["Location"] == APPLY


def test_create_is_audited_as_the_anonymous_public_with_the_address(form_data: Any) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    _post(client, form_data())
    case = Application.objects.get()
    entry = AuditEntry.objects.get(action="create", object_id=str(case.pk), content_type__model="application")
    assert entry.actor is None and entry.actor_name == PUBLIC_ACTOR and entry.ip == "10.1.2.3"
    assert entry.sensitive and entry.agency_id == case.agency_id
    assert SECRETS["id_number"] not in str(entry.changes)  # redacted by the model
    event = CaseEvent.objects.get(application=case)
    assert event.kind == "registered" and event.actor is None and event.actor_name == PUBLIC_ACTOR


def test_case_is_scoped_to_the_chosen_agency(form_data: Any, make_user: Any) -> None:
    _post(Client(), form_data("gaoxin"))
    case = Application.objects.get()
    other = Client()
    other.force_login(make_user(Role.HANDLER, "city_finance", username="other_handler"))
    assert other.get(f"/staff/applications/{case.pk}/").status_code == 404
    assert case.number not in other.get("/staff/applications/").content.decode()
    own = Client()
    own.force_login(make_user(Role.HANDLER, "gaoxin", username="own_handler"))
    assert own.get(f"/staff/applications/{case.pk}/").status_code == 200


def test_organisation_with_valid_credit_code(form_data: Any) -> None:
    response = _post(
        Client(),
        form_data(
            applicant_kind="commercial",
            id_type="credit_code",
            id_number=credit_code().lower(),
            applicant_name="湘潭某某科技有限公司",
        ),
    )
    assert response.status_code == 302
    case = Application.objects.get()
    assert case.applicant_kind == "commercial" and case.id_number == credit_code()  # normalised


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        (
            {"id_number": resident_id()[:17] + ("0" if resident_id()[17] != "0" else "1")},
            "id_number",
            "校验码",
        ),
        ({"id_number": "43030219851332123X"}, "id_number", "居民身份证号码无效"),
        (
            {"applicant_kind": "commercial", "id_type": "credit_code", "id_number": credit_code()[:17] + "Y"},
            "id_number",
            "统一社会信用代码无效",
        ),
        ({"applicant_kind": "commercial", "id_type": "resident_id"}, "id_type", "法人或其他组织"),
        ({"description": ""}, "description", "请写明申请公开的政府信息"),
        ({"description": "文件"}, "description", "过短"),
        ({"description": "字" * 2001}, "description", "不得超过 2000 个字"),
        ({"applicant_name": ""}, "applicant_name", "请填写申请人姓名或名称"),
        ({"phone": "", "email": "", "delivery": "post"}, "phone", "至少填写联系电话或电子邮箱"),
        ({"phone": "abc"}, "phone", "联系电话格式不正确"),
        ({"email": "not-an-email"}, "email", "有效的电子邮箱"),
        ({"email": "", "delivery": "email"}, "email", "选择以电子邮件获取的"),
        ({"address": "", "delivery": "post"}, "address", "选择邮寄的"),
        ({"postal_code": "4111"}, "postal_code", "6 位数字"),
        ({"agency": "999999"}, "agency", "所选受理机构不存在"),
        ({"info_form": "carrier-pigeon"}, "info_form", "信息的形式无效"),
    ],
)
def test_validation_errors_in_chinese(form_data: Any, over: dict[str, Any], field: str, message: str) -> None:
    response = _post(Client(), form_data(**over))
    assert response.status_code == 200
    errors = _errors(response)
    assert field in errors and any(message in e for e in errors[field]), errors
    assert "提交未成功" in response.content.decode()
    assert not Application.objects.exists()


def test_region_node_is_not_an_addressee(agencies: dict[str, Any], form_data: Any) -> None:
    region = next(a for a in agencies.values() if a.kind == "region")
    response = _post(Client(), form_data(agency=region.pk))
    assert "agency" in _errors(response)


# -- uploads ------------------------------------------------------------------------------------------


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_valid_attachments_are_stored_outside_the_web_root(form_data: Any, settings: Any) -> None:
    data = form_data(
        identity_files=[
            _file("身份证.pdf", pdf_bytes()),
            _file("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50),
        ],
        other_files=[_file("说明.docx", docx_bytes()), _file("补充.txt", "补充说明：无。".encode())],
    )
    response = _post(Client(), data)
    assert response.status_code == 302, _errors(response) if response.status_code == 200 else response
    case = Application.objects.get()
    files = list(case.attachments.order_by("id"))
    assert [f.kind for f in files] == [AttachmentKind.IDENTITY] * 2 + [AttachmentKind.OTHER] * 2
    root = Path(settings.DATA_DIR).resolve()
    for item in files:
        assert item.path.resolve().is_relative_to(root / "attachments")
        assert item.path.exists() and oct(os.stat(item.path).st_mode & 0o777) == "0o600"
        assert not item.path.resolve().is_relative_to(
            Path(gongkai.__file__).resolve().parent
        )  # no static dir
    assert {f.original_name for f in files} == {"身份证.pdf", "照片.png", "说明.docx", "补充.txt"}
    # Each file is its own audited create, by the public.
    entries = AuditEntry.objects.filter(action="create", content_type__model="attachment")
    assert entries.count() == 4 and {e.actor_name for e in entries} == {PUBLIC_ACTOR}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00" + b"\0" * 60, "类型不允许上传"),
        ("page.html", b"<html><script>alert(1)</script></html>", "类型不允许上传"),
        ("伪装.pdf", b"MZ\x90\x00" + b"\0" * 60, "内容与其扩展名"),
        ("伪装.png", b"\xff\xd8\xff\xe0" + b"\0" * 60, "内容与其扩展名"),
        ("伪装.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "内容与其扩展名"),
        ("伪装.docx", docx_bytes(word=False), "内容与其扩展名"),
        ("伪装.doc", b"PK\x03\x04" + b"\0" * 60, "内容与其扩展名"),
        ("二进制.txt", b"abc\x00\x01\x02def", "内容与其扩展名"),
        ("空.pdf", b"", "空文件"),
        ("无扩展名", pdf_bytes(), "类型不允许上传"),
    ],
)
def test_forbidden_uploads_are_refused_by_content(
    form_data: Any, name: str, content: bytes, message: str
) -> None:
    response = _post(Client(), form_data(other_files=[_file(name, content)]))
    assert response.status_code == 200
    errors = _errors(response)
    assert any(message in e for e in errors.get("other_files", [])), errors
    assert not Application.objects.exists()


def test_oversize_file_is_refused(form_data: Any, settings: Any) -> None:
    settings.GONGKAI_PORTAL_MAX_FILE_BYTES = 1024
    response = _post(Client(), form_data(identity_files=[_file("大.pdf", pdf_bytes(4096))]))
    errors = _errors(response)
    assert any("超过单个文件 1 KB 的上限" in e for e in errors["identity_files"]), errors
    assert not Application.objects.exists()


def test_total_size_is_limited(form_data: Any, settings: Any) -> None:
    settings.GONGKAI_PORTAL_MAX_TOTAL_BYTES = 3000
    files = [_file(f"{i}.pdf", pdf_bytes(2000)) for i in range(2)]
    errors = _errors(_post(Client(), form_data(identity_files=files)))
    assert any("附件合计不得超过" in e for e in errors["identity_files"]), errors


def test_too_many_files_are_refused(form_data: Any) -> None:
    limit = uploads.limits().max_files
    files = [_file(f"{i}.pdf", pdf_bytes()) for i in range(limit + 1)]
    # Counted across both inputs.
    response = _post(Client(), form_data(identity_files=files[:2], other_files=files[2:]))
    errors = _errors(response)
    assert any(f"最多可上传 {limit} 个文件" in e for e in errors["other_files"]), errors
    assert not Application.objects.exists()


def test_oversized_request_is_refused_unread(form_data: Any, settings: Any, monkeypatch: Any) -> None:
    settings.GONGKAI_PORTAL_MAX_TOTAL_BYTES = 1000
    monkeypatch.setattr(uploads, "FIELDS_ALLOWANCE", 1000)
    response = _post(Client(), form_data(identity_files=[_file("大.pdf", pdf_bytes(5000))]))
    assert response.status_code == 413
    assert "上传内容过大" in response.content.decode()
    assert not Application.objects.exists()


def test_a_failing_attachment_rolls_the_whole_submission_back(
    form_data: Any, monkeypatch: Any, settings: Any
) -> None:
    from gongkai.applications import attachments

    real = attachments.add_attachment
    calls = {"n": 0}

    def flaky(case: Any, upload: Any, **kw: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(case, upload, **kw)

    monkeypatch.setattr(attachments, "add_attachment", flaky)
    client = Client(raise_request_exception=False)
    response = client.post(
        APPLY, form_data(other_files=[_file("a.pdf", pdf_bytes()), _file("b.pdf", pdf_bytes())])
    )
    assert response.status_code == 500
    assert not Application.objects.exists()
    stored = Path(settings.DATA_DIR) / "attachments"
    assert not stored.exists() or not any(stored.iterdir())


# -- CSRF ---------------------------------------------------------------------------------------------


def test_csrf_token_is_required(form_data: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(APPLY, form_data()).status_code == 403
    assert not Application.objects.exists()
    # With the token from the form (and its cookie) the same submission goes through.
    client.get(APPLY)
    token = client.cookies["csrftoken"].value
    response = client.post(APPLY, {**form_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Application.objects.count() == 1
