"""The template's arithmetic inside one report (DOMAIN.md §4.2 rules 10–13).

The identities themselves are `spec.identities`; this module only evaluates them and words the
result. Sums never skip a blank (§3.6, trap 4) and a published total is never recomputed in place
(trap 1): the result carries the published value, the computed value and the difference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from gongkai.report.model import NUMERIC_KINDS, AnnualReport, Cell, Finding, Kind, absent
from gongkai.report.spec import SPECS, T3_RESULTS_GROUP, Identity

from ._base import (
    ERROR,
    FAIL,
    NOT_ASSESSABLE,
    PASS,
    TABLE_NAMES,
    Number,
    add,
    describe_bad,
    finding,
    show_number,
    show_value,
    table_keys,
    table_version,
)

_NUMBER = Kind.NUMBER  # enum attribute access is slow inside per-cell loops

# Which table each identity code checks, and where its "published" side is.
_TABLE_OF = {"T3-IDENTITY": "t3", "T3-ROW-TOTAL": "t3", "T3-RESULT-TOTAL": "t3", "T4-BLOCK-TOTAL": "t4"}


@dataclass(frozen=True)
class _Term:
    """One displayed term of a side: a label and the keys whose values it shows (＋-joined)."""

    label: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class _Plan:
    identity: Identity
    scope: str  # 表三「总计」列
    left: tuple[_Term, ...]
    right: tuple[_Term, ...]
    # The message as a str.format template over (operands in left+right order, left sum, right sum):
    # built once per version so a report costs one format call per identity (≥300 reports/s).
    template: str
    keys: tuple[str, ...]  # left + right
    get_left: Callable[[dict[str, object]], tuple[object, ...]]
    get_right: Callable[[dict[str, object]], tuple[object, ...]]
    get_all: Callable[[dict[str, object]], tuple[object, ...]]


def _t3_row_label(version: str, row_key: str) -> str:
    row = SPECS[version].t3_row(row_key)
    if row.group and row.group != T3_RESULTS_GROUP and row.label[0].isdigit():
        return f"{row.group}·{row.label}"
    return row.label


def _terms(version: str, code: str, keys: tuple[str, ...]) -> tuple[_Term, ...]:
    spec = SPECS[version]
    if code in ("T3-ROW-TOTAL", "T4-BLOCK-TOTAL"):
        # Operands of one row or block differ by column: name the column.
        return tuple(_Term(spec.cells[k].column_label, (k,)) for k in keys)
    if code == "T3-RESULT-TOTAL" and len(keys) > 1:
        # Twenty-odd result rows: show each group once, its members' values joined by ＋.
        terms: list[_Term] = []
        for key in keys:
            row_key = key[3:].rsplit(".", 1)[0]
            row = spec.t3_row(row_key)
            group = row.group if row.group and row.group != T3_RESULTS_GROUP else None
            if group and terms and terms[-1].label == group:
                terms[-1] = _Term(group, (*terms[-1].keys, key))
            else:
                terms.append(_Term(group or row.label, (key,)))
        return tuple(terms)
    return tuple(_Term(_t3_row_label(version, k[3:].rsplit(".", 1)[0]), (k,)) for k in keys)


def _scope(version: str, identity: Identity) -> str:
    spec = SPECS[version]
    if identity.code == "T3-ROW-TOTAL":
        return f"{TABLE_NAMES['t3']}「{_t3_row_label(version, identity.instance)}」行"
    if identity.code == "T4-BLOCK-TOTAL":
        block = next(b for b in spec.t4_blocks if b.key == identity.instance)
        name = f"{block.parent}·{block.label}" if block.parent else block.label
        return f"{TABLE_NAMES['t4']}「{name}」"
    column = next(c for c in spec.t3_columns if c.key == identity.instance)
    return f"{TABLE_NAMES['t3']}「{column.label}」列"


def _side_template(terms: tuple[_Term, ...], first: int, total_slot: int) -> tuple[str, int]:
    parts = []
    index = first
    for term in terms:
        slots = "＋".join(f"{{{i}}}" for i in range(index, index + len(term.keys)))
        index += len(term.keys)
        parts.append(f"{_escape(term.label)}（{slots}）")
    text = "＋".join(parts)
    if len(terms) > 1 or len(terms[0].keys) > 1:
        text += f"＝{{{total_slot}}}"
    return text, index


def _getter(keys: tuple[str, ...]) -> Callable[[dict[str, object]], tuple[object, ...]]:
    # itemgetter returns a bare value for one key; always hand back a tuple.
    if len(keys) == 1:
        key = keys[0]
        return lambda mapping: (mapping[key],)
    return itemgetter(*keys)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@cache
def _plans(version: str) -> tuple[_Plan, ...]:
    plans = []
    for identity in SPECS[version].identities:
        left = _terms(version, identity.code, identity.left)
        right = _terms(version, identity.code, identity.right)
        scope = _scope(version, identity)
        n = len(identity.left) + len(identity.right)
        left_text, after_left = _side_template(left, 0, n)
        right_text, _ = _side_template(right, after_left, n + 1)
        keys = (*identity.left, *identity.right)
        plans.append(_Plan(identity, scope, left, right, f"{_escape(scope)}：{left_text}，{right_text}", keys,
                           _getter(identity.left), _getter(identity.right), _getter(keys)))
    return tuple(plans)


def check_identities(report: AnnualReport) -> list[Finding]:
    out: list[Finding] = []
    for table in ("t3", "t4"):
        version = table_version(report, table)
        if version is None or not report.tables_found.get(table):
            codes = sorted({c for c, t in _TABLE_OF.items() if t == table})
            for code in codes:
                out.append(finding(code, NOT_ASSESSABLE, f"未能定位{TABLE_NAMES[table]}，无法核对"))
            continue
        # Each cell is an operand of up to three identities: read and display it once.
        cells: dict[str, Cell] = {}
        values: dict[str, Number | None] = {}
        shown: dict[str, str] = {}
        get = report.cells.get
        for key in table_keys(version, table):
            cell = get(key) or absent(key)
            cells[key] = cell
            value = cell.value
            if value.__class__ is int and cell.kind is _NUMBER:
                values[key] = value
                shown[key] = str(value)
            elif value is not None and cell.kind in NUMERIC_KINDS:
                values[key] = value
                shown[key] = show_value(cell)
            else:
                values[key] = None
                shown[key] = show_value(cell)
        for plan in _plans(version):
            if _TABLE_OF[plan.identity.code] == table:
                out.append(_evaluate(plan, version, cells, values, shown))
    return out


def _evaluate(plan: _Plan, version: str, cells: dict[str, Cell], values: dict[str, Number | None],
              shown: dict[str, str]) -> Finding:
    identity = plan.identity
    keys = plan.keys
    left_values = plan.get_left(values)
    right_values = plan.get_right(values)
    left_value = None if None in left_values else sum(left_values)
    right_value = None if None in right_values else sum(right_values)
    text = plan.template.format(*plan.get_all(shown), show_number(left_value), show_number(right_value))
    # The published side: the 总计 cell (left) for totals; for T3-IDENTITY the outflow side.
    published_is_left = identity.code != "T3-IDENTITY"
    if left_value is None or right_value is None:
        left = add([cells[k] for k in identity.left])
        right = add([cells[k] for k in identity.right])
        published, computed = (left, right) if published_is_left else (right, left)
        hint = None
        if left.blank_zero is not None and right.blank_zero is not None:
            hint = PASS if left.blank_zero == right.blank_zero else FAIL
        message = f"{text}；无法核对，非数字的项：{describe_bad((*left.bad, *right.bad), version)}"
        if hint:
            message += f"（若空白按0计则{'成立' if hint == PASS else '不成立'}，仅供参考）"
        return finding(identity.code, NOT_ASSESSABLE, message, instance=identity.instance, cells=keys,
                       expected=computed.value, actual=published.value, if_blank_zero=hint)
    published_value, computed_value = ((left_value, right_value) if published_is_left
                                       else (right_value, left_value))
    if left_value == right_value:
        return finding(identity.code, PASS, text, instance=identity.instance, cells=keys,
                       expected=computed_value, actual=published_value)
    delta = abs(published_value - computed_value)
    return finding(identity.code, FAIL, f"{text}，两者不等（相差{show_number(delta)}）", severity=ERROR,
                   instance=identity.instance, cells=keys, expected=computed_value, actual=published_value)
