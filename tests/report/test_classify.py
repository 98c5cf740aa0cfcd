"""How a cell's printed text is read (DOMAIN.md §3.7): first match wins, never a guess."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind, classify
from gongkai.report.rules import check


@pytest.mark.parametrize(("raw", "kind", "value", "note"), [
    ("12", Kind.NUMBER, 12, None),
    ("１２", Kind.NUMBER, 12, None),
    ("1,234", Kind.NUMBER, 1234, None),
    ("12件", Kind.NUMBER, 12, None),
    ("4068.208", Kind.NUMBER, Decimal("4068.208"), None),
    ("\u200b18", Kind.NUMBER, 18, None),
    ("", Kind.BLANK, None, None),
    ("-", Kind.PLACEHOLDER, None, None),
    ("无", Kind.PLACEHOLDER, None, None),
    ("+3", Kind.SIGNED, 3, None),
    ("－3", Kind.SIGNED, -3, None),
    ("55（含自然失效29件）", Kind.ANNOTATED, 55, "含自然失效29件"),
    ("137（1）", Kind.ANNOTATED, 137, "1"),
    ("12注", Kind.ANNOTATED, 12, "注"),
    ("2*", Kind.ANNOTATED, 2, "*"),
    ("1 2", Kind.TEXT, None, None),
    # A note mark after the value is no digit of it (NFKC would read "16¹" as 161).
    ("16¹", Kind.ANNOTATED, 16, "¹"),
    ("16 ²", Kind.ANNOTATED, 16, "²"),
    ("16①", Kind.ANNOTATED, 16, "①"),
    ("16₃", Kind.ANNOTATED, 16, "₃"),
    ("²", Kind.TEXT, None, None),
])
def test_printed_cells(raw, kind, value, note):
    found = classify(raw)
    assert (found.kind, found.value, found.note) == (kind, value, note)


@pytest.mark.parametrize("raw", ["1,2345", "12,34", "5/3", "2-3", "3~5", "1.5.3", "3、"])
def test_a_number_run_on_into_digits_or_separators_is_text_not_a_number_with_a_remark(raw):
    """ "5/3" is not 5 with the remark "/3": which number was meant cannot be told, so none is taken."""
    assert classify(raw).kind is Kind.TEXT


def test_a_malformed_operand_blocks_the_row_total():
    report = random_report("2021", 4).with_cell("t3.new_received.natural_person", "5/3")
    row = [f for f in check(report) if f.code == "T3-ROW-TOTAL" and f.instance == "new_received"]
    assert [f.status for f in row] == ["not_assessable"]
    assert "5/3" in row[0].message
