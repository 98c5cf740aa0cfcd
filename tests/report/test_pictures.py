"""Tables published as pictures: no cells to read, so the reader says where the pictures stood."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from gongkai.report.generate import random_report
from gongkai.report.parse import ReportParseError, parse_bytes
from gongkai.report.render.docx import render_docx
from gongkai.report.render.html import render_html
from gongkai.report.rules import check

REPORT = random_report("2021", 3)
HINT = "表格可能是以图片发布的，图片里的数字无法读取，需先文字识别（OCR）或取得文字版"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


def _notes(report) -> list[str]:
    return [f.message for f in report.parse_findings if "图片" in f.message]


def test_table_three_as_a_picture_is_named_where_it_stood():
    html = render_html(REPORT)
    html = html.replace(_tables(html)[1], '<p style="text-align:center"><img src="/upload/2024/03/biao3.jpg?v=2" '
                                          'width="600"></p>')
    # Pictures elsewhere say nothing: a logo before the report, one beside a table that was read.
    html = html.replace("<body>", '<body><img src="/images/logo.png">', 1)
    html = html.replace(_tables(html)[0], _tables(html)[0] + '<p><img src="chart2.png"></p>')
    parsed = parse_bytes(html.encode(), "page.html")
    assert parsed.tables_found == {"t2": True, "t3": False, "t4": True}
    assert _notes(parsed) == [f"表三：第三部分没有可读的表格，只有1张图片（biao3.jpg）：{HINT}"]
    missing = [f for f in check(parsed) if f.code == "STRUCT-TABLE-MISSING" and f.status == "fail"]
    assert [f.severity for f in missing] == ["error"]  # the rule still fails: the note only says why


def test_every_table_as_a_picture_is_said_in_the_error():
    html = render_html(REPORT)
    for k, table in enumerate(_tables(html)):
        html = html.replace(table, f'<p><img src="data:image/png;base64,iVBOR{k}"></p>' if k else
                            '<p><img alt="表二" src="t2.gif"></p>')
    with pytest.raises(ReportParseError) as error:
        parse_bytes(html.encode(), "page.html")
    assert str(error.value) == ("page.html：未找到表三（收到和处理政府信息公开申请情况）及表二、表四的任何单元格；"
                                f"第二至四部分有3张图片（t2.gif、图片），{HINT}")


def test_a_page_without_headings_or_tables_names_its_pictures():
    html = '<html><body><h1>2024年政府信息公开工作年度报告</h1><p><img src="a.png"><img src="b.png"></p></body></html>'
    with pytest.raises(ReportParseError, match=f"文中有2张图片（a.png、b.png），{HINT}"):
        parse_bytes(html.encode(), "page.html")
    with pytest.raises(ReportParseError) as error:
        parse_bytes(b"<html><body><p>news</p></body></html>", "page.html")
    assert "图片" not in str(error.value)


def _docx_without_table_three(picture: str) -> bytes:
    data = render_docx(REPORT)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(body)
                table = next(t for t in root.iter(f"{W}tbl") if "本年新收" in "".join(t.itertext()))
                paragraph = etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}" xmlns:a="{A}"><w:r>{picture}</w:r></w:p>')
                table.addprevious(paragraph)
                table.getparent().remove(table)
                body = etree.tostring(root)
            dst.writestr(info, body)
    return out.getvalue()


def test_word_picture_in_place_of_table_three():
    data = _docx_without_table_three('<w:drawing><a:graphic><a:graphicData><a:blip/></a:graphicData></a:graphic>'
                                     '</w:drawing>')
    parsed = parse_bytes(data, "report.docx")
    assert parsed.tables_found["t3"] is False
    assert len(_notes(parsed)) == 1 and _notes(parsed)[0].startswith("表三：第三部分没有可读的表格，只有1张图片（第")
    # A drawing that is only a text box is no picture.
    box = parse_bytes(_docx_without_table_three("<w:drawing><a:graphic/></w:drawing>"), "report.docx")
    assert box.tables_found["t3"] is False and _notes(box) == []
