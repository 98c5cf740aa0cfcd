"""Per-address request limits for the public pages, counted in the Django cache.

A fixed window per scope and client address: cheap (one ``add`` and one ``incr``) and good enough to
stop a script from filing hundreds of applications or hammering the status page. The counts live in
the default cache; with several server processes configure a shared cache (Redis, database) so the
processes count together — the local-memory default counts per process.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from gongkai.audit.context import client_ip

# Defaults when the settings name none (site/settings.py reads them from the environment).
DEFAULTS: dict[str, int] = {"apply": 10, "status": 30}
PERIOD = 3600  # seconds: the limits are "per hour"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window resets (meaningful when not allowed)


def limit_for(scope: str) -> int:
    return int(getattr(settings, f"GONGKAI_PORTAL_{scope.upper()}_PER_HOUR", DEFAULTS[scope]))


def _key(scope: str, address: str, window: int) -> str:
    # Hashed so that IPv6 colons or odd characters never make an invalid key for memcached-like caches,
    # and the cache holds no readable client addresses.
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"gongkai:portal:rl:{scope}:{digest}:{window}"


def hit(request: HttpRequest, scope: str, *, now: float | None = None) -> Verdict:
    """Count one request of ``scope`` from the client's address; say whether it is within the limit."""
    limit = limit_for(scope)
    now = time.time() if now is None else now
    window = int(now // PERIOD)
    retry_after = max(1, int((window + 1) * PERIOD - now))
    key = _key(scope, client_ip(request) or "unknown", window)
    # add() is a no-op when the key exists; incr() is atomic in every cache Django ships.
    cache.add(key, 0, timeout=PERIOD + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=PERIOD + 60)
        count = 1
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)
