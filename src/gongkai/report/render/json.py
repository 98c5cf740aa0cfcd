"""JSON: the report as `AnnualReport.to_dict` (DOMAIN.md §3.8), described by `gongkai.report.schema`."""

from __future__ import annotations

import json

from gongkai.report.model import AnnualReport, Finding


def render_json(report: AnnualReport, findings: list[Finding] | None = None) -> str:
    # Chinese stays readable (ensure_ascii off); money is already a string in to_dict, never a float.
    return json.dumps(report.to_dict(findings), ensure_ascii=False, indent=2)
