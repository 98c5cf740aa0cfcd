"""Shared machinery of the rule families: finding constructors, operand evaluation and messages.

Everything here reads the report and never writes it (DOMAIN.md §4.3 trap 1). Labels come from
`gongkai.report.spec`; nothing in the rules re-types a table label.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from gongkai.report.model import NUMERIC_KINDS, AnnualReport, Cell, CellMap, Finding, Kind, plain_counts
from gongkai.report.spec import SPECS, expected_version
from gongkai.report.spec import describe_cell as describe

PASS = "pass"
FAIL = "fail"
NOT_ASSESSABLE = "not_assessable"
NOT_APPLICABLE = "not_applicable"

ERROR = "error"
WARNING = "warning"
INFO = "info"

TABLES: tuple[str, ...] = ("t2", "t3", "t4")
TABLE_NAMES: dict[str, str] = {"t2": "表二", "t3": "表三", "t4": "表四"}

Number = int | Decimal


def finding(code: str, status: str, message: str, *, severity: str | None = None, instance: str = "",
            cells: Iterable[str] = (), expected: object = None, actual: object = None,
            if_blank_zero: str | None = None) -> Finding:
    # Severity belongs to a fail; other statuses carry none unless a rule adds an info note
    # (Chinese-numeral sentences), which the caller passes explicitly.
    return Finding(code, status, severity, message, instance,
                   cells if cells.__class__ is tuple else tuple(cells),
                   expected, actual, if_blank_zero)


def table_version(report: AnnualReport, table: str) -> str | None:
    """The version a table was keyed with: its own (mixed reports), the report's, or the year's."""
    version = report.table_versions.get(table)
    if version in SPECS:
        return version
    if report.template in SPECS:
        return report.template
    return expected_version(report.year)


@cache
def table_keys(version: str, table: str) -> tuple[str, ...]:
    return tuple(SPECS[version].keys(table))


@cache
def table_rows(version: str, table: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each row's key prefix ("t3.granted.") and keys, in key order."""
    rows: dict[str, list[str]] = {}
    for key in table_keys(version, table):
        rows.setdefault(key[:key.rfind(".") + 1], []).append(key)
    return tuple((prefix, tuple(keys)) for prefix, keys in rows.items())


class Located(NamedTuple):
    """A table the parser located, read once for the value and the arithmetic rules."""

    version: str  # the version it was keyed with
    keys: tuple[str, ...]
    counts: tuple[int, ...] | None  # its values in `keys` order, when every cell is a plain count


def located_tables(report: AnnualReport) -> dict[str, Located]:
    """The located tables whose version is known, keyed t2/t3/t4."""
    out: dict[str, Located] = {}
    cells = report.cells
    for table in TABLES:
        version = table_version(report, table)
        if version is not None and report.tables_found.get(table):
            keys = table_keys(version, table)
            # A parser's rows of plain counts are read as numbers, without making a Cell of each.
            counts = (cells.counts(table_rows(version, table)) if cells.__class__ is CellMap
                      else plain_counts(cells, keys))
            out[table] = Located(version, keys, counts)
    return out


# --- operands ---------------------------------------------------------------------------


def show_value(cell: Cell) -> str:
    """How an operand reads inside a message: the number, or what stands in its place."""
    kind = cell.kind
    if kind in NUMERIC_KINDS and cell.value is not None:
        if kind is Kind.SIGNED and cell.value > 0:
            return f"+{cell.value}"
        return format(cell.value, "f") if isinstance(cell.value, Decimal) else str(cell.value)
    if kind is Kind.BLANK:
        return "空白"
    if kind is Kind.ABSENT:
        return "缺失"
    if kind is Kind.AMBIGUOUS:
        return f"“{cell.raw.strip()}”，数字粘连无法确定"
    return f"“{cell.raw.strip()}”"


def show_number(value: Number | None) -> str:
    if value.__class__ is int:
        return str(value)
    if value is None:
        return "？"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


KIND_NAMES: dict[Kind, str] = {
    Kind.BLANK: "空白",
    Kind.PLACEHOLDER: "占位符",
    Kind.TEXT: "文字",
    Kind.ABSENT: "缺失",
    Kind.AMBIGUOUS: "数字粘连",
}


@dataclass(frozen=True)
class Sum:
    """The sum of some cells, or why it cannot be computed (a blank is never skipped, §3.6)."""

    value: Number | None  # None when an operand is not numeric
    bad: tuple[Cell, ...]  # the non-numeric operands
    blank_zero: Number | None  # the sum if every BLANK counted as 0 (None if other kinds are bad)


def add(cells: Sequence[Cell]) -> Sum:
    total: Number = 0
    bad: list[Cell] = []
    only_blank = True
    for cell in cells:
        if cell.kind in NUMERIC_KINDS and cell.value is not None:
            total += cell.value
        else:
            bad.append(cell)
            if cell.kind is not Kind.BLANK:
                only_blank = False
    if not bad:
        return Sum(total, (), total)
    return Sum(None, tuple(bad), total if only_blank else None)


def describe_bad(cells: Iterable[Cell], version: str | None = None) -> str:
    """`表三「…」行「商业企业」列（空白）`, `…列（占位符：-）`, joined: the operands that block a check."""
    return "、".join(f"{describe(cell.key, version)}（{_bad_value(cell)}）" for cell in cells)


def _bad_value(cell: Cell) -> str:
    kind = KIND_NAMES.get(cell.kind, cell.kind.value)
    # A blank or missing cell has nothing to show but its kind (空白, 缺失): said once.
    return kind if cell.kind in (Kind.BLANK, Kind.ABSENT) else f"{kind}：{show_value(cell)}"
