"""A parsed report's cells (CellMap): rows of plain counts kept as read behave as a dict of Cells."""

from __future__ import annotations

import copy
import pickle

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import CellMap, Kind, make_cell, number
from gongkai.report.parse import parse_text
from gongkai.report.render import layouts
from gongkai.report.rules import check
from gongkai.report.rules._base import located_tables, plain_counts, table_keys


def _parsed(version: str = "2021", seed: int = 3, **printed: str):
    report = random_report(version, seed)
    for key, raw in printed.items():
        report = report.with_cell(key.replace("__", "."), raw)
    return report, parse_text(layouts.render_pipe_rows(report), "r.txt")


def test_every_canonical_key_is_there_in_order_and_reads_as_a_cell():
    report, parsed = _parsed()
    assert isinstance(parsed.cells, CellMap)
    assert list(parsed.cells) == parsed.canonical_keys() and len(parsed.cells) == len(parsed.canonical_keys())
    plain = dict(parsed.cells.items())
    assert parsed.cells == plain and plain == parsed.cells
    for key, original in report.cells.items():
        cell = parsed.cells[key]
        assert (cell.key, cell.kind, cell.value, cell.raw) == (key, original.kind, original.value, original.raw)
    assert "t3.no_such_row.total" not in parsed.cells
    with pytest.raises(KeyError):
        parsed.cells["t3.no_such_row.total"]
    assert parsed.cells.get("t3.no_such_row.total") is None


def test_counts_are_the_values_the_cells_hold():
    _, parsed = _parsed()
    for table, found in located_tables(parsed).items():
        keys = table_keys(found.version, table)
        assert found.counts == plain_counts(dict(parsed.cells.items()), keys), table
    assert located_tables(parsed)["t3"].counts is not None


def test_a_row_read_cell_by_cell_still_counts_when_its_values_are_plain():
    # "1,234" is a plain count that is not bare digits: its row is made of Cells at once.
    _, parsed = _parsed(t3__granted__natural_person="1,234", t3__granted__total="5,678")
    assert parsed.cell("t3.granted.natural_person").value == 1234
    counts = located_tables(parsed)["t3"].counts
    assert counts is not None and 1234 in counts and 5678 in counts


def test_a_blank_or_placeholder_makes_the_table_no_longer_plain_counts():
    _, parsed = _parsed(t3__granted__commercial="")
    assert located_tables(parsed)["t3"].counts is None
    assert parsed.cell("t3.granted.commercial").kind is Kind.BLANK


def test_edits_behave_as_in_a_dict_and_end_the_shortcut():
    _, parsed = _parsed()
    cells = parsed.cells
    assert located_tables(parsed)["t3"].counts is not None
    cells["t3.granted.research"] = make_cell("t3.granted.research", "-")
    assert cells["t3.granted.research"].kind is Kind.PLACEHOLDER
    assert located_tables(parsed)["t3"].counts is None
    # The other cells of that row are still read as parsed.
    assert cells["t3.granted.natural_person"].kind is Kind.NUMBER
    del cells["t4.reconsideration.total"]
    assert "t4.reconsideration.total" not in cells and "t4.reconsideration.total" not in list(cells)
    with pytest.raises(KeyError):
        cells["t4.reconsideration.total"]
    cells["x.extra"] = make_cell("t3.granted.total", "1")
    assert list(cells)[-1] == "x.extra"


def test_number_reads_a_count_without_making_its_cell_and_agrees_with_the_cell():
    _, parsed = _parsed()
    keys = ("t3.new_received.total", "t3.granted.commercial", "t4.reconsideration.total")
    read = [number(parsed.cells, key) for key in keys]
    # Their rows are still held as read: no Cell was made for them.
    assert {"t3.new_received.", "t3.granted.", "t4.reconsideration."} <= set(parsed.cells.count_rows())
    for key, value in zip(keys, read, strict=True):
        assert value == parsed.cells[key].value
    assert number(parsed.cells, "t3.no_such_row.total") is None
    assert number(dict(parsed.cells.items()), "t3.new_received.total") == parsed.cell("t3.new_received.total").value


def test_pickled_and_copied_as_the_plain_dict_it_stands_for():
    _, parsed = _parsed()
    for copied in (pickle.loads(pickle.dumps(parsed.cells)), copy.deepcopy(parsed.cells)):
        assert type(copied) is dict and copied == parsed.cells
    again = pickle.loads(pickle.dumps(parsed))
    assert again == parsed and check(again) == check(parsed)
