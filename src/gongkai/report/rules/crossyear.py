"""Rules that compare a report with the same agency's report of the previous year.

DOMAIN.md §4.2 rules 14–16 (XY-*) and 32–33 (YOY-*). Without the previous report, or with one of
another year or of another agency, every rule here is `not_assessable` (a reorganised agency
legitimately breaks these checks, hence warnings on import).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from gongkai.report.chars import is_subsequence
from gongkai.report.model import NUMERIC_KINDS, AnnualReport, Cell, Finding
from gongkai.report.spec import SECTION_TITLES, SPECS, ValueType

from ._base import (
    ERROR,
    FAIL,
    INFO,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    PASS,
    WARNING,
    add,
    describe_bad,
    finding,
    show_number,
    show_value,
    table_keys,
    table_version,
)

# Default share of repeated narrative above which YOY-REPETITION warns; regions configure their own.
REPETITION_THRESHOLD = 0.50
MIN_SENTENCE = 8


def _previous_problem(report: AnnualReport, previous: AnnualReport | None) -> str | None:
    """Why `previous` cannot serve as last year's report, or None if it can."""
    if previous is None:
        return "缺少上一年度报告"
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return f"提供的对比报告为{previous.year}年度，不是{report.year - 1}年度"
    # The rules hold for the same agency (§4.2 rules 14, 32), whose name is printed longer or shorter
    # from year to year and even within a report ("湘潭高新技术产业开发区" / "湘潭国家高新技术产业开发区",
    # "洪泽区人民政府" / "淮安市洪泽区人民政府", 管委会 / 管理委员会): only names that cannot be one
    # another's shortening (the shorter's characters, in order, within the longer) are other agencies.
    now, before = _agency_name(report.agency), _agency_name(previous.agency)
    if now and before and not is_subsequence(*sorted((now, before), key=len)):
        return f"提供的对比报告是「{previous.agency}」的，不是本报告「{report.agency}」的"
    return None


def _agency_name(agency: str | None) -> str:
    return unicodedata.normalize("NFKC", "".join((agency or "").split()))



# --- XY-CARRYOVER ------------------------------------------------------------------------------


def check_carryover(report: AnnualReport, previous: AnnualReport | None, generated: bool) -> list[Finding]:
    code = "XY-CARRYOVER"
    problem = _previous_problem(report, previous)
    if problem or previous is None:
        return [finding(code, NOT_ASSESSABLE, f"{problem}，无法核对本年「上年结转」与上年「结转下年度」")]
    version = table_version(report, "t3")
    prev_version = table_version(previous, "t3")
    if (version is None or prev_version is None or not report.tables_found.get("t3")
            or not previous.tables_found.get("t3")):
        return [finding(code, NOT_ASSESSABLE, "本年或上年报告未能定位表三，无法核对结转")]
    spec = SPECS[version]
    severity = ERROR if generated else WARNING
    out: list[Finding] = []
    for column in spec.t3_columns:
        now_key = f"t3.carried_over.{column.key}"
        then_key = f"t3.carry_forward.{column.key}"
        now = report.cell(now_key)
        then = previous.cell(then_key)
        now_label = spec.t3_row("carried_over").label
        then_label = SPECS[prev_version].t3_row("carry_forward").label
        text = (f"表三「{column.label}」列：本年「{now_label}」（{show_value(now)}），"
                f"上年报告「{then_label}」（{show_value(then)}）")
        hint = _blank_hint(now, (then,))
        if not (now.is_numeric and then.is_numeric):
            bad = [c for c in (now,) if not c.is_numeric]
            bad_prev = [c for c in (then,) if not c.is_numeric]
            parts = []
            if bad:
                parts.append("本年" + describe_bad(bad, version))
            if bad_prev:
                parts.append("上年" + describe_bad(bad_prev, prev_version))
            out.append(finding(code, NOT_ASSESSABLE, f"{text}；无法核对：{'；'.join(parts)}",
                               instance=column.key, cells=(now_key, then_key), expected=then.value,
                               actual=now.value, if_blank_zero=hint))
        elif now.value == then.value:
            out.append(finding(code, PASS, text + "，一致", instance=column.key, cells=(now_key, then_key),
                               expected=then.value, actual=now.value))
        else:
            out.append(finding(code, FAIL, text + "，不一致", severity=severity, instance=column.key,
                               cells=(now_key, then_key), expected=then.value, actual=now.value))
    return out


def _blank_hint(result: Cell, plus: tuple[Cell, ...], minus: tuple[Cell, ...] = ()) -> str | None:
    """§4.1's hint where only blanks block `result == Σ plus − Σ minus`: would it hold with blanks as 0?"""
    sides = add((result,)), add(plus), add(minus)
    if not any(side.bad for side in sides):
        return None
    now, added, taken = (side.blank_zero for side in sides)
    if now is None or added is None or taken is None:
        return None  # something other than a blank blocks it
    return PASS if now == added - taken else FAIL


# --- XY-STOCK-FLOW -----------------------------------------------------------------------------


def check_stock_flow(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    code = "XY-STOCK-FLOW"
    if table_version(report, "t2") != "2021":
        # 2019 对外公开总数量 is cumulative publication, not 现行有效 (trap 5): the chain starts in 2021.
        return [finding(code, NOT_APPLICABLE, "本年表二不是2021版格式，不核对现行有效件数")]
    problem = _previous_problem(report, previous)
    if problem or previous is None:
        return [finding(code, NOT_ASSESSABLE, f"{problem}，无法核对现行有效件数")]
    if table_version(previous, "t2") != "2021":
        return [finding(code, NOT_APPLICABLE, "上年表二不是2021版格式，“对外公开总数量”不能代替“现行有效件数”")]
    spec = SPECS["2021"]
    block = next(b for b in spec.t2_blocks if b.key == "art20_1")
    labels = {c.key: c.label for c in block.columns}
    out: list[Finding] = []
    for row in block.rows:
        base = f"t2.art20_1.{row.key}."
        now, before = report.cell(base + "in_force"), previous.cell(base + "in_force")
        issued, repealed = report.cell(base + "issued"), report.cell(base + "repealed")
        keys = (base + "in_force", base + "issued", base + "repealed")
        text = (f"表二{block.caption}「{row.label}」：本年「{labels['in_force']}」（{show_value(now)}），"
                f"上年「{labels['in_force']}」（{show_value(before)}）＋本年「{labels['issued']}」"
                f"（{show_value(issued)}）－本年「{labels['repealed']}」（{show_value(repealed)}）")
        cells = (now, before, issued, repealed)
        if (not all(c.is_numeric for c in cells)
                or before.value is None or issued.value is None or repealed.value is None):
            out.append(finding(code, NOT_ASSESSABLE, text + "；含非数字项，无法核对", instance=row.key,
                               cells=keys, actual=now.value,
                               if_blank_zero=_blank_hint(now, (before, issued), (repealed,))))
            continue
        expected = before.value + issued.value - repealed.value
        if expected == now.value:
            out.append(finding(code, PASS, f"{text}＝{show_number(expected)}，一致", instance=row.key,
                               cells=keys, expected=expected, actual=now.value))
        else:
            out.append(finding(code, FAIL, f"{text}＝{show_number(expected)}，不一致（修订计入制发、机构调整等"
                               "可能导致合理差异）", severity=WARNING, instance=row.key, cells=keys,
                               expected=expected, actual=now.value))
    return out


# --- XY-ITEMS-2019 -----------------------------------------------------------------------------


@cache
def _item_rows() -> tuple[tuple[str, str, str, str, str], ...]:
    """(block, row, caption, row label, prev_items label) for 2019 rows with 上一年项目数量 and 本年增/减."""
    out = []
    for block in SPECS["2019"].t2_blocks:
        columns = {c.key: c for c in block.columns}
        if "prev_items" in columns and columns.get("change") and \
                columns["change"].value_type is ValueType.CHANGE:
            for row in block.rows:
                out.append((block.key, row.key, block.caption, row.label, columns["prev_items"].label))
    return tuple(out)


def check_items_2019(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    code = "XY-ITEMS-2019"
    if report.year != 2020 or table_version(report, "t2") != "2019":
        return [finding(code, NOT_APPLICABLE, "仅适用于2020年度（2019版格式）与2019年度报告的对比")]
    problem = _previous_problem(report, previous)
    if problem or previous is None:
        return [finding(code, NOT_ASSESSABLE, f"{problem}，无法核对“上一年项目数量”")]
    if table_version(previous, "t2") != "2019":
        return [finding(code, NOT_APPLICABLE, "上年表二不是2019版格式")]
    out: list[Finding] = []
    for block, row, caption, row_label, prev_label in _item_rows():
        base = f"t2.{block}.{row}."
        now = report.cell(base + "prev_items")
        before, change = previous.cell(base + "prev_items"), previous.cell(base + "change")
        keys = (base + "prev_items", base + "change")
        text = (f"表二{caption}「{row_label}」：本年「{prev_label}」（{show_value(now)}），上年报告"
                f"「{prev_label}」（{show_value(before)}）＋「本年增/减」（{show_value(change)}）")
        total = add([before, change])
        if not now.is_numeric or total.value is None:
            out.append(finding(code, NOT_ASSESSABLE, text + "；含非数字项，无法核对", instance=f"{block}.{row}",
                               cells=keys, actual=now.value,
                               if_blank_zero=_blank_hint(now, (before, change))))
        elif total.value == now.value:
            out.append(finding(code, PASS, f"{text}＝{show_number(total.value)}，一致", instance=f"{block}.{row}",
                               cells=keys, expected=total.value, actual=now.value))
        else:
            out.append(finding(code, FAIL, f"{text}＝{show_number(total.value)}，不一致（启发式核对）",
                               severity=INFO, instance=f"{block}.{row}", cells=keys, expected=total.value,
                               actual=now.value))
    return out


# --- YOY-TABLES-IDENTICAL ----------------------------------------------------------------------


def _same(a: Cell, b: Cell) -> bool:
    if a.kind in NUMERIC_KINDS and b.kind in NUMERIC_KINDS:
        return a.value == b.value
    return a.kind == b.kind and _fold(a.raw) == _fold(b.raw)


def check_tables_identical(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    code = "YOY-TABLES-IDENTICAL"
    problem = _previous_problem(report, previous)
    if problem or previous is None:
        return [finding(code, NOT_ASSESSABLE, f"{problem}，无法比较表三、表四")]
    keys: list[str] = []
    for table in ("t3", "t4"):
        version = table_version(report, table)
        if version is None or not report.tables_found.get(table) or not previous.tables_found.get(table):
            return [finding(code, NOT_ASSESSABLE, "本年或上年报告未能定位表三或表四")]
        keys.extend(table_keys(version, table))
    nonzero = False
    for key in keys:
        now = report.cell(key)
        if not _same(now, previous.cell(key)):
            return [finding(code, PASS, "表三、表四与上年报告不完全相同")]
        nonzero = nonzero or (now.is_numeric and bool(now.value))
    if not nonzero:
        return [finding(code, PASS, "表三、表四与上年相同，但全部为0")]
    return [finding(code, FAIL, "表三、表四的全部数字与上年报告完全相同（可能沿用了上年数据）", severity=INFO,
                    cells=tuple(keys))]


# --- YOY-REPETITION ----------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
# Quotes fold to one character and dashes to one (§4.2 rule 32 step 2); a regex substitution
# costs nothing when, as usual, there is nothing to replace.
_QUOTE = re.compile("[“”„‟「」『』〝〞'‘’]")
_DASH = re.compile("[－—–−‐‑―]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _fold(text: str) -> str:
    text = _WS.sub("", unicodedata.normalize("NFKC", text))
    return _DASH.sub("-", _QUOTE.sub('"', text))


def _sentences(text: str, mask_numbers: bool) -> list[str]:
    # Normalise once per text, split afterwards (NFKC keeps line breaks and 。).
    text = _DASH.sub("-", _QUOTE.sub('"', unicodedata.normalize("NFKC", text)))
    out = []
    for piece in _SENTENCE_END.split(text):
        folded = _WS.sub("", piece)
        if mask_numbers:
            folded = _DIGITS.sub("#", folded)
        if len(folded) >= MIN_SENTENCE:
            out.append(folded)
    return out


@dataclass(frozen=True)
class Repetition:
    ratio: float
    per_section: dict[int, float]  # 0 = text before section 一
    repeated: tuple[tuple[int, str], ...]  # (section, sentence)
    total_chars: int


def repetition(report: AnnualReport, previous: AnnualReport, *, mask_numbers: bool = False) -> Repetition:
    """Share of this year's narrative sentences found verbatim (after folding) in last year's."""
    before = "\u0000".join(_sentences(previous.narrative(), mask_numbers))
    parts: list[tuple[int, str]] = [(0, report.preamble)] + [(s.number, s.text) for s in report.sections]
    repeated: list[tuple[int, str]] = []
    total = hit = 0
    per: dict[int, list[int]] = {}
    for number, text in parts:
        for sentence in _sentences(text, mask_numbers):
            size = len(sentence)
            total += size
            counts = per.setdefault(number, [0, 0])
            counts[1] += size
            if sentence in before:
                hit += size
                counts[0] += size
                repeated.append((number, sentence))
    return Repetition(hit / total if total else 0.0,
                      {n: (h / t if t else 0.0) for n, (h, t) in per.items()}, tuple(repeated), total)


def check_repetition(report: AnnualReport, previous: AnnualReport | None, *,
                     threshold: float = REPETITION_THRESHOLD, mask_numbers: bool = False) -> list[Finding]:
    code = "YOY-REPETITION"
    problem = _previous_problem(report, previous)
    if problem or previous is None:
        return [finding(code, NOT_ASSESSABLE, f"{problem}，无法计算文字重复率")]
    result = repetition(report, previous, mask_numbers=mask_numbers)
    if result.total_chars == 0:
        return [finding(code, NOT_ASSESSABLE, "本年报告没有可比较的正文文字")]
    names = {0: "导语", **{n: title for n, title in enumerate(SECTION_TITLES, start=1)}}
    per = "，".join(f"{names.get(n, n)}{ratio:.1%}" for n, ratio in sorted(result.per_section.items()))
    text = f"正文与上年报告重复的比例为{result.ratio:.1%}（阈值{threshold:.0%}；分部分：{per}）"
    if result.repeated:
        sample = "；".join(f"[{names.get(n, n)}]{s[:40]}" for n, s in result.repeated[:3])
        text += f"；重复句例：{sample}"
    if result.ratio > threshold:
        return [finding(code, FAIL, text, severity=WARNING, expected=threshold, actual=round(result.ratio, 4))]
    return [finding(code, PASS, text, expected=threshold, actual=round(result.ratio, 4))]


__all__ = [
    "REPETITION_THRESHOLD",
    "Repetition",
    "check_carryover",
    "check_items_2019",
    "check_repetition",
    "check_stock_flow",
    "check_tables_identical",
    "repetition",
]
