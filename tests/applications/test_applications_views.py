"""Staff pages: personal data only where needed and logged once per view; calendar; registration; files."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.applications import attachments, workdays
from gongkai.applications.models import ATTACHMENT_MAX_BYTES, Application, Attachment, CalendarYear
from gongkai.audit.models import AuditEntry
from tests.applications.conftest import resident_id

pytestmark = pytest.mark.django_db


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def views_of(obj: Any) -> Any:
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk), action="view")


@pytest.mark.parametrize("role", [Role.HEAD, Role.HANDLER, Role.REGISTRAR])
def test_case_roles_see_personal_data_and_each_view_is_logged_once(
    role: Role, role_users: dict[Role, Any], make_case: Any
) -> None:
    case = make_case()
    client = client_of(role_users[role])
    for n in (1, 2):
        text = client.get(reverse("applications:detail", args=[case.pk])).content.decode()
        assert "张三" in text and case.id_number in text and "13900001111" in text
        assert views_of(case).count() == n
    entry = views_of(case).first()
    assert entry.sensitive and entry.actor == role_users[role] and "张三" not in entry.note
    assert "答复期限" in text and "2026-03-16" in text and "第三十三条第二款" in text  # trace shown


def test_supervisor_sees_progress_without_personal_data_and_nothing_is_logged(
    role_users: dict[Role, Any], make_case: Any
) -> None:
    case = make_case()
    text = (
        client_of(role_users[Role.SUPERVISOR])
        .get(reverse("applications:detail", args=[case.pk]))
        .content.decode()
    )
    assert case.number in text and "2026-03-16" in text
    for secret in ("张三", case.id_number, "13900001111", "zhangsan@example.com", "演示路1号"):
        assert secret not in text
    assert not views_of(case).exists()
    assert (
        client_of(role_users[Role.ADMIN]).get(reverse("applications:detail", args=[case.pk])).status_code
        == 403
    )


def test_list_is_paginated_and_shows_no_names(role_users: dict[Role, Any], make_case: Any) -> None:
    for _ in range(3):
        make_case()
    text = client_of(role_users[Role.HANDLER]).get(reverse("applications:list")).content.decode()
    assert text.count("/staff/applications/") >= 3 and "张三" not in text
    assert not AuditEntry.objects.filter(action="view").exists()


def test_register_view_creates_case_with_one_audit_entry(
    role_users: dict[Role, Any], agencies: dict[str, Any]
) -> None:
    client = client_of(role_users[Role.REGISTRAR])
    form = {
        "agency": agencies["gaoxin"].pk, "applicant_kind": "natural_person", "applicant_name": "李四",
        "id_type": "resident_id", "id_number": resident_id(), "phone": "", "email": "", "address": "",
        "postal_code": "", "description": "某文件", "purpose": "", "info_form": "electronic", "delivery": "email",
        "channel": "in_person", "arrived_on": "2026-02-10", "confirmed_on": "",
    }  # fmt: skip
    bad = client.post(reverse("applications:register"), {**form, "id_number": resident_id()[:17] + "Y"})
    assert bad.status_code == 200 and "居民身份证号码无效" in bad.content.decode()
    outside = client.post(reverse("applications:register"), {**form, "agency": agencies["city_finance"].pk})
    assert outside.status_code == 200 and not Application.objects.exists()
    before = AuditEntry.objects.count()
    response = client.post(reverse("applications:register"), form)
    case = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "applications:detail", args=[case.pk]
    )
    assert AuditEntry.objects.count() == before + 1
    assert case.due_on == date(2026, 3, 16) and case.events.first().actor == role_users[Role.REGISTRAR]


def test_attachments_limits_upload_and_logged_download(role_users: dict[Role, Any], make_case: Any) -> None:
    case = make_case()
    with pytest.raises(ValidationError, match="文件类型"):
        attachments.add_attachment(case, SimpleUploadedFile("x.exe", b"MZ"), kind="other")
    with pytest.raises(ValidationError, match="过大"):
        attachments.check_upload("big.pdf", ATTACHMENT_MAX_BYTES + 1)
    client = client_of(role_users[Role.HANDLER])
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("applications:attachment_upload", args=[case.pk]),
        {"kind": "identity", "file": SimpleUploadedFile("身份证.pdf", b"%PDF-1.4 test")},
    )
    assert response.status_code == 302
    item = Attachment.objects.get()
    assert AuditEntry.objects.count() == before + 1  # the create entry
    assert item.path.parent == workdays_root() and item.path.read_bytes() == b"%PDF-1.4 test"
    download = client.get(reverse("applications:attachment", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in download["Content-Disposition"]
    assert views_of(item).count() == 1
    supervisor = client_of(role_users[Role.SUPERVISOR])
    assert supervisor.get(reverse("applications:attachment", args=[item.pk])).status_code == 403
    head = client_of(role_users[Role.SUPERVISOR])
    assert head.post(reverse("applications:attachment_upload", args=[case.pk])).status_code == 403


def workdays_root() -> Any:
    from gongkai.applications.models import attachment_root

    return attachment_root()


# -- calendar -----------------------------------------------------------------------------------------------


def test_calendar_page_and_edit_only_for_top_level_admin(
    make_user: Any, role_users: dict[Role, Any], make_case: Any
) -> None:
    gap = make_case(arrived_on=date(2026, 12, 10))
    page = client_of(role_users[Role.HANDLER]).get(reverse("applications:calendar")).content.decode()
    assert "2026" in page and "chinese_calendar" in page
    assert (
        client_of(role_users[Role.ADMIN]).get(reverse("applications:calendar_edit", args=[2027])).status_code
        == 403
    )
    top = make_user(Role.ADMIN, "xiangtan", username="top_admin")
    client = client_of(top)
    assert client.get(reverse("applications:calendar_edit", args=[2027])).status_code == 200
    bad = client.post(reverse("applications:calendar_edit", args=[2027]),
                      {"source": "测试", "days_off": "2026-01-01", "workdays": ""})  # fmt: skip
    assert bad.status_code == 200 and "不属于2027年" in bad.content.decode()
    both = client.post(reverse("applications:calendar_edit", args=[2027]),
                       {"source": "测试", "days_off": "2027-01-01 2027-02-06", "workdays": "2027-02-06"})  # fmt: skip
    assert both.status_code == 200 and not CalendarYear.objects.exists()
    before = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(CalendarYear)).count()
    ok = client.post(
        reverse("applications:calendar_edit", args=[2027]),
        {
            "source": "国办发明电〔2026〕测试号",
            "days_off": "2027-01-01\n2027-02-05~2027-02-11",
            "workdays": "2027-02-20",
        },
    )
    assert ok.status_code == 302
    row = CalendarYear.objects.get()
    assert len(row.days_off) == 8 and row.workdays == ["2027-02-20"] and row.entered_by == top
    assert (
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(CalendarYear)).count()
        == before + 1
    )
    gap.refresh_from_db()
    assert gap.due_on is not None and gap.deadline_error == ""


def test_home_warns_from_first_of_november(role_users: dict[Role, Any], monkeypatch: Any) -> None:
    client = client_of(role_users[Role.HANDLER])
    monkeypatch.setattr(workdays, "today", lambda: date(2026, 10, 31))
    assert "data-calendar-warning" not in client.get(reverse("accounts:home")).content.decode()
    monkeypatch.setattr(workdays, "today", lambda: date(2026, 11, 1))
    text = client.get(reverse("accounts:home")).content.decode()
    assert "data-calendar-warning" in text and "2027年的节假日安排尚未录入" in text
    CalendarYear(year=2027, days_off=["2027-01-01"], source="测试").save()
    assert "data-calendar-warning" not in client.get(reverse("accounts:home")).content.decode()
