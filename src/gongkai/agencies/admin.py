from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.accounts.adminbase import ScopedModelAdmin
from gongkai.accounts.roles import Cap
from gongkai.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(ScopedModelAdmin):
    scope_cap = Cap.MANAGE_AGENCIES
    list_display = ("name", "kind", "parent", "credit_code", "org_code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "credit_code", "org_code")
    fieldsets = (
        (None, {"fields": ["parent", "name", "short_name", "kind", "is_active"]}),
        ("代码", {"fields": ["region_code", "credit_code", "org_code"]}),
        (
            "政府信息公开指南事项（条例第十二条）",
            {
                "fields": [
                    "disclosure_office",
                    "office_address",
                    "postal_code",
                    "office_hours",
                    "phone",
                    "fax",
                    "web_contact",
                ]
            },
        ),
        ("年度报告", {"fields": ["report_deadline_month", "report_deadline_day"]}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # An administrator cannot move the agency where their role is held (its parent is outside
        # their scope) nor, by that, move themselves out from under their own supervision.
        if (
            obj is not None
            and not request.user.is_superuser
            and obj.memberships.filter(user=request.user).exists()
        ):
            return ["parent"]
        return []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser and "parent" in form.base_fields:
            # A new agency goes under one the administrator already manages.
            form.base_fields["parent"].required = True
        return form
