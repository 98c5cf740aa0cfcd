"""DOCX: the report as a Word document in the official layout, merged cells as in the template.

The tables come from `render.grid` (the one description of the official grids), written as real
Word merges: `w:gridSpan` for a colspan and `w:vMerge` restart/continue for a rowspan, so Word,
WPS and LibreOffice show the template's table and `parse.docx` reads it back cell for cell.

The table XML is built directly rather than through python-docx's `cell.merge()`: merging cell by
cell costs a full grid walk per call, and the result is the same markup.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.report.model import AnnualReport
from gongkai.report.render.grid import Grid, GridCell, Heading, Paragraph, TableBlock, blocks, cell_text, grid

_BODY_FONT = "仿宋_GB2312"
_HEADING_FONT = "黑体"
_TITLE_FONT = "方正小标宋简体"
# Usable width of A4 portrait with 26 mm / 24 mm margins, in twentieths of a point (dxa).
_TABLE_WIDTH = 8980
# Header rows that repeat on every page when a table crosses a page break.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_ROWS = {"t2": 0, "t3": 3, "t4": 3}


def set_cjk_font(run_or_style: Any, name: str, size: float) -> None:
    """Chinese text needs w:eastAsia: python-docx's font.name only sets the Latin font."""
    run_or_style.font.name = name
    run_or_style.font.size = Pt(size)
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _widths(layout: Grid) -> list[int]:
    """Grid column widths (dxa): label columns wider, value columns equal."""
    if layout.table == "t2":
        first = 2600
    elif layout.table == "t3":
        # 三、本年度办理结果 (vertical) · （三）不予公开 · the row label · seven values
        fixed = [520, 1100, 2560]
        rest = (_TABLE_WIDTH - sum(fixed)) // (layout.width - 3)
        return [*fixed, *([rest] * (layout.width - 3))]
    else:
        return [_TABLE_WIDTH // layout.width] * layout.width
    rest = (_TABLE_WIDTH - first) // (layout.width - 1)
    return [first, *([rest] * (layout.width - 1))]


def _esc(text: str) -> str:
    # Control characters are not allowed in XML at all; a parsed raw text may still carry one.
    text = _CONTROL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, bold: bool = False) -> str:
    if not text:
        return ""
    return (f'<w:r><w:rPr><w:rFonts w:eastAsia="{_BODY_FONT}"/>{"<w:b/>" if bold else ""}<w:sz w:val="21"/></w:rPr>'
            f'<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>')


def _cell_xml(cell: GridCell, width: int, span: int, v_merge: str | None, run: str, vertical: bool) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if v_merge == "restart":
        props.append('<w:vMerge w:val="restart"/>')
    elif v_merge == "continue":
        props.append("<w:vMerge/>")
    if vertical:
        # The official table sets 三、本年度办理结果 in a narrow column, one character per line.
        props.append('<w:textDirection w:val="tbRlV"/>')
    props.append('<w:vAlign w:val="center"/>')
    align = "left" if cell.role == "label" else "center"
    return (f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="auto"/>'
            f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>')


@cache
def _table_plan(table: str, version: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str | None, ...], ...]]:
    """Per row, the static XML around each value cell, compiled once per table and version.

    Returns (fragments, keys): fragments[r] has one more entry than keys[r]; the escaped run of
    value key i goes between fragment i and i+1.
    """
    layout = grid(table, version)
    widths = _widths(layout)
    # Column -> (origin cell, rows still covered below the current row) of an open rowspan.
    open_spans: dict[int, tuple[GridCell, int]] = {}
    all_fragments: list[tuple[str, ...]] = []
    all_keys: list[tuple[str | None, ...]] = []
    for r, row in enumerate(layout.rows):
        header = r < _HEADER_ROWS[table]
        tr_pr = ('<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' if header else "<w:trPr><w:cantSplit/></w:trPr>")
        fragments: list[str] = []
        keys: list[str | None] = []
        buf = [f"<w:tr>{tr_pr}"]
        col = 0
        while col < layout.width:
            cell = row.slots[col]
            if cell is None:
                covering = open_spans.get(col)
                if covering is None:  # pragma: no cover - grid.py guarantees every slot is covered
                    raise AssertionError(f"uncovered slot {table} row {r} column {col}")
                origin, _left = covering
                width = sum(widths[col:col + origin.colspan])
                buf.append(_cell_xml(origin, width, origin.colspan, "continue", "", False))
                col += origin.colspan
                continue
            width = sum(widths[col:col + cell.colspan])
            merge = "restart" if cell.rowspan > 1 else None
            vertical = cell.role == "group" and cell.rowspan > 1 and cell.column == 0
            bold = cell.role in ("caption", "head")
            if cell.key is not None:
                # The value's run goes where the marker is; an empty value writes no run at all.
                head, tail = _cell_xml(cell, width, cell.colspan, merge, "\x00", False).split("\x00")
                buf.append(head)
                fragments.append("".join(buf))
                keys.append(cell.key)
                buf = [tail]
            else:
                buf.append(_cell_xml(cell, width, cell.colspan, merge, _run(cell.text, bold), vertical))
            col += cell.colspan
        # Update the open rowspans after the row: origins started here cover the rows below.
        for c in list(open_spans):
            origin, left = open_spans[c]
            if left <= 1:
                del open_spans[c]
            else:
                open_spans[c] = (origin, left - 1)
        for cell in row.cells:
            if cell.rowspan > 1:
                open_spans[cell.column] = (cell, cell.rowspan - 1)
        buf.append("</w:tr>")
        fragments.append("".join(buf))
        all_fragments.append(tuple(fragments))
        all_keys.append(tuple(keys))
    return tuple(all_fragments), tuple(all_keys)


def _table_xml(layout: Grid, report: AnnualReport) -> str:
    fragments, keys = _table_plan(layout.table, layout.version)
    widths = _widths(layout)
    out = [f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
           '<w:jc w:val="center"/><w:tblBorders>'
           + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
           + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
           "</w:tblPr><w:tblGrid>"
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    cells = report.cells
    for row_fragments, row_keys in zip(fragments, keys, strict=True):
        out.append(row_fragments[0])
        for key, fragment in zip(row_keys, row_fragments[1:], strict=True):
            out.append(_run(cell_text(cells.get(key or ""))))
            out.append(fragment)
    out.append("</w:tbl>")
    return "".join(out)


def render_docx(report: AnnualReport) -> bytes:
    """The report as DOCX bytes: title, the six sections, tables 二/三/四 with the template's merges."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(26), Mm(24)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    set_cjk_font(document.styles["Normal"], _BODY_FONT, 16)
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for block in blocks(report):
        if isinstance(block, Heading):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.level == 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_cjk_font(run, _TITLE_FONT, 22)
            else:
                paragraph.paragraph_format.first_line_indent = Pt(32)
                set_cjk_font(run, _HEADING_FONT, 16)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(32)
        elif isinstance(block, TableBlock):
            table = etree.fromstring(_table_xml(block.grid, report))
            if sect_pr is not None:
                sect_pr.addprevious(table)
            else:
                body.append(table)
            # Word needs a paragraph between two tables, or it joins them into one.
            document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
