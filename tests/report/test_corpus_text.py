"""Every text or markdown report of the shared corpus: all three tables, or exactly what is missing.

The expectations below are the per-file results listed in the README; a change to the reader that
loses a cell, or reads one it cannot honestly read, fails here.
"""

from __future__ import annotations

import pytest

from gongkai.report.model import Kind
from gongkai.report.parse import parse_file

from .corpus import CORPUS

KIRO = CORPUS / "peer" / "KIROGOVCOMPARE"
SHUYANG = KIRO / "沭阳县人民政府2025年政府信息公开工作年度报告-沭阳县人民政府.txt"


def _errors(report) -> list[str]:
    return sorted(f.message for f in report.parse_findings if f.severity == "error")


def _numbers(report) -> int:
    return sum(1 for c in report.cells.values() if c.kind is Kind.NUMBER)


def test_shuyang_ocr_markdown_reads_every_cell():
    report = parse_file(SHUYANG)
    assert (report.template, report.year) == ("2021", 2025)
    assert report.tables_found == {"t2": True, "t3": True, "t4": True}
    assert _numbers(report) == 200
    assert _errors(report) == []
    assert report.cell("t2.art20_8.fees.amount_wan_yuan").raw == "4068.208"
    assert report.cell("t3.new_received.total").value == 713
    # Row labels printed without their ordinal are matched, and said to be.
    assert any("按近似匹配识别为「一、本年新收政府信息公开申请数量」" in f.message for f in report.parse_findings)


def test_shanghai_office_lost_column_is_reported_not_guessed():
    report = parse_file(KIRO / "shanghai-office-sample-source.md")
    assert (report.template, report.year) == ("2021", 2025)
    # The title over two lines: "…政府信息公开" / "工作年度报告".
    assert report.agency == "上海市人民政府办公厅"
    assert report.tables_found == {"t2": True, "t3": True, "t4": True}
    # The converter dropped one 表二（一） column: two values where three are due, never split or shifted.
    errors = _errors(report)
    assert ("表二第二十条第（一）项：「规章」行应有3个单元格，读到2个（22、235），位于第97行；无法确定对应关系，该行记为缺失"
            in errors)
    assert ("表二第二十条第（一）项：「行政规范性文件」行应有3个单元格，读到2个（34、189），位于第100行；"
            "无法确定对应关系，该行记为缺失") in errors
    # Rows whose labels the converter cut in pieces are reported, not pieced together by guesswork.
    assert "表三：未找到「1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」行，该行各单元格记为缺失" in errors
    assert len(errors) == 5
    assert report.cell("t2.art20_1.regulations.issued").kind is Kind.ABSENT
    assert report.cell("t3.total.total").value == 1191
    assert report.cell("t4.reconsideration.total").value == 55


def test_kewei_scrambled_merged_cells_say_which_rows_are_lost():
    report = parse_file(KIRO / "kewei-2024-source.md")
    assert (report.template, report.year) == ("2021", 2024)
    # The title, printed over two lines ("…政府信息公开工作" / "年度报告"), names the year first.
    assert (report.title, report.agency) == ("2024 年上海市科委政府信息公开工作年度报告", "上海市科委")
    assert report.tables_found == {"t2": True, "t3": True, "t4": True}
    errors = _errors(report)
    for label in ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2.没有现成信息需要另行制作",
                  "4.无正当理由大量反复申请"):
        assert f"表三：未找到「{label}」行，该行各单元格记为缺失" in errors
    assert "表二：未找到「行政规范性文件」行，该行各单元格记为缺失" in errors
    assert len(errors) == 9
    assert report.cell("t3.new_received.total").value == 34
    assert report.cell("t4.reconsideration.total").value == 1


def test_pdf_text_layer_excerpt_reads_what_it_holds():
    report = parse_file(CORPUS / "peer" / "govnianbao" / "section3_raw_text.txt")
    assert report.template == "2021"
    assert report.tables_found == {"t2": True, "t3": True, "t4": False}
    # Row 一 of table 三, spaced as in the PDF's text layer.
    assert [report.cell(f"t3.new_received.{c}").value for c in
            ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
            ] == [3001, 53, 0, 0, 61, 4, 3119]
    # The header label wrapped over two lines is rebuilt.
    assert report.cell("t3.partial.total").value == 454
    assert report.cell("t2.art20_6.punishment.decisions").value == 3985758
    assert any("未找到「（七）总计」行" in m for m in _errors(report))


@pytest.mark.parametrize("path", sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"))
def test_every_text_file_reads_or_says_why(path):
    report = parse_file(path)
    assert report.tables_found["t3"], path
    for finding in report.parse_findings:
        assert finding.message.startswith(("表二", "表三", "表四", "表格")), finding.message
