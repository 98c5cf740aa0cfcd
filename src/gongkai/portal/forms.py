"""The public application form (第二十九条第二款) and the status look-up form."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Kind
from gongkai.applications import identity
from gongkai.applications.models import _QUERY_ALPHABET, ApplicantKind, Delivery, IdType, InfoForm
from gongkai.portal import uploads

DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 2000
PURPOSE_MAX = 500

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,22}[0-9]$")
_POSTAL = re.compile(r"^\d{6}$")


def public_agencies() -> QuerySet[Agency]:
    """Agencies an application may be addressed to (第二十七条): governments and their departments.

    A 行政区域 is only a node of the tree, never an addressee; deactivated agencies are gone.
    """
    return Agency.objects.filter(is_active=True).exclude(kind=Kind.REGION).order_by("path")


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        # Indent departments under their government; the ideographic space survives HTML whitespace rules.
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); always cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class ApplyForm(forms.Form):
    """Everything 第二十九条第二款 asks of an applicant; nothing more is required of them."""

    agency = AgencyChoice(
        label="受理机构",
        queryset=Agency.objects.none(),
        empty_label="请选择受理申请的行政机关",
        error_messages={"required": "请选择受理机构。", "invalid_choice": "所选受理机构不存在或不受理申请。"},
    )
    applicant_kind = forms.ChoiceField(
        label="申请人类别",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.NATURAL_PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请人类别。", "invalid_choice": "申请人类别无效。"},
    )
    applicant_name = forms.CharField(
        label="姓名或名称",
        max_length=100,
        help_text="自然人填写姓名；法人或其他组织填写全称。",
        error_messages={
            "required": "请填写申请人姓名或名称。",
            "max_length": "姓名或名称不得超过 %(limit_value)d 个字。",
        },
    )
    id_type = forms.ChoiceField(
        label="身份证明",
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        help_text="自然人一般为居民身份证；法人或其他组织为统一社会信用代码。",
        error_messages={"required": "请选择身份证明类型。", "invalid_choice": "身份证明类型无效。"},
    )
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        error_messages={
            "required": "请填写证件号码。",
            "max_length": "证件号码不得超过 %(limit_value)d 个字符。",
        },
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=40,
        required=False,
        error_messages={"max_length": "联系电话不得超过 %(limit_value)d 个字符。"},
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "请填写有效的电子邮箱地址。"},
    )
    address = forms.CharField(
        label="通信地址",
        max_length=200,
        required=False,
        help_text="选择邮寄方式获取信息的，必须填写。",
        error_messages={"max_length": "通信地址不得超过 %(limit_value)d 个字。"},
    )
    postal_code = forms.CharField(label="邮政编码", max_length=6, required=False,
                                  error_messages={"max_length": "邮政编码应为 6 位数字。"})  # fmt: skip
    description = forms.CharField(
        label="所需政府信息的名称、文号或特征性描述",
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写明文件名称、文号，或者便于行政机关查询的其他特征（第二十九条第二款第（二）项）。",
        error_messages={
            "required": "请写明申请公开的政府信息的名称、文号或者便于查询的特征性描述。",
            "min_length": "所需信息的描述过短，请至少写 %(limit_value)d 个字，便于行政机关查询。",
            "max_length": "所需信息的描述不得超过 %(limit_value)d 个字（当前 %(show_value)d 个字）。",
        },
    )
    purpose = forms.CharField(
        label="用途（选填）",
        max_length=PURPOSE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "用途不得超过 %(limit_value)d 个字。"},
    )
    info_form = forms.ChoiceField(
        label="信息的形式要求",
        choices=InfoForm.choices,
        initial=InfoForm.ELECTRONIC,
        error_messages={"required": "请选择信息的形式。", "invalid_choice": "信息的形式无效。"},
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        initial=Delivery.EMAIL,
        error_messages={"required": "请选择获取信息的方式。", "invalid_choice": "获取信息的方式无效。"},
    )
    # Files last: should the upload ever be cut short, the text fields before them are already read.
    identity_files = MultipleFileField(label="身份证明材料（选填）", required=False)
    other_files = MultipleFileField(label="其他材料（选填）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = public_agencies()
        self.limits = uploads.limits()
        accept = ",".join(uploads.ALLOWED)
        hint = (
            f"最多 {self.limits.max_files} 个文件，单个不超过 {self.limits.max_file_bytes // uploads.MB} MB，"
            f"合计不超过 {self.limits.max_total_bytes // uploads.MB} MB；类型：{uploads.allowed_text()}。"
        )
        for name in ("identity_files", "other_files"):
            self.fields[name].widget.attrs.update({"accept": accept, "multiple": True})
            self.fields[name].help_text = hint

    def clean_applicant_name(self) -> str:
        return self.cleaned_data["applicant_name"].strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not _PHONE.match(phone):
            raise ValidationError("联系电话格式不正确：请填写手机号码或带区号的固定电话，如 0731-12345678。")
        return phone

    def clean_postal_code(self) -> str:
        code = self.cleaned_data.get("postal_code", "").strip()
        if code and not _POSTAL.match(code):
            raise ValidationError("邮政编码应为 6 位数字。")
        return code

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, id_type, number = data.get("applicant_kind"), data.get("id_type"), data.get("id_number")
        if kind and id_type and number:
            try:
                identity.validate(kind, id_type, number)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
            else:
                data["id_number"] = identity.normalize(id_type, number)
        # 第二十九条第二款第（一）项: a way to reach the applicant is part of the application.
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error("phone", "请至少填写联系电话或电子邮箱中的一项。")
        delivery = data.get("delivery")
        if delivery == Delivery.POST and not data.get("address", "").strip():
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        if delivery == Delivery.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择以电子邮件获取的，请填写电子邮箱。")
        files = [*data.get("identity_files", []), *data.get("other_files", [])]
        if files:
            try:
                uploads.check_files(files, self.limits)
            except ValidationError as exc:
                self.add_error("other_files" if data.get("other_files") else "identity_files", exc)
        return data

    def application_fields(self) -> dict[str, Any]:
        """The cleaned values as ``workflow.register`` takes them (the agency and files excluded)."""
        keys = ("applicant_kind", "applicant_name", "id_type", "id_number", "phone", "email", "address",
                "postal_code", "description", "purpose", "info_form", "delivery")  # fmt: skip
        return {k: self.cleaned_data[k] for k in keys}


_CODE_NOISE = re.compile(r"[\s\-－—_]+")


def normalize_code(text: str) -> str:
    """Query codes are typed by people: ignore case, spaces and dashes (the alphabet has no look-alikes)."""
    return _CODE_NOISE.sub("", text or "").upper()


def is_well_formed(code: str) -> bool:
    return 8 <= len(code) <= 16 and all(c in _QUERY_ALPHABET for c in code)


class StatusForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        help_text="提交申请后页面显示的 12 位查询码（不区分大小写）。",
        error_messages={"required": "请填写查询码。", "max_length": "查询码过长。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])
