"""Splitting digits run together: the remembered answers are the computed ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.parse import decode
from gongkai.report.parse.decode import cut, splits


def test_a_row_of_seven_cells_with_its_total_has_one_split():
    assert cut(["470000047"], 7, 7) == [(47, 0, 0, 0, 0, 0, 47)]
    assert cut(["2000002"], 7, 7) == [(2, 0, 0, 0, 0, 0, 2)]


def test_a_remembered_answer_is_a_copy_the_caller_may_change():
    first = splits(["12300000123"], 7, 7)
    assert first == cut(["12300000123"], 7, 7)
    first.clear()
    assert splits(["12300000123"], 7, 7) == cut(["12300000123"], 7, 7) != []


def test_large_answers_are_not_kept():
    digits = "1" * 40  # many ways to cut forty ones into ten numbers
    answer = splits([digits], 10)
    assert len(answer) > 16
    assert ((digits,), 10, None) not in decode._SPLITS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=3),
       st.integers(1, 8), st.sampled_from([None, 3, 7]))
def test_remembered_or_not_the_answer_is_the_same(tokens, parts, block):
    expected = cut(tokens, parts, block)
    assert splits(tokens, parts, block) == expected
    assert splits(tokens, parts, block) == expected  # the second time from memory
