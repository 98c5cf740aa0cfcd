"""The staff menu: one list of entries, each shown to the users whose roles grant its capability.

Later features append their entries from their AppConfig.ready() with `add()`, so the menu and the
home page grow with the features without this module knowing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from gongkai.accounts.roles import Cap


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    cap: Cap | None  # None: every signed-in user
    description: str = ""
    order: int = 100


_ENTRIES: list[MenuEntry] = []


def add(entry: MenuEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in _ENTRIES):
        _ENTRIES.append(entry)
        _ENTRIES.sort(key=lambda e: e.order)


def menu_for(user: Any) -> list[dict[str, str]]:
    from gongkai.accounts.scoping import capabilities

    if not getattr(user, "is_authenticated", False):
        return []
    caps = capabilities(user)
    return [
        {"label": e.label, "url": reverse(e.url_name), "description": e.description, "name": e.url_name}
        for e in _ENTRIES
        if e.cap is None or e.cap in caps
    ]


def context_processor(request: HttpRequest) -> dict[str, Any]:
    # Lazy: the login page and error pages pay nothing for the menu.
    user = getattr(request, "user", None)
    return {"nav_menu": lambda: menu_for(user)}
