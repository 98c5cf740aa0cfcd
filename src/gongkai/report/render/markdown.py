"""Markdown: the title, the six sections with their text, tables 二/三/四 as pipe tables.

Markdown has no merged cells, so each table is printed on its full official grid (4, 10 and 15
columns) and every slot a merged cell continues into is left empty: a value is always found at
the same column as in the template, and an empty value cell stays distinguishable by position.
"""

from __future__ import annotations

from functools import cache

from gongkai.report.model import AnnualReport
from gongkai.report.render.grid import Grid, Heading, Paragraph, TableBlock, blocks, cell_text, grid

# One entry per grid slot: ("s", text) static text, ("k", key) a value cell, ("s", "") a merged slot.
_Plan = tuple[tuple[tuple[str, str], ...], ...]


def _escape(text: str) -> str:
    # A pipe would split the cell and a line break would end the row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


@cache
def _plan(table: str, version: str) -> _Plan:
    # Keyed by name, not by the Grid itself: hashing a whole grid on every call would cost more
    # than rendering it.
    rows = []
    for row in grid(table, version).rows:
        slots = []
        for cell in row.slots:
            if cell is None:
                slots.append(("s", ""))
            elif cell.key is not None:
                slots.append(("k", cell.key))
            else:
                slots.append(("s", _escape(cell.text)))
        rows.append(tuple(slots))
    return tuple(rows)


def _table(table: Grid, report: AnnualReport) -> list[str]:
    cells = report.cells
    lines: list[str] = []
    for i, row in enumerate(_plan(table.table, table.version)):
        texts = [text if what == "s" else _escape(cell_text(cells.get(text))) for what, text in row]
        lines.append("| " + " | ".join(texts) + " |")
        if i == 0:
            # Markdown needs a header row; the table's first row serves, as in converted Word files.
            lines.append("|" + "---|" * table.width)
    return lines


def render_markdown(report: AnnualReport) -> str:
    out: list[str] = []
    for block in blocks(report):
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, TableBlock):
            out.append("\n".join(_table(block.grid, report)))
    # Blank lines separate the blocks, so each prose line stays its own paragraph.
    return "\n\n".join(out) + "\n"
