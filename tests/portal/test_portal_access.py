"""The public pages are public: no login, the same for everybody, with the public navigation only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.accounts.roles import Role

pytestmark = pytest.mark.django_db

PAGES = {"/public/": 200, "/public/apply/": 200, "/public/apply/done/": 302, "/public/status/": 200}


def test_anonymous_reaches_every_public_page(demo: Any) -> None:
    client = Client()
    for url, status in PAGES.items():
        response = client.get(url)
        assert response.status_code == status, url
        if status == 200:
            text = response.content.decode()
            assert 'class="public-nav"' in text and 'nav class="menu"' not in text, url
            assert "工作人员入口" in text
            assert response["Content-Security-Policy"].startswith("default-src 'self'")
            assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", list(Role))
def test_signed_in_staff_get_the_same_public_pages(role: Role, role_users: dict[Role, Any]) -> None:
    client = Client()
    client.force_login(role_users[role])
    for url, status in PAGES.items():
        response = client.get(url)
        assert response.status_code == status, (role, url)
        if status == 200:
            # No staff menu on a public page, even for a signed-in user.
            assert 'nav class="menu"' not in response.content.decode(), (role, url)


def test_public_pages_refuse_other_methods(demo: Any) -> None:
    client = Client()
    assert client.put("/public/apply/").status_code == 405
    assert client.delete("/public/status/").status_code == 405
    assert client.post("/public/apply/done/").status_code == 405
