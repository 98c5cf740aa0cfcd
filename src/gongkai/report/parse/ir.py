"""What every reader produces: a document as paragraphs and tables, each piece with its provenance.

Readers (text, HTML, DOCX, PDF) only turn bytes into this form; `assemble` finds sections and tables,
detects the template version and maps rows by their labels, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.report.model import Provenance


class Token:
    """One table cell as printed.

    A token read from a text line or an HTML grid keeps only where it was (line and span, or table,
    row and column); its Provenance is built when somebody asks for it: a report reads hundreds of
    tokens and keeps the sources of few.
    """

    __slots__ = ("_lazy", "_source", "explicit", "merged", "text")

    text: str
    # A slot that repeats a merged cell (rowspan/colspan continuation): skipped when mapping.
    merged: bool
    # False for words cut out of a plain text line: there a word that is not a number is never a cell.
    explicit: bool

    def __init__(self, text: str, source: Provenance, merged: bool = False, explicit: bool = True) -> None:
        self.text = text
        self.merged = merged
        self.explicit = explicit
        self._source: Provenance | None = source
        self._lazy: tuple[object, int, int, int] | None = None

    @classmethod
    def span(cls, text: str, line: int, start: int, end: int, base: Provenance | None = None,
             explicit: bool = True) -> Token:
        """A token at characters start:end of a text line: of `base` (a paragraph) or of line `line`."""
        token = _new(cls)
        token.text = text
        token.merged = False
        token.explicit = explicit
        token._source = None
        token._lazy = (base, line, start, end)
        return token

    @classmethod
    def grid(cls, text: str, table: int, row: int, column: int, merged: bool = False) -> Token:
        """A slot of an HTML table's rebuilt grid."""
        token = _new(cls)
        token.text = text
        token.merged = merged
        token.explicit = True
        token._source = None
        token._lazy = (_HTML, table, row, column)
        return token

    @property
    def source(self) -> Provenance:
        source = self._source
        if source is None:
            where, a, b, c = self._lazy  # type: ignore[misc]
            if where is None:
                source = Provenance("text", a, a, b, c)
            elif where is _HTML:
                source = Provenance("html", None, None, None, None, a, b, c)
            else:
                source = where.at_columns(b, c)  # type: ignore[attr-defined]
            self._source = source
        return source

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Token:
            return NotImplemented
        return (self.text, self.source, self.merged, self.explicit) == (
            other.text, other.source, other.merged, other.explicit)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    def __repr__(self) -> str:
        return f"Token(text={self.text!r}, source={self.source!r}, merged={self.merged}, explicit={self.explicit})"


_HTML = "html"
_new = object.__new__


class Para:
    """A line or paragraph of running text (headings included).

    A line of a text file keeps only its line number and span until its Provenance is asked for.
    """

    __slots__ = ("_end", "_line", "_source", "_start", "text")

    text: str

    def __init__(self, text: str, source: Provenance) -> None:
        self.text = text
        self._source: Provenance | None = source
        self._line = self._start = self._end = 0

    @classmethod
    def line(cls, text: str, line: int, start: int, end: int) -> Para:
        para = _new(cls)
        para.text = text
        para._source = None
        para._line = line
        para._start = start
        para._end = end
        return para

    @property
    def source(self) -> Provenance:
        source = self._source
        if source is None:
            source = self._source = Provenance("text", self._line, self._line, self._start, self._end)
        return source

    def words(self, spans: tuple[tuple[str, int, int], ...]) -> list[Token]:
        """Tokens for the (text, start, end) spans of this paragraph, their Provenance not built yet."""
        base = self._source
        line = self._line
        out = []
        for text, start, end in spans:
            token = _new(Token)
            token.text = text
            token.merged = False
            token.explicit = False  # a word of a plain line, not a printed cell
            token._source = None
            token._lazy = (base, line, start, end)
            out.append(token)
        return out

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Para:
            return NotImplemented
        return (self.text, self.source) == (other.text, other.source)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Para(text={self.text!r}, source={self.source!r})"


@dataclass
class Table:
    """Cells of one source table. `bounded` is False when the layout lost the row boundaries
    (flattened web text): then `rows` holds a single row with every cell in reading order."""

    rows: list[list[Token]]
    source: Provenance
    bounded: bool = True
    merged: bool = True  # False when the reader knows no slot is a merged-cell continuation


Block = Para | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"  # flat-text | pipe-rows | markdown | lines | html | docx | pdf
    name: str | None = None
    sha256: str | None = None
    # Reader-level notes (dropped page numbers, tracked changes …) that become info findings.
    notes: list[str] = field(default_factory=list)
