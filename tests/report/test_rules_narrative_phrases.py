"""Narrative ↔ table rules 17–23: a clause that only names its subject (…方面, 关于…), the sentences of
section 三, bare 答复 and 办理 counts, and counts split from their unit by a line break (PDF imports)."""

from __future__ import annotations

import pytest

from gongkai.report.model import AnnualReport
from gongkai.report.rules import check

from .findings import of, only
from .narrative import figured, say, silent, verdicts


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param, outcomes=True)


# --- a clause that only names its subject (rules 19, 21 and 22) ---------------------------------------


def test_a_heading_clause_lends_its_subject_to_the_next_clause(report: AnnualReport) -> None:
    found = check(say(report, "行政复议方面，全年共发生2件。", section=4))
    assert verdicts(found, "TXT-REVIEW") == [("pass", 2, 2)]
    found = check(say(report, "关于行政诉讼，本年度共1件。", section=4))
    assert verdicts(found, "TXT-LITIGATION") == [("pass", 1, 1)]
    found = check(say(report, "在行政复议和行政诉讼方面，全年共发生3件。", section=4))
    assert verdicts(found, "TXT-LITIGATION") == [("pass", 3, 3)]  # rule 22: the three blocks
    failure = only(check(say(report, "行政复议方面，全年共发生5件。", section=4)), "TXT-REVIEW")
    assert (failure.status, failure.severity, failure.expected, failure.actual) == ("fail", "warning", 2, 5)
    assert "正文“行政复议方面，全年共发生5件”" in failure.message and "表四「行政复议」「总计」为2" in failure.message
    found = check(say(report, "依申请公开方面，全年办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]


def test_a_heading_clause_reaches_its_next_count_only(report: AnnualReport) -> None:
    # 办结5件 is the count after the one 行政复议方面 reaches: not taken for the reviews (was: nothing read at
    # all). Across clauses without a count the heading does reach (test_rules_narrative_headings.py).
    found = check(say(report, "行政复议方面，全年共发生2件，办结5件。", section=4))
    assert verdicts(found, "TXT-REVIEW") == [("pass", 2, 2)]
    for text in ("政务服务方面，全年办结30000件。",
                 "根据《关于做好政府信息公开工作的通知》，全年办结30件。", "群众来信方面，全年办结30件。",
                 "行政复议结果纠正方面，全年5件。"):
        assert silent(check(say(report, text))), text


# --- section 三 is about applications (rules 17 and 19) --------------------------------------------------


def test_the_sentences_of_section_three_are_about_applications(report: AnnualReport) -> None:
    assert verdicts(check(say(report, "全年办结39件。", section=3)), "TXT-TOTAL") == [("pass", 39, 39)]
    found = check(say(report, "全年受理42件，办结35件。", section=3))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 42, 42)]
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 35)]
    # Elsewhere the sentence may count any work; other business named in section 三 keeps its own topic.
    assert silent(check(say(report, "全年办结39件。")), "TXT-TOTAL")
    for text in ("本年度受理群众来信31件；全年办结30件。", "全年办结群众来信30件。", "去年办结30件。"):
        assert silent(check(say(report, text, section=3)), "TXT-TOTAL"), text


# --- bare 答复 and 办理 counts (rules 17 and 19) ------------------------------------------------------------


def test_a_bare_reply_count_is_the_concluded_total(report: AnnualReport) -> None:
    assert verdicts(check(say(report, "本年度答复申请39件。")), "TXT-TOTAL") == [("pass", 39, 39)]
    found = check(say(report, "全年共答复政府信息公开申请35件。"))
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 35)]
    assert "表三「（七）总计」总计为39" in of(found, "TXT-TOTAL")[0].message
    found = check(say(report, "全年共受理政府信息公开申请42件，答复39件（含上年结转申请2件）。"))
    assert (verdicts(found, "TXT-NEW-RECEIVED"), verdicts(found, "TXT-TOTAL")) == ([("pass", 42, 42)],
                                                                                   [("pass", 39, 39)])


def test_a_qualified_reply_or_a_bare_handling_count_is_not_the_concluded_total(report: AnnualReport) -> None:
    # A reply qualified by its outcome is that outcome (rule 20), not （七）总计.
    found = check(say(report, "全年答复申请39件，其中予以公开答复6件，不予公开答复3件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    assert verdicts(found, "TXT-OUTCOME") == [("pass", 6, 6), ("pass", 3, 3)]
    # Forms and timeliness of replies are parts; 答复申请人 counts people; 办理 may be 受理 or 办结: no verdict.
    for text in ("全年办结申请39件，其中书面答复30件，网上答复9件。", "收到申请40件，按时答复38件，延期答复1件。",
                 "收到申请40件，当场答复5件。", "收到申请40件，答复申请人咨询200件。", "收到申请40件，答复申请人30件。"):
        assert [v for v in verdicts(check(say(report, text)), "TXT-TOTAL") if v[2] != 39] == [], text
    for text in ("共办理政府信息公开申请40件。", "全年办理政府信息公开申请42件，办理39件。"):
        assert silent(check(say(report, text)), "TXT-NEW-RECEIVED", "TXT-TOTAL"), text


# --- a line break between a count and its unit (PDF imports) --------------------------------------------


def test_a_line_break_between_a_count_and_its_unit_is_no_break(report: AnnualReport) -> None:
    found = check(say(report, "本年度发生政府信息公开行政复议 2\n件，行政诉讼 1\n件。", section=4))
    assert (verdicts(found, "TXT-REVIEW"), verdicts(found, "TXT-LITIGATION")) == ([("pass", 2, 2)], [("pass", 1, 1)])
    assert "正文“本年度发生政府信息公开行政复议 2 件”" in only(found, "TXT-REVIEW").message  # printed on one line
    assert verdicts(check(say(report, "本年度发生行政复议２\u3000\n件。", section=4)), "TXT-REVIEW") == [("pass", 2, 2)]
    found = check(say(report, "全年办结申请39件，其中予以公开6件，占办结总数的15.4\n%。"))
    assert [f.status for f in of(found, "TXT-PERCENT")] == ["pass"]
    # A blank line is a new paragraph, and a line that starts with no unit is another line.
    for text in ("本年度发生政府信息公开行政复议 5\n\n件。", "本年度发生政府信息公开行政复议 5\n其余5件见表四。"):
        assert silent(check(say(report, text, section=4)), "TXT-REVIEW"), text
