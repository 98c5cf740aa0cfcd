"""Table 三 with a column or a row the template does not have: a 小计 of the five under 法人或其他组织, a
小计 row under a group, a group label printed with the sums of its rows, which some agencies add
(DOMAIN.md §4.2 rule 4: extra rows and columns are kept without keys, with an info note). Each report is
a generated one, rendered by gongkai and given the column or row the way its layout prints one."""

from __future__ import annotations

import re

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.rules import check, errors

from .readback import differing

ORGS = ("commercial", "research", "social_welfare", "legal_service", "other_org")
NOTE = "表三：表头在「法人或其他组织」下多出「{}」列（模板没有此列），该列的数值不读入任何单元格"


def _subtotal(report: AnnualReport, row: str) -> int:
    return sum(report.cells[f"t3.{row}.{column}"].value for column in ORGS)


def _html(report: AnnualReport, label: str) -> str:
    page = render_html(report)
    page = page.replace('colspan="7">申请人情况', 'colspan="8">申请人情况')
    page = page.replace('colspan="5">法人或其他组织', 'colspan="6">法人或其他组织')
    page = page.replace('<th class="head">其他</th></tr>', f'<th class="head">其他</th><th class="head">{label}</th></tr>', 1)
    return re.sub(r'<td class="value" data-key="t3\.([a-z0-9_.]+?)\.total">',
                  lambda m: f'<td class="value">{_subtotal(report, m.group(1))}</td>{m.group(0)}', page)


def _t3_lines(text: str) -> tuple[list[str], int, int]:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "申请人情况" in line)
    end = next(i for i, line in enumerate(lines) if "四、政府信息公开行政复议" in line)
    return lines, start, end


def _rows(report: AnnualReport, render, label: str) -> str:
    """A layout printing a row a line (pipe rows, spaced): 小计 before the last value of each row."""
    lines, start, end = _t3_lines(render(report))
    spaced = render is layouts.render_spaced
    for i in range(start, end):
        line = lines[i]
        if "商业企业" in line:
            lines[i] = line.replace("其他", f"其他 {label}" if spaced else f"其他 | {label}")
        elif len(values := re.findall(r"(?<![\d.])\d+(?![\d.、])", line)) >= 7:
            sub = sum(map(int, values[-6:-1]))
            at = line.rstrip(" |").rindex(" ")
            lines[i] = f"{line[:at]} {sub}{'' if spaced else ' |'}{line[at:]}"
    return "\n".join(lines)


def _cells_a_line(report: AnnualReport, label: str) -> str:
    """One cell a line: 小计 after 其他 in the header, its value before each row's total."""
    lines, start, end = _t3_lines(layouts.render_lines(report))
    out = lines[:start]
    run: list[str] = []
    for line in lines[start:end]:
        if line == "其他" and label not in out:
            out += [line, label]
        elif line.isdecimal():
            run.append(line)
            if len(run) == 7:
                out += [*run[:6], str(sum(map(int, run[1:6]))), run[6]]
                run = []
        else:
            out.append(line)
    return "\n".join(out + lines[end:])


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["html", "pipe-rows", "spaced", "lines"])
def test_a_subtotal_column_is_left_out_and_noted(layout, version):
    report = random_report(version, 3)
    label = "小计"
    text = {"html": lambda: _html(report, label),
            "pipe-rows": lambda: _rows(report, layouts.render_pipe_rows, label),
            "spaced": lambda: _rows(report, layouts.render_spaced, label),
            "lines": lambda: _cells_a_line(report, label)}[layout]()
    assert f"{_subtotal(report, 'new_received')}" in text and label in text
    parsed = parse_text(text, "page.html" if layout == "html" else "report.txt")
    assert differing(parsed, report) == []
    assert NOTE.format(label) in [f.message for f in parsed.parse_findings]
    assert not errors(check(parsed))


def test_a_column_headed_heji_is_the_same():
    report = random_report("2021", 5)
    parsed = parse_text(_rows(report, layouts.render_pipe_rows, "合计"), "report.txt")
    assert differing(parsed, report) == []
    assert NOTE.format("合计") in [f.message for f in parsed.parse_findings]


def test_digits_run_together_with_a_subtotal_are_reported_not_split():
    # No identity of the template holds over the extra column's digits: the rows are reported missing.
    report = random_report("2021", 3)
    text = _rows(report, layouts.render_spaced, "小计")
    text = re.sub(r"(?m)^(.*?[^\d\s])((?: \d+){8})$", lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
    parsed = parse_text(text, "copied.txt")
    row = parsed.cell("t3.new_received.total")
    assert row.kind.value == "absent"
    assert any("「一、本年新收政府信息公开申请数量」行应有8个单元格，读到1个" in f.message
               for f in parsed.parse_findings if f.severity == "error")


def test_a_subtotal_word_the_rows_do_not_print_is_no_column():
    # The header names a 合计 beside 其他, but the rows print the template's seven cells (one row ends
    # with an empty cell): they are read as the template's, never with the total taken for the 合计.
    report = random_report("2019", 7)
    lines = layouts.render_pipe_rows(report).split("\n")
    header = next(i for i, line in enumerate(lines) if "商业企业" in line)
    lines[header] = lines[header].replace("其他 |", "其他 | 合计 |")
    row = next(i for i, line in enumerate(lines) if "1.属于国家秘密" in line)
    lines[row] += "  |"
    parsed = parse_text("\n".join(lines), "report.txt")
    assert differing(parsed, report) == []
    assert not [f for f in parsed.parse_findings if "多出" in f.message]


def test_a_subtotal_column_placed_by_nothing_is_reported_not_guessed():
    # The rows print eight cells, but the header's 小计 stands apart from the five under 法人或其他组织
    # (on a line of its own above the header): which column it is, nothing tells. No row is read.
    report = random_report("2021", 7)
    text = _rows(report, layouts.render_pipe_rows, "小计").replace("其他 | 小计 |", "其他 |", 1)
    lines = text.split("\n")
    header = next(i for i, line in enumerate(lines) if "| 自然人 |" in line)
    lines.insert(header, "小计 |")
    parsed = parse_text("\n".join(lines), "report.txt")
    assert all(parsed.cell(key).kind.value == "absent" for key in report.cells if key.startswith("t3."))
    assert not [f for f in parsed.parse_findings if "多出" in f.message]
    assert any("「一、本年新收政府信息公开申请数量」行应有7个单元格，读到8个" in f.message for f in parsed.parse_findings)


def test_a_template_header_has_no_extra_column():
    report = random_report("2021", 3)
    parsed = parse_text(layouts.render_pipe_rows(report), "report.txt")
    assert not [f for f in parsed.parse_findings if "多出" in f.message]


# --- rows ------------------------------------------------------------------------------------------

COLUMNS = ("natural_person", *ORGS, "total")


def _denied_sums(report: AnnualReport) -> list[str]:
    rows = {key.rsplit(".", 1)[0] for key in report.cells if key.startswith("t3.denied.")}
    return [str(sum(report.cells[f"{row}.{column}"].value for row in rows)) for column in COLUMNS]


def _with_subtotal_row(report: AnnualReport, layout: str) -> str:
    """A 小计 row after the last row of （三）不予公开, printed as the layout prints a row."""
    sums = _denied_sums(report)
    if layout == "html":
        page = render_html(report)
        row = '<tr><th class="label" colspan="2">小计</th>' + "".join(f'<td class="value">{v}</td>' for v in sums) + "</tr>"
        last = max(m.end() for m in re.finditer(r'data-key="t3\.denied\.[a-z_]+\.total">\d+</td></tr>', page))
        return page[:last] + row + page[last:]
    render, printed, after = {
        "pipe-rows": (layouts.render_pipe_rows, ["| 小计 | " + " | ".join(sums) + " |"], 1),
        "spaced": (layouts.render_spaced, ["小计 " + " ".join(sums)], 1),
        "lines": (layouts.render_lines, ["小计", *sums], 8),
        "flat-text": (layouts.render_flat_text, ["小计 |", "|", *(f"{v} |" for v in sums)], 8),
    }[layout]
    lines = render(report).split("\n")
    at = next(i for i, line in enumerate(lines) if "8.属于行政查询事项" in line) + after
    return "\n".join([*lines[:at], *printed, *lines[at:]])


@pytest.mark.parametrize("layout", ["html", "pipe-rows", "spaced", "lines", "flat-text"])
def test_a_subtotal_row_is_left_out_and_noted(layout):
    report = random_report("2021", 2)
    parsed = parse_text(_with_subtotal_row(report, layout), "page.html" if layout == "html" else "report.txt")
    assert differing(parsed, report) == []
    (note,) = [f.message for f in parsed.parse_findings if "小计" in f.message]
    assert note.startswith("表三：「小计」行（第")
    assert note.endswith(f"）印有数值（{'、'.join(_denied_sums(report))}），模板没有这一行的单元格，未读入")
    assert not errors(check(parsed))


def test_a_group_label_printed_with_the_sums_of_its_rows():
    report = random_report("2019", 2)
    lines = layouts.render_pipe_rows(report).split("\n")
    at = next(i for i, line in enumerate(lines) if "1.属于国家秘密" in line)
    first = lines[at]
    sums = _denied_sums(report)
    lines[at:at + 1] = ["| （三）不予公开 | " + " | ".join(sums) + " |", first.replace("| （三）不予公开 ", "", 1)]
    parsed = parse_text("\n".join(lines), "report.txt")
    assert differing(parsed, report) == []
    assert f"表三：「（三）不予公开」行（第{at + 1}行）印有数值（{'、'.join(sums)}），模板没有这一行的单元格，未读入" in \
        [f.message for f in parsed.parse_findings]
