"""HTML pages as agencies' tools and sites print them, built from the renderer's page: what a browser
hides, line breaks inside a cell, stray cells, headings set in or above a table, nested tables."""

from __future__ import annotations

import re

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import ReportParseError, parse_text
from gongkai.report.render.html import render_html

from .html_pages import every_value, main_of
from .readback import differing

T3_HEADING = "三、收到和处理政府信息公开申请情况"


@pytest.mark.parametrize("mark", [
    '{v}<SPAN style="DISPLAY: none">7</SPAN>',  # as Internet Explorer wrote a hidden element
    '{v}<span style="font-size:0">7</span>',  # a digit printed at size zero against copying
    "{v}<span style='FONT-SIZE: 0px; color:#fff'>7</span>",
    '<span style="font-size:0pt"><span style="font-size:12pt">{v}</span>7</span>',  # the sized child is shown
    "{v}<span hidden>7</span>",
])
def test_text_the_browser_hides_in_a_value_cell_is_not_read(mark):
    report = random_report("2021", 3)
    parsed = parse_text(every_value(render_html(report), mark), "hidden.html")
    assert differing(parsed, report) == []


def test_a_style_in_capitals_hides_in_a_page_written_in_capitals():
    report = random_report("2019", 3)
    page = every_value(render_html(report), '{v}<FONT STYLE="VISIBILITY: HIDDEN">7</FONT><SPAN HIDDEN>5</SPAN>')
    page = re.sub(r"<(/?)(html|head|body|meta|title)\b", lambda m: f"<{m.group(1)}{m.group(2).upper()}", page)
    assert differing(parse_text(page, "frontpage.html"), report) == []


def test_hidden_paragraphs_are_not_read():
    """Word marks hidden text of a whole paragraph on the <p> (display:none;mso-hide:all), in a cell
    as in the text; a hidden <div> inside a cell of the table is not shown either."""
    report = random_report("2021", 4)
    html = every_value(render_html(report), "<p class=MsoNormal>{v}</p><p class=MsoNormal style='display:none;mso-hide:all'>7</p>")
    html = html.replace('data-key="t3.total.total"><p class=MsoNormal>', 'data-key="t3.total.total"><div style="display:none">9</div><p class=MsoNormal>')
    html = html.replace("<h2>一、总体情况</h2>\n", "<h2>一、总体情况</h2>\n<p style='display:none;mso-hide:all'>隐藏的段落</p>\n")
    parsed = parse_text(html, "word-hidden.html")
    assert differing(parsed, report) == []
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]


def test_hidden_rows_and_cells_are_not_read():
    """Excel's "save as web page" keeps hidden rows and columns with display:none; a row hidden by
    the hidden attribute is not shown either. Read, they shift the values of the rows they sit in."""
    report = random_report("2019", 4)
    html = render_html(report)
    row = '<tr style="display:none"><th class="label" colspan="3">一、本年新收政府信息公开申请数量</th>' + "<td>9</td>" * 7 + "</tr>"
    html = html.replace("<tbody>\n<tr><th class=\"label\" colspan=\"3\">一、", f"<tbody>\n{row}<tr><th class=\"label\" colspan=\"3\">一、", 1)
    html = html.replace("<tr><th class=\"label\" colspan=\"3\">二、", "<tr hidden><td>二、上年结转政府信息公开申请数量</td><td>8</td></tr>"
                        "<tr><th class=\"label\" colspan=\"3\">二、", 1)
    html = every_value(html, "{v}</td><td style='display:none' class=xl66>6")
    parsed = parse_text(html, "excel.html")
    assert differing(parsed, report) == []


@pytest.mark.parametrize("wrapper", ['<div style="display:none" class="print">{}</div>', "<div hidden>{}</div>",
                                     "<DIV style='VISIBILITY: hidden; HEIGHT: 0px'>{}</DIV>"])
def test_a_hidden_copy_of_the_tables_is_not_read(wrapper):
    """A page that keeps a hidden copy of the report (for printing, or an earlier version) before the
    one it shows: the shown tables are read, not the hidden copy's numbers."""
    report = random_report("2021", 6)
    earlier = random_report("2021", 60)
    html = render_html(report).replace("<main>", "<main>" + wrapper.format(main_of(render_html(earlier))), 1)
    parsed = parse_text(html, "copy.html")
    assert differing(parsed, report) == []
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]


def test_a_hidden_copy_of_one_table_is_not_read():
    report = random_report("2019", 6)
    html = render_html(report)
    table = re.search(r'<table class="report-table t3".*?</table>', html, re.S).group(0)
    copy = re.sub(r'data-key="([^"]+)">\d+<', 'data-key="\\1">9<', table).replace("<table ", '<table style="display:none" ', 1)
    parsed = parse_text(html.replace(table, copy + table), "copy.html")
    assert differing(parsed, report) == []


@pytest.mark.parametrize("split", ["{a}<br>{b}", "<p>{a}</p><p>{b}</p>"])
def test_digits_on_two_lines_of_a_cell_are_not_one_number(split):
    """A cell printing 1 and 2 on two lines does not say 12 (§5.1: split numbers are never merged);
    a label broken the same way still runs on, and a remark on its own line still annotates."""
    report = random_report("2021", 2)
    key, note_key = "t3.new_received.natural_person", "t4.reconsideration.corrected"
    html = render_html(report).replace(f'data-key="{key}">{report.cells[key].raw}<', f'data-key="{key}">' + split.format(a="1", b="2") + "<")
    html = html.replace("自然人", split.format(a="自然", b="人")).replace("商业企业", "商业<br>企业")
    value = report.cells[note_key].raw
    html = html.replace(f'data-key="{note_key}">{value}<', f'data-key="{note_key}">' + split.format(a=value, b="（含补正）") + "<")
    parsed = parse_text(html, "lines.html")
    cell = parsed.cell(key)
    assert (cell.kind, cell.value, cell.raw) == (Kind.TEXT, None, "1 2")
    annotated = parsed.cell(note_key)
    assert (annotated.kind, annotated.value, annotated.note) == (Kind.ANNOTATED, int(value), "含补正")
    assert differing(parsed, report, frozenset({key, note_key})) == []


@pytest.mark.parametrize("stray", [
    "<td></td><td>&nbsp;</td>",
    # Word's "save as web page" closes rows of uneven height with a cell that keeps the height.
    "<![if !supportMisc]><td style='border:none' width=0 height=25></td><![endif]>",
])
def test_stray_empty_cells_at_the_end_of_rows_do_not_shift_values(stray):
    """Editors leave an empty cell after the last one of some rows; a browser draws an empty column
    there. A row whose first value is blank is then one slot wider than its header, and reading the
    stray cell as its last column moved the blank to the end of the row."""
    report = random_report("2019", 0)
    for key in ("t3.granted.natural_person", "t3.carry_forward.research", "t3.unable.still_unclear.natural_person"):
        report = report.with_cell(key, "")
    html = render_html(report)
    table = re.search(r'<table class="report-table t3".*?</table>', html, re.S).group(0)
    extended = re.sub(r"(<td class=\"value\"[^>]*>[^<]*</td>)</tr>", lambda m: m.group(1) + stray + "</tr>", table)
    parsed = parse_text(html.replace(table, extended), "stray.html")
    assert differing(parsed, report) == []
    assert parsed.cell("t3.granted.natural_person").kind is Kind.BLANK


def test_a_tables_caption_is_read_as_its_heading():
    report = random_report("2021", 7)
    html = render_html(report)
    assert f"<h2>{T3_HEADING}</h2>" in html
    html = html.replace(f"<h2>{T3_HEADING}</h2>", "").replace('aria-label="表三">', f'aria-label="表三"><caption><b>{T3_HEADING}</b></caption>', 1)
    parsed = parse_text(html, "caption.html")
    assert [(s.number, s.heading) for s in parsed.sections] == [(s.number, s.heading) for s in report.sections]
    assert differing(parsed, report) == []


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_a_section_heading_in_a_tables_first_row_starts_the_section(version):
    """Reports pasted from Word often set the heading as the first row of the table, one cell across:
    it is the section's heading (with the narrative after the table), not a row of table 三."""
    report = random_report(version, 8)
    html = render_html(report)
    moved = re.sub(rf"<h2>{T3_HEADING}</h2>\n(<p>.*?</p>\n)(<table[^>]*>\n<thead>\n)(.*?</table>\n)",
                   lambda m: f'{m.group(2)}<tr><td colspan="10"><p align=center><b>{T3_HEADING}</b></p></td></tr>\n'
                   f"{m.group(3)}{m.group(1)}", html, count=1, flags=re.S)
    assert moved != html
    parsed = parse_text(moved, "row.html")
    assert [(s.number, s.heading) for s in parsed.sections] == [(s.number, s.heading) for s in report.sections]
    assert parsed.sections[2].text == report.sections[2].text
    assert differing(parsed, report) == []
    cell = parsed.cell("t3.total.total")
    assert cell.source.row is not None and cell.source.row > 0


def test_a_value_boxed_in_a_nested_table_keeps_the_grid():
    """Word keeps a cell's text pasted as a table as a one-cell table inside the cell: the outer table
    is still the report's table, not a layout table to read as page text."""
    report = random_report("2019", 9).with_cell("t3.granted.commercial", "")
    html = re.sub(r'(data-key="t3\.[a-z_.]+">)([^<]*)<',
                  r"\1<table class=MsoNormalTable width=\"100%\"><tr><td><p class=MsoNormal><span>\2</span></p></td></tr></table><",
                  render_html(report))
    parsed = parse_text(html, "boxed.html")
    assert differing(parsed, report) == []
    assert parsed.cell("t3.granted.commercial").kind is Kind.BLANK


def test_article_text_framed_in_a_one_cell_table_is_read_as_paragraphs():
    """Old sites set the article's first part in a one-cell table inside their layout table."""
    report = random_report("2021", 10)
    html = render_html(report)
    main = main_of(html)
    first, rest = main.split("<section>\n<h2>二", 1)
    page = html.replace(main, f"</main><table width=1000><tr><td>栏目导航</td><td><table><tr><td>{first}</td></tr></table>"
                              f"<section>\n<h2>二{rest}</td></tr></table><main>")
    parsed = parse_text(page, "frame.html")
    assert parsed.title == report.title
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
    assert differing(parsed, report) == []


# --- pages that do not hold the report: the message says where it is --------------------------------

_PAGE = ('<html><head><meta charset="utf-8"><title>示例县2025年政府信息公开工作年度报告</title>{head}</head>'
         '<body><div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>'
         "<h1>示例县2025年政府信息公开工作年度报告</h1>{body}</body></html>")


def _refusal(head: str, body: str) -> str:
    with pytest.raises(ReportParseError) as refused:
        parse_text(_PAGE.format(head=head, body=body), "page.html")
    return str(refused.value)


def test_a_page_that_links_the_report_as_an_attachment():
    message = _refusal("", '<p>详见附件。</p><p>附件：<a href="/upload/nb2025.pdf?v=2">示例县年报.pdf</a> '
                           '<a href="/upload/nb2025.DOCX"></a></p>')
    assert "网页链接了附件（示例县年报.pdf、nb2025.DOCX），年报可能在附件中：请下载附件后读取" in message


@pytest.mark.parametrize("frame", ['<iframe src="/pdfjs/viewer.html?file=/up/nb.pdf"></iframe>',
                                   '<EMBED SRC="/pdfjs/viewer.html?file=/up/nb.pdf">',
                                   '<object data="/pdfjs/viewer.html?file=/up/nb.pdf"></object>'])
def test_a_page_that_embeds_the_report_in_a_frame(frame):
    message = _refusal("", frame)
    assert "网页把内容嵌在框架里（/pdfjs/viewer.html?file=/up/nb.pdf）" in message


def test_a_page_its_script_fills_in():
    message = _refusal('<script src="/js/app.js"></script>', '<div id="app"></div><script>load(12345)</script>')
    assert "网页的正文可能由脚本在浏览器中载入" in message


def test_a_report_page_with_attachments_is_read_as_usual():
    report = random_report("2021", 3)
    page = render_html(report).replace("</main>", '<p>附件：<a href="/up/nb.pdf">年报.pdf</a></p></main>', 1)
    assert not differing(parse_text(page, "page.html"), report)
