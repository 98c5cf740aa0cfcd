"""Running text in a PDF: lines the page wrapped read as one paragraph, as a viewer reflows them.

A report printed from Word breaks a paragraph's lines wherever the column is full, often inside a
word ("答" at one line's end, "复 120 件" at the next line's start). Read line by line, the break
stays in the section text, and the narrative rules, which split sentences at line breaks, cannot
read that count. A line that really ends a paragraph (short, or before an indented line or a
numbered heading) keeps its break.

The page is drawn here with reportlab, each full line justified to the column's right edge as Word
sets it; the text is made up for the tests.
"""

from __future__ import annotations

import io

import pytest

from gongkai.report.parse.docx import join_wrapped_lines
from gongkai.report.parse.pdf import read_pdf
from gongkai.report.render.pdf_test_layout import PAGE_H, PAGE_W, _font

from .pdf_prose import LEADING, Line, draw_line

WRAPPED: list[Line] = [
    ("本机关全年共受理政府信息公开申请 128 件，依法办结并答", True, True),
    ("复 120 件，其余 8 件结转下年度继续办理，均在法定期限内予", False, True),
    ("以答复，未收取信息处理费用。", False, False),
]


def _pdf(lines: list[Line]) -> bytes:
    from reportlab.pdfgen import canvas

    _font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    top = 200.0  # well inside the page, clear of the header and footer bands
    for i, line in enumerate(lines):
        draw_line(c, line, top + i * LEADING)
    c.showPage()
    c.save()
    return out.getvalue()


def _paragraphs(lines: list[Line]) -> list[str]:
    return [b for b in read_pdf(_pdf(lines), "test.pdf").blocks if isinstance(b, str)]


def test_a_paragraph_wrapped_mid_word_reads_as_one_paragraph():
    paragraphs = _paragraphs(WRAPPED)
    assert paragraphs == [join_wrapped_lines([text for text, _, _ in WRAPPED])]
    # The word broken by the page ("答" / "复") is whole again, so its count can be read.
    assert "依法办结并答复 120 件" in paragraphs[0]


def test_a_short_last_line_ends_its_paragraph_even_before_an_unindented_line():
    following: list[Line] = [
        ("下一段不缩进，从左边起排，是另一段的开头，不能并入上一", False, True),
        ("段的末行。", False, False),
    ]
    assert _paragraphs([*WRAPPED, *following]) == [
        join_wrapped_lines([text for text, _, _ in WRAPPED]),
        join_wrapped_lines([text for text, _, _ in following]),
    ]


def test_an_indented_line_starts_a_new_paragraph_after_a_full_line():
    ending_full: list[Line] = [
        ("本机关主动公开政府信息二百余条，其中政策文件十件，", True, True),
        ("并按时更新政府信息公开指南和目录，末行恰好排满了版心。", False, True),
    ]
    following: list[Line] = [("新的一段由缩进开头，不与上一段相连。", True, False)]
    assert _paragraphs([*ending_full, *following]) == [
        join_wrapped_lines([text for text, _, _ in ending_full]),
        following[0][0],
    ]


@pytest.mark.parametrize("heading", ["（二）依申请公开情况", "二、主动公开政府信息情况", "1.加强平台建设", "2、完善制度"])
def test_a_numbered_heading_at_the_left_margin_is_not_run_into_a_full_line(heading):
    full: list[Line] = [
        ("本机关主动公开政府信息二百余条，其中政策文件十件，", True, True),
        ("并按时更新政府信息公开指南和目录，每季度末集中检查一次", False, True),
    ]
    assert _paragraphs([*full, (heading, False, False)]) == [
        join_wrapped_lines([text for text, _, _ in full]),
        heading,
    ]
