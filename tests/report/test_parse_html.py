"""HTML pages as agencies publish them: page chrome, layout tables, Word-pasted markup."""

from __future__ import annotations

import re

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import ReportParseError, parse_text
from gongkai.report.render.html import render_html

CHROME_TOP = """<header><div class="menu">首页 | 政务公开 | 政务服务 | 互动交流</div></header>
<nav><ul><li>信息公开指南</li><li>信息公开目录</li><li>信息公开年报</li></ul></nav>"""
CHROME_BOTTOM = """<footer>主办单位：示例市人民政府办公室　网站标识码：0000000000　备案号：示ICP备00000000号</footer>
<script>var x = "一、本年新收政府信息公开申请数量 9 9 9";</script>"""


def _body(html: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", html, re.S).group(1)


def _assert_same(parsed, report):
    wrong = [k for k in report.cells
             if (parsed.cell(k).kind, parsed.cell(k).value) != (report.cells[k].kind, report.cells[k].value)]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_page_chrome_and_layout_tables_are_ignored(version):
    report = random_report(version, 11)
    page = (f"<html><head><title>年报</title><style>td{{color:red}}</style></head><body>{CHROME_TOP}"
            f"<table class='layout'><tr><td>左侧栏目</td><td>{_body(render_html(report))}</td></tr></table>"
            f"{CHROME_BOTTOM}</body></html>")
    parsed = parse_text(page, "page.html")
    assert parsed.template == version
    _assert_same(parsed, report)
    assert "备案号" not in parsed.narrative()


def test_word_pasted_markup_and_entities():
    report = random_report("2019", 4)
    html = render_html(report)
    # Word-pasted spans, non-breaking spaces and <br> inside labels, half-width brackets.
    html = html.replace("本年新制作数量", "本年新<br />制作数量")
    html = html.replace("自然人", "<span class='MsoNormal' style=\"font-family:方正仿宋_GBK\">自&nbsp;然&nbsp;人</span>")
    html = html.replace("（三）不予公开", "(三)不予公开")
    html = html.replace("“三安全一稳定”", "\"三安全一稳定\"")
    parsed = parse_text(html, "word.html")
    _assert_same(parsed, report)


def test_text_after_a_comment_is_kept():
    """Word-pasted pages carry <!--StartFragment--> and conditional comments inside paragraphs and
    cells: the text on both sides of one is read as if the comment were not there."""
    report = random_report("2021", 5)
    html = render_html(report)
    html = html.replace("全年受理政府信息公开申请", "全年受理<!--StartFragment-->政府信息公开申请", 1)
    html = html.replace("<h2>一、总体情况</h2>", "<!--[if gte mso 9]><xml>x</xml><![endif]-->\n<h2>一、总体情况</h2>")
    html = html.replace("自然人", "自然<!-- 注 -->人")
    parsed = parse_text(html, "word.html")
    assert parsed.sections[0].text == report.sections[0].text
    _assert_same(parsed, report)


def test_script_and_style_inside_text_leave_the_text_after_them():
    report = random_report("2019", 3)
    html = render_html(report).replace(
        "全年受理政府信息公开申请", "全年受理<script>var n = 9;</script>政府<style>p{}</style>信息公开申请", 1)
    parsed = parse_text(html, "script.html")
    assert parsed.sections[0].text == report.sections[0].text
    assert "var n" not in parsed.narrative()


def test_table_split_into_one_html_table_per_block():
    report = random_report("2021", 8)
    html = render_html(report)
    # Break table 三 after its first data rows into two <table> elements, as Word page breaks do.
    marker = "<tr>"
    start = html.index("二、上年结转政府信息公开申请数量")
    cut = html.rindex(marker, 0, start)
    html = html[:cut] + "</table><p>（续表）</p><table>" + html[cut:]
    parsed = parse_text(html, "split.html")
    _assert_same(parsed, report)


def test_html_page_that_is_not_a_report():
    page = f"<html><body>{CHROME_TOP}<p>欢迎访问示例市人民政府门户网站。</p>{CHROME_BOTTOM}</body></html>"
    with pytest.raises(ReportParseError, match="不是政府信息公开工作年度报告"):
        parse_text(page, "index.html")


def test_hostile_spans_do_not_explode():
    report = random_report("2019", 2)
    html = render_html(report).replace("<td", "<td rowspan='99999999' colspan='99999999'", 1)
    parsed = parse_text(html, "hostile.html")  # must return, whatever it reads
    assert parsed.template in ("2019", "2021", "mixed")


def test_blank_cell_in_a_grid_keeps_its_position():
    report = random_report("2019", 6).with_cell("t3.carry_forward.commercial", "")
    parsed = parse_text(render_html(report), "blank.html")
    assert parsed.cell("t3.carry_forward.commercial").kind is Kind.BLANK
    key = "t3.carry_forward.research"
    assert parsed.cell(key).value == report.cells[key].value
    assert parsed.cell(key).source.table is not None and parsed.cell(key).source.column is not None
