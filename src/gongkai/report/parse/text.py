"""Reader for published text: flattened "|" cells, pipe rows, markdown tables, plain lines.

Each line is looked at on its own: a flattened cell ends in "|" (a lone run of pipes stands for that
many empty cells), a pipe row starts and ends with "|", anything else is running text. Tables printed
as plain lines are left as text here; `assemble` reads them by their labels.

A cell's column span is worked out from its line when its provenance is asked for, not for every cell.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress

from gongkai.report.model import Provenance
from gongkai.report.parse.furniture import is_bare_number, is_page_number, running_header
from gongkai.report.parse.ir import Document, Table, file_line

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# GFM also allows one dash ("|-|:-:|"), which a row of "-" placeholders prints too: only the line
# right under a table's first row is taken for that separator.
_SHORT_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# What converters from Word or HTML leave inside markdown table cells: line breaks as <br> (a wrapped
# label runs on, as in an HTML cell), inline tags, and emphasis (a bold 总计 row).
_CELL_MARKUP = re.compile(r"<br\s*/?>|</?(?:b|strong|i|em|u|span|font|sup|sub)\b[^>]*>|\*\*|__", re.IGNORECASE)


def _row_cells(line: str, stripped: str) -> list[str]:
    """A row's cells: what stands between bars, the opening and the closing bar each optional (GFM)."""
    pieces = line.split("|")[1 if stripped[0] == "|" else 0:-1 if stripped[-1] == "|" else None]
    if not _has_markup(line):
        return [piece.strip() for piece in pieces]  # the common row: no markup in any cell
    return list(map(_pipe_cell, pieces))


def _has_markup(text: str) -> bool:
    # Three scans in C; a set of the characters would build a string per character of the text.
    return "<" in text or "*" in text or "_" in text


def _pipe_cell(piece: str) -> str:
    text = piece.strip()
    if not _has_markup(text):
        return text
    return _CELL_MARKUP.sub("", text).strip()


def _page_number(line: str) -> bool:
    # A number alone on its line ("6") or a decorated one ("- 6 -", "第6页", "6/12").
    return is_bare_number(line) if line.isdigit() else is_page_number(line)


# What `str.splitlines` ends a line at besides \n, \r\n and \r. An editor, `grep -n` and `sed -n` end
# a line at none of them, and provenance gives their line numbers.
_OTHER_BREAKS = "\f\v\x1c\x1d\x1e\x85\u2028\u2029"
# Inside a line these are white space: a soft line break (Word's \v, U+2028) wraps a cell or a
# sentence, it does not end it. One character for one keeps the columns.
_AS_SPACE = str.maketrans(dict.fromkeys(map(ord, _OTHER_BREAKS[1:]), " "))


def _split_lines(text: str) -> tuple[list[str], list[int] | None, list[int]]:
    """The lines to read, the file's line number of each where it is not its position, and the
    1-based lines (of the lines to read) a page starts at.

    A form feed (what pdftotext prints between pages) ends a line to read but none of the file: the
    text after it is read as a line of its own, on a new page, led by spaces where the file's line
    has the text before it, so that its columns stay the file's.
    """
    if not any(map(text.__contains__, _OTHER_BREAKS)):
        return text.splitlines(), None, []  # the common text: its lines are the file's
    lines = text.translate(_AS_SPACE).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\f" not in text:
        return lines, None, []
    read: list[str] = []
    numbers: list[int] = []
    starts: list[int] = []
    for number, line in enumerate(lines, start=1):
        if "\f" not in line:
            read.append(line)
            numbers.append(number)
            continue
        column = 0
        for k, piece in enumerate(line.split("\f")):
            if k:
                starts.append(len(read) + 1)
            read.append(" " * column + piece)
            numbers.append(number)
            column += len(piece) + 1
    return read, numbers, starts


def _page_breaks(starts: list[int], first: list[int], last: list[int]) -> set[int]:
    """Block indices a page starts at, given each block's first and last line: a page that starts
    inside a table (between its rows) starts at no block."""
    breaks: set[int] = set()
    for line in starts:
        i = bisect_left(first, line)
        if i == 0 or last[i - 1] < line:
            breaks.add(i)
    return breaks


class FlatTable(Table):
    """Flattened cells, one row in reading order. `where[c]` is the 1-based line (of `lines`, the
    lines read) of a "text|" cell, or (line, k) for the k-th empty cell of a run of pipes or the
    k-th of several cells run onto one line. `numbers`
    gives the file's line number of each of `lines` where it is not its position (`_split_lines`)."""

    __slots__ = ("lines", "numbers", "where")

    def __init__(self, texts: list[str], where: list[int | tuple[int, int]], lines: list[str],
                 numbers: list[int] | None = None) -> None:
        first = where[0]
        line_no = first if isinstance(first, int) else first[0]
        line_no = file_line(numbers, line_no)
        super().__init__([texts], Provenance("text", line_no, line_no), bounded=False)
        self.where = where
        self.lines = lines
        self.numbers = numbers

    def locate(self, row: int, column: int) -> Provenance:
        where = self.where[column]
        if isinstance(where, tuple):
            line_no, k = where
            line = self.lines[line_no - 1]
            file_no = file_line(self.numbers, line_no)
            if line.strip().strip("|"):
                # The k-th of several cells run onto one line: its text between two bars.
                pieces = line.split("|")
                start = sum(len(piece) + 1 for piece in pieces[:k])
                text = pieces[k]
                start += len(text) - len(text.lstrip())
                return Provenance("text", file_no, file_no, start, start + len(text.strip()))
            start = line.index("|") + k
            return Provenance("text", file_no, file_no, start, start + 1)
        cell = self.lines[where - 1]
        cell = cell[:cell.rindex("|")]
        start = len(cell) - len(cell.lstrip())
        where = file_line(self.numbers, where)
        return Provenance("text", where, where, start, len(cell.rstrip()))


class PipeTable(Table):
    """Rows printed between pipes ("| a | b |", markdown). `where[r]` is row r's 1-based line (of
    `lines`; `numbers` as for FlatTable)."""

    __slots__ = ("lines", "numbers", "where")

    def __init__(self, rows: list[list[str]], where: list[int], lines: list[str],
                 numbers: list[int] | None = None) -> None:
        first = file_line(numbers, where[0])
        super().__init__(rows, Provenance("text", first, first))
        self.where = where
        self.lines = lines
        self.numbers = numbers

    def locate(self, row: int, column: int) -> Provenance:
        line_no = self.where[row]
        line = self.lines[line_no - 1]
        line_no = file_line(self.numbers, line_no)
        pieces = line.split("|")
        # Cell c is piece c + 1 after an opening bar, else piece c (GFM lets a row go without one).
        k = column + 1 if line.lstrip().startswith("|") else column
        left = sum(len(piece) + 1 for piece in pieces[:k])
        raw = pieces[k]
        start = left + len(raw) - len(raw.lstrip())
        return Provenance("text", line_no, line_no, start, start + len(raw.strip()))


def _line_span(block: str | Table, where: int | None) -> tuple[int, int]:
    """The first and last line of a block: a paragraph's own, a table's first and last row's."""
    if isinstance(block, FlatTable | PipeTable):
        first, last = block.where[0], block.where[-1]
        return first if isinstance(first, int) else first[0], last if isinstance(last, int) else last[0]
    return where, where  # type: ignore[return-value]


def read_text(text: str, name: str | None = None) -> Document:
    if "｜" in text:
        text = text.replace("｜", "|")  # a full-width bar separates cells as well (one character each)
    lines, numbers, starts = _split_lines(text)
    doc = Document(format="text", name=name, lines=lines, line_numbers=numbers)
    if "|" not in text:
        # Only running text and tables printed as lines (`assemble` reads them): each non-empty line
        # is a paragraph.
        trimmed = list(map(str.strip, lines))
        doc.blocks = list(filter(None, trimmed))
        doc.where = list(compress(range(1, len(trimmed) + 1), trimmed))
        doc.format = "lines"
        if starts:
            doc.page_breaks = _page_breaks(starts, doc.where, doc.where)
        return doc
    blocks, where = doc.blocks, doc.where
    # The table being read: flattened cells (one row, boundaries lost) or pipe rows, with their lines.
    flat: list[str] = []
    flat_where: list[int | tuple[int, int]] = []
    rows: list[list[str]] = []
    row_lines: list[int] = []
    kinds: set[str] = set()
    # Since the last pipe row only lines a page break leaves (running headers, headings; no sentence):
    # a number standing alone there is the page's number, never a cell of a table printed in rows.
    paging = False

    def flush() -> None:
        if flat:
            blocks.append(FlatTable(flat[:], flat_where[:], lines, numbers))
            where.append(None)
            flat.clear()
            flat_where.clear()
            kinds.add("flat-text")
        if rows:
            blocks.append(PipeTable(rows[:], row_lines[:], lines, numbers))
            where.append(None)
            rows.clear()
            row_lines.clear()
            kinds.add("pipe-rows")

    for line_no, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        bars = stripped.count("|")
        if not bars:
            if paging:
                if _page_number(stripped):
                    doc.notes.append(f"第{file_line(numbers, line_no)}行："
                                     f"表格行之间的页码「{stripped}」已略去")
                    continue  # the table goes on after it: still one table
                # Past a running header the page break goes on; anything else (a label printed as
                # text, prose) ends it, and a number after that may be a cell.
                paging = running_header(stripped)
            if flat or rows:
                flush()
            blocks.append(stripped)
            where.append(line_no)
            continue
        if bars == 1 and stripped[-1] == "|":
            # The common line of flattened web text: one cell ending in "|".
            if rows:
                flush()
            flat.append(line[:line.rindex("|")].strip())
            flat_where.append(line_no)
            continue
        if flat and stripped[-1] == "|" and stripped[0] != "|":
            # Cells of flattened text run onto one line ("1 |0 |": a line break lost in copying).
            pieces = line[:line.rindex("|")].split("|")
            flat.extend(piece.strip() for piece in pieces)
            flat_where.extend((line_no, k) for k in range(len(pieces)))
            continue
        if "-" in stripped and (_SEPARATOR_ROW.match(stripped) or (
                len(rows) == 1 and row_lines[0] == line_no - 1 and _SHORT_SEPARATOR_ROW.match(stripped))):
            kinds.add("markdown")
            previous = blocks[-1] if blocks and where[-1] == line_no - 1 else None
            if not rows and not flat and previous.__class__ is str and "|" in previous:
                # A table without outer bars ("a | b"): its first row was taken for text.
                blocks.pop()
                where.pop()
                rows.append(_row_cells(lines[line_no - 2], previous))
                row_lines.append(line_no - 1)
            continue
        if bars == len(stripped):
            if rows:
                flush()
            flat.extend([""] * bars)
            flat_where.extend([(line_no, k) for k in range(bars)])
            continue
        if (stripped[0] == "|" and bars >= 2) or rows:
            # A row between bars; inside a table, also a row without its opening bar ("a | b").
            if flat:
                flush()
            rows.append(_row_cells(line, stripped))
            row_lines.append(line_no)
            paging = True
            continue
        if flat or rows:
            flush()
        blocks.append(stripped)
        where.append(line_no)
    flush()
    doc.format = "+".join(sorted(kinds)) if kinds else "lines"
    if starts:
        spans = list(map(_line_span, blocks, where))
        doc.page_breaks = _page_breaks(starts, [a for a, _ in spans], [b for _, b in spans])
    return doc
