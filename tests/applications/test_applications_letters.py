"""Letters of 依申请公开 (issue 5): every kind and every outcome code renders a DOCX with the right law.

Pure tests: LetterData is a plain dataclass, so no Django model and no database are involved.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.letters import (
    FIELD_LABELS,
    LetterData,
    LetterError,
    LetterKind,
    LetterText,
    citation,
    letter_text,
    missing_essentials,
    render_letter,
    reply_kind,
    required_fields,
    yuan_in_words,
)
from gongkai.law import fees
from gongkai.law.deadlines import CONSULTATION_REPLY_PERIOD, FEE_PAYMENT_PERIOD, fee_payment_due
from gongkai.law.outcomes import OUTCOMES, outcome

AGENCY = "湘潭高新技术产业开发区管理委员会"
APPLICANT = "张三"
THIRD_PARTY = "湘潭某建设有限公司"
REVIEW_BODY = "湘潭市人民政府"
PROCEDURAL = (LetterKind.CLARIFICATION, LetterKind.EXTENSION, LetterKind.THIRD_PARTY, LetterKind.FEE_NOTICE)


def _lt_data(**overrides: object) -> LetterData:
    """A complete case: every field any letter may need is filled (DOMAIN.md §6.5 worked dates)."""
    values: dict[str, object] = dict(
        agency_name=AGENCY,
        agency_address="湘潭市岳塘区晓塘路9号",
        agency_phone="0731-58585858",
        agency_postcode="411100",
        agency_contact_office="湘潭高新区党政办公室",
        review_body=REVIEW_BODY,
        applicant_name=APPLICANT,
        applicant_address="湘潭市雨湖区某街1号",
        applicant_postcode="411100",
        application_number="GK-2026-0012",
        received_on=date(2026, 2, 10),
        request_summary="2025年度高新区道路改造工程招标文件",
        channel="online",
        letter_date=date(2026, 3, 6),
        doc_number="湘高管公开〔2026〕12号",
        reasons="所申请信息载有第三方的商业秘密",
        info_description="2025年度道路改造工程招标公告（1份）",
        info_form="电子文档",
        access="湘潭高新区门户网站“政府信息公开”栏目",
        responsible_agency="湘潭市住房和城乡建设局",
        responsible_agency_contact="0731-55555555",
        clarification_items=("请说明所需文件的名称或文号", "请说明所需信息的时间范围"),
        clarification_deadline=date(2026, 3, 20),
        clarification_sent_on=date(2026, 2, 12),
        extension_days=20,
        new_due=date(2026, 4, 14),
        extension_approver="李四",
        original_due=date(2026, 3, 16),
        third_party_name=THIRD_PARTY,
        consultation_deadline=date(2026, 3, 30),
        fee=fees.per_page(2219, on=date(2026, 2, 10)),
        fee_payment_method="通过湖南省非税收入一般缴款书缴纳",
        fee_payment_due=date(2026, 4, 2),
        fee_notice_on=date(2026, 3, 5),
        withdrawn_on=date(2026, 3, 1),
    )
    values.update(overrides)
    return LetterData(**values)  # type: ignore[arg-type]


def _lt_docx_text(blob: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(blob))
    return document, "\n".join(p.text for p in document.paragraphs)


def _lt_day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- every outcome code ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(OUTCOMES))
def test_reply_letter_for_every_outcome(code: str) -> None:
    o = outcome(code)
    kind = reply_kind(code)
    data = _lt_data(outcome_code=code)
    document, text = _lt_docx_text(render_letter(kind, data))
    assert document.paragraphs[0].text == kind.title
    if o.basis:
        assert citation(o.basis) in text  # the article comes from gongkai.law.outcomes
    else:
        assert "第三十" not in text.split("如对本")[0].split("申请获取")[1]  # no invented article
    assert AGENCY in text and APPLICANT in text
    assert _lt_day(data.received_on) in text and _lt_day(data.letter_date) in text  # type: ignore[arg-type]
    assert data.application_number in text
    # Remedies: 60 days of 行政复议 before the 复议机关, then litigation (6 months, or after review).
    assert f"60日内向{REVIEW_BODY}申请行政复议" in text
    assert "《中华人民共和国行政复议法》第二十条" in text
    if kind in (LetterKind.DENIED, LetterKind.PARTIAL):
        assert "第二十三条第一款第（四）项" in text and "应当先申请行政复议" in text
        assert "对行政复议决定不服的，可以依法向人民法院提起行政诉讼" in text
    else:
        assert "6个月内向人民法院提起行政诉讼" in text
        assert "《中华人民共和国行政诉讼法》第四十六条" in text
    assert "联系电话：0731-58585858" in text


@pytest.mark.parametrize("code", sorted(OUTCOMES))
def test_reply_kind_is_the_code_family(code: str) -> None:
    kind = reply_kind(code)
    assert kind.is_reply and code.split(".")[0] == kind.value
    # The family heading of the template (予以公开 …) is how every label starts.
    assert outcome(code).label.startswith(
        ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    )


def test_reply_contents_per_outcome() -> None:
    text = letter_text(LetterKind.GRANTED, _lt_data(outcome_code="granted.provided")).plain()
    assert "2025年度道路改造工程招标公告（1份）（提供形式：电子文档）" in text
    text = letter_text(LetterKind.GRANTED, _lt_data(outcome_code="granted.already_public")).plain()
    assert "湘潭高新区门户网站" in text
    text = letter_text(LetterKind.PARTIAL, _lt_data(outcome_code="partial")).plain()
    assert "对其余部分不予公开，理由如下：所申请信息载有第三方的商业秘密。" in text
    text = letter_text(LetterKind.DENIED, _lt_data(outcome_code="denied.third_party")).plain()
    assert THIRD_PARTY in text and "第十五条、第三十二条" in text
    text = letter_text(LetterKind.DENIED, _lt_data(outcome_code="denied.state_secret")).plain()
    assert THIRD_PARTY not in text  # the third party is named only for the 第十五条 ground
    text = letter_text(LetterKind.UNABLE, _lt_data(outcome_code="unable.not_responsible")).plain()
    assert "湘潭市住房和城乡建设局" in text and "0731-55555555" in text
    text = letter_text(LetterKind.OTHER, _lt_data(outcome_code="other.no_clarification")).plain()
    assert "补正期限至2026年3月20日" in text and "视为放弃申请" in text
    text = letter_text(LetterKind.OTHER, _lt_data(outcome_code="other.unpaid_fee")).plain()
    assert "缴费期限至2026年4月2日" in text and "国办函〔2020〕109号" in text


def test_organisation_is_addressed_as_ni_danwei() -> None:
    text = letter_text(
        LetterKind.GRANTED, _lt_data(outcome_code="granted.provided", applicant_is_organisation=True)
    )
    assert "你单位" in text.plain() and "您" not in text.plain()


def test_before_2024_no_mandatory_review_wording() -> None:
    # 行政复议法 2023 revision (复议前置 for 不予公开) is in force from 2024-01-01.
    data = _lt_data(
        outcome_code="denied.state_secret",
        received_on=date(2023, 5, 4),
        letter_date=date(2023, 5, 20),
        original_due=None,
    )
    text = letter_text(LetterKind.DENIED, data).plain()
    assert "应当先申请行政复议" not in text and "6个月内向人民法院提起行政诉讼" in text


# -- procedural letters ---------------------------------------------------------------------------


def test_clarification_notice() -> None:
    data = _lt_data(letter_date=date(2026, 2, 12))
    document, text = _lt_docx_text(render_letter(LetterKind.CLARIFICATION, data))
    assert document.paragraphs[0].text == "政府信息公开申请补正告知书"
    assert "《中华人民共和国政府信息公开条例》第三十条" in text
    assert "1. 请说明所需文件的名称或文号。" in text and "2. 请说明所需信息的时间范围。" in text
    assert "请您于2026年3月20日前" in text and "视为放弃申请" in text
    assert "答复期限自本机关收到补正的申请之日起计算" in text
    assert AGENCY in text and APPLICANT in text
    assert "申请行政复议" not in text  # a 补正 notice is not a decision on the application
    assert letter_text(LetterKind.CLARIFICATION, data).notes == ()


def test_clarification_notice_late_is_flagged_for_staff() -> None:
    # Received 2026-02-10 → the 补正 notice is due 2026-02-26 (DOMAIN.md §6.5, 7 WD).
    notes = letter_text(LetterKind.CLARIFICATION, _lt_data(letter_date=date(2026, 3, 2))).notes
    assert len(notes) == 1 and "2026年2月26日" in notes[0]


def test_extension_notice() -> None:
    document, text = _lt_docx_text(render_letter(LetterKind.EXTENSION, _lt_data()))
    assert document.paragraphs[0].text == "政府信息公开申请延期答复告知书"
    assert "《中华人民共和国政府信息公开条例》第三十三条第二款" in text
    assert "延长20个工作日" in text and "2026年4月14日前作出答复" in text and "李四" in text
    assert AGENCY in text and APPLICANT in text


@pytest.mark.parametrize("days", [0, 21, -1])
def test_extension_over_twenty_days_is_refused(days: int) -> None:
    with pytest.raises(LetterError, match="extension_days") as exc:
        letter_text(LetterKind.EXTENSION, _lt_data(extension_days=days))
    assert "第三十三条第二款" in str(exc.value)


def test_extension_after_original_deadline_is_refused() -> None:
    with pytest.raises(LetterError, match="届满前"):
        letter_text(LetterKind.EXTENSION, _lt_data(letter_date=date(2026, 3, 17)))


def test_third_party_consultation() -> None:
    document, text = _lt_docx_text(render_letter(LetterKind.THIRD_PARTY, _lt_data()))
    assert document.paragraphs[0].text == "政府信息公开征求第三方意见函"
    assert document.paragraphs[2].text == f"{THIRD_PARTY}："
    assert "《中华人民共和国政府信息公开条例》第三十二条" in text
    assert f"{CONSULTATION_REPLY_PERIOD}个工作日内（即2026年3月30日前）" in text
    assert "逾期未提出意见的" in text and AGENCY in text
    # The applicant's identity is not the third party's business unless the agency opts in.
    assert APPLICANT not in text
    text = letter_text(LetterKind.THIRD_PARTY, _lt_data(disclose_applicant_to_third_party=True)).plain()
    assert APPLICANT in text


def test_fee_notice_worked_example_2219_pages() -> None:
    """DOMAIN.md §7.3/§7.4: 2,219 pages → 83,460元; notice received 2026-03-05 → pay by 2026-04-02."""
    result = fees.per_page(2219, on=date(2026, 2, 10))
    assert result.amount == Decimal(83460)
    due = fee_payment_due(date(2026, 3, 5)).due
    assert due == date(2026, 4, 2)
    data = _lt_data(fee=result, fee_payment_due=due, letter_date=date(2026, 3, 4))
    document, text = _lt_docx_text(render_letter(LetterKind.FEE_NOTICE, data))
    assert document.paragraphs[0].text == "政府信息公开信息处理费收费通知书"
    assert "人民币83,460元" in text and "捌万叁仟肆佰陆拾元整" in text
    assert "共2219页" in text and "第201–2219页：2019页 × 40元 = 80760元" in text
    assert "《中华人民共和国政府信息公开条例》第四十二条" in text and "（国办函〔2020〕109号）" in text
    assert f"自收到本通知书次日起{FEE_PAYMENT_PERIOD}个工作日内（即2026年4月2日前）缴纳" in text
    assert "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请" in text
    assert "非税收入一般缴款书" in text and AGENCY in text and APPLICANT in text
    assert "最高" not in text  # the calculator's staff remarks stay out of the letter


def test_fee_notice_per_application() -> None:
    data = _lt_data(fee=fees.per_application(35, on=date(2026, 2, 10)))
    text = letter_text(LetterKind.FEE_NOTICE, data).plain()
    assert "人民币200元" in text and "贰佰元整" in text and "按件计收" in text


def test_fee_notice_refuses_zero_and_pre_2021() -> None:
    with pytest.raises(LetterError, match="0元"):
        letter_text(LetterKind.FEE_NOTICE, _lt_data(fee=fees.per_page(30)))
    with pytest.raises(LetterError, match="received_on"):
        letter_text(LetterKind.FEE_NOTICE, _lt_data(received_on=date(2020, 12, 1), original_due=None))


def test_unpaid_fee_outcome_cannot_predate_109() -> None:
    data = _lt_data(outcome_code="other.unpaid_fee", received_on=date(2020, 12, 1))
    with pytest.raises(LetterError, match="outcome_code"):
        letter_text(LetterKind.OTHER, data)


# -- every kind: DOCX shape -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_renders_official_layout(kind: LetterKind) -> None:
    code = {k.value: c for c in OUTCOMES for k in [reply_kind(c)]}.get(kind.value, "")
    data = _lt_data(outcome_code=code, letter_date=date(2026, 2, 12))
    blob = render_letter(kind, data)
    document, text = _lt_docx_text(blob)
    section = document.sections[0]
    # EMU survive the round trip only to the twip, so compare in whole millimetres.
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    assert [round(v.mm) for v in sizes] == [210, 297, 37, 28]
    title, number = document.paragraphs[0], document.paragraphs[1]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.text == kind.title
    assert title.runs[0].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert number.text == "湘高管公开〔2026〕12号" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = document.paragraphs[4]
    assert body.runs[0].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    signature, dated = document.paragraphs[-2], document.paragraphs[-1]
    assert (signature.text, dated.text) == (AGENCY, "2026年2月12日")
    assert signature.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert AGENCY in text and document.core_properties.title == kind.title
    # The 方正 font falls back to 宋体 where it is not installed.
    with io.BytesIO(blob) as buf:
        import zipfile

        fonts = zipfile.ZipFile(buf).read("word/fontTable.xml").decode()
    assert 'w:name="方正小标宋简体"' in fonts and 'w:altName w:val="宋体"' in fonts


# -- validation -----------------------------------------------------------------------------------


def _lt_cases() -> list[tuple[LetterKind, str, str]]:
    cases = [(kind, "", name) for kind in PROCEDURAL for name in required_fields(kind)]
    for code in sorted(OUTCOMES):
        kind = reply_kind(code)
        cases += [(kind, code, name) for name in required_fields(kind, code) if name != "outcome_code"]
    return cases


@pytest.mark.parametrize(("kind", "code", "name"), _lt_cases())
def test_missing_required_field_is_named(kind: LetterKind, code: str, name: str) -> None:
    empty = {"clarification_items": (), "extension_days": None, "fee": None}.get(name, "")
    if name.endswith(("_on", "_due", "_date", "_deadline")) or name == "new_due":
        empty = None
    data = _lt_data(outcome_code=code, **{name: empty})
    with pytest.raises(LetterError) as exc:
        render_letter(kind, data)
    assert name in str(exc.value) and FIELD_LABELS[name] in str(exc.value)
    assert exc.value.fields == (name,)


def test_reply_requires_an_outcome_code() -> None:
    with pytest.raises(LetterError, match="outcome_code"):
        letter_text(LetterKind.GRANTED, _lt_data(outcome_code=""))
    with pytest.raises(LetterError, match="未知的办理结果代码"):
        letter_text(LetterKind.GRANTED, _lt_data(outcome_code="granted.nonsense"))


def test_denials_and_residual_require_reasons() -> None:
    # 第三十六条（三）: 不予公开 must give reasons; other.other is marked requires_reason in outcomes.py.
    for code in [c for c in OUTCOMES if c.startswith("denied.")] + ["partial", "other.other"]:
        assert "reasons" in required_fields(reply_kind(code), code), code


def test_outcome_of_another_family_is_refused() -> None:
    with pytest.raises(LetterError, match="outcome_code"):
        letter_text(LetterKind.GRANTED, _lt_data(outcome_code="denied.state_secret"))


def test_several_missing_fields_are_all_named() -> None:
    with pytest.raises(LetterError) as exc:
        letter_text(LetterKind.EXTENSION, _lt_data(agency_name=" ", new_due=None))
    assert exc.value.fields == ("agency_name", "new_due")
    assert "行政机关全称（agency_name）" in str(exc.value) and "延长后的答复期限（new_due）" in str(exc.value)


def test_letter_before_receipt_and_unknown_channel_are_refused() -> None:
    with pytest.raises(LetterError, match="letter_date"):
        letter_text(
            LetterKind.GRANTED, _lt_data(outcome_code="granted.provided", letter_date=date(2026, 2, 1))
        )
    with pytest.raises(LetterError, match="channel"):
        letter_text(LetterKind.GRANTED, _lt_data(outcome_code="granted.provided", channel="pigeon"))


def test_field_labels_cover_letter_data() -> None:
    assert {f.name for f in dataclasses.fields(LetterData)} == set(FIELD_LABELS)
    assert {c.split(".")[0] for c in OUTCOMES} == {k.value for k in LetterKind if k.is_reply}


# -- editing before issue -------------------------------------------------------------------------


def test_edited_text_is_rendered_verbatim() -> None:
    data = _lt_data(outcome_code="denied.process_info")
    generated = letter_text(LetterKind.DENIED, data)
    edited = dataclasses.replace(
        generated,
        title="政府信息公开申请答复书（更正）",
        paragraphs=(
            *generated.paragraphs[:1],
            "经审查，  所申请信息为尚在讨论中的过程稿。\t附：说明1份",
            *generated.paragraphs[1:],
        ),
    )
    document, _ = _lt_docx_text(render_letter(LetterKind.DENIED, data, edited))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == edited.title
    assert texts[3 : 3 + len(edited.paragraphs)] == list(edited.paragraphs)
    assert texts[-2:] == list(edited.signature)
    assert missing_essentials(LetterKind.DENIED, data, edited) == ()


def test_letter_text_round_trips_through_a_form() -> None:
    text = letter_text(LetterKind.FEE_NOTICE, _lt_data())
    assert LetterText.from_dict(text.to_dict()) == text


def test_edits_dropping_remedies_are_flagged() -> None:
    data = _lt_data(outcome_code="unable.not_exist")
    generated = letter_text(LetterKind.UNABLE, data)
    edited = dataclasses.replace(
        generated, paragraphs=tuple(p for p in generated.paragraphs if "行政复议" not in p)
    )
    warnings = missing_essentials(LetterKind.UNABLE, data, edited)
    assert any("行政复议告知" in w for w in warnings) and any("行政诉讼告知" in w for w in warnings)
    fee_data = _lt_data()
    fee_text = letter_text(LetterKind.FEE_NOTICE, fee_data)
    cut = dataclasses.replace(fee_text, paragraphs=tuple(p for p in fee_text.paragraphs if "83,460" not in p))
    assert any("收费数额" in w for w in missing_essentials(LetterKind.FEE_NOTICE, fee_data, cut))


def test_edited_text_with_control_characters_or_empty_is_refused() -> None:
    data = _lt_data(outcome_code="granted.provided")
    generated = letter_text(LetterKind.GRANTED, data)
    with pytest.raises(LetterError, match="正文第2段"):
        render_letter(LetterKind.GRANTED, data, dataclasses.replace(generated, paragraphs=("甲", "乙\x07")))
    with pytest.raises(LetterError, match="正文不能为空"):
        render_letter(LetterKind.GRANTED, data, dataclasses.replace(generated, paragraphs=(" ",)))


_LT_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), exclude_characters="\ufffe\uffff"
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(_LT_ALPHABET, min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=4))
def test_any_edited_paragraphs_render_verbatim(paragraphs: list[str]) -> None:
    data = _lt_data(outcome_code="granted.provided")
    edited = dataclasses.replace(letter_text(LetterKind.GRANTED, data), paragraphs=tuple(paragraphs))
    document, _ = _lt_docx_text(render_letter(LetterKind.GRANTED, data, edited))
    assert [p.text for p in document.paragraphs][3 : 3 + len(paragraphs)] == paragraphs


# -- amounts in words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (83460, "捌万叁仟肆佰陆拾元整"),
        (0, "零元整"),
        (10, "壹拾元整"),
        (100, "壹佰元整"),
        (1010, "壹仟零壹拾元整"),
        (2700, "贰仟柒佰元整"),
        (100000, "壹拾万元整"),
        (1000050, "壹佰万零伍拾元整"),
        (10005000, "壹仟万伍仟元整"),
        (100000001, "壹亿零壹元整"),
        (Decimal("12.50"), "壹拾贰元伍角整"),
        (Decimal("12.05"), "壹拾贰元零伍分"),
    ],
)
def test_yuan_in_words(amount: Decimal | int, words: str) -> None:
    assert yuan_in_words(amount) == words
