"""Reports as agencies save them: GB18030, UTF-8 with a BOM, Word's "Unicode" text, XHTML pages."""

from __future__ import annotations

import codecs

import pytest

from gongkai.report.generate import random_report
from gongkai.report.parse import ReportParseError, parse_bytes
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
