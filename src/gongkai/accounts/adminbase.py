"""Base class for admin pages: records come through the scoping function and deletions are audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import capabilities, scope


class ScopedAdminMixin:
    scope_cap: Cap = Cap.MANAGE_AGENCIES

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope(request.user, super().get_queryset(request), self.scope_cap)  # type: ignore[misc]

    def _allowed(self, request: HttpRequest) -> bool:
        return request.user.is_active and self.scope_cap in capabilities(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Records are deactivated, not deleted; only a superuser may remove one (and the audit log's
        # PROTECT references still stop removing anything that has history).
        return request.user.is_superuser

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        from gongkai.agencies.models import Agency

        if db_field.related_model is Agency:
            kwargs["queryset"] = scope(request.user, Agency, self.scope_cap)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedModelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # One by one, so each deletion goes through the model and leaves its audit entry.
        for obj in queryset:
            obj.delete()
