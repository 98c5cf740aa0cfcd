from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import agencies_for
from gongkai.audit.models import AuditEntry


class AuditFilterForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部"), *AuditEntry.Action.choices]
    )
    agency = forms.ModelChoiceField(label="机构", required=False, queryset=None, empty_label="全部")
    content_type = forms.ModelChoiceField(label="对象类型", required=False, queryset=None, empty_label="全部")
    q = forms.CharField(label="对象", required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only agencies the user may audit are offered; the list itself is scoped separately anyway.
        self.fields["agency"].queryset = agencies_for(user, Cap.AUDIT).order_by("path")
        self.fields["content_type"].queryset = ContentType.objects.filter(
            app_label__in=["agencies", "accounts", "audit"]
        ).order_by("app_label", "model")
        self.fields["content_type"].label_from_instance = lambda ct: str(ct.model_class()._meta.verbose_name)

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["start"]:
            entries = entries.filter(at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(at__date__lte=data["end"])
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["agency"]:
            entries = entries.filter(agency__path__startswith=data["agency"].path)
        if data["content_type"]:
            entries = entries.filter(content_type=data["content_type"])
        if data["q"]:
            entries = entries.filter(Q(object_repr__icontains=data["q"]) | Q(object_id=data["q"]))
        return entries

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
