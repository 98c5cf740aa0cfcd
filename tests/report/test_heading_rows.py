"""A section heading set as a table's first row, one cell across, in the Word and PDF readers.

Reports pasted from Word often put "三、收到和处理政府信息公开申请情况" in a row across the top of
table 三, with the section's text after the table. The row is the section's heading, not a row of
the grid: read as a row, sections 二 to 四 are lost. (The HTML reader's case is in
test_html_variants.py; all three share `parse.headings`.) Fixtures are the project's renderings with
each table's section heading moved into a new first row of the table.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

import pytest
from lxml import etree

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport
from gongkai.report.parse import parse_bytes
from gongkai.report.render import pdf_test_layout
from gongkai.report.render.docx import render_docx
from gongkai.report.render.grid import Block, GridCell, GridRow, Heading, TableBlock, blocks

from .readback import differing

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SECTION_HEADING = re.compile(r"[一二三四五六]、")


def _sections(report: AnnualReport) -> list[tuple[int, str, str]]:
    # A PDF wraps the section's text into lines; the words are what must come back.
    return [(s.number, s.heading, s.text.replace("\n", "")) for s in report.sections]


def _heading_in_first_row(data: bytes) -> bytes:
    """The DOCX with each table's section heading paragraph moved into a new first row, one cell
    across the grid (w:gridSpan), and the section's text that stood between them moved after the table."""
    package = zipfile.ZipFile(io.BytesIO(data))
    root = etree.fromstring(package.read("word/document.xml"))
    for tbl in list(root.iter(f"{W}tbl")):
        text: list[etree._Element] = []
        heading = tbl.getprevious()
        while heading is not None and heading.tag == f"{W}p" and not _SECTION_HEADING.match("".join(heading.itertext())):
            text.insert(0, heading)
            heading = heading.getprevious()
        assert heading is not None and heading.tag == f"{W}p"
        for p in reversed(text):
            tbl.addnext(p)
        first = tbl.find(f"{W}tr")
        row = copy.deepcopy(first)
        cells = row.findall(f"{W}tc")
        for tc in cells[1:]:
            row.remove(tc)
        tc = cells[0]
        tc_pr = tc.find(f"{W}tcPr")
        for old in tc_pr.findall(f"{W}gridSpan"):
            tc_pr.remove(old)
        span = etree.Element(f"{W}gridSpan")
        span.set(f"{W}val", str(len(tbl.find(f"{W}tblGrid"))))
        tc_pr.insert(1, span)  # after w:tcW, where the schema puts it
        for p in tc.findall(f"{W}p"):
            tc.remove(p)
        tc.append(heading)
        first.addprevious(row)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in package.infolist():
            body = package.read(info)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info.filename, body)
    return out.getvalue()


@pytest.mark.parametrize(("version", "seed"), [("2019", 3), ("2021", 8)])
def test_a_section_heading_in_a_word_tables_first_row_starts_the_section(version, seed):
    report = random_report(version, seed)
    plain = parse_bytes(render_docx(report), "plain.docx")
    parsed = parse_bytes(_heading_in_first_row(render_docx(report)), "row.docx")
    assert _sections(parsed) == _sections(report)
    assert differing(parsed, report) == []
    # The heading is located at the row it was read from: the first row of the section's table.
    t3 = parsed.sections[2].source
    assert (t3.format, t3.table, t3.row) == ("docx", 1, 0)
    # Every cell still points at its own row in the file (one below where it is without the heading
    # row), in the same table and grid column.
    for key in report.cells:
        moved, was = parsed.cell(key).source, plain.cell(key).source
        assert (moved.table, moved.row, moved.column) == (was.table, was.row + 1, was.column), key


def _heading_rows(report: AnnualReport) -> list[Block]:
    """The report's blocks with each table's section heading as its first row, one cell across, and
    the section's text after the table. The row is part of the header Word repeats on a next page."""
    out: list[Block] = []
    for block in blocks(report):
        if not isinstance(block, TableBlock):
            out.append(block)
            continue
        at = max(i for i, b in enumerate(out) if isinstance(b, Heading))
        heading, text = out[at], out[at + 1:]
        assert isinstance(heading, Heading)
        grid = block.grid
        cell = GridCell("caption", heading.text, colspan=grid.width)
        row = GridRow((cell,), (cell,) + (None,) * (grid.width - 1), header=True)
        head_rows = grid.head_rows + 1 if grid.head_rows else 0
        del out[at:]
        out.append(TableBlock(type(grid)(grid.table, grid.version, grid.width, (row, *grid.rows), head_rows)))
        out.extend(text)
    return out


@pytest.mark.parametrize(("version", "seed"), [("2019", 0), ("2021", 1)])
def test_a_section_heading_in_a_ruled_pdf_tables_first_row_starts_the_section(version, seed, monkeypatch):
    report = random_report(version, seed)
    monkeypatch.setattr(pdf_test_layout, "blocks", _heading_rows)
    parsed = parse_bytes(pdf_test_layout.render_pdf_test_layout(report), "row.pdf")
    assert _sections(parsed) == _sections(report)
    assert differing(parsed, report) == []
    t3 = parsed.sections[2].source
    assert (t3.format, t3.row) == ("pdf", 0)
    # Table 三 crosses the page with its header, heading row and all, printed again over the rest:
    # that copy goes with the repeated header, and the section's heading is read once.
    assert any("重复的表头" in f.message for f in parsed.parse_findings)
