"""Text copied out of a PDF viewer: long labels printed over two or three lines with the row's values
on the middle one, and the group label beside them broken into the same lines."""

from __future__ import annotations

import io

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts

NO_CLARIFICATION = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
UNPAID = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def _row(report, row: str) -> str:
    return " ".join(report.cells[f"t3.other.{row}.{c}"].raw for c in
                    ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org",
                     "total"))


def _misread(parsed, report) -> list[str]:
    return [k for k, cell in report.cells.items()
            if (cell.kind, cell.value, cell.raw) != (parsed.cells[k].kind, parsed.cells[k].value, parsed.cells[k].raw)]


@pytest.mark.parametrize("ordinal", [".", "、"])
def test_label_printed_around_its_values(ordinal):
    report = random_report("2021", 5)
    for i, key in enumerate(k for k in report.cells if k.startswith("t3.other.")):
        report = report.with_cell(key, str(i % 9 + 1))  # figures that tell the two rows apart
    text = layouts.render_spaced(report)
    no_clarification, unpaid = _row(report, "no_clarification"), _row(report, "unpaid_fee")
    assert f"（六）其他处理 {NO_CLARIFICATION} {no_clarification}\n{UNPAID} {unpaid}\n" in text
    # As a PDF viewer copies the rows: each label over three lines, its values on the middle one, and
    # the group label （六）其他处理 broken into the lines of the second row.
    copied = (f"1{ordinal}申请人无正当理由逾期不补\n正、行政机关不再处理其政府信 {no_clarification}\n息公开申请\n"
              f"（六）其\n2{ordinal}申请人逾期未按收费通知要\n他处理\n求缴纳费用、行政机关不再处理 {unpaid}\n其政府信息公开申请\n")
    text = text.replace(f"（六）其他处理 {NO_CLARIFICATION} {no_clarification}\n{UNPAID} {unpaid}\n", copied)
    parsed = parse_text(text, "copied.txt")
    assert _misread(parsed, report) == []
    assert [f.message for f in parsed.parse_findings if f.severity != "info"] == []


def test_a_label_that_never_comes_whole_takes_no_values():
    # The pieces after the values do not finish the label: the values are no row's, and are reported.
    report = random_report("2021", 5)
    text = layouts.render_spaced(report)
    row = _row(report, "no_clarification")
    broken = f"1.申请人无正当理由逾期不补\n正、行政机关不再处理其政府信 {row}\n息公开的答复\n"
    text = text.replace(f"{NO_CLARIFICATION} {row}\n", broken)
    parsed = parse_text(text, "copied.txt")
    assert parsed.cell("t3.other.no_clarification.total").kind is Kind.ABSENT
    assert _misread(parsed, report) == [k for k in report.cells if k.startswith("t3.other.no_clarification.")]


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_text_copied_from_the_pdf_reads_as_the_pdf(version):
    pdfplumber = pytest.importorskip("pdfplumber")
    from gongkai.report.render.pdf_test_layout import render_pdf_test_layout

    for seed in range(6):
        report = random_report(version, seed)
        with pdfplumber.open(io.BytesIO(render_pdf_test_layout(report))) as pdf:
            text = "\n".join(page.extract_text() for page in pdf.pages)
        parsed = parse_text(text, "copied.txt")
        assert [k for k, cell in report.cells.items()
                if (cell.kind, cell.value) != (parsed.cells[k].kind, parsed.cells[k].value)] == [], seed
        assert [f.message for f in parsed.parse_findings if f.severity == "error"] == [], seed
