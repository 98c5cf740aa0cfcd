"""Per-address limits: 429 (in Chinese, with Retry-After) after the limit, counted per client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from gongkai.applications.models import Application
from gongkai.portal import ratelimit

from .conftest import APPLY, STATUS

pytestmark = pytest.mark.django_db


def test_apply_is_limited_per_address(settings: Any, form_data: Any) -> None:
    settings.GONGKAI_PORTAL_APPLY_PER_HOUR = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert client.post(APPLY, form_data()).status_code == 302
    blocked = client.post(APPLY, form_data())
    assert blocked.status_code == 429
    text = blocked.content.decode()
    assert "请求过于频繁" in text and "每小时最多提交 3 次" in text
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert Application.objects.count() == 3  # the blocked one was not registered
    # Reading the form is not counted; another address is not affected.
    assert client.get(APPLY).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.8").post(APPLY, form_data()).status_code == 302


def test_invalid_submissions_count_too(settings: Any, form_data: Any) -> None:
    # Every POST costs an upload's worth of work, valid or not: a script cannot probe for free.
    settings.GONGKAI_PORTAL_APPLY_PER_HOUR = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert client.post(APPLY, form_data(description="")).status_code == 200
    assert client.post(APPLY, form_data()).status_code == 429


def test_status_is_limited_per_address(settings: Any, demo: Any) -> None:
    settings.GONGKAI_PORTAL_STATUS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(2):
        assert client.post(STATUS, {"code": "ABCDEFGHJKLM"}).status_code == 200
    blocked = client.post(STATUS, {"code": "ABCDEFGHJKLM"})
    assert blocked.status_code == 429 and "请求过于频繁" in blocked.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.2").post(STATUS, {"code": "ABCDEFGHJKLM"}).status_code == 200


def test_limits_are_separate_per_page(settings: Any, form_data: Any) -> None:
    settings.GONGKAI_PORTAL_APPLY_PER_HOUR = 1
    settings.GONGKAI_PORTAL_STATUS_PER_HOUR = 1
    client = Client(REMOTE_ADDR="198.51.100.3")
    assert client.post(APPLY, form_data()).status_code == 302
    assert client.post(STATUS, {"code": "ABCDEFGHJKLM"}).status_code == 200
    assert client.post(APPLY, form_data()).status_code == 429
    assert client.post(STATUS, {"code": "ABCDEFGHJKLM"}).status_code == 429


def test_window_resets_after_the_hour(settings: Any) -> None:
    settings.GONGKAI_PORTAL_STATUS_PER_HOUR = 1
    request = RequestFactory().post(STATUS, REMOTE_ADDR="2001:db8::1")
    start = 1_800_000_000.0 - (1_800_000_000 % 3600)
    assert ratelimit.hit(request, "status", now=start + 10).allowed
    verdict = ratelimit.hit(request, "status", now=start + 20)
    assert not verdict.allowed and verdict.retry_after == 3600 - 20
    assert ratelimit.hit(request, "status", now=start + 3600 + 1).allowed


def test_defaults_come_from_settings() -> None:
    from django.conf import settings

    assert ratelimit.limit_for("apply") == settings.GONGKAI_PORTAL_APPLY_PER_HOUR == 10
    assert ratelimit.limit_for("status") == settings.GONGKAI_PORTAL_STATUS_PER_HOUR == 30
