"""Text PDFs with turned pages, and values whose note wraps in a narrow column without rules.

The fixtures are the project's own test layout (`render_pdf_test_layout`), with pages turned by
its `turn` option: (/Rotate of the page, clockwise turn of the drawing on the paper).
"""

from __future__ import annotations

import io
from collections import Counter
from functools import cache

import pdfplumber
import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind, make_cell
from gongkai.report.parse import parse_bytes, read_document
from gongkai.report.render.pdf_test_layout import render_pdf_test_layout

HEADER = "示例市政府信息公开工作年度报告"
PAGES = range(1, 10)  # every page of the report (three or four): tables 二/三/四 all on turned pages

# Pages whose text runs sideways or upside down as a viewer shows them.
SIDEWAYS = {
    "rotate90-turned-in-viewer": (90, 0),
    "rotate270-turned-in-viewer": (270, 0),
    "drawn-turned-clockwise": (0, 90),
    "drawn-turned-anticlockwise": (0, 270),
    "upside-down": (180, 0),
}


def _same(parsed, original, key):
    a, b = parsed.cell(key), original.cells[key]
    return (a.kind, a.value, a.raw) == (b.kind, b.value, b.raw)


@cache
def _turned(version: str, seed: int, ruled: bool, turn: tuple[int, int]) -> bytes:
    return render_pdf_test_layout(random_report(version, seed), ruled=ruled, running_header=HEADER,
                                  turn=dict.fromkeys(PAGES, turn))


def _printed_at(pdf, source) -> list[str]:
    """The characters a viewer shows inside a cell's bbox on its page (the page as displayed)."""
    x0, top, x1, bottom = source.bbox
    page = pdf.pages[source.page - 1]
    return [c["text"] for c in page.chars if c["text"].strip()
            and x0 - 0.6 <= c["x0"] and c["x1"] <= x1 + 0.6 and top - 0.6 <= c["top"] and c["bottom"] <= bottom + 0.6]


def _notes(parsed) -> list[str]:
    return [f.message for f in parsed.parse_findings]


def _bad_boxes(data: bytes, report, parsed) -> list[str]:
    bad = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for key, cell in report.cells.items():
            source = parsed.cell(key).source
            if cell.raw and Counter(_printed_at(pdf, source)) != Counter(cell.raw.replace(" ", "")):
                bad.append(key)
    return bad


# --- turned pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "word-positions"])
@pytest.mark.parametrize("turn", SIDEWAYS.values(), ids=SIDEWAYS.keys())
def test_a_page_with_sideways_text_reads_every_cell_where_the_viewer_shows_it(turn, ruled):
    report = random_report("2021", 1)
    data = _turned("2021", 1, ruled, turn)
    parsed = parse_bytes(data, "turned.pdf")
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert not any(HEADER in s.text for s in parsed.sections)
    # Provenance is in the page's displayed orientation: the bbox holds the value as shown.
    assert not _bad_boxes(data, report, parsed)
    notes = _notes(parsed)
    assert any(n.startswith("PDF 第1页：文字在页面显示方向上") and "已按文字方向读取" in n for n in notes)
    assert any("重复的表头" in n for n in notes)  # table 三 continues on the next turned page
    assert not any("方向不同" in n for n in notes)


def test_pages_turned_each_its_own_way_in_one_report():
    # Page 1 is a landscape page printed through a portrait driver (/Rotate 270 over a drawing
    # turned back): it is displayed upright, pdfminer applies /Rotate, and it reads as a plain page.
    # Table 三 continues from it onto page 2, whose text runs sideways.
    report = random_report("2019", 3)
    turns = {1: (270, 90), 2: (90, 0), 3: (0, 270)}
    data = render_pdf_test_layout(report, ruled=False, running_header=HEADER, turn=turns)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the fixture is turned as asked
        pages = pdf.pages
        assert [p.rotation for p in pages] == [270, 90, 0]
        assert [p.page_obj.attrs["MediaBox"][2:] for p in pages] == [[841.89, 595.27], [595.27, 841.89],
                                                                      [841.89, 595.27]]
        assert [(round(p.width), round(p.height)) for p in pages] == [(595, 842), (842, 595), (842, 595)]
        directions = [{tuple(round(v) for v in c["matrix"][:2]) for c in p.chars} for p in pages]
        assert directions == [{(1, 0)}, {(0, -1)}, {(0, 1)}]  # upright, clockwise, anticlockwise
    plain = parse_bytes(render_pdf_test_layout(report, ruled=False, running_header=HEADER), "plain.pdf")
    parsed = parse_bytes(data, "mixed.pdf")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert not _bad_boxes(data, report, parsed)
    for key, cell in parsed.cells.items():
        assert cell.source.page == plain.cell(key).source.page
        if cell.source.page == 1:  # displayed upright: where the plain render prints it
            assert cell.source.bbox == plain.cell(key).source.bbox, key
    notes = _notes(parsed)
    turned = [n for n in notes if "已按文字方向读取" in n]
    assert [n[:7] for n in turned] == ["PDF 第2页", "PDF 第3页"]
    assert any("PDF 第2页：表格跨页续表" in n for n in notes)
    assert "顺时针旋转了90°" in turned[0] and "逆时针旋转了90°" in turned[1]


def test_upright_text_on_a_turned_page_is_named_not_dropped_unseen(monkeypatch):
    # A table set sideways on the paper, with the page number still printed upright on the page.
    from reportlab.pdfgen.canvas import Canvas

    show = Canvas.showPage

    def show_page(self):
        if self._pageRotation == 0 and self._pagesize[0] > self._pagesize[1]:
            self.setFont("STSong-Light", 10)
            self.drawString(400, 20, "第九页")
        show(self)

    report = random_report("2021", 1)
    with monkeypatch.context() as patch:
        patch.setattr(Canvas, "showPage", show_page)
        data = render_pdf_test_layout(report, turn={2: (0, 90)})
    parsed = parse_bytes(data, "r.pdf")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    notes = _notes(parsed)
    assert "PDF 第2页：另有3个字与该页正文方向不同，未读取：「第九页」" in notes


# --- a value whose note wraps in a narrow column without rules ---------------------------------------


def test_a_wrapped_note_in_a_column_without_rules_is_one_cell():
    report = random_report("2021", 2)
    report.cells["t3.granted.natural_person"] = make_cell("t3.granted.natural_person", "55（含自然失效29件）")
    report.cells["t3.granted.commercial"] = make_cell("t3.granted.commercial", "")
    data = render_pdf_test_layout(report, ruled=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the fixture does wrap it over lines
        assert any("55（含" in line and "）" not in line for p in pdf.pages for line in p.extract_text().splitlines())
    parsed = parse_bytes(data, "r.pdf")
    cell = parsed.cell("t3.granted.natural_person")
    assert (cell.kind, cell.value, cell.note, cell.raw) == (Kind.ANNOTATED, 55, "含自然失效29件", "55（含自然失效29件）")
    assert parsed.cell("t3.granted.commercial").kind is Kind.BLANK
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    # Its provenance covers every line it is printed on, and nothing else.
    assert not _bad_boxes(data, report, parsed)
    assert cell.source.bbox[3] - cell.source.bbox[1] > 30
    assert not any("予以公开" in f.message for f in parsed.parse_findings)


def test_a_short_note_on_one_line_without_rules_is_a_cell_of_its_row():
    # With a blank cell in the row, the values cannot be placed from the line's text alone: the
    # row is read from word positions, where a value with its note is a value of the row.
    report = random_report("2021", 2)
    report.cells["t3.granted.natural_person"] = make_cell("t3.granted.natural_person", "5（注）")
    report.cells["t3.granted.commercial"] = make_cell("t3.granted.commercial", "")
    data = render_pdf_test_layout(report, ruled=False)
    parsed = parse_bytes(data, "r.pdf")
    cell = parsed.cell("t3.granted.natural_person")
    assert (cell.kind, cell.value, cell.note) == (Kind.ANNOTATED, 5, "注")
    assert parsed.cell("t3.granted.commercial").kind is Kind.BLANK
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert not _bad_boxes(data, report, parsed)


def test_a_note_left_open_is_never_joined_but_the_closed_one_beside_it_is():
    report = random_report("2021", 2)
    report.cells["t3.granted.natural_person"] = make_cell("t3.granted.natural_person", "55（含自然失效29件）")
    report.cells["t3.carry_forward.natural_person"] = make_cell("t3.carry_forward.natural_person", "7（含自然失效")
    parsed = parse_bytes(render_pdf_test_layout(report, ruled=False), "r.pdf")
    assert parsed.cell("t3.granted.natural_person").raw == "55（含自然失效29件）"
    # The parenthesis never closes: which lines belong to the value is not certain, so nothing
    # is read from that row and the reader says so.
    assert parsed.cell("t3.carry_forward.natural_person").kind is Kind.ABSENT
    assert any("结转下年度继续办理" in f.message and "缺失" in f.message for f in parsed.parse_findings)


def test_a_wrapped_note_takes_only_the_one_word_right_below_it():
    from gongkai.report.parse.pdf import _Word, _wrapped_values

    def _w(text: str, x0: float, top: float, width: float = 24.0) -> _Word:
        return _Word(text, x0, top, x0 + width, top + 8.0)

    start = _w("55（含", 289.0, 660.0)
    below = [_w("自然失", 289.0, 670.0), _w("效29件", 289.0, 680.0), _w("）", 297.0, 690.0, 8.0)]
    assert _wrapped_values([start, *below]) == [[start, *below]]
    # Two words where the next line should be: which one continues the note is not certain.
    assert _wrapped_values([start, *below, _w("1", 300.0, 671.0, 4.0)]) == []
    # A next line in another column, or two lines further down, is no continuation.
    assert _wrapped_values([start, _w("自然失", 340.0, 670.0), *below[1:]]) == []
    assert _wrapped_values([start, _w("自然失", 289.0, 690.0)]) == []
    # Text after the closing parenthesis: not a value with its note.
    assert _wrapped_values([start, below[0], below[1], _w("）件", 297.0, 690.0, 16.0)]) == []


def _page_with(turned: str, angle: float) -> bytes:
    """One upright page of prose with `turned` printed at `angle` degrees (90: sideways, 45: a watermark)."""
    from reportlab.pdfgen import canvas

    from gongkai.report.render import pdf_test_layout

    pdf_test_layout._font()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.setFont(pdf_test_layout.FONT, 12)
    for k in range(12):
        page.drawString(60, 780 - 22 * k, "本机关认真贯彻落实政府信息公开条例，推进政务公开工作。")
    page.saveState()
    page.translate(400, 200)
    page.rotate(angle)
    page.drawString(0, 0, turned)
    page.restoreState()
    page.save()
    return out.getvalue()


def test_text_set_sideways_on_an_upright_page_is_named_not_dropped_unseen():
    # A small table set sideways on an upright page goes with the watermarks (read upright it would
    # be one page's minority); the note says what was left out and how to get it read.
    doc = read_document(_page_with("表三 新收 40 2 39", 90), "sideways.pdf")
    notes = [n for n in doc.notes if "横躺" in n]
    assert len(notes) == 1 and "表三新收40239" in notes[0].replace(" ", "") and "第1页" in notes[0]
    # A watermark across the page at a slant is dropped as before, without that note.
    doc = read_document(_page_with("内部资料 注意保存", 45), "watermark.pdf")
    assert not any("横躺" in n for n in doc.notes)
