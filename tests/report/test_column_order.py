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
        assert notes == ["表三：表头“法人或其他组织”下各列的顺序为法律服务机构、商业企业、社会公益组织、科研机构、其他，"
                         "与模板（商业企业、科研机构、社会公益组织、法律服务机构、其他）不同，已按表头对应各列"]


def test_columns_in_the_template_order_say_nothing():
    parsed = parse_bytes(render_html(random_report("2021", 1)).encode(), "page.html")
    assert not [f for f in parsed.parse_findings if "各列的顺序" in f.message]
