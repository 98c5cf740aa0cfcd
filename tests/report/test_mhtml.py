"""Web archives (.mht, .mhtml): a page a browser saved as one file reads as the page itself."""

from __future__ import annotations

import hashlib

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import ReportParseError, parse_bytes
from gongkai.report.render.html import render_html

from .html_pages import mhtml

REPORT = random_report("2021", 3)


def _misread(parsed) -> list[str]:
    return [k for k, cell in REPORT.cells.items()
            if (cell.kind, cell.value) != (parsed.cells[k].kind, parsed.cells[k].value)]


def test_chrome_archive_reads_as_its_page():
    # Chrome: quoted-printable UTF-8, the page named by Snapshot-Content-Location (frames' pages
    # come before it in the file and are not the report).
    data = mhtml(render_html(REPORT), frames=2).encode("ascii")
    assert b"=E4=" in data  # the Chinese text is encoded: read as it stands, it would be nonsense
    parsed = parse_bytes(data, "report.mhtml")
    assert _misread(parsed) == []
    assert (parsed.agency, parsed.year, parsed.tables_found) == (REPORT.agency, REPORT.year,
                                                                  {"t2": True, "t3": True, "t4": True})
    assert "网页存档（MHTML）：已读取其中保存的网页" in [f.message for f in parsed.parse_findings]
    # The provenance is the archive's: its sha256 is the file's.
    assert parsed.document.sha256 == hashlib.sha256(data).hexdigest()


def test_internet_explorer_archive_in_gb2312_and_base64():
    # IE and 360 saved GB2312 pages in base64, the encoding named in the part's header only.
    html = render_html(REPORT).replace('<meta charset="utf-8">', "")
    data = mhtml(html, charset="gb2312", encoding="base64", location="").encode("ascii")
    parsed = parse_bytes(data, "report.mht")
    assert _misread(parsed) == []
    assert parsed.cell("t3.new_received.total").kind is Kind.NUMBER


@pytest.mark.parametrize(("data", "message"), [
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
     b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n", "网页存档（MHTML）中没有网页正文"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
     b"Content-Type: text/html\r\n\r\n   \r\n--b--\r\n", "网页存档（MHTML）中的网页正文是空的"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n<html>", "网页存档（MHTML）的格式不完整"),
])
def test_a_broken_archive_says_what_is_missing(data, message):
    with pytest.raises(ReportParseError, match=message):
        parse_bytes(data, "report.mht")


def test_an_archive_nested_thousands_deep_is_refused_not_a_crash():
    head = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b0"\r\n\r\n'
    body = b"".join(b'--b%d\r\nContent-Type: multipart/related; boundary="b%d"\r\n\r\n' % (i - 1, i)
                    for i in range(1, 3000))
    body += b"--b2999\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n"
    with pytest.raises(ReportParseError, match="网页存档（MHTML）的各部分嵌套过深，不予读取"):
        parse_bytes(head + body, "deep.mht")
