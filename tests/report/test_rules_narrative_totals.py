"""Narrative ↔ table rules 17–23: sums of counts just named (合计/共计), counts whose topic the sentence
gives without naming it, percentages after 分别, and counts that are parts or bases, not totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.report.model import AnnualReport
from gongkai.report.rules import check

from .findings import of, only
from .narrative import figured, say, silent, verdicts


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param, outcomes=True)


# --- 合计/共计 after counts just named: their sum, when the catalogue has it --------------------------------


def test_sum_of_reviews_and_lawsuits_is_the_three_blocks(report: AnnualReport) -> None:
    # Rule 22: 复议 2 + 诉讼 1 = 表四三类「总计」之和 3.
    for text in ("被申请行政复议2件，被提起行政诉讼1件，合计3件。",
                 "本年度发生政府信息公开行政复议案件2件、行政诉讼案件1件，共3件，较上年有所减少。",
                 "行政复议和行政诉讼分别为2件、1件，两者合计3件。"):
        found = check(say(report, text, section=4))
        assert verdicts(found, "TXT-LITIGATION") == [("pass", 1, 1), ("pass", 3, 3)], text
        assert verdicts(found, "TXT-REVIEW") == [("pass", 2, 2)], text
    found = check(say(report, "被申请行政复议2件，被提起行政诉讼1件，合计4件。", section=4))
    failure = of(found, "TXT-LITIGATION")[-1]
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 3, 4)
    assert "合计4件" in failure.message and "三类「总计」之和为3" in failure.message
    # A part among the counts (结果维持, 复议后起诉) leaves the sum unnamed: no verdict on it.
    for text in ("被申请行政复议2件（其中维持1件，纠正1件），被提起行政诉讼1件，合计3件。",
                 "行政复议2件，行政诉讼1件，其中复议后起诉0件，合计3件。"):
        assert verdicts(check(say(report, text, section=4)), "TXT-LITIGATION") == [("pass", 1, 1)], text


def test_sum_of_carried_over_and_new_is_the_inflow(report: AnnualReport) -> None:
    # Rule 17: 上年结转 beside 新收 makes the sentence about applications, and 42 = 40 + 2.
    found = check(say(report, "上年结转2件，本年新收40件，共计42件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40), ("pass", 42, 42)]
    assert verdicts(found, "TXT-CARRY") == [("pass", 2, 2)]
    found = check(say(report, "上年结转2件，本年新收40件，共计45件。"))
    failure = of(found, "TXT-NEW-RECEIVED")[-1]
    assert (failure.status, failure.expected, failure.actual) == ("fail", 42, 45)
    assert "「一、本年新收政府信息公开申请数量」＋「二、上年结转政府信息公开申请数量」总计为42" in failure.message
    found = check(say(report, "全年收到政府信息公开申请38件，上年结转2件，两者共计40件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("fail", 40, 38), ("fail", 42, 40)]
    # Neither a sum with last year's figure, an approximate one, nor one of 办结 and 结转 (no such quantity).
    for text in ("上年结转2件，去年新收35件，共计37件。", "上年结转2件，本年新收40件，共计约45件。",
                 "全年办结39件，结转下年度3件，合计45件。", "全年共收到政府信息公开申请40件，较上年增加5件，共计45件。"):
        assert all(f.actual != 45 and f.actual != 37 for f in of(check(say(report, text)), "TXT-NEW-RECEIVED")), text


def test_sum_of_outcomes(report: AnnualReport) -> None:
    found = check(say(report, "全年办结申请39件，其中予以公开6件，部分公开2件，合计8件。"))
    assert verdicts(found, "TXT-OUTCOME") == [("pass", 6, 6), ("pass", 2, 2), ("pass", 8, 8)]
    assert "（一）予以公开」＋「（二）部分公开" in of(found, "TXT-OUTCOME")[-1].message
    found = check(say(report, "予以公开6件，部分公开2件，不予公开3件，合计10件。"))
    assert verdicts(found, "TXT-OUTCOME")[-1] == ("fail", 11, 10)
    # 不予公开 and its row 国家秘密 overlap; applicant columns are no outcome: no sum is named.
    for text in ("不予公开3件，其中国家秘密3件，合计6件。", "收到申请40件，其中自然人申请38件，法人申请2件，合计40件。"):
        assert [v for v in verdicts(check(say(report, text)), "TXT-OUTCOME") if v[2] in (6, 40)] == [], text
    # Rule 23: the share after the sum is the sum's, not the last outcome's (was: 部分公开 2/39 ≠ 20.5%).
    found = check(say(report, "其中予以公开6件，部分公开2件，两项合计8件，占办结总数的20.5%。"))
    assert verdicts(found, "TXT-PERCENT") == [("pass", Decimal("20.5"), Decimal("20.5"))]
    found = check(say(report, "予以公开6件，部分公开2件，合计8件（5.1%）。"))
    assert verdicts(found, "TXT-PERCENT") == [("fail", Decimal("20.5"), Decimal("5.1"))]
    assert silent(check(say(report, "予以公开6件，部分公开2件，合计8件，群众满意率100%。")), "TXT-PERCENT")


# --- the topic a sentence gives without naming it (rules 17 and 19) --------------------------------------


def test_a_counted_row_of_table3_makes_the_sentence_about_applications(report: AnnualReport) -> None:
    found = check(say(report, "全年办结39件，结转下年度继续办理3件。"))
    assert (verdicts(found, "TXT-TOTAL"), verdicts(found, "TXT-CARRY")) == ([("pass", 39, 39)], [("pass", 3, 3)])
    found = check(say(report, "全年新收38件，办结39件，其中予以公开6件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("fail", 40, 38)]
    # Without a counted row the sentence does not say what was concluded: no verdict.
    for text in ("全年办结39件。", "全年新收45件，办结45件。", "严格落实保密审查，对涉及国家秘密的内容依法不予公开，全年办结200件。"):
        assert silent(check(say(report, text)), "TXT-NEW-RECEIVED", "TXT-TOTAL"), text


def test_the_topic_goes_on_after_a_semicolon(report: AnnualReport) -> None:
    found = check(say(report, "本年度共收到政府信息公开申请40件；全年办结35件，结转下年度继续办理3件。"))
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 35)]
    found = check(say(report, "依申请公开方面：全年收到申请40件；办结39件；结转下年度3件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    # Other business keeps its own topic, also named in a clause without a count; a full stop ends it.
    for text in ("本年度受理群众来信31件；全年办结30件。", "全年收到政府信息公开申请40件。全年办结30件。",
                 "全年收到政府信息公开申请40件；群众来信方面，全年办结30件。",
                 "全年收到政府信息公开申请40件，群众来信方面，全年办结30件。"):  # was: （七）总计 39 ≠ 30
        assert silent(check(say(report, text)), "TXT-TOTAL"), text


def test_complaints_and_enquiries_are_other_business(report: AnnualReport) -> None:
    for text in ("全年收到政府信息公开申请40件，受理群众咨询200件。",  # was: 新收 40 ≠ 200
                 "全年收到政府信息公开申请40件；依法受理群众投诉举报20件。",
                 "全年收到政府信息公开申请40件，受理行政许可400件。"):
        assert verdicts(check(say(report, text)), "TXT-NEW-RECEIVED") == [("pass", 40, 40)], text
    decisions = report.cell("t2.art20_5.licensing.decisions").value
    found = check(say(report, f"全年收到政府信息公开申请40件，作出行政许可决定{decisions}件。"))
    assert [f.status for f in of(found, "TXT-ART20")] == ["pass"]  # rule 24 still reads it
    # 信访举报投诉 is still the outcome of rule 20.
    petition = report.cell("t3.not_processed.petition.total").value
    found = check(say(report, f"其中属于信访举报投诉{petition}件。"))
    assert verdicts(found, "TXT-OUTCOME") == [("pass", petition, petition)]


def test_the_applications_an_outcome_is_counted_among(report: AnnualReport) -> None:
    # 收到的申请中 / 办结的申请中 name the base, not a count (were: 新收 6, （七）总计 6).
    found = check(say(report, "在收到的申请中予以公开6件。"))
    assert (verdicts(found, "TXT-NEW-RECEIVED"), verdicts(found, "TXT-OUTCOME")) == ([], [("pass", 6, 6)])
    found = check(say(report, "在已办结的政府信息公开申请中予以公开6件，部分公开2件。"))
    assert verdicts(found, "TXT-TOTAL") == []
    assert [v[0] for v in verdicts(found, "TXT-OUTCOME")] == ["pass", "pass"]
    found = check(say(report, "办结的38件申请中，予以公开6件。"))
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 38)]


# --- percentages after 分别 (rule 23) --------------------------------------------------------------------


def test_percentages_pair_with_the_outcomes_in_order(report: AnnualReport) -> None:
    for text in ("予以公开、部分公开分别占15.4%、5.1%。",
                 "予以公开、部分公开分别为6件、2件，分别占办结总数的15.4%、5.1%。",
                 "其中予以公开6件，部分公开2件，分别占办结总数的15.38%和5.13%。",
                 "予以公开率、部分公开率分别为15.4%、5.1%。"):
        found = of(check(say(report, text)), "TXT-PERCENT")
        assert [f.status for f in found] == ["pass", "pass"], text
        assert found[0].instance != found[1].instance, text
    found = of(check(say(report, "予以公开、部分公开分别占5.1%、15.4%。")), "TXT-PERCENT")
    assert [(f.status, f.expected, f.actual) for f in found] == [("fail", Decimal("15.4"), Decimal("5.1")),
                                                                  ("fail", Decimal("5.1"), Decimal("15.4"))]
    assert "中予以公开5.1%" in found[0].message and "（一）予以公开" in found[0].message
    assert "中部分公开15.4%" in found[1].message and "（二）部分公开" in found[1].message


def test_percentage_lists_that_do_not_pair(report: AnnualReport) -> None:
    for text in ("予以公开、部分公开、不予公开分别占15.4%、5.1%。",
                 "全年办结率、公开率分别为97.5%、20.5%。",  # was: 公开率 97.5% against 20.51%
                 "予以公开（含部分公开）、不予公开分别占20.5%、7.7%。",  # was: 不予公开 20.5%
                 "去年予以公开、部分公开分别占11.2%、3.1%。",
                 "全年网上申请和信函申请分别占75%、25%。"):
        assert silent(check(say(report, text)), "TXT-PERCENT"), text
    found = of(check(say(report, "予以公开、部分公开分别比上年增长15.4%、5.1%。")), "TXT-PERCENT")
    assert [f.status for f in found] == ["not_assessable", "not_assessable"]


# --- one channel is a part, 共 or not (rules 17 and 19) ------------------------------------------------------


def test_one_channel_with_a_total_word_is_still_one_channel(report: AnnualReport) -> None:
    for text in ("全年共收到网上申请30件。", "全年共通过网上平台收到申请45件。", "通过网上、信函共收到申请38件。",
                 "网上申请共计30件。"):
        assert silent(check(say(report, text)), "TXT-NEW-RECEIVED"), text  # was: 新收 40 ≠ 30
    for text, status in (("通过网站、信函、当面等多种方式共收到政府信息公开申请40件。", "pass"),
                         ("全年通过各渠道共收到政府信息公开申请45件。", "fail")):
        assert [f.status for f in of(check(say(report, text)), "TXT-NEW-RECEIVED")] == [status], text


def test_applicants_alone_name_people_not_applications(report: AnnualReport) -> None:
    # 申请人 is who asks: 受理申请人咨询200件 counts enquiries, not new applications (rule 17).
    assert silent(check(say(report, "全年受理申请人咨询200件。")))
    found = check(say(report, "本年度收到申请人提出的政府信息公开申请40件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40)]


def test_a_finding_names_each_cell_once(report: AnnualReport) -> None:
    # 新收 is read as 新收 alone or as 新收 + 上年结转: the cell both share is one cell of the finding.
    found = only(check(say(report, "本年度新收政府信息公开申请40件。")), "TXT-NEW-RECEIVED")
    assert found.cells == ("t3.new_received.total", "t3.carried_over.total")
