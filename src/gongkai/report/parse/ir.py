"""What every reader produces: a document as paragraphs and tables, each piece with its provenance.

Readers (text, HTML, DOCX, PDF) only turn bytes into this form; `assemble` finds sections and tables,
detects the template version and maps rows by their labels, the same way for every format.

A paragraph is its text and a table is a grid of texts: a report has hundreds of cells and lines,
and few of their Provenance objects are ever looked at, so each piece keeps only what it takes to
build its Provenance later (`Document.para_source`, `Table.locate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.report.model import Provenance


@dataclass(slots=True)
class Token:
    """One table slot with its provenance known at once: how the Word and PDF readers build a row
    before handing the grid to `Table.from_tokens`."""

    text: str
    source: Provenance
    # A slot that repeats a merged cell (rowspan/colspan continuation): skipped when mapping.
    merged: bool = False


@dataclass(slots=True)
class Para:
    """A paragraph with its provenance known at once (Word, PDF); `Document.add` files it."""

    text: str
    source: Provenance


class Table:
    """Cells of one source table as printed: `texts[r][c]`.

    `bounded` is False when the layout lost the row boundaries (flattened web text): then `texts`
    holds a single row with every cell in reading order. `merged` holds the (row, column) slots that
    continue a merged cell (rowspan/colspan): they repeat its text and are never values.

    Where a slot was read: `sources[r][c]` (Word, PDF); without `sources` (HTML), the slot's own
    table, row and column in the rebuilt grid. A reader that knows better overrides `locate`.
    """

    __slots__ = ("bounded", "merged", "source", "sources", "texts")

    def __init__(self, texts: list[list[str]], source: Provenance, bounded: bool = True,
                 merged: set[tuple[int, int]] | None = None,
                 sources: list[list[Provenance]] | None = None) -> None:
        self.texts = texts
        self.source = source
        self.bounded = bounded
        self.merged = merged or set()
        self.sources = sources

    @classmethod
    def from_tokens(cls, rows: list[list[Token]], source: Provenance, bounded: bool = True) -> Table:
        return cls([[t.text for t in row] for row in rows], source, bounded,
                   {(r, c) for r, row in enumerate(rows) for c, t in enumerate(row) if t.merged},
                   [[t.source for t in row] for row in rows])

    def locate(self, row: int, column: int) -> Provenance:
        """Where slot (row, column) was read."""
        if self.sources is None:
            return Provenance(self.source.format, table=self.source.table, row=row, column=column)
        return self.sources[row][column]

    @property
    def rows(self) -> list[list[Token]]:
        """The grid as Tokens (built on each call: for readers' own checks and for tests)."""
        return [[Token(text, self.locate(r, c), (r, c) in self.merged) for c, text in enumerate(row)]
                for r, row in enumerate(self.texts)]

    def drop_rows(self, n: int) -> None:
        """Remove the first n rows (a header repeated at the top of a continued table)."""
        del self.texts[:n]
        if self.sources is not None:
            del self.sources[:n]
        self.merged = {(r - n, c) for r, c in self.merged if r >= n}

    def keep_rows(self, n: int) -> None:
        """Remove every row after the first n (a label's half left at the foot of a page)."""
        del self.texts[n:]
        if self.sources is not None:
            del self.sources[n:]
        self.merged = {(r, c) for r, c in self.merged if r < n}


Block = str | Table


def file_line(numbers: list[int] | None, line: int) -> int:
    """The file's line number of line `line` (1-based) of the lines a text reader read: `numbers`
    (`Document.line_numbers`) maps them where a form feed split a line of the file."""
    return line if numbers is None else numbers[line - 1]


@dataclass
class Document:
    """Paragraph texts and tables in reading order.

    `where[i]` tells where paragraph block i was read: a Provenance, or for a text file the 1-based
    index of its line in `lines` (the lines as read, where its columns come from). It is None for tables.
    """

    blocks: list[Block] = field(default_factory=list)
    where: list[Any] = field(default_factory=list)
    format: str = "text"  # flat-text | pipe-rows | markdown | lines | html | docx | pdf
    name: str | None = None
    sha256: str | None = None
    # Reader-level notes (dropped page numbers, tracked changes …) that become info findings.
    notes: list[str] = field(default_factory=list)
    lines: list[str] | None = None
    # The file's line number (as an editor counts: only \n, \r\n and \r end a line) of each of `lines`,
    # where they differ from its index: a form feed inside a line ends a line of `lines` (a page ended
    # there), not one of the file. None when each of `lines` is the file's line of that number.
    line_numbers: list[int] | None = None
    # Block indices a page starts at: a form feed (what pdftotext prints between pages) stood between
    # block i - 1 and block i. A bare number next to one is as likely the page's number as a cell.
    page_breaks: set[int] = field(default_factory=set)
    # Pictures in the text, as (the index of the block they stand before, a name to show): a table
    # published as a picture has no cells to read, and the reader can at least say where it stood.
    images: list[tuple[int, str]] = field(default_factory=list)
    # Where a web page says the report is, when it does not hold it: the documents it links to
    # (附件：…pdf), the frames it embeds (a PDF viewer), and whether it runs scripts (which may fill
    # it in the browser). Only a message that no report was found uses them.
    attachments: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    scripted: bool = False

    def add_image(self, name: str | None) -> None:
        """A picture standing before the next block; `name` its file name or description, if any."""
        name = (name or "").strip()
        if name.startswith("data:"):
            name = ""  # a picture kept inside the page: its "name" is the picture itself
        name = name.split("?")[0].rstrip("/").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        self.images.append((len(self.blocks), name[:40] or "图片"))

    def add_attachment(self, href: str, text: str) -> None:
        """A link to a document (`href`), shown by its text or else its file name."""
        name = text.strip() or href.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        self.attachments.append(name[:60])

    def add(self, block: Para | Table) -> None:
        if isinstance(block, Para):
            self.blocks.append(block.text)
            self.where.append(block.source)
        else:
            self.blocks.append(block)
            self.where.append(None)

    def para_source(self, index: int) -> Provenance:
        """Where paragraph block `index` was read."""
        where = self.where[index]
        if where.__class__ is Provenance:
            return where
        line = self.lines[where - 1]  # type: ignore[index]
        start = len(line) - len(line.lstrip())
        where = file_line(self.line_numbers, where)
        return Provenance("text", where, where, start, start + len(self.blocks[index]))  # type: ignore[arg-type]

    def locate(self, index: int, word: tuple[str, int, int]) -> Provenance:
        """Where a word (text, start, end within the paragraph's text) of paragraph `index` was read."""
        base = self.para_source(index)
        if base.format == "text":
            shift = base.col_start or 0  # columns of the line, not of its stripped text
            return base.at_columns(shift + word[1], shift + word[2])
        return base.at_columns(word[1], word[2])

    def paragraphs(self) -> list[tuple[int, str]]:
        """(block index, text) of every paragraph."""
        return [(i, b) for i, b in enumerate(self.blocks) if b.__class__ is str]
