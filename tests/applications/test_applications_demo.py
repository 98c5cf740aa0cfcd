"""The demo builds a year of cases through the workflow, fast, and its table 三 checks clean."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.applications.models import Application, State
from gongkai.applications.statistics import to_report
from gongkai.report import rules

pytestmark = pytest.mark.django_db


def test_demo_cases(db: Any, settings: Any) -> None:
    from gongkai.site import demo

    settings.GONGKAI_DEMO_CASES = True
    ctx = demo.build()
    cases = Application.objects.all()
    assert cases.count() > 50
    assert len(set(cases.values_list("state", flat=True))) >= 5
    assert len(set(cases.exclude(outcome="").values_list("outcome", flat=True))) >= 8
    assert len(set(cases.values_list("applicant_kind", flat=True))) >= 4
    assert cases.filter(state=State.IN_PROGRESS).exists()
    year = cases.order_by("-receipt_on").exclude(receipt_on=None).first().receipt_on.year
    report = to_report(ctx.agencies["gaoxin"], year)
    assert not [f for f in rules.failures(rules.check(report, generated=True)) if f.code.startswith("T3-")]
