"""Reader for HTML pages: real tables rebuilt into grids (rowspan/colspan), text as paragraphs.

Page chrome (scripts, menus, page headers and footers, form controls) is dropped, and so is what a
browser does not show (deleted text, elements hidden by an inline style). A table that holds other
tables is a layout table: its content is read as the page around the inner tables.

White space is read as a browser lays it out: a newline in the source is a space (none between two
Chinese characters); only <br> and block boundaries break a paragraph, and <pre> keeps its lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import lxml.html
from lxml import etree

from gongkai.report.chars import INVISIBLE
from gongkai.report.model import Provenance
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.ir import Document, Para, Table

# Dropped with everything inside. A <form> is not: ASP.NET wraps a whole page in one, so only its
# controls go. Deleted text (<del>, Word's tracked deletions; <s>, <strike>) is not read either.
_DROP = ("script", "style", "noscript", "nav", "input", "select", "option", "button", "textarea",
         "iframe", "svg", "template", "del", "s", "strike")
# Elements marked for dropping while reading the tree (page <header>/<footer>, hidden elements).
_DROPPED = "gongkai-drop"
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                    "article", "main", "body", "blockquote", "pre", "dd", "dt", "dl", "center",
                    "table", "tr", "td", "th", "tbody", "thead", "caption", "title", "html", "form",
                    "header", "footer"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = frozenset({"span", "font", "a", "b", "i", "u", "em", "strong", "small", "big", "sup", "sub", "ins",
                     "label", "o:p"})
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
# Invisible characters that editors leave in text (UEditor's zero-width space, a byte-order mark
# pasted mid-text, soft hyphens): "\u200b18" must read as 18. A regex, not str.translate: it costs
# a tenth as much on text without any.
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# A newline in the source with the spaces and tabs around it (CSS Text 3 "segment break").
_SOURCE_NEWLINES = re.compile(r"[ \t]*\n[ \t\n]*")
# A segment break while a paragraph is gathered: NUL never comes out of the parser (it turns one
# into U+FFFD), so it cannot be confused with the page's own text.
_BREAK = "\x00"
_BREAKS = re.compile(r"[ \t]*\x00[ \t\x00]*")
_WIDE = frozenset({"W", "F", "H"})
# An inline style that hides its element; a "display"/"visibility" found in the page is checked
# against _HIDES_AFTER before any element is looked at.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_HIDES_AFTER = re.compile(r"\s*:\s*(?:none|hidden)\b", re.IGNORECASE)
_STYLED = etree.XPath("//*[@style]")
_TEXT_BEFORE = etree.XPath("preceding::text()[normalize-space()][1]")
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
    _mark_unseen(root, text)
    # Chrome goes with everything inside it; the text after it stays where it was.
    etree.strip_elements(root, *_DROP, _DROPPED, with_tail=False)
    _bracket_cell_marks(root)
    doc = Document(format="html", name=name)
    reader = _Walker(doc)
    body = root.find("body")
    reader.walk(body if body is not None else root)
    reader.flush()
    return doc


def _mark_unseen(root: etree._Element, text: str) -> None:
    """Mark for dropping what a reader of the page does not see as the report: the site's header and
    footer (an <article>'s or <main>'s own keep the title and signature), and hidden elements."""
    for element in root.iter("header", "footer"):
        if next(element.iterancestors("article", "main"), None) is None:
            element.tag = _DROPPED
    if _hides(text):
        for element in _STYLED(root):
            # Only text-level elements: a hidden <span> is a watermark or Word's hidden text, while
            # a hidden <div> is often the article itself, shown by the page's script.
            if element.tag in _INLINE and _HIDDEN_STYLE.search(element.get("style")):
                element.tag = _DROPPED


def _hides(text: str) -> bool:
    """Whether an inline style in the page may hide an element (most pages have none, and looking
    at every styled element of a Word page costs as much as reading it). Each word costs a scan of
    the page, so only the lower case is looked for."""
    for word in ("display", "visibility"):
        at = text.find(word)
        while at != -1:
            # Inside a tag (an attribute), not in a style sheet's rules.
            if _HIDES_AFTER.match(text, at + len(word)) and text.rfind("<", 0, at) > text.rfind(">", 0, at):
                return True
            at = text.find(word, at + len(word))
    return False


def _bracket_cell_marks(root: etree._Element) -> None:
    """A superscript or subscript after a number in a table cell is a remark printed apart from the
    value: "137" with footnote mark 1 reads "137（1）" (the annotated number 137), not 1371. After a
    label the mark runs on as before ("行政许可1"), which label matching already reads."""
    grids: dict[etree._Element, bool] = {}
    for mark in root.iter("sup", "sub"):
        cell = next(mark.iterancestors("td", "th"), None)
        if cell is None:
            continue  # a paragraph's mark stays as printed
        table = next(cell.iterancestors("table"), None)
        if table is None:
            continue
        grid = grids.get(table)
        if grid is None:
            grid = grids[table] = next(table.iterdescendants("table"), None) is None
        content = "".join(mark.itertext()).strip()
        if not grid or not content or content[0] in "（(［[【" or not _after_number(mark, cell):
            continue  # a layout table's cell is page text; an empty or bracketed mark needs nothing
        mark.text = "（" + (mark.text or "")
        if len(mark):
            mark[-1].tail = (mark[-1].tail or "") + "）"
        else:
            mark.text += "）"


def _after_number(mark: etree._Element, cell: etree._Element) -> bool:
    """Whether the cell's printed text right before the mark ends with a digit."""
    found = _TEXT_BEFORE(mark)
    if not found:
        return False
    before = found[0]
    owner = before.getparent()
    if owner is cell:
        inside = not before.is_tail
    else:
        inside = owner is not None and any(ancestor is cell for ancestor in owner.iterancestors("td", "th"))
    text = _INVISIBLE.sub("", before).rstrip()
    return inside and text[-1:].isdecimal()


def _wide(char: str) -> bool:
    # East Asian wide characters except Hangul, whose words are spaced (CSS Text 3, segment breaks).
    return unicodedata.east_asian_width(char) in _WIDE and not ("\u1100" <= char <= "\u11ff"
                                                                  or "\u3130" <= char <= "\u318f"
                                                                  or "\uac00" <= char <= "\ud7af")


def _join_at_break(match: re.Match[str]) -> str:
    """A source newline (with the white space around it) as a browser shows it: nothing between two
    wide characters, so a Chinese sentence wrapped in the source runs on; a space otherwise."""
    text = match.string
    start, end = match.span()
    if start and end < len(text) and _wide(text[start - 1]) and _wide(text[end]):
        return ""
    return " "


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buffer: list[str] = []
        self.tables = 0
        self.paras = 0
        self.headings = 0  # h1-h6 open around the text being read
        self.pre = 0  # <pre> open around it

    def _source(self, text: str) -> str:
        """A text node with newlines as gathered: outside <pre> they become segment breaks."""
        if self.pre:
            return text
        if not text.strip(" \t\n"):
            return _BREAK  # the common one: indentation between elements
        return _SOURCE_NEWLINES.sub(_BREAK, text)

    def flush(self) -> None:
        if not self.buffer:
            return
        # Breaks at either end only meet white space, which is stripped anyway.
        text = _INVISIBLE.sub("", "".join(self.buffer)).strip(" \t\x00")
        self.buffer.clear()
        if _BREAK in text:
            text = _BREAKS.sub(_join_at_break, text)
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
            block = tag in _BLOCK
            if block:
                self.flush()
                heading = tag in _HEADINGS
                pre = tag == "pre"
                self.headings += heading
                self.pre += pre
            elif tag == "br":
                # A <br> inside a heading only wraps its line: the heading stays one paragraph.
                self.buffer.append(_BREAK if self.headings else "\n")
            text = element.text
            if text and tag != "table":
                self.buffer.append(self._source(text) if "\n" in text else text)
            for child in element:
                self.walk(child)
                tail = child.tail
                if tail:
                    self.buffer.append(self._source(tail) if "\n" in tail else tail)
            if block:
                self.flush()
                self.headings -= heading
                self.pre -= pre

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
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if "\n" in text:
        text = _SOURCE_NEWLINES.sub(_join_at_break, text)
    return _WS.sub(" ", text).strip()
