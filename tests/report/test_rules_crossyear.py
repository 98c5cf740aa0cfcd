"""Rules against the same agency's previous report: XY-* and YOY-*."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Section
from gongkai.report.rules import check, check_repetition, repetition
from gongkai.report.spec import SECTION_TITLES

from .findings import of, only

AGENCY = "示例市交通运输局"


def chained(version: str = "2021", seed: int = 1, year: int = 2023) -> tuple[AnnualReport, AnnualReport]:
    """A report and a previous-year report whose 结转下年度 equals this year's 上年结转."""
    report = random_report(version, seed, year=year, agency="示例市交通运输局")
    previous = random_report(version, seed + 100, year=year - 1, agency="示例市交通运输局")
    for column in ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org",
                   "total"):
        previous = previous.with_cell(f"t3.carry_forward.{column}", report.cell(f"t3.carried_over.{column}").raw)
    return report, previous


# --- XY-CARRYOVER ------------------------------------------------------------------------------


def test_carryover_holds() -> None:
    report, previous = chained()
    found = of(check(report, previous), "XY-CARRYOVER")
    assert [f.status for f in found] == ["pass"] * 7


def test_carryover_breaks_as_warning_on_import_and_error_on_generation() -> None:
    report, previous = chained()
    carried = report.cell("t3.carried_over.total").value
    assert isinstance(carried, int)
    previous = previous.with_cell("t3.carry_forward.total", str(carried + 3))
    failure = only(check(report, previous), "XY-CARRYOVER", "total")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == (
        "fail", "warning", carried + 3, carried)
    assert "二、上年结转政府信息公开申请数量" in failure.message and "四、结转下年度继续办理" in failure.message
    assert only(check(report, previous, generated=True), "XY-CARRYOVER", "total").severity == "error"


def test_carryover_across_the_2021_switch() -> None:
    report, _ = chained("2021", seed=2, year=2021)
    previous = random_report("2019", 3, year=2020, agency=AGENCY)
    previous = previous.with_cell("t3.carry_forward.total", report.cell("t3.carried_over.total").raw)
    previous = previous.with_cell("t3.carry_forward.commercial", "")
    found = check(report, previous)
    assert only(found, "XY-CARRYOVER", "total").status == "pass"
    blank = only(found, "XY-CARRYOVER", "commercial")
    assert blank.status == "not_assessable"
    assert blank.if_blank_zero in ("pass", "fail")


def test_carryover_needs_last_years_report() -> None:
    report, previous = chained()
    assert only(check(report), "XY-CARRYOVER").status == "not_assessable"
    wrong_year = dataclasses.replace(previous, year=report.year - 2)
    result = only(check(report, wrong_year), "XY-CARRYOVER")
    assert result.status == "not_assessable"
    assert str(report.year - 2) in result.message


# --- XY-STOCK-FLOW -----------------------------------------------------------------------------


def _stock(report: AnnualReport, row: str, issued: int, repealed: int, in_force: int) -> AnnualReport:
    base = f"t2.art20_1.{row}."
    return (report.with_cell(base + "issued", str(issued)).with_cell(base + "repealed", str(repealed))
            .with_cell(base + "in_force", str(in_force)))


def test_stock_flow_holds_and_breaks() -> None:
    report, previous = chained()
    report = _stock(_stock(report, "normative", 3, 1, 12), "regulations", 0, 0, 2)
    previous = _stock(_stock(previous, "normative", 5, 0, 10), "regulations", 1, 0, 2)
    found = of(check(report, previous), "XY-STOCK-FLOW")
    assert [f.status for f in found] == ["pass", "pass"]
    previous = previous.with_cell("t2.art20_1.normative.in_force", "11")
    failure = only(check(report, previous), "XY-STOCK-FLOW", "normative")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 13, 12)
    assert "「行政规范性文件」" in failure.message and "现行有效件数" in failure.message


def test_stock_flow_does_not_apply_to_2019_format() -> None:
    report = random_report("2019", 4, year=2020, agency=AGENCY)
    assert only(check(report), "XY-STOCK-FLOW").status == "not_applicable"
    # 2020 对外公开总数量 never stands in for 现行有效件数: the chain starts in 2021.
    report_2021 = random_report("2021", 5, year=2021, agency=AGENCY)
    assert only(check(report_2021, report), "XY-STOCK-FLOW").status == "not_applicable"
    assert only(check(report_2021), "XY-STOCK-FLOW").status == "not_assessable"


# --- XY-ITEMS-2019 -----------------------------------------------------------------------------


def test_items_2019_holds_and_breaks() -> None:
    report = random_report("2019", 6, year=2020, agency=AGENCY)
    previous = random_report("2019", 7, year=2019, agency=AGENCY)
    previous = previous.with_cell("t2.art20_5.licensing.prev_items", "83").with_cell(
        "t2.art20_5.licensing.change", "+1")
    report = report.with_cell("t2.art20_5.licensing.prev_items", "84")
    previous = previous.with_cell("t2.art20_8.fees.prev_items", "6").with_cell("t2.art20_8.fees.change", "-3")
    report = report.with_cell("t2.art20_8.fees.prev_items", "4")
    previous = previous.with_cell("t2.art20_6.punishment.change", "-")
    found = check(report, previous)
    assert only(found, "XY-ITEMS-2019", "art20_5.licensing").status == "pass"
    failure = only(found, "XY-ITEMS-2019", "art20_8.fees")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "info", 3, 4)
    assert only(found, "XY-ITEMS-2019", "art20_6.punishment").status == "not_assessable"


def test_items_2019_scope() -> None:
    assert only(check(random_report("2019", 8, year=2019)), "XY-ITEMS-2019").status == "not_applicable"
    assert only(check(random_report("2021", 8, year=2022)), "XY-ITEMS-2019").status == "not_applicable"
    assert only(check(random_report("2019", 8, year=2020)), "XY-ITEMS-2019").status == "not_assessable"


# --- YOY-TABLES-IDENTICAL ----------------------------------------------------------------------


def test_tables_identical_is_info() -> None:
    report, _ = chained()
    copied = dataclasses.replace(report, year=report.year - 1)
    failure = only(check(report, copied), "YOY-TABLES-IDENTICAL")
    assert (failure.status, failure.severity) == ("fail", "info")


def test_tables_differ() -> None:
    report, previous = chained()
    assert only(check(report, previous), "YOY-TABLES-IDENTICAL").status == "pass"
    assert only(check(report), "YOY-TABLES-IDENTICAL").status == "not_assessable"


def test_identical_all_zero_tables_pass() -> None:
    report, _ = chained()
    for key in report.cells:
        if key.startswith(("t3.", "t4.")):
            report = report.with_cell(key, "0")
    assert only(check(report, dataclasses.replace(report, year=report.year - 1)),
                "YOY-TABLES-IDENTICAL").status == "pass"


# --- YOY-REPETITION ----------------------------------------------------------------------------


def _narrative(report: AnnualReport, texts: dict[int, str]) -> AnnualReport:
    sections = [Section(n, title, texts.get(n, "")) for n, title in enumerate(SECTION_TITLES, start=1)]
    return dataclasses.replace(report, preamble="", sections=sections)


def test_repetition_above_threshold_warns() -> None:
    report, previous = chained()
    previous = dataclasses.replace(previous, preamble=report.preamble, sections=report.sections)
    failure = only(check(report, previous), "YOY-REPETITION")
    assert (failure.status, failure.severity, failure.actual) == ("fail", "warning", 1.0)
    assert "100.0%" in failure.message


def test_repetition_ratio_counts_characters_of_repeated_sentences() -> None:
    report, previous = chained()
    section1 = "本机关持续推进政务公开标准化规范化建设。围绕重点领域加大信息公开力度并及时回应关切。"
    section5 = "一是公开内容的完整性还需要进一步加强。二是解读形式仍较单一需要丰富。"
    report = _narrative(report, {1: section1, 5: section5, 6: "无"})
    previous = _narrative(previous, {1: "上年度全面梳理主动公开目录并更新内容。", 5: section5})
    result = repetition(report, previous)
    repeated = len("一是公开内容的完整性还需要进一步加强") + len("二是解读形式仍较单一需要丰富")
    total = repeated + len("本机关持续推进政务公开标准化规范化建设") + len("围绕重点领域加大信息公开力度并及时回应关切")
    assert result.ratio == pytest.approx(repeated / total)
    assert result.per_section[5] == 1.0 and result.per_section[1] == 0.0
    assert {n for n, _ in result.repeated} == {5}
    assert only(check(report, previous), "YOY-REPETITION").status == "pass"


def test_repetition_normalises_and_can_mask_numbers() -> None:
    report, previous = chained()
    report = _narrative(report, {1: "全年主动公开政府信息１２３条，“政策解读”专栏持续更新。"})
    previous = _narrative(previous, {1: "全年主动公开政府信息 98 条，「政策解读」专栏持续更新。"})
    assert repetition(report, previous).ratio < 1.0
    masked = check_repetition(report, previous, mask_numbers=True)[0]
    assert (masked.status, masked.actual) == ("fail", 1.0)
    assert check_repetition(report, previous, threshold=1.0, mask_numbers=True)[0].status == "pass"


def test_repetition_needs_last_years_report() -> None:
    report, _ = chained()
    assert only(check(report), "YOY-REPETITION").status == "not_assessable"


# --- the same agency ----------------------------------------------------------------------------


def test_another_agencys_report_is_no_previous_report() -> None:
    report, previous = chained()
    other = dataclasses.replace(previous, agency="示例县自然资源局")
    found = check(report, other)
    for code in ("XY-CARRYOVER", "XY-STOCK-FLOW", "YOY-REPETITION", "YOY-TABLES-IDENTICAL"):
        finding = only(found, code)
        assert finding.status == "not_assessable", code
        assert "示例县自然资源局" in finding.message and AGENCY in finding.message, finding.message


@pytest.mark.parametrize(("now", "before"), [
    ("示例省示例市交通运输局", "示例市交通运输局"),
    ("示例国家高新技术产业开发区管理委员会", "示例高新区管委会"),
])
def test_the_agency_named_longer_or_shorter_is_the_same_agency(now: str, before: str) -> None:
    report, previous = chained()
    report, previous = dataclasses.replace(report, agency=now), dataclasses.replace(previous, agency=before)
    assert [f.status for f in of(check(report, previous), "XY-CARRYOVER")] == ["pass"] * 7


def test_blank_operands_of_the_stock_flow_carry_the_blank_hint() -> None:
    report, previous = chained()
    for name in ("in_force", "issued", "repealed"):
        report = report.with_cell(f"t2.art20_1.regulations.{name}", "5" if name == "in_force" else "")
    previous = previous.with_cell("t2.art20_1.regulations.in_force", "5")
    finding = only(check(report, previous), "XY-STOCK-FLOW", "regulations")
    assert (finding.status, finding.if_blank_zero) == ("not_assessable", "pass")
    report = report.with_cell("t2.art20_1.regulations.in_force", "6")
    assert only(check(report, previous), "XY-STOCK-FLOW", "regulations").if_blank_zero == "fail"
    # Anything but a blank among the operands: no hint.
    report = report.with_cell("t2.art20_1.regulations.issued", "-")
    assert only(check(report, previous), "XY-STOCK-FLOW", "regulations").if_blank_zero is None


def test_blank_change_of_the_2019_items_carries_the_blank_hint() -> None:
    report = random_report("2019", 6, year=2020, agency=AGENCY).with_cell("t2.art20_5.licensing.prev_items", "83")
    previous = random_report("2019", 7, year=2019, agency=AGENCY).with_cell(
        "t2.art20_5.licensing.prev_items", "83").with_cell("t2.art20_5.licensing.change", "")
    finding = only(check(report, previous), "XY-ITEMS-2019", "art20_5.licensing")
    assert (finding.status, finding.if_blank_zero) == ("not_assessable", "pass")
