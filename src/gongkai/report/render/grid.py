"""The one walk over a report that every renderer shares.

The official tables 二/三/四 are built here, once per template version, as grids of origin cells
with their row and column spans (DOMAIN.md §2.3–§2.5). Every renderer prints the same grid: HTML
keeps the spans, Markdown and the text layouts flatten them in their own way. Labels come from
`gongkai.report.spec` only, so a renderer can never print a label the template does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from gongkai.report.model import AnnualReport, Cell, Kind
from gongkai.report.spec import (
    SECTION_TITLES,
    SPECS,
    T2_HEADER_FIRST,
    T3_APPLICANT,
    T3_NOTE,
    T3_ORG,
    T3_ORG_COLUMNS,
    T3_RESULTS_GROUP,
    TemplateSpec,
)

Role = Literal["caption", "head", "note", "group", "label", "value", "filler"]
TABLES: tuple[str, ...] = ("t2", "t3", "t4")
# The section each table belongs to (the table follows the section's text).
SECTION_TABLE: dict[int, str] = {2: "t2", 3: "t3", 4: "t4"}
TITLE_SUFFIX = "政府信息公开工作年度报告"


@dataclass(frozen=True, slots=True)
class GridCell:
    """An origin cell: printed once, at its top-left slot."""

    role: Role
    text: str = ""  # the spec label; empty for value and filler cells
    key: str | None = None  # canonical key of a value cell
    rowspan: int = 1
    colspan: int = 1
    column: int = 0  # grid column of the top-left slot

    @property
    def is_value(self) -> bool:
        return self.role == "value"


@dataclass(frozen=True, slots=True)
class GridRow:
    cells: tuple[GridCell, ...]  # origin cells in reading order
    # One entry per grid column: the origin cell at its top-left slot, None where a merged cell
    # (a colspan to the left or a rowspan from above) continues.
    slots: tuple[GridCell | None, ...]
    header: bool  # caption and header rows carry no values

    @property
    def merged(self) -> int:
        """Slots of this row covered by merged cells (the seed prints them as a run of pipes)."""
        return self.slots.count(None)


@dataclass(frozen=True, slots=True)
class Grid:
    table: str  # t2 | t3 | t4
    version: str
    width: int
    rows: tuple[GridRow, ...]
    head_rows: int  # leading header rows that repeat on every printed page (0 for table 二)


def _place(width: int, rows: list[tuple[list[GridCell], bool]]) -> tuple[GridRow, ...]:
    """Assign grid columns to origin cells, HTML-style: rowspans from above take their slots first."""
    below = [0] * width  # rows still covered, below the current one, by a rowspan from above
    out: list[GridRow] = []
    for cells, header in rows:
        taken = [n > 0 for n in below]
        below = [max(n - 1, 0) for n in below]
        slots: list[GridCell | None] = [None] * width
        placed: list[GridCell] = []
        col = 0
        for cell in cells:
            while taken[col]:
                col += 1
            cell = replace(cell, column=col)
            slots[col] = cell
            for c in range(col, col + cell.colspan):
                if taken[c]:  # pragma: no cover - a spec change that breaks the layout
                    raise AssertionError(f"overlapping cells at column {c}: {cell}")
                taken[c] = True
                below[c] = cell.rowspan - 1
            placed.append(cell)
            col += cell.colspan
        if not all(taken):  # pragma: no cover - a spec change that breaks the layout
            raise AssertionError(f"row does not fill the grid: {cells}")
        out.append(GridRow(tuple(placed), tuple(slots), header))
    if any(below):  # pragma: no cover
        raise AssertionError("a rowspan runs past the last row")
    return tuple(out)


def _t2(spec: TemplateSpec) -> Grid:
    width = 1 + max(len(b.columns) for b in spec.t2_blocks)
    rows: list[tuple[list[GridCell], bool]] = []
    for block in spec.t2_blocks:
        n = len(block.columns)
        # A single value column spans the value area (2021 （五）（六）（八）); narrower blocks
        # (2019 （八）（九）) end with empty cells, as the seed prints them (§2.3).
        span = width - 1 if n == 1 else 1
        fillers = [GridCell("filler") for _ in range(width - 1 - n * span)]
        rows.append(([GridCell("caption", block.caption, colspan=width)], True))
        heads = [GridCell("head", c.label, colspan=span) for c in block.columns]
        rows.append(([GridCell("head", T2_HEADER_FIRST), *heads, *fillers], True))
        for row in block.rows:
            values = [GridCell("value", key=f"t2.{block.key}.{row.key}.{c.key}", colspan=span)
                      for c in block.columns]
            rows.append(([GridCell("label", row.label), *values, *fillers], False))
    return Grid("t2", spec.version, width, _place(width, rows), head_rows=0)


def _t3(spec: TemplateSpec) -> Grid:
    columns = spec.t3_columns
    width = 3 + len(columns)
    org = [c for c in columns if c.key in T3_ORG_COLUMNS]
    first_org = columns.index(org[0])
    rows: list[tuple[list[GridCell], bool]] = [
        ([GridCell("note", T3_NOTE, rowspan=3, colspan=3),
          GridCell("head", T3_APPLICANT, colspan=len(columns))], True),
        ([*(GridCell("head", c.label, rowspan=2) for c in columns[:first_org]),
          GridCell("head", T3_ORG, colspan=len(org)),
          *(GridCell("head", c.label, rowspan=2) for c in columns[first_org + len(org):])], True),
        ([GridCell("head", c.label) for c in org], True),
    ]
    # 三、本年度办理结果 spans every row that sits in a result group (rows 3–22, §2.4).
    in_results = [r.group is not None for r in spec.t3_rows]
    n_results = sum(in_results)
    first_result = in_results.index(True)
    t3_rows = spec.t3_rows
    for i, row in enumerate(t3_rows):
        cells: list[GridCell] = []
        if i == first_result:
            cells.append(GridCell("group", T3_RESULTS_GROUP, rowspan=n_results))
        sub = row.group not in (None, T3_RESULTS_GROUP)
        if sub and (i == 0 or t3_rows[i - 1].group != row.group):
            run = 1
            while i + run < len(t3_rows) and t3_rows[i + run].group == row.group:
                run += 1
            cells.append(GridCell("group", row.group or "", rowspan=run))
        span = 3 if row.group is None else (1 if sub else 2)
        cells.append(GridCell("label", row.label, colspan=span))
        cells.extend(GridCell("value", key=f"t3.{row.key}.{c.key}") for c in columns)
        rows.append((cells, False))
    return Grid("t3", spec.version, width, _place(width, rows), head_rows=3)


def _t4(spec: TemplateSpec) -> Grid:
    ncol = len(spec.t4_columns)
    width = ncol * len(spec.t4_blocks)
    top: list[GridCell] = []
    middle: list[GridCell] = []
    bottom: list[GridCell] = []
    parents_done: set[str] = set()
    for block in spec.t4_blocks:
        if block.parent is None:
            # 行政复议: its column headings span the two lower header rows.
            top.append(GridCell("head", block.label, colspan=ncol))
            middle.extend(GridCell("head", c.label, rowspan=2) for c in spec.t4_columns)
            continue
        if block.parent not in parents_done:
            parents_done.add(block.parent)
            children = sum(1 for b in spec.t4_blocks if b.parent == block.parent)
            top.append(GridCell("head", block.parent, colspan=ncol * children))
        middle.append(GridCell("head", block.label, colspan=ncol))
        bottom.extend(GridCell("head", c.label) for c in spec.t4_columns)
    values = [GridCell("value", key=f"t4.{b.key}.{c.key}") for b in spec.t4_blocks for c in spec.t4_columns]
    rows = [(top, True), (middle, True), (bottom, True), (values, False)]
    return Grid("t4", spec.version, width, _place(width, rows), head_rows=3)


@cache
def grid(table: str, version: str) -> Grid:
    """The official layout of one table of one template version (built once, then shared)."""
    spec = SPECS[version]
    return {"t2": _t2, "t3": _t3, "t4": _t4}[table](spec)


# --- the document walk -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1: the report title; 2: one of the six sections
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class TableBlock:
    grid: Grid


Block = Heading | Paragraph | TableBlock


def title(report: AnnualReport) -> str:
    """`<agency><year>年政府信息公开工作年度报告`, so agency and year can be read back from it."""
    if report.agency and report.year is not None:
        return f"{report.agency}{report.year}年{TITLE_SUFFIX}"
    if report.title:
        return report.title
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency or ''}{year}{TITLE_SUFFIX}"


def table_version(report: AnnualReport, table: str) -> str | None:
    """The version a table is printed in; differs between tables only for a "mixed" report."""
    version = report.table_versions.get(table) or report.template
    if version in SPECS:
        return version
    # A report of unknown shape still has cells keyed by some version (AnnualReport.canonical_keys()).
    return "2021" if _has_cells(report, table) else None


def _has_cells(report: AnnualReport, table: str) -> bool:
    prefix = table + "."
    return any(k.startswith(prefix) and c.kind is not Kind.ABSENT for k, c in report.cells.items())


def _should_print(report: AnnualReport, table: str) -> bool:
    # A table the reader could not locate is not printed as an empty official table: that would
    # claim the agency published blanks. A report built by hand (tables_found unset) still prints.
    return bool(report.tables_found.get(table)) or _has_cells(report, table)


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def blocks(report: AnnualReport) -> list[Block]:
    """Title, preamble, the six canonical sections in order, each table after its section's text."""
    out: list[Block] = [Heading(1, title(report))]
    out.extend(Paragraph(p) for p in paragraphs(report.preamble))
    for number, heading in enumerate(SECTION_TITLES, start=1):
        # The renderer writes the canonical six headings (DOMAIN §2.2), whatever was printed.
        out.append(Heading(2, heading))
        section = report.section(number)
        if section is not None:
            out.extend(Paragraph(p) for p in paragraphs(section.text))
        table = SECTION_TABLE.get(number)
        if table is not None and _should_print(report, table):
            version = table_version(report, table)
            if version is not None:
                out.append(TableBlock(grid(table, version)))
    return out


# Printed in place of an ambiguous cell. It starts with a word, so no reader can take it for a
# number or a number with a remark (`classify` reads it as text).
AMBIGUOUS_PREFIX = "存疑："


def ambiguous_text(cell: Cell) -> str:
    """What an ambiguous cell prints: its possible values, marked as unresolved ("存疑：9、91、913")."""
    # The raw run of digits is never printed alone: it would read back as one confident, wrong
    # number (and `gongkai check` on the rendered report would pass).
    shown = "、".join(str(c) for c in cell.candidates) if cell.candidates else "无法拆分"
    return AMBIGUOUS_PREFIX + shown


def cell_text(cell: Cell | None) -> str:
    """The text printed for a value cell: the raw text exactly; nothing for a cell never located;
    for an ambiguous cell, a text that says so (`ambiguous_text`)."""
    if cell is None:
        return ""
    kind = cell.kind
    if kind is Kind.ABSENT:
        return ""
    if kind is Kind.AMBIGUOUS:
        return ambiguous_text(cell)
    return cell.raw


def row_texts(row: GridRow, cells: Mapping[str, Cell]) -> list[str]:
    """Printed text of each origin cell of a row, in reading order."""
    return [cell_text(cells.get(c.key)) if c.key is not None else c.text for c in row.cells]
