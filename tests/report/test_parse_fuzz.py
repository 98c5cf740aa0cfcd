"""Mutated, truncated and hostile inputs: every reader returns a report or a clear error, never crashes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport
from gongkai.report.parse import ReportParseError, parse_bytes
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.render.markdown import render_markdown

from .html_pages import mhtml

RENDERERS = (render_html, render_markdown, layouts.render_flat_text, layouts.render_pipe_rows,
             layouts.render_lines, layouts.render_spaced, layouts.render_runtogether,
             layouts.render_wrapped_labels, lambda report: mhtml(render_html(report)))
# A small pool of documents: rendering is not what is under test here.
DOCS = [r(random_report(v, s)).encode("utf-8") for r in RENDERERS for v, s in (("2019", 1), ("2021", 2))]


def _parse(data: bytes) -> None:
    try:
        result = parse_bytes(data, "fuzz")
    except ReportParseError as exc:
        assert str(exc), "an error must say what is wrong"
        return
    assert isinstance(result, AnnualReport)
    # Whatever was read is a full, serialisable model.
    assert set(result.cells) == set(result.canonical_keys())
    result.to_dict()


mutation = st.tuples(
    st.sampled_from(["truncate", "delete", "insert", "duplicate", "digits", "swap_lines"]),
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=400),
    st.binary(max_size=40),
)


def _mutate(data: bytes, op: tuple[str, int, int, bytes]) -> bytes:
    kind, position, length, blob = op
    at = position % (len(data) + 1)
    if kind == "truncate":
        return data[:at]
    if kind == "delete":
        return data[:at] + data[at + length:]
    if kind == "insert":
        return data[:at] + blob + data[at:]
    if kind == "duplicate":
        return data[:at] + data[at:at + length] * 3 + data[at:]
    if kind == "digits":
        return data[:at] + bytes(b"0123456789"[(b + length) % 10] if 48 <= b <= 57 else b
                                 for b in data[at:at + length]) + data[at + length:]
    lines = data.split(b"\n")
    i, j = position % len(lines), (position + length) % len(lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(range(len(DOCS))), ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_reports_never_crash_a_reader(doc, ops):
    data = DOCS[doc]
    for op in ops:
        data = _mutate(data, op)
    _parse(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data):
    _parse(data)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_random_text_never_crashes(text):
    _parse(text.encode("utf-8"))


@pytest.mark.parametrize(("data", "message"), [
    (b"", "文件为空"),
    (b"   \n\n", "文件为空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制文件"),
    (b"<html><body><p>hello</p></body></html>", "不是政府信息公开工作年度报告"),
    ("一、总体情况\n本年度工作平稳推进。\n".encode(), "未找到表三"),
    (b"{\"schema\": \"other\"}", "不是 gongkai 年报 JSON"),
    (b"{not json", "JSON 格式错误"),
])
def test_unreadable_inputs_say_why(data, message):
    with pytest.raises(ReportParseError, match=message):
        parse_bytes(data, "input")


def _binary_docs() -> list[bytes]:
    from gongkai.report.render.docx import render_docx
    from gongkai.report.render.pdf_test_layout import render_pdf_test_layout

    report = random_report("2021", 3)
    return [render_docx(report), render_pdf_test_layout(report)]


BINARY_DOCS = _binary_docs()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(range(len(BINARY_DOCS))), ops=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_word_and_pdf_files_never_crash_a_reader(doc, ops):
    data = BINARY_DOCS[doc]
    for op in ops:
        if op[0] != "swap_lines":
            data = _mutate(data, op)
    _parse(data)


def test_comment_outside_the_html_element():
    """Found by the mutation test: a damaged doctype leaves a comment with no parent element."""
    page = render_html(random_report("2019", 1)).encode("utf-8")
    _parse(page[:2] * 3 + page)
