"""Table 三 of the annual report, aggregated from the case records (DOMAIN §6.10).

* ``new_received``: 收到申请之日 in the year; a 补正 keeps the original receipt date (§10 Q18).
  Applications never confirmed (no receipt date) are not counted (§6.2).
* ``carried_over``: received before the year and not concluded by the end of the previous year.
* result rows: concluded in the year, by outcome code mapped with the year's template (§6.8).
* ``total``: the sum of the result rows; ``carry_forward``: received by 31 December and not
  concluded by that date. T3-IDENTITY (1 + 2 = 22 + 23) therefore holds by construction.
* Columns: the applicant category recorded at intake (§10 Q20).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Q

from gongkai.applications.models import Application
from gongkai.law.outcomes import T3_COLUMNS, T3_RESULT_ROWS, row_key, template_version
from gongkai.report.model import AnnualReport, Provenance, make_cell
from gongkai.report.spec import SPECS

GENERATED = Provenance(format="generated")
_COLUMNS = tuple(c for c in T3_COLUMNS if c != "total")


def _version(year: int) -> str:
    version = template_version(year)
    if version is None:
        raise ValueError(f"{year}年不适用2019年修订的条例年度报告格式（表三自2019年度起）。")
    return version


def annual_statistics(agency: Any, year: int) -> dict[str, int]:
    """Every table-三 cell key (``t3.<row>.<col>``) of the year's template version, for one agency."""
    version = _version(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = Application.objects.filter(agency=agency, receipt_on__isnull=False, receipt_on__lte=end)
    rows = counted.filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)).values_list(
        "applicant_kind", "receipt_on", "outcome", "concluded_on"
    )
    tally: Counter[tuple[str, str]] = Counter()
    for kind, receipt, code, concluded in rows:
        if receipt >= start:
            tally[("new_received", kind)] += 1
        elif concluded is None or concluded >= start:
            tally[("carried_over", kind)] += 1
        if concluded is not None and start <= concluded <= end:
            tally[(row_key(code, version), kind)] += 1
            tally[("total", kind)] += 1
        else:
            tally[("carry_forward", kind)] += 1  # not concluded by 31 December
    values: dict[str, int] = {}
    for row in ("new_received", "carried_over", *T3_RESULT_ROWS[version], "total", "carry_forward"):
        for col in _COLUMNS:
            values[f"t3.{row}.{col}"] = tally[(row, col)]
        values[f"t3.{row}.total"] = sum(tally[(row, col)] for col in _COLUMNS)
    return values


def to_report(agency: Any, year: int) -> AnnualReport:
    """An AnnualReport whose table 三 is filled from the records (other tables are left absent)."""
    version = _version(year)
    values = annual_statistics(agency, year)
    spec = SPECS[version]
    cells = {key: make_cell(key, str(values[key]), GENERATED) for key in spec.keys("t3")}
    return AnnualReport(
        template=version,
        year=year,
        agency=agency.name,
        title=f"{agency.name}{year}年政府信息公开工作年度报告",
        cells=cells,
        table_versions={"t2": version, "t3": version, "t4": version},
        tables_found={"t2": False, "t3": True, "t4": False},
    )
