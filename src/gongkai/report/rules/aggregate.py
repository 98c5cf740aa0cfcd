"""AGG-DECLARED-SUM (DOMAIN.md §4.2 rule 34).

Only for an aggregation a supervisor has declared: a 县政府 report is not the sum of its departments
(trap 3), so nothing here infers the relation from the agency tree.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.report.model import AnnualReport, Finding

from ._base import (
    FAIL,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    PASS,
    TABLES,
    WARNING,
    add,
    describe,
    finding,
    show_number,
    table_keys,
    table_version,
)


def check_aggregate(parent: AnnualReport, children: Sequence[AnnualReport]) -> list[Finding]:
    """`v(P, k) == Σ v(Cᵢ, k)` for every key of the parent, for a declared aggregation."""
    code = "AGG-DECLARED-SUM"
    if not children:
        return [finding(code, NOT_APPLICABLE, "未声明汇总关系（无下级报告）")]
    out: list[Finding] = []
    for table in TABLES:
        version = table_version(parent, table)
        if version is None or not parent.tables_found.get(table):
            out.append(finding(code, NOT_ASSESSABLE, f"汇总报告未能定位{table}", instance=table))
            continue
        mismatched = [c.agency or "?" for c in children if table_version(c, table) != version
                      or not c.tables_found.get(table)]
        if mismatched:
            out.append(finding(code, NOT_ASSESSABLE, f"下级报告格式不同或未定位该表：{'、'.join(mismatched)}",
                               instance=table))
            continue
        for key in table_keys(version, table):
            published = parent.cell(key)
            parts = add([c.cell(key) for c in children])
            where = describe(key, version)
            if not published.is_numeric or parts.value is None:
                out.append(finding(code, NOT_ASSESSABLE, f"{where}：汇总报告或下级报告含非数字项，无法核对",
                                   instance=key, cells=(key,), actual=published.value))
            elif parts.value == published.value:
                out.append(finding(code, PASS, f"{where}：{show_number(published.value)}＝下级报告之和",
                                   instance=key, cells=(key,), expected=parts.value, actual=published.value))
            else:
                out.append(finding(code, FAIL, f"{where}：汇总报告为{show_number(published.value)}，"
                                   f"{len(children)}份下级报告之和为{show_number(parts.value)}",
                                   severity=WARNING, instance=key, cells=(key,), expected=parts.value,
                                   actual=published.value))
    return out
