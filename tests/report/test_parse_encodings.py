"""Reports as agencies save them: GB18030, UTF-8 with a BOM, Word's "Unicode" text, XHTML pages."""

from __future__ import annotations

import codecs

import pytest

from gongkai.report.generate import random_report
from gongkai.report.parse import ReportParseError, parse_bytes, read_document
from gongkai.report.render import render_flat_text, render_html


def _values(report):
    return {key: (cell.kind, cell.value) for key, cell in report.cells.items()}


@pytest.fixture(scope="module")
def report():
    return random_report("2021", 12)


@pytest.mark.parametrize("render", [render_flat_text, render_html])
@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"),
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    lambda text: text.encode("gb18030"),
    lambda text: text.encode("utf-16"),  # with the byte-order mark, as Word's "Unicode text" is saved
    lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
], ids=["utf-8", "utf-8-bom", "gb18030", "utf-16-le-bom", "utf-16-be-bom"])
def test_every_encoding_reads_the_same_values(report, render, encode):
    parsed = parse_bytes(encode(render(report)), "report")
    assert (parsed.template, parsed.year, parsed.agency) == (report.template, report.year, report.agency)
    assert _values(parsed) == _values(report)


def test_xhtml_page_with_an_xml_declaration(report):
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + render_html(report)
    parsed = parse_bytes(page.encode("utf-8"), "page.html")
    assert _values(parsed) == _values(report)


def test_utf16_mark_over_broken_text_is_an_error():
    with pytest.raises(ReportParseError, match="不是有效的 UTF-16"):
        parse_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "broken.txt")


def test_utf16_file_with_only_white_space_is_empty():
    with pytest.raises(ReportParseError, match="文件为空"):
        parse_bytes(" \n".encode("utf-16"), "blank.txt")


def test_nul_bytes_without_a_utf16_mark_are_still_binary():
    with pytest.raises(ReportParseError, match="二进制文件"):
        parse_bytes("一、总体情况".encode("utf-16-le"), "no-bom.txt")


def _notes(parsed):
    return [f.message for f in parsed.parse_findings if f.severity == "info"]


def test_a_few_invalid_utf8_bytes_are_replaced_and_noted(report):
    """A CMS cut a <meta description> in the middle of a character: browsers show U+FFFD there and
    the page as usual, and so does the reader, with a note saying so."""
    page = render_html(report).encode("utf-8")
    at = page.find(b"<title>")
    page = page[:at] + b'<meta name="description" content="' + "示例区".encode()[:-1] + b'">' + page[at:]
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    parsed = parse_bytes(page, "page.html")
    assert _values(parsed) == _values(report)
    assert (parsed.year, parsed.agency) == (report.year, report.agency)
    assert "文字编码为 UTF-8，其中 1 处无效字节已替换为�" in _notes(parsed)


def test_a_few_invalid_gb18030_bytes_in_a_declared_gb2312_page(report):
    page = render_html(report).replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" '
                                       'content="text/html; charset=gb2312">').encode("gb18030")
    assert b"charset=gb2312" in page
    at = page.find(b"</title>")
    page = page[:at] + "区".encode("gb18030")[:1] + b"\xff" + page[at:]  # a lead byte without its trail
    with pytest.raises(UnicodeDecodeError):
        page.decode("gb18030")
    parsed = parse_bytes(page, "page.html")
    assert _values(parsed) == _values(report)
    assert any(note.startswith("文字编码为 GB18030，其中") for note in _notes(parsed))


def test_a_page_declared_utf8_but_saved_as_gb18030_is_read(report):
    page = render_html(report).encode("gb18030")
    assert b'<meta charset="utf-8">' in page
    parsed = parse_bytes(page, "page.html")
    assert _values(parsed) == _values(report)
    assert not [note for note in _notes(parsed) if "文字编码" in note]


def test_mostly_undecodable_text_is_still_an_error():
    with pytest.raises(ReportParseError, match="文字编码无法识别"):
        parse_bytes(b"<html><body><p>" + b"\xff\x80" * 200 + b"</p></body></html>", "page.html")


def test_a_declared_charset_decides_between_utf8_and_gb18030():
    """UTF-8 with a stray byte can be valid GB18030 as well: the page's <meta charset> decides."""
    body = "<body><p>中文".encode() + b"\xc3A</p></body></html>"
    assert body.decode("gb18030") == "<body><p>涓\ue15f枃肁</p></body></html>"  # valid, but mojibake
    doc = read_document(b'<html><head><meta charset="utf-8"></head>' + body, "page.html")
    assert doc.blocks == ["中文\ufffdA"]
    assert doc.notes == ["文字编码为 UTF-8，其中 1 处无效字节已替换为�"]
    undeclared = read_document(b"<html><head></head>" + body, "page.html")
    assert (undeclared.blocks, undeclared.notes) == (["涓\ue15f枃肁"], [])
