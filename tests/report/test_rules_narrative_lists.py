"""Narrative ↔ table rules 17–22 on lists (分别), joint review/lawsuit counts and other phrasings."""

from __future__ import annotations

import pytest

from gongkai.report.model import AnnualReport
from gongkai.report.rules import check

from .findings import of, only
from .narrative import figured, say, silent, verdicts


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param, outcomes=True)


# --- 分别: names paired with counts in order ---------------------------------------------------------


def test_respective_reviews_and_lawsuits(report: AnnualReport) -> None:
    found = check(say(report, "全年被申请行政复议和提起行政诉讼分别为2件、1件。", section=4))
    assert verdicts(found, "TXT-REVIEW") == [("pass", 2, 2)]
    assert verdicts(found, "TXT-LITIGATION") == [("pass", 1, 1)]
    found = check(say(report, "全年被申请行政复议和提起行政诉讼分别为1件、2件。", section=4))
    review, litigation = only(found, "TXT-REVIEW"), only(found, "TXT-LITIGATION")
    assert (review.status, review.severity, review.expected, review.actual) == ("fail", "warning", 2, 1)
    assert (litigation.status, litigation.expected, litigation.actual) == ("fail", 1, 2)
    assert "称行政复议1件" in review.message and "表四「行政复议」「总计」" in review.message
    assert "三类" not in litigation.message  # the lawsuits alone, as for 行政诉讼 N件


def test_respective_intake_and_carried_over(report: AnnualReport) -> None:
    found = check(say(report, "本年度新收申请和上年结转分别为40件、2件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40)]
    assert verdicts(found, "TXT-CARRY") == [("pass", 2, 2)]
    found = check(say(report, "本年度新收申请和上年结转分别为38件、4件。"))
    assert [(f.status, f.actual) for f in of(found, "TXT-NEW-RECEIVED")] == [("fail", 38)]
    assert verdicts(found, "TXT-CARRY") == [("fail", 2, 4)]  # 4, never the 38 named before it
    found = check(say(report, "全年新收申请和上年结转分别为1,200件、30件。"))
    assert [f.actual for f in of(found, "TXT-NEW-RECEIVED") + of(found, "TXT-CARRY")] == [1200, 30]


def test_respective_outcomes(report: AnnualReport) -> None:
    found = check(say(report, "全年收到申请40件，其中予以公开、部分公开分别为6件和2件。"))
    results = of(found, "TXT-OUTCOME")
    assert [(f.status, f.actual) for f in results] == [("pass", 6), ("pass", 2)]
    assert "（一）予以公开" in results[0].message and "（二）部分公开" in results[1].message
    assert results[0].instance != results[1].instance  # one snippet, two findings
    found = check(say(report, "其中予以公开、部分公开分别为11件和0件。"))
    assert verdicts(found, "TXT-OUTCOME") == [("fail", 6, 11), ("fail", 2, 0)]
    found = check(say(report, "予以公开、部分公开、不予公开分别是6件、2件、3件。"))
    assert [f.status for f in of(found, "TXT-OUTCOME")] == ["pass"] * 3


def test_respective_intake_and_concluded(report: AnnualReport) -> None:
    found = check(say(report, "本年度收到和办结政府信息公开申请分别为40件和39件。"))
    assert (verdicts(found, "TXT-NEW-RECEIVED"), verdicts(found, "TXT-TOTAL")) == ([("pass", 40, 40)],
                                                                                   [("pass", 39, 39)])
    found = check(say(report, "本年度收到和办结政府信息公开申请分别是40件、38件。"))
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 38)]
    found = check(say(report, "全年受理和办结申请分别为42件、39件。"))  # 受理: new + carried over
    assert [f.status for f in of(found, "TXT-NEW-RECEIVED") + of(found, "TXT-TOTAL")] == ["pass", "pass"]


def test_respective_unit_after_the_last_count_only(report: AnnualReport) -> None:
    found = check(say(report, "新收、办结政府信息公开申请分别为40、39件。"))
    assert (verdicts(found, "TXT-NEW-RECEIVED"), verdicts(found, "TXT-TOTAL")) == ([("pass", 40, 40)],
                                                                                   [("pass", 39, 39)])


def test_respective_full_width_and_ci(report: AnnualReport) -> None:
    found = check(say(report, "行政复议、行政诉讼案件分别为２件（次）、１件（次）。", section=4))
    assert (verdicts(found, "TXT-REVIEW"), verdicts(found, "TXT-LITIGATION")) == ([("pass", 2, 2)],
                                                                                  [("pass", 1, 1)])


def test_respective_names_share_the_topic(report: AnnualReport) -> None:
    # Beside 上年结转, the bare 新收 and 办结 are applications too.
    found = check(say(report, "新收、上年结转、办结、结转下年度分别为40件、2件、39件、5件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40)]
    assert verdicts(found, "TXT-CARRY") == [("pass", 2, 2), ("fail", 3, 5)]
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]


def test_respective_needs_one_count_per_name(report: AnnualReport) -> None:
    for text in ("新收、上年结转、办结、结转下年度分别为40件、2件、39件。",  # was: 结转下年度 40
                 "予以公开、部分公开、不予公开分别为6件、2件。",
                 "行政复议和行政诉讼分别为2件、1件、0件。",
                 "全年分别收到自然人申请38件、法人或其他组织申请2件。",  # was: 新收 38
                 "主动公开和依申请公开信息分别为300条、40件。",
                 "予以公开、部分公开分别为2、3个。"):
        assert silent(check(say(report, text))), text


def test_respective_lists_that_are_not_this_years_figures(report: AnnualReport) -> None:
    found = check(say(report, "予以公开和部分公开分别为6件、2件。"))
    assert [f.status for f in of(found, "TXT-OUTCOME")] == ["pass", "pass"]
    for text in ("去年予以公开和部分公开分别为11件和0件。",
                 "予以公开和部分公开分别较上年增加2件、1件。",
                 "予以公开、部分公开分别约11件、1件。",
                 "予以公开、部分公开分别为11件、1件左右。",
                 "截至2022年底，累计新收和办结申请分别为500件、490件。",
                 "行政复议结果维持和纠正分别为1件、1件。",
                 "收到的申请中，自然人和法人分别为38件、2件。",
                 "其中，网上申请和信函申请分别为30件、10件。"):
        assert silent(check(say(report, text))), text
    # Parts after 其中 stay parts inside a list too.
    found = check(say(report, "收到申请40件，其中当面和网上收到分别为10件、30件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40)]


def test_chinese_numerals_in_a_list_get_the_note(report: AnnualReport) -> None:
    found = check(say(report, "行政复议和行政诉讼分别为二件、一件。", section=4))
    for code in ("TXT-REVIEW", "TXT-LITIGATION"):
        result = only(found, code)
        assert (result.status, result.severity) == ("not_assessable", "info"), code


# --- 行政复议和行政诉讼 N件: the reviews and the lawsuits together (rule 22) ------------------------------


def test_joint_count_is_reviews_plus_lawsuits(report: AnnualReport) -> None:
    # 复议 2 + 诉讼 1 = 3; 1 is the lawsuits alone, which the joint phrase does not mean.
    for text in ("全年发生行政复议和行政诉讼案件1件。", "全年行政复议、行政诉讼共1件。"):
        failure = only(check(say(report, text, section=4)), "TXT-LITIGATION")
        assert (failure.status, failure.expected, failure.actual) == ("fail", 3, 1), text
        assert "三类「总计」之和为3" in failure.message
    for text in ("因政府信息公开被申请行政复议和提起行政诉讼合计3件。", "全年行政复议、行政诉讼合计３件（次）。",
                 "全年政府信息公开行政复议和行政诉讼案件共计3件，其中行政复议2件、行政诉讼1件。"):
        found = check(say(report, text, section=4))
        assert {f.status for f in of(found, "TXT-LITIGATION")} == {"pass"}, text
        assert {f.status for f in of(found, "TXT-REVIEW")} <= {"pass", "not_applicable"}, text


def test_reviews_and_lawsuits_named_apart(report: AnnualReport) -> None:
    report = report.with_cell("t4.litigation_after_review.upheld", "2")
    report = report.with_cell("t4.litigation_after_review.total", "2")  # 诉讼 1 + 2 = 3, all 5
    found = check(say(report, "行政复议和行政诉讼情况：行政诉讼3件。", section=4))
    assert verdicts(found, "TXT-LITIGATION") == [("pass", 3, 3)]
    # A lawsuit after a review is a part of 行政诉讼: neither total is what it counts.
    assert silent(check(say(report, "不服复议决定提起行政诉讼2件。", section=4)))


def test_related_cases_after_naming_both(report: AnnualReport) -> None:
    text = "依法做好相关行政复议、行政诉讼案件的应诉工作，全年共办理相关案件{}件。"
    assert verdicts(check(say(report, text.format(3), section=4)), "TXT-LITIGATION") == [("pass", 3, 3)]
    failure = only(check(say(report, text.format(5), section=4)), "TXT-LITIGATION")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 3, 5)
    assert silent(check(say(report, "全年共办理相关案件5件。", section=4)))


def test_corrected_outcomes_are_not_totals(report: AnnualReport) -> None:
    for text in ("被行政复议纠错1件。", "行政复议被撤销1件。", "被行政复议纠错和行政诉讼败诉0件。"):
        assert silent(check(say(report, text, section=4))), text


# --- other phrasings ---------------------------------------------------------------------------------


def test_one_applicant_column_is_not_the_total(report: AnnualReport) -> None:
    for text in ("本年度收到自然人申请38件、法人或其他组织申请2件。", "办结自然人申请37件，法人申请2件。"):
        assert silent(check(say(report, text))), text
    found = check(say(report, "全年共收到公民、法人和其他组织提出的政府信息公开申请40件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 40, 40)]


def test_each_single_one_is_no_chinese_numeral(report: AnnualReport) -> None:
    found = check(say(report, "认真对待每一件申请，全年收到政府信息公开申请45件。"))
    assert [(f.status, f.actual) for f in of(found, "TXT-NEW-RECEIVED")] == [("fail", 45)]
    result = only(check(say(report, "全年被申请行政复议二件。", section=4)), "TXT-REVIEW")
    assert (result.status, result.severity) == ("not_assessable", "info")  # DOMAIN.md: skipped with a note


def test_one_channel_is_not_the_total(report: AnnualReport) -> None:
    for text in ("本年度通过网上平台收到申请30件，通过信函收到申请10件。", "本年度通过网上平台收到申请45件。"):
        assert silent(check(say(report, text))), text
    for text, status in (("通过网站、信函等渠道共收到政府信息公开申请40件。", "pass"),
                         ("通过网站、信函等渠道共收到政府信息公开申请45件。", "fail"),
                         ("全年通过线上线下渠道收到政府信息公开申请45件。", "fail")):
        assert [f.status for f in of(check(say(report, text)), "TXT-NEW-RECEIVED")] == [status], text
