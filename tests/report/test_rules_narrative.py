"""Narrative ↔ table rules (TXT-*) and FEE-SECTION6."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Finding
from gongkai.report.rules import check, check_fee_amount

from .findings import of, only
from .narrative import figured, say, verdicts

CODES = ("TXT-NEW-RECEIVED", "TXT-CARRY", "TXT-TOTAL", "TXT-OUTCOME", "TXT-REVIEW", "TXT-LITIGATION",
         "TXT-ART20", "TXT-PERCENT")


def n(report: AnnualReport, key: str) -> int:
    value = report.cell(key).value
    assert isinstance(value, int)
    return value


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param)


# --- every narrative rule is not_applicable without a phrase --------------------------------------


def test_silent_narrative_is_not_applicable(report: AnnualReport) -> None:
    found = check(say(report, "本机关认真贯彻落实条例，持续推进政务公开工作。"))
    for code in CODES:
        assert {f.status for f in of(found, code)} == {"not_applicable"}, code


# --- TXT-NEW-RECEIVED ------------------------------------------------------------------------------


def test_new_received_holds(report: AnnualReport) -> None:
    found = check(say(report, "本年度共新收政府信息公开申请40件。全年受理政府信息公开申请42件。"))
    results = of(found, "TXT-NEW-RECEIVED")
    assert [f.status for f in results] == ["pass", "pass"]
    assert "一、本年新收政府信息公开申请数量" in results[0].message
    assert "二、上年结转政府信息公开申请数量" in results[1].message  # 受理 matched inflow


def test_new_received_accepts_alternative(report: AnnualReport) -> None:
    # 受理 is primarily the inflow, but the number of new applications is accepted too.
    result = only(check(say(report, "全年受理政府信息公开申请40件。")), "TXT-NEW-RECEIVED")
    assert result.status == "pass"
    assert "一、本年新收政府信息公开申请数量」总计（40）" in result.message


def test_new_received_breaks(report: AnnualReport) -> None:
    failure = only(check(say(report, "本年度共收到政府信息公开申请45件。")), "TXT-NEW-RECEIVED")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 40, 45)
    assert "t3.new_received.total" in failure.cells


def test_full_width_digits_are_read(report: AnnualReport) -> None:
    assert only(check(say(report, "本年度新收政府信息公开申请４０件。")), "TXT-NEW-RECEIVED").status == "pass"


def test_other_business_counted_in_jian_is_ignored(report: AnnualReport) -> None:
    text = ("全年受理热线交办事项1200件，回复率100%；受理群众来信31件；收到网络咨询事项207件。"
            "受理办结“一件事一次办”事项9000件。")
    found = check(say(report, text))
    for code in ("TXT-NEW-RECEIVED", "TXT-TOTAL", "TXT-PERCENT"):
        assert only(found, code).status == "not_applicable", code


def test_chinese_numerals_are_skipped_with_info(report: AnnualReport) -> None:
    result = only(check(say(report, "本年度新收政府信息公开申请四十件。")), "TXT-NEW-RECEIVED")
    assert (result.status, result.severity) == ("not_assessable", "info")
    assert "中文数字" in result.message


def test_blank_table_operand_is_not_assessable(report: AnnualReport) -> None:
    report = report.with_cell("t3.new_received.total", "")
    result = only(check(say(report, "本年度新收政府信息公开申请40件。")), "TXT-NEW-RECEIVED")
    assert result.status == "not_assessable"
    assert "空白" in result.message


# --- TXT-CARRY, TXT-TOTAL --------------------------------------------------------------------------


def test_carry_holds_and_breaks(report: AnnualReport) -> None:
    found = check(say(report, "上年结转政府信息公开申请2件，结转下年度继续办理3件。"))
    assert [f.status for f in of(found, "TXT-CARRY")] == ["pass", "pass"]
    failure = only(check(say(report, "结转下年度继续办理1件。")), "TXT-CARRY")
    assert (failure.status, failure.severity, failure.expected) == ("fail", "warning", 3)


def test_total_holds_and_breaks(report: AnnualReport) -> None:
    assert only(check(say(report, "本年度共办结政府信息公开申请39件。")), "TXT-TOTAL").status == "pass"
    failure = only(check(say(report, "本年度共办结政府信息公开申请42件。")), "TXT-TOTAL")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 39, 42)


def test_one_phrase_feeds_two_rules(report: AnnualReport) -> None:
    found = check(say(report, "受理办结依申请公开政府信息42件。"))
    assert only(found, "TXT-NEW-RECEIVED").status == "pass"  # 受理 → inflow 40 + 2
    assert only(found, "TXT-TOTAL").status == "fail"  # 办结 → （七）总计 39


def test_unfinished_is_not_concluded(report: AnnualReport) -> None:
    found = check(say(report, "尚未办结的3件结转下年度继续办理。"))
    assert only(found, "TXT-TOTAL").status == "not_applicable"


# --- TXT-OUTCOME -------------------------------------------------------------------------------


def test_outcome_holds_and_breaks(report: AnnualReport) -> None:
    granted = n(report, "t3.granted.total")
    repeat = n(report, "t3.not_processed.repeat.total")
    found = check(say(report, f"本年度办结申请39件，其中予以公开{granted}件，重复申请{repeat}件。"))
    assert [f.status for f in of(found, "TXT-OUTCOME")] == ["pass", "pass"]
    failure = only(check(say(report, f"其中予以公开{granted + 1}件。")), "TXT-OUTCOME")
    assert (failure.status, failure.severity, failure.expected) == ("fail", "warning", granted)
    assert "（一）予以公开" in failure.message


def test_outcome_group_sums(report: AnnualReport) -> None:
    unable = sum(n(report, f"t3.{row}.total") for row in ("unable.not_held", "unable.needs_creation",
                                                           "unable.still_unclear"))
    found = check(say(report, f"无法提供{unable}件。"))
    assert only(found, "TXT-OUTCOME").status == "pass"


# --- TXT-REVIEW, TXT-LITIGATION --------------------------------------------------------------------


def test_review_and_litigation_hold(report: AnnualReport) -> None:
    found = check(say(report, "因政府信息公开被申请行政复议2件，被提起行政诉讼1件。", section=4))
    assert only(found, "TXT-REVIEW").status == "pass"
    assert only(found, "TXT-LITIGATION").status == "pass"


def test_review_and_litigation_break(report: AnnualReport) -> None:
    found = check(say(report, "因政府信息公开被申请行政复议5件，被提起行政诉讼4件。", section=4))
    assert only(found, "TXT-REVIEW").severity == "warning"
    assert only(found, "TXT-LITIGATION").severity == "warning"


def test_combined_count_matches_all_cases(report: AnnualReport) -> None:
    found = check(say(report, "全年发生行政复议和行政诉讼案件3件。", section=4))
    result = only(found, "TXT-LITIGATION")
    assert result.status == "pass"
    assert "三类「总计」之和" in result.message


def test_zero_assertion(report: AnnualReport) -> None:
    text = "本年度未收到政府信息公开申请行政复议和行政诉讼事项。"
    found = check(say(report, text, section=4))
    assert only(found, "TXT-REVIEW").status == "fail"
    assert only(found, "TXT-LITIGATION").status == "fail"
    zero = report
    for key in zero.cells:
        if key.startswith("t4."):
            zero = zero.with_cell(key, "0")
    found = check(say(zero, text, section=4))
    assert only(found, "TXT-REVIEW").status == "pass"
    assert only(found, "TXT-LITIGATION").status == "pass"


def test_pending_cases_are_not_a_zero_claim(report: AnnualReport) -> None:
    found = check(say(report, "上述行政诉讼案件尚未审结。", section=4))
    assert only(found, "TXT-LITIGATION").status == "not_applicable"


# --- TXT-PERCENT -------------------------------------------------------------------------------


def _disclosure_rate(report: AnnualReport) -> AnnualReport:
    return report.with_cell("t3.granted.total", "6").with_cell("t3.partial.total", "2")


def test_percent_holds(report: AnnualReport) -> None:
    report = _disclosure_rate(report)  # (6 + 2) / 39 = 20.51…%
    result = only(check(say(report, "本年度政府信息公开率20.51%。")), "TXT-PERCENT")
    assert result.status == "pass"
    assert result.expected == Decimal("20.51")
    result = only(check(say(report, "其中予以公开6件，占办结总数的15.4%。")), "TXT-PERCENT")
    assert result.status == "pass"  # 6 / 39 = 15.38…


def test_percent_tries_other_denominators(report: AnnualReport) -> None:
    result = only(check(say(_disclosure_rate(report), "予以公开6件，占15.0%。")), "TXT-PERCENT")
    assert result.status == "pass"  # 6 / 39 办结 = 15.38 does not match; 6 / 40 新收 does
    assert "一、本年新收政府信息公开申请数量" in result.message


def test_percent_breaks(report: AnnualReport) -> None:
    failure = only(check(say(_disclosure_rate(report), "本年度政府信息公开率8.42%。")), "TXT-PERCENT")
    assert (failure.status, failure.severity, failure.expected) == ("fail", "warning", Decimal("20.51"))


def test_percent_zero_denominator(report: AnnualReport) -> None:
    for key in report.cells:
        if key.startswith("t3."):
            report = report.with_cell(key, "0")
    assert only(check(say(report, "公开率0%。")), "TXT-PERCENT").status == "not_assessable"


def test_percent_year_over_year_needs_last_year(report: AnnualReport) -> None:
    result = only(check(say(report, "予以公开6件，比上年增长20%。")), "TXT-PERCENT")
    assert result.status == "not_assessable"


def test_unrelated_rates_are_ignored(report: AnnualReport) -> None:
    assert only(check(say(report, "好评率100%，回复率99.5%。")), "TXT-PERCENT").status == "not_applicable"


# --- TXT-ART20 ---------------------------------------------------------------------------------


def test_art20_holds_and_breaks(report: AnnualReport) -> None:
    column = "made" if report.template == "2019" else "issued"
    made = n(report, f"t2.art20_1.normative.{column}")
    assert only(check(say(report, f"新增本级规范性文件{made}件。")), "TXT-ART20").status == "pass"
    failure = only(check(say(report, f"新增本级规范性文件{made + 1}件。")), "TXT-ART20")
    assert (failure.status, failure.severity) == ("fail", "info")
    decisions = n(report, "t2.art20_5.licensing.decisions")
    assert only(check(say(report, f"全年作出行政许可决定{decisions}件。")), "TXT-ART20").status == "pass"


# --- TXT-PERIOD, TXT-YEAR ----------------------------------------------------------------------------


def test_period(report: AnnualReport) -> None:
    y = report.year
    holds = check(say(report, f"本报告统计期限自{y}年1月1日起至{y}年12月31日止。"))
    assert only(holds, "TXT-PERIOD").status == "pass"
    wrong = only(check(say(report, f"本报告统计期限自{y - 1}年1月1日起至{y - 1}年12月31日止。")), "TXT-PERIOD")
    assert (wrong.status, wrong.severity) == ("fail", "warning")
    missing = only(check(say(report, "本机关持续推进政务公开。")), "TXT-PERIOD")
    assert (missing.status, missing.severity) == ("fail", "info")


def test_year(report: AnnualReport) -> None:
    y = report.year
    assert only(check(say(report, f"{y}年共收到政府信息公开申请40件。")), "TXT-YEAR").status == "pass"
    failure = only(check(say(report, f"{y - 1}年共收到政府信息公开申请40件。")), "TXT-YEAR")
    assert (failure.status, failure.severity, failure.actual) == ("fail", "warning", y - 1)
    plans = check(say(report, "持续推进公开。", five=f"{y + 1}年将进一步做好主动公开工作，加强培训。"))
    assert only(plans, "TXT-YEAR").status != "fail"
    compare = check(say(report, f"较{y - 1}年受理量有所增加。"))
    assert only(compare, "TXT-YEAR").status != "fail"


# --- TXT-SECTION5, TXT-GOV-ITEMS -------------------------------------------------------------------


def test_section5(report: AnnualReport) -> None:
    assert only(check(say(report, "")), "TXT-SECTION5").status == "pass"
    for text in ("无", "", "暂无问题。"):
        failure = only(check(say(report, "", five=text)), "TXT-SECTION5")
        assert (failure.status, failure.severity) == ("fail", "warning"), text


def test_gov_items(report: AnnualReport) -> None:
    missing = of(check(say(report, "持续推进政务公开。"), agency_kind="government"), "TXT-GOV-ITEMS")
    assert [(f.status, f.severity) for f in missing] == [("fail", "warning")] * 3
    text = "将政务公开纳入绩效工作考核，开展社会评议，本年度未发生责任追究情况。"
    assert {f.status for f in of(check(say(report, text), agency_kind="government"), "TXT-GOV-ITEMS")} == {"pass"}
    assert only(check(say(report, ""), agency_kind="department"), "TXT-GOV-ITEMS").status == "not_applicable"


# --- TXT-CONTRADICTION -------------------------------------------------------------------------


def test_all_concluded_contradicts_carry_forward(report: AnnualReport) -> None:
    text = "本年度所有申请均已按要求办理完成。"
    failure = only(check(say(report, text)), "TXT-CONTRADICTION", "concluded")
    assert (failure.status, failure.severity, failure.actual) == ("fail", "warning", 3)
    settled = report.with_cell("t3.carry_forward.natural_person", "0").with_cell("t3.carry_forward.total", "0")
    assert only(check(say(settled, text)), "TXT-CONTRADICTION", "concluded").status == "pass"


def test_none_received_contradicts_new_received(report: AnnualReport) -> None:
    failure = only(check(say(report, "本年度未收到政府信息公开申请。")), "TXT-CONTRADICTION", "none_received")
    assert (failure.status, failure.severity, failure.actual) == ("fail", "warning", 40)


def test_none_received_about_reviews_is_no_contradiction(report: AnnualReport) -> None:
    found = check(say(report, "未收到政府信息公开申请行政复议和行政诉讼事项。"))
    assert only(found, "TXT-CONTRADICTION", "none_received").status == "pass"


# --- FEE-SECTION6 ------------------------------------------------------------------------------


def test_fee_statement() -> None:
    report = random_report("2021", seed=23, year=2022).with_cell("t3.other.unpaid_fee.total", "0")
    assert only(check(say(report, "", six="本年度未收取信息处理费。")), "FEE-SECTION6").status == "pass"
    assert only(check(say(report, "", six="本年度收取信息处理费380元。")), "FEE-SECTION6").status == "pass"
    missing = only(check(say(report, "", six="无。")), "FEE-SECTION6", "statement")
    assert (missing.status, missing.severity) == ("fail", "info")
    generated = only(check(say(report, "", six="无。"), generated=True), "FEE-SECTION6", "statement")
    assert (generated.status, generated.severity) == ("fail", "error")


def test_fee_notices_need_a_mention() -> None:
    report = random_report("2021", seed=24, year=2022)
    report = report.with_cell("t3.other.unpaid_fee.natural_person", "2").with_cell("t3.other.unpaid_fee.total", "2")
    failure = only(check(say(report, "", six="本年度未收取任何费用。")), "FEE-SECTION6", "unpaid_fee")
    assert (failure.status, failure.severity) == ("fail", "info")
    assert only(check(say(report, "", six="未收取信息处理费。")), "FEE-SECTION6", "unpaid_fee").status == "pass"


def test_fee_section_never_reads_table_two() -> None:
    report = random_report("2021", seed=25, year=2022).with_cell("t2.art20_8.fees.amount_wan_yuan", "4068.208")
    result = only(check(say(report, "", six="本年度收取信息处理费380元。")), "FEE-SECTION6", "statement")
    assert result.status == "pass"
    assert not any(k.startswith("t2.") for k in result.cells)


def test_fee_section_before_2021_does_not_apply() -> None:
    assert only(check(random_report("2019", seed=26, year=2020)), "FEE-SECTION6").status == "not_applicable"


def test_fee_amount_on_generation() -> None:
    report = say(random_report("2021", seed=27, year=2022), "", six="本年度收取信息处理费380元。")
    assert check_fee_amount(report, Decimal(380)).status == "pass"
    assert check_fee_amount(report, Decimal(400)).severity == "error"
    nothing = say(report, "", six="本年度未收取信息处理费。")
    assert check_fee_amount(nothing, Decimal(0)).status == "pass"


def test_denying_a_corrected_outcome_is_not_a_zero_claim():
    """"未被…纠错" says no review went against the agency; it does not say there was no review."""
    from dataclasses import replace as _replace

    from gongkai.report.generate import random_report
    from gongkai.report.rules import check

    report = random_report("2021", 3)
    report = report.with_cell("t4.reconsideration.upheld", "1").with_cell("t4.reconsideration.corrected", "0")
    report = report.with_cell("t4.reconsideration.other", "0").with_cell("t4.reconsideration.pending", "0")
    report = report.with_cell("t4.reconsideration.total", "1")
    sections = list(report.sections)
    sections[0] = _replace(sections[0], text="本年有1件行政复议，该行政复议件未被复议审查机关纠错。全年未发生因依申请公开被行政复议纠错的情况。")
    sections[3] = _replace(sections[3], text="")
    report = _replace(report, sections=sections)
    review = [f for f in check(report) if f.code == "TXT-REVIEW" and f.status == "fail"]
    assert review == []


# --- figures about another year, spans of years and parts (false failures found by probing) -----------


def txt_failures(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in found if f.code.startswith("TXT-") and f.status == "fail"
            and f.code not in ("TXT-PERIOD", "TXT-GOV-ITEMS")]


def test_last_years_figures_are_not_compared(report: AnnualReport) -> None:
    y = report.year
    assert y is not None
    for text in ("全年共收到政府信息公开申请40件，去年收到10件。",
                 "全年共收到政府信息公开申请40件，上年同期收到10件。",
                 "全年共收到政府信息公开申请40件，与上年收到的10件相比有所增加。",
                 "全年共收到政府信息公开申请40件，比去年多收到5件。",
                 f"全年共收到政府信息公开申请40件，{y - 1}年收到10件。",
                 "全年受理政府信息公开申请42件，上一年度受理35件。",
                 "上年同期收到政府信息公开申请35件，本年收到40件。"):
        found = check(say(report, text))
        assert txt_failures(found) == [], text
        assert {f.status for f in of(found, "TXT-NEW-RECEIVED")} == {"pass"}, text
    found = check(say(report, "去年被申请行政复议5件，去年同期予以公开99件。", section=4))
    assert txt_failures(found) == []


def test_this_years_figure_beside_last_years_is_still_checked(report: AnnualReport) -> None:
    y = report.year
    for text in ("全年共收到政府信息公开申请12件，去年收到40件。",
                 "收到政府信息公开申请12件，比上年的10件增加2件。",
                 "与去年相比今年收到政府信息公开申请12件。",
                 "上年同期收到政府信息公开申请40件，本年收到12件。",
                 f"{y}年收到政府信息公开申请12件，{y}年以来累计受理12件。"):
        failures = [f for f in of(check(say(report, text)), "TXT-NEW-RECEIVED") if f.status == "fail"]
        assert failures and {f.actual for f in failures} == {12}, text
    passing = of(check(say(report, "收到政府信息公开申请40件，比上年的10件增加30件。")), "TXT-NEW-RECEIVED")
    assert [f.status for f in passing] == ["pass"]


def test_year_of_a_comparison_is_not_copied_text(report: AnnualReport) -> None:
    y = report.year
    assert y is not None
    for text in (f"全年共收到政府信息公开申请40件，{y - 1}年收到35件。",
                 f"{y}年共收到政府信息公开申请40件，{y - 1}年同期收到35件。",
                 f"全年共收到政府信息公开申请40件，相较于{y - 1}年受理的35件有所增加。",
                 f"按时发布《{y - 1}年政府信息公开工作年度报告》。",
                 f"在门户网站发布{y - 1}年度政府信息公开工作年度报告。",
                 f"在{y - 1}年度全省政务公开工作考核中获评优秀。",
                 f"自{y - 1}年以来共收到政府信息公开申请500件。",
                 f"{y - 1}年受理但未办结的2件申请结转至{y}年办理。"):
        found = check(say(report, text))
        assert only(found, "TXT-YEAR").status == "pass", text
        assert txt_failures(found) == [], text
    copied = only(check(say(report, f"{y - 1}年共收到政府信息公开申请40件。")), "TXT-YEAR")
    assert (copied.status, copied.actual) == ("fail", y - 1)
    copied = only(check(say(report, f"本机关{y - 1}年度主动公开政府信息500条。")), "TXT-YEAR")
    assert copied.status == "fail"


def test_totals_over_years_are_not_compared(report: AnnualReport) -> None:
    y = report.year
    for text in ("条例施行以来累计收到政府信息公开申请500件。",
                 "历年累计受理政府信息公开申请500件。",
                 f"截至{y}年底，累计受理政府信息公开申请500件。",
                 f"{(y or 0) - 1}年至{y}年累计受理政府信息公开申请500件。",
                 "近三年共收到政府信息公开申请120件。"):
        assert txt_failures(check(say(report, text))) == [], text
    for text in ("全年累计受理政府信息公开申请30件。",
                 "截至12月31日，全年累计受理政府信息公开申请30件。",
                 "今年以来共收到政府信息公开申请30件。"):
        assert only(check(say(report, text)), "TXT-NEW-RECEIVED").status == "fail", text


def test_share_of_all_concluded_is_not_a_claim(report: AnnualReport) -> None:
    granted = n(report, "t3.granted.total")
    for text in (f"全年办结申请39件，其中予以公开{granted}件，占全部办结申请的{round(100 * granted / 39)}%。",
                 f"在全部办结的申请中，予以公开{granted}件。",
                 "全部办结申请中予以公开占比较高。",
                 # A count after the verb says how many were concluded (TXT-TOTAL compares it), not that
                 # none is left.
                 "共收到申请40件，其中自然人40件；已全部办结39件。", "上述申请均已办结 39 件。"):
        assert only(check(say(report, text)), "TXT-CONTRADICTION", "concluded").status == "pass", text
    assert verdicts(check(say(report, "共收到申请40件，已全部办结39件。")), "TXT-TOTAL") == [("pass", 39, 39)]
    for text in ("申请已全部办结。", "所有申请均已依法答复申请人。", "本年度所有申请均已依法依规办结。"):
        failure = only(check(say(report, text)), "TXT-CONTRADICTION", "concluded")
        assert (failure.status, failure.actual) == ("fail", 3), text


def test_answered_within_the_deadline_is_about_timeliness(report: AnnualReport) -> None:
    # carry_forward = 3: those applications are still within their deadline, so the sentence holds.
    for text in ("所有申请均在法定期限内答复。", "所有申请均已在法定期限内办结。", "所有申请均已按时办结。",
                 "申请在法定期限内全部办结。"):
        assert only(check(say(report, text)), "TXT-CONTRADICTION", "concluded").status == "pass", text


def test_claims_about_other_years_are_not_this_years(report: AnnualReport) -> None:
    y = report.year
    for text in (f"{(y or 0) - 1}年结转的2件申请已全部办结。", "去年的申请均已办结。"):
        assert only(check(say(report, text)), "TXT-CONTRADICTION", "concluded").status == "pass", text
    assert only(check(say(report, "去年未收到政府信息公开申请。")), "TXT-CONTRADICTION",
                "none_received").status == "pass"
    found = check(say(report, "去年未发生行政复议和行政诉讼。", section=4))
    assert only(found, "TXT-REVIEW").status == "not_applicable"
    assert only(found, "TXT-LITIGATION").status == "not_applicable"


def test_parts_after_qizhong_are_not_the_whole(report: AnnualReport) -> None:
    for text in ("共收到政府信息公开申请40件，其中网上收到30件，信函收到10件。",
                 "共收到政府信息公开申请40件，其中，通过网络平台收到30件，通过信函收到10件。"):
        found = check(say(report, text))
        assert [f.status for f in of(found, "TXT-NEW-RECEIVED")] == ["pass"], text
    found = check(say(report, "全年共收到政府信息公开申请40件，其中已办结37件，结转下年度办理3件。"))
    assert only(found, "TXT-TOTAL").status == "not_applicable"
    assert only(found, "TXT-CARRY").status == "pass"
    # Rows of table 三 among the parts, 办结 under 受理 and a clause naming a whole again are checked.
    assert [f.status for f in of(check(say(report, "共收到政府信息公开申请40件，其中新收38件。")),
                                 "TXT-NEW-RECEIVED")] == ["pass", "fail"]
    assert only(check(say(report, "受理政府信息公开申请42件，其中办结39件。")), "TXT-TOTAL").status == "pass"
    assert only(check(say(report, "受理政府信息公开申请42件，其中办结30件。")), "TXT-TOTAL").status == "fail"
    found = check(say(report, "共收到政府信息公开申请40件，其中网上收到30件，全年办结30件。"))
    assert only(found, "TXT-TOTAL").status == "fail"


def test_timeliness_counts_are_parts_of_the_total(report: AnnualReport) -> None:
    found = check(say(report, "全年办结申请39件，其中按期办结37件，延期办结2件，当场答复5件。"))
    assert [f.status for f in of(found, "TXT-TOTAL")] == ["pass"]
    found = check(say(report, "全年办结申请30件，其中在法定期限内办结30件。"))
    assert [(f.status, f.actual) for f in of(found, "TXT-TOTAL")] == [("fail", 30)]


def test_refusals_are_not_the_intake(report: AnnualReport) -> None:
    found = check(say(report, "不予受理政府信息公开申请2件，未予受理的申请1件。"))
    assert only(found, "TXT-NEW-RECEIVED").status == "not_applicable"
    assert only(check(say(report, "受理政府信息公开申请2件。")), "TXT-NEW-RECEIVED").status == "fail"


def test_carried_over_into_the_report_year(report: AnnualReport) -> None:
    y = report.year
    result = only(check(say(report, f"上年度结转至{y}年的申请2件。")), "TXT-CARRY")
    assert (result.status, result.expected) == ("pass", 2)
    failure = only(check(say(report, f"上年度结转至{y}年的申请5件。")), "TXT-CARRY")
    assert (failure.status, failure.expected, failure.actual) == ("fail", 2, 5)


def test_last_years_rate_is_not_compared(report: AnnualReport) -> None:
    report = _disclosure_rate(report)  # (6 + 2) / 39 = 20.51%
    y = report.year
    for text in ("政府信息公开率20.51%，上年公开率为18%。", f"政府信息公开率20.51%，{(y or 0) - 1}年公开率为18%。"):
        found = check(say(report, text))
        assert [f.status for f in of(found, "TXT-PERCENT")] == ["pass"], text
        assert txt_failures(found) == [], text  # nor TXT-YEAR: the earlier year follows this year's rate
    found = check(say(report, "政府信息公开率18%，上年公开率为20.51%。"))
    assert [f.status for f in of(found, "TXT-PERCENT")] == ["fail"]


# --- wrong verdicts found by probing: phrase classes of rules 20–23 and 29 -----------------------------


def _outcomes(report: AnnualReport) -> AnnualReport:
    """予以公开 6, 部分公开 2 and 不予公开 3 (one row), against （七）总计 39: every figure distinct."""
    report = _disclosure_rate(report)
    for key in report.cells:
        if key.startswith("t3.denied.") and key.endswith(".total"):
            report = report.with_cell(key, "3" if key == "t3.denied.state_secret.total" else "0")
    return report


def test_plain_litigation_is_not_matched_with_reviews_added(report: AnnualReport) -> None:
    # 行政诉讼 1 and 行政复议 2: 3 is the three blocks together, which only a phrase naming both may mean.
    failure = only(check(say(report, "被申请行政复议2件，被提起行政诉讼3件。", section=4)), "TXT-LITIGATION")
    assert (failure.status, failure.expected, failure.actual) == ("fail", 1, 3)
    assert "三类" not in failure.message
    assert only(check(say(report, "被提起行政诉讼1件。", section=4)), "TXT-LITIGATION").status == "pass"


def test_zero_claim_beside_a_count_is_kept(report: AnnualReport) -> None:
    found = check(say(report, "本年度无政府信息公开行政复议案件，行政诉讼1件。", section=4))
    failure = only(found, "TXT-REVIEW")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 2, 0)
    assert only(found, "TXT-LITIGATION").status == "pass"
    found = check(say(report, "被申请行政复议2件，未被提起行政诉讼。", section=4))
    assert only(found, "TXT-REVIEW").status == "pass"
    assert (only(found, "TXT-LITIGATION").status, only(found, "TXT-LITIGATION").expected) == ("fail", 1)
    # A second denial in the sentence is read too.
    found = check(say(report, "未收到行政复议申请，也未发生行政诉讼。", section=4))
    assert (only(found, "TXT-REVIEW").status, only(found, "TXT-LITIGATION").status) == ("fail", "fail")
    no_reviews = report.with_cell("t4.reconsideration.upheld", "0").with_cell("t4.reconsideration.total", "0")
    found = check(say(no_reviews, "本年度无政府信息公开行政复议案件，行政诉讼1件。", section=4))
    assert (only(found, "TXT-REVIEW").status, only(found, "TXT-LITIGATION").status) == ("pass", "pass")


def test_reviews_and_lawsuits_each_zero(report: AnnualReport) -> None:
    found = check(say(report, "本年度政府信息公开行政复议和行政诉讼均为0件。", section=4))
    review, litigation = only(found, "TXT-REVIEW"), only(found, "TXT-LITIGATION")
    assert (review.status, review.expected, review.actual) == ("fail", 2, 0)
    assert (litigation.status, litigation.expected) == ("fail", 1)  # 行政诉讼 alone, not all three blocks
    zero = report
    for key in zero.cells:
        if key.startswith("t4."):
            zero = zero.with_cell(key, "0")
    found = check(say(zero, "本年度政府信息公开行政复议和行政诉讼均为0件。", section=4))
    assert (only(found, "TXT-REVIEW").status, only(found, "TXT-LITIGATION").status) == ("pass", "pass")
    # 分别 pairs the counts with the cases in order: never compared with their sum.
    found = check(say(report, "行政复议和行政诉讼分别为2件、1件。", section=4))
    assert txt_failures(found) == []


def test_outcome_names_with_yi(report: AnnualReport) -> None:
    report = _outcomes(report)
    found = check(say(report, "其中予以公开6件，部分予以公开2件，不予以公开3件。"))
    results = of(found, "TXT-OUTCOME")
    assert [f.status for f in results] == ["pass", "pass", "pass"]
    assert "（二）部分公开" in results[1].message and "（三）不予公开" in results[2].message
    found = check(say(report, "其中部分予以公开6件，不予以公开6件。"))  # 6 is 予以公开's figure
    assert [(f.status, f.expected) for f in of(found, "TXT-OUTCOME")] == [("fail", 2), ("fail", 3)]


def test_rate_of_a_named_outcome(report: AnnualReport) -> None:
    report = _outcomes(report)
    for text in ("不予公开3件，不予公开率为7.69%。", "予以公开6件，予以公开率为15.38%。", "部分公开率为5.13%。"):
        result = only(check(say(report, text)), "TXT-PERCENT")  # 3, 6 and 2 of 39 办结
        assert result.status == "pass", text
    failure = only(check(say(report, "不予公开率为20.51%。")), "TXT-PERCENT")  # 公开率's (6 + 2) / 39
    assert (failure.status, failure.expected) == ("fail", Decimal("7.69"))
    assert only(check(say(report, "政府信息公开率为20.51%。")), "TXT-PERCENT").status == "pass"


def test_lawsuits_by_route_are_parts_of_litigation(report: AnnualReport) -> None:
    report = report.with_cell("t4.litigation_after_review.upheld", "4")
    report = report.with_cell("t4.litigation_after_review.total", "4")  # 行政诉讼 1 + 4 = 5, 行政复议 2
    for text in ("被申请行政复议2件，被提起行政诉讼5件，其中复议后起诉4件，未经复议直接起诉1件。",
                 "被提起行政诉讼5件，其中经复议后提起行政诉讼4件，未经复议直接向人民法院提起诉讼1件。"):
        found = check(say(report, text, section=4))
        assert txt_failures(found) == [], text
        assert [f.status for f in of(found, "TXT-LITIGATION")] == ["pass"], text
    found = check(say(report, "被提起行政诉讼4件，其中复议后起诉4件。", section=4))
    assert [(f.status, f.expected) for f in of(found, "TXT-LITIGATION")] == [("fail", 5)]
    # Denying one route is not denying every review or lawsuit.
    found = check(say(report, "全年未发生复议后起诉的行政诉讼。", section=4))
    assert (only(found, "TXT-REVIEW").status, only(found, "TXT-LITIGATION").status) == ("not_applicable",) * 2


def test_none_received_from_some_applicants_is_not_the_blanket_claim(report: AnnualReport) -> None:
    for text in ("全年收到自然人申请40件，未收到法人或其他组织提出的政府信息公开申请。",
                 "本年度未收到商业企业的政府信息公开申请。",
                 "本年度未收到申请人通过信函提出的政府信息公开申请。"):
        result = only(check(say(report, text)), "TXT-CONTRADICTION", "none_received")
        assert result.status == "pass", text
        assert "部分申请人或提交渠道" in result.message, text
    for text in ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。",
                 "本年度未收到申请人提出的政府信息公开申请。"):
        failure = only(check(say(report, text)), "TXT-CONTRADICTION", "none_received")
        assert (failure.status, failure.actual) == ("fail", 40), text


def test_outcomes_named_together(report: AnnualReport) -> None:
    report = _outcomes(report)
    result = only(check(say(report, "予以公开和部分公开共8件，占办结总数的20.5%。")), "TXT-OUTCOME")
    assert result.status == "pass"
    assert "（一）予以公开」＋「（二）部分公开" in result.message
    assert only(check(say(report, "予以公开和部分公开共8件，占办结总数的20.5%。")), "TXT-PERCENT").status == "pass"
    found = check(say(report, "予以公开和部分公开共2件，占办结总数的5.1%。"))  # 部分公开's figures
    assert (only(found, "TXT-OUTCOME").status, only(found, "TXT-OUTCOME").expected) == ("fail", 8)
    assert (only(found, "TXT-PERCENT").status, only(found, "TXT-PERCENT").expected) == ("fail", Decimal("20.5"))
    found = check(say(report, "部分公开、不予公开合计5件。"))
    assert only(found, "TXT-OUTCOME").status == "pass"  # 2 + 3
    # 分别 pairs each count with one outcome, in order (never the sum, never the last one).
    found = check(say(report, "予以公开、部分公开分别为6件、2件。"))
    assert [(f.status, f.expected) for f in of(found, "TXT-OUTCOME")] == [("pass", 6), ("pass", 2)]
    # 各 gives each of them the count.
    found = check(say(report, "予以公开和部分公开各6件。"))
    assert [(f.status, f.expected) for f in of(found, "TXT-OUTCOME")] == [("pass", 6), ("fail", 2)]
