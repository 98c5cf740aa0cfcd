"""Running text in a PDF: a paragraph the page break wrapped reads on from one page to the next.

Word breaks a paragraph wherever the page is full, as it breaks a line wherever the column is: the
last line at the foot of a page ends in the middle of a word ("办结并答" / "复"), and the paragraph
goes on at the left margin of the next page. Read page by page, that break stays in the section text
and hides the count after it. A paragraph that really ends at the foot of the page (a short last
line), or whose next page starts with an indented line, a numbered heading or a table, keeps it.

Each test that keeps a break reads the same two pages once more without the one thing that keeps
it, so it shows that thing, and not the page break, is what keeps the paragraphs apart. The pages
are drawn with reportlab, each full line justified to the column's right edge as Word sets it; the
text is made up for the tests.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.report.parse.docx import join_wrapped_lines
from gongkai.report.parse.pdf import read_pdf
from gongkai.report.render.pdf_test_layout import FONT, LEFT, PAGE_H, PAGE_W, RIGHT, _font

from .pdf_prose import LEADING, Line, draw_line

TABLE = "table"  # stands for a small ruled table in a page's list of lines

OPENING: list[Line] = [
    ("本机关全年共受理政府信息公开申请 128 件，依法办结并答", True, True),
    ("复 120 件，其余 8 件结转下年度继续办理。", False, False),
]
# One paragraph, its first two lines at the foot of page 1, the rest at the head of page 2: the page
# breaks it inside a word ("予" / "以").
FOOT: list[Line] = [
    ("本机关主动公开政府信息二百余条，其中政策文件十件，", True, True),
    ("并按时更新政府信息公开指南和目录，申请均在法定期限内予", False, True),
]
HEAD: list[Line] = [
    ("以答复，每季度末集中检查一次栏目更新情况，对发现的问题", False, True),
    ("及时整改。", False, False),
]
CLOSING: list[Line] = [("新的一段由缩进开头，不与上一段相连。", True, False)]


def _text(lines: list[Line]) -> str:
    return join_wrapped_lines([text for text, _, _ in lines])


def _page(c: Any, lines: list[Line | str], top: float) -> None:

    y = top
    for entry in lines:
        if isinstance(entry, str):  # TABLE: two rows of two ruled cells
            rows, width, height = [("项目", "件数"), ("新收申请", "12")], (RIGHT - LEFT) / 2, 24.0
            for r, row in enumerate(rows):
                for k, cell in enumerate(row):
                    x, cell_top = LEFT + k * width, y + r * height
                    c.rect(x, PAGE_H - cell_top - height, width, height)
                    c.setFont(FONT, 10.0)
                    c.drawString(x + 4, PAGE_H - cell_top - height + 8, cell)
            y += len(rows) * height + LEADING
            continue
        draw_line(c, entry, y)
        y += LEADING


def _pdf(first: list[Line | str], second: list[Line | str]) -> bytes:
    from reportlab.pdfgen import canvas

    _font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    # Page 1's text ends at the foot of its content band, page 2's starts at the head of its own; both
    # clear of the bands where running headers and footers are dropped.
    _page(c, first, PAGE_H * 0.88 - LEADING * len(first))
    c.showPage()
    _page(c, second, PAGE_H * 0.12 + LEADING)
    c.showPage()
    c.save()
    return out.getvalue()


def _paragraphs(first: list[Line | str], second: list[Line | str]) -> list[str]:
    return [b for b in read_pdf(_pdf(first, second), "test.pdf").blocks if isinstance(b, str)]


def _joined(head: list[Line]) -> list[str]:
    """The paragraphs of OPENING, FOOT on page 1 and `head`, CLOSING on page 2, read on across the break."""
    return _paragraphs([*OPENING, *FOOT], [*head, *CLOSING])


def test_a_paragraph_wrapped_by_the_page_break_reads_as_one_paragraph():
    doc = read_pdf(_pdf([*OPENING, *FOOT], [*HEAD, *CLOSING]), "test.pdf")
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    assert paragraphs == [_text(OPENING), _text([*FOOT, *HEAD]), _text(CLOSING)]
    assert "均在法定期限内予以答复" in paragraphs[1]  # the word the page broke is whole again
    # Provenance has room for one page and box: those of the part on page 1, noted as running on.
    source = doc.para_source(doc.blocks.index(paragraphs[1]))
    assert source.page == 1
    assert source.note is not None and "第2页" in source.note


def test_a_short_last_line_at_the_foot_of_the_page_ends_its_paragraph():
    ending: list[Line] = [*FOOT[:-1], ("并按时更新政府信息公开指南和目录。", False, False)]
    assert _joined(HEAD) == [_text(OPENING), _text([*FOOT, *HEAD]), _text(CLOSING)]
    assert _paragraphs([*OPENING, *ending], [*HEAD, *CLOSING]) == [
        _text(OPENING), _text(ending), _text(HEAD), _text(CLOSING)]


def test_an_indented_first_line_on_the_next_page_starts_a_new_paragraph():
    indented: list[Line] = [("以答复，每季度末集中检查一次栏目更新情况，对发现的", True, True),
                             ("问题及时整改。", False, False)]
    assert _joined(HEAD) == [_text(OPENING), _text([*FOOT, *HEAD]), _text(CLOSING)]
    assert _joined(indented) == [_text(OPENING), _text(FOOT), _text(indented), _text(CLOSING)]


def test_a_numbered_heading_at_the_head_of_the_next_page_is_not_run_into_the_paragraph():
    heading: list[Line] = [("（三）政府信息管理情况", False, False), *HEAD]
    assert _joined(HEAD) == [_text(OPENING), _text([*FOOT, *HEAD]), _text(CLOSING)]
    assert _joined(heading) == [_text(OPENING), _text(FOOT), heading[0][0], _text(HEAD), _text(CLOSING)]


def test_a_table_between_the_pages_parts_keeps_the_paragraphs_apart():
    assert _joined(HEAD) == [_text(OPENING), _text([*FOOT, *HEAD]), _text(CLOSING)]
    # At the head of the next page, before the line that would go on with the paragraph.
    blocks = read_pdf(_pdf([*OPENING, *FOOT], [TABLE, *HEAD, *CLOSING]), "test.pdf").blocks
    assert [b if isinstance(b, str) else "<table>" for b in blocks] == [
        _text(OPENING), _text(FOOT), "<table>", _text(HEAD), _text(CLOSING)]
    # At the foot of the page, after the paragraph's last full line.
    blocks = read_pdf(_pdf([*OPENING, *FOOT, TABLE], [*HEAD, *CLOSING]), "test.pdf").blocks
    assert [b if isinstance(b, str) else "<table>" for b in blocks] == [
        _text(OPENING), _text(FOOT), "<table>", _text(HEAD), _text(CLOSING)]
