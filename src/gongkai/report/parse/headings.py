"""A section heading set as a table's first row, one cell across, as every reader meets it.

Reports pasted from Word often open table 三 with a row "三、收到和处理政府信息公开申请情况" across the
whole table. Read as a row of the grid, the section has no heading and its text runs into the section
before. It is the heading of the section, so the readers (HTML, Word, PDF) take it out of the table
here, the same way, and print it as a paragraph before the table.
"""

from __future__ import annotations

import re

from gongkai.report.parse.ir import Para, Table
from gongkai.report.spec import SECTION_KEYWORDS

# A section heading's numeral ("三、"): a numbered label row ("一、本年新收…") has it too, so the
# heading is also checked for its section's words.
_SECTION_ORDINAL = re.compile(r"[一二三四五六七八九十]{1,2}\s*[、.．]")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_MAX_HEADING = 40  # longer, the row is a sentence (a note over the table), not a heading


def heading_row(table: Table) -> str | None:
    """The section heading set as the table's first row, one cell across: None if there is none.

    One cell across is one text in every slot of the row that does not continue a merged cell (the
    HTML and Word readers repeat a wide cell's text in each slot, the PDF reader leaves them empty).
    """
    texts = table.texts
    if len(texts) < 2 or not texts[0]:
        return None  # a table of one row is no table under a heading
    shown = {text for c, text in enumerate(texts[0]) if (0, c) not in table.merged}
    if len(shown) != 1:
        return None
    text = shown.pop()
    if len(text) > _MAX_HEADING or not _SECTION_ORDINAL.match(text):
        return None
    words = _WS.sub("", text)
    return text if any(all(k in words for k in keywords) for keywords in SECTION_KEYWORDS) else None


def take_heading_row(table: Table) -> Para | None:
    """Take the section heading set as the table's first row out of it, as a paragraph located at
    that row; the rest of the table still points at its own rows in the source. None if there is none."""
    text = heading_row(table)
    if text is None:
        return None
    source = table.locate(0, 0)
    if table.sources is None:
        # Without sources a slot is located by its index in the grid, which dropping a row shifts.
        table.sources = [[table.locate(r, c) for c in range(len(row))] for r, row in enumerate(table.texts)]
    table.drop_rows(1)
    return Para(text, source)
