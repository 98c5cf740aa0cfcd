"""Reader for HTML pages: real tables rebuilt into grids (rowspan/colspan), text as paragraphs.

Page chrome (scripts, menus, headers, footers, forms) is dropped. A table that holds other tables is
a layout table: its content is read as the page around the inner tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
from lxml import etree

from gongkai.report.model import Provenance
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.ir import Document, Para, Table

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "select", "button",
         "iframe", "svg", "template")
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                    "article", "main", "body", "blockquote", "pre", "dd", "dt", "dl", "center",
                    "table", "tr", "td", "th", "tbody", "thead", "caption", "title", "html"})
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
MAX_GRID_SLOTS = 200_000  # a hostile rowspan/colspan must not allocate millions of slots
# The same parser settings as lxml.html's, but plain elements: lxml.html looks up a Python element
# class for every element touched, which cost more than the rest of reading a table. Comments are
# left out while parsing, so the text around one (Word's <!--StartFragment-->) runs on unbroken.
_PARSER = etree.HTMLParser(remove_comments=True)
_CELL_TAGS = frozenset({"td", "th"})


# XHTML pages open with one; lxml refuses an encoding declaration in text already decoded.
_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]*\?>")


def read_html(text: str, name: str | None = None) -> Document:
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        text = text[declaration.end():]
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ReportParseError(f"{name or '输入'}：无法解析为 HTML（{exc}）") from None
    # Chrome goes with everything inside it; the text after it stays where it was.
    etree.strip_elements(root, *_DROP, with_tail=False)
    doc = Document(format="html", name=name)
    reader = _Walker(doc)
    body = root.find("body")
    reader.walk(body if body is not None else root)
    reader.flush()
    return doc


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buffer: list[str] = []
        self.tables = 0
        self.paras = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        for line in text.split("\n"):
            line = _WS.sub(" ", line).strip()
            if line:
                self.paras += 1
                self.doc.add(Para(line, Provenance(format="html", row=self.paras - 1, note="段落")))

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and next(element.iterdescendants("table"), None) is None:
            self.flush()
            self.doc.add(self._grid(element))
        else:
            if tag in _BLOCK:
                self.flush()
            if tag == "br":
                self.buffer.append("\n")
            if element.text and tag != "table":
                self.buffer.append(element.text)
            for child in element:
                self.walk(child)
                if child.tail:
                    self.buffer.append(child.tail)
            if tag in _BLOCK:
                self.flush()

    def _grid(self, table: etree._Element) -> Table:
        index = self.tables
        self.tables += 1
        rows = list(table.iter("tr"))
        n_rows_printed = len(rows)
        # Slots of later rows already taken by a rowspan from above: row -> {column: text}.
        below: dict[int, dict[int, str]] = {}
        texts: list[list[str]] = []
        merged: set[tuple[int, int]] = set()  # slots that continue a merged cell
        slots = 0
        too_big = f"{self.doc.name or '输入'}：第{index + 1}个表格的合并单元格展开后过大，不予读取"
        for r, tr in enumerate(rows):
            taken = below.pop(r, None)
            row: dict[int, str] = taken if taken is not None else {}
            c = 0
            for cell in tr:
                if cell.tag not in _CELL_TAGS:
                    continue  # iterchildren(tag) would skip these too, but costs more per cell
                while c in row:
                    c += 1
                text = _clean(cell.text or "") if not len(cell) else _cell_text(cell)
                rowspan_attr = cell.get("rowspan")
                colspan_attr = cell.get("colspan")
                if rowspan_attr is None and colspan_attr is None:
                    # The common cell: one slot, nothing merged.
                    slots += 1
                    if slots > MAX_GRID_SLOTS:
                        raise ReportParseError(too_big)
                    row[c] = text
                    c += 1
                    continue
                # A span never reaches past the table's last row (as browsers clip it).
                rowspan = min(_span(rowspan_attr), n_rows_printed - r)
                colspan = _span(colspan_attr)
                slots += rowspan * colspan
                if slots > MAX_GRID_SLOTS:
                    raise ReportParseError(too_big)
                for dc in range(colspan):
                    row[c + dc] = text
                    if dc:
                        merged.add((r, c + dc))
                for dr in range(1, rowspan):
                    lower = below.setdefault(r + dr, {})
                    for dc in range(colspan):
                        lower[c + dc] = text
                        merged.add((r + dr, c + dc))
                c += colspan
            if not row:
                texts.append([])
                continue
            width = max(row) + 1
            if len(row) == width:  # no gap
                # Filled left to right, or partly from above (then out of order).
                texts.append(list(row.values()) if taken is None else list(map(row.__getitem__, range(width))))
            else:
                # A column no cell reached is an empty slot that is never a value (marked merged).
                texts.append([row.get(k, "") for k in range(width)])
                merged.update((r, k) for k in range(width) if k not in row)
        while texts and not texts[-1]:
            texts.pop()  # rows without any slot at the end of the table are not rows of the grid
        return Table(texts, Provenance(format="html", table=index), merged=merged)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))  # a hostile rowspan must not allocate millions
    except ValueError:
        return 1


def _cell_text(cell: etree._Element) -> str:
    # <br> inside a cell only wraps a label ("本年新<br/>制作数量"); the words run on.
    if len(cell):
        return _clean("".join(cell.itertext()))
    return _clean(cell.text or "")


@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    """One cell's printed text with its whitespace runs folded (cells repeat: "0", labels)."""
    return _WS.sub(" ", text.replace("\n", " ")).strip()
