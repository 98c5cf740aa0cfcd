"""Renderers: an AnnualReport as JSON, Markdown, a printable HTML page, or a plain-text layout."""

from __future__ import annotations

from gongkai.report.render.html import render_html
from gongkai.report.render.json import render_json
from gongkai.report.render.layouts import (
    LAYOUTS,
    render_flat_text,
    render_lines,
    render_pipe_rows,
    render_runtogether,
    render_spaced,
    render_tab_rows,
    render_wrapped_labels,
)
from gongkai.report.render.markdown import render_markdown

__all__ = [
    "LAYOUTS",
    "render_flat_text",
    "render_html",
    "render_json",
    "render_lines",
    "render_markdown",
    "render_pipe_rows",
    "render_runtogether",
    "render_spaced",
    "render_tab_rows",
    "render_wrapped_labels",
]
