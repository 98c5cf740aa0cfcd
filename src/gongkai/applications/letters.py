"""Letters of 依申请公开 as DOCX: replies (第三十六—四十一条), 补正, 延期, 征求第三方意见, 收费通知.

The module is deliberately independent of the Django models: a case page builds a plain
:class:`LetterData`, calls :func:`letter_text` to show the generated wording, lets staff edit it,
and calls :func:`render_letter` with the edited :class:`LetterText` to produce the DOCX to issue.
That keeps the legal wording testable without a database and lets the same code serve a CLI.

Legal facts (articles, outcome labels, statutory periods, fee tiers) are read from
``gongkai.law``; nothing here re-types an article that an outcome definition already holds.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.law import fees
from gongkai.law.calendar import CalendarError
from gongkai.law.deadlines import (
    CLARIFICATION_NOTICE_PERIOD,
    CONSULTATION_REPLY_PERIOD,
    FEE_PAYMENT_PERIOD,
    MAX_EXTENSION,
    Channel,
    clarification_notice_due,
)
from gongkai.law.outcomes import Outcome, OutcomeError, is_available, outcome
from gongkai.report.render.docx import set_cjk_font

__all__ = [
    "LetterData",
    "LetterError",
    "LetterKind",
    "LetterText",
    "citation",
    "letter_text",
    "missing_essentials",
    "render_letter",
    "reply_kind",
    "required_fields",
    "yuan_in_words",
]

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》"
REVIEW_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
# The 2023 revision of the 行政复议法 (in force 2024-01-01) moved the 60-day period to 第二十条 and
# made review mandatory before suing over 不予公开 (第二十三条第一款第（四）项). Letters dated
# earlier keep the plain either/or wording and cite no article numbers of that law.
REVIEW_LAW_2023 = date(2024, 1, 1)
REVIEW_DAYS = 60  # 行政复议法第二十条: 六十日
LITIGATION_MONTHS = 6  # 行政诉讼法第四十六条: 六个月

_BODY_FONT = "仿宋_GB2312"
_TITLE_FONT = "方正小标宋简体"
# Word and LibreOffice substitute w:altName when the 方正/GB2312 fonts are not installed, which is
# the usual case outside government desktops; 仿宋 and 宋体 ship with every Chinese Windows.
_FALLBACKS = {_BODY_FONT: "仿宋", _TITLE_FONT: "宋体"}
_BODY_PT = 16  # 三号
_TITLE_PT = 22  # 二号
_LINE_PT = 29  # GB/T 9704-2012: 22 lines a page on a 225 mm 版心
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class LetterError(ValueError):
    """A letter cannot be produced from the data; ``str(exc)`` is a Chinese message naming the fields.

    ``fields`` holds the :class:`LetterData` attribute names concerned, so a form can mark them.
    """

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


class LetterKind(StrEnum):
    # Reply letters, one per outcome family (the prefix of the outcome code).
    GRANTED = "granted"  # 予以公开, 第三十六条（一）（二）
    PARTIAL = "partial"  # 部分公开, 第三十七条
    DENIED = "denied"  # 不予公开, 第十四—十六条, 第三十六条（三）（七）
    UNABLE = "unable"  # 无法提供, 第三十六条（四）（五）, 第三十八条, 第三十条
    NOT_PROCESSED = "not_processed"  # 不予处理, 第三十五条, 第三十六条（六）, 第三十九条
    OTHER = "other"  # 其他处理
    # Procedural letters.
    CLARIFICATION = "clarification"  # 补正告知书, 第三十条
    EXTENSION = "extension"  # 延期答复告知书, 第三十三条第二款
    THIRD_PARTY = "third_party"  # 征求第三方意见函, 第三十二条
    FEE_NOTICE = "fee_notice"  # 收费通知书, 国办函〔2020〕109号

    @property
    def is_reply(self) -> bool:
        return self in _REPLY_KINDS

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def doc_name(self) -> str:
        """How the letter refers to itself (本答复书 / 本告知书 / 本函 / 本通知书)."""
        return _DOC_NAMES[self]


_REPLY_KINDS = frozenset(
    {LetterKind.GRANTED, LetterKind.PARTIAL, LetterKind.DENIED, LetterKind.UNABLE,
     LetterKind.NOT_PROCESSED, LetterKind.OTHER}
)  # fmt: skip
# A decision on the substance (公开、部分公开、不予公开) is an 答复书; the others tell the applicant
# why the application ends without one, so they are 告知书.
_TITLES = {
    LetterKind.GRANTED: "政府信息公开申请答复书",
    LetterKind.PARTIAL: "政府信息公开申请答复书",
    LetterKind.DENIED: "政府信息公开申请答复书",
    LetterKind.UNABLE: "政府信息公开申请告知书",
    LetterKind.NOT_PROCESSED: "政府信息公开申请告知书",
    LetterKind.OTHER: "政府信息公开申请告知书",
    LetterKind.CLARIFICATION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.THIRD_PARTY: "政府信息公开征求第三方意见函",
    LetterKind.FEE_NOTICE: "政府信息公开信息处理费收费通知书",
}
_DOC_NAMES = {
    **{k: "答复书" for k in (LetterKind.GRANTED, LetterKind.PARTIAL, LetterKind.DENIED)},
    **{k: "告知书" for k in (LetterKind.UNABLE, LetterKind.NOT_PROCESSED, LetterKind.OTHER)},
    LetterKind.CLARIFICATION: "告知书",
    LetterKind.EXTENSION: "告知书",
    LetterKind.THIRD_PARTY: "函",
    LetterKind.FEE_NOTICE: "通知书",
}


def reply_kind(code: str) -> LetterKind:
    """The reply letter for an outcome code: its family is the code's prefix (DOMAIN.md §6.8)."""
    _outcome(code)
    return LetterKind(code.split(".", 1)[0])


# -- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class LetterData:
    """Everything a letter may say; each kind uses a subset (see :func:`required_fields`)."""

    # The agency issuing the letter (Agency: 全称, 办公地址, 邮政编码, 联系电话, 工作机构).
    agency_name: str = ""
    agency_address: str = ""
    agency_phone: str = ""
    agency_postcode: str = ""
    agency_contact_office: str = ""
    # 行政复议机关 under 行政复议法第二十四条 (usually 本级人民政府); an agency setting.
    review_body: str = ""
    court: str = ""  # optional: the competent court; otherwise "人民法院"
    # The applicant.
    applicant_name: str = ""
    applicant_is_organisation: bool = False  # addresses "你单位" instead of "您"
    applicant_address: str = ""
    applicant_postcode: str = ""
    # The application.
    application_number: str = ""
    received_on: date | None = None  # 收到申请之日 (第三十一条)
    request_summary: str = ""
    channel: Channel | str | None = None
    # The letter itself.
    letter_date: date | None = None
    doc_number: str = ""  # 文号, e.g. 湘高管公开〔2026〕12号
    # Reply letters.
    outcome_code: str = ""
    reasons: str = ""  # reasons / grounds; required where the law says 说明理由
    info_description: str = ""  # the information provided (granted, partial)
    info_form: str = ""  # 提供形式 (第四十条): 纸质复印件, 电子文档 …
    access: str = ""  # 获取方式、途径 (and time) for published information or publications
    responsible_agency: str = ""  # 第三十六条（五）: the agency that should disclose, if known
    responsible_agency_contact: str = ""
    # 补正 (第三十条).
    clarification_items: tuple[str, ...] = ()
    clarification_deadline: date | None = None
    clarification_sent_on: date | None = None  # for the 逾期不补正 / 仍不明确 replies
    # 延期 (第三十三条第二款).
    extension_days: int | None = None
    new_due: date | None = None
    extension_approver: str = ""
    original_due: date | None = None  # optional: checks the notice is sent before it
    # 征求第三方意见 (第三十二条).
    third_party_name: str = ""
    consultation_deadline: date | None = None
    # The consulted party does not need the applicant's identity; naming it is an opt-in.
    disclose_applicant_to_third_party: bool = False
    # 收费 (国办函〔2020〕109号).
    fee: fees.FeeResult | None = None
    fee_payment_method: str = ""
    fee_payment_due: date | None = None
    fee_notice_on: date | None = None  # for the 逾期未缴费 reply
    # 撤回.
    withdrawn_on: date | None = None


# Chinese names of the fields, used in every error message and by staff forms.
FIELD_LABELS: dict[str, str] = {
    "agency_name": "行政机关全称",
    "agency_address": "行政机关办公地址",
    "agency_phone": "联系电话",
    "agency_postcode": "邮政编码",
    "agency_contact_office": "政府信息公开工作机构",
    "review_body": "行政复议机关",
    "court": "管辖法院",
    "applicant_name": "申请人姓名或名称",
    "applicant_is_organisation": "申请人是否为法人或其他组织",
    "applicant_address": "申请人通信地址",
    "applicant_postcode": "申请人邮政编码",
    "application_number": "申请编号",
    "received_on": "收到申请日期",
    "request_summary": "申请内容描述",
    "channel": "申请提交方式",
    "letter_date": "文书日期",
    "doc_number": "文号",
    "outcome_code": "办理结果",
    "reasons": "理由",
    "info_description": "提供的政府信息",
    "info_form": "提供形式",
    "access": "获取方式和途径",
    "responsible_agency": "负责公开的行政机关",
    "responsible_agency_contact": "负责公开的行政机关联系方式",
    "clarification_items": "需要补正的事项",
    "clarification_deadline": "补正期限",
    "clarification_sent_on": "补正告知日期",
    "extension_days": "延长的工作日数",
    "new_due": "延长后的答复期限",
    "extension_approver": "同意延期的工作机构负责人",
    "original_due": "原答复期限",
    "third_party_name": "第三方名称",
    "consultation_deadline": "第三方提出意见的期限",
    "disclose_applicant_to_third_party": "是否向第三方告知申请人",
    "fee": "信息处理费计算结果",
    "fee_payment_method": "缴费方式",
    "fee_payment_due": "缴费截止日期",
    "fee_notice_on": "收费通知日期",
    "withdrawn_on": "撤回申请日期",
}

_COMMON = ("agency_name", "agency_address", "agency_phone", "agency_contact_office", "letter_date")
_APPLICATION = ("application_number", "received_on", "request_summary")
_KIND_FIELDS: dict[LetterKind, tuple[str, ...]] = {
    # Every reply states the remedies, so the 复议机关 must be known (行政复议法第二十条).
    **{k: ("applicant_name", *_APPLICATION, "outcome_code", "review_body") for k in _REPLY_KINDS},
    LetterKind.CLARIFICATION: ("applicant_name", *_APPLICATION, "clarification_items", "clarification_deadline"),
    LetterKind.EXTENSION: ("applicant_name", *_APPLICATION, "extension_days", "new_due", "extension_approver"),
    LetterKind.THIRD_PARTY: ("third_party_name", *_APPLICATION, "consultation_deadline"),
    LetterKind.FEE_NOTICE: ("applicant_name", *_APPLICATION, "fee", "fee_payment_method", "fee_payment_due"),
}
# What the law makes each reply say, beyond the common fields.
_OUTCOME_FIELDS: dict[str, tuple[str, ...]] = {
    "granted.already_public": ("access",),  # 第三十六条（一）: 告知获取的方式和途径
    "granted.provided": ("info_description", "info_form"),  # 第三十六条（二）, 第四十条
    "partial": ("info_description", "info_form", "reasons"),  # 第三十七条: 说明理由
    "unable.not_responsible": ("reasons",),  # 第三十六条（五）: 说明理由
    "not_processed.excessive": ("reasons",),  # 第三十五条: why the reasons are not reasonable
    "other.no_clarification": ("clarification_deadline",),  # 第三十条: the lapsed deadline
    "other.unpaid_fee": ("fee_payment_due",),  # 109号: the lapsed payment deadline
}
# 第三十六条（三）: 不予公开 always 说明理由; 第三十六条（七） needs the applicable law named.
_DENIED_FIELDS = ("reasons",)


def _outcome(code: str) -> Outcome:
    try:
        return outcome(code)
    except OutcomeError as exc:
        raise LetterError(f"{exc}请选择{FIELD_LABELS['outcome_code']}（outcome_code）。", ("outcome_code",)) from None


def required_fields(kind: LetterKind | str, outcome_code: str = "") -> tuple[str, ...]:
    """The :class:`LetterData` fields a letter needs, for a form to mark them required."""
    kind = LetterKind(kind)
    names = [*_COMMON, *_KIND_FIELDS[kind]]
    if kind.is_reply and outcome_code:
        o = _outcome(outcome_code)
        if kind is LetterKind.DENIED:
            names += _DENIED_FIELDS
        names += _OUTCOME_FIELDS.get(o.code, ())
        if o.requires_reason:  # outcomes.py marks the residual outcome as needing a reason
            names.append("reasons")
    return tuple(dict.fromkeys(names))


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple):
        return not any(str(v).strip() for v in value)
    return False


def _validate(kind: LetterKind, data: LetterData) -> Outcome | None:
    """Raise :class:`LetterError` naming every missing field, then check the legal constraints."""
    o: Outcome | None = None
    if kind.is_reply and not _blank(data.outcome_code):
        o = _outcome(data.outcome_code)
        if reply_kind(o.code) is not kind:
            raise LetterError(
                f"{FIELD_LABELS['outcome_code']}（outcome_code）“{o.label}”应使用{reply_kind(o.code).title}"
                f"（{reply_kind(o.code).value}），不能用于所选文书（{kind.value}）。",
                ("outcome_code",),
            )
    missing = [n for n in required_fields(kind, o.code if o else "") if _blank(getattr(data, n))]
    if missing:
        names = "、".join(f"{FIELD_LABELS[n]}（{n}）" for n in missing)
        raise LetterError(f"生成《{kind.title}》缺少：{names}。", tuple(missing))

    assert data.letter_date is not None and data.received_on is not None  # checked above
    if data.letter_date < data.received_on:
        raise LetterError(
            f"{FIELD_LABELS['letter_date']}（letter_date）{_day(data.letter_date)}早于"
            f"{FIELD_LABELS['received_on']}（received_on）{_day(data.received_on)}。",
            ("letter_date", "received_on"),
        )
    if data.channel not in (None, ""):
        try:
            Channel(data.channel)
        except ValueError:
            raise LetterError(f"未知的{FIELD_LABELS['channel']}（channel）“{data.channel}”。", ("channel",)) from None
    if o is not None and not is_available(o.code, data.received_on):
        # 109号 fees exist only from 2021-01-01, so an unpaid-fee lapse cannot occur earlier.
        raise LetterError(
            f"{FIELD_LABELS['outcome_code']}（outcome_code）“{o.label}”不适用于{_day(data.received_on)}收到的申请。",
            ("outcome_code",),
        )

    if kind is LetterKind.CLARIFICATION:
        _after("clarification_deadline", data.clarification_deadline, data.letter_date)
    elif kind is LetterKind.EXTENSION:
        n = data.extension_days
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_EXTENSION:
            raise LetterError(
                f"{FIELD_LABELS['extension_days']}（extension_days）应为1至{MAX_EXTENSION}的整数"
                f"（第三十三条第二款：延长的期限最长不得超过{MAX_EXTENSION}个工作日）；收到：{n}。",
                ("extension_days",),
            )
        _after("new_due", data.new_due, data.letter_date)
        if data.original_due is not None and data.letter_date > data.original_due:
            # 第三十三条第二款: the extension must be approved and notified before the period ends.
            raise LetterError(
                f"延期答复须在原答复期限{_day(data.original_due)}届满前告知申请人（第三十三条第二款），"
                f"{FIELD_LABELS['letter_date']}（letter_date）为{_day(data.letter_date)}。",
                ("letter_date", "original_due"),
            )
    elif kind is LetterKind.THIRD_PARTY:
        _after("consultation_deadline", data.consultation_deadline, data.letter_date)
    elif kind is LetterKind.FEE_NOTICE:
        assert data.fee is not None
        if data.received_on < fees.FEES_IN_FORCE:
            raise LetterError(
                f"{fees.INSTRUMENT}自{_day(fees.FEES_IN_FORCE)}起施行，{FIELD_LABELS['received_on']}"
                f"（received_on）为{_day(data.received_on)}的申请不适用信息处理费。",
                ("received_on", "fee"),
            )
        if data.fee.amount <= 0:
            raise LetterError(f"{FIELD_LABELS['fee']}（fee）为0元，无需发出收费通知。", ("fee",))
        _after("fee_payment_due", data.fee_payment_due, data.letter_date)
    return o


def _after(name: str, value: date | None, letter_date: date) -> None:
    if value is not None and value <= letter_date:
        raise LetterError(
            f"{FIELD_LABELS[name]}（{name}）{_day(value)}应晚于{FIELD_LABELS['letter_date']}{_day(letter_date)}。",
            (name,),
        )


# -- text ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterText:
    """The wording of a letter as plain strings, so a staff page can show and edit it before issue.

    ``notes`` are hints for staff (e.g. a late 补正 notice); they are never rendered.
    """

    title: str
    paragraphs: tuple[str, ...]
    doc_number: str = ""
    addressee: str = ""
    signature: tuple[str, ...] = ()  # right-aligned: issuing agency, date
    notes: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "addressee": self.addressee,
            "paragraphs": list(self.paragraphs),
            "signature": list(self.signature),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LetterText:
        return cls(
            title=str(data.get("title", "")),
            doc_number=str(data.get("doc_number", "")),
            addressee=str(data.get("addressee", "")),
            paragraphs=tuple(str(p) for p in data.get("paragraphs", ())),
            signature=tuple(str(p) for p in data.get("signature", ())),
            notes=tuple(str(p) for p in data.get("notes", ())),
        )

    def plain(self) -> str:
        """The whole letter as text, in reading order (for previews and search)."""
        head = [self.title, self.doc_number, self.addressee]
        return "\n".join(p for p in (*head, *self.paragraphs, *self.signature) if p)


def _day(d: date) -> str:
    # GB/T 9704-2012 7.3.5.3: 成文日期 in Arabic numerals, year in full, no leading zeros.
    return f"{d.year}年{d.month}月{d.day}日"


def citation(basis: str) -> str:
    """An outcome's ``basis`` as it is cited in a letter; ``""`` when no article is known."""
    if not basis:
        return ""
    if basis == fees.INSTRUMENT:
        return f"{FEE_RULES}（{fees.INSTRUMENT}）"
    return f"{REGULATION}{basis}"


def _family(o: Outcome) -> str:
    """予以公开 / 部分公开 / 不予公开 …: the template heading each outcome label starts with."""
    return re.split(r"[：（]", o.label, maxsplit=1)[0]


def _ground(o: Outcome) -> str:
    """The ground after the family in a label, e.g. 属于国家秘密 for denied.state_secret."""
    return o.label.split("：", 1)[1] if "：" in o.label else ""


def _end(text: str) -> str:
    """Staff text ends a sentence: add 。 unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；.!?;）)”" else text + "。"


def _you(data: LetterData) -> str:
    return "你单位" if data.applicant_is_organisation else "您"


def _opening(data: LetterData, *, third_person: bool = False) -> str:
    assert data.received_on is not None
    who = (data.applicant_name if data.disclose_applicant_to_third_party else "申请人") if third_person else _you(data)
    how = f"，提交方式：{Channel(data.channel).label}" if data.channel not in (None, "") else ""
    return (
        f"{who}于{_day(data.received_on)}向本机关提出政府信息公开申请（申请编号：{data.application_number}{how}），"
        f"申请获取“{data.request_summary.strip()}”。"
    )


def _contact(data: LetterData) -> str:
    post = f"；邮政编码：{data.agency_postcode}" if data.agency_postcode.strip() else ""
    return (
        f"联系机构：{data.agency_contact_office}；地址：{data.agency_address}{post}；"
        f"联系电话：{data.agency_phone}。"
    )


def _remedies(kind: LetterKind, data: LetterData) -> str:
    """The applicant's remedies (条例第五十一条; 行政复议法第二十条、第二十三条; 行政诉讼法第四十六条)."""
    assert data.letter_date is not None
    name = kind.doc_name
    court = data.court.strip() or "人民法院"
    new_law = data.letter_date >= REVIEW_LAW_2023
    if new_law and kind in (LetterKind.DENIED, LetterKind.PARTIAL):
        # 行政复议法（2023）第二十三条第一款第（四）项: review comes first for 不予公开; telling the
        # applicant to sue directly would lead to a dismissed suit.
        part = "中不予公开的决定" if kind is LetterKind.PARTIAL else ""
        return (
            f"如对本{name}{part}不服，依照{REVIEW_LAW}第二十三条第一款第（四）项的规定，应当先申请行政复议："
            f"可以自收到本{name}之日起{REVIEW_DAYS}日内向{data.review_body}申请行政复议（{REVIEW_LAW}第二十条）；"
            f"对行政复议决定不服的，可以依法向{court}提起行政诉讼。"
        )
    if new_law:
        return (
            f"如对本{name}不服，可以依照{REVIEW_LAW}第二十条的规定，自收到本{name}之日起{REVIEW_DAYS}日内"
            f"向{data.review_body}申请行政复议；或者依照{LITIGATION_LAW}第四十六条的规定，"
            f"自收到本{name}之日起{LITIGATION_MONTHS}个月内向{court}提起行政诉讼。"
        )
    return (
        f"如对本{name}不服，可以自收到本{name}之日起{REVIEW_DAYS}日内向{data.review_body}申请行政复议，"
        f"或者自收到本{name}之日起{LITIGATION_MONTHS}个月内向{court}提起行政诉讼。"
    )


def _according(o: Outcome) -> str:
    cite = citation(o.basis)
    return f"根据{cite}的规定，" if cite else ""


def _reply_body(data: LetterData, o: Outcome) -> list[str]:
    """The decision paragraphs of a reply, per outcome (第三十六—三十九条, 第三十条, 109号)."""
    you = _you(data)
    reasons = _end(data.reasons)
    according = _according(o)
    code = o.code
    out: list[str] = []
    if code == "granted.already_public":
        out.append(f"经审查，{you}申请获取的政府信息本机关已经主动公开。{according}现告知{you}获取该政府信息的"
                   f"方式和途径：{_end(data.access)}")
    elif code == "granted.provided":
        out.append(f"经审查，{you}申请获取的政府信息属于公开范围。{according}本机关予以公开，"
                   f"现向{you}提供：{data.info_description.strip()}（提供形式：{data.info_form.strip()}）。")
        if data.access.strip():
            out.append(f"获取方式、途径和时间：{_end(data.access)}")
    elif code == "partial":
        out.append(f"经审查，{you}申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
                   f"{according}本机关向{you}提供可以公开的部分：{data.info_description.strip()}"
                   f"（提供形式：{data.info_form.strip()}）。")
        out.append(f"对其余部分不予公开，理由如下：{reasons}")
    elif code == "denied.inquiry_matter":
        out.append(f"经审查，{you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取"
                   f"有特别规定：{reasons}{according}请{you}按照有关法律、行政法规的规定办理。")
    elif o.code.startswith("denied."):
        named = code == "denied.third_party" and data.third_party_name.strip()
        third = f"（涉及第三方：{data.third_party_name.strip()}）" if named else ""
        out.append(f"经审查，{you}申请获取的政府信息属于不予公开的情形（{_ground(o)}）{third}。理由如下：{reasons}")
        out.append(f"{according}本机关决定不予公开。")
    elif code == "unable.not_exist":
        out.append(f"经检索，本机关没有{you}所申请公开的政府信息。{reasons}{according}现告知{you}该政府信息不存在。")
    elif code == "unable.not_responsible":
        out.append(f"经审查，{you}所申请公开的政府信息不属于本机关负责公开。理由如下：{reasons}")
        if data.responsible_agency.strip():
            contact = data.responsible_agency_contact.strip()
            out.append(f"负责公开该政府信息的行政机关为{data.responsible_agency.strip()}"
                       + (f"，联系方式：{contact}" if contact else "") + f"，{you}可以向该机关提出申请。")
        out.append(f"{according}特此告知。")
    elif code == "unable.needs_creation":
        out.append(f"经审查，{you}申请获取的信息本机关没有现成的政府信息，需要对现有政府信息进行加工、分析"
                   f"或者另行制作。{reasons}{according}本机关不予提供。")
    elif code == "unable.still_unclear":
        sent = f"本机关已于{_day(data.clarification_sent_on)}告知{you}作出补正，" if data.clarification_sent_on else ""
        out.append(f"{sent}经审查，{you}补正后的申请内容仍不明确，本机关无法确定{you}所申请公开的政府信息。"
                   f"{reasons}{according}本机关无法提供。")
    elif code == "not_processed.petition":
        out.append(f"经审查，{you}以政府信息公开申请的形式进行信访、投诉、举报等活动。{according}"
                   f"本机关不作为政府信息公开申请处理。{reasons}")
        if data.access.strip():
            out.append(f"{you}可以通过以下渠道提出：{_end(data.access)}")
    elif code == "not_processed.repeat":
        out.append(f"经审查，{you}重复申请公开相同的政府信息，本机关已就该信息作出过答复。{reasons}"
                   f"{according}本机关不予重复处理。")
    elif code == "not_processed.publication":
        out.append(f"经审查，{you}申请获取的是政府公报、报刊、书籍等公开出版物。{reasons}{according}"
                   f"本机关不作为政府信息公开申请处理。")
        if data.access.strip():
            out.append(f"{you}可以通过以下途径获取：{_end(data.access)}")
    elif code == "not_processed.excessive":
        out.append(f"{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由。"
                   f"经审查：{reasons}{according}本机关不予处理。")
    elif code == "not_processed.reconfirm":
        out.append(f"经审查，{you}要求本机关确认或者重新出具{you}已获取的信息，该要求不属于政府信息公开申请。"
                   f"{reasons}本机关不予处理。")
    elif code == "other.no_clarification":
        assert data.clarification_deadline is not None
        sent = f"于{_day(data.clarification_sent_on)}" if data.clarification_sent_on else ""
        out.append(f"本机关已{sent}一次性告知{you}作出补正，补正期限至{_day(data.clarification_deadline)}。"
                   f"{you}无正当理由逾期未补正。{reasons}{according}视为放弃申请，本机关不再处理该政府信息公开申请。")
    elif code == "other.unpaid_fee":
        assert data.fee_payment_due is not None
        sent = f"于{_day(data.fee_notice_on)}" if data.fee_notice_on else ""
        out.append(f"本机关已{sent}向{you}发出信息处理费收费通知，缴费期限至{_day(data.fee_payment_due)}。"
                   f"{you}逾期未缴纳。{reasons}{according}视为放弃申请，本机关不再处理该政府信息公开申请。")
    elif code == "other.withdrawn":
        when = f"于{_day(data.withdrawn_on)}" if data.withdrawn_on else "已"
        out.append(f"{you}{when}撤回上述政府信息公开申请。{reasons}本机关终止处理该政府信息公开申请。")
    else:  # other.other: the residual outcome (no article); the required reason text is the decision.
        out.append(f"经审查，{reasons}")
    return [p for p in out if p]


def letter_text(kind: LetterKind | str, data: LetterData) -> LetterText:
    """The generated wording of a letter; raises :class:`LetterError` for missing or wrong data."""
    kind = LetterKind(kind)
    o = _validate(kind, data)
    assert data.letter_date is not None
    you = _you(data)
    notes: list[str] = []
    paras: list[str] = []
    addressee = f"{data.applicant_name.strip()}："

    if kind.is_reply:
        assert o is not None
        paras.append(_opening(data))
        paras += _reply_body(data, o)
        paras.append(_remedies(kind, data))
    elif kind is LetterKind.CLARIFICATION:
        assert data.clarification_deadline is not None and data.received_on is not None
        paras.append(_opening(data))
        if data.reasons.strip():
            paras.append(f"经审查，{you}的申请内容不明确：{_end(data.reasons)}")
        else:
            paras.append(f"经审查，{you}的申请内容不明确，本机关无法据此确定{you}所申请公开的政府信息。")
        paras.append(f"根据{REGULATION}第三十条的规定，现一次性告知{you}需要补正的事项：")
        items = [i.strip() for i in data.clarification_items if i.strip()]
        paras += [f"{n}. {_end(item)}" for n, item in enumerate(items, 1)]
        paras.append(
            f"请{you}于{_day(data.clarification_deadline)}前向本机关提交补正后的申请。"
            f"答复期限自本机关收到补正的申请之日起计算。{you}无正当理由逾期不补正的，视为放弃申请，"
            f"本机关不再处理该政府信息公开申请。"
        )
        try:
            due = clarification_notice_due(data.received_on)
            if data.letter_date > due:
                notes.append(
                    f"第三十条要求自收到申请之日起{CLARIFICATION_NOTICE_PERIOD}个工作日内告知补正，"
                    f"期限为{_day(due)}，本告知书日期已晚于该期限。"
                )
        except CalendarError as exc:  # fail closed: say so instead of guessing (DOMAIN.md §8.4)
            notes.append(f"无法核对补正告知期限：{exc}")
    elif kind is LetterKind.EXTENSION:
        assert data.new_due is not None
        paras.append(_opening(data))
        why = f"因{data.reasons.strip().rstrip('。')}，" if data.reasons.strip() else ""
        paras.append(
            f"{why}本机关需要延长答复期限。经本机关政府信息公开工作机构负责人{data.extension_approver.strip()}同意，"
            f"根据{REGULATION}第三十三条第二款的规定，答复期限延长{data.extension_days}个工作日，"
            f"本机关将于{_day(data.new_due)}前作出答复。"
        )
    elif kind is LetterKind.THIRD_PARTY:
        assert data.consultation_deadline is not None
        addressee = f"{data.third_party_name.strip()}："
        paras.append(_opening(data, third_person=True))
        concern = _end(data.reasons) if data.reasons.strip() else ""
        paras.append(
            f"经审查，该申请所涉政府信息公开后可能损害贵方合法权益。{concern}根据{REGULATION}第三十二条的规定，"
            f"现书面征求贵方意见。"
        )
        paras.append(
            f"请贵方自收到本函之日起{CONSULTATION_REPLY_PERIOD}个工作日内（即{_day(data.consultation_deadline)}前）"
            f"以书面形式提出是否同意公开的意见；不同意公开的，请说明理由。"
        )
        paras.append(
            "贵方逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
            "贵方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"
        )
    else:  # FEE_NOTICE
        fee = data.fee
        assert fee is not None and data.fee_payment_due is not None
        paras.append(_opening(data))
        why = f"{_end(data.reasons)}" if data.reasons.strip() else ""
        paras.append(
            f"{why}根据{REGULATION}第四十二条和{FEE_RULES}（{fees.INSTRUMENT}）的规定，"
            f"本机关决定对{you}的申请收取信息处理费。"
        )
        # The fee trace is the calculator's own explanation; its internal lines (the maximum-amount
        # and discretion remarks, warnings for staff) are not addressed to the applicant.
        basis = [line for line in fee.trace if "最高" not in line and not line.startswith("注意")]
        paras.append("".join(_end(line) for line in basis))
        paras.append(
            f"收费数额：人民币{_amount(fee.amount)}元（大写：人民币{yuan_in_words(fee.amount)}）。"
        )
        paras.append(f"缴纳方式：{_end(data.fee_payment_method)}")
        paras.append(
            f"请{you}自收到本通知书次日起{FEE_PAYMENT_PERIOD}个工作日内（即{_day(data.fee_payment_due)}前）缴纳。"
            f"逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            f"本机关收到费用后将按规定出具财政票据，并继续办理{you}的申请。"
        )
        if any(line.startswith("注意") for line in fee.trace):
            notes += [line for line in fee.trace if line.startswith("注意")]

    paras.append(_contact(data))
    return LetterText(
        title=kind.title,
        doc_number=data.doc_number.strip(),
        addressee=addressee,
        paragraphs=tuple(paras),
        signature=(data.agency_name.strip(), _day(data.letter_date)),
        notes=tuple(notes),
    )


def missing_essentials(kind: LetterKind | str, data: LetterData, text: LetterText) -> tuple[str, ...]:
    """What an edited text dropped that the law makes the letter say, as Chinese warnings for staff.

    Editing is free (the agency signs the letter), so this warns rather than refuses.
    """
    kind = LetterKind(kind)
    o = _validate(kind, data)
    body = text.plain()
    wanted: list[tuple[str, str]] = []
    if o is not None and citation(o.basis):
        wanted.append((o.basis, "法律依据"))
    if kind.is_reply:
        wanted += [("申请行政复议", "行政复议告知"), (data.review_body.strip(), "行政复议机关")]
        if not (data.letter_date and data.letter_date >= REVIEW_LAW_2023 and kind in (LetterKind.DENIED, LetterKind.PARTIAL)):
            wanted.append(("提起行政诉讼", "行政诉讼告知"))
    if kind is LetterKind.FEE_NOTICE and data.fee is not None and data.fee_payment_due is not None:
        wanted += [(_amount(data.fee.amount), "收费数额"), (_day(data.fee_payment_due), "缴费截止日期"),
                   ("视为放弃申请", "逾期未缴费的后果")]
    if kind is LetterKind.CLARIFICATION and data.clarification_deadline is not None:
        wanted += [(_day(data.clarification_deadline), "补正期限"), ("视为放弃申请", "逾期不补正的后果")]
    if kind is LetterKind.EXTENSION and data.new_due is not None:
        wanted += [(_day(data.new_due), "延长后的答复期限")]
    if kind is LetterKind.THIRD_PARTY:
        wanted += [(f"{CONSULTATION_REPLY_PERIOD}个工作日", "提出意见的期限")]
    return tuple(f"编辑后的文书缺少{what}（“{needle}”）。" for needle, what in wanted if needle and needle not in body)


# -- amounts -------------------------------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _amount(value: Decimal) -> str:
    """83460 → 83,460; 12.5 → 12.50 (the thousands separator of financial figures)."""
    return f"{value:,.2f}" if value != value.to_integral_value() else f"{int(value):,}"


def _four(n: int) -> str:
    """0 < n < 10000 in capital numerals, with 零 for inner gaps (1010 → 壹仟零壹拾)."""
    out = ""
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _SMALL_UNITS[pos]
    return out


def yuan_in_words(value: Decimal | int) -> str:
    """An amount in 大写 for financial documents: 83460 → 捌万叁仟肆佰陆拾元整."""
    value = Decimal(value).quantize(Decimal("0.01"))
    if value < 0:
        raise LetterError(f"金额不能为负数：{value}。")
    whole = int(value)
    cents = int((value - whole) * 100)
    if whole >= 10**16:
        raise LetterError(f"金额过大：{value}。")
    text = ""
    groups: list[int] = []
    n = whole
    while n:
        groups.append(n % 10000)
        n //= 10000
    need_zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or g < 1000):
            text += "零"
        text += _four(g) + _BIG_UNITS[i]
        need_zero = False
    text = (text + "元") if text else ""
    jiao, fen = divmod(cents, 10)
    if not cents:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return text


# -- DOCX ----------------------------------------------------------------------------------------


def _declare_fallbacks(document: Any) -> None:
    """Add the fonts with w:altName to fontTable.xml, so a missing 方正 font falls back to 宋体."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for name, alt in _FALLBACKS.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
                etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
                etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if alt == "仿宋" else "roman")
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            return


def _paragraph(document: Any, text: str, *, align: Any = None, indent: bool = False, font: str = _BODY_FONT,
               size: float = _BODY_PT, space_after: float = 0, right_indent: float = 0) -> None:
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(_LINE_PT if size <= _BODY_PT else size + 10)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(2 * size)  # 首行缩进二字
    if right_indent:
        fmt.right_indent = Pt(right_indent)
    if text:
        set_cjk_font(p.add_run(text), font, size)


def _check_text(text: LetterText) -> None:
    if not text.title.strip():
        raise LetterError("文书标题不能为空。", ("title",))
    if not any(p.strip() for p in text.paragraphs):
        raise LetterError("文书正文不能为空。", ("paragraphs",))
    parts = [("标题", text.title), ("文号", text.doc_number), ("主送", text.addressee)]
    parts += [(f"正文第{i}段", p) for i, p in enumerate(text.paragraphs, 1)]
    parts += [(f"落款第{i}行", p) for i, p in enumerate(text.signature, 1)]
    for where, value in parts:
        if _CONTROL.search(value):
            raise LetterError(f"{where}含有无法写入文书的控制字符，请删除后重试。", ("paragraphs",))


def render_letter(kind: LetterKind | str, data: LetterData, text: LetterText | None = None) -> bytes:
    """The letter as DOCX bytes; ``text`` is the staff-edited wording, rendered verbatim.

    The data is validated even with an edited text: the letter belongs to a case whose record must
    be complete, and the edited text started from :func:`letter_text` of that same data.
    """
    kind = LetterKind(kind)
    generated = letter_text(kind, data)
    text = text if text is not None else generated
    _check_text(text)

    document = docx.Document()
    _declare_fallbacks(document)
    # GB/T 9704-2012 5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    set_cjk_font(normal, _BODY_FONT, _BODY_PT)

    props = document.core_properties
    props.title = text.title
    props.author = data.agency_name
    props.subject = data.application_number
    props.comments = ""
    props.keywords = kind.value

    _paragraph(document, text.title, align=WD_ALIGN_PARAGRAPH.CENTER, font=_TITLE_FONT, size=_TITLE_PT,
               space_after=_LINE_PT / 2)
    if text.doc_number:
        _paragraph(document, text.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=_LINE_PT / 2)
    if text.addressee:
        _paragraph(document, text.addressee)
    for p in text.paragraphs:
        _paragraph(document, p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    if text.signature:
        _paragraph(document, "")  # one blank line before the 落款
        for line in text.signature:
            # 落款 and 成文日期 right-aligned, 右空四字 (GB/T 9704-2012 7.3.5.1).
            _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4 * _BODY_PT)

    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
