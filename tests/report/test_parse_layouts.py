"""Every text layout met in practice reads back to the generated values (DOMAIN.md §5.1)."""

from __future__ import annotations

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts

EXACT_LAYOUTS = ("render_flat_text", "render_pipe_rows", "render_tab_rows", "render_lines", "render_spaced",
                 "render_wrapped_labels")


def _same(parsed, original, key):
    a, b = parsed.cell(key), original.cells[key]
    return (a.kind, a.value, a.raw) == (b.kind, b.value, b.raw)


@pytest.mark.parametrize("layout", EXACT_LAYOUTS)
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_layout_reads_back_exactly(layout, version):
    for seed in range(8):
        report = random_report(version, seed)
        parsed = parse_text(getattr(layouts, layout)(report), "report.txt")
        assert parsed.template == version
        assert (parsed.year, parsed.agency) == (report.year, report.agency)
        wrong = [k for k in report.cells if not _same(parsed, report, k)]
        assert not wrong, (layout, seed, wrong[:5])
        assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
        # Read exactly, so nothing to warn about (a note on spaced labels is info).
        assert [f.message for f in parsed.parse_findings if f.severity != "info"] == [], (layout, seed)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_run_together_digits_are_split_by_the_arithmetic_or_marked_ambiguous(version):
    decoded = ambiguous = signed = 0
    for seed in range(12):
        report = random_report(version, seed)
        parsed = parse_text(layouts.render_runtogether(report), "copied.txt")
        for key, original in report.cells.items():
            cell = parsed.cell(key)
            if original.kind not in (Kind.NUMBER, Kind.SIGNED, Kind.PLACEHOLDER):
                continue
            if cell.kind is Kind.AMBIGUOUS:
                # Never a guess: the true value is among the candidates, and there are several.
                assert original.kind is not Kind.PLACEHOLDER, key
                assert original.value in cell.candidates and len(cell.candidates) > 1, key
                ambiguous += 1
            elif cell.kind is not Kind.ABSENT:
                assert (cell.kind, cell.value, cell.raw) == (original.kind, original.value, original.raw), key
                decoded += 1
                signed += cell.kind is Kind.SIGNED
            else:
                # A row that cannot be split (a placeholder among digits, digits of a money amount) is
                # reported, never read.
                assert any(key in f.cells for f in parsed.parse_findings), key
    assert decoded > 1000 and ambiguous > 0
    # 2019 本年增/减 run into its neighbours (8-17) is read where only one split fits.
    assert signed > 0 if version == "2019" else signed == 0


def test_run_together_row_with_a_sign_is_split_at_its_sign_or_reported():
    # 2019 table 二 (五), (六), (八): 上一年项目数量, 本年增/减 (signed) and 处理决定数量, run together.
    report = random_report("2019", 45)
    for key, raw in (("t2.art20_5.licensing.prev_items", "27"), ("t2.art20_5.licensing.change", "+14"),
                     ("t2.art20_5.licensing.decisions", "337"), ("t2.art20_6.punishment.change", "-"),
                     ("t2.art20_6.punishment.decisions", "86"), ("t2.art20_8.fees.change", "-17")):
        report = report.with_cell(key, raw)
    text = layouts.render_runtogether(report)
    assert "行政许可27+14337\n" in text and "行政处罚" in text and "行政事业性收费8-17\n" in text
    parsed = parse_text(text, "copied.txt")
    # The digits before the sign can only be 上一年项目数量; after it every split is a candidate.
    assert parsed.cell("t2.art20_5.licensing.prev_items").value == 27
    change, decisions = parsed.cell("t2.art20_5.licensing.change"), parsed.cell("t2.art20_5.licensing.decisions")
    assert (change.kind, change.candidates) == (Kind.AMBIGUOUS, (1, 14, 143, 1433))
    assert (decisions.kind, decisions.candidates) == (Kind.AMBIGUOUS, (7, 37, 337, 4337))
    assert any("「行政许可」行的数字连写在一起（27+14337），有4种拆分（27、+1、4337；27、+14、337；" in f.message
               for f in parsed.parse_findings)
    # One split only: read, the sign kept.
    fees = parsed.cell("t2.art20_8.fees.change")
    assert (fees.kind, fees.value, fees.raw, fees.source.match) == (Kind.SIGNED, -17, "-17", "decoded")
    # "9-86": 9, the placeholder, 86 or 9, -8, 6. The placeholder is no number to list as a candidate.
    assert "行政处罚9-86\n" in text
    assert parsed.cell("t2.art20_6.punishment.change").kind is Kind.ABSENT
    assert any("「行政处罚」行的数字连写在一起（9-86），有2种拆分（9、-、86；9、-8、6），其中“-”可能是占位符" in f.message
               and f.severity == "error" for f in parsed.parse_findings)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_blank_cell_between_tabs_keeps_its_column(version):
    """Spaces cannot show an empty cell; two tabs with nothing between them can."""
    key = "t3.carry_forward.commercial"
    report = random_report(version, 7).with_cell(key, "")
    parsed = parse_text(layouts.render_tab_rows(report), "copied.txt")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert parsed.cell(key).kind is Kind.BLANK
    source = parsed.cell(key).source
    assert source.format == "text" and source.line == source.line_end
    # Located at the tab that closes it.
    assert layouts.render_tab_rows(report).splitlines()[source.line - 1][source.col_start:source.col_end] == "\t"
    # The same row with spaces: the blank is lost, and the row is reported rather than shifted.
    spaced = parse_text(layouts.render_spaced(report), "copied.txt")
    assert spaced.cell(key).kind is Kind.ABSENT
    assert spaced.cell("t3.carry_forward.research").kind is Kind.ABSENT


def test_blank_last_cell_of_a_tab_row_is_reported_not_shifted():
    # A line's trailing tab is white space at its end and is gone: the row is one cell short.
    key = "t3.carry_forward.total"
    report = random_report("2021", 7).with_cell(key, "")
    parsed = parse_text(layouts.render_tab_rows(report), "copied.txt")
    assert parsed.cell(key).kind is Kind.ABSENT
    assert parsed.cell("t3.carry_forward.natural_person").kind is Kind.ABSENT
    assert any("结转下年度继续办理" in f.message for f in parsed.parse_findings if f.severity == "error")


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_numbers_spaced_apart_between_two_tabs_are_two_cells(version):
    # A row copied out of a table in which one separator is spaces, not a tab ("0  5\t0\t1").
    report = random_report(version, 7)
    lines = layouts.render_tab_rows(report).splitlines()
    changed = 0
    for n, line in enumerate(lines):
        parts = line.split("\t")
        if len(parts) > 3 and parts[1].isdigit() and parts[2].isdigit():
            lines[n] = "\t".join([parts[0], f"{parts[1]}  {parts[2]}", *parts[3:]])
            changed += 1
    assert changed > 5
    text = "\n".join(lines)
    parsed = parse_text(text, "copied.txt")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    for key in ("t3.new_received.natural_person", "t3.new_received.commercial"):
        source = parsed.cell(key).source
        assert text.splitlines()[source.line - 1][source.col_start:source.col_end] == parsed.cell(key).raw


def test_run_together_row_with_one_split():
    report = random_report("2021", 3)
    text = layouts.render_runtogether(report)
    line = next(li for li in text.splitlines() if li.startswith("一、本年新收"))
    assert line[len("一、本年新收政府信息公开申请数量"):].isdigit()
    parsed = parse_text(text)
    for col in ("natural_person", "total"):
        key = f"t3.new_received.{col}"
        assert parsed.cell(key).value == report.cells[key].value
        assert parsed.cell(key).source.match == "decoded"


def test_missing_cell_does_not_shift_later_rows():
    report = random_report("2019", 5)
    text = layouts.render_pipe_rows(report)
    lines = text.splitlines()
    index = next(i for i, li in enumerate(lines) if "1.属于国家秘密" in li)
    cells = lines[index].split("|")
    del cells[-3]  # drop one value cell of that row
    lines[index] = "|".join(cells)
    parsed = parse_text("\n".join(lines))
    assert parsed.cell("t3.denied.state_secret.total").kind is Kind.ABSENT
    errors = [f for f in parsed.parse_findings if f.severity == "error"]
    assert any("1.属于国家秘密" in f.message for f in errors)
    # The next row is still read from its own label.
    key = "t3.denied.law_forbidden.total"
    assert parsed.cell(key).value == report.cells[key].value


def test_row_four_of_table_three_is_not_section_four():
    report = random_report("2021", 1)
    parsed = parse_text(layouts.render_flat_text(report))
    assert parsed.section(4).heading == "四、政府信息公开行政复议、行政诉讼情况"
    assert parsed.cell("t3.carry_forward.total").value == report.cells["t3.carry_forward.total"].value


def test_typo_in_a_label_is_matched_fuzzily_and_reported():
    report = random_report("2021", 2)
    text = layouts.render_pipe_rows(report).replace("本机关不掌握相关政府信息", "本机关不掌握相关政府信急")
    parsed = parse_text(text)
    key = "t3.unable.not_held.total"
    assert parsed.cell(key).value == report.cells[key].value
    assert parsed.cell(key).source.match == "fuzzy"
    assert any("近似匹配" in f.message for f in parsed.parse_findings)


def test_label_with_characters_dropped_in_print_is_matched_fuzzily():
    report = random_report("2021", 4)
    text = layouts.render_pipe_rows(report).replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    parsed = parse_text(text)
    key = "t3.denied.law_forbidden.total"
    assert parsed.cell(key).value == report.cells[key].value
    assert parsed.cell(key).source.match == "fuzzy"


def test_short_or_reordered_fragment_is_not_matched():
    report = random_report("2021", 4)
    # Too little of the label is left to say which row it is: the row stays absent and is reported.
    text = layouts.render_pipe_rows(report).replace("2.其他法律行政法规禁止公开", "2.其他公开")
    parsed = parse_text(text)
    assert parsed.cell("t3.denied.law_forbidden.total").kind is Kind.ABSENT


@pytest.mark.parametrize("layout", [*EXACT_LAYOUTS, "render_markdown"])
def test_text_provenance_spans_the_printed_cell(layout):
    """Every value read from a text file points at its own characters: line and column span."""
    from gongkai.report.render.markdown import render_markdown

    render = render_markdown if layout == "render_markdown" else getattr(layouts, layout)
    for version, seed in (("2019", 1), ("2021", 2)):
        text = render(random_report(version, seed))
        lines = text.splitlines()
        parsed = parse_text(text, "report.txt")
        checked = 0
        for key in parsed.canonical_keys():
            cell = parsed.cell(key)
            if cell.kind is Kind.ABSENT:
                continue
            source = cell.source
            assert source.format == "text" and source.line == source.line_end, key
            printed = lines[source.line - 1][source.col_start:source.col_end]
            # An empty cell of flattened text is one of the pipes that print it; between tabs, the tab after it.
            assert printed == cell.raw or (cell.raw == "" and printed in ("|", "\t")), (key, printed, cell.raw)
            checked += 1
        assert checked > 150


def test_tables_without_any_section_heading_are_still_read():
    """An excerpt of only the table rows: no heading to place them, table 三 is found by its labels."""
    report = random_report("2021", 3)
    rows = [line for line in layouts.render_pipe_rows(report).splitlines() if "|" in line]
    parsed = parse_text("\n".join(["摘录", *rows]), "excerpt.txt")
    assert parsed.sections == [] and parsed.preamble == "摘录"
    assert parsed.tables_found["t3"]
    assert parsed.cell("t3.total.total").value == report.cells["t3.total.total"].value


def test_flattened_cells_runs_pipe_rows_and_prose_keep_their_order_and_lines():
    """The text reader takes lines of flattened cells in runs: a run goes on across blank lines, and
    ends at prose or at a pipe row; lone bars are empty cells; each cell keeps its line."""
    from gongkai.report.parse.text import FlatTable, PipeTable, read_text

    text = "\n".join([
        "标题",          # 1 prose
        "自然人|",        # 2 cell
        "",              # 3 blank: the run goes on
        "  12 |",        # 4 cell
        "|",             # 5 one empty cell
        "|||",           # 6 three empty cells
        "| 甲 | 乙 |",    # 7 pipe row: ends the flattened run
        "|---|---|",     # 8 markdown separator
        "| 1 | 2 |",      # 9 pipe row
        "5|",            # 10 cell: ends the pipe rows
        "正文",           # 11 prose
        "7|",            # 12 cell, last line
    ])
    doc = read_text(text, "t.txt")
    kinds = [type(b).__name__ if not isinstance(b, str) else b for b in doc.blocks]
    assert kinds == ["标题", "FlatTable", "PipeTable", "FlatTable", "正文", "FlatTable"]
    first, pipes, second, third = (b for b in doc.blocks if not isinstance(b, str))
    assert isinstance(first, FlatTable) and isinstance(pipes, PipeTable)
    assert first.texts == [["自然人", "12", "", "", "", ""]]
    assert first.where == [2, 4, 5, (6, 0), (6, 1), (6, 2)]
    assert pipes.texts == [["甲", "乙"], ["1", "2"]] and pipes.where == [7, 9]
    assert (second.texts, second.where) == ([["5"]], [10])
    assert (third.texts, third.where) == ([["7"]], [12])
    assert [w for w in doc.where if w is not None] == [1, 11]
    assert doc.format == "flat-text+markdown+pipe-rows"


def test_markdown_cells_with_converter_markup():
    """Word or HTML turned into markdown: <br> inside labels, bold rows and inline tags around cells."""
    from gongkai.report.render.markdown import render_markdown

    report = random_report("2019", 4)
    text = render_markdown(report)
    total = report.cells["t3.total.total"].raw
    for old, new in (("（二）部分公开（", "**（二）部分公开**<br>（"), ("1.属于国家秘密", "1.属于<br/>国家秘密"),
                     ("| （七）总计 |", "| **（七）总计** |"), ("| 规章 |", "| __规章__ |"),
                     ("（一）予以公开", "<b>（一）予以公开</b>"), ("本年新制作数量", "本年新<BR>制作数量")):
        assert old in text, old
        text = text.replace(old, new, 1)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "**（七）总计**" in line)
    lines[row] = lines[row][:lines[row].rindex(f"| {total} |")] + f"| **{total}** |"
    parsed = parse_text("\n".join(lines), "converted.md")
    wrong = [k for k in report.cells if not _same(parsed, report, k)]
    assert not wrong, wrong[:5]
    assert not [f for f in parsed.parse_findings if f.severity in ("error", "warning")]
    # A bold value is located at what was printed, emphasis and all.
    source = parsed.cell("t3.total.total").source
    assert lines[source.line - 1][source.col_start:source.col_end] == f"**{total}**"


@pytest.mark.parametrize("seed", [0, 1])
def test_value_under_a_spaced_out_label_is_its_cell_not_a_page_number(seed):
    # 行 政 处 罚 / 358 / 行 政 强 制 / 276 (the 2021 table 二 gives these rows one value each): each label
    # spaced out on a line of its own and its value on the line under it. The label is several words
    # but no row printed on one line, so the number between it and the next label is no number left
    # between rows by a page break.
    report = random_report("2021", seed)
    text = layouts.render_wrapped_labels(report)
    value = report.cells["t2.art20_6.punishment.decisions"].raw
    assert f"行 政 处 罚\n{value}\n行 政 强 制\n" in text
    parsed = parse_text(text, "report.txt")
    assert _same(parsed, report, "t2.art20_6.punishment.decisions")
    assert not [f.message for f in parsed.parse_findings if "单独成行" in f.message]
    # After a row printed on one line such a number is still in doubt, and reported.
    printed = text.replace(f"行 政 处 罚\n{value}\n", f"行 政 处 罚 {value}\n6\n")
    warned = parse_text(printed, "report.txt")
    assert warned.cell("t2.art20_6.punishment.decisions").kind is Kind.ABSENT
    assert any(f"读到2个（{value}、6）" in f.message for f in warned.parse_findings)
