"""A document that holds the report twice: a web page with a print, mobile or old copy hidden by a
stylesheet it links to (which gongkai does not fetch), or a text with the report pasted twice. The
first copy is read, tables and prose alike, and the second is reported once, compared with the first.
So is a table printed again (an appendix): each row is read from its first printing."""

from __future__ import annotations

import re

import pytest

from gongkai.report.generate import random_report
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.rules import check, failures
from gongkai.report.spec import SPECS

from .readback import differing, messages_of

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def _body(page: str) -> str:
    found = re.search(r"<body[^>]*>(.*)</body>", page, flags=re.S)
    assert found is not None
    return found.group(1)


def _page_with_copy(first_page: str, second_page: str) -> str:
    linked = first_page.replace("<head>", '<head><link rel="stylesheet" href="/css/site.css">', 1)
    return linked.replace("</body>", f'<div class="print-version">{_body(second_page)}</div></body>', 1)


def _copy_warnings(parsed) -> list[str]:
    return [f.message for f in parsed.parse_findings if f.code == "STRUCT-SECTIONS"]


def test_a_hidden_identical_copy_is_read_once():
    report = random_report("2021", 11)
    page = render_html(report)
    parsed = parse_text(_page_with_copy(page, page), "page.html")
    assert differing(parsed, report) == []
    assert [(s.number, s.text) for s in parsed.sections] == [(s.number, s.text) for s in report.sections]
    assert _copy_warnings(parsed) == [
        f"第一份年报之后又有一份年报「{report.title}」（可能是网页的打印版、手机版或旧版副本，由页面引用的样式表隐藏）："
        "只读取第一份；两份表格数值一致"]
    # One warning, not one for every row read twice.
    assert not any("出现2次" in message for message in messages_of(parsed))


def test_an_old_copy_with_other_figures_changes_nothing_read_and_is_compared():
    report = random_report("2021", 11)
    old = random_report("2021", 12)
    assert old.year == report.year and old.cells["t2.art20_1.regulations.issued"].value != \
        report.cells["t2.art20_1.regulations.issued"].value
    parsed = parse_text(_page_with_copy(render_html(report), render_html(old)), "page.html")
    assert differing(parsed, report) == []
    # The prose is the first copy's too: its figures agree with the tables read.
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
    assert not [f for f in failures(check(parsed), "warning") if f.code.startswith("TXT-")]
    (warning,) = _copy_warnings(parsed)
    differ = sum((old.cells[k].kind, old.cells[k].value) != (c.kind, c.value) for k, c in report.cells.items())
    assert f"两份有{differ}个单元格数值不同（表二第二十条第（一）项「规章」行「本年制发件数」列：第一份" \
           f"“{report.cells['t2.art20_1.regulations.issued'].raw}”，第二份" \
           f"“{old.cells['t2.art20_1.regulations.issued'].raw}”；" in warning
    assert warning.endswith("等），请核对哪一份是正式发布的")


def test_a_copy_of_another_year_is_named_by_its_year():
    report = random_report("2021", 11)
    other = random_report("2019", 1)
    assert other.year != report.year
    parsed = parse_text(_page_with_copy(render_html(report), render_html(other)), "page.html")
    assert (parsed.year, parsed.template) == (report.year, "2021")
    assert differing(parsed, report) == []
    (warning,) = _copy_warnings(parsed)
    assert warning.endswith(f"只读取第一份；第二份是{other.year}年度的报告")
    assert f"「{other.title}」" in warning


@pytest.mark.parametrize("render", [layouts.render_pipe_rows, layouts.render_flat_text, layouts.render_lines,
                                    layouts.render_wrapped_labels, layouts.render_runtogether])
def test_text_pasted_twice_names_the_line_the_copy_starts_at(render):
    # Tables printed as lines too: the first row of table 三 tells where a table stands.
    report = random_report("2019", 3)
    text = render(report)
    parsed = parse_text(text + "\n" + text, "pasted.txt")
    alone = parse_text(text, "pasted.txt")
    assert [(k, parsed.cell(k).kind, parsed.cell(k).value) for k in report.cells] == \
        [(k, alone.cell(k).kind, alone.cell(k).value) for k in report.cells]
    assert [s.text for s in parsed.sections] == [s.text for s in alone.sections]
    second_title_line = len(text.splitlines()) + 2
    assert _copy_warnings(parsed) == [
        f"第一份年报之后（第{second_title_line}行起）又有一份年报「{report.title}」（可能是重复粘贴的副本或另一份报告）："
        "只读取第一份；两份表格数值一致"]


def test_one_report_is_not_taken_for_two():
    # Each of these holds 一、总体情况 once: no warning, whatever the layout.
    report = random_report("2021", 4)
    for text, name in ((render_html(report), "page.html"), (layouts.render_pipe_rows(report), "report.txt")):
        assert _copy_warnings(parse_text(text, name)) == []


def _page_with_table_again(page: str, table_page: str) -> str:
    """The page with table 三 of `table_page` printed again after section 六, as an appendix."""
    t3 = re.findall(r"<table.*?</table>", table_page, flags=re.S)[1]
    assert 'data-table="t3"' in t3
    return page.replace("</body>", f"<h3>附件：政府信息公开申请情况统计表</h3>{t3}</body>", 1)


def test_a_table_printed_again_in_an_appendix_is_one_warning():
    report = random_report("2021", 11)
    page = render_html(report)
    parsed = parse_text(_page_with_table_again(page, page), "page.html")
    assert differing(parsed, report) == []
    warnings = [f.message for f in parsed.parse_findings if f.severity == "warning"]
    assert warnings == ["表三：有25行各出现不止一次（如「一、本年新收政府信息公开申请数量」），可能是表格在附件或副本中再次印出："
                        "每行只采用第一次；再次印出的数值与第一次相同"]


def test_a_table_printed_again_with_other_figures_says_which_rows_differ():
    report, old = random_report("2021", 11), random_report("2021", 12)
    parsed = parse_text(_page_with_table_again(render_html(report), render_html(old)), "page.html")
    assert differing(parsed, report) == []
    rows = [r.key for r in SPECS["2021"].t3_rows]
    differ = [r.label for r in SPECS["2021"].t3_rows
              if [report.cells[f"t3.{r.key}.{c}"].raw for c in COLUMNS] != [old.cells[f"t3.{r.key}.{c}"].raw for c in COLUMNS]]
    assert len(rows) == 25 and differ
    (warning,) = [f.message for f in parsed.parse_findings if "各出现不止一次" in f.message]
    assert warning.endswith(f"其中{len(differ)}行再次印出的数值与第一次不同（「{'」「'.join(differ[:3])}」"
                            f"{'等' if len(differ) > 3 else ''}），请核对")


def test_a_few_rows_printed_twice_are_each_named():
    report = random_report("2021", 11)
    page = render_html(report)
    t3 = re.findall(r"<table.*?</table>", page, flags=re.S)[1]
    first_row = re.search(r"<tr><th class=\"label\" colspan=\"3\">一、本年新收.*?</tr>", t3, flags=re.S).group(0)
    parsed = parse_text(page.replace(first_row, first_row + first_row, 1), "page.html")
    assert differing(parsed, report) == []
    assert "表三：「一、本年新收政府信息公开申请数量」行出现2次，只采用第一次" in [f.message for f in parsed.parse_findings]
