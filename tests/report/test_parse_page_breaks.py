"""Text copied out of a PDF or Word file keeps what a page break prints inside table 三: a page number
("6", "- 6 -", "6/12"), a running header (the title, the agency, a date), the header rows Word repeats.
Values come out right where the table itself tells them apart from cells; elsewhere the row is
reported, never read shifted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Kind
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts
from gongkai.report.render.markdown import render_markdown

from .readback import messages_of, misread, reported

PageBreak = Callable[[list[str]], list[str]]


def _paged(report: AnnualReport, layout: str, row: int, lines: PageBreak, table: str = "t3") -> str:
    """The layout with `lines(header rows)` printed before row `row` of `table`."""
    return layouts.render_paged(report, layout, lambda t, r, head: lines(head) if (t, r) == (table, row) else [])


def _markdown_paged(report: AnnualReport, before: str, lines: list[str]) -> str:
    """Markdown with `lines` inserted before the table-三 row whose label starts with `before`."""
    out = render_markdown(report).split("\n")
    at = next(i for i, line in enumerate(out) if line.startswith("|") and f"| {before}" in line)
    return "\n".join(out[:at] + lines + out[at:])


@pytest.mark.parametrize("page", ["6", "6/12", "第6页/共12页"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_between_markdown_rows_leaves_a_blank_last_cell_in_place(version, page):
    # A number alone between two rows made the table lose its row boundaries: the blank 总计 was then
    # taken for a merged slot and the row read shifted by one column.
    key = "t3.new_received.total"
    report = random_report(version, 0).with_cell(key, "")
    text = _markdown_paged(report, "二、上年结转", [page, report.title or ""])
    parsed = parse_text(text, "copied.md")
    assert misread(parsed, report) == ([], [])
    assert parsed.cell(key).kind is Kind.BLANK
    assert any(f"表格行之间的页码「{page}」已略去" in m for m in messages_of(parsed))


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_bare_page_number_between_pipe_rows_is_dropped_and_noted(version):
    report = random_report(version, 1)
    for row in (4, 12, 20):
        text = _paged(report, "pipe-rows", row, lambda head: ["6", report.title or "", *head])
        parsed = parse_text(text, "copied.txt")
        assert misread(parsed, report) == ([], [])
        notes = [m for m in messages_of(parsed) if "页码" in m]
        assert len(notes) == 1 and "「6」已略去" in notes[0], notes


@pytest.mark.parametrize("layout", ["spaced", "tab-rows"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_filling_a_vanished_blank_is_reported_not_read(version, layout):
    # Spaces lose an empty cell (and a tab row its last one): the page number after the row made the
    # count right again and every cell after the blank was read one column off.
    key = "t3.new_received.total" if layout == "tab-rows" else "t3.granted.natural_person"
    report = random_report(version, 0).with_cell(key, "")
    row_key = key.split(".")[1]
    text = _paged(report, layout, 4 if row_key == "new_received" else 6, lambda head: ["6"])
    parsed = parse_text(text, "copied.txt")
    wrong, absent = misread(parsed, report)
    assert not wrong
    assert absent and all(k.startswith(f"t3.{row_key}.") for k in absent) and reported(parsed, absent)
    assert any("「6」单独成行" in m and "可能是页码" in m for m in messages_of(parsed))


@pytest.mark.parametrize("layout", ["lines", "wrapped-labels", "spaced", "flat-text"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_at_a_running_header_or_repeated_header_rows_is_dropped(version, layout):
    report = random_report(version, 2)
    title = report.title or ""
    for lines in ([title, "6"], ["6", title], ["6", *([] if layout == "spaced" else [title])]):
        for row in (5, 13, 25):
            text = _paged(report, layout, row, lambda head, lines=lines: [*lines, *head])
            parsed = parse_text(text, "copied.txt")
            assert misread(parsed, report) == ([], []), (lines, row)
            assert any("「6」单独成行" in m and "判定为页码" in m for m in messages_of(parsed)), (lines, row)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_lone_number_one_too_many_goes_only_where_the_row_adds_up_without_it(version):
    """Cells printed one a line: a bare "6" between rows is a cell as much as a page number. Left out
    only where the row's total proves it; otherwise the row is reported."""
    dropped = withheld = 0
    for seed in range(3):
        report = random_report(version, seed)
        for row in range(4, 36):
            parsed = parse_text(_paged(report, "lines", row, lambda head: ["6"]), "copied.txt")
            wrong, absent = misread(parsed, report)
            assert not wrong, (seed, row, wrong)
            if absent:
                assert reported(parsed, absent)
                withheld += 1
            elif any("判定为页码" in m for m in messages_of(parsed)):
                dropped += 1
    assert dropped > 10 * max(withheld, 1)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_no_page_break_artefact_reads_a_wrong_value(version):
    """Every artefact, every layout, a table with a blank cell: values are right or reported."""
    artefacts: list[PageBreak] = [
        lambda head: ["6"], lambda head: ["- 6 -"], lambda head: ["6/12"], lambda head: ["第 6 页 共 12 页"],
        lambda head: ["6", "某某市人民政府"], lambda head: ["2023年1月20日", "6", *head], lambda head: list(head),
        lambda head: ["", "\f"],
    ]
    # Blank: the last cell of 二、上年结转 (grid row 4) and the first of （一）予以公开 (row 5).
    report = random_report(version, 0).with_cell("t3.carried_over.total", "").with_cell(
        "t3.granted.natural_person", "")
    for layout in ("flat-text", "pipe-rows", "tab-rows", "lines", "spaced", "wrapped-labels"):
        base = set(misread(parse_text(layouts.LAYOUTS[layout](report), "copied.txt"), report)[1])
        for artefact in artefacts:
            if artefact is artefacts[0] and layout in ("lines", "wrapped-labels"):
                # Cells one a line, an empty one vanished, a bare "6" and nothing else where the page
                # ended: as much a cell as a page number, and the row a report's own sum error.
                continue
            for row in (4, 5, 6, 30, 34):
                parsed = parse_text(_paged(report, layout, row, artefact), "copied.txt")
                wrong, absent = misread(parsed, report)
                assert not wrong, (layout, row, artefact([]), wrong)
                assert reported(parsed, [k for k in absent if k not in base]), (layout, row, artefact([]))
    for page in ("6", "6/12", "- 6 -"):
        for before in ("三、本年度办理结果", "（七）总计", "四、结转下年度"):
            parsed = parse_text(_markdown_paged(report, before, [page]), "copied.md")
            assert misread(parsed, report) == ([], []), (page, before)


@pytest.mark.parametrize("layout", ["lines", "spaced", "flat-text"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_number_before_or_after_table_four_goes_where_the_block_totals_prove_it(version, layout):
    dropped = 0
    for seed in range(3):
        report = random_report(version, seed)
        for row in (3, 4):  # before the row of cells (after the header rows), after it
            parsed = parse_text(_paged(report, layout, row, lambda head: ["6"], table="t4"), "copied.txt")
            wrong, absent = misread(parsed, report)
            assert not wrong, (seed, row, wrong)
            assert reported(parsed, absent), (seed, row)
            if not absent:
                assert any(m.startswith("表四") and "判定为页码" in m for m in messages_of(parsed)), (seed, row)
                dropped += 1
    assert dropped >= 4
