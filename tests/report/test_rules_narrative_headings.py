"""Narrative ↔ table rules 17–22: the topic a subheading line gives the lines under it, and the subject a
clause names (…方面) carried across clauses without a count; other business under either is not read."""

from __future__ import annotations

import pytest

from gongkai.report.model import AnnualReport
from gongkai.report.rules import check

from .findings import of, only
from .narrative import figured, say, silent, verdicts


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param, outcomes=True)


# --- a subheading on its own line (rules 17, 19, 21) ---------------------------------------------------


def test_a_subheading_line_gives_its_topic_to_the_lines_under_it(report: AnnualReport) -> None:
    assert verdicts(check(say(report, "（二）依申请公开情况\n全年共办结39件。")), "TXT-TOTAL") == [("pass", 39, 39)]
    found = check(say(report, "2.依申请公开\n本年度受理42件，办结35件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 42, 42)]
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 35)]
    # A trailing 。 or ：, and a paragraph of several sentences under it.
    found = check(say(report, "(2)依申请公开工作：\n认真落实各项要求。全年共受理42件。办结39件。"))
    assert (verdicts(found, "TXT-NEW-RECEIVED"), verdicts(found, "TXT-TOTAL")) == ([("pass", 42, 42)],
                                                                                   [("pass", 39, 39)])
    assert verdicts(check(say(report, "二、依申请公开情况。\n全年办结39件。")), "TXT-TOTAL") == [("pass", 39, 39)]


def test_a_subheading_reaches_up_to_the_next_subheading_or_the_section_end(report: AnnualReport) -> None:
    for text in ("（二）依申请公开情况\n全年共办结39件。\n（三）政府信息管理情况\n全年办结30件。",
                 # an item numbered like the subheading is the next part, however long
                 "（二）依申请公开情况\n全年共办结39件。\n（三）加强政府网站集约化建设，全年办结30件。",
                 "1.依申请公开\n全年共办结39件。\n2.平台建设\n全年办结30件。"):
        assert verdicts(check(say(report, text)), "TXT-TOTAL") == [("pass", 39, 39)], text
    found = check(say(report, "（二）依申请公开情况\n全年共办结39件。", five="本部门全年办结其他工作30件，存在不足。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    # An item of another numbering under the subheading is a part of it; a long line or one with a count
    # is no subheading.
    found = check(say(report, "（二）依申请公开情况\n1.办理情况。全年共办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    for text in ("（二）加强依申请公开工作的规范化和标准化建设情况说明\n全年办结30件。", "依申请公开情况\n全年办结30件。"):
        assert silent(check(say(report, text)), "TXT-TOTAL"), text
    assert verdicts(check(say(report, "（二）依申请公开办结39件\n全年办结30件。")), "TXT-TOTAL") == [("pass", 39, 39)]


def test_other_business_under_a_subheading_is_not_read_as_applications(report: AnnualReport) -> None:
    text = ("（二）依申请公开情况\n全年共办结39件。政务服务中心全年办结3000件。12345热线全年办结500件。"
            "全年受理行政许可事项200件。全年办结信访案件30件。本年度受理群众来信31件；全年办结30件。")
    found = check(say(report, text))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    assert silent(found, "TXT-NEW-RECEIVED")
    # A subheading naming other business, or reviews, keeps its lines from the applications too.
    for text in ("（一）政务服务情况\n全年受理42件，办结3000件。", "（三）行政复议和行政诉讼情况\n全年办结5件。"):
        assert silent(check(say(report, text, section=3)), "TXT-NEW-RECEIVED", "TXT-TOTAL"), text
    found = check(say(report, "（四）行政复议和行政诉讼情况\n行政复议2件，全年办结5件。", section=4))
    assert (verdicts(found, "TXT-REVIEW"), verdicts(found, "TXT-TOTAL")) == ([("pass", 2, 2)], [])


# --- a clause that only names its subject, across clauses without a count ---------------------------------


def test_a_subject_clause_carries_across_clauses_without_a_count(report: AnnualReport) -> None:
    found = check(say(report, "在依申请公开方面，严格落实相关要求，规范办理流程，全年办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    assert "正文“在依申请公开方面，严格落实相关要求，规范办理流程，全年办结39件”" in only(found, "TXT-TOTAL").message
    failure = only(check(say(report, "行政复议方面，经统计，全年共发生5件。", section=4)), "TXT-REVIEW")
    assert (failure.status, failure.expected, failure.actual) == ("fail", 2, 5)
    found = check(say(report, "关于行政诉讼，经认真梳理，本年度共1件。", section=4))
    assert verdicts(found, "TXT-LITIGATION") == [("pass", 1, 1)]
    # The clauses in between are not what the count is about: 不予公开 there names no outcome of 39.
    found = check(say(report, "依申请公开方面，对涉及国家秘密的信息依法不予公开，全年办结39件。"))
    assert (verdicts(found, "TXT-TOTAL"), [v for v in verdicts(found, "TXT-OUTCOME") if v[2] == 39]) == (
        [("pass", 39, 39)], [])


def test_a_subject_clause_stops_at_another_topic_or_the_sentence_end(report: AnnualReport) -> None:
    found = check(say(report, "依申请公开方面，规范答复流程，全年办结39件，同时做好群众来信办理，全年办结30件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    for text in ("依申请公开方面，同时做好群众来信办理，全年办结30件。",
                 "依申请公开方面，配合做好政务服务工作，全年办结3000件。",
                 "依申请公开方面，对不服答复的告知其可申请行政复议，全年办结30件。",
                 "依申请公开方面，严格落实要求。全年办结30件。",
                 "依申请公开方面，加强培训，12345热线全年办结500件。"):
        assert silent(check(say(report, text)), "TXT-NEW-RECEIVED", "TXT-TOTAL"), text
    assert silent(check(say(report, "行政复议方面，认真做好政务服务工作，全年共发生5件。", section=4)), "TXT-REVIEW")
    assert of(check(say(report, "行政复议方面，经统计，全年共发生2件。", section=4)), "TXT-TOTAL")[0].status \
        == "not_applicable"


def test_a_subheading_on_other_parts_of_the_work_names_no_applications(report: AnnualReport) -> None:
    found = check(say(report, "（二）收到和处理政府信息公开申请情况\n全年办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    for text in ("（一）主动公开政府信息情况\n全年收到30件。", "（三）政府信息管理情况\n全年办结30件。"):
        assert silent(check(say(report, text)), "TXT-NEW-RECEIVED", "TXT-TOTAL"), text
