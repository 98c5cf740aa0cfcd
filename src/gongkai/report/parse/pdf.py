"""Reader for text PDFs (pdfplumber): ruled tables as grids, word positions where there are no rules.

What published reports do to a reader, and what is done about it here (DOMAIN.md §5.1):

- **Ruling lines.** Tables are found from the stroked lines and thin filled bars the PDF draws.
  White or pale filled boxes (Word prints a box behind every paragraph line in some exports) are
  backgrounds, not rules, and are ignored so that prose is never read as a one-column table.
- **No rules.** Lines whose words end in values, with columns aligned, are rebuilt into rows from
  the word positions: the value columns come from the x-extent of the values, and label lines
  wrapped above or below a row join the row they are nearest to.
- **Page breaks.** A table that continues on the next page is the next Table block; its repeated
  header rows are dropped. Page numbers ("- 3 -") and running headers/footers are removed before
  tables are read, each drop recorded in `Document.notes`. A row broken by the page (label lines on
  both pages, values on one) is one row again where the two halves of its label make one template
  label; else the halves stay as printed.
- **Values flush in their columns without rules.** A centred header word beside right- or
  left-set values heads their column; one about half a column or more from every value marks a
  blank column. A label filling its column may come close to the first of three or more values.
- **Long labels without rules.** A label wrapped over many lines prints its outer lines nearer to
  a neighbouring row than to its own values; a line moves across only when that completes a label.
- **Character spacing.** Digits set apart in a ruled cell ("2 8") are one number when no space is
  printed among them and the gaps are even (Word's 字符间距加宽); noted per page and on the cell.
- **Wrapped notes.** A value with a note ("55（含自然失效29件）") wrapped over lines in a narrow
  column without rules is joined into one cell only when each next line is the one word right
  below it in the same column, and the parentheses close; else its row stays unread, as before.
- **Vertical labels.** One character per line ("三" "、" "本" …) is joined into one label, inside a
  ruled cell and from word positions alike.
- **Scans.** A PDF without a text layer is refused with the page numbers; it is never guessed at.
- **Turned pages.** pdfminer applies `/Rotate`, so a landscape table page printed through a portrait
  driver (`/Rotate 90` or `270` over a turned drawing) already reads upright. A page whose text
  runs sideways as displayed (a page turned in a viewer and saved, or a table set sideways on the
  paper) is read again with the rotation that sets its text upright, when most of its characters
  run that one way; the page is named in `Document.notes`.

Every Token and Para carries the 1-based page and the bbox (x0, top, x1, bottom) in points, in the
page's displayed orientation (as a viewer shows it, and as pdfplumber reports the page), also for
a page read turned: a reviewer finds the value where the viewer shows it.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from gongkai.report.model import Kind, Provenance, classify
from gongkai.report.parse.docx import join_wrapped_lines
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.furniture import is_page_number
from gongkai.report.parse.headings import take_heading_row
from gongkai.report.parse.ir import Document, Para, Table, Token
from gongkai.report.parse.labels import LabelSet, norm

MAX_PAGES = 500
MAX_CHARS = 3_000_000  # over all pages: a real report has a few thousand per page
MAX_TABLE_CELLS = 50_000  # grid slots of one page's tables

_VALUE_KINDS = frozenset({Kind.NUMBER, Kind.SIGNED, Kind.PLACEHOLDER})
_OPEN, _CLOSE = ("（", "("), ("）", ")")
# A value whose note opens and is left open: the first line of a wrapped annotated cell.
_OPEN_NOTE = re.compile(r"^[-+]?\d[\d,，.]*\s*[（(]")
_MAX_WRAP = 8  # lines of one wrapped cell
# A ruled cell read as digits with spaces between ("2 8", "+ 2 4"): one number set with wide character
# spacing (Word's 字符间距加宽, or 分散对齐), or numbers typed apart. `_letter_spaced` tells which.
_SPACED = re.compile(r"^[-+－−]?(?: ?[\d.,，])+$")
# The caption over a table's part continued on the next page: "续表", "（续表）", "续上表", "表3（续）".
_CONTINUED = re.compile(r"^[(（]?续上?表[一二三四五六七八九十\d]*[)）]?$|^表\S{0,12}[(（]续表?[)）]$")
_LEVEL = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # a character's matrix when pdfminer gives none
_SIDEWAYS_NOTED = 4  # characters at a right angle dropped from an upright page before it is noted
# A numbered heading or list item at the start of a line: "一、", "（二）", "(3)", "1.", "2、", "第三部分". It
# starts a paragraph even where the line before it is full. "1.5万" is a number, not an item.
_NUMBERED = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]"
                       r"|\d+\s*(?:[、．]|\.(?!\d))|第[一二三四五六七八九十\d]+[章节部分条])")
_BAND = 0.08  # share of the page height at the top and bottom where running headers/footers sit
_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def _labels() -> tuple[LabelSet, ...]:
    # Imported late: assemble builds the label sets from the spec, and imports nothing from here.
    from gongkai.report.parse.assemble import T2_LABELS, T3_LABELS, T4_LABELS

    return T2_LABELS, T3_LABELS, T4_LABELS


def _is_value(text: str) -> bool:
    return classify(text).kind in _VALUE_KINDS


def _is_row_value(text: str) -> bool:
    """A value of a table row read from word positions: a number or placeholder, or one with its
    note in closed parentheses ("55（含自然失效29件）"); an open note is a wrapped piece."""
    kind = classify(text).kind
    return kind in _VALUE_KINDS or (kind is Kind.ANNOTATED and _paren_depth(text) == 0
                                    and text.endswith(_CLOSE))


def _paren_depth(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def _is_label_piece(text: str, labels: tuple[LabelSet, ...]) -> bool:
    return any(ls.is_fragment(text) or ls.match(text, fuzzy=False) is not None for ls in labels)


def _is_full_label(text: str, labels: tuple[LabelSet, ...]) -> bool:
    return any(ls.match(text, fuzzy=False) is not None for ls in labels)


@dataclass
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    # Where it is printed, when that is not (x0, top, x1, bottom): a value wrapped over lines is
    # placed on its row's line for the layout, and its provenance is every line it covers.
    printed: tuple[float, float, float, float] | None = None

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass
class _Line:
    words: list[_Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        """The line's type size: its words' median height."""
        return median(w.height for w in self.words)

    def bbox(self) -> tuple[float, float, float, float]:
        return _union(self.words)


def _pages(pages: list[int]) -> str:
    """Page numbers in order, a run of three or more as a range: "1–5、8"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return "、".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else "、".join(map(str, run)) for run in runs)


def _union(words: Iterable[_Word]) -> tuple[float, float, float, float]:
    boxes = [w.printed or (w.x0, w.top, w.x1, w.bottom) for w in words]
    return (round(min(b[0] for b in boxes), 2), round(min(b[1] for b in boxes), 2),
            round(max(b[2] for b in boxes), 2), round(max(b[3] for b in boxes), 2))


def _lines(words: list[_Word]) -> list[_Line]:
    """Words grouped into visual lines: a word joins a line its vertical centre falls inside."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-3:]):
            if line.top - 1 <= word.center_y <= line.bottom + 1 and abs(line.center_y - word.center_y) < word.height * 0.6:
                line.words.append(word)
                break
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: line.top)
    return lines


def _paragraphs(lines: list[_Line], skip: set[int]) -> tuple[list[list[_Line]], tuple[float, float] | None]:
    """The lines not in `skip` (table rows), grouped into paragraphs as a viewer reflows them: a line
    the page wrapped runs on into the next one. Section text is split into sentences at line
    breaks, so a break the page made inside a word ("答" over "复 120 件") would hide the count.
    Also the text column's (left, right) edges, for joining a paragraph the page break wrapped;
    None where too few lines set it."""
    prose = [(i, line) for i, line in enumerate(lines) if i not in skip]
    single = [len(_segments(line)) == 1 for _, line in prose]
    # The text column, as this page's prose lines set it: lines wrapped by the page end at its right
    # edge (a hanging "，" may stand a little past it) and go on at its left edge.
    column = [line for (_, line), one in zip(prose, single, strict=True) if one]
    if len(column) < 2:
        return [[line] for _, line in prose], None
    left = min(line.words[0].x0 for line in column)
    # The edge most full lines end at, not the widest line: punctuation hanging past the edge, or two
    # of it, must not make every full line look short. Lines far short of the widest (a caption over a
    # table) are no candidates, however many there are.
    widest = max(line.words[-1].x1 for line in column)
    reach = 2 * max(line.size for line in column)
    ends = Counter(round(line.words[-1].x1) for line in column if line.words[-1].x1 >= widest - reach)
    right = float(max(ends, key=lambda x1: (ends[x1], x1)))
    out: list[list[_Line]] = []
    for k, (i, line) in enumerate(prose):
        if out and prose[k - 1][0] == i - 1 and single[k - 1] and single[k] \
                and _runs_on(prose[k - 1][1], line, left, right):
            out[-1].append(line)
        else:
            out.append([line])
    return out, (left, right)


def _runs_on(line: _Line, after: _Line, left: float, right: float) -> bool:
    """Whether `after` goes on with the paragraph `line` was wrapped out of: `line` is full to the
    column's right edge, `after` starts at its left edge without an indent, in the same size of
    type, close below, and is not a numbered heading. Anything in doubt stays a break, as printed:
    a break too many only keeps a sentence apart, a line joined wrongly runs two paragraphs into
    one."""
    size = line.size
    return (_wraps(line, right, after, left)
            and -size / 2 < after.top - line.bottom < 1.5 * size)  # no table or blank space between


def _wraps(line: _Line, right: float, after: _Line, left: float) -> bool:
    """`_runs_on` but for the space between the lines, with the edges of each line's own column: a
    line at the foot of one page and the first line of the next have no gap to judge, and each
    page measures its own column (facing pages may be set with mirrored margins)."""
    size, other = line.size, after.size
    return (line.words[-1].x1 >= right - size
            and after.words[0].x0 <= left + size / 2
            and abs(size - other) <= 0.15 * max(size, other)
            and not _NUMBERED.match(after.text))


def _pictures(page: Any) -> list[float]:
    """The tops of the pictures on a page big enough to be a table printed as a picture (at least
    half the page wide and a tenth of it high): not a logo, an icon or the seal over the signature."""
    width, height = float(page.width), float(page.height)
    return sorted(float(image["top"]) for image in page.images
                  if float(image["x1"]) - float(image["x0"]) >= width / 2
                  and float(image["bottom"]) - float(image["top"]) >= height / 10)


def _segments(line: _Line) -> list[list[_Word]]:
    """Pieces of a line separated by wide gaps (a page number beside other text is its own piece)."""
    out: list[list[_Word]] = []
    for word in line.words:
        if out and word.x0 - out[-1][-1].x1 < 3 * word.height:
            out[-1].append(word)
        else:
            out.append([word])
    return out


# --- opening ---------------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str | None = None) -> Document:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    label = name or "输入"
    # pdfminer logs every oddity of a damaged file to the terminal; what matters reaches the user as
    # a ReportParseError or a note instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise ReportParseError(_open_error(label, exc.args[0] if exc.args else exc)) from None
    except Exception as exc:  # pdfminer raises many unrelated types (PSEOF, KeyError …) on bad input
        raise ReportParseError(_open_error(label, exc)) from None
    try:
        try:
            pages = pdf.pages
        except Exception as exc:  # a broken page tree
            raise ReportParseError(_open_error(label, exc)) from None
        if not pages:
            raise ReportParseError(f"{label}：PDF 没有任何页面")
        if len(pages) > MAX_PAGES:
            raise ReportParseError(f"{label}：PDF 超过 {MAX_PAGES} 页，不予读取")
        return _Reader(label, name).read(pages)
    finally:
        # Closing a damaged file can raise too (pdfminer on a broken xref); that must not hide the message.
        with contextlib.suppress(Exception):
            pdf.close()


def _open_error(label: str, exc: object) -> str:
    kind = type(exc).__name__
    if kind == "PDFPasswordIncorrect":
        return f"{label}：PDF 已加密，需要密码才能打开；请提供未加密的文件"
    if kind in ("PDFEncryptionError", "PDFEncryptionWarning"):
        return f"{label}：PDF 使用了不支持的加密方式，无法读取；请提供未加密的文件"
    return f"{label}：PDF 文件已损坏或格式不正确，无法打开（{kind}）"


# --- the reader ------------------------------------------------------------------------------------


def _box(bbox: Any, ndigits: int | None = None) -> tuple[float, float, float, float]:
    """pdfplumber's (x0, top, x1, bottom), as floats (rounded to `ndigits` for provenance)."""
    x0, top, x1, bottom = (float(v) if ndigits is None else round(float(v), ndigits) for v in bbox)
    return x0, top, x1, bottom


@dataclass
class _Item:
    """A block placed on its page, to be ordered by position."""

    top: float
    block: Para | Table
    header_rows: int = 0  # leading rows that carry no values (for repeated-header detection)
    vertical: list[_Word] = field(default_factory=list)  # vertical labels placed in this table
    # A prose paragraph's first and last line, each only if it is one piece (a line with a page
    # number or a second column beside it is no plain wrap), and its page's text column (left,
    # right): what a paragraph the page break wrapped is joined by.
    first: _Line | None = None
    last: _Line | None = None
    column: tuple[float, float] | None = None


class _Reader:
    def __init__(self, label: str, name: str | None) -> None:
        self.label = label
        self.doc = Document(format="pdf", name=name)
        self.tables = 0
        self.labels = _labels()

    def read(self, pages: list[Any]) -> Document:
        words_by_page: list[list[_Word]] = []
        scanned: list[int] = []
        undecodable = total = 0
        pages = list(pages)  # a turned page is replaced by the same page read upright
        frames: dict[int, _Frame] = {}
        for number, page in enumerate(pages, start=1):
            try:
                chars = page.chars
                images = page.images if not chars else []
                visible = [c for c in chars if c.get("text", "").strip()]
                turn = _turn(visible)
                if turn:
                    upright = _reread(page, (page.rotation + turn) % 360)
                    frames[number] = _Frame(page, upright)
                    pages[number - 1] = upright
                    self._turned_note(number, turn, upright)
            except Exception as exc:  # pdfminer on a broken content stream
                raise ReportParseError(f"{self.label}：PDF 第{number}页已损坏，无法读取（{type(exc).__name__}）") from None
            total += len(visible)
            if total > MAX_CHARS:
                raise ReportParseError(f"{self.label}：PDF 文字超过 {MAX_CHARS} 个字符，不予读取")
            undecodable += sum(1 for c in visible if c["text"].startswith("(cid:"))
            if not visible and images:
                scanned.append(number)
            words_by_page.append([])
        pages_text = "、".join(str(n) for n in scanned)
        if total == 0:
            listed = pages_text or "、".join(str(n) for n in range(1, len(pages) + 1))
            raise ReportParseError(
                f"{self.label}：未检测到文字层（可能是扫描件），需要先进行文字识别（OCR）：第{listed}页")
        if undecodable > total / 2:
            raise ReportParseError(
                f"{self.label}：PDF 的文字无法解码（字体缺少 Unicode 映射，提取出的是字形编号），"
                "需要先进行文字识别（OCR）或由发布机关提供可复制文字的版本")
        if scanned:
            self.doc.notes.append(f"PDF 第{pages_text}页未检测到文字层（可能是扫描件），这些页的内容未读取")

        cleaned = [_clean(page) for page in pages]  # once per page: words and tables read the same chars
        for number, page in enumerate(cleaned, start=1):
            words_by_page[number - 1] = self._words(page)
            if page is not pages[number - 1]:
                self._sideways_note(number, pages[number - 1], page)
        dropped = self._furniture(words_by_page, [float(p.height) for p in pages])

        previous: _Item | None = None
        tail: _Item | None = None  # the previous page's last block, if a prose paragraph, as added
        for number, page in enumerate(pages, start=1):
            items = self._page(cleaned[number - 1], number, words_by_page[number - 1], dropped.get(number, []))
            items.sort(key=lambda item: item.top)  # reading order: on a turned page, that of its text
            if number in frames:
                frames[number].to_display(items)
            # The page break wrapped the previous page's last paragraph: this page's first one reads on in it.
            joined = tail is not None and bool(items) and self._join_across_pages(tail, items[0], number)
            added: _Item | None = tail if joined else None
            pictures = _pictures(pages[number - 1])
            for position, item in enumerate(items):
                while pictures and pictures[0] < item.top:
                    self.doc.add_image(f"第{number}页的图片")
                    pictures.pop(0)
                if joined and position == 0:
                    previous = item  # as if added: what follows is no more at the page top than before
                    continue
                # A caption "续表" over the part continued at the top of a page does not part it from
                # the part before: it is kept as text, and the parts are joined across it.
                at_top = all(_is_continued(it.block) for it in items[:position])
                if isinstance(item.block, Table) and at_top and previous is not None:
                    self._drop_repeated_header(item, previous, number)
                    self._join_split_row(item, previous, number)
                if isinstance(item.block, Table) and not item.block.texts:
                    continue
                self.doc.add(item.block)
                added = item
                if not (at_top and _is_continued(item.block)):
                    previous = item
            # Only a paragraph nothing follows on its page, a table skipped above included, may be
            # wrapped onto the next page.
            for _ in pictures:
                self.doc.add_image(f"第{number}页的图片")
            ends_page = bool(items) and added is (tail if joined and len(items) == 1 else items[-1])
            tail = added if ends_page and added is not None and isinstance(added.block, Para) else None
            page.close()
            if number in frames:
                frames[number].display.close()
        self._heading_rows()
        return self.doc

    def _join_across_pages(self, tail: _Item, head: _Item, number: int) -> bool:
        """Join `head`, the first block on page `number`, to `tail`, the last block added from the page
        before, if the page break wrapped one paragraph: as `_runs_on` judges a wrap, each line against
        its own page's column. The joined paragraph keeps the first part's page and box (Provenance
        has room for one), with a note naming the page it runs on to."""
        if not (isinstance(tail.block, Para) and isinstance(head.block, Para) and tail.last is not None
                and tail.column is not None and head.first is not None and head.column is not None
                and self.doc.where and self.doc.where[-1] is tail.block.source):
            return False
        if _is_continued(head.block) or not _wraps(tail.last, tail.column[1], head.first, head.column[0]):
            return False  # "续表" over a table's next part is a caption, not the paragraph's rest
        text = join_wrapped_lines([tail.block.text, head.block.text])
        source = _with_note(tail.block.source, f"段落跨页，续至第{number}页")
        self.doc.blocks[-1], self.doc.where[-1] = text, source
        tail.block = Para(text, source)
        tail.last, tail.column = head.last, head.column  # it may run on to the page after, too
        return True

    def _heading_rows(self) -> None:
        """Section headings set as a table's first row, as paragraphs before their tables. Looked for
        once the pieces of a table crossing pages are joined: a heading row repeated with the header on
        the next page must still match the first piece's, to be dropped with it."""
        blocks, where = self.doc.blocks, self.doc.where
        self.doc.blocks, self.doc.where = [], []
        for block, source in zip(blocks, where, strict=True):
            if isinstance(block, Table):
                heading = take_heading_row(block)
                if heading is not None:
                    self.doc.add(heading)
            self.doc.blocks.append(block)
            self.doc.where.append(source)

    def _sideways_note(self, number: int, page: Any, cleaned: Any) -> None:
        # A watermark runs across the page at a slant; text at a right angle on an upright page is more
        # likely a table or label set sideways. Both are dropped with the watermarks, but this is named.
        kept = {id(c) for c in cleaned.chars}
        gone = [c for c in page.chars if id(c) not in kept and c.get("text", "").strip()
                and not _is_light(c.get("non_stroking_color"))]
        text = "".join(c["text"] for c in gone if (angles := _angles([c]))[1] or angles[3])
        if len(text) >= _SIDEWAYS_NOTED:
            shown = text if len(text) <= 20 else text[:20] + "…"
            self.doc.notes.append(f"PDF 第{number}页：有{len(text)}个字横躺着印（转了90°），与该页正文方向不同，"
                                  f"按水印未读取：「{shown}」；如是横放的表格，请把该页转正后再导入")

    def _turned_note(self, number: int, turn: int, upright: Any) -> None:
        how = {90: "逆时针旋转了90°", 180: "上下颠倒", 270: "顺时针旋转了90°"}[turn]
        self.doc.notes.append(f"PDF 第{number}页：文字在页面显示方向上{how}（横排表格竖放或页面被旋转），"
                              "已按文字方向读取；位置仍按页面显示方向给出")
        # Text at another angle is dropped with the watermarks (`_clean`): on a turned page that may
        # be an upright heading or page number, so it is named rather than dropped unseen.
        other = "".join(c["text"] for c in upright.chars if c.get("text", "").strip() and not _level(c))
        if other:
            shown = other if len(other) <= 20 else other[:20] + "…"
            self.doc.notes.append(f"PDF 第{number}页：另有{len(other)}个字与该页正文方向不同，未读取：「{shown}」")

    # --- words and page furniture ------------------------------------------------------------------

    @staticmethod
    def _words(page: Any) -> list[_Word]:
        raw = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False)
        return [_Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
                for w in raw if w["text"].strip()]

    def _furniture(self, words_by_page: list[list[_Word]], heights: list[float]) -> dict[int, list[_Word]]:
        """Remove page numbers and running headers/footers from the words; note each drop."""
        dropped: dict[int, list[_Word]] = {}
        band_pieces: dict[str, list[tuple[int, list[_Word]]]] = {}
        numbers: list[tuple[int, str]] = []  # (page, page number as printed)
        for number, words in enumerate(words_by_page, start=1):
            height = heights[number - 1]
            for line in _lines(words):
                for piece in _segments(line):
                    text = "".join(w.text for w in piece)
                    if is_page_number(norm(text)):  # never a table value: dropped wherever it stands alone
                        dropped.setdefault(number, []).extend(piece)
                        numbers.append((number, " ".join(w.text for w in piece)))
                        continue
                    top, bottom = min(w.top for w in piece), max(w.bottom for w in piece)
                    if bottom < height * _BAND or top > height * (1 - _BAND):
                        key = re.sub(r"\d+", "#", norm(text))
                        band_pieces.setdefault(key, []).append((number, piece))
        if numbers:  # one note for them all: a report of 30 pages is not 30 findings
            pages = sorted({n for n, _ in numbers})
            self.doc.notes.append(f"PDF 第{_pages(pages)}页：已略去页码{''.join(f'「{p}」' for _, p in numbers)}")
        for key, found in band_pieces.items():
            pages = sorted({n for n, _ in found})
            if len(pages) < 2 or not key:
                continue  # printed once: a title or a last line, not a running header
            for number, piece in found:
                dropped.setdefault(number, []).extend(piece)
            printed = " ".join(w.text for w in found[0][1])
            self.doc.notes.append(f"PDF 第{_pages(pages)}页：已略去页眉/页脚「{printed}」")
        for number, gone in dropped.items():
            ids = {id(w) for w in gone}
            words_by_page[number - 1] = [w for w in words_by_page[number - 1] if id(w) not in ids]
        return dropped

    # --- one page ----------------------------------------------------------------------------------

    def _page(self, page: Any, number: int, words: list[_Word], dropped: list[_Word]) -> list[_Item]:
        boxes = [(w.x0 - 0.5, w.top - 0.5, w.x1 + 0.5, w.bottom + 0.5) for w in dropped]

        def keep(obj: dict[str, Any]) -> bool:
            kind = obj.get("object_type")
            if kind == "char":
                return not boxes or not any(
                    b[0] <= obj["x0"] and obj["x1"] <= b[2] and b[1] <= obj["top"] and obj["bottom"] <= b[3]
                    for b in boxes)
            if kind == "rect":
                return _is_rule(obj)
            if kind in ("line", "curve"):
                return bool(obj.get("stroke", True)) or _is_rule(obj)
            return True

        filtered = page.filter(keep)
        items: list[_Item] = []
        table_boxes: list[tuple[float, float, float, float]] = []
        for table in filtered.find_tables(_TABLE_SETTINGS):
            built = self._ruled(table, number)
            if built is not None:
                items.append(built)
                table_boxes.append(_box(table.bbox))
        rest = [w for w in words if not any(
            b[0] - 1 <= w.center_x <= b[2] + 1 and b[1] - 1 <= w.center_y <= b[3] + 1 for b in table_boxes)]
        items.extend(self._unruled(rest, number))
        return items

    def _ruled(self, table: Any, number: int) -> _Item | None:
        rows = table.rows
        width = max((len(r.cells) for r in rows), default=0)
        if len(rows) < 2 or width < 2:
            return None  # a box around a paragraph: read as text
        if len(rows) * width > MAX_TABLE_CELLS:
            raise ReportParseError(f"{self.label}：PDF 第{number}页的表格单元格过多，不予读取")
        texts = table.extract(x_tolerance=1.5, y_tolerance=2)
        index = self.tables
        self.tables += 1
        out: list[list[Token]] = []
        spaced: list[str] = []  # cells whose digits are set apart by character spacing
        for r, (row, row_texts) in enumerate(zip(rows, texts, strict=True)):
            tokens: list[Token] = []
            for c, (bbox, text) in enumerate(zip(row.cells, row_texts, strict=True)):
                if bbox is None:
                    source = Provenance(format="pdf", page=number, table=index, row=r, column=c,
                                        note="合并单元格")
                    tokens.append(Token("", source, merged=True))
                    continue
                lines = [line.strip() for line in (text or "").split("\n")]
                cell = join_wrapped_lines([line for line in lines if line])
                note = None
                if " " in cell and _SPACED.match(cell) and _letter_spaced(table.page.chars, bbox):
                    spaced.append(cell)
                    cell, note = cell.replace(" ", ""), f"字符间距加宽，印作「{cell}」，按一个数读取"
                tokens.append(Token(cell, Provenance(format="pdf", page=number, bbox=_box(bbox, 2), table=index, row=r,
                                                     column=c, note=note)))
            out.append(_mark_label_slots(tokens))
        if spaced:
            shown = "、".join(f"「{t}」" for t in spaced[:3]) + ("等" if len(spaced) > 3 else "")
            self.doc.notes.append(f"PDF 第{number}页：表格中{len(spaced)}个单元格的数字加宽了字符间距"
                                  f"（{shown}），单元格内没有空格，各按一个数读取")
        source = Provenance(format="pdf", page=number, bbox=_box(table.bbox, 2), table=index)
        return _Item(float(table.bbox[1]), Table.from_tokens(out, source), _header_rows(out))

    # --- word positions: tables without rules, and running text ------------------------------------

    def _unruled(self, words: list[_Word], number: int) -> list[_Item]:
        lines, vertical = self._layout(words, _wrapped_values(words))
        items: list[_Item] = []
        runs = self._runs(lines)
        in_run: set[int] = set()
        for start, end in runs:
            in_run.update(range(start, end))
            table = self._word_table(lines[start:end], vertical, number)
            if table is not None:
                items.append(table)
        paragraphs, column = _paragraphs(lines, in_run)
        for paragraph in paragraphs:
            items.append(_Item(paragraph[0].top, Para(join_wrapped_lines([line.text for line in paragraph]),
                                                      Provenance(format="pdf", page=number,
                                                                 bbox=_union(w for line in paragraph
                                                                             for w in line.words))),
                               first=paragraph[0] if len(_segments(paragraph[0])) == 1 else None,
                               last=paragraph[-1] if len(_segments(paragraph[-1])) == 1 else None,
                               column=column))
        used = {id(w) for item in items for w in item.vertical}
        for word in vertical:  # a vertical label outside any table stays text
            if id(word) not in used:
                items.append(_Item(word.top, Para(word.text, Provenance(format="pdf", page=number,
                                                                         bbox=_union([word])))))
        return items

    def _layout(self, words: list[_Word], chains: list[list[_Word]]) -> tuple[list[_Line], list[_Word]]:
        """Lines and vertical labels of the words, each wrapped value (`chains`) joined into one
        word on the line of its row. A chain whose row is not certain goes back to being lines of
        its own, as printed."""
        pieces = {id(w) for chain in chains for w in chain}
        kept, vertical = _vertical_runs([w for w in words if id(w) not in pieces] if pieces else words)
        lines = _lines(kept)
        if not chains:
            return lines, vertical
        placed = [self._placed(lines, chain) for chain in chains]
        if any(p is None for p in placed):
            return self._layout(words, [c for c, p in zip(chains, placed, strict=True) if p is not None])
        for p in placed:
            assert p is not None
            p[0].words = p[1]
        return lines, vertical

    def _placed(self, lines: list[_Line], chain: list[_Word]) -> tuple[_Line, list[_Word]] | None:
        """The one row line a wrapped value stands in, with its words once the value is in: a row
        line level with the value, its column free, that stays a row with the value among its
        values. None when there is no such line, or more than one."""
        top, bottom = min(w.top for w in chain), max(w.bottom for w in chain)
        x0, x1 = min(w.x0 for w in chain), max(w.x1 for w in chain)
        found: list[tuple[_Line, list[_Word]]] = []
        for line in lines:
            if not top - 1 <= line.center_y <= bottom + 1 or any(w.x0 < x1 and w.x1 > x0 for w in line.words) \
                    or self._value_words(line) is None:
                continue  # a row line has values of its own: a label's wrapped line has none
            # Laid out on the row's line, so that the row's geometry is unchanged.
            word = _Word(join_wrapped_lines([w.text for w in chain]), x0, line.top, x1, line.bottom, _union(chain))
            words = sorted([*line.words, word], key=lambda w: w.x0)
            parsed = self._value_words(_Line(words))
            if parsed is not None and any(w is word for w in parsed[1]):
                found.append((line, words))
        return found[0] if len(found) == 1 else None

    def _value_words(self, line: _Line) -> tuple[list[_Word], list[_Word]] | None:
        """(label words, value words) of a table row line, or None for any other line."""
        words = line.words
        k = len(words)
        while k > 0 and _is_row_value(words[k - 1].text):
            k -= 1
        labels, values = words[:k], words[k:]
        if not values:
            return None
        size = median(w.height for w in words)
        gaps_ok = all(b.x0 - a.x1 >= size * 0.8 for a, b in pairwise(values))
        if labels:
            # A value with its note fills a narrow column almost to the label column's edge.
            wide = classify(values[0].text).kind is Kind.ANNOTATED
            if not gaps_ok or not all(_is_label_piece(w.text, self.labels) for w in labels):
                return None
            gap = values[0].x0 - labels[-1].x1
            # Values set flush left in their columns come close to a label filling its own column:
            # a row of three values or more, after a piece of a row label, is still a row.
            if gap < size * (0.6 if wide else 1.5) and not (gap >= size * 0.3 and len(values) >= 3):
                return None  # a number at the end of a sentence
        elif len(values) < 3 or not gaps_ok:
            return None
        return labels, values

    def _runs(self, lines: list[_Line]) -> list[tuple[int, int]]:
        """Index ranges of lines that form a table: table-like lines holding at least one value row."""
        runs: list[tuple[int, int]] = []
        start: int | None = None
        for i, line in enumerate([*lines, None]):
            table_like = line is not None and (
                self._value_words(line) is not None
                or all(_is_label_piece(w.text, self.labels) for w in line.words))
            if table_like and start is None:
                start = i
            elif not table_like and start is not None:
                if any(self._value_words(lines[j]) is not None for j in range(start, i)):
                    runs.append((start, i))
                start = None
        return runs

    def _word_table(self, lines: list[_Line], vertical: list[_Word], number: int) -> _Item | None:
        parsed = {i: p for i, p in enumerate(map(self._value_words, lines)) if p is not None}
        value_rows = list(parsed)
        if not value_rows:
            return None
        # Value columns: the x-extents of the values, merged where they overlap.
        columns: list[list[float]] = []
        for i in value_rows:
            for word in parsed[i][1]:
                columns.append([word.x0, word.x1])
        merged = _merge_extents(columns)
        labelled = [parsed[i][1][0].x0 for i in value_rows if parsed[i][0]]
        first, last = value_rows[0], value_rows[-1]
        # A column left blank in every value row (table 四 has one value row) is still printed in
        # the header: a header word over no value column, right of the labels, is a column too.
        unplaced = [w for line in lines[:first] for w in line.words
                  if (not labelled or w.x0 >= min(labelled) - 1)
                  and not any(w.x0 <= x1 + 1.0 and w.x1 >= x0 - 1.0 for x0, x1 in merged)]
        if unplaced and len(merged) > 1:
            unplaced = _beyond_flush_columns(unplaced, columns, merged)
        if unplaced and len(merged) > 1:
            # Values set flush right (or left) in their columns leave the centred header word beside
            # them, over no value: it heads that column when it is nearer to it than half a column
            # (a header over a blank column is half a column from its neighbour's values, or more).
            pitch = median((b[0] + b[1] - a[0] - a[1]) / 2 for a, b in pairwise(merged))
            unplaced = [w for w in unplaced
                        if min(max(x0 - w.center_x, w.center_x - x1, 0.0) for x0, x1 in merged) >= 0.45 * pitch]
        if unplaced:
            merged = _merge_extents([*columns, *([w.x0, w.x1] for w in unplaced)])
        value_x0 = min(labelled) if labelled else merged[0][0]
        # Rows: one per value line; label lines between value rows join the nearest row, and so
        # do the wrapped last lines of a label just above the first or below the last row.
        pitches = [lines[b].center_y - lines[a].center_y for a, b in pairwise(value_rows)]
        reach = min(median(pitches) if pitches else 0.0, 2.5 * median(w.height for line in lines for w in line.words))
        row_words: dict[int, list[_Word]] = {i: list(parsed[i][0]) for i in value_rows}
        own_rows: dict[int, list[_Word]] = {}
        for i, line in enumerate(lines):
            if i in parsed:
                continue
            in_label_area = all(w.x1 <= value_x0 + 1 for w in line.words)
            whole = _is_full_label("".join(w.text for w in line.words), self.labels)
            near = min(abs(lines[j].center_y - line.center_y) for j in value_rows) <= reach
            if in_label_area and not whole and (first < i < last or near):
                # A label wrapped over lines: each piece belongs to the row it is printed nearest to.
                for word in line.words:
                    nearest = min(value_rows, key=lambda j: abs(lines[j].center_y - word.center_y))
                    row_words[nearest].append(word)
            else:
                own_rows[i] = line.words  # header, caption or group label: a row of its own
        self._rebalance_labels(row_words, value_rows, lines)
        dangling = self._dangling(row_words, lines, first, last)
        top, bottom = lines[0].top, lines[-1].bottom
        attached: list[_Word] = []
        for word in vertical:
            if top - word.height * 2 <= word.top <= bottom:
                nearest = min(value_rows, key=lambda j: abs(lines[j].center_y - word.top - word.height / 2))
                row_words[nearest].append(word)
                attached.append(word)
        index = self.tables
        self.tables += 1
        rows: list[list[Token]] = []
        header = 0
        for i in range(len(lines)):
            r = len(rows)
            if i in own_rows:
                rows.append([self._token(w.text, [w], number, index, r, c) for c, w in enumerate(own_rows[i])])
                if i < first:
                    header += 1
                continue
            if i in dangling:
                rows.append([self._token(_cluster_text(dangling[i]), dangling[i], number, index, r, 0)])
                continue
            if i not in row_words:
                continue
            tokens: list[Token] = []
            for c, cluster in enumerate(_label_clusters(row_words[i])):
                text = join_wrapped_lines([w.text for w in cluster])
                tokens.append(self._token(text, cluster, number, index, r, c))
            base = len(tokens)
            values = parsed[i][1]
            for c, (x0, x1) in enumerate(merged):
                inside = [w for w in values if x0 - 0.5 <= w.center_x <= x1 + 0.5]
                if inside:
                    tokens.append(self._token(" ".join(w.text for w in inside), inside, number, index, r, base + c))
                else:
                    source = Provenance(format="pdf", page=number, bbox=(round(x0, 2), round(lines[i].top, 2),
                                                                          round(x1, 2), round(lines[i].bottom, 2)),
                                        table=index, row=r, column=base + c, note="按文字位置推定的空单元格")
                    tokens.append(Token("", source))
            rows.append(tokens)
        bbox = _union([w for line in lines for w in line.words] + attached)
        return _Item(lines[0].top, Table.from_tokens(rows, Provenance(format="pdf", page=number, bbox=bbox, table=index,
                                                          note="按文字位置重建的表格（无表格线）")), header, attached)

    def _rebalance_labels(self, row_words: dict[int, list[_Word]], value_rows: list[int], lines: list[_Line]) -> None:
        """A label wrapped over many lines, its values on the middle one, prints its last line nearer
        to the next row's values than to its own ("…其政府信息" / "公开申请" above "3.其他"). Where
        neither of two neighbouring rows reads as a whole label, wrapped lines move across when that
        makes one whole: the template's labels decide what distance alone cannot."""
        for a, b in pairwise(value_rows):
            for _ in range(_MAX_WRAP):
                if not (self._move_line(row_words, a, b, lines[b], down=False)
                        or self._move_line(row_words, b, a, lines[a], down=True)):
                    break

    def _dangling(self, row_words: dict[int, list[_Word]], lines: list[_Line], first: int,
                  last: int) -> dict[int, list[_Word]]:
        """Label lines above the first row or below the last that only spoil a whole label there: a
        row cut by the page break, whose other half is on the other page. Each stays a row of its own
        (keyed by its first line) for `_join_split_row`, not a tail on its neighbour's label."""
        out: dict[int, list[_Word]] = {}
        for j, below in ((first, False), (last, True)):
            clusters = _label_clusters(row_words[j])
            for cluster in clusters:
                extra = [w for w in cluster if (w.top > lines[j].bottom + 1 if below else w.bottom < lines[j].top - 1)]
                rest = [w for w in cluster if all(w is not e for e in extra)]
                # Without the lines, the row still has its whole label: in this column, or in another.
                whole = _is_full_label(_cluster_text(rest), self.labels) if rest else any(
                    c is not cluster and _is_full_label(_cluster_text(c), self.labels) for c in clusters)
                if not extra or not whole or _is_full_label(_cluster_text(cluster), self.labels):
                    continue
                ids = {id(w) for w in extra}
                row_words[j] = [w for w in row_words[j] if id(w) not in ids]
                head = min(extra, key=lambda w: (w.top, w.x0))
                out[next(i for i, line in enumerate(lines) if any(w is head for w in line.words))] = extra
        return out

    def _move_line(self, row_words: dict[int, list[_Word]], to: int, frm: int, own: _Line, down: bool) -> bool:
        """Move the outer wrapped lines of a label of row `frm` (its top lines when `down` is False,
        else its bottom lines) to the label in the same column of row `to`, when neither reads as a
        whole label and those lines, fewest first, make the label of `to` whole."""
        for cluster in _label_clusters(row_words[frm]):
            # Only lines printed apart from the row's value line are wrapped pieces that may belong elsewhere.
            apart = [w for w in cluster if (w.bottom < own.top - 1 if not down else w.top > own.bottom + 1)]
            tops = sorted({round(w.top) for w in apart}, reverse=down)
            if not tops or len(apart) == len(cluster):
                continue
            target = [c for c in _label_clusters(row_words[to])
                      if min(w.x0 for w in c) < max(w.x1 for w in apart) and min(w.x0 for w in apart) < max(w.x1 for w in c)]
            if len(target) != 1 or _is_full_label(_cluster_text(cluster), self.labels) \
                    or _is_full_label(_cluster_text(target[0]), self.labels):
                continue
            for k in range(1, len(tops) + 1):
                piece = [w for w in apart if round(w.top) in tops[:k]]
                if _is_full_label(_cluster_text([*target[0], *piece]), self.labels):
                    ids = {id(w) for w in piece}
                    row_words[frm] = [w for w in row_words[frm] if id(w) not in ids]
                    row_words[to].extend(piece)
                    return True
        return False

    @staticmethod
    def _token(text: str, words: list[_Word], number: int, table: int, row: int, column: int) -> Token:
        return Token(text, Provenance(format="pdf", page=number, bbox=_union(words), table=table, row=row,
                                      column=column))

    # --- continued tables ----------------------------------------------------------------------------

    def _drop_repeated_header(self, item: _Item, previous: _Item, number: int) -> None:
        """A table at the top of a page that repeats the header rows of the table before it."""
        if not isinstance(previous.block, Table):
            return
        # The header of the table piece being continued: the first piece of that run of pieces.
        first = previous
        for block in reversed(self.doc.blocks):
            if not isinstance(block, Table):
                break
            first = _Item(0, block, _header_rows(block.rows))
        assert isinstance(first.block, Table)
        head = [_row_key(r) for r in first.block.rows[:first.header_rows]]
        table = item.block
        assert isinstance(table, Table)
        rows = table.rows
        n = 0
        while n < len(head) and n < item.header_rows and _row_key(rows[n]) == head[n] and head[n]:
            n += 1
        if n:
            table.drop_rows(n)
            self.doc.notes.append(f"PDF 第{number}页：表格跨页续表，重复的表头（{n}行）已略去")

    def _join_split_row(self, item: _Item, previous: _Item, number: int) -> None:
        """One row cut by the page break (Word's "允许跨页断行"): the first lines of its label at the
        foot of the last page, the rest on this one, and its values printed on one side only. Read
        apart, the side without values would stand as a row of blank cells under the label."""
        before, after = previous.block, item.block
        if not isinstance(before, Table) or not isinstance(after, Table) or not before.texts or not after.texts:
            return
        last = next((b for b in reversed(self.doc.blocks) if not (isinstance(b, str) and _CONTINUED.match(norm(b)))),
                    None)
        if before is not last:
            return
        first, second = before.rows[-1], after.rows[0]
        if _has_value(first) and _has_value(second):
            return
        # The two pieces may have different column rules (a label spanning columns on one page only):
        # the label's halves are found by position. Each is printed, neither is a label alone, and
        # together they are one.
        cut = [(a, b) for a in first for b in second
               if a.source.bbox is not None and b.source.bbox is not None and not a.merged and not b.merged
               and a.source.bbox[0] < b.source.bbox[2] and b.source.bbox[0] < a.source.bbox[2]
               and classify(a.text).kind is Kind.TEXT and classify(b.text).kind is Kind.TEXT
               and not _is_full_label(a.text, self.labels) and not _is_full_label(b.text, self.labels)
               and _is_full_label(join_wrapped_lines([a.text, b.text]), self.labels)]
        if len(cut) != 1:
            self._join_split_lines(before, after, number)
            return
        top, bottom = cut[0]
        label = join_wrapped_lines([top.text, bottom.text])
        # The whole label goes to the side with the values. The other side's row goes, unless a group
        # label cut by the same break is printed in it too: that stays, a row without values.
        on_first = _has_value(first)
        keep, gone = (top, bottom) if on_first else (bottom, top)
        kept_row, gone_row = (first, second) if on_first else (second, first)
        kept_table, gone_table = (before, after) if on_first else (after, before)
        kept_table.texts[-1 if on_first else 0][_index(kept_row, keep)] = label
        g = 0 if on_first else len(before.texts) - 1
        if any(not t.merged and norm(t.text) for t in gone_row if t is not gone):
            gone_table.texts[g][_index(gone_row, gone)] = ""
        elif gone_table is after:
            after.drop_rows(1)
        else:
            before.keep_rows(g)  # g is its last row
        self.doc.notes.append(f"PDF 第{before.source.page or number - 1}、{number}页：表格行「{label}」被分页断开"
                              f"（上页「{top.text}」，本页「{bottom.text}」），已合为一行读取")

    def _join_split_lines(self, before: Table, after: Table, number: int) -> None:
        """The first half of a broken label read as rows of one line each (without rules, lines
        further apart than a row pitch stand alone): the last of these rows of the last page, with
        the label that starts the next, make one label; the rows go."""
        tail: list[Token] = []
        for row in reversed(before.rows):
            printed = [t for t in row if not t.merged and norm(t.text)]
            if len(printed) != 1 or classify(printed[0].text).kind is not Kind.TEXT \
                    or printed[0].source.bbox is None or _is_full_label(printed[0].text, self.labels):
                break
            tail.insert(0, printed[0])
            if len(tail) == _MAX_WRAP:
                break
        if len(tail) < 2:  # one row is `_join_split_row`'s case
            return
        second = after.rows[0]
        for b in second:
            box = b.source.bbox
            if box is None or b.merged or classify(b.text).kind is not Kind.TEXT or _is_full_label(b.text, self.labels):
                continue
            for m in range(2, len(tail) + 1):
                pieces = tail[-m:]
                label = join_wrapped_lines([*(p.text for p in pieces), b.text])
                if not all(p.source.bbox is not None and p.source.bbox[0] < box[2] and box[0] < p.source.bbox[2]
                           for p in pieces) or not _is_full_label(label, self.labels):
                    continue
                after.texts[0][_index(second, b)] = label
                before.keep_rows(len(before.texts) - m)
                upper = "".join(p.text for p in pieces)
                self.doc.notes.append(f"PDF 第{before.source.page or number - 1}、{number}页：表格行「{label}」被分页断开"
                                      f"（上页「{upper}」，本页「{b.text}」），已合为一行读取")
                return


# --- turned pages ------------------------------------------------------------------------------------


def _turn(chars: list[dict[str, Any]]) -> int:
    """Counter-clockwise angle (90, 180, 270) the text of most of the page is set at as displayed;
    0 for an upright page, and when no one angle holds most of the characters."""
    # The usual page, decided in one cheap pass: most characters exactly level.
    if sum(1 for c in chars if (m := c.get("matrix") or _LEVEL)[1] == 0 and m[0] > 0) * 2 >= len(chars):
        return 0
    # A pale watermark is no part of the text (`_clean` drops it), so it never turns a page.
    inked = [c for c in chars if not _is_light(c.get("non_stroking_color"))]
    counts = _angles(inked)
    best = max(range(1, 4), key=counts.__getitem__)
    return best * 90 if counts[best] * 2 > len(inked) else 0


def _angles(chars: list[dict[str, Any]]) -> list[int]:
    """Characters set at 0°, 90°, 180° and 270° counter-clockwise (others, slanted, in none)."""
    counts = [0, 0, 0, 0]
    for char in chars:
        matrix = char.get("matrix") or (1, 0, 0, 1)
        a, b = float(matrix[0]), float(matrix[1])
        if abs(b) <= 0.05 * abs(a):
            counts[0 if a > 0 else 2] += 1
        elif abs(a) <= 0.05 * abs(b):
            counts[1 if b > 0 else 3] += 1
    return counts


def _reread(page: Any, rotation: int) -> Any:
    """The same page interpreted as if its /Rotate were `rotation`: pdfminer then sets the text
    upright, and words, rules and tables are found as on any page."""
    from pdfplumber.page import Page

    obj = copy.copy(page.page_obj)
    obj.rotate = rotation
    obj.attrs = {**page.page_obj.attrs, "Rotate": rotation}
    return Page(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def _to_user(rotation: int, x: float, top: float, w: float, h: float) -> tuple[float, float]:
    """A point of a page shown at `rotation` (pdfplumber's x, top) in the page's own (unrotated,
    bottom-up) space of width w and height h, relative to the MediaBox corner."""
    if rotation == 90:
        return top, x
    if rotation == 180:
        return w - x, top
    if rotation == 270:
        return w - top, h - x
    return x, h - top


def _from_user(rotation: int, u: float, v: float, w: float, h: float) -> tuple[float, float]:
    """The inverse of `_to_user`: pdfminer's page matrix for `rotation`, flipped top-down."""
    if rotation == 90:
        return v, u
    if rotation == 180:
        return w - u, v
    if rotation == 270:
        return h - v, w - u
    return u, h - v


class _Frame:
    """A page read turned (`upright`) and shown as its /Rotate says (`display`): maps the bboxes
    found on the one to where the other shows them."""

    def __init__(self, display: Any, upright: Any) -> None:
        self.display, self.upright = display, upright
        # The MediaBox's own width and height, before any rotation.
        self.w, self.h = ((float(display.height), float(display.width)) if display.rotation in (90, 270)
                          else (float(display.width), float(display.height)))

    def bbox(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        ux, ut = float(self.upright.bbox[0]), float(self.upright.bbox[1])
        dx, dt = float(self.display.bbox[0]), float(self.display.bbox[1])
        xs, tops = [], []
        for x, top in ((bbox[0], bbox[1]), (bbox[2], bbox[3])):
            u, v = _to_user(self.upright.rotation, x - ux, top - ut, self.w, self.h)
            px, pt = _from_user(self.display.rotation, u, v, self.w, self.h)
            xs.append(px + dx)
            tops.append(pt + dt)
        return round(min(xs), 2), round(min(tops), 2), round(max(xs), 2), round(max(tops), 2)

    def source(self, source: Provenance) -> Provenance:
        if source.bbox is None:
            return source
        return dataclasses.replace(source, bbox=self.bbox(source.bbox))

    def to_display(self, items: list[_Item]) -> None:
        for item in items:
            block = item.block
            block.source = self.source(block.source)
            if isinstance(block, Table) and block.sources is not None:
                block.sources = [[self.source(s) for s in row] for row in block.sources]


def _clean(page: Any) -> Any:
    """The page without what is printed but not read: a character drawn twice at a small offset
    (bold simulated by overprinting, common in Chinese PDFs) is kept once, and a watermark (text
    set at an angle across an upright page, or in a pale colour) is dropped."""
    chars = page.chars
    # pdfplumber's dedupe costs more than reading the page: only where some character is drawn twice.
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            page = page.dedupe_chars(tolerance=1)
            chars = page.chars
            break
        seen.add(key)
    level = sum(1 for c in chars if _level(c))
    slanted = len(chars) / 2 < level < len(chars)  # an upright page with some text at an angle
    if not slanted and not any(_is_light(c.get("non_stroking_color")) for c in chars):
        return page  # nothing to drop (the usual page)

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        if slanted and not _level(obj):
            return False
        return not _is_light(obj.get("non_stroking_color"))

    return page.filter(keep)


def _level(char: dict[str, Any]) -> bool:
    """Set on a horizontal baseline (pdfminer's `upright` still holds for text turned 45°)."""
    matrix = char.get("matrix") or (1, 0, 0, 1)
    a, b = float(matrix[0]), float(matrix[1])
    return bool(char.get("upright", True)) and abs(b) <= 0.05 * abs(a)


def _flush_side(columns: list[list[float]], merged: list[list[float]]) -> str | None:
    """"left" or "right" where the values of every column whose values differ in width line up on
    that edge (Word's 左对齐/右对齐 in cells without rules), else None."""
    sides = set()
    for x0, x1 in merged:
        inside = [extent for extent in columns if x0 <= extent[0] and extent[1] <= x1]
        starts, ends = [e[0] for e in inside], [e[1] for e in inside]
        if max(ends) - min(ends) > 1.5 and max(starts) - min(starts) <= 0.6:
            sides.add("left")
        elif max(starts) - min(starts) > 1.5 and max(ends) - min(ends) <= 0.6:
            sides.add("right")
        elif max(starts) - min(starts) > 1.5:
            return None  # neither edge: centred
    return sides.pop() if len(sides) == 1 else None


def _beyond_flush_columns(words: list[_Word], columns: list[list[float]], merged: list[list[float]]) -> list[_Word]:
    """The header words that stand over none of the value columns, where the values are set flush
    left (right): a column then runs from its values' left edge to the next column's (from the column
    before's right edge to its own), and a centred header word inside that span heads it. Where two
    value columns are far enough apart for a column between them (one and a half times the usual
    distance), that span says nothing, and the word is left to `_word_table`'s measure."""
    side = _flush_side(columns, merged)
    if side is None:
        return words
    edges = [x0 for x0, _ in merged] if side == "left" else [x1 for _, x1 in merged]
    pitch = median(b - a for a, b in pairwise(edges))
    if side == "left":
        spans = [(a, b) for a, b in pairwise([*edges, edges[-1] + pitch])]
    else:
        spans = [(a, b) for a, b in pairwise([edges[0] - pitch, *edges])]
    spans = [(a, b) for a, b in spans if b - a < 1.5 * pitch]
    return [w for w in words if not any(a - 1.0 <= w.x0 and w.x1 <= b + 1.0 for a, b in spans)]


def _merge_extents(extents: list[list[float]]) -> list[list[float]]:
    """x-extents merged where they overlap (or nearly touch), left to right."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(extents):
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return merged


def _row_key(row: list[Token]) -> str:
    return "|".join(norm(t.text) for t in row if not t.merged and norm(t.text))


def _is_continued(block: Para | Table) -> bool:
    return isinstance(block, Para) and _CONTINUED.match(norm(block.text)) is not None


def _index(row: list[Token], token: Token) -> int:
    return next(i for i, t in enumerate(row) if t is token)


def _has_value(row: list[Token]) -> bool:
    return any(not t.merged and norm(t.text) and _is_value(t.text) for t in row)


def _header_rows(rows: list[list[Token]]) -> int:
    """Leading rows without any value: the header of a table (none for a piece that starts with data)."""
    n = 0
    for row in rows:
        if any(not t.merged and norm(t.text) and _is_value(t.text) for t in row):
            break
        n += 1
    return n


def _letter_spaced(chars: list[dict[str, Any]], bbox: Any) -> bool:
    """The characters of one ruled cell are one number set with wide character spacing: one line,
    no space character printed among them, and every gap the same, at most one character high.
    A space typed between two numbers is printed as a space character: those stay apart ("1 2" is
    TEXT, §3.7), and so do digits at uneven distances (two numbers placed apart)."""
    x0, top, x1, bottom = (float(v) for v in bbox)
    inside = sorted((c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom),
                    key=lambda c: c["x0"])
    if len(inside) < 2 or any(not c["text"].strip() for c in inside):
        return False
    size = max(float(c["bottom"]) - float(c["top"]) for c in inside)
    if max(float(c["top"]) for c in inside) - min(float(c["top"]) for c in inside) > size / 2:
        return False  # more than one line
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in pairwise(inside)]
    return max(gaps) <= size and max(gaps) - min(gaps) <= max(0.5, 0.1 * size)


def _mark_label_slots(tokens: list[Token]) -> list[Token]:
    """Empty cells before a row's label are the rest of a merged label cell (a vertical group label
    cut by the page break, or its empty half): they are never values, so they are marked merged."""
    label_at = next((i for i, t in enumerate(tokens) if not t.merged and norm(t.text)
                     and classify(t.text).kind is Kind.TEXT), None)
    if label_at is None:
        return tokens
    out = list(tokens)
    for i in range(label_at):
        token = out[i]
        if not token.merged and not norm(token.text):
            out[i] = Token("", _with_note(token.source, "标签列中的空单元格（合并单元格的一部分）"), merged=True)
    return out


def _with_note(source: Provenance, note: str) -> Provenance:
    return Provenance(source.format, source.line, source.line_end, source.col_start, source.col_end,
                      source.table, source.row, source.column, source.page, source.bbox, source.row_label,
                      source.column_label, source.match, note)


def _is_rule(obj: dict[str, Any]) -> bool:
    """A ruling line: stroked, or a thin bar filled with a dark colour. Pale fills are backgrounds."""
    if obj.get("stroke"):
        return not _is_light(obj.get("stroking_color"))
    thin = min(float(obj.get("width", 0)), float(obj.get("height", 0))) <= 2.0
    return bool(obj.get("fill")) and thin and not _is_light(obj.get("non_stroking_color"))


def _is_light(color: Any) -> bool:
    if color is None:
        return False
    if isinstance(color, int | float):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False  # a pattern colour: treat as ink
    if len(values) == 1:
        return values[0] >= 0.85
    if len(values) == 3:
        return min(values) >= 0.85
    if len(values) == 4:
        return max(values) <= 0.15
    return False


def _wrapped_values(words: list[_Word]) -> list[list[_Word]]:
    """Values whose note wraps onto the next lines of the same column: each the words, top down,
    from the line that opens the note to the line that closes it. A line is taken only when it is
    the one word right below the last, overlapping it across; anything else ends the search."""
    starts = [w for w in words if _OPEN_NOTE.match(w.text) and _paren_depth(w.text) > 0]
    if not starts:
        return []  # the usual page: no value with an open note
    chains: list[list[_Word]] = []
    for start in starts:
        chain, depth = [start], _paren_depth(start.text)
        while depth > 0 and len(chain) < _MAX_WRAP:
            last = chain[-1]
            below = [w for w in words if w is not last
                     and -0.3 * last.height <= w.top - last.bottom <= 0.8 * last.height
                     and w.x0 < last.x1 and w.x1 > last.x0]
            if len(below) != 1 or any(below[0] is w for w in starts):
                break
            chain.append(below[0])
            depth += _paren_depth(below[0].text)
        text = join_wrapped_lines([w.text for w in chain])
        if len(chain) > 1 and depth == 0 and _is_row_value(text):
            chains.append(chain)
    return chains


def _vertical_runs(words: list[_Word]) -> tuple[list[_Word], list[_Word]]:
    """Join labels printed one character per line ("三" "、" "本" "年" …) into one word each."""
    candidates = [w for w in words if len(norm(w.text)) <= 2 and not any(ch.isdigit() for ch in w.text)
                  and not _is_value(w.text)]
    used: set[int] = set()
    joined: list[_Word] = []
    by_x: list[list[_Word]] = []
    for word in sorted(candidates, key=lambda w: w.top):
        for column in by_x:
            last = column[-1]
            if abs(last.center_x - word.center_x) <= max(3.0, last.height * 0.4) and \
                    0 <= word.top - last.bottom <= last.height * 1.5:
                column.append(word)
                break
        else:
            by_x.append([word])
    for column in by_x:
        if len(column) >= 3:
            used.update(id(w) for w in column)
            x0, top, x1, bottom = _union(column)
            joined.append(_Word(join_wrapped_lines([w.text for w in column]), x0, top, x1, bottom))
    return [w for w in words if id(w) not in used], joined


def _cluster_text(words: list[_Word]) -> str:
    return join_wrapped_lines([w.text for w in sorted(words, key=lambda w: (w.top, w.x0))])


def _label_clusters(words: list[_Word]) -> list[list[_Word]]:
    """Label words of one row grouped by column (overlapping x-extents), each in reading order."""
    clusters: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.x0):
        for cluster in clusters:
            if word.x0 <= max(w.x1 for w in cluster) - 1 and word.x1 >= min(w.x0 for w in cluster) + 1:
                cluster.append(word)
                break
        else:
            clusters.append([word])
    for cluster in clusters:
        cluster.sort(key=lambda w: (w.top, w.x0))
    clusters.sort(key=lambda c: min(w.x0 for w in c))
    return clusters
