from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from gongkai.accounts.models import User
from gongkai.accounts.roles import Role
from gongkai.agencies.models import Agency
from gongkai.site import demo


def test_cli_does_not_import_django_for_pure_commands() -> None:
    code = "import sys, gongkai.cli as c; c.build_parser(); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_registers_serve_and_demo() -> None:
    from gongkai.cli import build_parser

    args = build_parser().parse_args(["serve", "--port", "8123", "--no-demo"])
    assert (args.host, args.port, args.no_demo) == ("127.0.0.1", 8123, True)
    assert build_parser().parse_args(["demo", "--reset"]).reset is True


@pytest.mark.django_db
def test_demo_has_one_user_per_role_with_working_passwords(demo: Any) -> None:
    assert {role for role, *_ in demo.credentials} == {r.label for r in Role}
    for _, _, username, password in demo.credentials:
        assert User.objects.get(username=username).check_password(password)
    assert Agency.objects.filter(name="湘潭国家高新技术产业开发区管理委员会", is_demo=True).exists()
    text = demo_module_text(demo)
    assert all(password in text for *_, password in demo.credentials)


def demo_module_text(ctx: Any) -> str:
    return demo.format_credentials(ctx)


@pytest.mark.django_db(transaction=True)
def test_demo_reset_rebuilds_with_new_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = demo.build()
    second = demo.reset()
    assert Agency.objects.count() == len(first.agencies) == len(second.agencies)
    old = {u: p for *_, u, p in first.credentials}
    for *_, username, password in second.credentials:
        assert password != old[username]
        assert User.objects.get(username=username).check_password(password)
    # The rebuilt installation's log starts afresh with the demo's own entries.
    from gongkai.audit.models import AuditEntry

    assert AuditEntry.objects.filter(actor_name="gongkai demo").count() == AuditEntry.objects.count()


@pytest.mark.django_db
def test_demo_reset_refuses_real_installations(agencies: dict[str, Any], capsys: Any) -> None:
    from gongkai.site.commands import _demo

    Agency(
        parent=agencies["city"], name="真实机构", kind="department", credit_code=agencies["city"].credit_code
    ).save()
    assert _demo(type("Args", (), {"reset": True, "force": False})()) == 1
    assert "拒绝清空" in capsys.readouterr().err
