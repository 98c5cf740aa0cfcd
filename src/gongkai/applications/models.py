"""依申请公开 case records: the application, its event ledger, consultations, attachments, and the
administrator-entered working-day calendar overrides.

Legal logic is not here: receipt dates, deadlines and outcome rows come from ``gongkai.law``; state
changes go through :mod:`gongkai.applications.workflow` only (never assign ``state`` by hand).
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.accounts.roles import Cap, Policy
from gongkai.audit.models import Audited
from gongkai.law.calendar import YearOverride
from gongkai.law.deadlines import Channel
from gongkai.law.outcomes import OUTCOMES, T3_COLUMNS


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a ledger row."""


# -- working-day calendar -------------------------------------------------------------------------


class CalendarYear(Audited):
    """One year's 《国务院办公厅关于YYYY年部分节假日安排的通知》 as entered by a 系统管理员 (DOMAIN §8.4).

    Entering a year marks it covered; it takes precedence over the ``chinese_calendar`` package.
    Installation-wide (belongs to no agency): only a 系统管理员 held at a top-level agency edits it.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    days_off = models.JSONField("放假日", default=list, help_text="ISO 日期列表，含周末在内的全部放假日。")
    workdays = models.JSONField("调休上班日", default=list, help_text="ISO 日期列表。")
    source = models.CharField("通知文号", max_length=100, help_text="如：国办发明电〔2024〕12号")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排（{self.source}）"

    def to_override(self) -> YearOverride:
        return YearOverride.from_dict(
            self.year,
            {
                "days_off": self.days_off,
                "workdays": self.workdays,
                "source": self.source,
                "entered_by": str(self.entered_by) if self.entered_by_id else "",
                "entered_at": self.entered_at.isoformat() if self.entered_at else "",
            },
        )


# -- the application --------------------------------------------------------------------------------


class ApplicantKind(models.TextChoices):
    """Table 三's six applicant columns (DOMAIN §3.3); the value is the column key (§10 Q20)."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    SOCIAL_WELFARE = "social_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


assert {k.value for k in ApplicantKind} == set(T3_COLUMNS) - {"total"}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他身份证明"


class InfoForm(models.TextChoices):
    """第二十九条第二款第（三）项: the form the applicant asks for."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    """第二十九条第二款第（三）项: how the applicant wants to get it."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"


class State(models.TextChoices):
    """DOMAIN §6.9. Changed only by the workflow module."""

    AWAITING_CONFIRMATION = "awaiting_confirmation", "待确认收到"
    IN_PROGRESS = "in_progress", "办理中"
    CLARIFICATION_REQUESTED = "clarification_requested", "待补正"
    CONSULTING = "consulting", "征求意见中"
    REASON_REQUESTED = "reason_requested", "待说明理由"
    FEE_NOTICE_SENT = "fee_notice_sent", "待缴费"
    ANSWERED = "answered", "已答复"
    LAPSED = "lapsed", "视为放弃"
    WITHDRAWN = "withdrawn", "已撤回"
    ARCHIVED = "archived", "已归档"


OPEN_STATES = frozenset(
    {
        State.AWAITING_CONFIRMATION,
        State.IN_PROGRESS,
        State.CLARIFICATION_REQUESTED,
        State.CONSULTING,
        State.REASON_REQUESTED,
        State.FEE_NOTICE_SENT,
    }
)
CONCLUDED_STATES = frozenset({State.ANSWERED, State.LAPSED, State.WITHDRAWN, State.ARCHIVED})

_QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (I/1, O/0)


def new_query_code() -> str:
    """Random code (12 characters, ~60 bits) the applicant uses on the public status page."""
    return "".join(secrets.choice(_QUERY_ALPHABET) for _ in range(12))


class Application(Audited):
    """One 政府信息公开申请 (第二十七—二十九条)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="受理机构", on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField("申请编号", max_length=32, unique=True, editable=False)
    query_code = models.CharField(
        "查询码", max_length=16, unique=True, editable=False, default=new_query_code
    )

    # 第二十九条第二款第（一）项: 姓名或者名称、身份证明、联系方式. Personal data (Cap.PERSONAL).
    applicant_kind = models.CharField("申请人类别", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("身份证明类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)

    # 第二十九条第二款第（二）、（三）项.
    description = models.TextField("所需政府信息的名称、文号或特征性描述")
    purpose = models.TextField("用途", blank=True)
    info_form = models.CharField(
        "信息的形式要求", max_length=20, choices=InfoForm.choices, default=InfoForm.ELECTRONIC
    )
    delivery = models.CharField(
        "获取信息的方式", max_length=20, choices=Delivery.choices, default=Delivery.EMAIL
    )

    # 第三十一条: how it arrived and when.
    channel = models.CharField("提交渠道", max_length=20, choices=[(c.value, c.label) for c in Channel])
    arrived_on = models.DateField("提交（到达、签收）日期")
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    receipt_on = models.DateField("收到申请之日", null=True, blank=True, editable=False, db_index=True)

    state = models.CharField("状态", max_length=30, choices=State.choices, editable=False, db_index=True)

    # 第三十条 补正.
    clarification_requested_on = models.DateField("补正告知日期", null=True, blank=True, editable=False)
    clarification_items = models.TextField("补正内容", blank=True, editable=False)
    clarification_due = models.DateField("申请人补正期限", null=True, blank=True, editable=False)
    clarified_on = models.DateField("收到补正日期", null=True, blank=True, editable=False)

    # 第三十三条第二款 extension (once).
    extension_days = models.PositiveSmallIntegerField("延长工作日数", default=0, editable=False)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="同意延长的负责人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    extension_approved_on = models.DateField("同意延长日期", null=True, blank=True, editable=False)

    # 第三十五条.
    reasons_requested_on = models.DateField("要求说明理由日期", null=True, blank=True, editable=False)
    delayed_to = models.DateField("延迟答复期限（第三十五条）", null=True, blank=True, editable=False)

    # 国办函〔2020〕109号 fee notice.
    fee_notice_on = models.DateField("收费通知送达日期", null=True, blank=True, editable=False)
    fee_amount = models.DecimalField(
        "收费金额（元）", max_digits=10, decimal_places=2, null=True, blank=True, editable=False
    )
    fee_due = models.DateField("缴费期限", null=True, blank=True, editable=False)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True, editable=False)

    # Conclusion (DOMAIN §6.8/§6.9).
    outcome = models.CharField(
        "办理结果",
        max_length=40,
        blank=True,
        editable=False,
        choices=[(o.code, o.label) for o in OUTCOMES.values()],
    )
    outcome_basis = models.CharField("法律依据", max_length=100, blank=True, editable=False)
    outcome_reason = models.TextField("理由", blank=True, editable=False)
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    concluded_on = models.DateField("办结日期", null=True, blank=True, editable=False, db_index=True)

    # Cached answer deadline (recomputed by workflow.recompute_deadline; see deadline_trace).
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False, db_index=True)
    deadline_trace = models.JSONField("期限计算过程", default=list, blank=True, editable=False)
    deadline_error = models.CharField("期限无法计算的原因", max_length=200, blank=True, editable=False)

    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)

    # 承办人 (issue 5 work list): who handles the case; changed only by workflow.assign.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        editable=False,
    )

    access = Policy(agency="agency", read=Cap.CASES)
    audit_sensitive = True  # entries carry applicants' names: only PERSONAL holders see them
    audit_redact = frozenset({"id_number"})
    # The trace is derived from the dates already in the entry.
    audit_exclude = frozenset({"deadline_trace"})

    PERSONAL_FIELDS = ("applicant_name", "id_type", "id_number", "phone", "email", "address", "postal_code")

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=["agency", "state"]),
            # The work list orders by (due_on, id) within the user's agencies, optionally one state or
            # one handler: these keep ORDER BY … LIMIT on an index with 100,000 cases (bench_worklist).
            models.Index(fields=["agency", "due_on", "id"], name="app_agency_due_idx"),
            models.Index(fields=["agency", "state", "due_on", "id"], name="app_agency_state_due_idx"),
            models.Index(fields=["due_on", "id"], name="app_due_idx"),
            models.Index(fields=["assigned_to", "due_on", "id"], name="app_handler_due_idx"),
            # The default view (open cases only): small, and lets deep pages be read from the index alone.
            models.Index(
                fields=["agency", "due_on", "id"],
                name="app_open_due_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
            ),
        )

    def __str__(self) -> str:
        return f"申请 {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def channel_enum(self) -> Channel:
        return Channel(self.channel)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome].label if self.outcome else ""

    @property
    def due_display(self) -> str:
        if self.deadline_error:
            return self.deadline_error
        return self.due_on.isoformat() if self.due_on else "—"

    @property
    def masked_name(self) -> str:
        return (self.applicant_name[:1] + "**") if self.applicant_name else ""


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    CONFIRMED = "confirmed", "确认收到申请"
    CLARIFICATION_REQUESTED = "clarification_requested", "一次性告知补正"
    CLARIFIED = "clarified", "收到补正"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ENDED = "consultation_ended", "收到意见"
    EXTENDED = "extended", "延长答复期限"
    REASONS_REQUESTED = "reasons_requested", "要求说明理由"
    DELAYED = "delayed", "确定延迟答复期限"
    FEE_NOTICE = "fee_notice", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    REPLIED = "replied", "作出答复"
    LAPSED = "lapsed", "视为放弃申请"
    WITHDRAWN = "withdrawn", "撤回申请"
    ARCHIVED = "archived", "归档"
    DEADLINE_CHANGED = "deadline_changed", "期限变更"
    ATTACHMENT_ADDED = "attachment_added", "添加附件"
    ASSIGNED = "assigned", "指定承办人"
    LETTER_ISSUED = "letter_issued", "出具文书"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("办理记录只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("办理记录只能追加，不能删除。")

    _raw_delete = delete


class CaseEvent(models.Model):
    """Append-only ledger of a case: who did what, when, on which legal basis (DOMAIN §6.9 "Audit")."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    on = models.DateField("发生日期")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    state_before = models.CharField("原状态", max_length=30, blank=True)
    state_after = models.CharField("新状态", max_length=30, blank=True)
    basis = models.CharField("法律依据", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    objects = EventQuerySet.as_manager()
    access = Policy(agency="application__agency", read=Cap.CASES)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("办理记录只能追加，不能删除。")


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（第三十二条）"
    AGENCY = "agency", "其他机关（第三十四条）"


class Consultation(Audited):
    """A written consultation; its time is not counted in the answer period (第三十三条第三款)."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField("征求对象类型", max_length=20, choices=ConsultationKind.choices)
    party = models.CharField("征求对象", max_length=200)
    sent_on = models.DateField("发出征求意见日期")
    reply_due = models.DateField("答复截止日期（15个工作日）", null=True, blank=True)
    replied_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.TextField("意见摘要", blank=True)

    access = Policy(agency="application__agency", read=Cap.CASES)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ("sent_on", "id")

    def __str__(self) -> str:
        return f"征求{self.party}意见（{self.sent_on}）"

    @property
    def pause_end(self) -> date | None:
        """The reply day, or without a reply the consultation deadline (DOMAIN §6.4 default)."""
        return self.replied_on or self.reply_due


# -- attachments ------------------------------------------------------------------------------------


class AttachmentKind(models.TextChoices):
    APPLICATION_FORM = "form", "申请表或申请书"
    IDENTITY = "identity", "身份证明"
    CLARIFICATION = "clarification", "补正材料"
    CORRESPONDENCE = "correspondence", "往来函件"
    REPLY = "reply", "答复书"
    OTHER = "other", "其他"


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".txt", ".ofd", ".wps"})


def attachment_root() -> Path:
    """Under the data directory, outside any web root; files are served only by the scoped view."""
    return Path(settings.DATA_DIR) / "attachments"


class Attachment(Audited):
    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类型", max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储名", max_length=100, unique=True, editable=False)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    # Attachments (ID copies, letters) are personal data as a whole: they need Cap.PERSONAL to be read.
    access = Policy(agency="application__agency", read=Cap.PERSONAL)
    audit_sensitive = True

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def path(self) -> Path:
        return attachment_root() / self.stored_name

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


# -- issued letters ---------------------------------------------------------------------------------


def letter_root() -> Path:
    """Issued letters live beside the attachments: under the data directory, never under a web root."""
    return Path(settings.DATA_DIR) / "letters"


class Letter(Audited):
    """A letter issued to the applicant or a third party: the exact (possibly edited) text and its DOCX.

    Letters name the applicant, so reading one needs Cap.PERSONAL (like attachments) and every
    download is logged as a personal-data view.
    """

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField("文书类型", max_length=20)
    title = models.CharField("标题", max_length=100)
    text = models.JSONField("文书内容", default=dict)  # LetterText.to_dict() as issued
    stored_name = models.CharField("存储名", max_length=100, unique=True, editable=False)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="出具人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("出具时间", default=timezone.now)

    access = Policy(agency="application__agency", read=Cap.PERSONAL)
    audit_sensitive = True
    # The text is the letter itself (names the applicant); the digest in the entry identifies it.
    audit_exclude = frozenset({"text"})

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("issued_at", "id")

    def __str__(self) -> str:
        return f"{self.title}（{self.application.number if self.application_id else ''}）"

    @property
    def path(self) -> Path:
        return letter_root() / self.stored_name

    @property
    def filename(self) -> str:
        return f"{self.application.number}-{self.title}.docx"
