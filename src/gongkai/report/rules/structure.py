"""Structure and value rules (DOMAIN.md §4.2 rules 1–3 and 5–9).

STRUCT-LABELS (rule 4) is the parser's: it arrives in `report.parse_findings`.
VALUE-* rules report one failing finding per offending cell and a single `pass` when a rule finds
nothing, so a report yields a countable result for every rule without 200 per-cell passes.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache

from gongkai.report.model import NUMERIC_KINDS, AnnualReport, CellMap, Finding, Kind
from gongkai.report.spec import SECTION_TITLES, SPECS, ValueType, expected_version

from ._base import (
    ERROR,
    FAIL,
    INFO,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    PASS,
    TABLE_NAMES,
    TABLES,
    WARNING,
    Located,
    describe,
    finding,
    located_tables,
)

_WS = re.compile(r"\s+")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
_SPLIT_NUMBER = re.compile(r"\d\s+\d")

# Units that fit a count column (§3.7: 件 个 项 …); money units do not.
_COUNT_UNITS = frozenset({"件", "个", "项", "条", "次"})


def _norm(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


# Enum attribute access is slow inside the per-cell loop; bind the members once.
_ABSENT, _BLANK = Kind.ABSENT, Kind.BLANK

_CANONICAL = tuple(_norm(t) for t in SECTION_TITLES)


# --- STRUCT-SECTIONS -----------------------------------------------------------------------


# Per statutory part (1…6): its instance, its title, and the messages for finding it or not.
_SECTION_MESSAGES: tuple[tuple[str, str, str, str], ...] = tuple(
    (str(n), title, f"部分标题「{title}」已找到", f"未找到部分标题「{title}」")
    for n, title in enumerate(SECTION_TITLES, start=1))


def check_sections(report: AnnualReport) -> list[Finding]:
    out: list[Finding] = []
    code = "STRUCT-SECTIONS"
    numbers = [s.number for s in report.sections]
    first: dict[int, int] = {}
    for index, number in enumerate(numbers):
        first.setdefault(number, index)
    for n, (instance, title, found, missing) in enumerate(_SECTION_MESSAGES, start=1):
        if n not in first:
            out.append(Finding(code, FAIL, ERROR, missing, instance, (), title))
            continue
        heading = report.sections[first[n]].heading
        out.append(Finding(code, PASS, None, found, instance, (), title, heading))
        if heading == title:
            continue  # printed as the template has it (the usual case): no wording to compare
        printed = _norm(heading)
        if printed and printed != _CANONICAL[n - 1]:
            out.append(finding(code, FAIL, f"部分标题措辞与模板不同：“{heading.strip()}”，"
                               f"模板为「{title}」", severity=INFO, instance=f"{n}.wording",
                               expected=title, actual=heading))
    order = [n for n in sorted(first, key=first.__getitem__) if 1 <= n <= 6]
    if order != sorted(order):
        shown = "、".join(SECTION_TITLES[n - 1].split("、")[0] for n in order)
        out.append(finding(code, FAIL, f"部分标题顺序与模板不同：{shown}", severity=WARNING,
                           instance="order", actual=order))
    elif len(order) > 1:
        out.append(Finding(code, PASS, None, "部分标题顺序与模板一致", "order"))
    if len(first) < len(numbers):
        # Two 一…六 numbering systems (总体情况 topics, then the statutory parts): reported, never renumbered.
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        out.append(finding(code, FAIL, "同一部分编号出现多次（可能存在两套“一…六”编号）："
                           + "、".join(SECTION_TITLES[n - 1] for n in repeated if 1 <= n <= 6),
                           severity=INFO, instance="numbering", actual=repeated))
    return out


# --- STRUCT-TABLE-MISSING, STRUCT-VERSION --------------------------------------------------


def _section_name(n: int) -> str:
    return _ORDINAL.sub("", SECTION_TITLES[n - 1])


# Per table: the messages for locating it or not.
_TABLE_MESSAGES: tuple[tuple[str, str, str], ...] = tuple(
    (table, f"已定位{TABLE_NAMES[table]}（{_section_name(index)}）", f"未能定位{TABLE_NAMES[table]}（{_section_name(index)}）")
    for index, table in enumerate(TABLES, start=2))


def check_tables(report: AnnualReport) -> list[Finding]:
    out: list[Finding] = []
    for table, located, missing in _TABLE_MESSAGES:
        if report.tables_found.get(table):
            out.append(Finding("STRUCT-TABLE-MISSING", PASS, None, located, table))
        else:
            # "未能定位": the table may exist and the parser failed to find it (§4.2 rule 2).
            out.append(Finding("STRUCT-TABLE-MISSING", FAIL, ERROR, missing, table))
    return out


def check_version(report: AnnualReport) -> list[Finding]:
    code = "STRUCT-VERSION"
    found = [t for t in TABLES if report.tables_found.get(t)]
    versions = {t: report.table_versions[t] for t in found if report.table_versions.get(t) in SPECS}
    if report.template == "mixed" or len(set(versions.values())) > 1:
        shown = "，".join(f"{TABLE_NAMES[t]}为{v}版" for t, v in versions.items())
        return [finding(code, FAIL, f"各表格式不一致（{shown}），已按各表自身格式核对", severity=WARNING,
                        actual="mixed")]
    detected = report.template if report.template in SPECS else None
    if detected is None and versions:
        detected = next(iter(versions.values()))  # they all agree: a difference returned above
    if detected is None:
        return [finding(code, NOT_ASSESSABLE, "未能识别年报表格格式")]
    if report.year is None:
        return [finding(code, NOT_ASSESSABLE, "报告年度未知，无法判断应使用的表格格式", actual=detected)]
    expected = expected_version(report.year)
    if expected is None:
        return [finding(code, FAIL, f"{report.year}年度没有全国统一的年报表格格式，却识别出{detected}版表格",
                        severity=WARNING, expected=None, actual=detected)]
    if detected != expected:
        return [finding(code, FAIL, f"{report.year}年度应使用{SPECS[expected].name}（{expected}版，"
                        f"{SPECS[expected].instrument}），识别出的是{detected}版", severity=WARNING,
                        expected=expected, actual=detected)]
    return [finding(code, PASS, f"{report.year}年度使用{detected}版表格格式，与要求一致",
                    expected=expected, actual=detected)]


# --- VALUE-* ---------------------------------------------------------------------------------


@cache
def _value_types(version: str) -> dict[str, ValueType]:
    return {key: spec.value_type for key, spec in SPECS[version].cells.items()}


def check_values(report: AnnualReport, tables: dict[str, Located] | None = None) -> list[Finding]:
    """tables: `located_tables(report)`, when the caller has read them already.

    A table not located is left to STRUCT-TABLE-MISSING, and unmatched rows and columns (absent
    cells) to STRUCT-LABELS.
    """
    if tables is None:
        tables = located_tables(report)
    numeric: list[Finding] = []
    blank: list[Finding] = []
    nonneg: list[Finding] = []
    integer: list[Finding] = []
    unit: list[Finding] = []
    units_seen = False
    cells = report.cells
    # Rows a parser read as plain counts: nothing to report, and no need to make their cells.
    count_rows = cells.count_rows() if cells.__class__ is CellMap else ()
    for table, found in tables.items():
        if found.counts is not None:
            continue  # plain counts throughout: nothing to report
        version = found.version
        types = _value_types(version)
        for key in found.keys:
            if count_rows and key[:key.rfind(".") + 1] in count_rows:
                continue
            cell = cells.get(key)
            if cell is None or cell.kind is _ABSENT:
                continue
            kind = cell.kind
            if kind in NUMERIC_KINDS:
                value = cell.value
                if value.__class__ is int and value >= 0 and not cell.unit:
                    continue  # the common case: a plain non-negative count
                vtype = types[key]
                if value is not None and value < 0 and vtype is not ValueType.CHANGE:
                    nonneg.append(finding("VALUE-NONNEG", FAIL, f"{describe(key, version)}为负数“{cell.raw}”",
                                          severity=ERROR, instance=key, cells=(key,), actual=value))
                if (vtype not in (ValueType.MONEY, ValueType.MONEY_WAN) and isinstance(value, Decimal)
                        and value != value.to_integral_value()):
                    integer.append(finding("VALUE-INTEGER", FAIL,
                                           f"{describe(key, version)}应为整数，实为“{cell.raw}”",
                                           severity=ERROR, instance=key, cells=(key,), actual=value))
                if cell.unit:
                    units_seen = True
                    problem = _unit_problem(cell.unit, vtype)
                    if problem:
                        unit.append(finding("VALUE-UNIT", FAIL, f"{describe(key, version)}“{cell.raw}”{problem}",
                                            severity=INFO if vtype is ValueType.MONEY else WARNING,
                                            instance=key, cells=(key,), actual=cell.raw))
            elif kind is _BLANK:
                blank.append(finding("VALUE-BLANK", FAIL, f"{describe(key, version)}为空白（未按0处理）",
                                     severity=INFO, instance=key, cells=(key,), actual=""))
            else:
                numeric.append(_numeric_finding(key, version, table, cell.raw, kind, cell.candidates))
    out: list[Finding] = []
    for code, found_here, what in (
        ("VALUE-NUMERIC", numeric, "应为数字的单元格均为数字或空白"),
        ("VALUE-BLANK", blank, "没有空白单元格"),
        ("VALUE-NONNEG", nonneg, "没有负数（本年增/减除外）"),
        ("VALUE-INTEGER", integer, "件数均为整数"),
    ):
        out.extend(found_here or [Finding(code, PASS, None, what)])
    if unit:
        out.extend(unit)
    elif units_seen:
        out.append(Finding("VALUE-UNIT", PASS, None, "单元格所注单位与表头一致"))
    else:
        out.append(Finding("VALUE-UNIT", NOT_APPLICABLE, None, "单元格未注明单位"))
    return out


def _numeric_finding(key: str, version: str, table: str, raw: str, kind: Kind,
                     candidates: tuple[int, ...]) -> Finding:
    where = describe(key, version)
    if kind is Kind.PLACEHOLDER:
        # A placeholder in 表二 blocks no identity; in 表三/表四 it blocks the arithmetic.
        severity = INFO if table == "t2" else WARNING
        message = f"{where}为占位符“{raw.strip()}”，不是数字（不按0处理）"
    elif kind is Kind.AMBIGUOUS:
        severity = WARNING
        shown = "、".join(str(c) for c in candidates)
        message = f"{where}“{raw.strip()}”数字粘连，可能的取值：{shown}；未作选择"
    else:
        severity = WARNING
        message = f"{where}应为数字，实为文字“{raw.strip()}”"
        if _SPLIT_NUMBER.search(unicodedata.normalize("NFKC", raw)):
            message += "（可能为被拆分的数字，未合并）"
    return finding("VALUE-NUMERIC", FAIL, message, severity=severity, instance=key, cells=(key,), actual=raw)


def _unit_problem(unit: str, vtype: ValueType) -> str | None:
    if vtype is ValueType.MONEY:
        # The unit of 2019 采购总金额 is not stated by the template (§10 Q14): note it, never convert.
        return f"注明单位“{unit}”；模板未规定该列单位，按原样保留"
    if vtype is ValueType.MONEY_WAN:
        return None if unit == "万元" else f"注明单位“{unit}”，与表头单位“万元”不符（未换算）"
    if unit in _COUNT_UNITS:
        return None
    return f"注明单位“{unit}”，与该列的件数含义不符"
