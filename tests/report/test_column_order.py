"""Table 三 printed with the columns under 法人或其他组织 in another order than the template's: each
column is read by its header. Their sums are the same in any order, so no identity would catch
values read by the template's order."""

from __future__ import annotations

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Cell, Kind
from gongkai.report.parse import parse_bytes
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.render.markdown import render_markdown

ORGS = {"commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织", "legal_service": "法律服务机构"}
PRINTED = ("legal_service", "commercial", "social_welfare", "research")  # the order the table prints them in
RENDERERS = {"html": (render_html, "page.html"), "markdown": (render_markdown, "report.md"),
             "pipe-rows": (layouts.render_pipe_rows, "report.txt"), "spaced": (layouts.render_spaced, "report.txt"),
             "flat-text": (layouts.render_flat_text, "report.txt"),
             "run-together": (layouts.render_runtogether, "report.txt")}


def _printed_in_order(report: AnnualReport, order: tuple[str, ...]) -> AnnualReport:
    """What the renderer prints when the columns under 法人或其他组织 stand in `order`: the column of
    template place k shows column order[k], values and header label alike (marked, then relabelled)."""
    printed = report
    for key in [k for k in report.cells if k.startswith("t3.") and k.rsplit(".", 1)[1] in ORGS]:
        row, column = key.rsplit(".", 1)
        shown = order[list(ORGS).index(column)]
        printed = printed.with_cell(key, report.cells[f"{row}.{shown}"].raw)
    return printed


def _read_as(read: Cell, printed: Cell) -> bool:
    """The cell was read as printed, or (digits run together) marked ambiguous with it a candidate."""
    if read.kind is Kind.AMBIGUOUS:
        return printed.value in read.candidates
    return (read.kind, read.value) == (printed.kind, printed.value)


@pytest.mark.parametrize("layout", list(RENDERERS))
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_columns_are_read_by_their_header(layout, version):
    render, name = RENDERERS[layout]
    for seed in range(4):
        report = random_report(version, seed)
        text = render(_printed_in_order(report, PRINTED))
        for k, column in enumerate(ORGS):
            text = text.replace(ORGS[column], f"@{k}@")
        for k, column in enumerate(PRINTED):
            text = text.replace(f"@{k}@", ORGS[column])
        parsed = parse_bytes(text.encode("utf-8"), name)
        wrong = [key for key, cell in report.cells.items()
                 if key.startswith("t3.") and not _read_as(parsed.cells[key], cell)]
        assert wrong == [], (seed, wrong[:4])
        notes = [f.message for f in parsed.parse_findings if "各列的顺序" in f.message]
        assert notes == ["表三：表头各列的顺序为自然人、法律服务机构、商业企业、社会公益组织、科研机构、其他、总计，"
                         "与模板（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）不同，已按表头对应各列"]


@pytest.mark.parametrize("layout", ["markdown", "spaced", "html", "run-together"])
def test_total_printed_first_and_natural_persons_last(layout):
    # 总计 | 法人或其他组织 (five) | 自然人: the row total is still a sum, but of the other columns. Digits
    # run together are split by taking a row's last cell for its total, which no longer holds: reported.
    render, name = RENDERERS[layout]
    report = random_report("2021", 1)
    printed = report
    for key in [k for k in report.cells if k.startswith("t3.")]:
        row, column = key.rsplit(".", 1)
        swapped = {"natural_person": "total", "total": "natural_person"}.get(column, column)
        printed = printed.with_cell(key, report.cells[f"{row}.{swapped}"].raw)
    text = render(printed)
    if layout == "markdown":
        text = text.replace("| 自然人 |", "| @ |").replace("| 总计 |", "| 自然人 |", 1).replace("| @ |", "| 总计 |")
    elif layout == "html":
        text = (text.replace('rowspan="2">自然人</th>', "@").replace('rowspan="2">总计</th>', 'rowspan="2">自然人</th>', 1)
                .replace("@", 'rowspan="2">总计</th>'))
    else:
        text = text.replace("自然人 法人或其他组织 总计", "总计 法人或其他组织 自然人")
    parsed = parse_bytes(text.encode("utf-8"), name)
    t3 = [key for key in report.cells if key.startswith("t3.")]
    if layout == "run-together":
        assert all(parsed.cells[key].kind is Kind.ABSENT for key in t3)
        return
    assert [key for key in t3 if not _read_as(parsed.cells[key], report.cells[key])] == []
    assert any(f.message.startswith("表三：表头各列的顺序为总计、商业企业、科研机构、社会公益组织、法律服务机构、其他、自然人，")
               for f in parsed.parse_findings)


def test_columns_in_the_template_order_say_nothing():
    parsed = parse_bytes(render_html(random_report("2021", 1)).encode(), "page.html")
    assert not [f for f in parsed.parse_findings if "各列的顺序" in f.message]


T4_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}
T4_BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_review")


def _t4_printed(report: AnnualReport, order: tuple[str, ...], render) -> str:
    """Table 四 printed with each block's columns in `order` (header labels and values alike)."""
    printed = report
    for block in T4_BLOCKS:
        for k, column in enumerate(T4_LABELS):
            printed = printed.with_cell(f"t4.{block}.{column}", report.cells[f"t4.{block}.{order[k]}"].raw)
    text = render(printed)
    start = text.index("四、政府信息公开行政复议")  # the header labels of table 四 only (总计 is table 三's too)
    head, tail = text[:start], text[start:]
    for k, column in enumerate(T4_LABELS):
        tail = tail.replace(T4_LABELS[column], f"@{k}@")
    for k, column in enumerate(order):
        tail = tail.replace(f"@{k}@", T4_LABELS[column])
    return head + tail


@pytest.mark.parametrize("layout", list(RENDERERS))
def test_table_four_columns_are_read_by_their_header(layout):
    render, name = RENDERERS[layout]
    order = ("corrected", "upheld", "pending", "other", "total")  # each block's total still last
    for seed in range(4):
        report = random_report("2021", seed)
        parsed = parse_bytes(_t4_printed(report, order, render).encode("utf-8"), name)
        assert [key for key, cell in report.cells.items()
                if key.startswith("t4.") and not _read_as(parsed.cells[key], cell)] == [], seed
        assert any(f.message.startswith("表四：表头各栏的列顺序为结果纠正、结果维持、尚未审结、其他结果、总计；")
                   for f in parsed.parse_findings)


def test_table_four_total_printed_first():
    # In a grid the header places every cell; digits run together are split by taking each block's
    # last cell for its total, which no longer holds: reported, not split.
    report = random_report("2021", 2)
    order = ("total", "upheld", "corrected", "other", "pending")
    grid = parse_bytes(_t4_printed(report, order, render_markdown).encode("utf-8"), "report.md")
    assert [key for key, cell in report.cells.items() if key.startswith("t4.") and not _read_as(grid.cells[key], cell)] == []
    run = parse_bytes(_t4_printed(report, order, layouts.render_runtogether).encode("utf-8"), "report.txt")
    assert all(run.cells[key].kind is Kind.ABSENT for key in report.cells if key.startswith("t4."))
    assert any(f.message.startswith("表四：应有15个数值单元格") for f in run.parse_findings)


@pytest.mark.parametrize("layout", [name for name in RENDERERS if name != "run-together"])
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_table_two_columns_are_read_by_their_header(layout, version):
    from gongkai.report.spec import SPECS

    render, name = RENDERERS[layout]
    block = SPECS[version].t2_blocks[0]  # 第二十条第（一）项: three columns
    columns = [c.key for c in block.columns]
    labels = [c.label for c in block.columns]
    order = (columns[0], columns[2], columns[1])
    for seed in range(3):
        report = random_report(version, seed)
        printed = report
        for row in block.rows:
            for k, column in enumerate(columns):
                printed = printed.with_cell(f"t2.{block.key}.{row.key}.{column}",
                                            report.cells[f"t2.{block.key}.{row.key}.{order[k]}"].raw)
        text = render(printed).replace(labels[1], "@").replace(labels[2], labels[1]).replace("@", labels[2])
        parsed = parse_bytes(text.encode("utf-8"), name)
        assert [key for key, cell in report.cells.items()
                if key.startswith("t2.") and not _read_as(parsed.cells[key], cell)] == [], seed
        assert any(f"表头各列的顺序为{labels[0]}、{labels[2]}、{labels[1]}" in f.message for f in parsed.parse_findings)


def test_header_labels_wrapped_over_lines_are_recognised():
    from gongkai.report.parse.assemble import _printed_labels
    from gongkai.report.parse.labels import norm

    labels = tuple(map(norm, ("本年新制作数量", "本年新公开数量", "对外公开总数量")))
    printed = ["信 息 内 容", "本年新", "公开数量", "对外公", "开总数量", "本年新", "制作数量"]
    assert _printed_labels(printed, labels) == [labels[1], labels[2], labels[0]]
    # A label split by a break (another cell) between its pieces is none.
    assert _printed_labels(["本年新", None, "公开数量", "本年新制作数量"], labels) == [labels[0]]


def test_a_row_printed_without_values_before_the_next_block():
    # The header of a block is looked for after the row before it and that row's values, which a
    # row printed without any (2019 规范性文件 alone, before the three columns of （五）) does not have.
    report = random_report("2019", 1)
    row = " ".join(report.cells[f"t2.art20_1.normative.{c}"].raw for c in ("made", "published", "total_public"))
    text = layouts.render_spaced(report)
    assert f"规范性文件 {row}\n第二十条第（五）项" in text
    parsed = parse_bytes(text.replace(f"规范性文件 {row}\n", "规范性文件\n").encode("utf-8"), "report.txt")
    assert parsed.cell("t2.art20_1.normative.made").kind is Kind.ABSENT
    for column in ("prev_items", "change", "decisions"):
        key = f"t2.art20_5.licensing.{column}"
        assert parsed.cell(key).value == report.cells[key].value


@pytest.mark.parametrize("layout", ["html", "markdown", "pipe-rows", "spaced", "flat-text", "wrapped"])
def test_a_header_naming_another_unit_is_told(layout):
    # 本年收费金额 in 元 where the template says 万元: read as printed, never converted, and said. The
    # wrapped layout prints the unit on a line of its own: "本年收费金额" / "（单位：元）".
    render, name = RENDERERS.get(layout, (layouts.render_wrapped_labels, "report.txt"))
    report = random_report("2021", 0)
    text = render(report)
    assert "本年收费金额（单位：万元）" in text.replace("\n", "")
    parsed = parse_bytes(text.replace("（单位：万元）", "（单位：元）").encode("utf-8"), name)
    fees = parsed.cell("t2.art20_8.fees.amount_wan_yuan")
    assert fees.value == report.cells["t2.art20_8.fees.amount_wan_yuan"].value
    told = [f for f in parsed.parse_findings if "单位" in f.message]
    assert [(f.severity, f.message, f.cells) for f in told] == [(
        "warning", "表二第二十条第（八）项：表头为“本年收费金额（单位：元）”，模板为“本年收费金额（单位：万元）”："
        "数值按原样读取，未换算，请核对单位", ("t2.art20_8.fees.amount_wan_yuan",))]
    assert not [f for f in parse_bytes(text.encode("utf-8"), name).parse_findings if "单位" in f.message]
