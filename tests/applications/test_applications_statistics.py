"""Table 三 from the records: every outcome lands in its cell for both templates; the arithmetic holds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications import workflow
from gongkai.applications.models import ApplicantKind, Application, State
from gongkai.applications.statistics import annual_statistics, to_report
from gongkai.law.outcomes import OUTCOMES, T3_ROWS, is_available, row_key
from gongkai.report import rules
from gongkai.report.spec import SPECS

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in ApplicantKind]


def _row(
    agency: Any, n: int, kind: str, receipt: date | None, code: str = "", concluded: date | None = None
) -> Application:
    return Application(
        agency=agency,
        number=f"T-{n:06d}",
        query_code=f"Q{n:011d}",
        applicant_kind=kind,
        applicant_name="测试",
        id_type="other",
        id_number="x",
        description="测试",
        channel="in_person",
        arrived_on=receipt or date(2026, 1, 5),
        receipt_on=receipt,
        state=(State.ANSWERED if concluded else State.IN_PROGRESS)
        if receipt
        else State.AWAITING_CONFIRMATION,
        outcome=code,
        concluded_on=concluded,
    )


def _t3_failures(report: Any) -> list[Any]:
    return [f for f in rules.failures(rules.check(report, generated=True)) if f.code.startswith("T3-")]


@pytest.mark.parametrize("year", [2020, 2021, 2025])
def test_each_outcome_lands_in_its_cell(agencies: dict[str, Any], year: int) -> None:
    agency = agencies["gaoxin"]
    version = "2019" if year == 2020 else "2021"
    codes = [c for c in OUTCOMES if is_available(c, date(year, 6, 1))]
    rows = []
    for i, code in enumerate(codes):
        kind = KINDS[i % len(KINDS)]
        rows.append(_row(agency, i, kind, date(year, 3, 1), code, date(year, 4, 1)))
    Application.objects.bulk_create(rows)
    values = annual_statistics(agency, year)
    assert set(values) == set(SPECS[version].keys("t3"))
    expected: dict[str, int] = {}
    for i, code in enumerate(codes):
        key = f"t3.{row_key(code, version)}.{KINDS[i % len(KINDS)]}"
        expected[key] = expected.get(key, 0) + 1
    for key, count in expected.items():
        assert values[key] == count, (code, key)
    result_cells = {k for k in values if k.split(".")[1] not in ("new_received", "carried_over", "total", "carry_forward")
                    and not k.endswith(".total")}  # fmt: skip
    assert sum(values[k] for k in result_cells) == len(codes)
    assert values["t3.new_received.total"] == values["t3.total.total"] == len(codes)
    if version == "2019":
        assert (
            values["t3.other.natural_person"] + values["t3.other.commercial"] + values["t3.other.research"]
            >= 0
        )
        assert "t3.other.no_clarification.total" not in values
    else:
        assert "t3.other.total" not in values
    report = to_report(agency, year)
    assert not _t3_failures(report)
    broken = report.with_cell("t3.total.total", str(len(codes) + 1))
    assert _t3_failures(broken)  # the check is live: a wrong total is caught


def test_carry_over_and_forward_follow_dates(agencies: dict[str, Any]) -> None:
    agency = agencies["gaoxin"]
    Application.objects.bulk_create([
        _row(agency, 1, "natural_person", date(2025, 12, 30)),  # still open: forward 2025, carried 2026
        _row(agency, 2, "commercial", date(2025, 12, 30), "granted.provided", date(2026, 1, 20)),
        _row(agency, 3, "research", date(2025, 6, 1), "partial", date(2025, 7, 1)),
        _row(agency, 4, "natural_person", None),  # never confirmed: not counted (§6.2)
        _row(agency, 5, "legal_service", date(2026, 12, 31)),
    ])  # fmt: skip
    y25 = annual_statistics(agency, 2025)
    assert y25["t3.new_received.total"] == 3 and y25["t3.carry_forward.total"] == 2
    assert y25["t3.partial.research"] == 1 and y25["t3.total.total"] == 1
    y26 = annual_statistics(agency, 2026)
    assert y26["t3.carried_over.total"] == 2 and y26["t3.carried_over.commercial"] == 1
    assert y26["t3.new_received.legal_service"] == 1
    assert y26["t3.granted.commercial"] == 1 and y26["t3.carry_forward.total"] == 2
    assert y25["t3.carry_forward.total"] == y26["t3.carried_over.total"]  # XY-CARRYOVER by construction
    # Another agency's cases never count.
    assert annual_statistics(agencies["city_finance"], 2026)["t3.new_received.total"] == 0
    with pytest.raises(ValueError):
        annual_statistics(agency, 2018)


case_sets = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=3 * 365),  # receipt day from 2019-01-01
        st.one_of(
            st.none(), st.tuples(st.sampled_from(sorted(OUTCOMES)), st.integers(min_value=0, max_value=200))
        ),
    ),
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=case_sets, year=st.sampled_from([2020, 2021]))
def test_generated_case_sets_satisfy_table_three(
    agencies: dict[str, Any], cases: list[Any], year: int
) -> None:
    agency = agencies["gaoxin"]
    Application.objects.filter(agency=agency).delete()
    rows = []
    for n, (kind, offset, result) in enumerate(cases):
        receipt = date(2019, 1, 1) + timedelta(days=offset)
        code, concluded = "", None
        if result is not None:
            code, later = result
            concluded = receipt + timedelta(days=later)
            if not is_available(code, concluded):
                code = "other.other"
        rows.append(_row(agency, n, kind, receipt, code, concluded))
    Application.objects.bulk_create(rows)
    report = to_report(agency, year)
    assert not _t3_failures(report), [f.message for f in _t3_failures(report)]
    assert set(report.cells) == set(SPECS[report.template].keys("t3"))
    assert all(report.cells[k].source.format == "generated" for k in report.cells)
    previous = annual_statistics(agency, year - 1)
    current = annual_statistics(agency, year)
    assert previous["t3.carry_forward.total"] == current["t3.carried_over.total"]
    rows_of_version = T3_ROWS[report.template]
    for row in rows_of_version:
        assert current[f"t3.{row}.total"] == sum(current[f"t3.{row}.{k}"] for k in KINDS)


def test_workflow_cases_feed_the_statistics(make_case: Any) -> None:
    a = make_case(arrived_on=date(2026, 3, 2))
    workflow.reply(a, code="unable.not_exist", on=date(2026, 3, 10))
    make_case(
        arrived_on=date(2026, 3, 3), applicant_kind="commercial", id_type="other", id_number="营业执照副本"
    )
    values = annual_statistics(a.agency, 2026)
    assert values["t3.unable.not_held.natural_person"] == 1
    assert values["t3.new_received.total"] == 2 and values["t3.carry_forward.commercial"] == 1
