"""Damage the way copying and converting do it (a line lost, doubled, merged with the next or split; a
stray number or blank line; a lost bar; a table row lost or doubled in HTML, an empty cell added): whatever is read is the
report's own value, or the cell is reported (absent, ambiguous, text). Never a value shifted in from
another cell.

Flattened text is left out: there an empty cell and a merged cell's slot look the same (DOMAIN.md
§5.1), and a lost cell can read as a blank one by the layout's own rule.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Kind
from gongkai.report.parse import ReportParseError, parse_text
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.render.markdown import render_markdown

TEXT_LAYOUTS = {"markdown": render_markdown, "pipe-rows": layouts.render_pipe_rows,
                "tab-rows": layouts.render_tab_rows, "lines": layouts.render_lines,
                "spaced": layouts.render_spaced, "wrapped": layouts.render_wrapped_labels,
                "run-together": layouts.render_runtogether}
LINE_DAMAGE = ("delete", "duplicate", "number", "blank", "merge", "merge-spaced", "split", "lose-bar")
# A cell deleted from the middle of an HTML row is not here: a browser shows the cells after it one
# column to the left, and the reader reads the table as it is shown (the arithmetic tells, where
# there is any).
HTML_DAMAGE = ("delete-row", "duplicate-row", "add-cell")
# Kinds a damaged cell may honestly come out as.
REPORTED = frozenset({Kind.ABSENT, Kind.AMBIGUOUS, Kind.TEXT})


def _shifted(parsed: AnnualReport, report: AnnualReport, damaged: set[str],
             reported: frozenset[Kind] = REPORTED) -> list[str]:
    return [key for key, cell in report.cells.items() if key not in damaged
            and parsed.cell(key).kind not in reported and parsed.cell(key).value != cell.value]


def _damage_line(lines: list[str], damage: str, at: int, pick: int) -> list[str]:
    line = lines[at]
    marks = [m.start() for m in re.finditer(" " if damage == "split" else r"\|", line)]
    k = marks[pick % len(marks)] if marks else 0
    # What lines[at] (and, for a merge, the line after it) becomes.
    replaced, becomes = {
        "delete": (1, []),
        "duplicate": (1, [line, line]),
        "number": (0, [str(pick % 100)]),
        "blank": (0, [""]),
        "merge": (2, [line + lines[at + 1]]),
        "merge-spaced": (2, [f"{line} {lines[at + 1]}"]),
        "split": (1, [line[:k], line[k + 1:]] if marks else [line]),
        "lose-bar": (1, [line[:k] + line[k + 1:]] if marks else [line]),
    }[damage]
    return [*lines[:at], *becomes, *lines[at + replaced:]]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), version=st.sampled_from(["2019", "2021"]),
       layout=st.sampled_from(sorted(TEXT_LAYOUTS)), damage=st.sampled_from(LINE_DAMAGE),
       where=st.floats(0, 1, exclude_max=True), pick=st.integers(0, 1000))
def test_damaged_text_shifts_no_value(seed, version, layout, damage, where, pick):
    report = random_report(version, seed)
    lines = TEXT_LAYOUTS[layout](report).split("\n")
    # Within the tables' sections (二 to 四), where a lost line can move a value.
    start = next(i for i, line in enumerate(lines) if "主动公开政府信息情况" in line) + 1
    end = next(i for i, line in enumerate(lines) if "存在的主要问题" in line) - 1
    damaged = _damage_line(lines, damage, start + int(where * (end - start)), pick)
    try:
        parsed = parse_text("\n".join(damaged), "copied.txt")
    except ReportParseError:
        return
    # Two cells joined by a lost bar print as one (its digits flagged as split) and the row ends a cell
    # early: where the cells after it are empty fillers, the row as shown has a blank where a value was.
    reported = REPORTED | {Kind.BLANK} if damage == "lose-bar" else REPORTED
    assert _shifted(parsed, report, set(), reported) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), version=st.sampled_from(["2019", "2021"]), damage=st.sampled_from(HTML_DAMAGE),
       pick=st.integers(0, 10**6))
def test_damaged_html_shifts_no_value(seed, version, damage, pick):
    report = random_report(version, seed)
    page = render_html(report)
    spans = [m.span() for m in re.finditer(r"<tr>.*?</tr>" if damage.endswith("row") else r"<td[^>]*>[^<]*</td>",
                                           page, flags=re.S)]
    a, b = spans[pick % len(spans)]
    piece = page[a:b]
    if damage.startswith("delete"):
        page = page[:a] + page[b:]
    elif damage == "duplicate-row":
        page = page[:b] + piece + page[b:]
    else:
        page = page[:b] + "<td></td>" + page[b:]
    # A deleted cell's own value is gone from the page: reading it differently is no shift.
    gone = set(re.findall(r'data-key="([^"]+)"', piece)) if damage.startswith("delete") else set()
    try:
        parsed = parse_text(page, "page.html")
    except ReportParseError:
        return
    assert _shifted(parsed, report, gone) == []
