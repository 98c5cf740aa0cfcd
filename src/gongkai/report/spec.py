"""The two official templates of the 政府信息公开工作年度报告, as data.

This module is the one source of truth for every table label, canonical cell key and
template identity (DOMAIN.md §2–§3). Parsers, renderers, rules and the Django apps read
labels and keys from here; nothing else re-types them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property

SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# Keywords that recognise a section heading even when an agency rewords it (§5.3).
SECTION_KEYWORDS: tuple[tuple[str, ...], ...] = (
    ("总体情况",),
    ("主动公开",),
    ("收到和处理", "申请"),
    ("行政复议", "行政诉讼"),
    ("存在的主要问题",),
    ("其他需要报告",),
)


class ValueType(StrEnum):
    COUNT = "count"  # non-negative integer
    CHANGE = "change"  # signed integer (2019 本年增/减)
    MONEY = "money"  # Decimal, unit as printed (2019 采购总金额)
    MONEY_WAN = "money_wan"  # Decimal in 万元 (2021 本年收费金额)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value_type: ValueType = ValueType.COUNT


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    # Group label the row sits under (table 三: （三）不予公开 …), or None.
    group: str | None = None
    # Short form used in narrative text (信访举报投诉 …).
    short: str | None = None


@dataclass(frozen=True)
class T2Block:
    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class T4Block:
    key: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class CellSpec:
    key: str
    table: str  # "t2" | "t3" | "t4"
    row_label: str
    column_label: str
    value_type: ValueType
    block_label: str | None = None  # t2 caption, t4 block label


@dataclass(frozen=True)
class Identity:
    """One instance of a template identity: sum(left) == sum(right)."""

    code: str
    instance: str
    left: tuple[str, ...]
    right: tuple[str, ...]


T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_ORG = "法人或其他组织"
T3_RESULTS_GROUP = "三、本年度办理结果"
T2_HEADER_FIRST = "信息内容"

T3_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
T3_ORG_COLUMNS: tuple[str, ...] = tuple(c.key for c in T3_COLUMNS[1:6])

T4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
T4_BLOCKS: tuple[T4Block, ...] = (
    T4Block("reconsideration", "行政复议"),
    T4Block("litigation_direct", "未经复议直接起诉", parent="行政诉讼"),
    T4Block("litigation_after_review", "复议后起诉", parent="行政诉讼"),
)

_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", short="新收"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", short="上年结转"),
    Row("granted", "（一）予以公开", group=T3_RESULTS_GROUP, short="予以公开"),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", group=T3_RESULTS_GROUP, short="部分公开"),
    Row("denied.state_secret", "1.属于国家秘密", group=_DENIED, short="国家秘密"),
    Row("denied.law_forbidden", "2.其他法律行政法规禁止公开", group=_DENIED, short="法律行政法规禁止公开"),
    Row("denied.security_stability", "3.危及“三安全一稳定”", group=_DENIED, short="三安全一稳定"),
    Row("denied.third_party", "4.保护第三方合法权益", group=_DENIED, short="保护第三方合法权益"),
    Row("denied.internal_affairs", "5.属于三类内部事务信息", group=_DENIED, short="内部事务信息"),
    Row("denied.process_info", "6.属于四类过程性信息", group=_DENIED, short="过程性信息"),
    Row("denied.enforcement_file", "7.属于行政执法案卷", group=_DENIED, short="行政执法案卷"),
    Row("denied.inquiry_matter", "8.属于行政查询事项", group=_DENIED, short="行政查询事项"),
    Row("unable.not_held", "1.本机关不掌握相关政府信息", group=_UNABLE, short="不掌握相关政府信息"),
    Row("unable.needs_creation", "2.没有现成信息需要另行制作", group=_UNABLE, short="需要另行制作"),
    Row("unable.still_unclear", "3.补正后申请内容仍不明确", group=_UNABLE, short="补正后申请内容仍不明确"),
    Row("not_processed.petition", "1.信访举报投诉类申请", group=_NOT_PROCESSED, short="信访举报投诉"),
    Row("not_processed.repeat", "2.重复申请", group=_NOT_PROCESSED, short="重复申请"),
    Row("not_processed.publication", "3.要求提供公开出版物", group=_NOT_PROCESSED, short="公开出版物"),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", group=_NOT_PROCESSED, short="大量反复申请"),
    Row(
        "not_processed.reconfirm",
        "5.要求行政机关确认或重新出具已获取信息",
        group=_NOT_PROCESSED,
        short="确认或重新出具已获取信息",
    ),
)
_T3_TAIL_ROWS: tuple[Row, ...] = (
    Row("total", "（七）总计", group=T3_RESULTS_GROUP),
    Row("carry_forward", "四、结转下年度继续办理", short="结转下年度"),
)
_T3_OTHER_2019: tuple[Row, ...] = (Row("other", _OTHER, group=T3_RESULTS_GROUP, short="其他处理"),)
_T3_OTHER_2021: tuple[Row, ...] = (
    Row(
        "other.no_clarification",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        group=_OTHER,
        short="逾期不补正",
    ),
    Row(
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group=_OTHER,
        short="逾期未按收费通知要求缴纳费用",
    ),
    Row("other.other", "3.其他", group=_OTHER),
)

# Row keys of each result group (derived quantities and narrative rules use them).
T3_GROUPS: dict[str, str] = {
    "denied": _DENIED,
    "unable": _UNABLE,
    "not_processed": _NOT_PROCESSED,
    "other": _OTHER,
}


@dataclass(frozen=True)
class TemplateSpec:
    version: str  # "2019" | "2021"
    name: str
    instrument: str
    t2_blocks: tuple[T2Block, ...]
    t3_rows: tuple[Row, ...]
    t3_columns: tuple[Column, ...] = T3_COLUMNS
    t4_blocks: tuple[T4Block, ...] = T4_BLOCKS
    t4_columns: tuple[Column, ...] = T4_COLUMNS
    sections: tuple[str, ...] = SECTION_TITLES
    # Group labels that carry no numbers in table 三 (in template order).
    t3_group_labels: tuple[str, ...] = field(default=())

    @cached_property
    def cells(self) -> dict[str, CellSpec]:
        """Every canonical cell of this version, in template order (t2, t3, t4)."""
        out: dict[str, CellSpec] = {}
        for block in self.t2_blocks:
            for row in block.rows:
                for col in block.columns:
                    key = f"t2.{block.key}.{row.key}.{col.key}"
                    out[key] = CellSpec(key, "t2", row.label, col.label, col.value_type, block.caption)
        for row in self.t3_rows:
            for col in self.t3_columns:
                key = f"t3.{row.key}.{col.key}"
                out[key] = CellSpec(key, "t3", row.label, col.label, col.value_type, row.group)
        for t4_block in self.t4_blocks:
            for col in self.t4_columns:
                key = f"t4.{t4_block.key}.{col.key}"
                out[key] = CellSpec(key, "t4", t4_block.label, col.label, col.value_type, t4_block.parent)
        return out

    def keys(self, table: str | None = None) -> list[str]:
        return list(self._keys_by_table.get(table, ()))

    @cached_property
    def _keys_by_table(self) -> dict[str | None, tuple[str, ...]]:
        out: dict[str | None, tuple[str, ...]] = {None: tuple(self.cells)}
        for table in ("t2", "t3", "t4"):
            out[table] = tuple(k for k, c in self.cells.items() if c.table == table)
        return out

    def t3_row(self, key: str) -> Row:
        return self._t3_rows_by_key[key]

    @cached_property
    def _t3_rows_by_key(self) -> dict[str, Row]:
        return {r.key: r for r in self.t3_rows}

    def group_rows(self, group: str) -> tuple[str, ...]:
        """Row keys of a result group: 'denied', 'unable', 'not_processed', 'other'."""
        if group == "other" and self.version == "2019":
            return ("other",)
        return tuple(r.key for r in self.t3_rows if r.key.startswith(group + "."))

    @cached_property
    def result_rows(self) -> tuple[str, ...]:
        """The rows whose sum is （七）总计 (T3-RESULT-TOTAL)."""
        return tuple(r.key for r in self.t3_rows if r.group is not None and r.key != "total")

    @cached_property
    def identities(self) -> tuple[Identity, ...]:
        """The template's arithmetic (DOMAIN.md §4.2 rules 10–13), as sums of canonical keys."""
        out: list[Identity] = []
        for col in self.t3_columns:
            c = col.key
            out.append(
                Identity(
                    "T3-IDENTITY",
                    c,
                    (f"t3.new_received.{c}", f"t3.carried_over.{c}"),
                    (f"t3.total.{c}", f"t3.carry_forward.{c}"),
                )
            )
        for row in self.t3_rows:
            parts = tuple(f"t3.{row.key}.{c.key}" for c in self.t3_columns[:-1])
            out.append(Identity("T3-ROW-TOTAL", row.key, (f"t3.{row.key}.total",), parts))
        for col in self.t3_columns:
            c = col.key
            parts = tuple(f"t3.{r}.{c}" for r in self.result_rows)
            out.append(Identity("T3-RESULT-TOTAL", c, (f"t3.total.{c}",), parts))
        for block in self.t4_blocks:
            b = block.key
            parts = tuple(f"t4.{b}.{c.key}" for c in self.t4_columns[:-1])
            out.append(Identity("T4-BLOCK-TOTAL", b, (f"t4.{b}.total",), parts))
        return tuple(out)


_C = ValueType.COUNT

SPEC_2019 = TemplateSpec(
    version="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    instrument="国办公开办函〔2019〕60号",
    t2_blocks=(
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
             Column("total_public", "对外公开总数量")),
            (Row("regulations", "规章"), Row("normative", "规范性文件")),
        ),
        T2Block(
            "art20_5",
            "第二十条第（五）项",
            (Column("prev_items", "上一年项目数量"), Column("change", "本年增/减", ValueType.CHANGE),
             Column("decisions", "处理决定数量")),
            (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        ),
        T2Block(
            "art20_6",
            "第二十条第（六）项",
            (Column("prev_items", "上一年项目数量"), Column("change", "本年增/减", ValueType.CHANGE),
             Column("decisions", "处理决定数量")),
            (Row("punishment", "行政处罚"), Row("coercion", "行政强制")),
        ),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (Column("prev_items", "上一年项目数量"), Column("change", "本年增/减", ValueType.CHANGE)),
            (Row("fees", "行政事业性收费"),),
        ),
        T2Block(
            "art20_9",
            "第二十条第（九）项",
            (Column("items", "采购项目数量"), Column("amount", "采购总金额", ValueType.MONEY)),
            (Row("procurement", "政府集中采购"),),
        ),
    ),
    t3_rows=_T3_HEAD_ROWS + _T3_OTHER_2019 + _T3_TAIL_ROWS,
    t3_group_labels=(T3_RESULTS_GROUP, _DENIED, _UNABLE, _NOT_PROCESSED),
)

SPEC_2021 = TemplateSpec(
    version="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    instrument="国办公开办函〔2021〕30号",
    t2_blocks=(
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"),
             Column("in_force", "现行有效件数")),
            (Row("regulations", "规章"), Row("normative", "行政规范性文件")),
        ),
        T2Block("art20_5", "第二十条第（五）项", (Column("decisions", "本年处理决定数量"),),
                (Row("licensing", "行政许可"),)),
        T2Block("art20_6", "第二十条第（六）项", (Column("decisions", "本年处理决定数量"),),
                (Row("punishment", "行政处罚"), Row("coercion", "行政强制"))),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (Column("amount_wan_yuan", "本年收费金额（单位：万元）", ValueType.MONEY_WAN),),
            (Row("fees", "行政事业性收费"),),
        ),
    ),
    t3_rows=_T3_HEAD_ROWS + _T3_OTHER_2021 + _T3_TAIL_ROWS,
    t3_group_labels=(T3_RESULTS_GROUP, _DENIED, _UNABLE, _NOT_PROCESSED, _OTHER),
)

SPECS: dict[str, TemplateSpec] = {"2019": SPEC_2019, "2021": SPEC_2021}
VERSIONS: tuple[str, ...] = tuple(SPECS)


def expected_version(year: int | None) -> str | None:
    """Template expected for a report year (§2.1): ≤2018 none, 2019–2020 → 2019, ≥2021 → 2021."""
    if year is None or year <= 2018:
        return None
    return "2019" if year <= 2020 else "2021"


# Every key of either version; for a key both share, the 2021 spec (labels there are the current ones).
_ALL_CELLS: dict[str, CellSpec] = {**SPEC_2019.cells, **SPEC_2021.cells}


# The value type of every key, looked up once per cell read (a parser reads thousands a second).
VALUE_TYPES: dict[str, ValueType] = {key: c.value_type for key, c in _ALL_CELLS.items()}


def cell_spec(key: str) -> CellSpec:
    """The spec of a key in whichever version defines it (2021 first for shared keys)."""
    return _ALL_CELLS[key]


@cache
def describe_cell(key: str, version: str | None = None) -> str:
    """Human description of a cell for messages: 表三「（七）总计」行「总计」列, in the labels of `version`.

    Without a version the 2021 labels are used for shared keys; a 2019 report must be quoted with its
    own headings (`处理决定数量`, not `本年处理决定数量`), so the version is passed when known.
    """
    c = SPECS[version].cells.get(key) if version in SPECS else None
    if c is None:
        if key not in _ALL_CELLS:
            return key
        c = cell_spec(key)
    if c.table == "t2":
        return f"表二{c.block_label}「{c.row_label}」行「{c.column_label}」列"
    if c.table == "t4":
        block = f"{c.block_label}·{c.row_label}" if c.block_label else c.row_label
        return f"表四「{block}」「{c.column_label}」"
    group = f"「{c.block_label}」·" if c.block_label and c.row_label[0].isdigit() else ""
    return f"表三{group}「{c.row_label}」行「{c.column_label}」列"
