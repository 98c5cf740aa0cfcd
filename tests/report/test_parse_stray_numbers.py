"""A number alone on its line inside table 三 that is no page number the text reader can drop by itself:
a stray among label lines, or a page's number next to a form feed ("\\f", what pdftotext prints between
pages). Rows printed in a row of their own keep their slots; the lone number is what is uncertain, and
it is left out only where the row's arithmetic proves it, else the row is reported, never read shifted."""

from __future__ import annotations

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Kind
from gongkai.report.parse import parse_file, parse_text
from gongkai.report.parse.text import read_text
from gongkai.report.render import layouts
from gongkai.report.render.markdown import render_markdown
from gongkai.report.spec import SPECS

from .corpus import CORPUS
from .readback import messages_of, misread, reported

FORM_FEED = "<<form feed>>"  # a line replaced by "\f" glued to the next line, as pdftotext prints it


def _pdftotext(text: str) -> str:
    return text.replace(f"\n{FORM_FEED}\n", "\n\f")


def _markdown_rows(report: AnnualReport) -> tuple[list[str], list[int]]:
    """The markdown lines and the indices of table 三's rows among them."""
    out = render_markdown(report).split("\n")
    three = next(i for i, line in enumerate(out) if line.startswith("## 三"))
    four = next(i for i, line in enumerate(out) if line.startswith("## 四"))
    return out, [i for i in range(three, four) if out[i].startswith("|") and not out[i].startswith("|---")]


def _label_line(report: AnnualReport, row_key: str, lines: list[str]) -> str:
    """Markdown with row `row_key` of table 三 printed as a converter from PDF prints it (kewei): its
    label as a line of text, then `lines`, then its cells as a row of their own without the label."""
    out, _ = _markdown_rows(report)
    label = SPECS[report.template].t3_row(row_key).label
    at = next(i for i, line in enumerate(out) if line.startswith("|") and f"| {label} |" in line)
    cells = [cell.strip() for cell in out[at].strip()[1:-1].split("|")][-7:]
    return "\n".join([*out[:at], label, *lines, "| " + " | ".join(cells) + " |", *out[at + 1:]])


@pytest.mark.parametrize("blank", ["new_received.total", "carried_over.total", "granted.total", "total.total",
                                   "carry_forward.total", "new_received.natural_person"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_stray_number_among_text_lines_leaves_markdown_rows_in_their_own_slots(version, blank):
    # A lone number after a line of text is no page number the reader drops between rows: it used to
    # make the whole table one of lost row boundaries, and a row whose label spans columns ("| 一、… |
    # | | 2 | … | |") then lost its blank 总计 as a merged slot and was read one column off.
    key = f"t3.{blank}"
    report = random_report(version, 3).with_cell(key, "")
    out, rows = _markdown_rows(report)
    for lines in (["说明：单位为件", "1"], ["（三）不予公开", "12"]):
        for at in (rows[3], rows[5], rows[12], rows[-1]):
            parsed = parse_text("\n".join([*out[:at], *lines, *out[at:]]), "copied.md")
            assert misread(parsed, report) == ([], []), (lines, at)
            assert parsed.cell(key).kind is Kind.BLANK
            row = blank.rsplit(".", 1)[0]
            assert not any("空单元格的位置按顺序推定" in m and f"「{SPECS[version].t3_row(row).label}」" in m
                           for m in messages_of(parsed)), "the row printed its own boundaries"


@pytest.mark.parametrize("row_key", ["new_received", "granted", "denied.state_secret", "other.unpaid_fee"])
def test_stray_number_between_a_label_line_and_its_row_of_cells_is_reported(row_key):
    """The label as text, a stray "1", then the row's cells in a row of their own (as in a real report
    converted from PDF): the row has all its cells without the "1", which is then a page number or a
    stray; not at a page break, nothing tells, and the row is reported. A blank 总计 was taken for a
    merged slot and the row read with the "1" as its first cell."""
    for blank in ("total", None, "natural_person"):
        report = random_report("2021", 4)
        if blank is not None:
            report = report.with_cell(f"t3.{row_key}.{blank}", "")
        parsed = parse_text(_label_line(report, row_key, ["1"]), "converted.md")
        wrong, absent = misread(parsed, report)
        assert not wrong, blank
        assert sorted(absent) == sorted(k for k in report.cells if k.startswith(f"t3.{row_key}.")), blank
        assert reported(parsed, absent)


def test_kewei_reads_its_rows_by_their_own_boundaries_and_still_reports_the_stray_one():
    report = parse_file(CORPUS / "peer" / "KIROGOVCOMPARE" / "kewei-2024-source.md")
    messages = messages_of(report)
    # "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |": the blank is where its own row prints it.
    assert report.cell("t3.carry_forward.total").kind is Kind.BLANK
    assert report.cell("t3.carry_forward.natural_person").value == 1
    assert not any("空单元格的位置按顺序推定" in m for m in messages)
    # The "1" alone between a label line and a row of cells is reported with the row, as before.
    assert any("「2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」行应有7个单元格，读到8个" in m
               and "第172行" in m for m in messages)
    assert report.cell("t3.other.unpaid_fee.natural_person").kind is Kind.ABSENT


def test_form_feeds_are_recorded_as_page_breaks():
    # Lines only: a page starts at "b" (block 2) and after the last block.
    doc = read_text("a\n6\n\fb\nc\n\f")
    assert doc.blocks == ["a", "6", "b", "c"]
    assert doc.page_breaks == {2, 4}
    # `where` indexes the lines as read, where a form feed ends one (as str.splitlines does); the
    # provenance gives the file's line numbers (test_parse_line_numbers).
    assert doc.where == [1, 2, 4, 5]
    # Pipe rows: a page starting between a table's rows starts at no block; one after the table does.
    doc = read_text("| a | 1 |\n\f| b | 2 |\n说明\n7\n\f| c | 3 |\n")
    assert [b if isinstance(b, str) else "table" for b in doc.blocks] == ["table", "说明", "7", "table"]
    assert doc.page_breaks == {3}
    assert read_text("| a | 1 |\n| b | 2 |\n").page_breaks == set()


@pytest.mark.parametrize(("row_key", "before"), [("new_received", 4), ("granted", 6), ("denied.internal_affairs", 12)])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_at_a_form_feed_never_fills_a_vanished_blank(version, row_key, before):
    # Cells one a line, an empty one gone: the page's "6" printed before the form feed after the row
    # made the count right, and the row was read with the 6 as its 总计.
    report = random_report(version, 0).with_cell(f"t3.{row_key}.total", "")
    text = layouts.render_paged(report, "lines", lambda t, r, head: ["6", FORM_FEED] if (t, r) == ("t3", before) else [])
    parsed = parse_text(_pdftotext(text), "pdftotext.txt")
    wrong, absent = misread(parsed, report)
    assert not wrong
    assert absent and all(k.startswith(f"t3.{row_key}.") for k in absent) and reported(parsed, absent)
    assert any("「6」单独成行" in m and "可能是页码" in m for m in messages_of(parsed))


@pytest.mark.parametrize("layout", ["lines", "wrapped-labels"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_at_a_form_feed_between_a_label_and_its_cells_goes_by_the_rows_arithmetic(version, layout):
    dropped = reported = 0
    for seed in range(3):
        report = random_report(version, seed)
        for row in SPECS[version].t3_rows:
            out = layouts.LAYOUTS[layout](report).split("\n")
            # The row's label printed whole (lines) or its last piece (wrapped labels), then its cells.
            label = next((i for i, line in enumerate(out) if row.label in (line, out[i - 1] + line)), None)
            if label is None:
                continue
            text = _pdftotext("\n".join([*out[:label + 1], "6", FORM_FEED, *out[label + 1:]]))
            parsed = parse_text(text, "pdftotext.txt")
            wrong, absent = misread(parsed, report)
            assert not wrong, (seed, row.key, wrong)
            if absent:
                assert reported(parsed, absent), (seed, row.key)
                reported += 1
            else:
                assert any("行首的「6」单独成行" in m and "判定为页码" in m for m in messages_of(parsed)), (seed, row.key)
                dropped += 1
    assert dropped > 10 * max(reported, 1)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_at_a_form_feed_before_a_row_of_cells_goes_by_the_rows_arithmetic(version):
    # Label as text, the page's number and the form feed, then the row's cells on the next page.
    report = random_report(version, 5)
    parsed = parse_text(_pdftotext(_label_line(report, "granted", ["6", FORM_FEED])), "converted.md")
    assert misread(parsed, report) == ([], [])
    assert any("「6」单独成行" in m and "判定为页码" in m for m in messages_of(parsed))
    # A row that does not add up proves nothing: the 6 may be its cell, and the row is reported.
    broken = report.with_cell("t3.granted.total", str(report.cell("t3.granted.total").value + 1))
    parsed = parse_text(_pdftotext(_label_line(broken, "granted", ["6", FORM_FEED])), "converted.md")
    wrong, absent = misread(parsed, broken)
    assert not wrong
    assert sorted(absent) == sorted(k for k in broken.cells if k.startswith("t3.granted.")) and reported(parsed, absent)
    assert any("「6」单独成行" in m and "可能是页码" in m for m in messages_of(parsed))
