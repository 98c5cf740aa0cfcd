"""A person submits the online form in Chromium, keeps the query code, and reads the status."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SECRETS, pdf_bytes

pytestmark = pytest.mark.browser



def test_submit_online_and_read_the_status(live_server: Any, agencies: dict[str, Any], page: Any) -> None:
    from gongkai.applications.models import Application

    page.goto(f"{live_server.url}/public/")
    page.click("nav.public-nav >> text=在线申请")
    page.wait_for_selector("form.public-form")
    assert page.locator("nav.menu").count() == 0

    # First a mistake: the error comes back in Chinese, next to the field.
    page.select_option("select[name=agency]", str(agencies["gaoxin"].pk))
    page.fill("input[name=applicant_name]", SECRETS["applicant_name"])
    page.fill(
        "input[name=id_number]", SECRETS["id_number"][:17] + ("1" if SECRETS["id_number"][17] != "1" else "2")
    )
    page.fill("input[name=phone]", SECRETS["phone"])
    page.fill("input[name=email]", SECRETS["email"])
    page.fill("input[name=address]", SECRETS["address"])
    page.fill("textarea[name=description]", SECRETS["description"])
    page.click("button[type=submit]")
    assert "校验码" in page.locator("[data-field=id_number] .errorlist").inner_text()

    page.fill("input[name=id_number]", SECRETS["id_number"])
    page.set_input_files(
        "input[name=identity_files]",
        files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.click("button[type=submit]")
    page.wait_for_url("**/public/apply/done/")
    code = page.locator(".query-code").inner_text().strip()
    number = page.locator(".receipt .number").inner_text().strip()
    body = page.content()
    for value in SECRETS.values():
        assert value not in body, value
    case = Application.objects.get()
    assert (code, number) == (case.query_code, case.number)
    assert case.attachments.count() == 1

    page.click("nav.public-nav >> text=查询办理进度")
    page.fill("input[name=code]", code.lower())
    page.click("button[type=submit]")
    result = page.locator(".status-result").inner_text()
    assert "已提交，待受理机构确认收到" in result and number in result
    for value in SECRETS.values():
        assert value not in page.content(), value
    assert page.csp_errors == []
