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


def test_page_wrapped_in_a_form_is_read():
    """ASP.NET WebForms pages wrap everything in one <form>: its content is the page; only the form's
    controls are dropped."""
    report = random_report("2021", 1)
    page = render_html(report).replace(
        "<main>", '<form name="aspnetForm" method="post" action="./Show.aspx?id=123" id="aspnetForm">'
        '<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKLTM2"><main>'
        "<select><option>选项九九九</option></select><textarea>留言九九九</textarea><button>提交九九九</button>"
    ).replace("</main>", "</main></form>")
    parsed = parse_text(page, "show.aspx.html")
    _assert_same(parsed, report)
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
    assert "九九九" not in parsed.narrative() + parsed.preamble


def test_an_articles_own_header_and_footer_are_kept():
    """A page's <header>/<footer> are site chrome, an <article>'s hold its title and signature."""
    report = random_report("2021", 1)
    page = render_html(report).replace("<main>", f"{CHROME_TOP}<main>").replace(
        "<h1>", "<article><header><h1>").replace("</h1>", "</h1></header>").replace(
        "</main>", f"<footer><p>{report.agency}办公室</p><p>2023年1月20日</p></footer></article></main>{CHROME_BOTTOM}")
    parsed = parse_text(page, "article.html")
    assert (parsed.title, parsed.agency) == (report.title, report.agency)
    assert str(parsed.published_on) == "2023-01-20"
    assert "备案号" not in parsed.narrative() and "信息公开指南" not in parsed.narrative() + parsed.preamble
    _assert_same(parsed, report)


def test_a_newline_in_the_source_is_white_space():
    """Pretty-printed pages wrap lines inside a paragraph: a browser shows a space there, or nothing
    between two Chinese characters; only <br> and blocks break a paragraph, <pre> keeps its lines."""
    report = random_report("2021", 1)
    html = render_html(report)
    heading = "三、收到和处理政府信息公开申请情况"
    assert f"<h2>{heading}</h2>" in html and "推进政务公开工作。本年度" in html
    html = html.replace(f"<h2>{heading}</h2>",
                        '<p style="text-indent:2em"><strong><span style="font-family:黑体">三、收到和处理政府信息公开</span>\n'
                        '    <span style="font-family:黑体">申请情况</span></strong></p>')
    html = html.replace("推进政务公开工作。本年度", "推进政务公开工作。本\n  年度")
    html = html.replace("自然人", "自然\n人")  # a label cell wrapped in the source
    html = html.replace("</main>", "<pre>附注 1\n附注 2</pre><p>Annual\nreport</p></main>")
    parsed = parse_text(html, "pretty.html")
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert parsed.sections[2].heading == heading
    assert [s.text for s in parsed.sections[:5]] == [s.text for s in report.sections[:5]]
    assert parsed.sections[5].text.endswith("\n附注 1\n附注 2\nAnnual report")
    _assert_same(parsed, report)


def test_invisible_characters_are_not_read():
    """Zero-width spaces (UEditor's fill character), byte-order marks and soft hyphens pasted into a
    page are invisible: "\\u200b18" is 18, and a heading after one is still a heading."""
    report = random_report("2021", 1)
    html = render_html(report)
    for key in ("t3.total.total", "t3.new_received.total", "t4.reconsideration.corrected"):
        assert f'data-key="{key}">' in html
    html = html.replace('data-key="t3.total.total">', 'data-key="t3.total.total">&#8203;')
    html = html.replace('data-key="t3.new_received.total">', 'data-key="t3.new_received.total">\ufeff')
    html = html.replace('data-key="t4.reconsideration.corrected">', 'data-key="t4.reconsideration.corrected">\u2060&shy;')
    html = html.replace("<h2>三、", "<h2>\u200b三、").replace("<h2>五、", "<h2>\u200d五\u200c、")
    html = html.replace("全年受理", "全年\u00ad受理")
    parsed = parse_text(html, "zwsp.html")
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
    _assert_same(parsed, report)


@pytest.mark.parametrize(("mark", "kind", "note"), [
    ("{v}<sup>1</sup>", Kind.ANNOTATED, "1"),  # a footnote mark, not 1371
    ("<span>{v}</span> <sub>2</sub>", Kind.ANNOTATED, "2"),
    ("{v}<sup>注</sup>", Kind.ANNOTATED, "注"),
    ('<del cite="mailto:x" datetime="2023-01-10T10:00">9</del><ins datetime="2023-01-10T10:00">{v}</ins>',
     Kind.NUMBER, None),  # Word's tracked change: the deleted 9 is not read
    ("<s>8</s>{v}<strike>7</strike>", Kind.NUMBER, None),
    ('{v}<span style="display:none;mso-hide:all">0</span>', Kind.NUMBER, None),  # Word's hidden text
    ('{v}<span style="color:red; visibility : hidden">0</span>', Kind.NUMBER, None),
])
def test_marks_in_a_value_cell_are_read_as_printed(mark, kind, note):
    report = random_report("2021", 1)
    key = "t2.art20_5.licensing.decisions"
    html = render_html(report)
    found = re.search(rf'data-key="{key}">(\d+)<', html)
    value = found.group(1)
    parsed = parse_text(html.replace(found.group(0), f'data-key="{key}">{mark.format(v=value)}<'), "marks.html")
    cell = parsed.cell(key)
    assert (cell.kind, cell.value, cell.note) == (kind, int(value), note)
    others = [k for k in report.cells if k != key]
    assert [(parsed.cell(k).kind, parsed.cell(k).value) for k in others] == \
        [(report.cells[k].kind, report.cells[k].value) for k in others]


def test_deleted_and_hidden_text_is_not_read_in_paragraphs():
    report = random_report("2021", 5)
    html = render_html(report)
    assert "全年受理政府信息公开申请" in html
    html = html.replace("全年受理政府信息公开申请",
                        "全年<del>删除</del>受理<span style='display: none'>隐藏</span>政府<s>划去</s>信息公开申请"
                        "<font style=\"VISIBILITY:hidden\">水印</font>", 1)
    parsed = parse_text(html, "hidden.html")
    assert parsed.sections[0].text == report.sections[0].text
    assert "隐藏" not in parsed.narrative() + parsed.preamble


def test_a_report_in_a_hidden_block_is_read():
    """Pages that show the article by script (a tab, "展开全文") hide its block until then: a hidden
    <div> is read; only hidden text-level elements (watermarks, Word's hidden text) are not."""
    report = random_report("2021", 5)
    html = render_html(report).replace("<main>", "<main><div style=\"display:none\" id=\"zoom\">", 1)
    html = html.replace("</main>", "</div></main>", 1)
    parsed = parse_text(html, "tab.html")
    _assert_same(parsed, report)
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]


def test_a_mark_after_a_label_runs_on():
    """Only a mark after a number is bracketed as a remark: "行政许可1" still names its row."""
    report = random_report("2021", 5)
    html = render_html(report)
    assert html.count("行政许可<") == 1
    _assert_same(parse_text(html.replace("行政许可<", "行政许可<sup>1</sup><"), "label.html"), report)


def test_a_line_break_inside_a_heading_keeps_it_one_heading():
    report = random_report("2021", 2)
    html = render_html(report)
    assert "<h2>三、收到和处理政府信息公开申请情况</h2>" in html
    html = html.replace("<h2>三、收到和处理政府信息公开申请情况</h2>", "<h2>三、收到和处理<br>政府信息公开申请情况</h2>")
    parsed = parse_text(html, "br.html")
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
    assert parsed.sections[2].heading == "三、收到和处理政府信息公开申请情况"
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
