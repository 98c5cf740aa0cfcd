"""The findings of one rule, as the rule tests ask for them."""

from __future__ import annotations

from gongkai.report.model import Finding


def of(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def only(findings: list[Finding], code: str, instance: str | None = None) -> Finding:
    """The one finding of `code` (and `instance`); fails the test when there are none or several."""
    found = [f for f in findings if f.code == code and (instance is None or f.instance == instance)]
    assert len(found) == 1, (code, instance, found)
    return found[0]
