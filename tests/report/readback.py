"""What the reader tests ask of a report read back: which cells came out wrong, and whether the ones
lost were reported."""

from __future__ import annotations

from gongkai.report.model import AnnualReport, Kind


def misread(parsed: AnnualReport, report: AnnualReport) -> tuple[list[str], list[str]]:
    """Cells read differently from the report: (silently wrong, reported as absent)."""
    wrong, absent = [], []
    for key, original in report.cells.items():
        cell = parsed.cell(key)
        if (cell.kind, cell.value, cell.raw) != (original.kind, original.value, original.raw):
            (absent if cell.kind is Kind.ABSENT else wrong).append(key)
    return wrong, absent


def differing(parsed: AnnualReport, report: AnnualReport, skip: frozenset[str] = frozenset()) -> list[str]:
    """Cells (but `skip`) whose kind or value read back differs from the report's."""
    return [k for k, cell in report.cells.items() if k not in skip
            and (parsed.cell(k).kind, parsed.cell(k).value) != (cell.kind, cell.value)]


def reported(parsed: AnnualReport, keys: list[str]) -> bool:
    """Every key is named by an error finding: reported, not silently lost."""
    named = {k for f in parsed.parse_findings if f.severity == "error" for k in f.cells}
    return set(keys) <= named


def messages_of(parsed: AnnualReport) -> list[str]:
    return [f.message for f in parsed.parse_findings]
