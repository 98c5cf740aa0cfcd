"""The daily reminder (`gongkai remind`) and the home page's due cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.applications import reminders, workflow
from gongkai.applications.models import Application
from gongkai.cli import main

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 13)  # Friday before the Spring Festival; "soon" reaches 25 February


@pytest.fixture
def due_world(make_user: Any, make_case: Any) -> dict[str, Any]:
    people = {
        "handler": make_user(Role.HANDLER, "gaoxin", email="handler@gx.example"),
        "head": make_user(Role.HEAD, "gaoxin", email="head@gx.example"),
        "registrar": make_user(Role.REGISTRAR, "gaoxin", email="registrar@gx.example"),
        "other": make_user(Role.HANDLER, "city_finance", email="other@city.example"),
    }
    cases = {
        "late": make_case("gaoxin", applicant_name="申请人甲"),
        "soon": make_case("gaoxin"),
        "later": make_case("gaoxin"),
        "city": make_case("city_finance"),
        "done": make_case("gaoxin"),
    }
    workflow.reply(cases["done"], code="unable.not_exist", on=date(2026, 2, 11))
    for key, due in (("late", date(2026, 2, 12)), ("soon", date(2026, 2, 25)), ("later", date(2026, 2, 26)),
                     ("city", date(2026, 2, 24)), ("done", date(2026, 2, 1))):  # fmt: skip
        Application.objects.filter(pk=cases[key].pk).update(due_on=due)
        cases[key].refresh_from_db()
    return {"people": people, "cases": cases}


def test_digests_per_agency(due_world: dict[str, Any]) -> None:
    cases = due_world["cases"]
    found = {d.agency.pk: d for d in reminders.digests(TODAY)}
    gaoxin = found[cases["late"].agency_id]
    assert [c.pk for c in gaoxin.overdue] == [cases["late"].pk]
    assert [c.pk for c in gaoxin.soon] == [cases["soon"].pk]
    # The demo installation has its own staff at 湘潭高新区 too; the 登记员 is never a recipient.
    assert {"handler@gx.example", "head@gx.example"} <= set(gaoxin.recipients)
    assert "registrar@gx.example" not in gaoxin.recipients and "other@city.example" not in gaoxin.recipients
    assert [c.pk for c in found[cases["city"].agency_id].soon] == [cases["city"].pk]


def test_mail_sent_only_when_configured(due_world: dict[str, Any], settings: Any) -> None:
    settings.EMAIL_HOST = ""
    _, sent = reminders.run(TODAY)
    assert sent == 0 and not mail.outbox
    settings.EMAIL_HOST = "smtp.example"
    _, sent = reminders.run(TODAY)
    assert sent == 2 and len(mail.outbox) == 2
    gaoxin = next(m for m in mail.outbox if "handler@gx.example" in m.to)
    assert "head@gx.example" in gaoxin.to and "registrar@gx.example" not in gaoxin.to
    cases = due_world["cases"]
    assert cases["late"].number in gaoxin.body and cases["soon"].number in gaoxin.body
    assert cases["later"].number not in gaoxin.body and cases["city"].number not in gaoxin.body
    assert "申请人甲" not in gaoxin.body  # no applicant data leaves the platform
    assert "逾期 1 件" in gaoxin.subject
    city = next(m for m in mail.outbox if "other@city.example" in m.to)
    assert "handler@gx.example" not in city.to


def test_command_prints_a_summary(due_world: dict[str, Any], settings: Any, capsys: Any) -> None:
    settings.EMAIL_HOST = "smtp.example"
    assert main(["remind", "--date", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "已逾期 1 件，3个工作日内到期 1 件" in out and "已发送 2 封提醒邮件" in out
    assert len(mail.outbox) == 2
    assert main(["remind", "--date", TODAY.isoformat(), "--dry-run"]) == 0
    assert "未发送邮件" in capsys.readouterr().out and len(mail.outbox) == 2
    settings.EMAIL_HOST = ""
    main(["remind", "--date", "2026-01-05"])
    assert "没有逾期或即将到期的申请" in capsys.readouterr().out


def test_home_page_shows_the_users_due_cases(
    due_world: dict[str, Any], client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.applications.workdays.today", lambda: TODAY)
    cases, people = due_world["cases"], due_world["people"]
    client.force_login(people["handler"])
    text = client.get(reverse("accounts:home")).content.decode()
    assert f'data-overdue="{cases["late"].number}"' in text and f'data-soon="{cases["soon"].number}"' in text
    assert cases["city"].number not in text and cases["later"].number not in text
    # Once cases are assigned, the panel shows the user's own.
    workflow.assign(cases["soon"], handler=people["handler"], on=TODAY)
    text = client.get(reverse("accounts:home")).content.decode()
    assert "我承办的申请" in text and cases["soon"].number in text and cases["late"].number not in text
    # Another agency's handler sees only theirs.
    client.force_login(people["other"])
    text = client.get(reverse("accounts:home")).content.decode()
    assert cases["city"].number in text and cases["late"].number not in text


@pytest.mark.django_db
def test_remind_refuses_an_unmigrated_database(monkeypatch: Any, capsys: Any) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    assert main(["remind", "--dry-run"]) == 2
    assert "数据库尚未迁移" in capsys.readouterr().err
