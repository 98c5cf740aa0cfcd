"""Every create, change and personal-data view leaves exactly one entry; nothing can alter the log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import Role
from gongkai.agencies.models import Agency
from gongkai.audit.models import AppendOnlyError, AuditEntry

PASSWORD = "Passw0rd!x"  # what the make_user fixture sets

pytestmark = pytest.mark.django_db


def entries_for(obj: Any, **filters: Any) -> Any:
    ct = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk), **filters)


@pytest.fixture
def admin_client(role_users: dict[Role, Any]) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(role_users[Role.ADMIN])
    return client


AGENCY_FORM = {
    "name": "湘潭高新区应急管理局",
    "short_name": "应急管理局",
    "kind": "department",
    "is_active": "on",
    "region_code": "",
    "org_code": "",
    "disclosure_office": "",
    "office_address": "演示路1号",
    "postal_code": "",
    "office_hours": "",
    "phone": "",
    "fax": "",
    "web_contact": "",
    "report_deadline_month": "",
    "report_deadline_day": "",
}


def _credit_code() -> str:
    from gongkai.agencies import codes

    body = "12345678"
    body17 = "11430300" + body + codes.org_code_check(body)
    return body17 + codes.credit_code_check(body17)


def test_admin_create_and_change_each_leave_one_entry(admin_client: Client, agencies: dict[str, Any]) -> None:
    before = AuditEntry.objects.count()
    data = {**AGENCY_FORM, "parent": agencies["gaoxin"].pk, "credit_code": _credit_code()}
    response = admin_client.post(reverse("admin:agencies_agency_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Agency.objects.get(name="湘潭高新区应急管理局")
    assert AuditEntry.objects.count() == before + 1
    entry = entries_for(created).get()
    assert entry.action == "create"
    assert entry.actor.username == "gx_admin" and entry.ip == "203.0.113.9"
    assert entry.agency_id == created.pk
    assert entry.changes["name"] == [None, "湘潭高新区应急管理局"]
    assert "path" not in entry.changes  # derived column, not an event

    response = admin_client.post(
        reverse("admin:agencies_agency_change", args=[created.pk]), {**data, "phone": "0731-55559999"}
    )
    assert response.status_code == 302
    change = entries_for(created, action="change").get()
    assert change.changes == {"phone": ["", "0731-55559999"]}
    assert AuditEntry.objects.count() == before + 2

    # Saving the unchanged form is no event.
    admin_client.post(
        reverse("admin:agencies_agency_change", args=[created.pk]), {**data, "phone": "0731-55559999"}
    )
    assert AuditEntry.objects.count() == before + 2


def test_admin_creates_user_with_role_one_entry_each(admin_client: Client, agencies: dict[str, Any]) -> None:
    before = AuditEntry.objects.count()
    data = {
        "username": "xinren",
        "name": "新人",
        "email": "xinren@staff.example",
        "phone": "",
        "password1": "Zhuanyong2024x",
        "password2": "Zhuanyong2024x",
        "usepassword": "true",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-agency": agencies["gaoxin_finance"].pk,
        "memberships-0-role": "handler",
    }
    response = admin_client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="xinren")
    membership = Membership.objects.get(user=user)
    assert entries_for(user).count() == 1
    assert entries_for(membership).count() == 1
    assert AuditEntry.objects.count() == before + 2
    # The password never reaches the log, not even as a hash.
    assert entries_for(user).get().changes["password"] == [None, "（不记录内容）"]
    assert user.password not in str(entries_for(user).get().changes)


def test_admin_cannot_assign_roles_outside_scope(admin_client: Client, agencies: dict[str, Any]) -> None:
    data = {
        "username": "yuewai",
        "name": "越权",
        "email": "",
        "phone": "",
        "password1": "Zhuanyong2024x",
        "password2": "Zhuanyong2024x",
        "usepassword": "true",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-agency": agencies["city_finance"].pk,
        "memberships-0-role": "admin",
    }
    response = admin_client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 200  # the form comes back with an error
    assert not User.objects.filter(username="yuewai").exists()


def test_personal_data_view_leaves_exactly_one_entry(admin_client: Client, make_user: Any) -> None:
    person = make_user(Role.HANDLER, "gaoxin_finance", username="kanjian", email="k@staff.example")
    before = AuditEntry.objects.count()
    response = admin_client.get(reverse("accounts:person", args=[person.pk]))
    assert response.status_code == 200 and "k@staff.example" in response.content.decode()
    assert AuditEntry.objects.count() == before + 1
    entry = entries_for(person).latest("id")
    assert entry.action == "view" and entry.actor.username == "gx_admin" and entry.changes == {}
    # A list without personal details is not a personal-data view.
    admin_client.get(reverse("accounts:people"))
    assert AuditEntry.objects.count() == before + 1


def test_password_change_is_one_redacted_entry(make_user: Any) -> None:
    user = make_user(Role.HANDLER, "gaoxin", username="gaimima")
    client = Client()
    client.force_login(user)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Xinmima2025abc", "new_password2": "Xinmima2025abc"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before + 1
    entry = entries_for(user).latest("id")
    assert entry.action == "change" and entry.changes == {"password": ["（不记录内容）", "（不记录内容）"]}


def test_password_rules(make_user: Any) -> None:
    user = make_user(Role.HANDLER, "gaoxin", username="ruomima")
    client = Client()
    client.force_login(user)
    for weak in ("short1a", "abcdefghijkl", "1234567890123", "password123"):
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak  # refused, form shown again
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_login_and_logout_are_logged(make_user: Any) -> None:
    make_user(Role.HANDLER, "gaoxin", username="denglu")
    client = Client(REMOTE_ADDR="198.51.100.7")
    before = AuditEntry.objects.count()
    client.post(reverse("accounts:login"), {"username": "denglu", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    actions = list(AuditEntry.objects.order_by("id")[before:].values_list("action", "ip"))
    assert actions == [("login", "198.51.100.7"), ("logout", "198.51.100.7")]


def test_the_log_cannot_be_changed_through_the_application(agencies: dict[str, Any]) -> None:
    entry = AuditEntry.objects.first()
    entry.note = "篡改"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="篡改")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    # Anything that would cascade into the log is refused too (PROTECT).
    with pytest.raises(Exception):  # noqa: B017 - ProtectedError or RestrictedError, both refuse
        agencies["gaoxin"].delete()
    assert AuditEntry.objects.filter(note="篡改").count() == 0


def test_no_view_changes_the_log(role_users: dict[Role, Any]) -> None:
    client = Client()
    client.force_login(role_users[Role.HEAD])
    entry = AuditEntry.objects.filter(agency__name="湘潭国家高新技术产业开发区管理委员会").first()
    for url in (reverse("audit:list"), reverse("audit:detail", args=[entry.pk])):
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url).status_code == 405
    superuser = User.objects.create_superuser("root", "root@example.org", "Chaoji2024xyz")
    client.force_login(superuser)
    # The log is not in the admin at all, not even for a superuser.
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 404
    assert client.get("/admin/audit/auditentry/").status_code == 404


def test_database_refuses_update_and_delete_on_postgresql(agencies: dict[str, Any]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("数据库级审计保护只在 PostgreSQL 上设置；CI 在 PostgreSQL 上运行本测试")
    entry = AuditEntry.objects.first()
    for sql in (
        "UPDATE audit_auditentry SET note = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="审计日志只能追加"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, note=entry.note).exists()


def test_browse_filters_and_export(role_users: dict[Role, Any], agencies: dict[str, Any]) -> None:
    client = Client()
    client.force_login(role_users[Role.ADMIN])
    agency = agencies["gaoxin_build"]
    agency.phone = "0731-12345678"
    agency.save()
    response = client.get(reverse("audit:list"), {"action": "change", "q": "建设局"})
    text = response.content.decode()
    assert response.status_code == 200 and "湘潭高新区建设局" in text
    assert (
        client.get(reverse("audit:list"), {"action": "view", "q": "建设局"})
        .content.decode()
        .count("湘潭高新区建设局")
        <= 1
    )
    entry = entries_for(agency, action="change").get()
    detail = client.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "联系电话" in detail and "0731-12345678" in detail
    before = AuditEntry.objects.count()
    export = client.get(reverse("audit:list"), {"format": "csv", "q": "建设局"})
    body = b"".join(export.streaming_content).decode()
    assert export["Content-Type"].startswith("text/csv") and "湘潭高新区建设局" in body
    assert AuditEntry.objects.count() == before + 1  # the export itself is logged
    bad = client.get(reverse("audit:list"), {"start": "2025-02-01", "end": "2025-01-01"})
    assert "起始日期不能晚于截止日期" in bad.content.decode()
