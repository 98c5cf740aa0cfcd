"""What a page's own <style> hides by class or id: an anti-copy digit in a hidden <span>, a hidden
row, a print copy of the report. Pages built from the renderer's page, with rules added to its sheet."""

from __future__ import annotations

import pytest

from gongkai.report.generate import random_report
from gongkai.report.parse import parse_bytes, parse_text
from gongkai.report.render.html import render_html

from .html_pages import every_value, main_of
from .readback import differing


def _with_rules(html: str, css: str) -> str:
    """The page with css at the end of its own <style>."""
    assert "</style>" in html
    return html.replace("</style>", f"{css}\n</style>", 1)


@pytest.mark.parametrize(("css", "mark"), [
    (".hide{display:none}", '{v}<span class="hide">7</span>'),
    ("span.x { visibility : hidden }", '{v}<span class="x">7</span>'),
    (".zero{font-size:0}", '{v}<span class="zero">7</span>'),
    (".zero { font-size: 0px; color: #fff }", '<span class="zero">7</span>{v}'),
    ("#hide { display:none }", '{v}<i id="hide">7</i>'),
    ("font#n{display:none}", '{v}<font id="n">7</font>'),
    (".Hide {\n  DISPLAY : NONE !IMPORTANT;\n}", '{v}<SPAN CLASS="Hide" STYLE="DISPLAY: INLINE">7</SPAN>'),
    ("p.a, .b {display:none}", '{v}<span class="c b">7</span>'),  # a comma list, one of two classes
    ("@media screen {\n .s { display: none; }\n}", '{v}<span class="s">7</span>'),
    ("@media all { @media screen { .s{display:none} } }", '{v}<span class="s">7</span>'),
    ("<!--\n/* the digit against copying */ .w{visibility:hidden}\n-->", '{v}<em class="w">7</em>'),
    (".m { Display: None }", '{v}<span class="m">7</span>'),  # CSS ignores the case of names and keywords
    (".m{Font-Size:0PT}", '{v}<span class="m">7</span>'),
])
def test_a_digit_hidden_by_a_rule_of_the_page_is_not_read(css, mark):
    """Read, the hidden digit joins the shown one: 28 and a hidden 7 read as 287."""
    report = random_report("2021", 3)
    parsed = parse_text(_with_rules(every_value(render_html(report), mark), css), "sheet.html")
    assert differing(parsed, report) == []


def test_a_sheet_in_capitals_hides_in_bytes_of_the_page():
    """A page as FrontPage wrote it, read from its bytes (GBK, as many agencies' sites serve them)."""
    report = random_report("2019", 5)
    page = every_value(render_html(report), '{v}<SPAN class=HIDE>7</SPAN>')
    page = page.replace("<style>", "<STYLE>").replace("</style>", "SPAN.HIDE { DISPLAY: NONE }\n</STYLE>")
    page = page.replace('<meta charset="utf-8">', '<meta charset="gbk">')
    parsed = parse_bytes(page.encode("gbk"), "frontpage.html")
    assert differing(parsed, report) == []


def test_a_size_the_sheet_gives_a_child_of_a_zero_size_element_is_shown():
    """A zero-size wrapper around a sized value and an unsized digit: the value is read, the digit is not."""
    report = random_report("2021", 7)
    html = every_value(render_html(report), '<span class="z"><span class="n">{v}</span>7</span>')
    parsed = parse_text(_with_rules(html, ".z{font-size:0}\nspan.n{font-size:10.5pt}"), "sized.html")
    assert differing(parsed, report) == []


def test_rows_and_cells_hidden_by_a_class_are_not_read():
    report = random_report("2019", 4)
    html = render_html(report)
    row = '<tr class="gone"><th class="label" colspan="3">一、本年新收政府信息公开申请数量</th>' + "<td>9</td>" * 7 + "</tr>"
    html = html.replace('<tbody>\n<tr><th class="label" colspan="3">一、', f'<tbody>\n{row}<tr><th class="label" colspan="3">一、', 1)
    html = every_value(html, "{v}</td><td class=xl66>6")
    parsed = parse_text(_with_rules(html, "tr.gone, td.xl66 { display: none }"), "rows.html")
    assert differing(parsed, report) == []


@pytest.mark.parametrize("rule", ["#print-copy{display:none}", "div#print-copy { visibility: hidden !important }",
                                  ".print-only{display:none}"])
def test_a_copy_of_the_report_hidden_by_the_sheet_is_not_read(rule):
    """A copy kept for printing (or an earlier version) before the shown report, hidden by the sheet."""
    report = random_report("2021", 6)
    earlier = random_report("2021", 60)
    copy = f'<div id="print-copy" class="print-only">{main_of(render_html(earlier))}</div>'
    html = _with_rules(render_html(report).replace("<main>", "<main>" + copy, 1), rule)
    parsed = parse_text(html, "copy.html")
    assert differing(parsed, report) == []
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]


def test_a_report_hidden_by_the_sheet_until_script_shows_it_is_read():
    """A tab hidden by a class until script shows it holds the only copy of the report: read, though
    the digits against copying in it are not."""
    report = random_report("2021", 8)
    html = every_value(render_html(report), '{v}<span class="hide">7</span>')
    html = html.replace("<main>", '<main><div class="tab-pane">', 1).replace("</main>", "</div></main>", 1)
    parsed = parse_text(_with_rules(html, ".tab-pane{display:none}\n.hide{display:none}"), "tab.html")
    assert differing(parsed, report) == []
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]


def test_rules_that_do_not_hide_on_screen_leave_the_text_read():
    """Only rules a browser applies to the page on a screen hide: not print rules, not rules whose
    selector matches less than a class (a descendant, a pseudo-class, an attribute), not a class the
    page's markup uses without a rule for it (Bootstrap's "hidden"), not a rule the element's own
    style overrides. The page's digit against copying is hidden, so its sheet is read."""
    report = random_report("2021", 9)
    html = every_value(render_html(report), '<span class="hidden v q r">{v}</span><span class="hide">7</span>')
    html = html.replace('<td class="value"', '<td class="value cell"')
    html = html.replace("<p>", '<p class="hidden-xs p" style="display:block">')
    css = ("@media print { .v, .cell { display: none } }\n"
           "@media (max-width: 600px) { .v { display: none } }\n"
           "div .v, .p > span, .q:hover, span[title] .r, .a.v, td .cell {display:none}\n"
           "@font-face { font-family: x; src: none }\n"
           ".p { display: none }\n"  # the paragraphs' own display:block wins
           ".hide { display: none }")
    parsed = parse_text(_with_rules(html, css), "screen.html")
    assert differing(parsed, report) == []
    assert [s.text for s in parsed.sections] == [s.text for s in report.sections]
