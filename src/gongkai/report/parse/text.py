"""Reader for published text: flattened "|" cells, pipe rows, markdown tables, plain lines.

Each line is looked at on its own: a flattened cell ends in "|" (a lone run of pipes stands for that
many empty cells), a pipe row starts and ends with "|", anything else is running text. Tables printed
as plain lines are left as text here; `assemble` reads them by their labels.
"""

from __future__ import annotations

import itertools
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
            doc.blocks.append(Table([list(flat)], flat[0].source, bounded=False))
            flat.clear()
            kinds.add("flat-text")
        if rows:
            doc.blocks.append(Table([list(r) for r in rows], rows[0][0].source if rows[0] else
                                    _source(0, 0, 0)))
            rows.clear()
            kinds.add("pipe-rows")

    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if "-" in stripped and "|" in stripped and _SEPARATOR_ROW.match(stripped):
            kinds.add("markdown")
            continue
        if "|" not in stripped:
            flush()
            start = len(line) - len(line.lstrip())
            doc.blocks.append(Para(stripped, Provenance("text", line_no, line_no, start, start + len(stripped))))
            continue
        if not stripped.strip("|"):
            if rows:
                flush()
            start = line.index("|")
            flat.extend(Token("", Provenance("text", line_no, line_no, start + k, start + k + 1))
                        for k in range(stripped.count("|")))
            continue
        if stripped[0] == "|" and stripped.count("|") >= 2:
            if flat:
                flush()
            rows.append(_pipe_row(line, line_no))
            continue
        if stripped[-1] == "|" and stripped.count("|") == 1:
            if rows:
                flush()
            end = line.rindex("|")
            cell = line[:end]
            start = len(cell) - len(cell.lstrip())
            flat.append(Token(cell.strip(), Provenance("text", line_no, line_no, start, len(cell.rstrip()))))
            continue
        flush()
        start = len(line) - len(line.lstrip())
        doc.blocks.append(Para(stripped, Provenance("text", line_no, line_no, start, start + len(stripped))))
    flush()
    doc.format = "+".join(sorted(kinds)) if kinds else "lines"
    return doc


def _pipe_row(line: str, line_no: int) -> list[Token]:
    tokens: list[Token] = []
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    # Cells sit between consecutive bars; text before the first or after the last bar is dropped.
    for left, right in itertools.pairwise(bars):
        raw = line[left + 1:right]
        start = left + 1 + (len(raw) - len(raw.lstrip()))
        text = raw.strip()
        tokens.append(Token(text, Provenance("text", line_no, line_no, start, start + len(text))))
    return tokens
