"""Text PDFs: generated reports in the layout of real ones read back exactly; real PDFs; scans; bad input."""

from __future__ import annotations

import io
from functools import cache

import pdfplumber
import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind, make_cell
from gongkai.report.parse import ReportParseError, parse_bytes, parse_file, read_document
from gongkai.report.parse.ir import Table
from gongkai.report.render.pdf_test_layout import render_pdf_test_layout, render_scanned_pdf

from .corpus import CORPUS

HEADER = "示例市政府信息公开工作年度报告"


def _same(parsed, original, key):
    a, b = parsed.cell(key), original.cells[key]
    return (a.kind, a.value, a.raw) == (b.kind, b.value, b.raw)


@cache
def _pdf(version: str, seed: int, ruled: bool = True) -> bytes:
    return render_pdf_test_layout(random_report(version, seed), ruled=ruled, running_header=HEADER)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "word-positions"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_generated_pdf_reads_back_every_cell(version, ruled):
    for seed in range(3):
        report = random_report(version, seed)
        parsed = parse_bytes(_pdf(version, seed, ruled), "report.pdf")
        assert parsed.template == version
        assert (parsed.year, parsed.agency) == (report.year, report.agency)
        assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
        wrong = [k for k in report.cells if not _same(parsed, report, k)]
        assert not wrong, (seed, wrong[:5])
        assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
        # Page furniture never reaches the text of a section.
        assert not any(HEADER in s.text or "- 2 -" in s.text for s in parsed.sections)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "word-positions"])
def test_generated_layout_has_the_hard_parts_and_the_reader_handles_them(ruled):
    data = _pdf("2021", 0, ruled)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    # Table 三 starts on one page and continues on the next with its header printed again.
    assert sum("申请人情况" in t for t in texts) == 2
    assert "- 1 -" in texts[0] and "- 2 -" in texts[1]
    doc = read_document(data, "r.pdf")
    assert any("重复的表头" in n for n in doc.notes)
    assert any("已略去页码「- 1 -」" in n for n in doc.notes)
    assert any("页眉/页脚" in n and HEADER in n for n in doc.notes)
    tokens = [t for b in doc.blocks if isinstance(b, Table) for row in b.rows for t in row]
    # The vertical group label, printed one character per line, is one label again.
    assert "三、本年度办理结果" in {t.text for t in tokens}
    assert sum(1 for t in tokens if t.text == "申请人情况") == 1
    assert not any(text.strip() in ("- 1 -", "- 2 -", HEADER) for _, text in doc.paragraphs())


def test_pdf_provenance_is_page_and_bbox_of_the_printed_value():
    report = random_report("2021", 1)
    data = _pdf("2021", 1)
    parsed = parse_bytes(data, "r.pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for key in ("t2.art20_1.regulations.issued", "t3.new_received.total", "t3.other.other.total",
                    "t3.carry_forward.natural_person", "t4.litigation_after_review.total"):
            cell = parsed.cell(key)
            assert cell.source.format == "pdf" and cell.source.page >= 1
            x0, top, x1, bottom = cell.source.bbox
            assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842
            page = pdf.pages[cell.source.page - 1]
            printed = page.crop((x0, top, x1, bottom)).extract_text().replace("\n", "")
            assert printed == report.cells[key].raw, key
    # A section heading is a Para with its page and line box.
    assert parsed.section(3).source.page is not None and parsed.section(3).source.bbox is not None


def test_annotation_inside_a_cell_is_kept_as_printed():
    report = random_report("2021", 2)
    report.cells["t3.granted.natural_person"] = make_cell("t3.granted.natural_person", "55（含自然失效29件）")
    report.cells["t3.granted.commercial"] = make_cell("t3.granted.commercial", "")
    parsed = parse_bytes(render_pdf_test_layout(report), "r.pdf")
    cell = parsed.cell("t3.granted.natural_person")
    assert (cell.kind, cell.value, cell.note) == (Kind.ANNOTATED, 55, "含自然失效29件")
    assert cell.raw == "55（含自然失效29件）"
    assert parsed.cell("t3.granted.commercial").kind is Kind.BLANK
    assert parsed.cell("t3.granted.research").raw == report.cells["t3.granted.research"].raw


def test_word_positions_keep_an_empty_cell_in_its_column():
    report = random_report("2019", 3)
    report.cells["t3.new_received.research"] = make_cell("t3.new_received.research", "")
    parsed = parse_bytes(render_pdf_test_layout(report, ruled=False), "r.pdf")
    assert parsed.cell("t3.new_received.research").kind is Kind.BLANK
    assert parsed.cell("t3.new_received.social_welfare").raw == report.cells["t3.new_received.social_welfare"].raw
    assert parsed.cell("t3.new_received.total").raw == report.cells["t3.new_received.total"].raw


def test_scanned_pdf_is_refused_with_its_pages():
    with pytest.raises(ReportParseError) as error:
        parse_bytes(render_scanned_pdf(3), "scan.pdf")
    assert "未检测到文字层（可能是扫描件），需要先进行文字识别（OCR）：第1、2、3页" in str(error.value)


def test_encrypted_pdf_is_refused():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(100, 100, "report")
    c.showPage()
    c.save()
    with pytest.raises(ReportParseError, match="已加密"):
        parse_bytes(out.getvalue(), "locked.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\nnot a pdf at all", b"%PDF-1.7\n" + b"\x00" * 200])
def test_corrupt_pdf_is_refused(data):
    with pytest.raises(ReportParseError, match="PDF"):
        parse_bytes(data, "bad.pdf")


def test_truncated_pdf_is_refused_or_read_without_guessing():
    data = _pdf("2021", 2)
    with pytest.raises(ReportParseError):
        parse_bytes(data[: len(data) // 3], "cut.pdf")


# --- the real published PDFs ------------------------------------------------------------------------

SZFGS = CORPUS / "peer" / "govnianbao" / "szfgs2024.pdf"
HZQ2023 = CORPUS / "peer" / "KIROGOVCOMPARE" / "hzq2023_working.pdf"
HZQ2024 = CORPUS / "peer" / "KIROGOVCOMPARE" / "hzq2024_working.pdf"
T3_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
T4_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def _row(parsed, row: str) -> list[str]:
    return [parsed.cell(f"t3.{row}.{c}").raw for c in T3_COLUMNS]


def _t4(parsed) -> list[str]:
    return [parsed.cell(f"t4.{b}.{c}").raw for b in T4_BLOCKS for c in T4_COLUMNS]


@cache
def _parsed(path):
    return parse_file(path)


def test_szfgs2024_every_cell_read():
    parsed = _parsed(SZFGS)
    assert (parsed.template, parsed.year) == ("2021", 2024)
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert all(c.kind is Kind.NUMBER for c in parsed.cells.values())
    assert len(parsed.cells) == 200
    # section3_raw_text.txt: 3001 53 0 0 61 4 3119
    assert _row(parsed, "new_received") == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(parsed, "carried_over") == ["34", "0", "0", "0", "0", "0", "34"]
    assert _row(parsed, "granted") == ["1288", "21", "0", "0", "50", "3", "1362"]
    assert _row(parsed, "partial") == ["447", "7", "0", "0", "0", "0", "454"]
    # The page break falls inside （四）无法提供: the row before and after it.
    assert _row(parsed, "unable.not_held") == ["746", "12", "0", "0", "10", "1", "769"]
    assert _row(parsed, "unable.needs_creation") == ["11", "0", "0", "0", "0", "0", "11"]
    assert _row(parsed, "other.no_clarification") == ["67", "3", "0", "0", "1", "0", "71"]
    assert _row(parsed, "other.other") == ["108", "2", "0", "0", "0", "0", "110"]
    assert _row(parsed, "total") == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert _row(parsed, "carry_forward") == ["103", "0", "0", "0", "0", "0", "103"]
    assert _t4(parsed) == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    t2 = {k: c.raw for k, c in parsed.cells.items() if k.startswith("t2.")}
    assert t2 == {
        "t2.art20_1.regulations.issued": "1", "t2.art20_1.regulations.repealed": "0",
        "t2.art20_1.regulations.in_force": "11", "t2.art20_1.normative.issued": "8",
        "t2.art20_1.normative.repealed": "26", "t2.art20_1.normative.in_force": "66",
        "t2.art20_5.licensing.decisions": "447228", "t2.art20_6.punishment.decisions": "3985758",
        "t2.art20_6.coercion.decisions": "88283", "t2.art20_8.fees.amount_wan_yuan": "96171.6",
    }
    # Table 二 crosses from page 3 to page 4, table 三 from page 4 to page 5.
    assert parsed.cell("t2.art20_5.licensing.decisions").source.page == 3
    assert parsed.cell("t2.art20_6.punishment.decisions").source.page == 4
    assert parsed.cell("t3.unable.not_held.total").source.page == 4
    assert parsed.cell("t3.unable.needs_creation.total").source.page == 5
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    messages = [f.message for f in parsed.parse_findings]
    # One finding for every page number, its pages as a range.
    assert [m for m in messages if "已略去页码" in m] == ["PDF 第1–6页：已略去页码「- 1 -」「- 2 -」「- 3 -」「- 4 -」「- 5 -」「- 6 -」"]


@pytest.mark.parametrize(("path", "year", "t2", "new", "total", "t4"), [
    (HZQ2023, 2023, ["0", "0", "0", "0", "5", "5", "550", "4119", "195", "7730.28"],
     ["21", "0", "0", "0", "0", "0", "21"], ["21", "0", "0", "0", "0", "0", "21"],
     ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]),
    (HZQ2024, 2024, ["0", "0", "0", "3", "0", "8", "9487", "2776", "84", "7545"],
     ["95", "0", "0", "0", "0", "0", "95"], ["95", "0", "0", "0", "0", "0", "95"],
     ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]),
])
def test_hongze_reports(path, year, t2, new, total, t4):
    parsed = _parsed(path)
    assert parsed.year == year
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert [c.raw for k, c in parsed.cells.items() if k.startswith("t2.")] == t2
    assert _row(parsed, "new_received") == new
    assert _row(parsed, "total") == total
    assert _t4(parsed) == t4
    # These reports print table 三 with the 2019 single row （六）其他处理 inside a 2021 report:
    # the tables disagree and the report is "mixed", as printed.
    assert parsed.table_versions["t2"] == "2021" and parsed.table_versions["t3"] == "2019"
    assert _row(parsed, "other") == ["0"] * 7
    # The row label is printed "2.其他法律行政止公开" (three characters missing): it keeps its ordinal
    # and the rest of the label in order, so it is matched fuzzily, and the reader says so.
    cell = parsed.cell("t3.denied.law_forbidden.total")
    assert cell.kind is Kind.NUMBER and cell.source.match == "fuzzy"
    assert any("2.其他法律行政止公开" in f.message and "近似匹配" in f.message for f in parsed.parse_findings)
    numbers = [c for c in parsed.cells.values() if c.kind is Kind.NUMBER]
    assert len(numbers) == 186
    assert all(c.source.page in (2, 3, 4) and c.source.bbox for c in numbers)
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]


# --- print effects: overprinted bold, watermarks ------------------------------------------------------


def _render_with(monkeypatch, report, ruled, *, bold=False, watermark=False) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    draw, show = Canvas.drawString, Canvas.showPage

    def draw_string(self, x, y, text, *args, **kwargs):
        draw(self, x, y, text, *args, **kwargs)
        if bold:  # bold simulated by printing the same text again 0.2pt to the right
            draw(self, x + 0.2, y, text, *args, **kwargs)

    def show_page(self):
        if watermark:  # dark text at 45° across the middle of the page, over the tables
            self.saveState()
            self.setFont("STSong-Light", 60)
            self.translate(297, 421)
            self.rotate(45)
            draw(self, -120, 0, "内部资料")
            self.restoreState()
        show(self)

    with monkeypatch.context() as patch:
        patch.setattr(Canvas, "drawString", draw_string)
        patch.setattr(Canvas, "showPage", show_page)
        return render_pdf_test_layout(report, ruled=ruled, running_header=HEADER)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "word-positions"])
@pytest.mark.parametrize("effect", ["bold", "watermark"])
def test_overprinted_bold_and_a_slanted_watermark_are_not_read(monkeypatch, effect, ruled):
    report = random_report("2021", 1)
    data = _render_with(monkeypatch, report, ruled, **{effect: True})
    parsed = parse_bytes(data, "r.pdf")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert "内部资料" not in "".join(s.text for s in parsed.sections)


def test_word_positions_keep_a_blank_first_value_of_table_four_in_its_column():
    # Table 四 has a single value row: a blank in it has no value above or below to place its column.
    report = random_report("2021", 4)
    report.cells["t4.reconsideration.upheld"] = make_cell("t4.reconsideration.upheld", "")
    parsed = parse_bytes(render_pdf_test_layout(report, ruled=False), "r.pdf")
    assert parsed.cell("t4.reconsideration.upheld").kind is Kind.BLANK
    wrong = [k for k in report.cells if k.startswith("t4.") and not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
