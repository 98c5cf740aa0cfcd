"""Who is acting right now: set per request by the middleware, or by a command for its own work.

A context variable (not a thread-local) so it stays correct under threads and under ASGI alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Acting:
    request: Any = None  # HttpRequest; its user is read lazily, after authentication ran
    label: str = ""  # who acts when there is no request, e.g. "gongkai demo"


_current: ContextVar[Acting | None] = ContextVar("gongkai_audit_acting", default=None)


def current() -> Acting | None:
    return _current.get()


@contextmanager
def acting(request: Any = None, label: str = "") -> Iterator[None]:
    token = _current.set(Acting(request=request, label=label))
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request: Any) -> str | None:
    # REMOTE_ADDR only: waitress rewrites it from X-Forwarded-For when a trusted proxy is configured,
    # so a client cannot forge its address with a header.
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or None
