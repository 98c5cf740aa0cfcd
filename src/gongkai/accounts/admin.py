from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from gongkai.accounts.adminbase import ScopedAdminMixin
from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import Cap
from gongkai.audit import log


class MembershipInline(ScopedAdminMixin, admin.TabularInline):
    model = Membership
    scope_cap = Cap.MANAGE_USERS
    extra = 0
    min_num = 1
    fields = ("agency", "role")

    def get_min_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        # A user an administrator creates must hold a role in the administrator's scope, or the
        # administrator could never see the account again.
        return 0 if request.user.is_superuser else 1

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.validate_min = not request.user.is_superuser
        return formset

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Withdrawing a role is ordinary administration (and audited through the model).
        return self._allowed(request)


class LockedFilter(admin.SimpleListFilter):
    title = "锁定状态"
    parameter_name = "locked"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "已锁定")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(locked_until__gt=timezone.now())
        return queryset


class CreateForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "name", "email", "phone")


class ChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    scope_cap = Cap.MANAGE_USERS
    form = ChangeForm
    add_form = CreateForm
    inlines = (MembershipInline,)
    list_display = ("username", "name", "email", "is_active", "locked_until", "last_login")
    list_filter = ("is_active", LockedFilter)
    search_fields = ("username", "name", "email")
    ordering = ("username",)
    actions = ("unlock",)
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["name", "email", "phone"]}),
        ("状态", {"fields": ["is_active", "last_login", "date_joined"]}),
    )
    superuser_fieldsets = (("超级用户", {"fields": ["is_superuser"]}),)
    add_fieldsets = (
        (
            None,
            {"classes": ["wide"], "fields": ["username", "name", "email", "phone", "password1", "password2"]},
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            return [*fieldsets, *self.superuser_fieldsets]
        return fieldsets

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            obj.delete()

    @admin.action(description="解除所选用户的锁定")
    def unlock(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for user in queryset.filter(locked_until__isnull=False):
            user.clear_failures()
            log.record(log.Action.UNLOCK, user)
            count += 1
        self.message_user(request, f"已解除 {count} 个用户的锁定。", messages.SUCCESS)


# Access comes from roles held per agency; Django's global groups would be a second, unscoped system.
admin.site.unregister(Group)
