"""One demo user per role, each with a fresh random password that is printed once and never stored."""

from __future__ import annotations

import secrets
from typing import Any

from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import Role

# (username, name, role, agency key from agencies/demo.py)
USERS: list[tuple[str, str, Role, str]] = [
    ("guanliyuan", "管理员", Role.ADMIN, "xiangtan"),
    ("fuzeren", "负责人", Role.HEAD, "gaoxin"),
    ("chengban", "承办人", Role.HANDLER, "gaoxin"),
    ("dengji", "登记员", Role.REGISTRAR, "gaoxin"),
    ("ducha", "督查员", Role.SUPERVISOR, "city"),
]

_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (l/1, O/0)


def new_password() -> str:
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(14))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def build(ctx: Any) -> None:
    for username, name, role, agency_key in USERS:
        password = new_password()
        user = User(username=username, name=name, email=f"{username}@demo.gongkai.example")
        user.set_password(password)
        user.save()
        agency = ctx.agencies[agency_key]
        Membership(user=user, agency=agency, role=role).save()
        ctx.credentials.append((role.label, agency.name, username, password))
