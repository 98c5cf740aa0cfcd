"""Structure, value and arithmetic rules, dates, aggregation and the `check` entry point.

Every rule has a report that breaks it and one where it holds; all reports come from
`generate.random_report`, edited with `with_cell` / `dataclasses.replace`.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Finding, Section, absent
from gongkai.report.rules import (
    RULE_CODES,
    by_code,
    check,
    check_aggregate,
    check_deadline,
    errors,
    failures,
    statutory_deadline,
    warnings,
)
from gongkai.report.spec import SPECS

from .findings import only


def statuses(findings: list[Finding], code: str) -> set[str]:
    return {f.status for f in findings if f.code == code}


def fails(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code and f.status == "fail"]


def value(report: AnnualReport, key: str) -> int:
    cell = report.cell(key)
    assert isinstance(cell.value, int)
    return cell.value


def no_placeholders(report: AnnualReport) -> AnnualReport:
    """The generator prints `-` in some 本年增/减 cells; tests that need a clean slate replace them."""
    for key, cell in list(report.cells.items()):
        if cell.kind.value == "placeholder":
            report = report.with_cell(key, "+1")
    return report


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return no_placeholders(random_report(request.param, seed=7))


# --- entry point -------------------------------------------------------------------------


def test_generated_reports_fail_no_rule() -> None:
    for seed in range(40):
        for version in ("2019", "2021"):
            report = random_report(version, seed)
            found = check(report, generated=True)
            assert failures(found, "warning") == [], [f.message for f in failures(found, "warning")]
            # The only notes a generated report gets are its 本年增/减 placeholders.
            assert {f.code for f in failures(found)} <= {"VALUE-NUMERIC"}


def test_parse_findings_come_first_and_report_is_untouched(report: AnnualReport) -> None:
    note = Finding("STRUCT-LABELS", "fail", "info", "「自 然 人」经去除空白后匹配", instance="x")
    report = dataclasses.replace(report, parse_findings=[note])
    before = copy.deepcopy(report)
    found = check(report, random_report(report.template, seed=8, year=report.year - 1),
                  agency_kind="government")
    assert found[0] is note
    assert report == before
    assert report.to_dict() == before.to_dict()


def test_every_rule_code_is_reported(report: AnnualReport) -> None:
    previous = random_report(report.template, seed=9, year=report.year - 1)
    found = check(report, previous, agency_kind="government")
    assert {f.code for f in found} == set(RULE_CODES)
    assert all(f.status in ("pass", "fail", "not_assessable", "not_applicable") for f in found)
    assert all(f.severity in ("error", "warning", "info") for f in found if f.status == "fail")
    assert all(f.message for f in found)


def test_severity_helpers() -> None:
    found = [
        Finding("A", "fail", "error", "a"),
        Finding("B", "fail", "warning", "b"),
        Finding("C", "fail", "info", "c"),
        Finding("D", "pass", None, "d"),
        Finding("E", "not_assessable", "info", "e"),
    ]
    assert [f.code for f in errors(found)] == ["A"]
    assert [f.code for f in warnings(found)] == ["B"]
    assert [f.code for f in failures(found)] == ["A", "B", "C"]
    assert [f.code for f in failures(found, "warning")] == ["A", "B"]
    assert [f.code for f in by_code(found, "D")] == ["D"]


def test_rule_evaluation_is_fast() -> None:
    import time

    reports = [random_report(None, seed) for seed in range(100)]
    check(reports[0])
    start = time.process_time()
    for report in reports:
        check(report)
    per_report = (time.process_time() - start) / len(reports)
    # Generous bound for loaded CI machines; the budget itself is well under 1 ms.
    assert per_report < 0.01


# --- STRUCT-SECTIONS ---------------------------------------------------------------------


def test_sections_hold(report: AnnualReport) -> None:
    found = check(report)
    assert statuses(found, "STRUCT-SECTIONS") == {"pass"}


def test_section_missing_is_an_error(report: AnnualReport) -> None:
    broken = dataclasses.replace(report, sections=[s for s in report.sections if s.number != 5])
    failure = only(check(broken), "STRUCT-SECTIONS", "5")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert "五、存在的主要问题及改进情况" in failure.message


def test_sections_out_of_order_is_a_warning(report: AnnualReport) -> None:
    sections = list(report.sections)
    sections[4], sections[5] = sections[5], sections[4]
    failure = only(check(dataclasses.replace(report, sections=sections)), "STRUCT-SECTIONS", "order")
    assert (failure.status, failure.severity) == ("fail", "warning")


def test_reworded_heading_and_double_numbering_are_info(report: AnnualReport) -> None:
    sections = list(report.sections)
    sections[4] = dataclasses.replace(sections[4], heading="五、政府信息公开工作存在的主要问题及改进情况")
    sections.insert(1, Section(2, "二、政务公开平台建设", "平台建设情况说明文字。"))
    found = check(dataclasses.replace(report, sections=sections))
    wording = only(found, "STRUCT-SECTIONS", "5.wording")
    assert (wording.status, wording.severity) == ("fail", "info")
    numbering = only(found, "STRUCT-SECTIONS", "numbering")
    assert (numbering.status, numbering.severity) == ("fail", "info")
    assert only(found, "STRUCT-SECTIONS", "5").status == "pass"


# --- STRUCT-TABLE-MISSING, STRUCT-VERSION ---------------------------------------------------


def test_tables_found(report: AnnualReport) -> None:
    assert statuses(check(report), "STRUCT-TABLE-MISSING") == {"pass"}


def test_table_missing_is_an_error_and_blocks_its_arithmetic(report: AnnualReport) -> None:
    broken = dataclasses.replace(report, tables_found={"t2": True, "t3": True, "t4": False})
    found = check(broken)
    failure = only(found, "STRUCT-TABLE-MISSING", "t4")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert "未能定位表四" in failure.message
    assert statuses(found, "T4-BLOCK-TOTAL") == {"not_assessable"}


def test_no_table_at_all_never_passes(report: AnnualReport) -> None:
    broken = dataclasses.replace(report, tables_found={"t2": False, "t3": False, "t4": False}, cells={})
    found = check(broken)
    assert len(errors(found)) == 3
    for code in ("T3-IDENTITY", "T3-ROW-TOTAL", "T3-RESULT-TOTAL", "T4-BLOCK-TOTAL"):
        assert statuses(found, code) == {"not_assessable"}


def test_version_matches_year(report: AnnualReport) -> None:
    assert only(check(report), "STRUCT-VERSION").status == "pass"


def test_version_differs_from_year() -> None:
    report = random_report("2019", seed=3, year=2021)
    failure = only(check(report), "STRUCT-VERSION")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", "2021", "2019")


def test_mixed_version_is_a_warning() -> None:
    report = random_report("2021", seed=3, year=2022)
    mixed = dataclasses.replace(report, template="mixed", table_versions={"t2": "2019", "t3": "2021", "t4": "2021"})
    failure = only(check(mixed), "STRUCT-VERSION")
    assert (failure.status, failure.severity) == ("fail", "warning")


# --- VALUE-* -----------------------------------------------------------------------------


def test_values_hold(report: AnnualReport) -> None:
    found = check(report)
    for code in ("VALUE-NUMERIC", "VALUE-BLANK", "VALUE-NONNEG", "VALUE-INTEGER"):
        assert statuses(found, code) == {"pass"}, code
    assert statuses(found, "VALUE-UNIT") == {"not_applicable"}


def test_placeholder_severity_depends_on_table() -> None:
    report = no_placeholders(random_report("2019", seed=11))
    report = report.with_cell("t2.art20_6.punishment.change", "-").with_cell("t3.granted.research", "—")
    found = check(report)
    t2 = only(found, "VALUE-NUMERIC", "t2.art20_6.punishment.change")
    t3 = only(found, "VALUE-NUMERIC", "t3.granted.research")
    assert (t2.status, t2.severity) == ("fail", "info")
    assert (t3.status, t3.severity) == ("fail", "warning")
    assert "「行政处罚」" in t2.message and "「本年增/减」" in t2.message


def test_text_cell_and_split_number(report: AnnualReport) -> None:
    found = check(report.with_cell("t3.granted.total", "1 2").with_cell("t4.reconsideration.upheld", "详见附件"))
    split = only(found, "VALUE-NUMERIC", "t3.granted.total")
    assert (split.status, split.severity) == ("fail", "warning")
    assert "可能为被拆分的数字" in split.message
    assert only(found, "VALUE-NUMERIC", "t4.reconsideration.upheld").severity == "warning"


def test_blank_is_listed_as_info(report: AnnualReport) -> None:
    found = check(report.with_cell("t3.carry_forward.commercial", ""))
    blank = only(found, "VALUE-BLANK", "t3.carry_forward.commercial")
    assert (blank.status, blank.severity) == ("fail", "info")
    assert "四、结转下年度继续办理" in blank.message and "商业企业" in blank.message


def test_negative_count_is_an_error(report: AnnualReport) -> None:
    found = check(report.with_cell("t3.granted.natural_person", "-3"))
    failure = only(found, "VALUE-NONNEG", "t3.granted.natural_person")
    assert (failure.status, failure.severity, failure.actual) == ("fail", "error", -3)


def test_negative_change_is_legal() -> None:
    report = no_placeholders(random_report("2019", seed=12)).with_cell("t2.art20_8.fees.change", "-3")
    assert statuses(check(report), "VALUE-NONNEG") == {"pass"}


def test_fractional_count_is_an_error(report: AnnualReport) -> None:
    failure = only(check(report.with_cell("t3.granted.total", "3.5")), "VALUE-INTEGER", "t3.granted.total")
    assert (failure.status, failure.severity) == ("fail", "error")


def test_fractional_money_is_legal() -> None:
    report = random_report("2021", seed=12).with_cell("t2.art20_8.fees.amount_wan_yuan", "4068.208")
    assert statuses(check(report), "VALUE-INTEGER") == {"pass"}
    report = no_placeholders(random_report("2019", seed=12)).with_cell("t2.art20_9.procurement.amount", "2510.5")
    assert statuses(check(report), "VALUE-INTEGER") == {"pass"}


def test_unit_conflict_is_a_warning() -> None:
    report = random_report("2021", seed=13).with_cell("t2.art20_8.fees.amount_wan_yuan", "35000元")
    failure = only(check(report), "VALUE-UNIT", "t2.art20_8.fees.amount_wan_yuan")
    assert (failure.status, failure.severity) == ("fail", "warning")
    assert "万元" in failure.message


def test_matching_units_pass() -> None:
    report = random_report("2021", seed=13).with_cell("t2.art20_8.fees.amount_wan_yuan", "12.5万元")
    report = report.with_cell("t3.granted.total", f"{value(report, 't3.granted.total')}件")
    assert statuses(check(report), "VALUE-UNIT") == {"pass"}


def test_procurement_unit_is_info_only() -> None:
    report = no_placeholders(random_report("2019", seed=13)).with_cell("t2.art20_9.procurement.amount", "251000元")
    failure = only(check(report), "VALUE-UNIT", "t2.art20_9.procurement.amount")
    assert (failure.status, failure.severity) == ("fail", "info")


# --- T3-IDENTITY, T3-ROW-TOTAL, T3-RESULT-TOTAL, T4-BLOCK-TOTAL ---------------------------------


def test_identities_hold(report: AnnualReport) -> None:
    found = check(report)
    spec = SPECS[report.template]
    for code in ("T3-IDENTITY", "T3-ROW-TOTAL", "T3-RESULT-TOTAL", "T4-BLOCK-TOTAL"):
        expected = sum(1 for i in spec.identities if i.code == code)
        assert [f.status for f in found if f.code == code] == ["pass"] * expected, code


def test_t3_identity_message_quotes_the_template(report: AnnualReport) -> None:
    report = report.with_cell("t3.new_received.total", "95").with_cell("t3.carried_over.total", "0")
    report = report.with_cell("t3.total.total", "95").with_cell("t3.carry_forward.total", "0")
    result = only(check(report), "T3-IDENTITY", "total")
    assert result.status == "pass"
    assert result.message == (
        "表三「总计」列：一、本年新收政府信息公开申请数量（95）＋二、上年结转政府信息公开申请数量（0）＝95，"
        "（七）总计（95）＋四、结转下年度继续办理（0）＝95"
    )
    assert result.cells == ("t3.new_received.total", "t3.carried_over.total", "t3.total.total",
                            "t3.carry_forward.total")


def test_t3_identity_breaks(report: AnnualReport) -> None:
    published = value(report, "t3.carry_forward.total")
    found = check(report.with_cell("t3.carry_forward.total", str(published + 2)))
    failure = only(found, "T3-IDENTITY", "total")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert "相差2" in failure.message
    assert failure.expected == value(report, "t3.new_received.total") + value(report, "t3.carried_over.total")
    assert failure.actual == failure.expected + 2


def test_blank_operand_is_not_assessable_with_hint(report: AnnualReport) -> None:
    found = check(report.with_cell("t3.carry_forward.commercial", ""))
    result = only(found, "T3-IDENTITY", "commercial")
    assert result.status == "not_assessable"
    assert result.if_blank_zero == ("pass" if value(report, "t3.carry_forward.commercial") == 0 else "fail")
    assert "商业企业" in result.message and "空白" in result.message


def test_placeholder_operand_gives_no_hint(report: AnnualReport) -> None:
    result = only(check(report.with_cell("t3.new_received.research", "-")), "T3-IDENTITY", "research")
    assert result.status == "not_assessable"
    assert result.if_blank_zero is None
    assert "「一、本年新收政府信息公开申请数量」行「科研机构」列（占位符：“-”）" in result.message


def test_blank_operand_is_named_once(report: AnnualReport) -> None:
    result = only(check(report.with_cell("t3.carry_forward.commercial", "")), "T3-ROW-TOTAL", "carry_forward")
    assert "「四、结转下年度继续办理」行「商业企业」列（空白）" in result.message
    assert "空白：空白" not in result.message


def test_row_left_blank_says_so_in_one_phrase(report: AnnualReport) -> None:
    keys = [key for key in report.cells if key.startswith("t3.granted.")]
    blank = report
    for key in keys:
        blank = blank.with_cell(key, "")
    result = only(check(blank), "T3-ROW-TOTAL", "granted")
    assert (result.status, result.if_blank_zero) == ("not_assessable", "pass")
    assert result.message.endswith("＝？；无法核对：各项均为空白")  # no cell list, no 0 = 0 hint
    assert result.message.count("（空白）") == len(keys)
    # One blank cell among the row's numbers is still named.
    partly = only(check(report.with_cell(keys[0], "")), "T3-ROW-TOTAL", "granted")
    assert "非数字的项" in partly.message and "各项均为空白" not in partly.message


def test_row_the_reader_could_not_place_says_so_in_one_phrase(report: AnnualReport) -> None:
    keys = [key for key in report.cells if key.startswith("t3.granted.")]
    lost = dataclasses.replace(report, cells={**dict(report.cells), **{k: absent(k) for k in keys}})
    result = only(check(lost), "T3-ROW-TOTAL", "granted")
    assert result.status == "not_assessable"
    assert result.message.endswith("＝？；无法核对：各项均缺失（见 STRUCT-LABELS）")
    assert result.message.count("（缺失）") == len(keys)  # each once, in the sum
    # One missing cell among the row's numbers is still named.
    partly = dataclasses.replace(report, cells={**dict(report.cells), keys[0]: absent(keys[0])})
    result = only(check(partly), "T3-ROW-TOTAL", "granted")
    assert "非数字的项" in result.message and "各项均缺失" not in result.message


def test_row_total_breaks(report: AnnualReport) -> None:
    broken = report.with_cell("t3.granted.natural_person", str(value(report, "t3.granted.natural_person") + 1))
    found = check(broken)
    failure = only(found, "T3-ROW-TOTAL", "granted")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert failure.message.startswith("表三「（一）予以公开」行：总计（")
    assert failure.actual == value(report, "t3.granted.total")
    assert failure.expected == failure.actual + 1


def test_result_total_breaks_while_rows_hold(report: AnnualReport) -> None:
    broken = report.with_cell("t3.granted.natural_person", str(value(report, "t3.granted.natural_person") + 1))
    broken = broken.with_cell("t3.granted.total", str(value(report, "t3.granted.total") + 1))
    found = check(broken)
    assert only(found, "T3-ROW-TOTAL", "granted").status == "pass"
    assert {f.instance for f in fails(found, "T3-RESULT-TOTAL")} == {"natural_person", "total"}
    assert only(found, "T3-RESULT-TOTAL", "total").severity == "error"


def test_result_total_2021_includes_other_group() -> None:
    report = random_report("2021", seed=21)
    broken = report.with_cell("t3.other.unpaid_fee.research", str(value(report, "t3.other.unpaid_fee.research") + 1))
    broken = broken.with_cell("t3.other.unpaid_fee.total", str(value(report, "t3.other.unpaid_fee.total") + 1))
    found = check(broken)
    failure = only(found, "T3-RESULT-TOTAL", "research")
    assert failure.status == "fail"
    assert "（六）其他处理" in failure.message


def test_t4_block_total_breaks(report: AnnualReport) -> None:
    found = check(report.with_cell("t4.litigation_direct.total", str(value(report, "t4.litigation_direct.total") + 1)))
    failure = only(found, "T4-BLOCK-TOTAL", "litigation_direct")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert failure.message.startswith("表四「行政诉讼·未经复议直接起诉」")
    assert only(found, "T4-BLOCK-TOTAL", "reconsideration").status == "pass"


# --- DATE-DEADLINE -----------------------------------------------------------------------


def test_deadline_department() -> None:
    report = random_report("2019", seed=5, year=2020)
    assert statutory_deadline("department", 2020) == date(2021, 1, 31)
    on_time = dataclasses.replace(report, published_on=date(2021, 1, 31))  # a Sunday: no roll-over
    assert only(check(on_time, agency_kind="department"), "DATE-DEADLINE").status == "pass"
    late = dataclasses.replace(report, published_on=date(2021, 2, 1))
    failure = only(check(late, agency_kind="department"), "DATE-DEADLINE")
    assert (failure.status, failure.severity) == ("fail", "error")
    assert "2021-01-31" in failure.message


def test_deadline_government() -> None:
    report = random_report("2021", seed=5, year=2023)
    on_time = dataclasses.replace(report, published_on=date(2024, 3, 31))
    assert only(check(on_time, agency_kind="government"), "DATE-DEADLINE").status == "pass"
    late = dataclasses.replace(report, published_on=date(2024, 4, 1))
    assert only(check(late, agency_kind="government"), "DATE-DEADLINE").severity == "error"


def test_deadline_local_is_a_warning() -> None:
    report = dataclasses.replace(random_report("2021", seed=5, year=2023), published_on=date(2024, 1, 29))
    failure = check_deadline(report, "department", local_deadline=date(2024, 1, 28))[0]
    assert (failure.status, failure.severity) == ("fail", "warning")
    assert check_deadline(report, "department", local_deadline=date(2024, 1, 29))[0].status == "pass"


def test_deadline_needs_date_and_kind() -> None:
    report = random_report("2021", seed=5, year=2023)
    assert only(check(report, agency_kind="department"), "DATE-DEADLINE").status == "not_assessable"
    dated = dataclasses.replace(report, published_on=date(2024, 1, 2))
    assert only(check(dated), "DATE-DEADLINE").status == "not_assessable"
    assert only(check(dated, agency_kind="township"), "DATE-DEADLINE").status == "not_assessable"


# --- AGG-DECLARED-SUM --------------------------------------------------------------------


def _parent_of(children: list[AnnualReport]) -> AnnualReport:
    parent = children[0]
    for key in parent.cells:
        total = sum((c.cell(key).value or 0) for c in children)
        parent = parent.with_cell(key, format(total, "f") if isinstance(total, Decimal) else str(total))
    return parent


def test_declared_aggregation_holds_and_breaks() -> None:
    children = [random_report("2021", seed=s, year=2023) for s in (31, 32, 33)]
    parent = _parent_of(children)
    found = check_aggregate(parent, children)
    assert {f.status for f in found} == {"pass"}
    assert len(found) == len(SPECS["2021"].cells)
    broken = parent.with_cell("t3.granted.total", str(value(parent, "t3.granted.total") + 1))
    failure = only(check_aggregate(broken, children), "AGG-DECLARED-SUM", "t3.granted.total")
    assert (failure.status, failure.severity) == ("fail", "warning")


def test_aggregation_is_never_inferred() -> None:
    report = random_report("2021", seed=34)
    assert only(check_aggregate(report, []), "AGG-DECLARED-SUM").status == "not_applicable"
    assert "AGG-DECLARED-SUM" not in {f.code for f in check(report)}
