from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Passw0rd!x"  # what the make_user fixture sets


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account(make_user: Any) -> None:
    user = make_user(Role.HANDLER, "gaoxin", username="suoding")
    client = Client()
    for attempt in range(1, 5):
        response = _login(client, "suoding", "wrong-password")
        assert "用户名或密码不正确" in response.content.decode(), attempt
    response = _login(client, "suoding", "wrong-password")
    assert "账户已锁定" in response.content.decode()
    # Now even the right password is refused.
    response = _login(client, "suoding", PASSWORD)
    assert response.status_code == 200 and "账户已锁定" in response.content.decode()
    user.refresh_from_db()
    assert user.is_locked()
    actions = list(
        AuditEntry.objects.filter(object_id=str(user.pk), action__in=["login_failed", "locked"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["login_failed"] * 5 + ["locked", "login_failed"]


def test_lock_expires_and_success_resets_the_count(make_user: Any) -> None:
    user = make_user(Role.HANDLER, "gaoxin", username="jiesuo")
    client = Client()
    for _ in range(5):
        _login(client, "jiesuo", "wrong")
    user.refresh_from_db()
    type(user).objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    response = _login(client, "jiesuo", PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0 and user.locked_until is None


def test_failures_in_between_successes_do_not_accumulate(make_user: Any) -> None:
    make_user(Role.HANDLER, "gaoxin", username="jiange")
    for _ in range(3):
        client = Client()
        for _ in range(4):
            _login(client, "jiange", "wrong")
        assert _login(client, "jiange", PASSWORD).status_code == 302


def test_unknown_username_is_logged_and_answered_alike(db: Any) -> None:
    response = _login(Client(), "nobody", "whatever")
    assert "用户名或密码不正确" in response.content.decode()
    assert (
        AuditEntry.objects.filter(action="login_failed", actor_name="nobody", note="用户名不存在").count()
        == 1
    )


def test_admin_unlocks(make_user: Any, role_users: dict[Role, Any]) -> None:
    user = make_user(Role.HANDLER, "gaoxin_finance", username="beisuo")
    for _ in range(5):
        _login(Client(), "beisuo", "wrong")
    admin = Client()
    admin.force_login(role_users[Role.ADMIN])
    response = admin.post(
        reverse("admin:accounts_user_changelist"), {"action": "unlock", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_locked()
    assert AuditEntry.objects.filter(action="unlock", object_id=str(user.pk)).count() == 1
