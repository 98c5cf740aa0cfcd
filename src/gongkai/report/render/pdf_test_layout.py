"""Text PDFs in the layout of real published reports, for tests and the benchmark (not a product output).

Real reports are printed from Word: A4, a title, the six sections as running text, and tables
二/三/四 drawn with ruling lines. What makes them hard to read, and what this generator reproduces:

- table 三 (and others) continue on the next page, with their header rows printed again;
- a page number "- 3 -" in the footer band, read between two rows of a table that crosses the page;
- a merged cell cut by the page break prints part of its text on each page ("（四）无" / "法提供");
- the vertical group label 三、本年度办理结果 printed one character per line;
- header and label text wrapped inside narrow cells ("商业" / "企业").

`ruled=False` prints the same page without ruling lines, for the reader's word-position fallback.
`turn` sets pages at /Rotate 90/180/270 and/or turns their drawing on the paper (landscape pages).
`style` gives the variants of `Style`: rows broken by the page (under a "续表" caption or not),
labels wrapped over many lines, values set at the top of their cell, flush against its edge, or
with wide character spacing.
Text uses reportlab's built-in CID font STSong-Light, so no font file is needed and pdfplumber
extracts it as Unicode. The tables come from `render.grid`, like every other renderer.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, replace

from gongkai.report.model import AnnualReport
from gongkai.report.render.grid import Grid, GridCell, Heading, Paragraph, TableBlock, blocks, cell_text

try:  # reportlab is a test/benchmark dependency only
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
except ImportError as exc:  # pragma: no cover - reported to the caller
    raise ImportError("生成测试用 PDF 需要 reportlab（pip install 'reportlab>=4.0'）") from exc

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.27, 841.89
LEFT, RIGHT = 74.0, 521.0
TOP, BOTTOM = 80.0, 770.0  # content band, in top-down coordinates (points from the page top)
PAGE_NUMBER_TOP = 795.0
HEADER_TOP = 45.0
TABLE_FONT, TABLE_LEADING, PAD, MIN_ROW = 8.0, 10.0, 3.0, 18.0
BODY_FONT, BODY_LEADING = 12.0, 22.0

_registered = False


def _font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _pieces(text: str) -> list[str]:
    """Breakable units: one CJK character, or a run of Latin letters/digits (never broken)."""
    out: list[str] = []
    for ch in text:
        if out and ch.isascii() and (ch.isalnum() or ch in ".,+-") and out[-1][-1].isascii() \
                and (out[-1][-1].isalnum() or out[-1][-1] in ".,+-"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and _width(line + piece, size) > width:
            lines.append(line)
            line = piece.lstrip()
        else:
            line += piece
    if line:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Style:
    """Variants of the layout; the defaults print what `render_pdf_test_layout` always printed.

    - `split_rows`: a row that does not fit at the page foot breaks there (Word's 允许跨页断行):
      its text flows from the top of the cell, the first lines on one page and the rest on the next.
    - `label_width`: width of table 三's row-label column (130 pt by default); narrower, labels wrap
      over three or more lines while the values sit level with the middle line.
    - `values_top`: values at the top of their cell (the label's first line), not centred.
    - `offset`: blank space before table 三, to move where the page breaks it.
    - `value_align`: "right" or "left" sets each value flush against its cell's edge (1 pt off the
      rule), not centred; the header above stays centred.
    - `continued`: a caption ("续表") printed over each part of a table continued on a next page.
    - `value_spacing`: extra space in points after each character of a value (Word's 字符间距加宽):
      "28" prints as "2 8" to a reader that splits at gaps.
    """

    split_rows: bool = False
    label_width: float | None = None
    values_top: bool = False
    offset: float = 0.0
    value_spacing: float = 0.0
    continued: str | None = None
    value_align: str = "center"


def _column_widths(layout: Grid, style: Style | None = None) -> list[float]:
    total = RIGHT - LEFT
    if layout.table == "t2":
        first = 150.0
        return [first, *([(total - first) / (layout.width - 1)] * (layout.width - 1))]
    if layout.table == "t3":
        fixed = [22.0, 58.0, style.label_width if style and style.label_width else 130.0]
        rest = (total - sum(fixed)) / (layout.width - 3)
        return [*fixed, *([rest] * (layout.width - 3))]
    return [total / layout.width] * layout.width


@dataclass
class _Placed:
    page: int
    top: float
    height: float


def _vertical(layout: Grid, cell: GridCell) -> bool:
    return cell.role == "group" and cell.rowspan > 1 and cell.column == 0


def _parts(rows: list[_Placed]) -> list[list[_Placed]]:
    parts: list[list[_Placed]] = []
    for row in rows:
        if parts and parts[-1][-1].page == row.page:
            parts[-1].append(row)
        else:
            parts.append([row])
    return parts


def render_pdf_test_layout(report: AnnualReport, *, ruled: bool = True, running_header: str | None = None,
                           page_numbers: bool = True, turn: Mapping[int, tuple[int, int]] | None = None,
                           style: Style | None = None) -> bytes:
    """The report as a text PDF laid out like a real published one (see the module docstring).

    Everything is laid out first (pages and positions), then drawn page by page: a merged cell
    that crosses a page break puts text on two pages.

    `turn` maps a page number to (`/Rotate` of the page, clockwise angle the drawing is turned by
    on the paper), each 0, 90, 180 or 270; the MediaBox takes the shape of the turned drawing.
    The page is displayed upright when the two add up to 360 (a landscape table page printed
    through a portrait driver); otherwise a reader has to turn the page to read it (a page
    turned in a viewer and saved, or a table set sideways on the paper).
    """
    layout_writer = _Layout(ruled, running_header, page_numbers, dict(turn or {}), style or Style())
    for block in blocks(report):
        if isinstance(block, Heading):
            if block.level == 1:
                layout_writer.title(block.text)
            else:
                layout_writer.paragraph(block.text)
        elif isinstance(block, Paragraph):
            layout_writer.paragraph(block.text)
        elif isinstance(block, TableBlock):
            layout_writer.table(block.grid, report)
    return layout_writer.draw()


class _Layout:
    """Positions of every text line and cell rectangle, by page; drawn at the end."""

    def __init__(self, ruled: bool, running_header: str | None, page_numbers: bool,
                 turn: dict[int, tuple[int, int]] | None = None, style: Style | None = None) -> None:
        _font()
        self.style = style or Style()
        self.turn = turn or {}
        self.ruled = ruled
        self.running_header = running_header
        self.page_numbers = page_numbers
        self.page = 1
        self.y = TOP
        # page -> list of ("text", x, top, size, text) | ("rect", x0, top, x1, bottom)
        self.items: dict[int, list[tuple]] = {1: []}

    def new_page(self) -> None:
        self.page += 1
        self.y = TOP
        self.items.setdefault(self.page, [])

    def text_at(self, page: int, text: str, x: float, top: float, size: float, spacing: float = 0.0) -> None:
        if spacing:  # character spacing (Tc): only where asked, the plain layout's bytes stay as they were
            self.items.setdefault(page, []).append(("spaced", x, top, size, text, spacing))
        else:
            self.items.setdefault(page, []).append(("text", x, top, size, text))

    def title(self, text: str) -> None:
        size = 16.0
        while _width(text, size) > RIGHT - LEFT and size > 9:
            size -= 1
        self.text_at(self.page, text, (PAGE_W - _width(text, size)) / 2, self.y, size)
        self.y += size * 2.2

    def paragraph(self, text: str) -> None:
        indent = 2 * BODY_FONT
        first = wrap(text, RIGHT - LEFT - indent, BODY_FONT)
        lines = first[:1]
        if len(first) > 1:
            lines += wrap(text[len(first[0]):], RIGHT - LEFT, BODY_FONT)
        for i, line in enumerate(lines):
            if self.y + BODY_LEADING > BOTTOM:
                self.new_page()
            self.text_at(self.page, line, LEFT + (indent if i == 0 else 0.0), self.y, BODY_FONT)
            self.y += BODY_LEADING

    def table(self, layout: Grid, report: AnnualReport) -> None:
        style = self.style
        if style.offset and layout.table == "t3":
            self.y += style.offset
            if self.y > BOTTOM - 40:
                self.new_page()
                self.y += style.offset % 300
        widths = _column_widths(layout, style)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        texts: dict[tuple[int, int], list[str]] = {}
        heights = [MIN_ROW] * len(layout.rows)
        origins: list[tuple[int, GridCell]] = []
        for r, row in enumerate(layout.rows):
            for cell in row.cells:
                text = cell_text(report.cells.get(cell.key)) if cell.key else cell.text
                inner = sum(widths[cell.column:cell.column + cell.colspan]) - 2 * PAD
                lines = list(text) if _vertical(layout, cell) else (wrap(text, inner, TABLE_FONT) if text else [])
                texts[(r, cell.column)] = lines
                origins.append((r, cell))
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], len(lines) * TABLE_LEADING + 2 * PAD)
        for r, cell in origins:  # a merged cell taller than its rows stretches the last of them
            need = len(texts[(r, cell.column)]) * TABLE_LEADING + 2 * PAD
            have = sum(heights[r:r + cell.rowspan])
            if need > have:
                heights[r + cell.rowspan - 1] += need - have
        head = layout.head_rows
        if self.y + sum(heights[:head + 1]) > BOTTOM:  # never leave the header alone at a page foot
            self.new_page()
        placed: dict[int, list[_Placed]] = {}  # a row broken by the page has a piece on each
        repeats: list[tuple[int, float]] = []
        for r in range(len(layout.rows)):
            first: _Placed | None = None
            if self.y + heights[r] > BOTTOM:
                # Lines of the row that fit above the page foot, and lines it has in all.
                fit = int((BOTTOM - self.y - 1.0 - PAD) // TABLE_LEADING)
                count = round((heights[r] - 2 * PAD) / TABLE_LEADING)
                if style.split_rows and r >= head and 1 <= fit < count:
                    first = _Placed(self.page, self.y, BOTTOM - self.y)
                self.new_page()
                if style.continued:
                    self.text_at(self.page, style.continued, LEFT, self.y, 10.5)
                    self.y += 18.0
                if head and r >= head:
                    repeats.append((self.page, self.y))
                    self.y += sum(heights[:head])
            if first is None:
                placed[r] = [_Placed(self.page, self.y, heights[r])]
                self.y += heights[r]
            else:  # the rest of the lines, with the cell's padding again below the page break
                rest = heights[r] - fit * TABLE_LEADING + 1.0
                placed[r] = [first, _Placed(self.page, self.y, rest)]
                self.y += rest
        self.y += 14.0
        for r, cell in origins:
            rows = [piece for i in range(r, r + cell.rowspan) for piece in placed[i]]
            self._cell(cell, _parts(rows), texts[(r, cell.column)], xs, layout)
        for page, top in repeats:  # the header rows again, whole, on each continuation page
            shift = top - placed[0][0].top
            for r, cell in origins:
                if r < head:
                    rows = [replace(placed[i][0], page=page, top=placed[i][0].top + shift)
                            for i in range(r, r + cell.rowspan)]
                    self._cell(cell, [rows], texts[(r, cell.column)], xs, layout)

    def _cell(self, cell: GridCell, parts: list[list[_Placed]], lines: list[str], xs: list[float],
              layout: Grid) -> None:
        x0, x1 = xs[cell.column], xs[cell.column + cell.colspan]
        if self.ruled:
            for part in parts:
                self.items.setdefault(part[0].page, []).append(
                    ("rect", x0, part[0].top, x1, part[-1].top + part[-1].height))
        # Lines are centred over the whole merged height, then cut at the page break: a merged
        # label crossing pages prints its first lines on one page and the rest on the next.
        spans = [(part[0].page, part[0].top, sum(p.height for p in part)) for part in parts]
        total = sum(h for _, _, h in spans)
        virtual = max((total - len(lines) * TABLE_LEADING) / 2, PAD)
        if (self.style.values_top and cell.key) or (len(spans) > 1 and cell.rowspan == 1 and not cell.key):
            virtual = PAD  # at the top; a label broken by the page flows from the top as Word sets it
        queue = list(lines)
        start = 0.0
        for index, (page, top, height) in enumerate(spans):
            last = index == len(spans) - 1
            local = max(virtual - start, PAD)
            while queue and (local + TABLE_LEADING <= height - 1.0 or last):
                line = queue.pop(0)
                spacing = self.style.value_spacing if cell.key else 0.0
                width = _width(line, TABLE_FONT) + spacing * (len(line) - 1)
                x = x0 + PAD if cell.role == "label" else (x0 + x1 - width) / 2
                if cell.key and self.style.value_align == "right":
                    x = x1 - 1.0 - width
                elif cell.key and self.style.value_align == "left":
                    x = x0 + 1.0
                self.text_at(page, line, x, top + local + (TABLE_LEADING - TABLE_FONT) / 2, TABLE_FONT, spacing)
                local += TABLE_LEADING
            start += height
            virtual = max(virtual, start)

    def draw(self) -> bytes:
        out = io.BytesIO()
        c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
        c.setTitle("gongkai test layout")
        for page in range(1, self.page + 1):
            items = list(self.items.get(page, []))
            if self.running_header:
                size = 9.0
                items.append(("text", (PAGE_W - _width(self.running_header, size)) / 2, HEADER_TOP, size,
                              self.running_header))
            if self.page_numbers:
                label = f"- {page} -"
                # Odd pages on the right, even on the left, as printed for double-sided binding.
                x = RIGHT - _width(label, 10.5) if page % 2 else LEFT
                items.append(("text", x, PAGE_NUMBER_TOP, 10.5, label))
            turned = page in self.turn
            if turned:
                _turn_page(c, *self.turn[page])
            c.setLineWidth(0.5)
            for item in items:
                if item[0] == "rect":
                    _, x0, top, x1, bottom = item
                    c.rect(x0, PAGE_H - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
                elif item[0] == "spaced":
                    _, x, top, size, text, spacing = item
                    line = c.beginText(x, PAGE_H - top - size * 0.88)
                    line.setFont(FONT, size)
                    line.setCharSpace(spacing)
                    line.textOut(text)
                    line.setCharSpace(0)  # Tc outlives the text object: the next string is set plain
                    c.drawText(line)
                else:
                    _, x, top, size, text = item
                    c.setFont(FONT, size)
                    # The baseline sits about 0.88 em below the top of a CJK glyph box.
                    c.drawString(x, PAGE_H - top - size * 0.88, text)
            if turned:
                c.restoreState()
            c.showPage()
            if turned:  # the canvas keeps size and /Rotate for the pages after: back to plain A4
                c.setPageSize((PAGE_W, PAGE_H))
                c.setPageRotation(0)
        c.save()
        return out.getvalue()


# The drawing turned clockwise on the paper: (a, b, c, d, e, f) of the PDF `cm` operator, which
# maps a point of the upright A4 drawing into the turned page's user space.
_TURNS = {
    90: (0.0, -1.0, 1.0, 0.0, 0.0, PAGE_W),
    180: (-1.0, 0.0, 0.0, -1.0, PAGE_W, PAGE_H),
    270: (0.0, 1.0, -1.0, 0.0, PAGE_H, 0.0),
}


def _turn_page(c: canvas.Canvas, rotate: int, drawn: int) -> None:
    if rotate % 90 or drawn % 90:
        raise ValueError(f"页面旋转角度必须是 90 的倍数：/Rotate {rotate}，绘制 {drawn}")
    drawn, rotate = drawn % 360, rotate % 360
    # reportlab takes the displayed size and writes the MediaBox swapped on a page at 90°/270°.
    sideways = (drawn in (90, 270)) != (rotate in (90, 270))
    c.setPageSize((PAGE_H, PAGE_W) if sideways else (PAGE_W, PAGE_H))
    c.setPageRotation(rotate)
    c.saveState()
    if drawn:
        c.transform(*_TURNS[drawn])


def render_scanned_pdf(pages: int = 2) -> bytes:
    """An image-only PDF (what a scanner produces): pages with a picture and no text layer."""
    from reportlab.lib.utils import ImageReader

    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover
        Image = None  # type: ignore[assignment]
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H))
    for page in range(pages):
        if Image is not None:
            image = Image.new("L", (300, 420), 255)
            draw = ImageDraw.Draw(image)
            for row in range(12):  # something that looks like a ruled table on paper
                draw.line((20, 60 + row * 25, 280, 60 + row * 25), fill=0)
            draw.rectangle((20 + page * 5, 20, 200, 40), fill=0)
            c.drawImage(ImageReader(image), 40, 60, PAGE_W - 80, PAGE_H - 120)
        else:  # pragma: no cover
            c.rect(40, 60, PAGE_W - 80, PAGE_H - 120, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()
