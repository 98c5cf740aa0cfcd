"""The corpus PDFs and the Word template: read whole, and checked to exactly what their numbers deserve."""

from __future__ import annotations

import pytest

from gongkai.report.model import Kind
from gongkai.report.parse import parse_file
from gongkai.report.rules import check

from .corpus import CORPUS

PDFS = {
    "szfgs2024.pdf": CORPUS / "peer" / "govnianbao" / "szfgs2024.pdf",
    "hzq2023_working.pdf": CORPUS / "peer" / "KIROGOVCOMPARE" / "hzq2023_working.pdf",
    "hzq2024_working.pdf": CORPUS / "peer" / "KIROGOVCOMPARE" / "hzq2024_working.pdf",
}


@pytest.fixture(scope="module")
def checked():
    out = {}
    for name, path in PDFS.items():
        report = parse_file(path)
        out[name] = (report, check(report))
    return out


def _fails(findings, severity):
    return sorted({(f.code, f.instance) for f in findings if f.status == "fail" and f.severity == severity})


def test_every_cell_of_every_pdf_is_read(checked):
    for name, (report, _) in checked.items():
        assert report.tables_found == {"t2": True, "t3": True, "t4": True}, name
        assert all(c.kind is Kind.NUMBER for c in report.cells.values()), name
        assert not [f for f in report.parse_findings if f.severity == "error"], name


def test_agency_and_year_from_a_title_printed_over_two_lines(checked):
    report, _ = checked["szfgs2024.pdf"]
    assert (report.agency, report.year, report.template) == ("淮安市人民政府", 2024, "2021")
    assert checked["hzq2024_working.pdf"][0].agency == "淮安市洪泽区人民政府"


def test_huaian_2024_has_no_error(checked):
    _, findings = checked["szfgs2024.pdf"]
    assert _fails(findings, "error") == []


def test_hongze_2023_table_four_totals_are_reported_as_published(checked):
    """Its table 四 prints 10 1 0 0 | 0 … and 5 0 0 0 | 0: the 总计 cells contradict their parts."""
    report, findings = checked["hzq2023_working.pdf"]
    assert _fails(findings, "error") == [("T4-BLOCK-TOTAL", "litigation_after_review"),
                                         ("T4-BLOCK-TOTAL", "reconsideration")]
    assert report.cell("t4.reconsideration.total").value == 0  # never corrected
    assert report.cell("t4.reconsideration.upheld").value == 10


def test_hongze_reports_mix_the_two_templates(checked):
    for name in ("hzq2023_working.pdf", "hzq2024_working.pdf"):
        report, findings = checked[name]
        assert report.template == "mixed"
        assert any(f.code == "STRUCT-VERSION" and f.severity == "warning" for f in findings)
    assert _fails(checked["hzq2024_working.pdf"][1], "error") == []


def test_blank_word_template_reads_every_table_blank():
    report = parse_file(CORPUS / "peer" / "govnianbao" / "政务公开年报模版.docx")
    assert report.template == "2021"
    assert report.tables_found == {"t2": True, "t3": True, "t4": True}
    assert all(c.kind is Kind.BLANK for c in report.cells.values())
