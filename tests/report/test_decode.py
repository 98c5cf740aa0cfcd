"""Splitting digits run together: the remembered answers are the computed ones."""

from __future__ import annotations

from itertools import combinations, pairwise

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


def _every_split(tokens: list[str], parts: int, block: int | None) -> list[tuple[int, ...]]:
    """The definition, by trying every cut: no number spans two tokens or starts with a zero, and each
    whole group of `block` numbers ends with the sum of the others."""
    digits = "".join(tokens)
    token_ends = {sum(map(len, tokens[:k + 1])) for k in range(len(tokens))}
    out = []
    if parts == 0:
        return out
    for cuts in combinations(range(1, len(digits)), parts - 1):
        edges = (0, *cuts, len(digits))
        spans = list(pairwise(edges))
        pieces = [digits[a:b] for a, b in spans]
        if any(a < end < b for a, b in spans for end in token_ends):
            continue
        if any(len(piece) > 1 and piece[0] == "0" for piece in pieces):
            continue
        values = tuple(map(int, pieces))
        if block and any(values[g + block - 1] != sum(values[g:g + block - 1])
                         for g in range(0, parts - block + 1, block)):
            continue
        out.append(values)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text("0123456789", min_size=1, max_size=5), min_size=1, max_size=3),
       st.integers(0, 8), st.sampled_from([None, 2, 3, 7]))
def test_the_cuts_are_every_split_the_definition_allows(tokens, parts, block):
    assert sorted(cut(tokens, parts, block)) == sorted(_every_split(tokens, parts, block))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=6, max_size=6))
def test_a_printed_row_of_seven_cells_is_among_its_splits(cells):
    row = (*cells, sum(cells))
    assert row in cut(["".join(map(str, row))], 7, 7)


def test_signed_readings_of_a_table_two_row():
    from gongkai.report.parse.decode import signed_readings

    row = (False, True, False)  # 上一年项目数量, 本年增/减, 处理决定数量
    assert signed_readings("27+14337", row) == [("27", "+1", "4337"), ("27", "+14", "337"), ("27", "+143", "37"),
                                                ("27", "+1433", "7")]
    # "-" alone is the placeholder; a count never starts with 0 unless it is 0.
    assert signed_readings("9-86", row) == [("9", "-", "86"), ("9", "-8", "6")]
    assert signed_readings("5-20318", row) == [("5", "-", "20318"), ("5", "-20", "318"), ("5", "-203", "18"),
                                               ("5", "-2031", "8")]
    assert signed_readings("8-17", (False, True)) == [("8", "-17")]
    assert signed_readings("30-", (False, True)) == [("30", "-")]
    # A sign in a count column, or one left over: no reading.
    assert signed_readings("+5-3", (False, True)) == []
    assert signed_readings("5+3", (False, False)) == []
    assert signed_readings("1+2+3", (False, True)) == []
    # A row no table prints: too many readings to be its cells, or too long a run.
    assert len(signed_readings("1" * 19 + "+" + "1" * 19, row)) == 18
    assert signed_readings("1" * 38 + "-", (True,) * 4) == []  # 666 readings
    assert signed_readings("1" * 20 + "+" + "1" * 20, row) == []  # 41 characters
    assert signed_readings("1" * 100_000 + "+" + "1" * 100_000, row) == []
