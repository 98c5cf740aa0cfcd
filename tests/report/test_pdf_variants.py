"""Text PDFs in layouts agencies print that the plain test layout does not: a table row broken by
the page break (Word's 允许跨页断行, also under a "续表" caption), row labels wrapped over many lines
in a narrow column, digits set with wide character spacing, and values set flush right or left in
tables without rules; and all of these at once.

Fixtures are the project's test layout with a `Style` (`render_pdf_test_layout(..., style=...)`):
`offset` moves table 三 down the page so that the break falls inside a chosen row.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report.generate import random_report
from gongkai.report.model import Kind, make_cell
from gongkai.report.parse import parse_bytes
from gongkai.report.render.pdf_test_layout import Style, render_pdf_test_layout

HEADER = "示例市政府信息公开工作年度报告"


def _wrong(parsed, report) -> list[tuple[str, str, str]]:
    out = []
    for key, cell in report.cells.items():
        got = parsed.cell(key)
        if (got.kind, got.value, got.raw) != (cell.kind, cell.value, cell.raw):
            out.append((key, cell.raw, got.raw))
    return out


@cache
def _pdf(version: str, seed: int, ruled: bool, style: Style) -> bytes:
    return render_pdf_test_layout(random_report(version, seed), ruled=ruled, running_header=HEADER, style=style)


def _notes(parsed) -> list[str]:
    return [f.message for f in parsed.parse_findings]


# (version, seed, offset): where the page break cuts a row of table 三. The label's first lines stay
# at the page foot beside empty value cells; the values, centred on the row, are printed on the next
# page under the repeated header, beside the rest of the label. Read apart, the first half was a row
# of blank cells (no finding) or a row that matched no label.
BROKEN_ROWS = {
    # "3.危及“三安全一" / "稳定”": seven blank cells, no finding.
    "one-line-on-each-page": ("2021", 1, 9),
    # "3.补正后申请内容" / "仍不明确": 12 applications by natural persons read as a blank cell.
    "blank-instead-of-12": ("2021", 1, 279),
    # "5.要求行政机关确" / "认或重新出具已获取信息": the row lost.
    "first-line-alone": ("2019", 0, 153),
    # A label of four lines cut after the first, in the 2021 rows under （六）其他处理.
    "long-label": ("2021", 1, 369),
}


@pytest.mark.parametrize(("version", "seed", "offset"), BROKEN_ROWS.values(), ids=BROKEN_ROWS.keys())
def test_a_row_broken_by_the_page_reads_as_one_row(version, seed, offset):
    report = random_report(version, seed)
    parsed = parse_bytes(_pdf(version, seed, True, Style(split_rows=True, label_width=70, offset=offset)), "r.pdf")
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert not _wrong(parsed, report)
    joined = [n for n in _notes(parsed) if "被分页断开" in n]
    assert len(joined) == 1 and "已合为一行读取" in joined[0]


@pytest.mark.parametrize(("version", "seed", "offset"), [("2019", 0, 459), ("2021", 1, 477), ("2021", 1, 405)],
                         ids=["label-first-line-alone", "label-half-on-each-page", "two-lines-at-the-foot"])
def test_a_row_broken_by_the_page_without_rules_reads_as_one_row(version, seed, offset):
    # Without rules the label's first line at the page foot was a tail on the row above, and the
    # rest on the next page a head on the row below: two rows spoilt, one lost. Two lines at the
    # foot, further apart from the rows than a row pitch, were two rows of their own.
    report = random_report(version, seed)
    parsed = parse_bytes(_pdf(version, seed, False, Style(split_rows=True, label_width=70, offset=offset)), "r.pdf")
    assert not _wrong(parsed, report)
    assert any("被分页断开" in n for n in _notes(parsed))


@pytest.mark.parametrize("values_top", [False, True], ids=["values-centred", "values-on-first-line"])
def test_labels_wrapped_over_many_lines_without_rules_keep_their_lines(values_top):
    # A label of five lines with its values on the middle one prints its last line nearer to the
    # next row's values than to its own: by distance alone "公开申请" went to the row "3.其他".
    for seed in (0, 1):
        report = random_report("2021", seed)
        parsed = parse_bytes(_pdf("2021", seed, False, Style(label_width=70, values_top=values_top)), "r.pdf")
        assert not _wrong(parsed, report), seed
        assert not any("被分页断开" in n for n in _notes(parsed))


# --- character spacing -------------------------------------------------------------------------------


@pytest.mark.parametrize("spacing", [2.0, 5.0])
@pytest.mark.parametrize(("version", "seed"), [("2019", 0), ("2021", 1)])
def test_a_number_set_with_wide_character_spacing_in_a_ruled_cell_is_one_number(version, seed, spacing):
    # Word's 字符间距加宽 prints "28" as 2 and 8 a few points apart, with no space between: read at
    # the gaps, every value of two digits or more was TEXT "2 8", and "+24" became "+ 2 4".
    report = random_report(version, seed)
    parsed = parse_bytes(_pdf(version, seed, True, Style(value_spacing=spacing)), "r.pdf")
    assert not _wrong(parsed, report)
    key = "t2.art20_1.regulations.made" if version == "2019" else "t2.art20_1.regulations.issued"
    assert len(report.cells[key].raw) > 1
    assert "字符间距加宽" in (parsed.cell(key).source.note or "")
    assert any("加宽了字符间距" in n and "各按一个数读取" in n for n in _notes(parsed))


def test_numbers_typed_apart_in_a_ruled_cell_stay_apart():
    # A space typed between digits is printed as a space character: "1 2" may be two numbers, and
    # stays TEXT (§3.7), with or without wide character spacing around it.
    report = random_report("2021", 1)
    key = "t3.new_received.natural_person"
    report.cells[key] = make_cell(key, "1 2")
    for spacing in (0.0, 2.0):
        parsed = parse_bytes(render_pdf_test_layout(report, style=Style(value_spacing=spacing)), "r.pdf")
        cell = parsed.cell(key)
        assert (cell.kind, cell.raw) == (Kind.TEXT, "1 2"), spacing
        assert cell.source.note is None or "字符间距" not in cell.source.note


@pytest.mark.parametrize("caption", ["续表", "表3（续）"])
def test_a_row_broken_by_the_page_under_a_continued_caption(caption):
    # The caption printed over the continued part is text between the two parts of the table: the
    # broken row is joined across it, and the header repeated under it is still dropped.
    report = random_report("2021", 1)
    style = Style(split_rows=True, label_width=70, offset=279, continued=caption)
    parsed = parse_bytes(_pdf("2021", 1, True, style), "r.pdf")
    assert not _wrong(parsed, report)
    notes = _notes(parsed)
    assert any("被分页断开" in n for n in notes)
    assert any("PDF 第3页：表格跨页续表，重复的表头" in n for n in notes)


# --- values flush against the cell edge, without rules ---------------------------------------------------


@pytest.mark.parametrize("align", ["right", "left"])
@pytest.mark.parametrize(("version", "seed"), [("2019", 0), ("2021", 1)])
def test_values_set_flush_in_their_columns_without_rules(version, seed, align):
    # Numbers set flush right (Word's usual for figures) or left leave each centred header word
    # beside its column's values, over none: each was taken for a column of its own, so every row had
    # cells to spare and tables 三 and 四 were not read. Flush left, a long label comes close to its
    # row's first value, and the row was taken for a sentence ending in numbers.
    report = random_report(version, seed)
    parsed = parse_bytes(_pdf(version, seed, False, Style(value_align=align)), "r.pdf")
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert not _wrong(parsed, report)


def test_a_column_blank_in_every_row_without_rules_is_still_a_column():
    # Guard for the rule above: a column printed empty in the single value row of table 四 is still
    # placed from its header word, however the values beside it are aligned.
    report = random_report("2021", 1)
    key = "t4.litigation_direct.corrected"
    report.cells[key] = make_cell(key, "")
    for align in ("center", "right"):
        parsed = parse_bytes(render_pdf_test_layout(report, ruled=False, style=Style(value_align=align)), "r.pdf")
        assert not _wrong(parsed, report), align
        assert parsed.cell(key).kind is Kind.BLANK


# --- every style at once ----------------------------------------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), version=st.sampled_from(["2019", "2021"]), ruled=st.booleans(),
       split_rows=st.booleans(), label_width=st.sampled_from([None, 60.0, 80.0]), values_top=st.booleans(),
       offset=st.floats(0, 400), spacing=st.sampled_from([0.0, 2.0]), continued=st.sampled_from([None, "续表"]),
       align=st.sampled_from(["center", "left", "right"]), header=st.booleans())
def test_styles_combined_read_each_value_as_printed_or_report_it(seed, version, ruled, split_rows, label_width,
                                                                  values_top, offset, spacing, continued, align,
                                                                  header):
    # Some combinations defeat the reader (digits spaced apart in a table without rules are never
    # joined, DOMAIN.md §5.1): those cells are reported, and no cell is read with another's value.
    report = random_report(version, seed)
    style = Style(split_rows=split_rows, label_width=label_width, values_top=values_top, offset=offset,
                  value_spacing=spacing, continued=continued, value_align=align)
    parsed = parse_bytes(render_pdf_test_layout(report, ruled=ruled, running_header=HEADER if header else None,
                                                style=style), "styled.pdf")
    reported = (Kind.ABSENT, Kind.AMBIGUOUS, Kind.TEXT)
    assert [key for key, cell in report.cells.items()
            if parsed.cell(key).kind not in reported and parsed.cell(key).value != cell.value] == []


@pytest.mark.parametrize("align", ["left", "right"])
def test_flush_values_under_centred_headers_without_rules_keep_their_columns(align):
    # 本年废止件数, centred over one-digit values set flush left, stands half a column from them: it
    # heads their column (the values' edge to the next column's), no column of its own between.
    report = random_report("2021", 98)
    for key, raw in (("regulations.issued", "24"), ("regulations.repealed", "7"), ("regulations.in_force", "3"),
                     ("normative.issued", "13"), ("normative.repealed", "2"), ("normative.in_force", "11")):
        report = report.with_cell(f"t2.art20_1.{key}", raw)
    parsed = parse_bytes(render_pdf_test_layout(report, ruled=False, style=Style(value_align=align)), "flush.pdf")
    assert _wrong(parsed, report) == []
