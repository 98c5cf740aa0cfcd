"""DATE-DEADLINE (DOMAIN.md §4.2 rule 31; 条例第四十九条).

The statutory deadline is a calendar date, inclusive, without weekend roll-over (§10 Q12).
"""

from __future__ import annotations

from datetime import date

from gongkai.report.model import AnnualReport, Finding

from ._base import ERROR, FAIL, NOT_ASSESSABLE, PASS, WARNING, finding

# 第四十九条: 部门 by 1月31日 (第一款); the 本级政府 report by its 主管部门 by 3月31日 (第二款).
STATUTORY: dict[str, tuple[int, int, str]] = {
    "department": (1, 31, "条例第四十九条第一款"),
    "government": (3, 31, "条例第四十九条第二款"),
}


def statutory_deadline(agency_kind: str | None, year: int) -> date | None:
    rule = STATUTORY.get(agency_kind or "")
    return date(year + 1, rule[0], rule[1]) if rule else None


def check_deadline(report: AnnualReport, agency_kind: str | None, *,
                   local_deadline: date | None = None) -> list[Finding]:
    code = "DATE-DEADLINE"
    if report.year is None:
        return [finding(code, NOT_ASSESSABLE, "报告年度未知，无法核对发布期限")]
    deadline = statutory_deadline(agency_kind, report.year)
    if deadline is None:
        # 乡镇、开发区 and 第五十四条 organisations: configured per agency (§10 Q13).
        return [finding(code, NOT_ASSESSABLE, "未登记机关类型或该类机关的发布期限，无法核对")]
    basis = STATUTORY[agency_kind or ""][2]
    published = report.published_on
    if published is None:
        return [finding(code, NOT_ASSESSABLE, f"未知发布日期；法定期限为{deadline.isoformat()}（{basis}）",
                        expected=deadline.isoformat())]
    shown = published.isoformat()
    if published > deadline:
        late = (published - deadline).days
        return [finding(code, FAIL, f"发布日期{shown}晚于法定期限{deadline.isoformat()}（{basis}）{late}天",
                        severity=ERROR, expected=deadline.isoformat(), actual=shown)]
    if local_deadline is not None and local_deadline < published:
        return [finding(code, FAIL, f"发布日期{shown}晚于本地规定的期限{local_deadline.isoformat()}，"
                        f"但未超过法定期限{deadline.isoformat()}", severity=WARNING,
                        expected=local_deadline.isoformat(), actual=shown)]
    return [finding(code, PASS, f"发布日期{shown}未超过法定期限{deadline.isoformat()}（{basis}）",
                    expected=deadline.isoformat(), actual=shown)]
