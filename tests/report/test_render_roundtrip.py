"""Round trip: a report rendered by gongkai parses back to the identical model (ARCHITECTURE: "round trip").

Random reports of both versions, with blanks, placeholders and signed values injected anywhere,
are rendered to HTML and Markdown and read back with `gongkai.report.parse.parse_text`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report import parse
from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Cell, Kind, classify
from gongkai.report.render import (
    render_flat_text,
    render_html,
    render_lines,
    render_markdown,
    render_pipe_rows,
    render_runtogether,
    render_spaced,
    render_wrapped_labels,
)
from gongkai.report.render.grid import cell_text
from gongkai.report.spec import SPECS, VALUE_TYPES

# Printed forms a published report really has (§3.7): blank, placeholders, explicit signs.
INJECTED = ("", "-", "－", "—", "——", "–", "/", "／", "无", "+1", "+12", "-3", "－7", "−2", "+0")

FORMATS: dict[str, tuple[Callable[[AnnualReport], str], str]] = {
    "html": (render_html, "x.html"),
    "markdown": (render_markdown, "x.md"),
}


def differences(parsed: AnnualReport, report: AnnualReport) -> list[str]:
    """What the parser read differently, one line per field or cell (empty when identical)."""
    out = []
    for name in ("template", "year", "agency"):
        if getattr(parsed, name) != getattr(report, name):
            out.append(f"{name}: {getattr(parsed, name)!r} != {getattr(report, name)!r}")
    for key in report.canonical_keys():
        want, got = report.cell(key), parsed.cell(key)
        if (got.kind, got.value, got.raw) != (want.kind, want.value, want.raw):
            out.append(f"{key}: parsed {got.kind.value} {got.value!r} {got.raw!r}, "
                       f"rendered {want.kind.value} {want.value!r} {want.raw!r}")
    want_sections = [(s.number, s.text) for s in report.sections]
    got_sections = [(s.number, s.text) for s in parsed.sections]
    if got_sections != want_sections:
        out.append(f"sections: {got_sections!r} != {want_sections!r}")
    return out


def injected(version: str, seed: int, edits: list[tuple[int, str]]) -> AnnualReport:
    report = random_report(version, seed)
    keys = report.canonical_keys()
    for index, raw in edits:
        report = report.with_cell(keys[index % len(keys)], raw)
    return report


# Hypothesis draws only the recipe (version, seed, edits), so a falsifying example is short and
# can be replayed by hand: injected("2019", 123, [(45, "-")]).
# Blanks are drawn half the time: an empty cell is what a layout most easily loses or shifts.
edits = st.lists(st.tuples(st.integers(0, 10_000), st.one_of(st.just(""), st.sampled_from(INJECTED))),
                 max_size=12)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(version=st.sampled_from(tuple(SPECS)), seed=st.integers(0, 2**32 - 1), edits=edits)
def test_round_trip(fmt: str, version: str, seed: int, edits: list[tuple[int, str]]) -> None:
    report = injected(version, seed, edits)
    render, name = FORMATS[fmt]
    parsed = parse.parse_text(render(report), name=name)
    assert differences(parsed, report) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("version", tuple(SPECS))
def test_round_trip_examples(fmt: str, version: str) -> None:
    # Fixed examples, so a failure names its input without a hypothesis run.
    render, name = FORMATS[fmt]
    report = random_report(version, 2024)
    keys = report.canonical_keys()
    for key, raw in zip(keys[::19], INJECTED, strict=False):
        report = report.with_cell(key, raw)
    report = report.with_cell(keys[-1], "")  # the very last cell of the document blank
    parsed = parse.parse_text(render(report), name=name)
    assert differences(parsed, report) == []


@pytest.mark.parametrize("render", [render_flat_text, render_pipe_rows], ids=["flat-text", "pipe-rows"])
@pytest.mark.parametrize("version", tuple(SPECS))
def test_round_trip_positional_text_layouts(render: Callable[[AnnualReport], str], version: str) -> None:
    # These two text layouts keep the position of an empty cell, so they must round-trip too.
    report = random_report(version, 7)
    keys = report.canonical_keys()
    for key, raw in zip(keys[::23], INJECTED, strict=False):
        report = report.with_cell(key, raw)
    parsed = parse.parse_text(render(report))
    assert differences(parsed, report) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("2019", "t3.new_received.total"),  # label spans 3 columns
        ("2021", "t3.partial.total"),  # label spans 2 columns
        ("2019", "t3.total.total"),
        ("2021", "t3.carry_forward.total"),
        ("2019", "t4.litigation_after_review.total"),  # the last cell of table 四
        ("2021", "t2.art20_1.normative.in_force"),
        ("2021", "t2.art20_8.fees.amount_wan_yuan"),  # a value cell spanning 3 columns
        ("2019", "t2.art20_8.fees.change"),  # followed by the empty 4th column
    ],
)
def test_blank_in_the_last_value_column(fmt: str, version: str, key: str) -> None:
    # A blank at the end of a row must not be taken for a merged-cell slot: the grid shows it is a
    # value cell (Markdown prints the merged slots of a spanning label right after the label).
    render, name = FORMATS[fmt]
    report = random_report(version, 99).with_cell(key, "")
    parsed = parse.parse_text(render(report), name=name)
    assert differences(parsed, report) == []


@pytest.mark.parametrize("render", [render_lines, render_spaced, render_wrapped_labels],
                         ids=["lines", "spaced", "wrapped-labels"])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("version", tuple(SPECS))
def test_round_trip_text_layouts_without_blanks(render: Callable[[AnnualReport], str], seed: int,
                                                version: str) -> None:
    # Without empty cells, no position is lost, so even these layouts read back exactly.
    report = random_report(version, seed)
    assert differences(parse.parse_text(render(report)), report) == []


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("version", tuple(SPECS))
def test_run_together_digits_are_never_guessed(seed: int, version: str) -> None:
    # Digits run together may have several splits: a cell is read exactly, kept as ambiguous with
    # the true value among its candidates, or left absent with a finding; never read wrong.
    report = random_report(version, seed)
    parsed = parse.parse_text(render_runtogether(report))
    for key in report.canonical_keys():
        want, got = report.cell(key), parsed.cell(key)
        if got.kind is Kind.AMBIGUOUS:
            assert want.value in got.candidates, key
        elif got.kind is Kind.ABSENT:
            assert any(key in f.cells or f.code == "STRUCT-LABELS" for f in parsed.parse_findings), key
        else:
            assert (got.kind, got.value, got.raw) == (want.kind, want.value, want.raw), key


# --- an ambiguous cell is printed as unresolved, never as a number -------------------------------


def ambiguous_report(version: str) -> AnnualReport:
    """A report as read from run-together digits, with ambiguous cells (the first seed that has some)."""
    for seed in range(50):
        parsed = parse.parse_text(render_runtogether(random_report(version, seed)))
        if any(parsed.cell(key).kind is Kind.AMBIGUOUS for key in parsed.canonical_keys()):
            return parsed
    raise AssertionError("no seed gave an ambiguous cell")  # pragma: no cover


def test_ambiguous_cell_text_is_never_a_number() -> None:
    cell = Cell("t2.art20_1.regulations.issued", "91324", Kind.AMBIGUOUS, candidates=(9, 91, 913))
    text = cell_text(cell)
    assert text == "存疑：9、91、913"
    assert classify(text, VALUE_TYPES[cell.key]).kind is Kind.TEXT
    # Even without candidates the raw digits alone are never printed.
    bare = cell_text(Cell(cell.key, "91324", Kind.AMBIGUOUS))
    assert "91324" not in bare and classify(bare).kind is Kind.TEXT


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("version", tuple(SPECS))
def test_ambiguous_cells_read_back_as_text(fmt: str, version: str) -> None:
    # Printing the raw run ("| 规章 | 91324 | 91324 | 91324 |") read back as confident wrong numbers.
    report = ambiguous_report(version)
    render, name = FORMATS[fmt]
    parsed = parse.parse_text(render(report), name=name)
    ambiguous = [key for key in report.canonical_keys() if report.cell(key).kind is Kind.AMBIGUOUS]
    assert ambiguous
    for key in ambiguous:
        got = parsed.cell(key)
        assert got.kind is Kind.TEXT and got.value is None, (key, got)
        assert got.raw == cell_text(report.cell(key))
        assert all(str(c) in got.raw for c in report.cell(key).candidates)
    # Every other cell still reads back exactly (a cell the reader never found prints empty).
    rest = [line for line in differences(parsed, report)
            if line.split(":")[0] not in ambiguous and not line.endswith("rendered absent None ''")]
    assert rest == []


def test_ambiguous_cells_in_docx_read_back_as_text() -> None:
    from gongkai.report.render.docx import render_docx

    report = ambiguous_report("2021")
    parsed = parse.parse_bytes(render_docx(report), name="x.docx")
    for key in report.canonical_keys():
        if report.cell(key).kind is Kind.AMBIGUOUS:
            assert parsed.cell(key).kind is Kind.TEXT, key
