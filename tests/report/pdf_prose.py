"""What the PDF prose tests share: running text drawn with reportlab as Word sets it."""

from __future__ import annotations

from typing import Any

from gongkai.report.render.pdf_test_layout import FONT, LEFT, PAGE_H, RIGHT

SIZE, LEADING = 16.0, 28.0  # 三号 type, as reports are printed: 28 characters fill the column
INDENT = 2 * SIZE  # two characters, as Chinese paragraphs begin

# (text, indented, full): a full line is justified to the right edge; a short one ends where it ends.
Line = tuple[str, bool, bool]


def draw_line(c: Any, line: Line, y: float) -> None:
    """One line of running text, its baseline `y` points below the top of the page."""
    from reportlab.pdfbase import pdfmetrics

    text, indented, full = line
    x = LEFT + (INDENT if indented else 0.0)
    t = c.beginText(x, PAGE_H - y)
    t.setFont(FONT, SIZE)
    if full:  # Word's justification: the line's spare width spread between its characters
        spare = RIGHT - x - pdfmetrics.stringWidth(text, FONT, SIZE)
        assert 0 <= spare < len(text), f"not a full line of the column: {text}"  # else it reads as gaps
        t.setCharSpace(spare / (len(text) - 1))
    t.textOut(text)
    c.drawText(t)
