"""Tables published as pictures: no cells to read, so the reader says where the pictures stood."""

from __future__ import annotations

import io
import re

import pytest
from lxml import etree

from gongkai.report.generate import random_report
from gongkai.report.parse import ReportParseError, parse_bytes
from gongkai.report.render.docx import render_docx
from gongkai.report.render.html import render_html
from gongkai.report.rules import check

from .docx_parts import edit_document

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
    def edit(root: etree._Element) -> None:
        table = next(t for t in root.iter(f"{W}tbl") if "本年新收" in "".join(t.itertext()))
        table.addprevious(etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}" xmlns:a="{A}"><w:r>{picture}</w:r></w:p>'))
        table.getparent().remove(table)

    return edit_document(render_docx(REPORT), edit)


def test_word_picture_in_place_of_table_three():
    data = _docx_without_table_three('<w:drawing><a:graphic><a:graphicData><a:blip/></a:graphicData></a:graphic>'
                                     '</w:drawing>')
    parsed = parse_bytes(data, "report.docx")
    assert parsed.tables_found["t3"] is False
    assert len(_notes(parsed)) == 1 and _notes(parsed)[0].startswith("表三：第三部分没有可读的表格，只有1张图片（第")
    # A drawing that is only a text box is no picture.
    box = parse_bytes(_docx_without_table_three("<w:drawing><a:graphic/></w:drawing>"), "report.docx")
    assert box.tables_found["t3"] is False and _notes(box) == []


def _pdf_with_picture(width: float, height: float) -> bytes:
    pytest.importorskip("reportlab")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    page.setFont("STSong-Light", 12)
    y = 780.0
    for line in ("示例市人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作平稳推进。",
                 "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"):
        page.drawString(72, y, line)
        y -= 24
    page.drawImage(ImageReader(Image.new("RGB", (60, 40), "white")), 72, y - height, width=width, height=height)
    y -= height + 24
    for line in ("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        page.drawString(72, y, line)
        y -= 24
    page.save()
    return out.getvalue()


def test_pdf_page_with_a_table_sized_picture():
    with pytest.raises(ReportParseError) as error:
        parse_bytes(_pdf_with_picture(450, 300), "report.pdf")
    assert str(error.value).endswith(f"；第二至四部分有1张图片（第1页的图片），{HINT}")
    # A small picture (a logo, the seal) is no table.
    with pytest.raises(ReportParseError) as error:
        parse_bytes(_pdf_with_picture(120, 120), "report.pdf")
    assert "图片" not in str(error.value)
