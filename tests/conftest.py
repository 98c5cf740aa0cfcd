"""Shared test set-up: the browser marker's skip rule, and fixtures for the Django apps' tests.

The pure-core tests (tests/report, tests/law) use none of the database fixtures and run without one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests may be skipped on a developer machine without Chromium, never in CI, where a
    # missing browser must fail loudly (scripts/install-browser.sh installs it).
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium 未安装：运行 scripts/install-browser.sh")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    # The production hasher costs ~0.3 s a password by design; tests create many users. Only tests
    # that use the database get the cheap hasher, so the pure-core tests never touch Django settings.
    if "django_db" in request.keywords or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: Any, settings: Any) -> Any:
    """The demo installation: the 湘潭 agency tree and one user per role (with their passwords).

    Without the year of demo cases (≈1.5 s of workflow): hundreds of tests need only agencies and
    users; tests of the demo cases set ``settings.GONGKAI_DEMO_CASES = True`` before building.
    """
    from gongkai.site import demo as demo_module

    settings.GONGKAI_DEMO_CASES = False
    return demo_module.build()


@pytest.fixture
def agencies(demo: Any) -> dict[str, Any]:
    return demo.agencies


@pytest.fixture
def make_user(agencies: dict[str, Any]) -> Callable[..., Any]:
    """make_user(role, agency_key, username=...) → a user holding that role there (password "Passw0rd!x")."""
    from gongkai.accounts.models import Membership, User

    def make(role: Any, agency_key: str, username: str | None = None, **fields: Any) -> Any:
        username = username or f"{role}_{agency_key}"
        user = User(username=username, name=fields.pop("name", username), **fields)
        user.set_password(PASSWORD)
        user.save()
        Membership(user=user, agency=agencies[agency_key], role=role).save()
        return user

    return make


PASSWORD = "Passw0rd!x"


@pytest.fixture
def role_users(make_user: Callable[..., Any]) -> dict[Any, Any]:
    """One user per role, every role held at 湘潭高新区 (which has departments below it)."""
    from gongkai.accounts.roles import Role

    return {role: make_user(role, "gaoxin", username=f"gx_{role.value}") for role in Role}


@pytest.fixture
def client_for(client: Any) -> Callable[[Any], Any]:
    def login(user: Any) -> Any:
        client.force_login(user)
        return client

    return login


# --- browser tests: Debian's Chromium driven by Playwright (never a browser download) -----------------

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the fixtures
    # in the same thread are still synchronous, so Django's async guard is lifted for these tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh zh-CN page that collects content-security-policy errors in `page.csp_errors`."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    context.close()
