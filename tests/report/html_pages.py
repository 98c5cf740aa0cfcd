"""What the HTML reader tests do to a page the renderer made."""

from __future__ import annotations

import re


def main_of(html: str) -> str:
    """The article: what the renderer's page holds inside <main>."""
    found = re.search(r"<main>(.*)</main>", html, re.S)
    assert found is not None, "the renderer's page has no <main>"
    return found.group(1)


def every_value(html: str, mark: str) -> str:
    """Each value cell's text v printed as mark.format(v=v)."""
    return re.sub(r'(<td class="value"[^>]*>)([^<]*)</td>', lambda m: f"{m.group(1)}{mark.format(v=m.group(2))}</td>",
                  html)
