"""The template's arithmetic inside one report (DOMAIN.md §4.2 rules 10–13).

The identities themselves are `spec.identities`; this module only evaluates them and words the
result. Sums never skip a blank (§3.6, trap 4) and a published total is never recomputed in place
(trap 1): the result carries the published value, the computed value and the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from gongkai.report.model import NUMERIC_KINDS, AnnualReport, Cell, Finding, Kind, absent
from gongkai.report.spec import SPECS, T3_RESULTS_GROUP, Identity

from ._base import (
    ERROR,
    FAIL,
    NOT_ASSESSABLE,
    PASS,
    TABLE_NAMES,
    Located,
    Number,
    add,
    describe_bad,
    finding,
    located_tables,
    show_number,
    show_value,
    table_keys,
)

# Which table each identity code checks, and where its "published" side is.
_TABLE_OF = {"T3-IDENTITY": "t3", "T3-ROW-TOTAL": "t3", "T3-RESULT-TOTAL": "t3", "T4-BLOCK-TOTAL": "t4"}


@dataclass(frozen=True)
class _Term:
    """One displayed term of a side: a label and the keys whose values it shows (＋-joined)."""

    label: str
    keys: tuple[str, ...]


class _Plan(NamedTuple):  # a tuple: unpacked in the loop that checks a table of counts
    code: str
    instance: str
    # The message as a str.format template over (what each cell of the table shows, in the order of
    # `table_keys`; left sum; right sum): built once per version, so a report costs one format call
    # per identity, and none for a pass nobody reads (Finding formats it on demand).
    template: str
    keys: tuple[str, ...]  # left + right
    published_is_left: bool  # the 总计 cell (left) for totals; for T3-IDENTITY the outflow side
    # Where each side's operands sit among the table's values (`table_keys` order), which are read
    # once per table: each cell is an operand of up to three identities.
    left: slice
    right: slice


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


def _side_template(terms: tuple[_Term, ...], position: dict[str, int], total_slot: int) -> str:
    parts = []
    for term in terms:
        slots = "＋".join(f"{{0[{position[key]}]}}" for key in term.keys)
        parts.append(f"{_escape(term.label)}（{slots}）")
    text = "＋".join(parts)
    if len(terms) > 1 or len(terms[0].keys) > 1:
        text += f"＝{{{total_slot}}}"
    return text


def _operands(positions: tuple[int, ...]) -> slice:
    """The positions of one side as a slice: slicing costs a fraction of a getter call per identity.

    Every side of every template identity is evenly spaced in key order (part of a row, part of a
    column, or the same column of two rows), which this checks when the plans are built.
    """
    step = positions[1] - positions[0] if len(positions) > 1 else 1
    operands = slice(positions[0], positions[-1] + 1, step)
    if step <= 0 or tuple(range(operands.start, operands.stop, step)) != positions:
        raise ValueError(f"identity operands are not evenly spaced: {positions}")
    return operands


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@cache
def _plans(version: str, table: str) -> tuple[_Plan, ...]:
    keys = table_keys(version, table)
    position = {key: i for i, key in enumerate(keys)}
    plans = []
    for identity in SPECS[version].identities:
        if _TABLE_OF[identity.code] != table:
            continue
        left = _terms(version, identity.code, identity.left)
        right = _terms(version, identity.code, identity.right)
        scope = _scope(version, identity)
        template = (f"{_escape(scope)}：{_side_template(left, position, 1)}，"
                    f"{_side_template(right, position, 2)}")
        plans.append(_Plan(identity.code, identity.instance, template,
                           (*identity.left, *identity.right), identity.code != "T3-IDENTITY",
                           _operands(tuple(position[k] for k in identity.left)),
                           _operands(tuple(position[k] for k in identity.right))))
    return tuple(plans)


@cache
def _unlocated(table: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, f"未能定位{TABLE_NAMES[table]}，无法核对")
                 for code in sorted({c for c, t in _TABLE_OF.items() if t == table}))


def check_identities(report: AnnualReport, tables: dict[str, Located] | None = None) -> list[Finding]:
    """tables: `located_tables(report)`, when the caller has read them already."""
    if tables is None:
        tables = located_tables(report)
    out: list[Finding] = []
    for table in ("t3", "t4"):
        found = tables.get(table)
        if found is None:
            out += [Finding(code, NOT_ASSESSABLE, None, message) for code, message in _unlocated(table)]
            continue
        version = found.version
        plans = _plans(version, table)
        if found.counts is not None:
            out += _evaluate_counts(plans, found.counts)
            continue
        cells = [report.cells.get(key) or absent(key) for key in found.keys]
        values = [cell.value if cell.kind in NUMERIC_KINDS else None for cell in cells]
        shown = [show_value(cell) for cell in cells]
        out += [_evaluate(plan, version, cells, values, shown) for plan in plans]
    return out


def _evaluate_counts(plans: tuple[_Plan, ...], values: tuple[int, ...]) -> list[Finding]:
    """`_evaluate` for a table of plain counts: each operand shows as str(value), which format() gives."""
    out: list[Finding] = []
    append = out.append
    for code, instance, template, keys, published_is_left, left_operands, right_operands in plans:
        left = sum(values[left_operands])
        right = sum(values[right_operands])
        if left == right:  # then published and computed are the same number
            append(Finding(code, PASS, None, (template, values, left, right), instance, keys, left, left))
            continue
        published, computed = (left, right) if published_is_left else (right, left)
        text = template.format(values, left, right)
        append(Finding(code, FAIL, ERROR, f"{text}，两者不等（相差{abs(published - computed)}）", instance, keys,
                       computed, published))
    return out


def _total(values: list[Number | None]) -> Number | None:
    """The sum, or None when an operand is not a number."""
    total: Number = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _evaluate(plan: _Plan, version: str, cells: list[Cell], values: list[Number | None],
              shown: list[str]) -> Finding:
    left_values = values[plan.left]
    right_values = values[plan.right]
    left_value = _total(left_values)
    right_value = _total(right_values)
    text = plan.template.format(shown, show_number(left_value), show_number(right_value))
    if left_value is None or right_value is None:
        left = add(cells[plan.left])
        right = add(cells[plan.right])
        published, computed = (left, right) if plan.published_is_left else (right, left)
        hint = None
        if left.blank_zero is not None and right.blank_zero is not None:
            hint = PASS if left.blank_zero == right.blank_zero else FAIL
        bad = (*left.bad, *right.bad)
        # A hint means every operand in the way is blank; all of them in the way is a table left empty.
        all_blank = hint is not None and len(bad) == len(cells[plan.left]) + len(cells[plan.right])
        if all_blank:
            # A table left empty (a blank template): the text already shows every operand, and that
            # 0 = 0 would hold tells nobody anything.
            message = f"{text}；无法核对：各项均为空白"
        elif len(bad) == len(cells[plan.left]) + len(cells[plan.right]) and all(c.kind is Kind.ABSENT for c in bad):
            # A row the reader could not place (its STRUCT-LABELS finding says why): the text shows
            # every operand missing, and naming each again says nothing more.
            message = f"{text}；无法核对：各项均缺失（见 STRUCT-LABELS）"
        else:
            message = f"{text}；无法核对，非数字的项：{describe_bad(bad, version)}"
        if hint and not all_blank:
            message += f"（若空白按0计则{'成立' if hint == PASS else '不成立'}，仅供参考）"
        return finding(plan.code, NOT_ASSESSABLE, message, instance=plan.instance, cells=plan.keys,
                       expected=computed.value, actual=published.value, if_blank_zero=hint)
    published_value, computed_value = ((left_value, right_value) if plan.published_is_left
                                       else (right_value, left_value))
    if left_value == right_value:
        return finding(plan.code, PASS, text, instance=plan.instance, cells=plan.keys,
                       expected=computed_value, actual=published_value)
    difference = published_value - computed_value
    delta = difference if difference >= 0 else -difference
    return finding(plan.code, FAIL, f"{text}，两者不等（相差{show_number(delta)}）", severity=ERROR,
                   instance=plan.instance, cells=plan.keys, expected=computed_value, actual=published_value)
