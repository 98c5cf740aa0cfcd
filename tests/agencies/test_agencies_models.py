from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies import codes
from gongkai.agencies.models import Agency, Kind

pytestmark = pytest.mark.django_db


def _credit(serial: int) -> str:
    body = f"11430300{serial:08d}"
    body = body[:8] + body[8:16] + codes.org_code_check(body[8:16])
    return body + codes.credit_code_check(body)


def test_demo_tree_has_gaoxin_and_departments(agencies) -> None:
    gaoxin = agencies["gaoxin"]
    assert gaoxin.name == "湘潭国家高新技术产业开发区管理委员会"
    children = set(gaoxin.children.values_list("kind", flat=True))
    assert children == {Kind.DEPARTMENT}
    assert gaoxin.children.count() >= 3
    assert set(gaoxin.subtree().values_list("pk", flat=True)) == {
        gaoxin.pk,
        *gaoxin.children.values_list("pk", flat=True),
    }
    for agency in Agency.objects.all():
        agency.full_clean()  # every demo record passes the validators, codes included


def test_statutory_deadlines_follow_kind(agencies) -> None:
    assert agencies["city"].report_deadline(2024) == datetime.date(2025, 3, 31)
    assert agencies["city_finance"].report_deadline(2024) == datetime.date(2025, 1, 31)
    assert agencies["yuetang_dongping"].report_deadline(2024) is None  # 乡镇街道: not in 第四十九条, unset
    assert agencies["gaoxin"].report_deadline(2024) == datetime.date(2025, 1, 31)  # configured locally
    assert agencies["xiangtan"].report_deadline(2024) is None  # a region publishes nothing itself


def test_local_deadline_may_not_be_later_than_statutory(agencies) -> None:
    dept = agencies["city_finance"]
    dept.report_deadline_month, dept.report_deadline_day = 1, 26
    dept.full_clean()
    assert dept.report_deadline(2024) == datetime.date(2025, 1, 26)
    dept.report_deadline_month, dept.report_deadline_day = 2, 10
    with pytest.raises(ValidationError) as err:
        dept.full_clean()
    assert "法定期限" in str(err.value)


def test_index_prefix_from_org_code_or_credit_code(agencies) -> None:
    agency = agencies["city_finance"]
    assert agency.index_prefix == agency.credit_code[8:17]
    agency.org_code = "70846113-6"
    assert agency.index_prefix == "708461136"


def test_kind_rules_and_required_codes(agencies) -> None:
    stray = Agency(parent=agencies["xiangtan"], name="某局", kind=Kind.DEPARTMENT, credit_code=_credit(1))
    with pytest.raises(ValidationError) as err:
        stray.full_clean()
    assert "parent" in err.value.message_dict
    nocode = Agency(parent=agencies["city"], name="某局", kind=Kind.DEPARTMENT)
    with pytest.raises(ValidationError) as err:
        nocode.full_clean()
    assert "credit_code" in err.value.message_dict
    badcode = Agency(
        parent=agencies["city"], name="某局", kind=Kind.DEPARTMENT, credit_code="11430300123456789X"
    )
    with pytest.raises(ValidationError):
        badcode.full_clean()


def test_moving_an_agency_moves_its_subtree(agencies) -> None:
    gaoxin, yuetang_gov = agencies["gaoxin"], agencies["yuetang_gov"]
    child = agencies["gaoxin_finance"]
    gaoxin.parent = yuetang_gov
    gaoxin.save()
    child.refresh_from_db()
    assert child.path == f"{yuetang_gov.path}{gaoxin.pk}/{child.pk}/"
    assert child in yuetang_gov.subtree()


def test_cannot_become_its_own_descendant(agencies) -> None:
    gaoxin = agencies["gaoxin"]
    gaoxin.parent = agencies["gaoxin_finance"]
    with pytest.raises(ValidationError):
        gaoxin.full_clean()


def test_guide_contacts_are_the_article_12_items(agencies) -> None:
    labels = [label for label, _ in agencies["city"].guide_contacts()]
    assert labels == [
        "政府信息公开工作机构",
        "办公地址",
        "办公时间",
        "联系电话",
        "传真号码",
        "互联网联系方式",
    ]
    assert agencies["city"].missing_guide_items() == []
