"""Reader for HTML pages: real tables rebuilt into grids (rowspan/colspan), text as paragraphs.

Page chrome (scripts, menus, page headers and footers, form controls) is dropped, and so is what a
browser does not show (deleted text; text, rows and cells hidden by an inline style, the hidden
attribute, a zero font size or a rule of the page's own style sheet; a hidden copy of a table the
page shows). A table that holds other
tables is a layout table: its content is read as the page around the inner tables, unless they are
one-cell boxes around a cell's words. A one-cell table around page text is read as that text, and a
table's caption or a section heading set as its first row is a paragraph before the table.

White space is read as a browser lays it out: a newline in the source is a space (none between two
Chinese characters); only <br> and block boundaries break a paragraph, and <pre> keeps its lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import lxml.html
from lxml import etree

from gongkai.report.chars import INVISIBLE_CHARS
from gongkai.report.model import Provenance
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.headings import take_heading_row
from gongkai.report.parse.ir import Document, Para, Table

# Dropped with everything inside. A <form> is not: ASP.NET wraps a whole page in one, so only its
# controls go. Deleted text (<del>, Word's tracked deletions; <s>, <strike>) is not read either.
_DROP = ("script", "style", "noscript", "nav", "input", "select", "option", "button", "textarea",
         "iframe", "svg", "template", "del", "s", "strike")
# A page may embed the report instead of holding it: a PDF viewer in a frame, an <embed>ded file.
_FRAMES = ("iframe", "frame", "embed", "object")
_FRAME_MARKS = tuple(f"<{tag}" for tag in _FRAMES) + tuple(f"<{tag.upper()}" for tag in _FRAMES)
# A link to a document (附件), by its name's ending: the report a page links to instead of holding it.
_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|wps|ofd|xlsx?|et|zip|rar|7z)(?:$|[?#])", re.IGNORECASE)
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
# A newline in the source with the spaces and tabs around it (CSS Text 3 "segment break").
_SOURCE_NEWLINES = re.compile(r"[ \t]*\n[ \t\n]*")
# A segment break while a paragraph is gathered: NUL never comes out of the parser (it turns one
# into U+FFFD), so it cannot be confused with the page's own text.
_BREAK = "\x00"
_BREAKS = re.compile(r"[ \t]*\x00[ \t\x00]*")
_WIDE = frozenset({"W", "F", "H"})
# What a browser does not show: an inline style with display:none or visibility:hidden, and the
# hidden attribute. The page is searched for them first (_hides), so a page without any pays only
# for a few substring scans.
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b")
# A zero font size hides the element's own text (an anti-copy digit between the real ones, a
# watermark); a child that sets a size of its own is shown again.
_ZERO_SIZE = re.compile(r"\s*:\s*0+(?:\.0*)?(?![.\d])")
_SHOWN, _HIDDEN, _ZERO_FONT = 0, 1, 2
_HIDES_AFTER = re.compile(r"\s*:\s*none\b", re.IGNORECASE)
_ZERO_AFTER = re.compile(r"0*(?:\.0*)?(?![.\d])")
# Looked for in a page with inline styles, each with what must follow it. A zero size is looked for
# whole ("size:0"): Word gives every run a font size, and a check at each would cost more than the
# scans. visibility:hidden is found by its value, with the hidden attribute (_hidden_at).
# Internet Explorer wrote the names of properties in capitals, and a space after the colon.
_HIDING_WORDS = (("isplay", _HIDES_AFTER), ("ISPLAY", _HIDES_AFTER), ("size:0", _ZERO_AFTER),
                 ("size: 0", _ZERO_AFTER), ("SIZE: 0", _ZERO_AFTER))
_VISIBILITY_BEFORE = re.compile(r"visibility\s*:\s*$", re.IGNORECASE)
_AFTER_ATTRIBUTE = frozenset(" =>/\n\t\r")
_SIZED = re.compile(r"font-size\s*:", re.IGNORECASE)
_MAY_HIDE = etree.XPath("//*[@style or @hidden]")
_MAY_HIDE_OR_MATCH = etree.XPath("//*[@style or @hidden or @class or @id]")
_MATCHABLE = etree.XPath("//*[@class or @id]")
# A page's <style> hides by class or id as an inline style does (an anti-copy digit in
# <span class="hide">, a print copy in <div id="print">). A sheet is read only if it holds a
# declaration that hides: "none" and "hidden" alone are in most sheets (border:none, overflow:hidden).
# Looked for by value, in lower case or capitals (a case-blind regex over a sheet costs a tenth of
# reading the page): "none" and "hidden" after the property, a zero size whole, as in _hides.
_SHEET_VALUES = ("none", "hidden")
_SHEET_ZERO_SIZES = ("size:0", "size: 0")
_HIDING_PROPERTIES = ("display:", "visibility:")
_CSS_SPACE = str.maketrans("", "", " \t\r\n")
# Comments, and the <!-- --> that old pages wrap a sheet in (CSS skips both).
_CSS_COMMENT = re.compile(r"/\*.*?\*/|<!--|-->", re.S)
_CSS_BRACE = re.compile(r"[{}]")
# A declaration that hides, in a rule's lower-cased declarations; !important beats an inline style.
_SHEET_HIDING = re.compile(r"(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden|"
                           r"font-size\s*:\s*0+(?:\.0*)?(?![.\d])[a-z%]*)\s*(!\s*important)?\s*(?=;|$)")
# A font size other than zero (font-size or the font shorthand): a child shown in a zero-size parent.
_SHEET_SIZED = re.compile(r"(?:^|;)\s*font(?:-size)?\s*:(?!\s*0+(?:\.0*)?(?![.\d]))")
# Selectors read: .c, #i, tag.c, tag#i (a bare tag only sizes). Anything with a combinator, a
# pseudo-class or an attribute may match far less than its class does, so hiding by it would lose text.
_SIMPLE_SELECTOR = re.compile(r"([A-Za-z][A-Za-z0-9]*)?([.#][-\w]+)?")
# Media a browser's screen is: rules for print (the print copy's own rules) or for narrow screens
# are not what a reader of the page sees.
_SCREEN_MEDIA = frozenset({"", "screen", "all", "only screen"})
_TEXT_BEFORE = etree.XPath("preceding::text()[normalize-space()][1]")
MAX_GRID_SLOTS = 200_000  # a hostile rowspan/colspan must not allocate millions of slots
# The same parser settings as lxml.html's, but plain elements: lxml.html looks up a Python element
# class for every element touched, which cost more than the rest of reading a table. Comments are
# left out while parsing, so the text around one (Word's <!--StartFragment-->) runs on unbroken.
_PARSER = etree.HTMLParser(remove_comments=True)
_CELL_TAGS = frozenset({"td", "th"})
_TABLE_PARTS = frozenset({"tr", "td", "th"})
# Hidden, these are dropped wherever they are (see _mark_unseen).
_HIDDEN_TEXT = _INLINE | _TABLE_PARTS | _HEADINGS | {"p", "li"}
_BOX_TEXT = 60  # characters in a one-cell table read as a cell's boxed text: a label, never an article


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
    doc = Document(format="html", name=name)
    # Kept for the message a page without the report gets: where it says the report is.
    if any(map(text.__contains__, _FRAME_MARKS)):
        doc.frames = [source for element in root.iter(*_FRAMES)
                      if (source := (element.get("src") or element.get("data") or "").strip())]
    doc.scripted = "<script" in text or "<SCRIPT" in text
    # Chrome goes with everything inside it; the text after it stays where it was.
    etree.strip_elements(root, *_DROP, _DROPPED, with_tail=False)
    _bracket_cell_marks(root)
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
    sheet = _style_sheet(root, text)
    by_sheet = sheet is not None and bool(sheet.hides)
    inline = _hides(text)
    if not inline and not by_sheet:
        return
    # Inline styles are looked at only in a page that may hide by them (a Word page styles every
    # run), classes and ids only in a page whose sheet hides by them.
    candidates = (_MAY_HIDE_OR_MATCH if inline else _MATCHABLE) if by_sheet else _MAY_HIDE
    blocks: list[etree._Element] = []
    for element in candidates(root):
        style = element.get("style")
        hiding = _hiding(style) if style and inline else _SHOWN
        if by_sheet and sheet is not None and hiding != _HIDDEN:
            hiding = sheet.hiding(element, style) or hiding
        if hiding == _ZERO_FONT:
            _hide_own_text(element, sheet)
        elif hiding == _HIDDEN or element.get("hidden") is not None:
            # A hidden text-level element or paragraph is a watermark or Word's hidden text, a
            # hidden row or cell (Excel's hidden rows and columns) is not in the table a reader
            # sees, nor is a hidden block in a cell of a grid. A hidden block elsewhere is often
            # the article itself, shown by the page's script: see _drop_hidden_copies.
            if element.tag in _HIDDEN_TEXT or _in_grid_cell(element):
                element.tag = _DROPPED
            else:
                blocks.append(element)
    if blocks:
        _drop_hidden_copies(root, blocks)


def _hides(text: str) -> bool:
    """Whether an inline style or attribute in the page may hide an element (most pages have none,
    and looking at every styled element of a Word page costs as much as reading it). Each word costs
    a scan of the page: the words of hiding styles are looked for only in a page with inline styles
    (in capitals as well: IE wrote <SPAN style="DISPLAY: none">), and "HIDDEN" only in a page whose
    head is written in capitals (<HTML><HEAD>, as FrontPage wrote it)."""
    start = text[:2048]
    capitals = "<HEAD" in start or "<HTML" in start or "<BODY" in start
    # Inside a tag (an attribute), not in a style sheet's rules.
    if ("tyle=" in text or (capitals and "STYLE=" in text)) and any(
            after.match(text, at + len(word)) and _in_tag(text, at)
            for word, after in _HIDING_WORDS for at in _occurrences(text, word)):
        return True
    return any(_hidden_at(text, at) for word in (("hidden", "HIDDEN") if capitals else ("hidden",))
               for at in _occurrences(text, word))


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` stands in `text`: a substring search, which costs a fraction of a regex over a page."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + len(word))


def _hidden_at(text: str, at: int) -> bool:
    """Whether "hidden" at `at` hides an element: the attribute itself (<div hidden>, hidden="hidden"),
    or the value of visibility in a style attribute; not type="hidden" nor overflow:hidden."""
    if not _in_tag(text, at):
        return False
    if text[at - 1:at].isspace() and text[at + 6:at + 7] in _AFTER_ATTRIBUTE:
        return True
    return _VISIBILITY_BEFORE.search(text, max(0, at - 30), at) is not None


def _hiding(style: str) -> int:
    """What an inline style does to its element's text: _SHOWN, _HIDDEN or _ZERO_FONT. Substring
    tests first: Word gives every cell and run a long style, and a regex over each costs more than
    reading the cell."""
    low = style.lower()
    if ("display" in low or "visibility" in low) and _HIDDEN_STYLE.search(low):
        return _HIDDEN
    at = low.find("font-size")
    while at != -1:
        # "font-size" itself, not mso-bidi-font-size.
        if _ZERO_SIZE.match(low, at + 9) and low[:at].rstrip()[-1:] in ("", ";"):
            return _ZERO_FONT
        at = low.find("font-size", at + 9)
    return _SHOWN


def _in_grid_cell(element: etree._Element) -> bool:
    cell = next(element.iterancestors("td", "th"), None)
    if cell is None:
        return False
    table = next(cell.iterancestors("table"), None)
    return table is not None and _is_grid(table)


def _in_tag(text: str, at: int) -> bool:
    return text.rfind("<", 0, at) > text.rfind(">", 0, at)


def _hide_own_text(element: etree._Element, sheet: _Sheet | None = None) -> None:
    """Drop what a zero font size hides: the element with all inside it, or, when a descendant sets
    a size of its own (a zero-size <div> around sized lines, a common layout device), only the text
    that inherits the zero size directly."""
    if not any(_SIZED.search(child.get("style") or "") or (sheet is not None and sheet.sizes_of(child))
               for child in element.iterdescendants()):
        element.tag = _DROPPED
        return
    element.text = None
    for child in element:
        child.tail = None


def _style_sheet(root: etree._Element, text: str) -> _Sheet | None:
    """The hiding rules of the page's <style> elements, or None when no sheet may hide: most pages'
    sheets set colours and sizes only, and those are not read."""
    if "<style" not in text and "<STYLE" not in text:
        return None
    sheet = None
    for style in root.iter("style"):
        css = style.text
        if css and _sheet_may_hide(css):
            if sheet is None:
                sheet = _Sheet()
            sheet.read(_CSS_COMMENT.sub(" ", css))
    return sheet


def _sheet_may_hide(css: str) -> bool:
    # CSS ignores the case of property names and keywords (Display: None hides as display:none does).
    low = css.lower()
    return any(low[max(0, at - 24):at].translate(_CSS_SPACE).endswith(_HIDING_PROPERTIES)
               for word in _SHEET_VALUES for at in _occurrences(low, word)) or any(
        _ZERO_AFTER.match(low, at + len(word)) for word in _SHEET_ZERO_SIZES for at in _occurrences(low, word))


class _Sheet:
    """Rules of a page's style sheets that hide or size text, by simple selector (".c", "#i",
    "tag.c", "tag#i"; a bare tag for sizes only): what an element's class and id do to it."""

    def __init__(self) -> None:
        # selector -> (_HIDDEN or _ZERO_FONT, the property, !important) for each hiding declaration
        self.hides: dict[str, list[tuple[int, str, bool]]] = {}
        self.sizes: set[str] = set()

    def read(self, css: str, depth: int = 0) -> None:
        at = 0
        while (start := css.find("{", at)) != -1:
            prelude = css[at:start]
            # What a statement without a block (@charset, @import) or a stray brace leaves before it.
            prelude = prelude[max(prelude.rfind(";"), prelude.rfind("}")) + 1:].strip()
            if prelude.startswith("@"):
                end = _block_end(css, start)
                if depth < 4 and _on_screen(prelude):
                    self.read(css[start + 1:end], depth + 1)
            else:
                end = css.find("}", start)
                end = len(css) if end == -1 else end
                self._rule(prelude, css[start + 1:end].strip().lower())
            at = end + 1

    def _rule(self, selectors: str, declarations: str) -> None:
        # Substring tests first: a regex over each of a site's hundreds of rules costs more.
        hiding = [(_ZERO_FONT if found.group(1).startswith("font") else _HIDDEN,
                   found.group(1).split(":")[0].rstrip(), found.group(2) is not None)
                  for found in _SHEET_HIDING.finditer(declarations)] if (
            "none" in declarations or "hidden" in declarations or "size" in declarations) else []
        sized = "font" in declarations and _SHEET_SIZED.search(declarations) is not None
        if not hiding and not sized:
            return
        for selector in selectors.split(","):
            simple = _SIMPLE_SELECTOR.fullmatch(selector.strip())
            if simple is None or simple.group(0) == "":
                continue
            tag, rest = (simple.group(1) or "").lower(), simple.group(2)
            if sized:
                self.sizes.add(tag + (rest or ""))
            if hiding and rest:
                self.hides.setdefault(tag + rest, []).extend(hiding)

    def hiding(self, element: etree._Element, style: str | None) -> int:
        """What the sheet does to the element: _SHOWN, _HIDDEN or _ZERO_FONT. The element's inline
        style setting the same property wins over a rule without !important."""
        found = _SHOWN
        for key in _selectors(element):
            for hiding, name, important in self.hides.get(key, ()):
                if important or not style or not re.search(rf"(?:^|;)\s*{name}\s*:", style.lower()):
                    if hiding == _HIDDEN:
                        return _HIDDEN
                    found = hiding
        return found

    def sizes_of(self, element: etree._Element) -> bool:
        """Whether a rule gives the element a font size of its own."""
        return element.tag in self.sizes or any(key in self.sizes for key in _selectors(element))


def _selectors(element: etree._Element) -> list[str]:
    """The simple selectors that match the element by its class and id."""
    tag = element.tag
    keys: list[str] = []
    for name in (element.get("class") or "").split():
        keys += ("." + name, f"{tag}.{name}")
    ident = element.get("id")
    if ident:
        keys += ("#" + ident, f"{tag}#{ident}")
    return keys


def _block_end(css: str, start: int) -> int:
    """Where the block opened at `start` closes (the end of the sheet if it never does)."""
    depth = 0
    for brace in _CSS_BRACE.finditer(css, start):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.start()
    return len(css)


def _on_screen(prelude: str) -> bool:
    """Whether an at-rule's rules apply to the page on a screen: @media screen, all or no type; not
    print, not a width or other condition, not another at-rule (@font-face, @page, @keyframes)."""
    low = prelude.lower()
    if not low.startswith("@media"):
        return False
    return any(" ".join(query.split()) in _SCREEN_MEDIA for query in low[6:].split(","))


def _drop_hidden_copies(root: etree._Element, blocks: list[etree._Element]) -> None:
    """Drop a hidden block that holds a copy of a table the page shows (a print copy, an earlier
    version kept in the page): the first row of one of its tables reads as that of a shown table.
    A hidden block with tables the page does not show is the article, shown by script, and is read."""
    hidden = set(blocks)
    outer = [block for block in blocks if not any(a in hidden for a in block.iterancestors())]
    hidden = set(outer)
    shown = set()
    for table in root.iter("table"):
        if table not in hidden and not any(a in hidden for a in table.iterancestors()):
            shown.add(_first_row(table))
    shown.discard("")
    if not shown:
        return
    for block in outer:
        if any(_first_row(table) in shown for table in block.iter("table")):
            block.tag = _DROPPED


def _first_row(table: etree._Element) -> str:
    row = next(table.iter("tr"), None)
    return "" if row is None else _WS.sub("", "".join(row.itertext())).replace("\n", "")


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
            grid = grids[table] = _is_grid(table)
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
    text = INVISIBLE_CHARS.sub("", before).rstrip()
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
        text = INVISIBLE_CHARS.sub("", "".join(self.buffer)).strip(" \t\x00")
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
        if tag == "table" and _is_grid(element):
            rows = list(element.iter("tr"))
            if len(rows) != 1 or not _frames_text(rows[0]):
                self._table(element, rows)
                return
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
        elif tag == "img":
            self.doc.add_image(element.get("src") or element.get("alt"))
        elif tag == "a":
            href = element.get("href")
            if href and _ATTACHMENT.search(href):
                self.doc.add_attachment(href, "".join(element.itertext()))
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

    def _table(self, element: etree._Element, rows: list[etree._Element]) -> None:
        self.flush()
        for child in element:  # not element.find(): its path machinery costs more than a table's few children
            if child.tag == "caption":
                # Shown above the table, often its section heading ("三、收到和处理…情况"): a
                # paragraph of its own, not a row of the grid.
                self.walk(child)
        table = self._grid(element, rows)
        heading = take_heading_row(table)
        if heading is not None:
            self.buffer.append(heading.text)  # a paragraph of the page, numbered with the others
            self.flush()
        self.doc.add(table)

    def _grid(self, table: etree._Element, rows: list[etree._Element]) -> Table:
        index = self.tables
        self.tables += 1
        if len(rows) > 1 and next(table.iterdescendants("table"), None) is not None:
            rows = [tr for tr in rows if next(tr.iterancestors("table")) is table]  # a boxed cell's own row
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
        if any(row and not row[-1] for row in texts):
            _trim_empty_columns(texts, merged)
        return Table(texts, Provenance(format="html", table=index), merged=merged)


def _trim_empty_columns(texts: list[list[str]], merged: set[tuple[int, int]]) -> None:
    """Drop the slots right of the last column that holds any text: stray empty cells at the end of
    some rows (left by an editor) draw an empty column no reader counts. Kept, they would make a
    row with a blank value one slot wider than its header, and its values would be read shifted."""
    width = 0
    for row in texts:
        last = len(row)
        while last > width and not row[last - 1]:
            last -= 1
        width = max(width, last)
    for r, row in enumerate(texts):
        if len(row) > width:
            merged.difference_update((r, k) for k in range(width, len(row)))
            del row[width:]


def _is_grid(table: etree._Element) -> bool:
    """Whether a table is read as a grid: it holds no other table but boxes (a cell's value or label
    drawn in a table of its own); a table holding real tables lays out the page."""
    inner = next(table.iterdescendants("table"), None)
    return inner is None or all(_is_box(inner) for inner in table.iterdescendants("table"))


def _is_box(table: etree._Element) -> bool:
    rows = table.iter("tr")
    first = next(rows, None)
    return first is None or (next(rows, None) is None and _boxes_text(first))


def _boxes_text(row: etree._Element) -> bool:
    """Whether a table's only row is one cell holding a few words in one paragraph at most: a frame
    drawn around them, as Word leaves when a cell's text was pasted as a table. One that holds more
    (paragraphs, line breaks, long text) is a layout table around an article."""
    if sum(1 for cell in row if cell.tag in _CELL_TAGS) > 1:
        return False
    blocks = 0
    for element in row.iterdescendants():
        if element.tag == "br":
            return False
        blocks += element.tag in _BLOCK and element.tag not in _CELL_TAGS
    return blocks <= 1 and len("".join(row.itertext()).strip()) <= _BOX_TEXT


def _frames_text(row: etree._Element) -> bool:
    """Whether a table's only row is one cell framing page text (old sites set the article in one):
    read as paragraphs, not as a grid of one slot."""
    return sum(1 for cell in row if cell.tag in _CELL_TAGS) == 1 and not _boxes_text(row)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))  # a hostile rowspan must not allocate millions
    except ValueError:
        return 1


def _cell_text(cell: etree._Element) -> str:
    """A cell's printed text. A line break or a paragraph boundary inside a cell is a break as in a
    paragraph: nothing between two Chinese characters ("本年新<br/>制作数量" is one label), a space
    otherwise, so "1<br>2" (two printed lines) is not read as the number 12."""
    pieces = [cell.text or ""]
    _gather(cell, pieces)  # costs less than itertext(), which makes a string of every piece
    text = "".join(pieces)
    if _BREAK in text:
        # Breaks at the edges (Word's <td><p>…</p></td>) only meet white space.
        text = INVISIBLE_CHARS.sub("", text).strip(" \t\n\x00")
        if _BREAK in text:
            text = _BREAKS.sub(_join_at_break, _SOURCE_NEWLINES.sub(_BREAK, text))
    return _clean(text)


def _gather(element: etree._Element, pieces: list[str]) -> None:
    """The text inside the element, with a break at each <br> and around each block."""
    for child in element:
        tag = child.tag
        if tag == "br":
            pieces.append(_BREAK)
        elif isinstance(tag, str):
            block = tag in _BLOCK
            if block:
                pieces.append(_BREAK)
            if child.text:
                pieces.append(child.text)
            _gather(child, pieces)
            if block:
                pieces.append(_BREAK)
        if child.tail:
            pieces.append(child.tail)


@lru_cache(maxsize=16384)
def _clean(text: str) -> str:
    """One cell's printed text with its whitespace runs folded (cells repeat: "0", labels)."""
    if not text.isascii():
        text = INVISIBLE_CHARS.sub("", text)
    if "\n" in text:
        text = _SOURCE_NEWLINES.sub(_join_at_break, text)
    return _WS.sub(" ", text).strip()
