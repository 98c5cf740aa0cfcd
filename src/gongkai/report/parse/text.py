"""Reader for published text: flattened "|" cells, pipe rows, markdown tables, plain lines.

Each line is looked at on its own: a flattened cell ends in "|" (a lone run of pipes stands for that
many empty cells), a pipe row starts and ends with "|", anything else is running text. Tables printed
as plain lines are left as text here; `assemble` reads them by their labels.
"""

from __future__ import annotations

import re

from gongkai.report.model import Provenance
from gongkai.report.parse.ir import Document, Span, Table

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_text(text: str, name: str | None = None) -> Document:
    lines = text.splitlines()
    doc = Document(format="text", name=name, lines=lines)
    if "|" not in text:
        # Only running text and tables printed as lines (`assemble` reads them): each non-empty line
        # is a paragraph.
        stripped = [line.strip() for line in lines]
        doc.blocks = [line for line in stripped if line]
        doc.where = [number for number, line in enumerate(stripped, start=1) if line]
        doc.format = "lines"
        return doc
    blocks, where = doc.blocks, doc.where
    # The table being read: flattened cells (one row, boundaries lost) or pipe rows, with their spans.
    flat: list[str] = []
    flat_spans: list[Span] = []
    rows: list[list[str]] = []
    row_spans: list[list[Span]] = []
    kinds: set[str] = set()

    def flush() -> None:
        if flat:
            line, start, end = flat_spans[0]
            blocks.append(Table([flat[:]], Provenance("text", line, line, start, end), bounded=False,
                                sources=[flat_spans[:]]))
            where.append(None)
            flat.clear()
            flat_spans.clear()
            kinds.add("flat-text")
        if rows:
            first = next((spans[0] for spans in row_spans if spans), (0, 0, 0))
            blocks.append(Table(rows[:], Provenance("text", first[0], first[0], first[1], first[2]),
                                sources=row_spans[:]))
            where.append(None)
            rows.clear()
            row_spans.clear()
            kinds.add("pipe-rows")

    for line_no, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        bars = stripped.count("|")
        if not bars:
            if flat or rows:
                flush()
            blocks.append(stripped)
            where.append(line_no)
            continue
        if "-" in stripped and _SEPARATOR_ROW.match(stripped):
            kinds.add("markdown")
            continue
        if bars == len(stripped):
            if rows:
                flush()
            start = line.index("|")
            flat.extend([""] * bars)
            flat_spans.extend([(line_no, start + k, start + k + 1) for k in range(bars)])
            continue
        if bars == 1 and stripped[-1] == "|":
            # The common line of flattened web text: one cell ending in "|".
            if rows:
                flush()
            cell = line[:line.rindex("|")]
            text_end = len(cell.rstrip())
            start = len(cell) - len(cell.lstrip())
            flat.append(cell[start:text_end])
            flat_spans.append((line_no, start, text_end))
            continue
        if stripped[0] == "|" and bars >= 2:
            if flat:
                flush()
            texts, spans = _pipe_row(line, line_no)
            rows.append(texts)
            row_spans.append(spans)
            continue
        if flat or rows:
            flush()
        blocks.append(stripped)
        where.append(line_no)
    flush()
    doc.format = "+".join(sorted(kinds)) if kinds else "lines"
    return doc


def _pipe_row(line: str, line_no: int) -> tuple[list[str], list[Span]]:
    texts: list[str] = []
    spans: list[Span] = []
    # Cells sit between consecutive bars; text before the first or after the last bar is dropped.
    pieces = line.split("|")
    left = len(pieces[0])  # offset of the bar before the current cell
    for raw in pieces[1:-1]:
        text = raw.strip()
        start = left + 1 + (len(raw) - len(raw.lstrip()))
        texts.append(text)
        spans.append((line_no, start, start + len(text)))
        left += len(raw) + 1
    return texts, spans
