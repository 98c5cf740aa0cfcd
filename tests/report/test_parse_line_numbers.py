"""Line numbers in provenance, findings and notes count lines as an editor, `grep -n` and `sed -n` do:
only "\\n", "\\r\\n" and a lone "\\r" end a line. A form feed (what pdftotext prints between pages) still
starts a page, and the other characters `str.splitlines` ends a line at are white space inside one.
And a number alone on its line that no row takes is never left out unseen."""

from __future__ import annotations

import re

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport
from gongkai.report.parse import parse_text
from gongkai.report.parse.text import read_text
from gongkai.report.render import layouts
from gongkai.report.render.markdown import render_markdown

from .readback import messages_of, misread, reported

RENDERERS = {**layouts.LAYOUTS, "markdown": render_markdown}
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def _file_lines(text: str, newline: str) -> list[str]:
    """The file's lines as an editor shows them (the file uses `newline` throughout)."""
    return text.split(newline)


def _with_form_feeds(lines: list[str]) -> list[str]:
    """Page breaks as pdftotext prints them ("\\f" glued to a page's first line), and as some tools
    do (at the end of a page's last line), at lines of every kind: prose, labels, cells, rows."""
    out = []
    for i, line in enumerate(lines):
        if i % 7 == 3:
            line = "\f" + line
        elif i % 11 == 5:
            line = line + "\f"
        out.append(line)
    return out


def _located(parsed: AnnualReport, lines: list[str]) -> int:
    """Checks that every text cell's provenance points at its raw text in the file's lines; returns
    how many were checked."""
    checked = 0
    for key in parsed.cells:
        cell = parsed.cell(key)
        source = cell.source
        if source.format != "text" or source.line is None or not cell.raw or source.col_start is None:
            continue
        assert lines[source.line - 1][source.col_start:source.col_end] == cell.raw, (key, source)
        checked += 1
    return checked


@pytest.mark.parametrize("newline", sorted(NEWLINES))
@pytest.mark.parametrize("layout", ["flat-text", "pipe-rows", "tab-rows", "lines", "spaced", "markdown"])
def test_provenance_lines_after_form_feeds_are_the_files(layout, newline):
    # str.splitlines ends a line at a form feed too: every value after one was placed a line too low.
    report = random_report("2021", 5)
    sep = NEWLINES[newline]
    text = sep.join(_with_form_feeds(RENDERERS[layout](report).split("\n")))
    parsed = parse_text(text, "pdftotext.txt")
    wrong, _ = misread(parsed, report)
    assert not wrong
    assert _located(parsed, _file_lines(text, sep)) > 60


@pytest.mark.parametrize("newline", sorted(NEWLINES))
def test_a_value_after_form_feeds_is_on_the_line_grep_shows(newline):
    report = random_report("2019", 6)
    sep = NEWLINES[newline]
    lines = render_markdown(report).split("\n")
    total = next(i for i, line in enumerate(lines) if "| （七）总计 |" in line)
    # Three page breaks before the row: two at the start of a line, one alone on its line.
    lines = [*lines[:3], "\f" + lines[3], "\f", *lines[4:total], "\f" + lines[total], *lines[total + 1:]]
    text = sep.join(lines)
    parsed = parse_text(text, "pdftotext.md")
    source = parsed.cell("t3.total.total").source
    file_lines = text.split(sep)
    expected = next(k for k, line in enumerate(file_lines, start=1) if line.startswith("\f|") and "（七）总计" in line)
    assert source.line == source.line_end == expected
    assert file_lines[source.line - 1][source.col_start:source.col_end] == report.cells["t3.total.total"].raw


def test_form_feeds_still_start_pages_and_keep_columns():
    doc = read_text("a\n6\n\fb\nc\n\f")
    assert doc.blocks == ["a", "6", "b", "c"]
    assert doc.page_breaks == {2, 4}
    # "b" stands on the file's third line, after the form feed in its first column.
    assert [doc.para_source(i).line for i in range(4)] == [1, 2, 3, 4]
    assert (doc.para_source(2).col_start, doc.para_source(2).col_end) == (1, 2)
    # A form feed inside a line ends the page there: the text after it is a line of the next page,
    # still on the file's line and at its columns.
    doc = read_text("前言\n总体\f情况\n结尾")
    assert doc.blocks == ["前言", "总体", "情况", "结尾"]
    assert doc.page_breaks == {2}
    assert [(s.line, s.col_start, s.col_end) for s in map(doc.para_source, range(4))] == [
        (1, 0, 2), (2, 0, 2), (2, 3, 5), (3, 0, 2)]


@pytest.mark.parametrize("separator", ["\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_other_line_separators_are_white_space_inside_a_line(separator):
    # Word's soft line break (\v, U+2028) wraps a label inside its cell; none ends a line of the file.
    report = random_report("2021", 7)
    lines = render_markdown(report).split("\n")
    at = next(i for i, line in enumerate(lines) if "| （二）部分公开" in line)
    lines[at] = lines[at].replace("（二）部分公开", f"（二）部分{separator}公开", 1)
    prose = next(i for i, line in enumerate(lines) if line.startswith("2") and "。" in line)
    lines[prose] = lines[prose].replace("，", f"，{separator}", 1)
    text = "\n".join(lines)
    parsed = parse_text(text, "converted.md")
    assert misread(parsed, report) == ([], [])
    assert _located(parsed, text.split("\n")) > 60
    doc = read_text(f"甲{separator}乙\n丙")
    assert doc.blocks == ["甲 乙", "丙"] and doc.page_breaks == set()
    assert doc.para_source(1).line == 2


def test_note_of_a_dropped_page_number_names_the_files_line():
    report = random_report("2021", 8)
    title = report.title or ""
    text = layouts.render_paged(report, "pipe-rows",
                                lambda t, r, head: ["6", "\f" + title] if (t, r) == ("t3", 12) else [])
    text = text.replace("\n", "\n\f", 2)  # two page breaks before the table
    parsed = parse_text(text, "pdftotext.txt")
    assert misread(parsed, report) == ([], [])
    notes = [m for m in messages_of(parsed) if "表格行之间的页码「6」已略去" in m]
    assert len(notes) == 1
    number = int(re.search(r"第(\d+)行", notes[0]).group(1))  # type: ignore[union-attr]
    assert text.split("\n")[number - 1] == "6"


# --- a lone number no row takes ------------------------------------------------------------------


def _insert_before(lines: list[str], label: str, extra: list[str]) -> tuple[str, int]:
    """The text with `extra` inserted before the first line that starts with `label` or prints it as
    a cell, and the 1-based line of the last inserted line."""
    at = next(i for i, line in enumerate(lines) if line.startswith(label) or f"| {label}" in line)
    return "\n".join([*lines[:at], *extra, *lines[at:]]), at + len(extra)


@pytest.mark.parametrize("text_line", ["说明：单位为件", "（三）不予公开"])
@pytest.mark.parametrize("layout", ["pipe-rows", "markdown"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_lone_number_after_a_grid_row_and_a_text_line_is_noted(version, layout, text_line):
    # After a row's end and a line of text (no running header), a number alone on its line is no
    # page number the reader drops by itself; no row took it either, and it vanished without a word.
    report = random_report(version, 9)
    lines = RENDERERS[layout](report).split("\n")
    # Cells one a line: every number belongs to a row, and none is said to be left out.
    assert not any("不属于任何一行" in m for m in messages_of(parse_text(layouts.render_lines(report), "lines.txt")))
    for before in ("1.属于国家秘密", "2.重复申请", "四、结转下年度"):
        text, line = _insert_before(lines, before, [text_line, "7"])
        parsed = parse_text(text, "copied.txt")
        assert misread(parsed, report) == ([], []), before
        notes = [m for m in messages_of(parsed) if "「7」单独成行" in m]
        assert notes == [f"表三：「7」单独成行（第{line}行），不属于任何一行的单元格（可能是页码，也可能是标签未能识别的行的单元格），已略去"], before


@pytest.mark.parametrize("layout", ["pipe-rows", "markdown"])
def test_lone_number_after_tables_two_and_four_is_noted(layout):
    report = random_report("2021", 10)
    lines = RENDERERS[layout](report).split("\n")
    for heading, table in (("## 三" if layout == "markdown" else "三、", "表二"), ("## 五" if layout == "markdown" else "五、", "表四")):
        text, line = _insert_before(lines, heading, ["注：单位为件", "7"])
        parsed = parse_text(text, "copied.txt")
        assert misread(parsed, report) == ([], []), table
        notes = [m for m in messages_of(parsed) if "「7」单独成行" in m]
        assert notes == [f"{table}：「7」单独成行（第{line}行），不属于任何一行的单元格（可能是页码，也可能是标签未能识别的行的单元格），已略去"], table



# --- page furniture amid a row's cells (found by inserting page breaks at random lines) ----------


def _cells_after(lines: list[str], label: str, k: int, extra: list[str], glue: str = "") -> str:
    """The text with `extra` inserted after the k-th line following the line `label` (its cells one a
    line), `glue` put before the line after them (a form feed glued to it, as pdftotext prints it)."""
    at = lines.index(label) + k + 1
    return "\n".join([*lines[:at], *extra, glue + lines[at], *lines[at + 1:]])


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_amid_a_rows_cells_goes_by_the_rows_arithmetic(version):
    # The page's "6" after a running header, between two cells printed one a line: it was read as a
    # cell when an empty cell had vanished (the count came out right), and the row read shifted.
    report = random_report(version, 12)
    title = report.title or ""
    label = "1.属于国家秘密"
    lines = layouts.render_lines(report).split("\n")
    parsed = parse_text(_cells_after(lines, label, 3, ["\f" + title, "6"]), "pdftotext.txt")
    assert misread(parsed, report) == ([], [])
    assert any("单元格之间的「6」单独成行" in m and "判定为页码，已略去" in m for m in messages_of(parsed))
    blank = report.with_cell("t3.denied.state_secret.commercial", "")
    lines = layouts.render_lines(blank).split("\n")
    parsed = parse_text(_cells_after(lines, label, 3, ["\f" + title, "6"]), "pdftotext.txt")
    wrong, absent = misread(parsed, blank)
    assert not wrong
    assert absent and all(k.startswith("t3.denied.state_secret.") for k in absent) and reported(parsed, absent)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_after_a_running_header_amid_flattened_cells_is_a_page_number(version):
    # Flattened cells and a running header with the page's number under it, no form feed: the number
    # was no page candidate, and a blank first cell was dropped as a merged slot to make room for it.
    report = random_report(version, 13).with_cell("t3.denied.state_secret.natural_person", "")
    lines = layouts.render_flat_text(report).split("\n")
    parsed = parse_text(_cells_after(lines, "1.属于国家秘密 |", 3, [report.title or "", "1"]), "copied.txt")
    wrong, absent = misread(parsed, report)
    assert not wrong
    assert all(k.startswith("t3.denied.state_secret.") for k in absent) and reported(parsed, absent)
    assert any("「1」单独成行" in m for m in messages_of(parsed))


@pytest.mark.parametrize(("version", "layout", "label", "blank"), [
    ("2019", "runtogether", "政府集中采购", None), ("2021", "spaced", "规章", "issued"), ("2019", "spaced", "规章", "made")])
def test_page_number_after_a_table_two_row_printed_on_one_line_is_reported(version, layout, label, blank):
    # The row's values on its line (run together, or one vanished), the next page's number under the
    # form feed: the row had its count of values with it and was read with the page number as one.
    report = random_report(version, 14)
    lines = layouts.LAYOUTS[layout](report).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(label))
    prefix = {"政府集中采购": "t2.art20_9.procurement.", "规章": "t2.art20_1.regulations."}[label]
    if blank is not None:
        report = report.with_cell(prefix + blank, "")
        lines = layouts.LAYOUTS[layout](report).split("\n")
    text = "\n".join([*lines[:at + 1], "\f30", *lines[at + 1:]])
    parsed = parse_text(text, "pdftotext.txt")
    wrong, absent = misread(parsed, report)
    assert not [k for k in wrong if k.startswith(prefix)]
    keys = [k for k in report.cells if k.startswith(prefix)]
    assert set(keys) <= set(absent) and reported(parsed, keys)
    assert any(f"「{label}」行的「30」单独成行" in m and "该行记为缺失" in m for m in messages_of(parsed))


def test_cell_of_table_two_at_a_form_feed_is_read_with_a_warning():
    # Cells one a line: a number at a page break may be a cell or the page's number; table 二 has no
    # sum to tell, so it is read as printed and the row is named in a warning.
    report = random_report("2021", 15)
    lines = layouts.render_lines(report).split("\n")
    text = _cells_after(lines, "规章", 2, [], glue="\f")
    parsed = parse_text(text, "pdftotext.txt")
    assert misread(parsed, report) == ([], [])
    warned = {k for f in parsed.parse_findings if f.severity == "warning" for k in f.cells}
    assert {k for k in report.cells if k.startswith("t2.art20_1.regulations.")} <= warned


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_amid_table_four_cells_goes_by_the_block_totals(version):
    # An empty cell of table 四 vanished and the page's number at the form feed took its place.
    report = random_report(version, 16).with_cell("t4.reconsideration.other", "")
    lines = layouts.render_lines(report).split("\n")
    header = max(i for i, line in enumerate(lines) if line == "总计")
    text = "\n".join([*lines[:header + 3], "30", "\f" + lines[header + 3], *lines[header + 4:]])
    parsed = parse_text(text, "pdftotext.txt")
    wrong, absent = misread(parsed, report)
    assert not wrong
    assert absent and reported(parsed, absent)
    assert any("「30」单独成行" in m and "表四各单元格记为缺失" in m for m in messages_of(parsed))


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_table_four_cells_of_their_own_are_never_split_as_digits_run_together(version):
    # A stray number amid table 四's flattened cells made one too many; their digits were then joined
    # and split again by the block totals, which found a reading with every cell moved.
    for seed in range(40):
        report = random_report(version, seed)
        lines = layouts.render_flat_text(report).split("\n")
        header = max(i for i, line in enumerate(lines) if line == "总计 |")
        text = "\n".join([*lines[:header + 8], "13", *lines[header + 8:]])
        parsed = parse_text(text, "copied.txt")
        wrong, absent = misread(parsed, report)
        assert not wrong, seed
        assert reported(parsed, absent), seed
        assert not any("数字连写" in m for m in messages_of(parsed) if m.startswith("表四")), seed


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_table_four_digits_run_together_leave_out_the_page_number_before_the_table(version):
    report = random_report(version, 17)
    lines = layouts.render_runtogether(report).split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    text = "\n".join([*lines[:at + 1], "\f11", *lines[at + 1:]])
    parsed = parse_text(text, "pdftotext.txt")
    wrong, absent = misread(parsed, report)
    assert not [k for k in wrong + absent if k.startswith("t4.")]
    messages = messages_of(parsed)
    assert any(m.startswith("表四：「11」单独成行") for m in messages)
    assert "表四的数字连写在一起，已按表内勾稽关系唯一拆分" in messages


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_table_four_empty_last_cell_stays_in_place(version):
    # Flattened text: the header's merged slots ("|||||") stand before the row of cells, and an empty
    # last cell was dropped as one of them, every other cell read one column on.
    report = random_report(version, 18).with_cell("t4.litigation_after_review.total", "")
    parsed = parse_text(layouts.render_flat_text(report), "copied.txt")
    assert misread(parsed, report) == ([], [])
