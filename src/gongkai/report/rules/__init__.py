"""The consistency rules of the annual report (DOMAIN.md §4).

`check(report, previous)` runs every rule that can be assessed from one report and, optionally, the
same agency's report of the year before. It returns one or more findings per rule, whatever their
status, so callers can count passes as well as failures; the parser's own findings (STRUCT-LABELS and
friends) come first. The report is only read, never modified.

Families live in their own modules: `structure` (STRUCT-*, VALUE-*), `arithmetic` (T3-*, T4-*),
`crossyear` (XY-*, YOY-*), `narrative` (TXT-*, FEE-SECTION6), `dates` (DATE-DEADLINE) and
`aggregate` (AGG-DECLARED-SUM, which needs a declared aggregation and so is not part of `check`).
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.report.model import AnnualReport, Finding

from ._base import ERROR, FAIL, INFO, NOT_APPLICABLE, NOT_ASSESSABLE, PASS, WARNING, located_tables
from .aggregate import check_aggregate
from .arithmetic import check_identities
from .crossyear import (
    REPETITION_THRESHOLD,
    check_carryover,
    check_items_2019,
    check_repetition,
    check_stock_flow,
    check_tables_identical,
    repetition,
)
from .dates import check_deadline, statutory_deadline
from .narrative import (
    check_fee_amount,
    check_fee_section,
    check_gov_items,
    check_narrative,
    check_period,
    check_section5,
    check_year_mentions,
)
from .structure import check_sections, check_tables, check_values, check_version

# Every code `check` can emit (STRUCT-LABELS comes from the parser), in catalogue order.
RULE_CODES: tuple[str, ...] = (
    "STRUCT-SECTIONS", "STRUCT-TABLE-MISSING", "STRUCT-VERSION",
    "VALUE-NUMERIC", "VALUE-BLANK", "VALUE-NONNEG", "VALUE-INTEGER", "VALUE-UNIT",
    "T3-IDENTITY", "T3-ROW-TOTAL", "T3-RESULT-TOTAL", "T4-BLOCK-TOTAL",
    "XY-CARRYOVER", "XY-STOCK-FLOW", "XY-ITEMS-2019",
    "TXT-NEW-RECEIVED", "TXT-CARRY", "TXT-TOTAL", "TXT-OUTCOME", "TXT-REVIEW", "TXT-LITIGATION",
    "TXT-PERCENT", "TXT-ART20", "TXT-PERIOD", "TXT-YEAR", "TXT-SECTION5", "TXT-GOV-ITEMS",
    "TXT-CONTRADICTION", "FEE-SECTION6", "DATE-DEADLINE", "YOY-REPETITION", "YOY-TABLES-IDENTICAL",
)

SEVERITY_ORDER: dict[str, int] = {INFO: 0, WARNING: 1, ERROR: 2}


def check(report: AnnualReport, previous: AnnualReport | None = None, *, agency_kind: str | None = None,
          generated: bool = False) -> list[Finding]:
    """Every rule of the catalogue for one report (and last year's, when given).

    agency_kind: "government" (a 人民政府, published by its 主管部门: deadline 3月31日 and the 第五十条（四）
    items) or "department" (deadline 1月31日); anything else leaves DATE-DEADLINE not assessable.
    generated: the report was produced by gongkai; FEE-SECTION6 and XY-CARRYOVER then fail as errors.
    """
    out: list[Finding] = list(report.parse_findings)
    out += check_sections(report)
    out += check_tables(report)
    out += check_version(report)
    tables = located_tables(report)  # read once for both families
    out += check_values(report, tables)
    out += check_identities(report, tables)
    out += check_carryover(report, previous, generated)
    out += check_stock_flow(report, previous)
    out += check_items_2019(report, previous)
    out += check_narrative(report, previous)
    out += check_period(report)
    out += check_year_mentions(report)
    out += check_section5(report)
    out += check_gov_items(report, agency_kind)
    out += check_fee_section(report, generated)
    out += check_deadline(report, agency_kind)
    out += check_repetition(report, previous)
    out += check_tables_identical(report, previous)
    return out


def failures(findings: Iterable[Finding], min_severity: str = INFO) -> list[Finding]:
    """The failed findings at or above a severity (info < warning < error)."""
    floor = SEVERITY_ORDER[min_severity]
    return [f for f in findings if f.status == FAIL and SEVERITY_ORDER.get(f.severity or INFO, 0) >= floor]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """Failed findings of severity error: the report breaks the template or the law."""
    return [f for f in findings if f.status == FAIL and f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == FAIL and f.severity == WARNING]


def by_status(findings: Iterable[Finding], status: str) -> list[Finding]:
    return [f for f in findings if f.status == status]


def by_code(findings: Iterable[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


__all__ = [
    "ERROR",
    "FAIL",
    "INFO",
    "NOT_APPLICABLE",
    "NOT_ASSESSABLE",
    "PASS",
    "REPETITION_THRESHOLD",
    "RULE_CODES",
    "WARNING",
    "by_code",
    "by_status",
    "check",
    "check_aggregate",
    "check_deadline",
    "check_fee_amount",
    "check_repetition",
    "errors",
    "failures",
    "repetition",
    "statutory_deadline",
    "warnings",
]
