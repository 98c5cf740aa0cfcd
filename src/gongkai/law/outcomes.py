"""Outcome codes of an application and their table-三 rows (DOMAIN.md §6.8, §3.3).

Each code maps to **exactly one** table-三 result row per template version, so the annual
statistics are one aggregation over case records. 部分公开 (第三十七条 区分处理) is counted only
as ``partial``, as the template's row label demands. The row keys here are those of DOMAIN.md
§3.3; ``gongkai.report.spec`` holds the same keys with their labels, and a test keeps them equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from gongkai.report import spec as _spec

__all__ = [
    "CONFIGURABLE",
    "OUTCOMES",
    "T3_COLUMNS",
    "T3_RESULT_ROWS",
    "T3_ROWS",
    "VERSIONS",
    "Outcome",
    "OutcomeError",
    "cell_key",
    "is_available",
    "outcome",
    "row_key",
    "template_version",
]

# The row and column keys come from the template spec, the one source of every table key and label
# (gongkai.report.spec is pure core too: no Django on either side).
VERSIONS: tuple[str, ...] = _spec.VERSIONS
T3_RESULT_ROWS: dict[str, tuple[str, ...]] = {v: _spec.SPECS[v].result_rows for v in VERSIONS}
T3_ROWS: dict[str, tuple[str, ...]] = {v: tuple(r.key for r in _spec.SPECS[v].t3_rows) for v in VERSIONS}
T3_COLUMNS: tuple[str, ...] = tuple(c.key for c in _spec.T3_COLUMNS)


class OutcomeError(ValueError):
    """Unknown code, version or mapping; ``str(exc)`` is a Chinese message."""


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str  # Chinese, for staff UI and letters
    basis: str  # legal article (or instrument); "" where no article is known
    row_2019: str
    row_2021: str
    requires_reason: bool = False
    available_from: date | None = None

    def row(self, version: str) -> str:
        if version == "2019":
            return self.row_2019
        if version == "2021":
            return self.row_2021
        raise OutcomeError(f"未知的年度报告格式版本“{version}”，应为 2019 或 2021。")


def _same(code: str, label: str, basis: str, **kw: object) -> Outcome:
    return Outcome(code, label, basis, code, code, **kw)  # type: ignore[arg-type]


_ALL: tuple[Outcome, ...] = (
    # 第三十六条（一）: already proactively published → tell where to get it.
    Outcome("granted.already_public", "予以公开（已主动公开，告知获取方式和途径）", "第三十六条第（一）项",
            "granted", "granted"),
    # 第三十六条（二）: can be disclosed → provide it, or say how, where and when.
    Outcome("granted.provided", "予以公开（提供信息或告知获取方式、途径和时间）", "第三十六条第（二）项",
            "granted", "granted"),
    # 第三十七条 区分处理: counted only as 部分公开.
    _same("partial", "部分公开（区分处理）", "第三十七条"),
    # 第十四条: the three mandatory grounds.
    _same("denied.state_secret", "不予公开：属于国家秘密", "第十四条"),
    _same("denied.law_forbidden", "不予公开：法律、行政法规禁止公开", "第十四条"),
    _same("denied.security_stability", "不予公开：危及国家安全、公共安全、经济安全、社会稳定", "第十四条"),
    # 第十五条 (商业秘密、个人隐私), with the 第三十二条 consultation.
    _same("denied.third_party", "不予公开：保护第三方合法权益", "第十五条、第三十二条"),
    # 第十六条: discretionary grounds.
    _same("denied.internal_affairs", "不予公开：属于人事管理、后勤管理、内部工作流程等内部事务信息",
          "第十六条第一款"),
    _same("denied.process_info", "不予公开：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
          "第十六条第二款"),
    _same("denied.enforcement_file", "不予公开：属于行政执法案卷信息", "第十六条第二款"),
    # 第三十六条（七）: 工商、不动产登记资料 etc. follow their own laws.
    _same("denied.inquiry_matter", "不予公开：属于行政查询事项（按有关法律、行政法规办理）",
          "第三十六条第（七）项"),
    # 第三十六条（四）: not found after search.
    Outcome("unable.not_exist", "无法提供：经检索没有所申请公开的信息", "第三十六条第（四）项",
            "unable.not_held", "unable.not_held"),
    # 第三十六条（五）: not this agency's to disclose; row is [UNVERIFIED], configurable (§10 Q3).
    Outcome("unable.not_responsible", "无法提供：不属于本机关负责公开", "第三十六条第（五）项",
            "unable.not_held", "unable.not_held"),
    # 第三十八条: would require creating new information.
    _same("unable.needs_creation", "无法提供：没有现成信息，需要另行制作", "第三十八条"),
    # 第三十条: still unclear after 补正.
    _same("unable.still_unclear", "无法提供：补正后申请内容仍不明确", "第三十条"),
    # 第三十九条第一款: 信访、投诉、举报.
    _same("not_processed.petition", "不予处理：信访、投诉、举报类申请", "第三十九条第一款"),
    # 第三十六条（六）: repeat of an answered application.
    _same("not_processed.repeat", "不予处理：重复申请", "第三十六条第（六）项"),
    # 第三十九条第二款: 政府公报、报刊、书籍.
    _same("not_processed.publication", "不予处理：要求提供公开出版物", "第三十九条第二款"),
    # 第三十五条: unreasonable reasons for excessive applications.
    _same("not_processed.excessive", "不予处理：无正当理由大量、频繁申请", "第三十五条"),
    # No explicit article [UNVERIFIED]; the basis is the template row itself.
    _same("not_processed.reconfirm", "不予处理：要求行政机关确认或重新出具已获取信息", ""),
    # 第三十条: no correction in time → 视为放弃申请.
    Outcome("other.no_clarification", "其他处理：申请人无正当理由逾期不补正，视为放弃申请", "第三十条",
            "other", "other.no_clarification"),
    # 国办函〔2020〕109号: unpaid fee → 视为放弃申请; cannot occur before 2021-01-01.
    Outcome("other.unpaid_fee", "其他处理：申请人逾期未按收费通知缴纳费用，视为放弃申请",
            "国办函〔2020〕109号", "other", "other.unpaid_fee", available_from=date(2021, 1, 1)),
    # Withdrawal: no article [UNVERIFIED]; configurable (§10 Q4).
    Outcome("other.withdrawn", "其他处理：申请人撤回申请", "", "other", "other.other"),
    # Residual: a reason text is required.
    Outcome("other.other", "其他处理：其他情形（须填写理由）", "", "other", "other.other",
            requires_reason=True),
)  # fmt: skip

OUTCOMES: dict[str, Outcome] = {o.code: o for o in _ALL}

# Codes whose row an installation may change (DOMAIN.md §6.8 "configurable", §10 Q3/Q4).
CONFIGURABLE = frozenset({"unable.not_responsible", "other.withdrawn"})


def outcome(code: str) -> Outcome:
    try:
        return OUTCOMES[code]
    except KeyError:
        raise OutcomeError(f"未知的办理结果代码“{code}”。") from None


def row_key(code: str, version: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """The table-三 row an application with ``code`` is counted in, for a template version.

    ``overrides`` (``{code: row}``) applies an installation's setting to the codes in
    :data:`CONFIGURABLE`; any other code, or a row that is not a result row of the version, is
    rejected so that the annual statistics cannot be bent by configuration.
    """
    o = outcome(code)
    row = o.row(version)
    if overrides and code in overrides:
        if code not in CONFIGURABLE:
            raise OutcomeError(f"办理结果“{code}”的统计行由年度报告格式确定，不可配置。")
        row = overrides[code]
        if row not in T3_RESULT_ROWS[version]:
            raise OutcomeError(f"“{row}”不是{version}年格式表三的办理结果行。")
    return row


def cell_key(code: str, version: str, column: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """``t3.<row>.<column>``: the cell an application is counted in (column = applicant category)."""
    if column not in T3_COLUMNS:
        raise OutcomeError(f"未知的申请人类别列“{column}”。")
    return f"t3.{row_key(code, version, overrides=overrides)}.{column}"


def is_available(code: str, on: date) -> bool:
    """Whether the outcome can legally occur on ``on`` (109号 fees exist only from 2021-01-01)."""
    o = outcome(code)
    return o.available_from is None or on >= o.available_from


def template_version(report_year: int) -> str | None:
    """Expected template for a report year (DOMAIN.md §2.1): none ≤ 2018, 2019 for 2019–2020, then 2021."""
    if report_year <= 2018:
        return None
    return "2019" if report_year <= 2020 else "2021"
