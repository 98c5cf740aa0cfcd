"""The agency tree: region → 人民政府 → 部门 / 派出机构 / 乡镇街道."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from gongkai.accounts.roles import Cap, Policy
from gongkai.agencies import codes
from gongkai.audit.models import Audited


class Kind(models.TextChoices):
    REGION = "region", "行政区域"
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    DISPATCHED = "dispatched", "派出机构"
    TOWNSHIP = "township", "乡镇（街道）"


# The statutory deadline for last year's annual report, as (month, day) of the following year
# (条例 第四十九条). Other kinds are not named there and must be configured per agency (DOMAIN §10 Q13).
STATUTORY_DEADLINES: dict[str, tuple[int, int]] = {
    Kind.GOVERNMENT: (3, 31),
    Kind.DEPARTMENT: (1, 31),
}

# Which kinds may sit under which: keeps the tree meaningful without forbidding local arrangements.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    Kind.REGION: {None, Kind.REGION},
    Kind.GOVERNMENT: {Kind.REGION},
    Kind.DEPARTMENT: {Kind.GOVERNMENT, Kind.DISPATCHED, Kind.DEPARTMENT, Kind.TOWNSHIP},
    Kind.DISPATCHED: {Kind.GOVERNMENT},
    Kind.TOWNSHIP: {Kind.GOVERNMENT, Kind.DISPATCHED},
}


class Agency(Audited):
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField("全称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    region_code = models.CharField(
        "行政区划代码", max_length=12, blank=True, help_text="行政区域填写，如 430300。"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    org_code = models.CharField(
        "组织机构代码",
        max_length=10,
        blank=True,
        help_text="9 位，可含连字符；只有统一社会信用代码时可不填。",
    )
    # 条例 第十二条: the 指南 must give the 工作机构's name, address, hours, phone, fax and web contact.
    disclosure_office = models.CharField(
        "政府信息公开工作机构", max_length=100, blank=True, help_text="如“湘潭市人民政府办公室”。"
    )
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=100, blank=True)
    fax = models.CharField("传真号码", max_length=100, blank=True)
    web_contact = models.CharField(
        "互联网联系方式", max_length=200, blank=True, help_text="网站、电子邮箱或在线申请地址。"
    )
    report_deadline_month = models.PositiveSmallIntegerField("年度报告报送期限（月）", null=True, blank=True)
    report_deadline_day = models.PositiveSmallIntegerField(
        "年度报告报送期限（日）",
        null=True,
        blank=True,
        help_text="本地规定的期限；政府和部门不得晚于法定期限，其他机构必须填写。",
    )
    is_active = models.BooleanField("在用", default=True)
    is_demo = models.BooleanField("演示数据", default=False, editable=False)
    # Materialised path of primary keys, "/1/5/12/": a subtree is one indexed prefix query on any database.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    access = Policy(agency="", read=Cap.VIEW)
    audit_exclude = frozenset({"path"})

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ("path",)
        constraints = (
            models.UniqueConstraint(fields=["parent", "name"], name="unique_agency_name_under_parent"),
        )

    def __str__(self) -> str:
        return self.name

    # --- tree ---------------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def subtree(self) -> models.QuerySet[Agency]:
        return Agency.objects.filter(path__startswith=self.path)

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            old_path = self.path
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else "/"
            new_path = f"{parent_path}{self.pk}/"
            if new_path != old_path:
                # Derived column: written with update() so it is not an audit event of its own.
                Agency.objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                    )
                self.path = new_path

    # --- validation ---------------------------------------------------------------------------
    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.credit_code = self.credit_code.strip().upper()
        self.org_code = codes.normalize_org_code(self.org_code)
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind and parent_kind not in ALLOWED_PARENTS.get(self.kind, set()):
            where = self.parent.get_kind_display() if self.parent_id else "顶层"
            errors["parent"] = f"{self.get_kind_display()}不能设在{where}之下。"
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            errors["parent"] = "上级不能是本机构或其下级机构。"
        if self.credit_code and not codes.is_valid_credit_code(self.credit_code):
            errors["credit_code"] = "统一社会信用代码应为 18 位，且校验码正确（GB 32100—2015）。"
        if self.org_code and not codes.is_valid_org_code(self.org_code):
            errors["org_code"] = "组织机构代码应为 9 位，且校验码正确（GB 11714）。"
        if self.kind and self.kind != Kind.REGION and not (self.credit_code or self.org_code):
            errors["credit_code"] = "请填写统一社会信用代码或组织机构代码（生成索引号需要）。"
        month, day = self.report_deadline_month, self.report_deadline_day
        if (month is None) != (day is None):
            errors["report_deadline_day"] = "报送期限的月和日应同时填写。"
        elif month is not None:
            try:
                local = datetime.date(2001, month, day)  # a non-leap year: 2月29日 is no fixed deadline
            except ValueError:
                errors["report_deadline_day"] = "报送期限不是有效日期。"
            else:
                statutory = STATUTORY_DEADLINES.get(self.kind)
                if statutory and local > datetime.date(2001, *statutory):
                    errors["report_deadline_day"] = (
                        f"本地期限不得晚于法定期限（{statutory[0]}月{statutory[1]}日，条例第四十九条）。"
                    )
        if errors:
            raise ValidationError(errors)

    # --- facts derived from the record --------------------------------------------------------
    @property
    def index_prefix(self) -> str:
        """前段码 of the 2008 索引号: the 9-character 组织机构代码, derived from the credit code if needed."""
        if self.org_code:
            return codes.normalize_org_code(self.org_code)
        if self.credit_code:
            return codes.org_code_from_credit_code(self.credit_code)
        return ""

    def report_deadline(self, year: int) -> datetime.date | None:
        """The last day to publish the report on `year`: the local deadline if set, else the statutory one.

        None when neither applies (乡镇, 开发区, 第五十四条 organisations without a configured date).
        """
        if self.kind == Kind.REGION:
            return None
        if self.report_deadline_month and self.report_deadline_day:
            return datetime.date(year + 1, self.report_deadline_month, self.report_deadline_day)
        statutory = STATUTORY_DEADLINES.get(self.kind)
        return datetime.date(year + 1, *statutory) if statutory else None

    def statutory_deadline(self, year: int) -> datetime.date | None:
        statutory = STATUTORY_DEADLINES.get(self.kind)
        return datetime.date(year + 1, *statutory) if statutory else None

    def guide_contacts(self) -> list[tuple[str, str]]:
        """The 第十二条 items for the 指南, in the order the 指南 prints them."""
        return [
            ("政府信息公开工作机构", self.disclosure_office or self.name),
            ("办公地址", self.office_address),
            ("办公时间", self.office_hours),
            ("联系电话", self.phone),
            ("传真号码", self.fax),
            ("互联网联系方式", self.web_contact),
        ]

    def missing_guide_items(self) -> list[str]:
        return [label for label, value in self.guide_contacts() if not value]


def tree_order(agencies: list[Agency]) -> list[tuple[Agency, int]]:
    """Agencies depth-first (siblings in creation order), each with its depth relative to the shallowest."""
    ordered = sorted(agencies, key=lambda a: [int(p) for p in a.path.strip("/").split("/") if p])
    top = min((a.depth for a in ordered), default=0)
    return [(a, a.depth - top) for a in ordered]
