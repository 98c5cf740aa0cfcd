"""What the narrative-rule tests share: a report with distinct figures and a narrative to put in it."""

from __future__ import annotations

import dataclasses

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Finding, Section
from gongkai.report.spec import SECTION_TITLES

from .findings import of

# 新收 40, 上年结转 2, （七）总计 39, 结转下年度 3; 行政复议 2, 行政诉讼 1 + 0: distinct, non-zero figures
# make every comparison meaningful.
FIGURES = {
    "t3.new_received.natural_person": "40", "t3.new_received.total": "40",
    "t3.carried_over.natural_person": "2", "t3.carried_over.total": "2",
    "t3.total.natural_person": "39", "t3.total.total": "39",
    "t3.carry_forward.natural_person": "3", "t3.carry_forward.total": "3",
    "t4.reconsideration.upheld": "2", "t4.reconsideration.total": "2",
    "t4.litigation_direct.upheld": "1", "t4.litigation_direct.total": "1",
    "t4.litigation_after_review.upheld": "0", "t4.litigation_after_review.total": "0",
}
# 予以公开 6, 部分公开 2, 不予公开 3 (one row): 6/39 = 15.38%, 2/39 = 5.13%, 8/39 = 20.51%.
OUTCOMES = {"t3.granted.total": "6", "t3.partial.total": "2"}


def figured(version: str, outcomes: bool = False) -> AnnualReport:
    """A generated report with FIGURES (and OUTCOMES) in its tables."""
    report = random_report(version, seed=17)
    for key, raw in (FIGURES | OUTCOMES if outcomes else FIGURES).items():
        report = report.with_cell(key, raw)
    if outcomes:
        for key in report.cells:
            if key.startswith("t3.denied.") and key.endswith(".total"):
                report = report.with_cell(key, "3" if key == "t3.denied.state_secret.total" else "0")
    return report


def say(report: AnnualReport, text: str, section: int = 1, five: str | None = None,
        six: str | None = None) -> AnnualReport:
    """The report with `text` as the whole narrative of one section (others keep a neutral text)."""
    texts = {1: "", 5: "一是公开的及时性有待提高。二是解读形式比较单一。", 6: "无其他需要报告的事项。"}
    texts[section] = text
    if five is not None:
        texts[5] = five
    if six is not None:
        texts[6] = six
    sections = [Section(i, title, texts.get(i, "")) for i, title in enumerate(SECTION_TITLES, start=1)]
    return dataclasses.replace(report, preamble="", sections=sections)




# The narrative rules' codes (DOMAIN.md §4.2, rules 17–23).
TXT = ("TXT-NEW-RECEIVED", "TXT-CARRY", "TXT-TOTAL", "TXT-OUTCOME", "TXT-REVIEW", "TXT-LITIGATION", "TXT-PERCENT")


def verdicts(findings: list[Finding], code: str) -> list[tuple[str, object, object]]:
    """(status, expected, actual) of each reading of `code`; a rule with nothing to read is left out."""
    return [(f.status, f.expected, f.actual) for f in of(findings, code) if f.status != "not_applicable"]


def silent(findings: list[Finding], *codes: str) -> bool:
    """Whether the narrative rules (or `codes`) read nothing."""
    return all(f.status == "not_applicable" for f in findings if f.code in (codes or TXT))
