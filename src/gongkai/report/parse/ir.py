"""What every reader produces: a document as paragraphs and tables, each piece with its provenance.

Readers (text, HTML, DOCX, PDF) only turn bytes into this form; `assemble` finds sections and tables,
detects the template version and maps rows by their labels, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.report.model import Provenance


@dataclass(slots=True)
class Token:
    """One table cell as printed."""

    text: str
    source: Provenance
    # A slot that repeats a merged cell (rowspan/colspan continuation): skipped when mapping.
    merged: bool = False
    # False for words cut out of a plain text line: there a word that is not a number is never a cell.
    explicit: bool = True


@dataclass(slots=True)
class Para:
    """A line or paragraph of running text (headings included)."""

    text: str
    source: Provenance


@dataclass
class Table:
    """Cells of one source table. `bounded` is False when the layout lost the row boundaries
    (flattened web text): then `rows` holds a single row with every cell in reading order."""

    rows: list[list[Token]]
    source: Provenance
    bounded: bool = True


Block = Para | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"  # flat-text | pipe-rows | markdown | lines | html | docx | pdf
    name: str | None = None
    sha256: str | None = None
    # Reader-level notes (dropped page numbers, tracked changes …) that become info findings.
    notes: list[str] = field(default_factory=list)
