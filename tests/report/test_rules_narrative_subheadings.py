"""Narrative ↔ table rules 17–22: where a numbered subheading may lend its topic (not in sections 五 and 六,
whose short numbered lines are problems and measures), and a subheading printed on one line with its text."""

from __future__ import annotations

import pytest

from gongkai.report.model import AnnualReport
from gongkai.report.rules import check

from .narrative import figured, say, silent, verdicts


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest) -> AnnualReport:
    return figured(request.param, outcomes=True)


# --- a short list item in sections 五 and 六 (rules 17, 19) ----------------------------------------------


def test_a_list_item_in_section_five_or_six_lends_no_applications(report: AnnualReport) -> None:
    five = "1.加强依申请公开工作\n进一步规范答复流程，全年办结52件。\n2.提升平台建设水平\n完成网站改版。"
    found = check(say(report, "本年度工作平稳推进。", five=five))
    assert silent(found, "TXT-NEW-RECEIVED", "TXT-TOTAL")
    six = "（一）做好依申请公开工作\n本年度受理61件。"
    assert silent(check(say(report, "本年度工作平稳推进。", six=six)), "TXT-NEW-RECEIVED", "TXT-TOTAL")
    # Nor when the item and its text share a line, as a run-in subheading would (below).
    five = "1.规范依申请公开办理。全年办结52件。\n继续受理61件。"
    assert silent(check(say(report, "本年度工作平稳推进。", five=five)), "TXT-NEW-RECEIVED", "TXT-TOTAL")
    # The rule is about where the line stands, not its wording: in 总体情况 the part on applications counts.
    found = check(say(report, "1.加强依申请公开工作\n进一步规范答复流程，全年办结52件。"))
    assert verdicts(found, "TXT-TOTAL") == [("fail", 39, 52)]


# --- a subheading and its text on one line (rules 17, 19) ------------------------------------------------


def test_a_run_in_subheading_gives_its_topic_to_the_rest_of_its_line_and_the_lines_under_it(
        report: AnnualReport) -> None:
    found = check(say(report, "（二）依申请公开情况。本年度新收42件。\n年内办结39件。"))
    assert verdicts(found, "TXT-NEW-RECEIVED") == [("pass", 42, 42)]
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    found = check(say(report, "2.依申请公开：认真落实各项要求。\n年内办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    # A run-in title without a topic (1.答复质量。) is a part of the subheading above and keeps its topic.
    found = check(say(report, "（二）依申请公开情况\n1.答复质量。严格审核。\n年内办结39件。"))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]


def test_a_run_in_subheading_reaches_up_to_the_next_item_numbered_like_it(report: AnnualReport) -> None:
    text = "（二）依申请公开情况。年内办结39件。\n（三）平台建设情况。年内办结30件。"
    assert verdicts(check(say(report, text)), "TXT-TOTAL") == [("pass", 39, 39)]


def test_a_run_in_subheading_on_other_business_keeps_its_lines_from_the_applications(
        report: AnnualReport) -> None:
    text = "（一）政务服务情况。年内受理42件。\n年内办结3000件。"
    assert silent(check(say(report, text, section=3)), "TXT-NEW-RECEIVED", "TXT-TOTAL")


# --- subheadings inside subheadings (rules 17, 19) -------------------------------------------------------


def test_an_inner_subheading_that_names_nothing_goes_on_with_the_outer_ones_topic(report: AnnualReport) -> None:
    # Section 三 reads its sentences as applications, but this part is on 政务服务: 1.办理情况 inside it
    # names nothing and must not fall back to the section's applications (was: 办结 39 ≠ 30, a false fail).
    text = "（一）政务服务情况\n1.办理情况\n全年办结30件。\n（二）依申请公开情况\n1.办理情况\n全年办结39件。"
    found = check(say(report, text, section=3))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
    # An outer subheading numbered like the first closes the parts inside it.
    text = "（一）依申请公开情况\n1.办理情况\n全年办结39件。\n（二）政务服务情况\n全年办结30件。"
    found = check(say(report, text, section=1))
    assert verdicts(found, "TXT-TOTAL") == [("pass", 39, 39)]
