"""Reader for published text: flattened "|" cells, pipe rows, markdown tables, plain lines.

Each line is looked at on its own: a flattened cell ends in "|" (a lone run of pipes stands for that
many empty cells), a pipe row starts and ends with "|", anything else is running text. Tables printed
as plain lines are left as text here; `assemble` reads them by their labels.
"""

from __future__ import annotations

import re

from gongkai.report.model import Provenance
from gongkai.report.parse.ir import Document, Para, Table, Token

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _source(line_no: int, start: int, end: int) -> Provenance:
    return Provenance("text", line_no, line_no, start, end)


def read_text(text: str, name: str | None = None) -> Document:
    doc = Document(format="text", name=name)
    flat: list[Token] = []  # flattened cells of the table being read
    rows: list[list[Token]] = []  # pipe rows of the table being read
    kinds: set[str] = set()

    def flush() -> None:
        if flat:
            doc.blocks.append(Table([list(flat)], flat[0].source, bounded=False, merged=False))
            flat.clear()
            kinds.add("flat-text")
        if rows:
            doc.blocks.append(Table([list(r) for r in rows], rows[0][0].source if rows[0] else
                                    _source(0, 0, 0), merged=False))
            rows.clear()
            kinds.add("pipe-rows")

    blocks = doc.blocks
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        bars = stripped.count("|")
        if not bars:
            flush()
            start = len(line) - len(line.lstrip())
            blocks.append(Para.line(stripped, line_no, start, start + len(stripped)))
            continue
        if "-" in stripped and _SEPARATOR_ROW.match(stripped):
            kinds.add("markdown")
            continue
        if bars == len(stripped):
            if rows:
                flush()
            start = line.index("|")
            flat.extend(Token.span("", line_no, start + k, start + k + 1) for k in range(bars))
            continue
        if bars == 1 and stripped[-1] == "|":
            # The common line of flattened web text: one cell ending in "|".
            if rows:
                flush()
            cell = line[:line.rindex("|")]
            text_end = len(cell.rstrip())
            start = len(cell) - len(cell.lstrip())
            flat.append(Token.span(cell[start:text_end], line_no, start, text_end))
            continue
        if stripped[0] == "|" and bars >= 2:
            if flat:
                flush()
            rows.append(_pipe_row(line, line_no))
            continue
        flush()
        start = len(line) - len(line.lstrip())
        blocks.append(Para.line(stripped, line_no, start, start + len(stripped)))
    flush()
    doc.format = "+".join(sorted(kinds)) if kinds else "lines"
    return doc


def _pipe_row(line: str, line_no: int) -> list[Token]:
    tokens: list[Token] = []
    # Cells sit between consecutive bars; text before the first or after the last bar is dropped.
    pieces = line.split("|")
    left = len(pieces[0])  # offset of the bar before the current cell
    for raw in pieces[1:-1]:
        text = raw.strip()
        start = left + 1 + (len(raw) - len(raw.lstrip()))
        tokens.append(Token.span(text, line_no, start, start + len(text)))
        left += len(raw) + 1
    return tokens
