"""Plain-text layouts in which published reports are met in practice (DOMAIN.md §5.1).

They exist so the readers can be tested and benchmarked against every layout with known answers.
All of them share one walk (`grid.blocks`): the title, the preamble and the sections' prose print
the same way, one paragraph a line; the layouts differ only in how they print one table row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gongkai.report.model import AnnualReport
from gongkai.report.render.grid import GridRow, Heading, Paragraph, TableBlock, blocks, row_texts

# Prints one table row, given the grid row and the text of each of its origin cells.
RowPrinter = Callable[[GridRow, list[str]], list[str]]


# What a page break leaves before row `row` of table `table` ("t2", "t3", "t4"; `row` may be the row
# count: after the table), given the table's header rows as the layout prints them.
PageBreak = Callable[[str, int, list[str]], list[str]]


def _render(report: AnnualReport, print_row: RowPrinter, page_break: PageBreak | None = None) -> str:
    lines: list[str] = []
    cells = report.cells
    for block in blocks(report):
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
        elif isinstance(block, TableBlock):
            rows = block.grid.rows
            if page_break is None:
                for row in rows:
                    lines.extend(print_row(row, row_texts(row, cells)))
                continue
            head = [line for row in rows[:block.grid.head_rows] for line in print_row(row, row_texts(row, cells))]
            for r, row in enumerate(rows):
                lines.extend(page_break(block.grid.table, r, head))
                lines.extend(print_row(row, row_texts(row, cells)))
            lines.extend(page_break(block.grid.table, len(rows), head))
    return "\n".join(lines) + "\n"


def _flat_row(row: GridRow, texts: list[str]) -> list[str]:
    # The seed: every cell on its own line ending " |", an empty cell as a lone "|", and the row's
    # merged-cell slots as one run of pipes after its cells ("||" after a label spanning 3 columns).
    out = [f"{t} |" if t else "|" for t in texts]
    if row.merged:
        out.append("|" * row.merged)
    return out


def _pipe_row(row: GridRow, texts: list[str]) -> list[str]:
    # Row boundaries survive; merged slots do not, empty cells stay as empty fields. The row is
    # fenced by pipes, so an empty first or last cell is still seen and the line is not prose.
    return ["| " + " | ".join(texts) + " |"]


def _tab_row(row: GridRow, texts: list[str]) -> list[str]:
    # A table copied out of Word or a web page: a row on one line, a tab between cells, an empty
    # cell as nothing between two tabs; merged slots do not survive.
    return ["\t".join(texts)]


def _lines_row(row: GridRow, texts: list[str]) -> list[str]:
    # One cell per line without separators: empty cells vanish, so positions are lost.
    return [t for t in texts if t]


def _spaced_row(row: GridRow, texts: list[str]) -> list[str]:
    # Text copied from a PDF: a row on one line, cells separated by spaces, empty cells gone.
    return [" ".join(t for t in texts if t)]


def _runtogether_row(row: GridRow, texts: list[str]) -> list[str]:
    # Text extracted from a PDF without spacing: the label is followed directly by the row's
    # digits run together ("一、本年新收政府信息公开申请数量640020470"); header rows stay spaced.
    if row.header:
        return _spaced_row(row, texts)
    labels = [t for c, t in zip(row.cells, texts, strict=True) if not c.is_value and t]
    values = "".join(t for c, t in zip(row.cells, texts, strict=True) if c.is_value)
    return [" ".join(labels) + values] if labels else [values]


_SHORT_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
WRAP_AT = 7  # labels at least this long are broken over two lines


def _wrap(text: str) -> list[str]:
    if len(text) >= WRAP_AT:
        half = len(text) // 2
        return [text[:half], text[half:]]
    if _SHORT_CJK.fullmatch(text):
        return [" ".join(text)]  # 自然人 -> 自 然 人, as narrow PDF columns print it
    return [text]


def _wrapped_row(row: GridRow, texts: list[str]) -> list[str]:
    # Like render_lines, but labels as a narrow table column prints them: long ones broken
    # ("本年新" / "制作数量"), short ones letter-spaced ("自 然 人").
    out: list[str] = []
    for cell, text in zip(row.cells, texts, strict=True):
        if not text:
            continue
        out.extend([text] if cell.is_value else _wrap(text))
    return out


def render_flat_text(report: AnnualReport) -> str:
    """Flattened web text, the seed's layout: each cell on its own line ending " |"."""
    return _render(report, _flat_row)


def render_pipe_rows(report: AnnualReport) -> str:
    """One table row per line, fenced and separated by pipes: "| 规章 | 0 | 0 | 0 |"."""
    return _render(report, _pipe_row)


def render_tab_rows(report: AnnualReport) -> str:
    """One table row per line, cells separated by tabs: "规章\t0\t0\t0"."""
    return _render(report, _tab_row)


def render_lines(report: AnnualReport) -> str:
    """One cell per line, no separators; empty cells vanish."""
    return _render(report, _lines_row)


def render_spaced(report: AnnualReport) -> str:
    """Each table row on one line, label then values separated by spaces."""
    return _render(report, _spaced_row)


def render_runtogether(report: AnnualReport) -> str:
    """Each data row as its label immediately followed by its values with no separator."""
    return _render(report, _runtogether_row)


def render_wrapped_labels(report: AnnualReport) -> str:
    """One cell per line, long labels wrapped over two lines and short ones letter-spaced."""
    return _render(report, _wrapped_row)


LAYOUTS: dict[str, Callable[[AnnualReport], str]] = {
    "flat-text": render_flat_text,
    "pipe-rows": render_pipe_rows,
    "tab-rows": render_tab_rows,
    "lines": render_lines,
    "spaced": render_spaced,
    "runtogether": render_runtogether,
    "wrapped-labels": render_wrapped_labels,
}

_PRINTERS: dict[str, RowPrinter] = {
    "flat-text": _flat_row,
    "pipe-rows": _pipe_row,
    "tab-rows": _tab_row,
    "lines": _lines_row,
    "spaced": _spaced_row,
    "runtogether": _runtogether_row,
    "wrapped-labels": _wrapped_row,
}


def render_paged(report: AnnualReport, layout: str, page_break: PageBreak) -> str:
    """LAYOUTS[layout] with the lines `page_break` gives inserted between table rows.

    Text copied out of a PDF or a Word file carries page numbers, running headers and repeated
    header rows wherever a page ends; the readers are tested against them with known answers.
    """
    return _render(report, _PRINTERS[layout], page_break)
