"""Narrative ↔ table rules (DOMAIN.md §4.2 rules 17–30).

The narrative is scanned once per report. Every Arabic count (`95件`, full-width digits included) is
attributed to the phrase in front of it: the text between the previous count (or the start of the
clause) and the number. A phrase class matches in that segment, and the class nearest to the number
wins inside one rule, while different rules may all match (`受理办结…95件` feeds TXT-NEW-RECEIVED and
TXT-TOTAL).

Topic tracking keeps counts about other business out: a segment that names 行政复议/行政诉讼 is about
reviews, one that names 申请/政府信息 is about applications, one that names other counted things
(事项, 来信, 热线 …) is about something else, and a segment naming none inherits the topic of the
previous segment of the same sentence (`…申请95件，其中予以公开6件`). Application counts
(新收/受理/办结) need the application topic; outcome names are specific enough without it.

Time tracking keeps counts about other years out the same way: a segment whose nearest time word
names last year, an earlier year or a span of years (去年收到10件, 历年累计受理500件) is not compared
with this year's tables, and the parts after 其中 (其中网上收到30件) are not taken for the whole.

A list with 分别 (行政复议和行政诉讼分别为2件、1件) pairs its names with its counts in order, and each
pair is read like a single mention; a list whose names and counts do not pair one to one is not read.
Percentages after 分别 pair with the outcomes the same way (rule 23).

A sentence's topic may also come from a clause that only names it, for the clauses after it up to the
sentence's end (依申请公开方面，严格落实要求，全年办结39件; 行政复议方面，全年共发生2件) unless one names another
topic, from the clause before a ； (收到申请40件；办结39件), from a row of table 三 it counts (上年结转2件，本年新收40件),
from a short numbered subheading on its own line (（二）依申请公开情况) for the lines up to the next subheading, or
from section 三, which is about applications; a count whose sentence gives no topic is not read. A line break
between a count and its unit (a PDF line ending in 行政复议 351, the next starting with 件) is no sentence end. A sum that names nothing (合计3件) is the sum of the
counts just named when the catalogue has that sum (新收＋上年结转, 复议＋诉讼, outcomes); else not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import NamedTuple

from gongkai.report.model import AnnualReport, Finding, number
from gongkai.report.spec import SPECS, T3_GROUPS

from ._base import (
    ERROR,
    FAIL,
    INFO,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    PASS,
    WARNING,
    Number,
    add,
    describe_bad,
    finding,
    show_number,
    table_version,
)

# --- text preparation --------------------------------------------------------------------------

# Length-preserving folds of digits and signs, so offsets in the folded text cut the same snippet
# from the original. Punctuation is not folded: the patterns accept both widths (`[,，]`), which keeps
# the common case (no full-width digit) free of any copying.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": ".",
                       "\u3000": " ", "\u00a0": " "})
_WIDE = re.compile("[０-９％．\u3000\u00a0]")


# The same section texts are folded by several rules in one check (scan, period, years, 五, 六): a few
# entries keep the current report's texts, so each is searched once.
@lru_cache(maxsize=32)
def fold(text: str) -> str:
    return text.translate(_FOLD) if _WIDE.search(text) else text


_SENTENCE = re.compile(r"[^。!?;！？；\n]+")
# A PDF breaks its lines inside a paragraph, also between a count and its unit or measure word
# (行政复议 351\n件): such a break is no sentence end. Only a single break right after a digit and right
# before one of these words is closed; a blank line (a new paragraph) or any other line start is kept. `\d`
# matches full-width digits too, so the same substitution serves the folded and the printed text.
_BROKEN_UNIT = re.compile(r"(\d)[^\S\n]*\n[^\S\n]*(?=[件个次起宗项条余%％])")


def _closed_break(match: re.Match[str]) -> str:
    return match.group(1).ljust(len(match.group(0)))  # length-preserving: offsets still cut `printed`


# A pattern that opens with a character class lets the regex engine skip straight to candidate
# characters; a leading look-behind prevents that, and made _COUNT the scan's costliest search. So the
# patterns that start at a number (_COUNT, _PERIOD, _YEAR_ACTION) open with a bare \d and test the
# character before it afterwards: `\d(?<![\d.,]\d)` is `(?<![\d.,])\d`, and
# `\d(?:\d{0,2}(?:,\d{3})+|\d*)` is `\d{1,3}(?:,\d{3})+|\d+` (tried in the same order).
_COUNT = re.compile(r"(\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*))\s*(件|起|宗)")
# 每一件申请 (认真办理每一件申请) is no count: the sentence's Arabic counts are still read.
_ZH_COUNT = re.compile(r"[零〇一二两三四五六七八九十百千]+(?<!每一)\s*(?:件|起|宗)(?!事)")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*%")
# Words that make the count after them approximate (达到近 ends in 近); only whitespace may follow them.
_APPROX_BEFORE = ("约", "近", "超过", "逾")
_APPROX_AFTER = ("余", "多", "以上", "左右")  # only whitespace may come between the count and these
_COMPARE = re.compile(r"较|同比|比上年|环比|增加|减少|增长|下降|上升|增幅|降幅")
# The time a count is about is told by the time word nearest before it in its clause (one match: the
# greedy `.*` finds the last): 去年/上年/往年 or a year before Y put it in another year (去年收到10件,
# 与上年收到的10件相比), 历年/以来/至今 make it a total over years (条例施行以来累计受理500件), and
# 今年/本年 or YYYY年 ≥ Y bring it back (上年同期收到35件，本年收到40件 has two clauses anyway; 与去年相比
# 今年收到40件 has one). 上年结转 is this year's row 二, and 今年以来/年初以来 are this year.
# Every alternative opens with a literal or a class (look-behinds come after it), which the engine
# tests before trying the rest: the backtracking of `.*` stays cheap.
_TIME_MARK = re.compile(
    r".*(\d(?<![\d.]\d)\d{3}\s*年|[今本]年|[去前往]年(?!度?(?:末|底)?结转)|上一?年(?!度?(?:末|底)?结转)|历年"
    r"|近[一二两三四五六七八九十\d]*年|至(?<!截至)今|迄今|以(?<![年初月]以)(?<!年度以)来|年(?<![今本全]年)来(?![信电函访]))"
)
_TIME_CUE = re.compile(r"[去上前往历近至迄来\d]")  # a character of every other-time word
# After 其中 the counts are parts of the one before (其中网上收到30件，信函收到10件), until a clause
# names a whole again; only the rows of table 三 (新收, 上年结转, outcomes) are checked among them, and
# 办结 only under 受理 (受理42件，其中办结39件): under 收到/新收 it counts this year's applications
# concluded (收到40件，其中已办结37件), while （七）总计 also counts those carried over from last year.
_WHOLE = re.compile(r"共|全年|总|合计|本年|今年")
# 累计 after one of these earlier in the sentence is a total over years (截至2022年底，累计受理申请500件),
# unless its own clause names this year (截至12月31日，全年累计受理40件).
_SPAN_BEFORE = re.compile(r"截[至止]|以来|至今|迄今|历年|年[至到]")
_THIS_YEAR_CLAUSE = re.compile(r"全年|本年|今年")

# Topics are told by words (复议/诉讼: reviews; 申请/政府信息: applications), tested as substrings,
# which cost a fraction of a regex search; this pattern serves the one search from an offset.
_TOPIC_REVIEW = re.compile(r"复议|诉讼")
# Things counted in 件 that are not 政府信息公开申请 (热线工单, 来信, 信访, 政务服务, 一件事一次办, 群众投诉举报, 咨询,
# 行政许可 …): under a subheading or a subject clause about applications they must not be read as applications.
# 信访举报投诉 is the outcome of rule 20 (信访举报投诉类申请), not a complaint counted; 行政许可 N件 still feeds
# rule 24, which `_classify` reads before the topic.
# Every alternative opens with a literal, so the engine skips to candidate characters (see _COUNT).
_OTHER_WORDS = r"事项|来信|信访(?!举报)|政务服务|热线|信箱|留言|工单|诉求|建议|提案|批次|件事|咨询|举报(?<!信访举报)|投诉(?<!举报投诉)|许可|处罚|强制"
_TOPIC_OTHER = re.compile(_OTHER_WORDS)
# The words by which a clause without a count ends the topic of applications (`_other_topic`), in one search.
_TOPIC_NOT_APP = re.compile(f"复议|诉讼|{_OTHER_WORDS}")

# The blocks of 行政诉讼 in table 四 (未经复议直接起诉, 复议后起诉; also 经复议后提起行政诉讼): parts of the
# 行政诉讼 total of rule 22, named by no phrase class of rules 21–22, and not 行政复议 although they name 复议.
_LITIGATION_PART = r"(?:复议后|直接)[^,，。;；\d]{0,6}?(?:起诉|诉讼)"
# Sub-counts of table 四 (结果维持 …, 复议后起诉 …) are not totals of rules 21–22: such segments are left alone.
# 被复议纠错1件, 诉讼败诉1件, 被撤销 … count the 结果纠正 column, not the total.
_T4_PART = re.compile(r"维持|纠正|纠错|败诉|撤销|确认违法|被改变|责令|其他结果|审结|未结|" + _LITIGATION_PART)
_LITIGATION_PARTS = re.compile(_LITIGATION_PART)
# 行政复议和行政诉讼, 行政复议、行政诉讼案件, 被申请行政复议和提起行政诉讼: the two named as one list.
_JOINT_CASES = re.compile(r"(?:复议|诉讼)[^,，。;；:：\d复诉]{0,8}?(?:以及|[和及与、])[^,，。;；:：\d复诉]{0,6}?(?:复议|诉讼)")
# 行政复议和行政诉讼均为0件 / 各1件 gives each of them, not their sum (各类 and the like are not "each").
_EACH = re.compile(r"[均都]|各(?![类种项级])")
# 未收到/未发生/没有…行政复议, 无…行政诉讼; never 尚未审结 or 无法提供.
_NEGATION = re.compile(
    r"(?:未|没有)(?:收到|接到|发生|出现|有|产生|被)[^,，。;；]{0,30}?(?:复议|诉讼)|无(?!法)[^,，。;；]{0,20}?(?:行政复议|行政诉讼)"
)
_CLAUSE_REST = re.compile(r"[^,，。;；]*")
# "未被复议机关纠错" / "未发生…被行政复议纠错" deny an outcome, not that any review was filed.
_OUTCOME_WORDS = re.compile(r"纠错|纠正|撤销|败诉|确认违法|被改变|责令")

# 不予受理/未予受理 N件 is a refusal count, not the intake.
_NEW_RECEIVED = re.compile(r"(?<![未不])(?<!没有)(?<!不予)(?<!未予)(新收|收到|接收|受理)")
# 按时/按期/延期/逾期/在法定期限内/当场办结 N件 counts the concluded by timeliness, a part of （七）总计.
_TOTAL = re.compile(r"(?<!未)(?<!按时)(?<!及时)(?<!期)(?<!限内)(?<!日内)(?<!当场)(?<!当日)"
                    r"(办结|办理完毕|作出答复|予以答复|答复完毕)")
# A bare 答复 (答复申请39件, 共答复39件) is 作出答复, rule 19's phrase, when nothing but the applications and a
# sum word stand between it and the count, and before it only the clause's start or a word of this closed
# list: the words that may qualify a reply are many (同意公开答复, 不予公开答复 are outcomes; 书面, 延期,
# 当场 … are parts), and each would make the count a part of （七）总计.
# A bare 办理 (共办理政府信息公开申请40件) is not read at all: it says 受理 (row 一 + 二, rule 17) as often as
# 办结 (（七）总计, rule 19), and a guess between them would fail the report whichever it meant.
_REPLY = re.compile(r"(?:^\s*|[共计已并和及、]|全年|本年度?|今年|依法|依规|办理|受理)答复了?"
                    r"(?:(?:政府信息公开|依申请公开|信息公开)?申请)?(?:共计|合计|总计|共|计)?(?:为|达到?)?\s*$")
_CARRIED_OVER = re.compile(r"上一?年度?结转|从上年结转")
_CARRY_FORWARD = re.compile(r"结转(?:至|到)?(?:下一?年|次年|\d{4}年)|转入(?:下一?年|次年)")
_NORMATIVE = re.compile(r"(?:新增|制发|出台|印发|制定|新制作|发布)[^,，。;；]{0,12}规范性文件")

# "All applications were concluded". Two look-alikes are not that claim (DOMAIN.md rule 29 names only
# 均已办结 and 所有申请均已按要求办理完成):
# - 全部办结 naming a base: 占全部办结申请的15%, 在全部办结的申请中, 全部办结数 (答复申请人 is still a claim);
# - a deadline: 均在法定期限内答复, 均按时办结, 在法定期限内全部办结 say no application went past its
#   deadline, which is true of the ones carried into next year too (their deadline has not come), so
#   they are about timeliness, not completeness.
# The look-behinds follow the adverb, so the pattern still opens with literals (see _COUNT).
_CONCLUDED_ALL = re.compile(
    r"(?:均|全部|全都|都)(?<!占全部)(?<!(?:限内|按时|按期|及时)[均都])(?<!(?:限内|按时|按期|及时)全[部都])"
    r"(?:已经|已)?(?:依法|依规|按要求|按规定)*(?:办结|办理完成|办理完毕|答复)(?!的?(?:申请(?!人)|件|总|数|量|率|比|中))"
    r"(?!\s*\d)"  # 已全部办结39件 counts what was concluded (TXT-TOTAL reads it), claims nothing of the rest
)
# `申请(?!人)`: the qualifier may follow 申请人 (未收到申请人通过信函提出的申请).
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|接到|受理|新收)[^,，。;；]*?申请(?!人)")
# The applicant columns of table 三 (and 公民, 律师 for 自然人, 法律服务机构).
_APPLICANTS = r"自然人|公民|法人|其他组织|企业|科研机构|公益组织|法律服务机构|律师"
_APPLICANT = re.compile(_APPLICANTS)
# Channels of submission. Only words that close the list of channels make them a whole (通过网站、信函等渠道
# 共收到40件, 通过线上线下渠道收到40件, 通过各渠道收到40件); 共/合计/总 sum the channels named and no more
# (共收到网上申请30件, 网上、信函共收到38件 may leave 当面 out), so they are no whole for rules 17 and 19.
_CHANNELS = r"信函|网上|网络|在线|线上|线下|平台|当面|现场|窗口|传真|邮件|邮箱|邮寄|书面|电话"
_CHANNEL = re.compile(_CHANNELS)
_CHANNEL_WHOLE = re.compile(r"等|各|多渠道|多种|线上线下")
# Rule 29 names only the blanket claim. One qualified by applicant (a column of table 三: 自然人, 法人或其他组织,
# 商业企业 …) or by channel (信函, 网上 …) says nothing about the rest, so it is not that claim; naming every
# applicant (公民、法人或其他组织) qualifies nothing.
_QUALIFIED = re.compile(f"{_APPLICANTS}|{_CHANNELS}")
_ALL_APPLICANTS = re.compile(r"(?:公民|自然人)[、，,和及与]?\s*法人(?:或者|以及|和|或|及|与)其他组织")
_PERIOD = re.compile(
    r"(\d\d{3})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-|~|－)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
_YEAR_ACTION = re.compile(r"(\d(?<!\d\d)\d{3})年(?:度)?([^,，。;；:：《\d]{0,6}?)(收到|受理|新收|公开|办理)")
# Before the year in its clause (与上年（2021年）, 相较于2021年), or between the year and the action
# (2021年同期收到, 2020年以来共受理): the year is a comparison or the start of a span, not a copied figure.
_YEAR_COMPARE = re.compile(r"较|比|与|对比|相对")
_YEAR_SPAN = re.compile(r"同期|以来|起|至今")
# After the action in its clause: 2021年受理但未办结、结转至本年度的2件 are this year's carried-over ones.
_YEAR_CARRIED = re.compile(r"[^,，。;；]*?(?:结转|未办结)")
# After 公开: the year names a document or an assessment (发布2021年度政府信息公开工作年度报告, 在2021年度
# 政务公开工作考核中获评优秀: held in the next year), not a figure.
_YEAR_NAME = re.compile(r"(?:工作)?(?:年度报告|年报|要点|考核|考评|测评|评估|评议|绩效)")
_THIS_YEAR = re.compile(r"本年|今年")
_FUTURE = re.compile(r"将|计划|拟|力争|继续|下一步|明年")
_RATE_CONTEXT = re.compile(r"公开率|占|比例|比重")

_GOV_TERMS = ("工作考核", "社会评议", "责任追究")
_FEE_STATEMENT = re.compile(
    r"信息处理费|(?:未|没有|无|不)收取[^。;；]{0,12}费|收取[^。;；]{0,12}费[^。;；]{0,8}\d|收费\s*\d"
)
_FEE_NAME = re.compile(r"信息处理费")

_GROUP_ORDINAL = re.compile(r"^（[一二三四五六七八九十]+）")


# --- quantities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    name: str  # canonical or calc.* key
    label: str  # how a message names it
    keys: tuple[str, ...]  # cells summed


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Per-version quantities and the outcome phrases that name them (one per version, so compared
    and hashed by identity: a cache key of `_classify`)."""

    quantities: dict[str, Quantity]
    outcome_pattern: re.Pattern[str]
    outcome_list: re.Pattern[str]  # outcome phrases joined by 和/、… (予以公开和部分公开)
    outcome_of: dict[str, str]  # phrase -> quantity name

    def quantity(self, name: str) -> Quantity:
        """A quantity by name; `a+b` is the sum of the quantities named together (`_named_outcome`)."""
        found = self.quantities.get(name)
        if found is None:  # built once per version and name, kept like the others
            parts = [self.quantities[part] for part in name.split("+")]
            found = Quantity(name, "＋".join(q.label for q in parts), tuple(k for q in parts for k in q.keys))
            self.quantities[name] = found
        return found

    def sum_name(self, names: tuple[str, ...]) -> str:
        # 予以公开和部分公开 is the `disclosed` quantity of 公开率 (rule 23: (6 + 2) / 95).
        return "disclosed" if set(names) == {"t3.granted.total", "t3.partial.total"} else "+".join(names)


@cache
def vocabulary(version: str) -> Vocabulary:
    spec = SPECS[version]
    q: dict[str, Quantity] = {}

    def row_total(row_key: str) -> Quantity:
        row = spec.t3_row(row_key)
        label = f"{row.group}·{row.label}" if row.label[0].isdigit() and row.group else row.label
        return Quantity(f"t3.{row_key}.total", f"表三「{label}」总计", (f"t3.{row_key}.total",))

    for row in spec.t3_rows:
        q[f"t3.{row.key}.total"] = row_total(row.key)
    new, carried = spec.t3_row("new_received").label, spec.t3_row("carried_over").label
    q["calc.t3.inflow.total"] = Quantity("calc.t3.inflow.total", f"表三「{new}」＋「{carried}」总计",
                                         ("t3.new_received.total", "t3.carried_over.total"))
    for group, label in T3_GROUPS.items():
        rows = spec.group_rows(group)
        if rows and not (group == "other" and version == "2019"):
            q[f"calc.t3.{group}.total"] = Quantity(f"calc.t3.{group}.total", f"表三「{label}」各项总计之和",
                                                   tuple(f"t3.{r}.total" for r in rows))
        elif rows:
            q[f"calc.t3.{group}.total"] = Quantity(f"calc.t3.{group}.total", f"表三「{label}」总计",
                                                   tuple(f"t3.{r}.total" for r in rows))
    granted, partial = spec.t3_row("granted").label, spec.t3_row("partial").label
    q["disclosed"] = Quantity("disclosed", f"表三「{granted}」＋「{partial}」总计",
                              ("t3.granted.total", "t3.partial.total"))
    blocks = {b.key: (f"{b.parent}·{b.label}" if b.parent else b.label) for b in spec.t4_blocks}
    total_label = spec.t4_columns[-1].label
    q["t4.reconsideration.total"] = Quantity("t4.reconsideration.total",
                                             f"表四「{blocks['reconsideration']}」「{total_label}」",
                                             ("t4.reconsideration.total",))
    q["calc.t4.litigation.total"] = Quantity(
        "calc.t4.litigation.total",
        f"表四「{blocks['litigation_direct']}」＋「{blocks['litigation_after_review']}」「{total_label}」",
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"))
    q["calc.t4.all.total"] = Quantity("calc.t4.all.total", f"表四三类「{total_label}」之和",
                                      tuple(f"t4.{b.key}.total" for b in spec.t4_blocks))
    for block in spec.t2_blocks:
        for row in block.rows:
            for col in block.columns:
                key = f"t2.{block.key}.{row.key}.{col.key}"
                q[key] = Quantity(key, f"表二{block.caption}「{row.label}」「{col.label}」", (key,))

    # Outcome phrases: the group labels without their ordinal (不予公开 …) and each result row's
    # short form from the spec. Longer phrases first so the regex prefers them at one position.
    outcome_of: dict[str, str] = {}
    outcome_of[_GROUP_ORDINAL.sub("", spec.t3_row("granted").label)] = "t3.granted.total"
    for group, label in T3_GROUPS.items():
        if f"calc.t3.{group}.total" in q:
            outcome_of[_GROUP_ORDINAL.sub("", label)] = f"calc.t3.{group}.total"
    for row in spec.t3_rows:
        if row.short and row.group is not None and row.key != "total":
            outcome_of.setdefault(row.short, f"t3.{row.key}.total")
    # 部分予以公开 and 不予以公开 are rule 20's 部分公开 and 不予公开 with 以; as longer phrases they win over
    # the 予以公开 that both contain.
    for alias, phrase in (("部分予以公开", "部分公开"), ("不予以公开", "不予公开")):
        outcome_of[alias] = outcome_of[phrase]
    alternatives = "|".join(re.escape(p) for p in sorted(outcome_of, key=len, reverse=True))
    pattern = re.compile(alternatives)
    listed = re.compile(f"(?:{alternatives})(?:(?:以及|[和及与、或])(?:{alternatives}))+")
    return Vocabulary(q, pattern, listed, outcome_of)


def evaluate(report: AnnualReport, quantity: Quantity) -> tuple[Number | None, str]:
    """A quantity's value, or None and the description of the cells that block it."""
    total: Number = 0
    cells = report.cells
    for key in quantity.keys:
        value = number(cells, key)
        if value is None:
            break
        total += value
    else:
        return total, ""
    blocked = add([report.cell(k) for k in quantity.keys])
    return None, describe_bad(blocked.bad, table_version(report, quantity.keys[0][:2]))


# --- scanning ----------------------------------------------------------------------------------


class Mention(NamedTuple):  # a tuple: cheaper to make than a frozen dataclass
    code: str
    phrase: str  # the keyword that matched
    number: int
    snippet: str  # as printed
    candidates: tuple[str, ...]  # quantity names, primary first
    item: str = ""  # in a 分别 list, the phrase paired with the number (`_respective`)


class Scan:
    """What the narrative says that the rules compare with the tables."""

    __slots__ = ("about_reviews", "concluded_all", "mentions", "none_received", "percents", "qualified",
                 "skipped", "yoy_percents", "zero_claims")

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.zero_claims: list[tuple[str, str]] = []  # (code, snippet)
        self.skipped: list[tuple[str, str]] = []  # (code, snippet): Chinese numerals
        # quantity, p, decimals, snippet, and in a 分别 list the outcome paired with p (`_respective_percents`)
        self.percents: list[tuple[str, Decimal, int, str, str]] = []
        self.yoy_percents: list[tuple[str, str]] = []  # (quantity, snippet)
        self.concluded_all: list[str] = []
        self.none_received: list[str] = []
        # 未收到…申请 phrases that go on to 行政复议/行政诉讼: about reviews, not applications.
        self.about_reviews: list[str] = []
        # 未收到…申请 phrases naming some applicants or a channel: not the blanket claim of rule 29.
        self.qualified: list[str] = []


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last match
        pass
    return found


# Segments recur across reports (全年共受理政府信息公开申请, 其中予以公开 …): the classification, a
# pure function of its arguments, is kept for the most recent ones.
@lru_cache(maxsize=4096)
def _classify(segment: str, topic: str | None, vocab: Vocabulary, version2: str | None, year: int | None
              ) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(code, phrase, candidate quantities) for every rule the segment before a count feeds."""
    if _other_time(segment, year):
        return ()  # 去年收到10件 is last year's figure: like 较上年增加10件, not this year's table
    # Each pattern is tried only when the segment holds a word every one of its matches contains:
    # most segments hold none, and a substring test costs a fraction of a regex search.
    out: list[tuple[str, str, tuple[str, ...]]] = []
    normative = _NORMATIVE.search(segment) if "规范性文件" in segment else None
    if normative and version2:
        column = "made" if version2 == "2019" else "issued"
        out.append(("TXT-ART20", normative.group(0), (f"t2.art20_1.normative.{column}",)))
    elif "行政许可" in segment and not _about_reviews(segment) and version2:
        out.append(("TXT-ART20", "行政许可", ("t2.art20_5.licensing.decisions",)))
    if _COMPARE.search(segment):
        return tuple(out)  # 较上年增加10件 is a change, not a count
    if topic == "review":
        if _T4_PART.search(segment):
            return tuple(out)
        review, litigation = "复议" in segment, "诉讼" in segment
        if review and litigation:
            tail = segment[max(segment.rfind("复议"), segment.rfind("诉讼")):]
            if "分别" in tail:
                pass  # 行政复议和行政诉讼分别为2件、1件: one count each, paired by `_respective`
            elif _EACH.search(tail):  # 行政复议和行政诉讼均为0件: each of them
                out.append(("TXT-REVIEW", "行政复议", ("t4.reconsideration.total",)))
                out.append(("TXT-LITIGATION", "行政诉讼", ("calc.t4.litigation.total",)))
            else:
                joint = _last(_JOINT_CASES, segment)
                rest = segment[joint.end():] if joint else segment
                if joint and "复议" not in rest and "诉讼" not in rest:
                    # Rule 22 gives 复议和诉讼 N件 the three blocks together: N counts the reviews too, so
                    # the lawsuits alone are no reading of it (复议 2, 诉讼 1: "复议和诉讼1件" is wrong).
                    out.append(("TXT-LITIGATION", "行政复议和行政诉讼", ("calc.t4.all.total",)))
                elif "复议" not in rest:  # 行政复议和行政诉讼情况：行政诉讼1件
                    out.append(("TXT-LITIGATION", "行政诉讼", ("calc.t4.litigation.total",)))
                elif "诉讼" not in rest:
                    out.append(("TXT-REVIEW", "行政复议", ("t4.reconsideration.total",)))
                # Else they are not named together (不服复议决定提起行政诉讼1件): which of them, or which
                # part, is counted is not clear, so no verdict.
        elif litigation:
            out.append(("TXT-LITIGATION", "行政诉讼", ("calc.t4.litigation.total",)))
        elif review:
            out.append(("TXT-REVIEW", "行政复议", ("t4.reconsideration.total",)))
        return tuple(out)
    if topic == "other":
        return tuple(out)
    if topic == "app" and ((_APPLICANT.search(segment) and not _ALL_APPLICANTS.search(segment))
                           or (_CHANNEL.search(segment) and not _CHANNEL_WHOLE.search(segment))):
        # 收到自然人申请38件: one column of the row, not the 总计 that rules 17 and 19 compare;
        # 通过网上平台收到30件: the applications of one channel, a part the table does not show.
        pass
    elif topic == "app":
        received = _last(_NEW_RECEIVED, segment) if "收" in segment or "受理" in segment else None
        if received and _names_base(segment, received.end()):
            received = None  # 在收到的申请中予以公开6件: 收到 names the base of an outcome, not a count
        if received:
            if received.group(1) == "受理":
                out.append(("TXT-NEW-RECEIVED", "受理", ("calc.t3.inflow.total", "t3.new_received.total")))
            else:
                out.append(("TXT-NEW-RECEIVED", received.group(1),
                            ("t3.new_received.total", "calc.t3.inflow.total")))
        concluded = _last(_TOTAL, segment) if "办" in segment or "答复" in segment else None
        if concluded and not _names_base(segment, concluded.end()):
            out.append(("TXT-TOTAL", concluded.group(1), ("t3.total.total",)))
        elif concluded is None and "答复" in segment and _REPLY.search(segment):
            out.append(("TXT-TOTAL", "答复", ("t3.total.total",)))
    if "结转" in segment or "转入" in segment:
        carried, forward = _last(_CARRIED_OVER, segment), _last(_CARRY_FORWARD, segment)
        # Sharing one 结转 (上年度结转至2022年的2件), the phrase is row 二, not 结转下年度.
        if carried and (not forward or carried.end() > forward.start()):
            out.append(("TXT-CARRY", carried.group(0), ("t3.carried_over.total",)))
            return tuple(out)
        if forward:
            out.append(("TXT-CARRY", forward.group(0), ("t3.carry_forward.total",)))
            return tuple(out)
    named = _named_outcome(vocab, segment)
    if named:
        out.extend(("TXT-OUTCOME", named.phrase, (name,)) for name in named.names)
    return tuple(out)


# 收到的申请中, 所有办结的政府信息公开申请中: the verb describes the applications an outcome is counted
# among, as 占…的 names a percentage's base (rule 23); the count after it is the outcome's (rule 20).
_BASE = re.compile(r"[^,，]*?(?:的|申请)[^,，]*?中(?![心央华国])")


def _names_base(segment: str, at: int) -> bool:
    return segment.find("中", at) >= 0 and _BASE.match(segment, at) is not None


class Named(NamedTuple):
    start: int
    end: int
    phrase: str
    names: tuple[str, ...]  # one quantity, or one per outcome for 均/各 (each has the count)


_LIST_JOINTS = frozenset("和及与、或")


def _named_outcome(vocab: Vocabulary, text: str) -> Named | None:
    """The outcome named last in `text`. A list of outcomes (予以公开和部分公开共24件) names their sum,
    or each of them before 均/各; before 分别 (…分别为5件、19件) the counts are not mapped, so None."""
    outcome = _last(vocab.outcome_pattern, text)
    if outcome is None:
        return None
    start, end, phrase = outcome.start(), outcome.end(), outcome.group(0)
    if not (start and text[start - 1] in _LIST_JOINTS):  # one character test keeps lists off the common path
        return Named(start, end, phrase, (vocab.outcome_of[phrase],))
    listed = _last(vocab.outcome_list, text[:end])
    if listed is None or listed.end() != end:
        return Named(start, end, phrase, (vocab.outcome_of[phrase],))
    phrase = listed.group(0)
    names = tuple(dict.fromkeys(vocab.outcome_of[p] for p in vocab.outcome_pattern.findall(phrase)))
    tail = text[end:]
    if "分别" in tail:
        return None
    return Named(listed.start(), end, phrase, names if _EACH.search(tail) else (vocab.sum_name(names),))


def _about_reviews(text: str) -> bool:
    return "复议" in text or "诉讼" in text


def _other_time(segment: str, year: int | None) -> bool:
    """Whether the count after `segment` is about another year or a span of years (`_TIME_MARK`)."""
    if not _TIME_CUE.search(segment):
        return False  # most segments (全年受理…申请) name no other time: one cheap search
    mark = _TIME_MARK.match(segment)
    if mark is None:
        return False
    word = mark.group(1)
    if word[0].isdigit():
        return year is not None and int(word[:4]) < year
    return word[0] not in "今本"


def _topic(segment: str, previous: str | None) -> str | None:
    if _about_reviews(segment):
        return "review"
    if ("申请" in segment and "申请" in segment.replace("申请人", "")) or "政府信息" in segment:
        # 申请人 alone names people, not applications (受理申请人咨询200件 is other business).
        return "app"
    if _TOPIC_OTHER.search(segment):
        return "other"
    return previous


def _other_topic(text: str, previous: str | None) -> str | None:
    """The topic of clauses without a count (`_scan_counts`): reviews or other business, else `previous`."""
    found = _TOPIC_NOT_APP.search(text)  # one search: most such clauses name neither
    if found is None:
        return previous
    if _about_reviews(text):
        return "review"
    return "other" if "申请" not in text and "政府信息" not in text else previous


def scan(report: AnnualReport, version3: str) -> Scan:
    vocab = vocabulary(version3)
    version2 = table_version(report, "t2")
    year = report.year
    result = Scan()
    for section, original in ((0, report.preamble), *((s.number, s.text) for s in report.sections)):
        if not original:
            continue
        text = fold(original)
        if not _has_cues(text):
            continue  # nothing for _scan_sentence in any of its sentences (often 二, 五 and 六)
        if "\n" in text and _BROKEN_UNIT.search(text):
            text, original = _BROKEN_UNIT.sub(_closed_break, text), _BROKEN_UNIT.sub(_closed_break, original)
        # Section 三 is 收到和处理政府信息公开申请情况 (DOMAIN.md §2.2): its sentences are about applications
        # unless they name other business (全年办结39件 there is row （七）总计), while elsewhere such a
        # sentence may count any work (政务服务, 信访 …) and is not read.
        section_base = "app" if section == 3 else None
        base = topic = section_base
        # The subheadings in force, outermost first: (numbering kind (`_subheading`), the topic under it).
        outline: list[tuple[int, str | None]] = []
        for sentence_match in _SENTENCE.finditer(text):
            if sentence_match.start() == 0 or text[sentence_match.start() - 1] == "\n":
                line = _subheading(text, sentence_match)
                if line is not None and (line.heading or (outline and line.kind == outline[-1][0])):
                    # A subheading gives its topic to the lines under it (全年共办结39件 under （二）依申请公开情况);
                    # the next subheading, or an item numbered like it, starts another part. One numbered
                    # like an outer one closes the parts inside it; one that names nothing (1.办理情况 under
                    # （一）政务服务情况) goes on with the topic of the part it is in.
                    kinds = [kind for kind, _ in outline]
                    if line.kind in kinds:
                        del outline[kinds.index(line.kind):]
                    lent = line.topic if line.topic != "app" or section in _LENDING_SECTIONS else None
                    base = lent or (outline[-1][1] if outline else section_base)
                    outline.append((line.kind, base))
                    topic = base
            topic = _scan_sentence(sentence_match.group(0), original[sentence_match.start():sentence_match.end()],
                                   vocab, version2, year, result, topic)
            if topic != base:
                # A ； joins clauses of one sentence: the topic goes on (收到政府信息公开申请40件；办结39件).
                end = sentence_match.end()
                if end == len(text) or text[end] not in ";；":
                    topic = base
    return result


# A numbered line: （二）, (2), 2. or 2、, 二、 (a group of each kind, told apart by `lastindex`); not 1.5%.
_NUMBERED = re.compile(r"\s*(?:([（(])[一二三四五六七八九十\d]{1,3}[)）]|(\d){1,2}\s*[.、](?!\d)|([一二三四五六七八九十]){1,3}、)")
# A subheading is short: a longer numbered line is an item that says more than its subject.
_SUBHEADING_TITLE = re.compile(r"\s*([^,，]{1,20}?)\s*[:：]?\s*")


class Numbered(NamedTuple):
    kind: int  # which numbering (`_NUMBERED`)
    heading: bool  # a short subheading without a count, on its own line or before its text (`_subheading`)
    topic: str | None  # what the subheading names (`_topic`)


# Sections 一–四 report the parts of the work with their figures, and their numbered lines name those parts
# (DOMAIN.md §2.2). In 五 and 六 (and a preamble, which holds the whole text when no heading was found) a
# short numbered line is a problem or a measure (1.加强依申请公开工作), and the counts explaining it may be
# about anything (last year, other work): such a line lends no applications to the lines under it.
_LENDING_SECTIONS = frozenset({1, 2, 3, 4})


def _subheading(text: str, line: re.Match[str]) -> Numbered | None:
    """The numbered line `line` (a match of `_SENTENCE` at a line start), or None when it is not numbered."""
    numbered = _NUMBERED.match(line.group(0))
    if numbered is None or numbered.lastindex is None:
        return None
    end = line.end() + (line.end() < len(text) and text[line.end()] == "。")
    title = _SUBHEADING_TITLE.fullmatch(line.group(0), numbered.end())
    if title is not None and (end == len(text) or text[end] == "\n") and not _COUNT.search(title.group(1)):
        return Numbered(numbered.lastindex, True, _part_topic(title.group(1)))
    # Some agencies print the subheading and its text on one line, parted by 。 or ：
    # (（二）依申请公开情况。全年共办结39件。). Such a run-in title only counts when it names a topic: 1.办理情况。…
    # is a part of the subheading above it, and must not end that one's topic.
    colon = re.search("[:：]", line.group(0)[numbered.end():])
    if colon is not None:
        run_in = line.group(0)[numbered.end():numbered.end() + colon.start()]
    elif end < len(text) and text[end] != "\n" and end > line.end():
        run_in = line.group(0)[numbered.end():]  # the sentence ends with 。 and the line goes on
    else:
        return Numbered(numbered.lastindex, False, None)
    title = _SUBHEADING_TITLE.fullmatch(run_in)
    topic = _part_topic(title.group(1)) if title is not None and not _COUNT.search(run_in) else None
    return Numbered(numbered.lastindex, topic is not None, topic)


def _part_topic(title: str) -> str | None:
    # 政府信息 alone names no applications here: （一）主动公开政府信息, （三）政府信息管理 are the other parts of
    # the work (DOMAIN.md §2.2); the part about applications names them (依申请公开, 政府信息公开申请).
    return _topic(title.replace("政府信息", ""), None)


# Every block of `_scan_sentence` needs one of these words (or 申请 with 未/没有) in its sentence.
_CUES = re.compile("件|起|宗|复议|诉讼|均|全|都|%")


def _has_cues(text: str) -> bool:
    return _CUES.search(text) is not None or ("申请" in text and ("未" in text or "没有" in text))


def _scan_sentence(text: str, printed: str, vocab: Vocabulary, version2: str | None, year: int | None,
                   result: Scan, topic: str | None = None) -> str | None:
    """Reads one sentence (up to a ；) into `result`; `topic` is the one the clause before the ； ended with
    (`_topic`), and the one this part ends with is returned when it has counts, else `topic`."""
    # Most sentences hold no count, no percentage and no claim: cheap substring tests keep the
    # regexes for the few that do (the checker's budget is well under 1 ms per report).
    has_count = "件" in text or "起" in text or "宗" in text
    has_review = "复议" in text or "诉讼" in text
    # Contradiction phrases and zero claims work on the sentence as a whole.
    if ("均" in text or "全" in text or "都" in text) and not has_review:
        concluded = _CONCLUDED_ALL.search(text)
        # 上年结转的2件均已办结, 2021年结转的申请已全部办结, 去年的申请均已办结: not this year's.
        if concluded and not _CARRIED_OVER.search(text) \
                and not _other_time(text[_clause_start(text, 0, concluded.start()):concluded.start()], year):
            result.concluded_all.append(printed.strip())
    if "申请" in text and ("未" in text or "没有" in text):
        for found in _NONE_RECEIVED.finditer(text):
            if _other_time(text[_clause_start(text, 0, found.start()):found.start()], year):
                continue  # 去年未收到政府信息公开申请
            if _QUALIFIED.search(text, found.start(), found.end()) \
                    and _QUALIFIED.search(_ALL_APPLICANTS.sub("", found.group(0))):
                result.qualified.append(printed.strip())  # 未收到法人或其他组织提出的申请
                continue
            # "未收到政府信息公开申请行政复议和行政诉讼事项" is about reviews (§4.2 rule 29).
            if not _TOPIC_REVIEW.search(text, found.end()):
                result.none_received.append(printed.strip())
            else:
                result.about_reviews.append(printed.strip())
    if has_review:
        claimed: set[str] = set()
        for negation in _NEGATION.finditer(text):
            if _other_time(text[_clause_start(text, 0, negation.start()):negation.start()], year):
                continue
            # The claim covers the rest of its clause: 未收到…行政复议和行政诉讼事项 denies both. A count
            # elsewhere in the sentence does not withdraw it (无…行政复议案件，行政诉讼0件); one in its own
            # clause is what the clause says, and the count is compared instead.
            rest = _CLAUSE_REST.match(text, negation.end())
            claim = negation.group(0) + (rest.group(0) if rest else "")
            if _OUTCOME_WORDS.search(claim) or _LITIGATION_PARTS.search(claim) \
                    or (has_count and _COUNT.search(claim)):
                continue  # 未被纠错, 没有复议后起诉的: an outcome or a part, not that none was filed
            for code, word in (("TXT-REVIEW", "复议"), ("TXT-LITIGATION", "诉讼")):
                if word in claim and code not in claimed:
                    claimed.add(code)
                    result.zero_claims.append((code, printed.strip()))
    if has_count:
        if _ZH_COUNT.search(text):
            # Chinese numerals (十五件) are not parsed: the whole sentence is skipped with an info note.
            topic = _topic(text, topic)
            codes = {code for code, _, _ in _classify(text, topic, vocab, version2, year)}
            if "分别" in text:  # 行政复议和行政诉讼分别为二件、一件: the names of the list
                at = text.find("分别")
                for item in _NAME_JOINT.split(text[_clause_start(text, 0, at):at]):
                    codes.update(code for code, _, _ in _classify(item, _topic(item, topic), vocab, version2, year))
            for code in sorted(codes):
                result.skipped.append((code, printed.strip()))
            return topic
        totals: list[tuple[int, str]] | None = [] if "%" in text else None
        topic = _scan_counts(text, printed, vocab, version2, year, result, topic, totals)
    else:
        totals = None
    if "%" in text:
        _scan_percents(text, printed, vocab, year, result, totals)
    return topic


def _clause_start(text: str, start: int, end: int) -> int:
    """Where the clause holding text[end] begins: after the last comma in text[start:end], else start.

    Clauses end at commas only: 、 and ： join parts of one phrase (受理、办结申请95件; 情况：新收95件).
    """
    comma = max(text.rfind(",", start, end), text.rfind("，", start, end))
    return comma + 1 if comma >= 0 else start


# 分别 pairs the names before it with the counts after it, in order: 行政复议和行政诉讼分别为2件、1件,
# 新收、办结申请分别为40、39件 (the unit may follow the last count only). Each pair is read as the
# single mention would be (rules 17–22). Only 为/是/有/达/计 may stand between 分别 and the counts:
# 分别较上年增加2件、1件 is a change, 分别于3月和9月收到 a date.
_LISTED_COUNT = r"\d+(?:,\d{3})*(?:\s*(?:件|起|宗)(?:\s*[(（]次[)）]|次)?)?"
_RESPECTIVE = re.compile(
    rf"分别(?:为|是|有|达到?|计)?\s*[:：]?\s*({_LISTED_COUNT}(?:\s*(?:以及|[、和及与])\s*{_LISTED_COUNT})+)")
_LISTED_NUMBER = re.compile(r"\d+(?:,\d{3})*")
# Joints between the names (以及 before 及; not the 及 of 涉及/危及/普及/及时, nor 参与's 与).
_NAME_JOINT = re.compile(r"以及|[、和]|(?<![涉危普])及(?!时)|(?<!参)与")


class Listed(NamedTuple):
    end: int  # where the counts end in the sentence
    snippet: str
    pairs: tuple[tuple[int, tuple[tuple[str, str, tuple[str, ...]], ...]], ...]  # number, what `_classify` gave


def _respective(text: str, printed: str, clause_start: int, segment: str, topic: str | None, vocab: Vocabulary,
                version2: str | None, year: int | None) -> Listed | None:
    """The 分别 list the count after `segment` belongs to, or None when its names and counts cannot be
    paired one to one (a false pairing would compare a figure with another row)."""
    at = segment.rfind("分别")
    listed = _RESPECTIVE.match(text, clause_start + at)
    if listed is None or listed.group(1)[-1].isdigit() or clause_start + len(segment) >= listed.end(1) \
            or text[listed.end(1):].lstrip().startswith(_APPROX_AFTER):
        return None  # no unit after the last count (分别为2、3个), or approximate (分别为2件、3件左右)
    names = segment[:at]
    if _COMPARE.search(names) or _other_time(names, year) or ("累计" in names and _SPAN_BEFORE.search(
            text, 0, clause_start + at) and not _THIS_YEAR_CLAUSE.search(names)):
        return None  # 去年予以公开和部分公开分别为…: like the single mention, another year's figures
    numbers = _LISTED_NUMBER.findall(listed.group(1))
    items = _NAME_JOINT.split(names)
    if len(items) != len(numbers) or not all(item.strip() for item in items):
        return None
    found = [_classify(item, _topic(item, topic), vocab, version2, year) for item in items]
    if topic is None and any(code in ("TXT-CARRY", "TXT-OUTCOME") for classes in found for code, _, _ in classes):
        # The names share one predicate: beside 上年结转 or an outcome, 新收 and 办结 are applications too
        # (新收、上年结转、办结、结转下年度分别为…).
        found = [classes or _classify(item, "app", vocab, version2, year) for item, classes in zip(items, found,
                                                                                                   strict=True)]
    pairs = []
    for item, count, classes in zip(items, numbers, found, strict=True):
        if len(classes) > 1:
            # The first name carries the clause's opening (收到的申请中予以公开): its name is the
            # phrase nearest the joint, as in the single mention.
            ends = [item.rfind(phrase) + len(phrase) for _, phrase, _ in classes]
            classes = tuple(c for c, e in zip(classes, ends, strict=True) if e == max(ends))
        pairs.append((int(count.replace(",", "")), classes))
    return Listed(listed.end(1), printed[clause_start:listed.end(1)].strip(), tuple(pairs))


# A sentence counting a row of table 三 that nothing else counts in 件 (上年结转, 结转下年度, an outcome) is
# about applications throughout: its clauses that name no topic are too (上年结转2件，本年新收40件; 全年办结
# 39件，结转下年度3件), as the names of a 分别 list are (`_respective`). Rules 17 and 19 then read them. The
# row must be counted: 对涉及国家秘密的信息依法不予公开，全年办结200件 names an outcome but counts other work.
def _counts_table3_row(text: str, vocab: Vocabulary) -> bool:
    start = 0
    for match in _COUNT.finditer(text):
        segment = text[_clause_start(text, start, match.start()):match.start()]
        start = match.end()
        if _about_reviews(segment) or _TOPIC_OTHER.search(segment):
            continue
        if (("结转" in segment or "转入" in segment)
                and (_CARRIED_OVER.search(segment) or _CARRY_FORWARD.search(segment))) \
                or vocab.outcome_pattern.search(segment):
            return True
    return False


# A sum that names nothing but itself (合计3件, 共计42件, 以上共3件): what it sums is the counts just named
# (`_sum_of`: rules 17, 20 and 22).
_SUM = re.compile(r"[、\s]*(?:以上|上述|两项|三项|二者|两者|三者)?(?:共计|合计|总计|总共|共)(?:为|达到?|有|是)?"
                  r"(?:政府信息公开)?(?:申请|案件)?\s*")


def _sum_of(run: list[tuple[str, str]], vocab: Vocabulary) -> tuple[str, tuple[str, ...]] | None:
    """The quantity a sum of the counts in `run` ((code, quantity) each, in order) is, when the catalogue
    has it: 新收 + 上年结转 (rule 17's inflow), 行政复议 + 行政诉讼 (rule 22's three blocks), distinct
    outcomes (rule 20, as 予以公开和部分公开共8件). Any other sum is not compared."""
    names = tuple(name for _, name in run)
    if len(names) < 2 or len(set(names)) != len(names):
        return None
    if set(names) == {"t3.new_received.total", "t3.carried_over.total"}:
        return "TXT-NEW-RECEIVED", ("calc.t3.inflow.total",)
    if set(names) == {"t4.reconsideration.total", "calc.t4.litigation.total"}:
        return "TXT-LITIGATION", ("calc.t4.all.total",)
    if all(code == "TXT-OUTCOME" for code, _ in run):
        keys = [key for name in names for key in vocab.quantity(name).keys]
        if len(set(keys)) == len(keys):  # 不予公开 and 国家秘密 overlap: their sum counts a row twice
            return "TXT-OUTCOME", (vocab.sum_name(names),)
    return None


def _scan_counts(text: str, printed: str, vocab: Vocabulary, version2: str | None, year: int | None,
                 result: Scan, topic: str | None = None, totals: list[tuple[int, str]] | None = None) -> str | None:
    """Reads the counts of one sentence; `topic` is carried over a ；, and the topic at the end returned.
    Each sum (`_SUM`) adds to `totals` where it ends and the outcomes it sums ("" if not outcomes)."""
    parts = "其中" in text  # most sentences have no parts: their counts skip the bookkeeping
    part = False  # after 其中 (`_WHOLE`)
    of_new = after_new = False  # the whole of the parts, the count before, is 收到/新收 …
    respective = "分别" in text  # most sentences have no 分别 list
    listed_until = -1
    anchored: bool | None = None  # `_counts_table3_row`, worked out when first needed
    # The counts since the sentence or its 其中 began, (code, quantity) each, for a sum after them (`_SUM`);
    # None once one of them is not a single reading, which no sum can then be named from.
    sums = "计" in text or "共" in text  # a word of every sum (`_SUM`)
    run: list[tuple[str, str]] | None = []
    run_start = 0
    start = 0
    for match in _COUNT.finditer(text):
        clause_start = _clause_start(text, start, match.start())
        segment = text[clause_start:match.start()]
        if parts:
            # 其中 may close the clause before (其中，通过网络平台收到30件).
            if text.find("其中", start, match.start()) >= 0:
                part, of_new = True, after_new
                run = []  # 收到40件，其中予以公开6件，部分公开2件，合计8件: the parts are summed
            elif part and _WHOLE.search(segment):
                part = False
        previous_end, start = start, match.end()
        if match.start() < listed_until:
            continue  # a later count of a 分别 list, read with the list
        # The clause before the count tells its topic (rules 17 and 19 read only applications), else the topic
        # goes on; a clause without a count since the last count may end it (收到申请40件；群众来信方面，全年办结
        # 30件) but not start one: 主动公开政府信息3000条，受理行政许可400件 is no application count.
        named = _topic(segment, None)
        # A clause that only names the subject (行政复议方面，全年共发生2件; 关于行政诉讼，…) lends it to the
        # next count of its sentence across clauses without one (依申请公开方面，严格落实要求，全年办结39件):
        # the count is read as if the heading and its clause were one clause.
        heading = _heading(text, previous_end, clause_start) if named is None and clause_start > previous_end \
            else None
        if heading is not None:
            topic = heading[2]
        else:
            topic = named or (_other_topic(text[previous_end:clause_start], topic)
                              if clause_start > previous_end and topic != "other" else topic)
        if topic is None and ("收" in segment or "受理" in segment or "办" in segment or "答复" in segment):
            if anchored is None:
                anchored = _counts_table3_row(text, vocab)
            topic = "app" if anchored else None
        if sums and run is not None and not run:
            run_start = clause_start
        if respective and "分别" in segment:
            listed = _respective(text, printed, clause_start, segment, topic, vocab, version2, year)
            # Without a pairing no count of the list is read: alone, each would be taken for the
            # last name before it (新收和上年结转分别为38件 is not 上年结转 38).
            listed_until = listed.end if listed else match.end()
            if not listed:
                run = None
                continue
            if parts:
                after_new = any(code == "TXT-NEW-RECEIVED" and phrase != "受理"
                                 for _, classes in listed.pairs for code, phrase, _ in classes)
            for number, classes in listed.pairs:
                read = 0
                for code, phrase, candidates in classes:
                    if part and ((code == "TXT-NEW-RECEIVED" and phrase != "新收")
                                 or (code == "TXT-TOTAL" and (of_new or phrase == "答复"))):
                        continue  # parts after 其中, as below
                    result.mentions.append(Mention(code, phrase, number, listed.snippet, candidates, phrase))
                    read += 1
                if sums and run is not None:
                    run = _extend_run(run, read, result.mentions)
            continue
        # The clauses between the heading and the count are left out: an outcome or a time word there (对涉密
        # 信息依法不予公开) is not what the count is about.
        classified = _classify(text[heading[0]:heading[1]] + segment if heading else segment, topic, vocab,
                               version2, year)
        if not classified and "相关案件" in segment and "复议" in text[:clause_start] \
                and "诉讼" in text[:clause_start] and not _COMPARE.search(segment) and not _other_time(segment, year):
            # Rule 22: 相关案件 N件 after naming 行政复议 and 行政诉讼 (做好相关行政复议、行政诉讼案件的应诉
            # 工作，共办理相关案件74件) counts the three blocks together.
            classified = (("TXT-LITIGATION", "相关案件", ("calc.t4.all.total",)),)
        if sums and not classified and _SUM.fullmatch(segment):
            # 被申请行政复议2件，被提起行政诉讼1件，合计3件: the three blocks of rule 22; 上年结转2件，本年新收
            # 40件，共计42件: rule 17's inflow. The run is done: a later sum sums the counts after this one.
            total = _sum_of(run, vocab) if run else None
            after_new = False
            if total and not text[match.end():].lstrip().startswith(_APPROX_AFTER):
                result.mentions.append(Mention(total[0], segment.strip(" 、"), int(match.group(1).replace(",", "")),
                                               printed[run_start:match.end()].strip(), total[1]))
            if totals is not None:
                totals.append((match.end(), total[1][0] if total and total[0] == "TXT-OUTCOME" else ""))
            run = []
            continue
        if parts:
            after_new = any(code == "TXT-NEW-RECEIVED" and phrase != "受理" for code, phrase, _ in classified)
        if segment.rstrip().endswith(_APPROX_BEFORE) or text[match.end():].lstrip().startswith(_APPROX_AFTER) \
                or ("累计" in segment and _SPAN_BEFORE.search(text, 0, match.start())
                    and not _THIS_YEAR_CLAUSE.search(segment)):
            run = None  # an approximate count, or one over years: no sum is named from it
            continue
        number = int(match.group(1).replace(",", ""))
        snippet = printed[heading[0] if heading else clause_start:match.end()].strip()
        read = 0
        for code, phrase, candidates in classified:
            if part and ((code == "TXT-NEW-RECEIVED" and phrase != "新收")
                         or (code == "TXT-TOTAL" and (of_new or phrase == "答复"))):
                # 其中网上收到30件, 收到40件，其中已办结37件: parts, not table 三's rows; 其中书面答复30件 is a
                # form of reply (the forms are many: 书面, 电子邮件, 邮寄 …), not the whole.
                continue
            result.mentions.append(Mention(code, phrase, number, snippet, candidates))
            read += 1
        if sums and run is not None:
            run = _extend_run(run, read, result.mentions)
    return topic


# The clause of `_heading`: 方面 at its end or 关于/对于 at its start, short (a long clause says more than
# its subject), no title of a document (根据《关于…的意见》 names no subject).
_HEADING = re.compile(r"\s*(?:关于|对于)[^《》]{1,20}|[^《》]{1,20}?方面\s*[:：]?\s*")


def _heading(text: str, previous_end: int, clause_start: int) -> tuple[int, int, str] | None:
    """Where the nearest heading clause (`_HEADING`) among the clauses without a count before the one at
    `clause_start` begins and ends (its comma included) and the topic (`_topic`) it names; None when a clause
    between names another topic (依申请公开方面，做好群众来信工作，全年办结30件) or there is no heading."""
    stretch = text[previous_end:clause_start]
    if "方面" not in stretch and "关于" not in stretch and "对于" not in stretch:
        return None  # most stretches hold no heading: substring tests keep the regex for the few
    seen: set[str] = set()
    end = clause_start - 1  # the comma that ends the clause
    while end > previous_end:
        start = _clause_start(text, previous_end, end)
        clause = text[start:end]
        named = _topic(clause, None)
        if named is not None and _HEADING.fullmatch(clause):
            return (start, end + 1, named) if seen <= {named} else None
        if named is not None:
            seen.add(named)
        end = start - 1
    return None


def _extend_run(run: list[tuple[str, str]], read: int, mentions: list[Mention]) -> list[tuple[str, str]] | None:
    """The run of `_scan_counts` after a count that gave `read` mentions, the last of `mentions`: one
    reading joins it (code, primary quantity); none or several leave no sum to name."""
    if read != 1:
        return None
    run.append((mentions[-1].code, mentions[-1].candidates[0]))
    return run


# 分别 before percentages pairs them in order with the outcomes named (予以公开、部分公开分别占15.4%、5.1%), or
# with the outcomes of the counts just before (…分别为6件、2件，分别占办结总数的15.4%、5.1%; 予以公开6件、部分
# 公开2件，分别占…). Between 分别 and the first percentage: 为, 占, 占办结总数的, 比上年增长 ….
_LISTED_PERCENT = r"\d+(?:\.\d+)?\s*%"
_RESPECTIVE_PERCENT = re.compile(
    rf"分别([^\d,，。;；%]{{0,16}}?)\s*[:：]?\s*({_LISTED_PERCENT}(?:\s*(?:以及|[、和及与])\s*{_LISTED_PERCENT})+)")
_LISTED_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_BETWEEN_COUNTS = re.compile(r"[\s,，、)）]*")


def _respective_percents(text: str, printed: str, clause_at: int, percent_at: int, vocab: Vocabulary,
                         year: int | None, result: Scan) -> int | None:
    """Reads the 分别 list of percentages that starts at `percent_at` (rule 23, each pair as a single
    mention); returns where the list ends, or None when no list starts there. A list whose names and
    percentages do not pair one to one is not read: each alone would be taken for the last name."""
    at = text.rfind("分别", clause_at, percent_at)
    listed = _RESPECTIVE_PERCENT.match(text, at)
    if listed is None or listed.start(2) != percent_at:
        return None
    values = _LISTED_VALUE.findall(listed.group(2))
    names_at, items = clause_at, _NAME_JOINT.split(text[clause_at:at])
    if not vocab.outcome_pattern.search(text, clause_at, at) and clause_at > 0:
        # The names are those of the clause before: a 分别 list of counts, or the counts themselves.
        names_at = _clause_start(text, 0, clause_at - 1)
        before = text.find("分别", names_at, clause_at)
        if before >= 0:
            items = _NAME_JOINT.split(text[names_at:before])
        else:
            counts = list(_COUNT.finditer(text, 0, clause_at))[-len(values):]
            if len(counts) != len(values) or not _BETWEEN_COUNTS.fullmatch(text, counts[-1].end(), clause_at):
                return listed.end(2)
            names_at = _clause_start(text, 0, counts[0].start())
            items = [text[prev:count.start()] for prev, count in
                     zip([names_at, *(c.end() for c in counts[:-1])], counts, strict=True)]
    if len(items) != len(values):
        return listed.end(2)
    phrases = [vocab.outcome_pattern.findall(item) for item in items]
    if not all(len(found) == 1 for found in phrases):
        return listed.end(2)  # 予以公开（含部分公开）、不予公开分别占…: a name is not one outcome
    names, snippet = text[names_at:at], printed[names_at:listed.end(2)].strip()
    if _COMPARE.search(names) or _COMPARE.search(listed.group(1)):
        result.yoy_percents.extend((vocab.outcome_of[found[0]], f"{snippet}（{found[0]}）") for found in phrases)
    elif not (_other_time(names, year) or _other_time(text[clause_at:percent_at], year)):
        for found, value in zip(phrases, values, strict=True):
            decimals = len(value.split(".")[1]) if "." in value else 0
            result.percents.append((vocab.outcome_of[found[0]], Decimal(value), decimals, snippet, found[0]))
    return listed.end(2)


def _scan_percents(text: str, printed: str, vocab: Vocabulary, year: int | None, result: Scan,
                   totals: list[tuple[int, str]] | None = None) -> None:
    start = 0
    respective = "分别" in text  # most sentences have no 分别 list
    listed_until = -1
    for match in _PERCENT.finditer(text):
        context_start, start = start, match.end()
        if match.start() < listed_until:
            continue  # a later percentage of a 分别 list, read with the list
        context = text[context_start:match.start()]
        clause_at = _clause_start(context, 0, len(context))
        clause = context[clause_at:]
        if respective and "分别" in clause:
            end = _respective_percents(text, printed, context_start + clause_at, match.start(), vocab, year, result)
            if end is not None:
                listed_until = end
                continue
        named = _named_outcome(vocab, context)
        # 予以公开6件，部分公开2件，合计8件，占20.5%: the share is the sum's, not the last outcome's (rule 23).
        summed = [(at, name) for at, name in totals if context_start + named.end < at <= match.start()] \
            if totals and named else None
        quantities: tuple[str, ...]
        if summed and named:
            sum_end, name = summed[-1]
            if not name:
                continue  # a sum of other counts, or of counts that could not be named
            if not (sum_end > context_start + clause_at or _RATE_CONTEXT.search(clause) or _COMPARE.search(clause)):
                continue  # 合计8件，好评率100%: no share of the sum
            quantities, phrase_at = (name,), _clause_start(context, 0, named.start)
        elif named and context.startswith("率", named.end):
            # 不予公开率, 予以公开率: the numerator is the outcome named (rule 23), not 公开率's
            quantities, phrase_at = named.names, _clause_start(context, 0, named.start)
        elif "公开率" in clause:
            quantities, phrase_at = ("disclosed",), clause_at  # 公开率 = (予以公开 + 部分公开) / 办结
        elif named and (named.start >= clause_at or _RATE_CONTEXT.search(clause) or _COMPARE.search(clause)):
            quantities, phrase_at = named.names, _clause_start(context, 0, named.start)
        else:
            continue  # 好评率、回复率 …: not a table-三 ratio
        snippet = printed[context_start + phrase_at:match.end()].strip()
        if _COMPARE.search(clause):
            result.yoy_percents.extend((quantity, snippet) for quantity in quantities)
            continue
        if _other_time(clause, year):
            continue  # 上年公开率为18%: last year's rate, not this year's tables
        printed_value = match.group(1)
        decimals = len(printed_value.split(".")[1]) if "." in printed_value else 0
        result.percents.extend((quantity, Decimal(printed_value), decimals, snippet, "") for quantity in quantities)


# --- rules -------------------------------------------------------------------------------------

_TEXT_RULES = ("TXT-NEW-RECEIVED", "TXT-CARRY", "TXT-TOTAL", "TXT-OUTCOME", "TXT-REVIEW", "TXT-LITIGATION",
               "TXT-ART20")
_ABOUT = {
    "TXT-NEW-RECEIVED": "新收/受理申请数",
    "TXT-CARRY": "结转申请数",
    "TXT-TOTAL": "办结申请数",
    "TXT-OUTCOME": "办理结果数",
    "TXT-REVIEW": "行政复议数",
    "TXT-LITIGATION": "行政诉讼数",
    "TXT-ART20": "主动公开数据",
}
_NOT_MENTIONED = {code: f"正文未提及{about}" for code, about in _ABOUT.items()}


@cache
def _mention_operands(version: str, candidates: tuple[str, ...]) -> tuple[tuple[Quantity, ...], tuple[str, ...]]:
    """The candidate quantities of a mention and all their cells, per template version."""
    vocab = vocabulary(version)
    quantities = tuple(vocab.quantity(c) for c in candidates)
    # A cell shared by two candidates (新收 alone, and 新收 + 上年结转) is named once.
    return quantities, tuple(dict.fromkeys(k for q in quantities for k in q.keys))


def _compare_mention(report: AnnualReport, version: str, code: str, snippet: str, number: int,
                     candidates: tuple[str, ...], severity: str, item: str = "") -> Finding:
    quantities, cells = _mention_operands(version, candidates)
    claim = f"正文“{snippet}”称{item}{number}件"
    if item:  # one snippet holds a whole 分别 list: the item tells its findings apart
        snippet = f"{snippet}（{item}）"
    values: list[tuple[Number | None, str]] = []
    for quantity in quantities:
        value, why = evaluate(report, quantity)
        if value is not None and value == number:  # the first candidate that agrees
            return Finding(code, PASS, None, f"{claim}，与{quantity.label}（{show_number(value)}）一致", snippet,
                           cells, value, number)
        values.append((value, why))
    blocked = [(q, why) for q, (v, why) in zip(quantities, values, strict=True) if v is None]
    if blocked:
        why = "；".join(f"{q.label}含非数字项：{w}" for q, w in blocked)
        return finding(code, NOT_ASSESSABLE, f"{claim}；无法核对：{why}", instance=snippet, cells=cells,
                       expected=values[0][0], actual=number)
    shown = "，".join(f"{q.label}为{show_number(v)}" for q, (v, _) in zip(quantities, values, strict=True))
    return finding(code, FAIL, f"{claim}，与表格不符：{shown}", severity=severity, instance=snippet, cells=cells,
                   expected=values[0][0], actual=number)


def check_narrative(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    version3 = table_version(report, "t3")
    if version3 is None:
        return [finding(code, NOT_ASSESSABLE, "无法确定表格格式，未核对正文数字")
                for code in (*_TEXT_RULES, "TXT-PERCENT", "TXT-CONTRADICTION")]
    vocab = vocabulary(version3)
    found = scan(report, version3)
    by_code: dict[str, list[Finding]] = {code: [] for code in _TEXT_RULES}
    for code, snippet in found.skipped:
        by_code.setdefault(code, []).append(
            finding(code, NOT_ASSESSABLE, f"正文“{snippet}”使用中文数字，未核对", severity=INFO, instance=snippet))
    for mention in found.mentions:
        severity = INFO if mention.code == "TXT-ART20" else WARNING
        by_code[mention.code].append(_compare_mention(report, version3, mention.code, mention.snippet,
                                                      mention.number, mention.candidates, severity, mention.item))
    for code, snippet in found.zero_claims:
        candidates = ("t4.reconsideration.total",) if code == "TXT-REVIEW" else ("calc.t4.litigation.total",)
        result = _compare_mention(report, version3, code, snippet, 0, candidates, WARNING)
        by_code[code].append(result)
    out: list[Finding] = []
    for code in _TEXT_RULES:
        out.extend(by_code[code] or [Finding(code, NOT_APPLICABLE, None, _NOT_MENTIONED[code])])
    out.extend(_percent_findings(report, vocab, found, previous))
    out.extend(_contradictions(report, vocab, found))
    return out


_DENOMINATORS = ("t3.total.total", "t3.new_received.total", "calc.t3.inflow.total")


def _percent_findings(report: AnnualReport, vocab: Vocabulary, found: Scan,
                      previous: AnnualReport | None) -> list[Finding]:
    code = "TXT-PERCENT"
    out: list[Finding] = []
    for quantity_name, snippet in found.yoy_percents:
        out.append(_yoy_percent(report, vocab, quantity_name, snippet, previous))
    for quantity_name, printed, decimals, snippet, item in found.percents:
        # In a 分别 list one snippet holds several percentages: the item tells them apart.
        quoted = f"正文“{snippet}”" + (f"中{item}{printed}%" if item else "")
        instance = f"{snippet}（{item}）" if item else snippet
        numerator = vocab.quantity(quantity_name)
        num_value, why = evaluate(report, numerator)
        cells = list(numerator.keys)
        if num_value is None:
            out.append(finding(code, NOT_ASSESSABLE, f"{quoted}；无法核对：{numerator.label}含非数字项：{why}",
                               instance=instance, cells=cells, actual=printed))
            continue
        tolerance = Fraction(5, 10 ** (decimals + 1))
        tried: list[str] = []
        matched = None
        first_computed: Fraction | None = None
        blocked = False
        for name in _DENOMINATORS:
            denominator = vocab.quantities[name]
            cells.extend(k for k in denominator.keys if k not in cells)
            den_value, _ = evaluate(report, denominator)
            if den_value is None:
                blocked = True
                continue
            if den_value == 0:
                continue
            computed = Fraction(100) * Fraction(str(num_value)) / Fraction(str(den_value))
            first_computed = first_computed if first_computed is not None else computed
            tried.append(f"{numerator.label}÷{denominator.label}＝{show_number(num_value)}/{show_number(den_value)}"
                         f"＝{float(computed):.{max(decimals, 2)}f}%")
            if abs(computed - Fraction(str(printed))) <= tolerance:
                matched = (denominator, computed)
                break
        if matched:
            denominator, computed = matched
            out.append(finding(code, PASS, f"{quoted}与表格一致：{tried[-1]}（分母为{denominator.label}）",
                               instance=instance, cells=cells, expected=_round(computed, decimals), actual=printed))
        elif first_computed is None:
            out.append(finding(code, NOT_ASSESSABLE, f"{quoted}；分母为0或含非数字项，无法核对",
                               instance=instance, cells=cells, actual=printed))
        elif blocked:
            out.append(finding(code, NOT_ASSESSABLE, f"{quoted}与可计算的比例不符（{'；'.join(tried)}），"
                               "另有分母含非数字项，无法最终核对", instance=instance, cells=cells, actual=printed))
        else:
            out.append(finding(code, FAIL, f"{quoted}与表格不符：{'；'.join(tried)}", severity=WARNING,
                               instance=instance, cells=cells, expected=_round(first_computed, decimals),
                               actual=printed))
    return out or [finding(code, NOT_APPLICABLE, "正文没有涉及办理结果的百分比")]


def _round(value: Fraction, decimals: int) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-decimals))


def _yoy_percent(report: AnnualReport, vocab: Vocabulary, quantity_name: str, snippet: str,
                 previous: AnnualReport | None) -> Finding:
    code = "TXT-PERCENT"
    # A change on last year needs last year's figure; the growth rate itself is not recomputed here,
    # because the base (新收, 办结 …) is rarely named unambiguously.
    if previous is None:
        return finding(code, NOT_ASSESSABLE, f"正文“{snippet}”为同比变化，缺少上一年度报告，无法核对",
                       instance=snippet, cells=vocab.quantity(quantity_name).keys)
    return finding(code, NOT_ASSESSABLE, f"正文“{snippet}”为同比变化，未自动核对", instance=snippet,
                   cells=vocab.quantity(quantity_name).keys)


def _contradictions(report: AnnualReport, vocab: Vocabulary, found: Scan) -> list[Finding]:
    code = "TXT-CONTRADICTION"
    out: list[Finding] = []
    for instance, phrases, quantity_name, claim in (
        ("concluded", found.concluded_all, "t3.carry_forward.total", "全部申请均已办结"),
        ("none_received", found.none_received, "t3.new_received.total", "未收到政府信息公开申请"),
    ):
        quantity = vocab.quantities[quantity_name]
        if not phrases:
            message = f"正文未称“{claim}”"
            if instance == "none_received" and found.about_reviews:
                message = f"正文“{found.about_reviews[0]}”指行政复议、行政诉讼，不是称未收到申请"
            elif instance == "none_received" and found.qualified:
                message = f"正文“{found.qualified[0]}”只涉及部分申请人或提交渠道，不是称未收到申请"
            out.append(finding(code, PASS, message, instance=instance, cells=quantity.keys))
            continue
        value, why = evaluate(report, quantity)
        snippet = phrases[0]
        if value is None:
            out.append(finding(code, NOT_ASSESSABLE, f"正文“{snippet}”；无法核对：{why}", instance=instance,
                               cells=quantity.keys))
        elif value > 0:
            out.append(finding(code, FAIL, f"正文“{snippet}”，但{quantity.label}为{show_number(value)}",
                               severity=WARNING, instance=instance, cells=quantity.keys, expected=0,
                               actual=value))
        else:
            out.append(finding(code, PASS, f"正文“{snippet}”，与{quantity.label}（0）一致", instance=instance,
                               cells=quantity.keys, expected=0, actual=value))
    return out


# --- period, year, section 五, government items, fees -------------------------------------------------


def check_period(report: AnnualReport) -> list[Finding]:
    code = "TXT-PERIOD"
    if report.year is None:
        return [finding(code, NOT_ASSESSABLE, "报告年度未知，无法核对统计期限")]
    year = report.year
    others: list[str] = []
    for text in (report.preamble, *(s.text for s in report.sections)):
        folded = fold(text)
        if "31" not in folded:
            continue  # every match ends in 12月31日: most texts need no regex search
        for match in _PERIOD.finditer(folded):
            start, end = int(match.group(1)), int(match.group(2) or match.group(1))
            snippet = text[match.start():match.end()]
            if start == year and end == year:
                return [finding(code, PASS, f"统计期限“{snippet}”与{year}年度一致", instance="period",
                                expected=year, actual=year)]
            others.append(snippet)
    if others:
        return [finding(code, FAIL, f"统计期限“{others[0]}”不是{year}年1月1日至{year}年12月31日",
                        severity=WARNING, instance="period", expected=year, actual=others[0])]
    return [finding(code, FAIL, f"正文未说明统计期限（{year}年1月1日至12月31日）", severity=INFO,
                    instance="period", expected=year)]


def check_year_mentions(report: AnnualReport) -> list[Finding]:
    code = "TXT-YEAR"
    if report.year is None:
        return [finding(code, NOT_ASSESSABLE, "报告年度未知，无法核对正文年份")]
    out: list[Finding] = []
    seen = 0
    for text in (report.preamble, *(s.text for s in report.sections)):
        folded = fold(text)
        for match in _YEAR_ACTION.finditer(folded):
            seen += 1
            year = int(match.group(1))
            if year == report.year or _names_other_year(folded, match, report.year):
                continue
            if year == report.year + 1 and _FUTURE.search(match.group(2) + folded[match.end():match.end() + 6]):
                continue  # 2021年将…: plans for next year, not a copied figure
            snippet = text[match.start():match.end()]
            out.append(finding(code, FAIL, f"正文“{snippet}”的年份为{year}，报告年度为{report.year}"
                               "（可能沿用了往年文字）", severity=WARNING, instance=snippet,
                               expected=report.year, actual=year))
    if out:
        return out
    if not seen:
        return [finding(code, NOT_APPLICABLE, "正文没有“某年＋收到/受理/公开/办理”的表述")]
    return [finding(code, PASS, f"正文所述年份均为{report.year}年")]


def _names_other_year(text: str, match: re.Match[str], year: int) -> bool:
    """Whether a year other than the report's, before an action (`_YEAR_ACTION`), is rightly there."""
    at = match.start()
    sentence = max(text.rfind(c, 0, at) for c in "。!?;！？；\n") + 1
    before = text[_clause_start(text, sentence, at):at]
    if _YEAR_COMPARE.search(before) or _YEAR_SPAN.search(match.group(2)):
        return True  # 相较于2021年收到的, 2021年同期收到, 2020年以来共受理
    if _YEAR_NAME.match(text, match.end()) or text.rfind("《", sentence, at) > text.rfind("》", sentence, at):
        return True  # 发布《2021年政府信息公开工作年度报告》
    if _YEAR_CARRIED.match(text, match.end()):
        return True  # 2021年受理但未办结的2件申请结转至2022年办理
    # After this year's figure or name in the same sentence, an earlier year is a comparison
    # (全年收到申请20件，2021年收到10件; 公开率20%，2021年公开率为18%); copied text opens with its year.
    return _COUNT.search(text, sentence, at) is not None or _PERCENT.search(text, sentence, at) is not None \
        or _THIS_YEAR.search(text, sentence, at) is not None or text.find(f"{year}年", sentence, at) >= 0


def check_section5(report: AnnualReport) -> list[Finding]:
    code = "TXT-SECTION5"
    section = report.section(5)
    if section is None:
        return [finding(code, NOT_ASSESSABLE, "未找到第五部分，无法核对（见 STRUCT-SECTIONS）")]
    content = "".join(fold(section.text).split())
    if len(content) < 10:
        shown = f"“{section.text.strip()}”" if content else "为空"
        return [finding(code, FAIL, f"第五部分「存在的主要问题及改进情况」内容{shown}，不足10个字",
                        severity=WARNING, actual=len(content))]
    return [finding(code, PASS, f"第五部分有{len(content)}个字", actual=len(content))]


def check_gov_items(report: AnnualReport, agency_kind: str | None) -> list[Finding]:
    code = "TXT-GOV-ITEMS"
    if agency_kind != "government":
        return [finding(code, NOT_APPLICABLE, "仅适用于登记为人民政府的机关（第五十条第（四）项）")]
    text = report.narrative()
    out = []
    for term in _GOV_TERMS:
        if term in text:
            out.append(finding(code, PASS, f"正文提及“{term}”", instance=term))
        else:
            out.append(finding(code, FAIL, f"人民政府的年度报告应报告{term}结果情况（条例第五十条第（四）项），"
                               f"正文未提及“{term}”", severity=WARNING, instance=term))
    return out


def check_fee_section(report: AnnualReport, generated: bool) -> list[Finding]:
    code = "FEE-SECTION6"
    if report.year is None:
        return [finding(code, NOT_ASSESSABLE, "报告年度未知")]
    if report.year < 2021:
        # 国办函〔2020〕109号 applies from 2021-01-01.
        return [finding(code, NOT_APPLICABLE, f"{report.year}年度早于信息处理费办法施行（2021年1月1日）")]
    section = report.section(6)
    text = section.text if section else ""
    severity = ERROR if generated else INFO
    out: list[Finding] = []
    # Never compare 六 with t2.art20_8.* (trap 2): 行政事业性收费 is not 信息处理费.
    if _FEE_STATEMENT.search(fold(text)):
        out.append(finding(code, PASS, "第六部分说明了信息处理费收取情况", instance="statement"))
    else:
        out.append(finding(code, FAIL, "第六部分未说明本年度信息处理费收取情况（“未收取”亦可）", severity=severity,
                           instance="statement"))
    key = "t3.other.unpaid_fee.total"
    unpaid = number(report.cells, key)
    if table_version(report, "t3") == "2021" and unpaid:
        if _FEE_NAME.search(text):
            out.append(finding(code, PASS, "表三有逾期未缴费的申请，第六部分提及信息处理费", instance="unpaid_fee",
                               cells=(key,)))
        else:
            out.append(finding(code, FAIL, f"表三「逾期未按收费通知要求缴纳费用」为{unpaid}件，说明发出过收费通知，"
                               "第六部分宜说明信息处理费情况", severity=INFO, instance="unpaid_fee",
                               cells=(key,), actual=unpaid))
    return out


def check_fee_amount(report: AnnualReport, fees_paid: Decimal) -> Finding:
    """Generation path: the amount stated in 六 must equal the fees paid in Y per the case records."""
    code = "FEE-SECTION6"
    section = report.section(6)
    text = fold(section.text if section else "")
    stated = re.search(r"信息处理费[^。;；]{0,16}?(\d+(?:\.\d+)?)\s*元", text)
    none = re.search(r"(?:未|没有|无|不)收取[^。;；]{0,12}费", text)
    amount = Decimal(stated.group(1)) if stated else (Decimal(0) if none else None)
    if amount is None:
        return finding(code, FAIL, "第六部分未说明信息处理费金额", severity=ERROR, instance="amount",
                       expected=fees_paid)
    if amount == fees_paid:
        return finding(code, PASS, f"第六部分所述信息处理费{amount}元与办件记录一致", instance="amount",
                       expected=fees_paid, actual=amount)
    return finding(code, FAIL, f"第六部分所述信息处理费{amount}元，办件记录为{fees_paid}元", severity=ERROR,
                   instance="amount", expected=fees_paid, actual=amount)

