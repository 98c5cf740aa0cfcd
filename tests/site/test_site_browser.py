"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a downloaded browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


EXPECTED_MENUS = {
    # 依申请公开 / 登记申请 / 工作日历 come from the applications app (issue 5).
    "系统管理员": ["首页", "机构信息", "人员", "工作日历", "审计日志", "系统配置", "修改密码"],
    "公开办负责人": ["首页", "依申请公开", "机构信息", "报告期限", "工作日历", "审计日志", "修改密码"],
    "承办人": ["首页", "依申请公开", "机构信息", "工作日历", "修改密码"],
    "登记员": ["首页", "依申请公开", "登记申请", "机构信息", "工作日历", "修改密码"],
    "督查": ["首页", "依申请公开", "机构信息", "报告期限", "工作日历", "修改密码"],
}




def _login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_each_role_logs_in_and_sees_its_own_menu(live_server: Any, demo: Any, page: Any) -> None:
    assert {role for role, *_ in demo.credentials} == set(EXPECTED_MENUS)
    for role, _agency, username, password in demo.credentials:
        _login(page, live_server.url, username, password)
        page.wait_for_selector("nav.menu")
        assert page.url.rstrip("/").endswith("/staff"), (role, page.url)
        menu = page.locator("nav.menu a").all_inner_texts()
        assert menu == EXPECTED_MENUS[role], role
        assert role in page.locator("ul.roles").inner_text()
        # Every menu entry opens for this role (no 403/500 behind a link the role is shown).
        for link in page.locator("nav.menu a").evaluate_all("els => els.map(e => e.href)"):
            response = page.goto(link)
            assert response.status == 200, (role, link)
        page.goto(f"{live_server.url}/staff/")
        page.click("text=退出")
        page.wait_for_url("**/staff/login/")
    assert page.csp_errors == []


def test_five_wrong_passwords_lock_the_account(live_server: Any, demo: Any, page: Any) -> None:
    _role, _agency, username, password = demo.credentials[2]
    for _ in range(4):
        _login(page, live_server.url, username, "not-the-password-1")
        assert "用户名或密码不正确" in page.locator(".errorlist").inner_text()
    _login(page, live_server.url, username, "not-the-password-1")
    assert "账户已锁定" in page.locator(".errorlist").inner_text()
    _login(page, live_server.url, username, password)
    assert "账户已锁定" in page.locator(".errorlist").inner_text()
    assert "/staff/login/" in page.url


def test_admin_pages_render_under_the_content_security_policy(live_server: Any, demo: Any, page: Any) -> None:
    _role, _agency, username, password = demo.credentials[0]
    _login(page, live_server.url, username, password)
    page.wait_for_selector("nav.menu")
    page.goto(f"{live_server.url}/admin/agencies/agency/")
    assert "湘潭国家高新技术产业开发区管理委员会" in page.content()
    page.goto(f"{live_server.url}/admin/accounts/user/add/")
    page.wait_for_selector("input[name=username]")
    assert page.csp_errors == []
