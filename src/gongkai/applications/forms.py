from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from gongkai.applications import identity
from gongkai.applications.models import Application, AttachmentKind
from gongkai.law.calendar import OverrideError, YearOverride
from gongkai.law.deadlines import Channel

_DATE_SPLIT = re.compile(r"[\s,，、;；]+")


def parse_dates(text: str, year: int, label: str) -> list[date]:
    """ISO dates or date ranges ``2027-02-05~2027-02-11`` separated by spaces, commas or new lines."""
    out: list[date] = []
    for token in filter(None, _DATE_SPLIT.split(text.strip())):
        parts = re.split(r"[~～至]", token)
        try:
            if len(parts) == 2:
                a, b = date.fromisoformat(parts[0]), date.fromisoformat(parts[1])
                if b < a:
                    raise ValueError
                out += [date.fromordinal(o) for o in range(a.toordinal(), b.toordinal() + 1)]
            elif len(parts) == 1:
                out.append(date.fromisoformat(parts[0]))
            else:
                raise ValueError
        except ValueError:
            raise ValidationError(
                f"{label}：“{token}”不是有效的日期或日期范围（YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD）。"
            ) from None
    for d in out:
        if d.year != year:
            raise ValidationError(f"{label}：{d.isoformat()} 不属于{year}年。")
    return sorted(set(out))


class CalendarYearForm(forms.Form):
    source = forms.CharField(label="通知文号", max_length=100, help_text="如：国办发明电〔2024〕12号")
    days_off = forms.CharField(
        label="放假日",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="通知中的全部放假日（含周末），每行一个日期或日期范围，如 2027-02-05~2027-02-11。",
    )
    workdays = forms.CharField(
        label="调休上班日",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="周末上班的日期。",
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        self.year = year
        super().__init__(*args, **kwargs)

    def clean_days_off(self) -> list[date]:
        days = parse_dates(self.cleaned_data["days_off"], self.year, "放假日")
        if not days:
            raise ValidationError("请至少录入一个放假日（每年的通知都列有元旦）。")
        return days

    def clean_workdays(self) -> list[date]:
        return parse_dates(self.cleaned_data.get("workdays") or "", self.year, "调休上班日")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "days_off" in data and "workdays" in data:
            try:
                YearOverride(self.year, frozenset(data["days_off"]), frozenset(data["workdays"]))
            except OverrideError as exc:
                raise ValidationError(str(exc)) from None
        return data


class RegisterForm(forms.ModelForm):
    """Intake of 第二十九条第二款; the agency is chosen among those where the user may register."""

    class Meta:
        model = Application
        fields = (
            "agency", "applicant_kind", "applicant_name", "id_type", "id_number", "phone", "email", "address",
            "postal_code", "description", "purpose", "info_form", "delivery", "channel", "arrived_on",
            "confirmed_on",
        )  # fmt: skip
        widgets: ClassVar[dict[str, Any]] = {
            "arrived_on": forms.DateInput(attrs={"type": "date"}),
            "confirmed_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, id_type, number = data.get("applicant_kind"), data.get("id_type"), data.get("id_number")
        if kind and id_type and number:
            identity.validate(kind, id_type, number)
            data["id_number"] = identity.normalize(id_type, number)
        channel, confirmed = data.get("channel"), data.get("confirmed_on")
        if channel and confirmed and not Channel(channel).needs_confirmation:
            self.add_error(
                "confirmed_on", "当面提交或需签收的邮寄以提交（签收）之日为收到申请之日，不填确认日期。"
            )
        if data.get("arrived_on") and confirmed and confirmed < data["arrived_on"]:
            self.add_error("confirmed_on", "确认日期不能早于到达日期。")
        return data


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件")
