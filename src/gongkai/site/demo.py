"""The demo installation, built from the `demo` module of each installed gongkai app, in app order.

A later feature adds its demo records by shipping `gongkai/<app>/demo.py` with `build(ctx)`; it can
use what earlier apps put in `ctx` (agencies, users).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from gongkai.audit.context import acting


@dataclass
class DemoContext:
    agencies: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    # (role label, agency name, username, password) for the one-time printout
    credentials: list[tuple[str, str, str, str]] = field(default_factory=list)


def exists() -> bool:
    from gongkai.agencies.models import Agency

    return Agency.objects.exists()


def only_demo_data() -> bool:
    from gongkai.agencies.models import Agency

    return not Agency.objects.filter(is_demo=False).exists()


def build() -> DemoContext:
    ctx = DemoContext()
    with acting(label="gongkai demo"), transaction.atomic():
        for config in apps.get_app_configs():
            if not config.name.startswith("gongkai.") or config.name == __package__:
                continue  # only gongkai's apps, and not this orchestrator itself
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if hasattr(module, "build"):
                module.build(ctx)
    return ctx


def reset() -> DemoContext:
    """Empty the database (flush: TRUNCATE on PostgreSQL, which the audit guard allows) and rebuild."""
    call_command("flush", interactive=False, verbosity=0)
    return build()


def format_credentials(ctx: DemoContext) -> str:
    width = max((len(u) for _, _, u, _ in ctx.credentials), default=8)
    lines = ["演示账户（密码只显示这一次，请妥善保存；遗失后运行 gongkai demo --reset 重建）："]
    for role, agency, username, password in ctx.credentials:
        lines.append(f"  {username:<{width}}  {password}  {role} · {agency}")
    return "\n".join(lines)
