"""The worked examples of DOMAIN.md §4.2 ("Seed: …") on the seed report.

Two sources: a seed-equivalent report built here from the figures of DOMAIN.md §3.2/§3.3 and the
narrative phrases quoted in §4.2 (the prose around them is ours), and — once the parser exists —
the seed file itself through `gongkai.report.parse.parse_file`.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Section
from gongkai.report.parse import parse_file
from gongkai.report.rules import check, check_aggregate, failures, repetition
from gongkai.report.spec import SECTION_TITLES, SPECS

from .findings import of, only

SEED_FILE = Path("/work/shared/corpus/seed/xiangtan-gaoxin-2020.txt")

# §3.2, 2019 format.
SEED_T2 = {
    "t2.art20_1.regulations.made": "0", "t2.art20_1.regulations.published": "0",
    "t2.art20_1.regulations.total_public": "0",
    "t2.art20_1.normative.made": "4", "t2.art20_1.normative.published": "4",
    "t2.art20_1.normative.total_public": "5",
    "t2.art20_5.licensing.prev_items": "83", "t2.art20_5.licensing.change": "+1",
    "t2.art20_5.licensing.decisions": "323",
    "t2.art20_5.other_services.prev_items": "93", "t2.art20_5.other_services.change": "+226",
    "t2.art20_5.other_services.decisions": "7478",
    "t2.art20_6.punishment.prev_items": "0", "t2.art20_6.punishment.change": "-",
    "t2.art20_6.punishment.decisions": "0",
    "t2.art20_6.coercion.prev_items": "0", "t2.art20_6.coercion.change": "-",
    "t2.art20_6.coercion.decisions": "0",
    "t2.art20_8.fees.prev_items": "6", "t2.art20_8.fees.change": "-3",
    "t2.art20_9.procurement.items": "0", "t2.art20_9.procurement.amount": "0",
}
# §3.3: 自然人 = 总计 for every row; the 法人或其他组织 columns are 0, except one blank cell.
SEED_T3_ROWS = {
    "new_received": 95, "carried_over": 0, "granted": 6, "partial": 2,
    "unable.not_held": 16, "unable.needs_creation": 3, "unable.still_unclear": 2,
    "not_processed.petition": 63, "not_processed.repeat": 3, "total": 95, "carry_forward": 0,
}

# Our own prose around the phrases DOMAIN.md §4.2 quotes from the seed.
PREAMBLE = ("本报告依据《中华人民共和国政府信息公开条例》编制。"
            "本年度报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。")
SECTION_1 = (
    "2020年，本区持续推进政务公开标准化规范化建设，及时发布政策文件和权责清单。"
    "全年新增本级规范性文件4件，均经合法性审查后统一对外发布。"
    "全年受理热线交办事项1500件，按期回复率100%；收到群众来信35件。"
    "2020年本区受理办结依申请公开政府信息95件，其中予以公开6件，部分公开2件，无法提供21件，"
    "信访举报投诉63件，重复申请3件。未收到政府信息公开申请行政复议和行政诉讼事项。"
)
SECTION_5 = (
    "1.个别部门主动公开意识不够强，信息发布不够及时。下一步将加强部门之间的沟通协调，简化发布审核流程。"
    "2.工作人员业务能力有待提升。下一步将加强业务培训和经验交流，提升公开工作的规范化水平。"
)


def seed_equivalent() -> AnnualReport:
    base = random_report("2019", seed=2020, year=2020, agency="湘潭高新技术产业开发区")
    cells = dict(base.cells)
    report = dataclasses.replace(base, cells=cells)
    for key, raw in SEED_T2.items():
        report = report.with_cell(key, raw)
    for row in SPECS["2019"].t3_rows:
        for column in SPECS["2019"].t3_columns:
            number = SEED_T3_ROWS.get(row.key, 0) if column.key in ("natural_person", "total") else 0
            report = report.with_cell(f"t3.{row.key}.{column.key}", str(number))
    report = report.with_cell("t3.carry_forward.commercial", "")
    for block in SPECS["2019"].t4_blocks:
        for column in SPECS["2019"].t4_columns:
            report = report.with_cell(f"t4.{block.key}.{column.key}", "0")
    texts = {1: SECTION_1, 5: SECTION_5, 6: "无"}
    sections = [Section(n, title, texts.get(n, "")) for n, title in enumerate(SECTION_TITLES, start=1)]
    return dataclasses.replace(report, preamble=PREAMBLE, sections=sections)


@pytest.fixture(params=["equivalent", "parsed"])
def seed(request: pytest.FixtureRequest) -> AnnualReport:
    if request.param == "equivalent":
        return seed_equivalent()
    return parse_file(SEED_FILE)


# --- structure and values (rules 1–9) ---------------------------------------------------------


def test_seed_structure(seed: AnnualReport) -> None:
    found = check(seed)
    assert {f.status for f in of(found, "STRUCT-SECTIONS")} == {"pass"}
    assert [f.status for f in of(found, "STRUCT-TABLE-MISSING")] == ["pass"] * 3
    version = only(found, "STRUCT-VERSION")
    assert (version.status, version.expected, version.actual) == ("pass", "2019", "2019")


def test_seed_values(seed: AnnualReport) -> None:
    found = check(seed)
    numeric = of(found, "VALUE-NUMERIC")
    assert {(f.instance, f.status, f.severity) for f in numeric} == {
        ("t2.art20_6.punishment.change", "fail", "info"),
        ("t2.art20_6.coercion.change", "fail", "info"),
    }
    assert [(f.instance, f.severity) for f in of(found, "VALUE-BLANK")] == [("t3.carry_forward.commercial", "info")]
    assert only(found, "VALUE-NONNEG").status == "pass"  # fees.change = −3 is legal
    assert only(found, "VALUE-INTEGER").status == "pass"
    assert only(found, "VALUE-UNIT").status == "not_applicable"


# --- arithmetic (rules 10–13) ---------------------------------------------------------------------


def test_seed_t3_identity(seed: AnnualReport) -> None:
    found = check(seed)
    results = {f.instance: f for f in of(found, "T3-IDENTITY")}
    commercial = results.pop("commercial")
    assert (commercial.status, commercial.if_blank_zero) == ("not_assessable", "pass")
    assert {f.status for f in results.values()} == {"pass"}
    assert results["total"].message == (
        "表三「总计」列：一、本年新收政府信息公开申请数量（95）＋二、上年结转政府信息公开申请数量（0）＝95，"
        "（七）总计（95）＋四、结转下年度继续办理（0）＝95"
    )


def test_seed_row_totals(seed: AnnualReport) -> None:
    results = {f.instance: f for f in of(check(seed), "T3-ROW-TOTAL")}
    assert len(results) == 23
    carry = results.pop("carry_forward")
    assert (carry.status, carry.if_blank_zero) == ("not_assessable", "pass")
    assert {f.status for f in results.values()} == {"pass"}
    assert results["unable.not_held"].expected == 16


def test_seed_result_and_t4_totals(seed: AnnualReport) -> None:
    found = check(seed)
    assert [f.status for f in of(found, "T3-RESULT-TOTAL")] == ["pass"] * 7
    assert only(found, "T3-RESULT-TOTAL", "total").expected == 95
    assert [f.status for f in of(found, "T4-BLOCK-TOTAL")] == ["pass"] * 3


# --- across years (rules 14–16, 32–33) -------------------------------------------------------------


def test_seed_alone_cannot_be_compared(seed: AnnualReport) -> None:
    found = check(seed)
    for code in ("XY-CARRYOVER", "XY-ITEMS-2019", "YOY-REPETITION", "YOY-TABLES-IDENTICAL"):
        assert only(found, code).status == "not_assessable", code
    assert only(found, "XY-STOCK-FLOW").status == "not_applicable"


def test_seed_as_previous_year_of_2021(seed: AnnualReport) -> None:
    report = random_report("2021", seed=2021, year=2021, agency="湘潭高新技术产业开发区")
    for column in SPECS["2021"].t3_columns:
        report = report.with_cell(f"t3.carried_over.{column.key}", "0")
    found = check(report, seed)
    assert only(found, "XY-CARRYOVER", "total").status == "pass"
    assert only(found, "XY-CARRYOVER", "commercial").status == "not_assessable"
    # 对外公开总数量 = 5 never stands in for 2020 现行有效件数.
    assert only(found, "XY-STOCK-FLOW").status == "not_applicable"


def test_seed_items_against_2019(seed: AnnualReport) -> None:
    previous = random_report("2019", seed=2019, year=2019, agency="湘潭高新技术产业开发区")
    for row, prev_items, change in (("art20_5.licensing", "80", "+3"), ("art20_5.other_services", "90", "+3"),
                                    ("art20_8.fees", "6", "0"), ("art20_6.punishment", "0", "-"),
                                    ("art20_6.coercion", "0", "-")):
        previous = previous.with_cell(f"t2.{row}.prev_items", prev_items).with_cell(f"t2.{row}.change", change)
    found = {f.instance: f.status for f in of(check(seed, previous), "XY-ITEMS-2019")}
    assert found == {"art20_5.licensing": "pass", "art20_5.other_services": "pass", "art20_8.fees": "pass",
                     "art20_6.punishment": "not_assessable", "art20_6.coercion": "not_assessable"}


def test_next_year_repeating_only_section_five_passes() -> None:
    seed = seed_equivalent()
    section_1 = (
        "2021年，本区围绕优化营商环境深化政务公开，新设政策兑现专栏并按月更新。"
        "全面梳理现行有效规范性文件，逐件标注有效性并在门户网站集中公布。"
        "推进基层政务公开标准化，村（社区）公开栏实现统一规范设置。"
        "建立政策解读与文件同步起草、同步审签、同步发布的工作机制。"
    )
    texts = {1: section_1, 5: SECTION_5, 6: "无"}
    following = dataclasses.replace(
        random_report("2021", seed=2021, year=2021, agency="湘潭高新技术产业开发区"),
        preamble="本报告数据统计期限自2021年1月1日起至2021年12月31日止。",
        sections=[Section(n, t, texts.get(n, "")) for n, t in enumerate(SECTION_TITLES, start=1)],
    )
    result = repetition(following, seed)
    assert result.per_section[5] == 1.0 and result.per_section[1] == 0.0
    assert 0 < result.ratio < 0.5
    assert only(check(following, seed), "YOY-REPETITION").status == "pass"


# --- narrative (rules 17–29) -------------------------------------------------------------------


def test_seed_narrative_counts(seed: AnnualReport) -> None:
    found = check(seed)
    received = of(found, "TXT-NEW-RECEIVED")
    assert [f.status for f in received] == ["pass"]
    assert "受理办结依申请公开政府信息95件" in received[0].instance
    assert [f.status for f in of(found, "TXT-TOTAL")] == ["pass"]
    outcomes = {f.actual: f for f in of(found, "TXT-OUTCOME")}
    assert set(outcomes) == {6, 2, 21, 63, 3}
    assert {f.status for f in outcomes.values()} == {"pass"}
    assert "not_processed.petition" in outcomes[63].cells[0]
    assert only(found, "TXT-CARRY").status == "not_applicable"


def test_seed_review_phrase_asserts_zero_and_contradicts_nothing(seed: AnnualReport) -> None:
    found = check(seed)
    assert only(found, "TXT-REVIEW").status == "pass"
    assert only(found, "TXT-LITIGATION").status == "pass"
    # A naive match of 未收到政府信息公开申请 would contradict new_received = 95.
    assert {f.status for f in of(found, "TXT-CONTRADICTION")} == {"pass"}


def test_seed_other_narrative_rules(seed: AnnualReport) -> None:
    found = check(seed)
    assert only(found, "TXT-PERCENT").status == "not_applicable"
    assert only(found, "TXT-ART20").status == "pass"
    assert only(found, "TXT-PERIOD").status == "pass"
    assert only(found, "TXT-YEAR").status == "pass"
    assert only(found, "TXT-SECTION5").status == "pass"
    assert only(found, "TXT-GOV-ITEMS").status == "not_applicable"


def test_seed_disclosure_rate_would_check() -> None:
    seed = seed_equivalent()
    sections = list(seed.sections)
    sections[0] = dataclasses.replace(sections[0], text=sections[0].text + "全年政府信息公开率8.42%。")
    result = only(check(dataclasses.replace(seed, sections=sections)), "TXT-PERCENT")
    assert result.status == "pass"  # (6 + 2) / 95 = 8.421…%


def test_seed_registered_as_government(seed: AnnualReport) -> None:
    found = of(check(seed, agency_kind="government"), "TXT-GOV-ITEMS")
    assert [(f.status, f.severity) for f in found] == [("fail", "warning")] * 3


# --- fees, dates, aggregation (rules 30, 31, 34) ---------------------------------------------------


def test_seed_fee_section(seed: AnnualReport) -> None:
    found = check(seed)
    assert only(found, "FEE-SECTION6").status == "not_applicable"
    # 六 says 无 while t2.art20_8.fees.prev_items = 6: correct, and nothing compares them.
    assert not any("t2.art20_8" in key for f in found if f.code.startswith(("FEE", "TXT")) for key in f.cells)


def test_seed_deadline(seed: AnnualReport) -> None:
    assert only(check(seed, agency_kind="department"), "DATE-DEADLINE").status == "not_assessable"
    late = dataclasses.replace(seed, published_on=date(2021, 2, 1))
    failure = only(check(late, agency_kind="department"), "DATE-DEADLINE")
    assert (failure.status, failure.severity) == ("fail", "error")
    on_time = dataclasses.replace(seed, published_on=date(2021, 1, 31))
    assert only(check(on_time, agency_kind="department"), "DATE-DEADLINE").status == "pass"


def test_seed_single_agency_has_no_aggregation(seed: AnnualReport) -> None:
    assert only(check_aggregate(seed, []), "AGG-DECLARED-SUM").status == "not_applicable"


def test_seed_has_no_error_or_warning(seed: AnnualReport) -> None:
    found = check(seed)
    assert failures(found, "warning") == []
