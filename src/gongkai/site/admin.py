"""The Django admin site, open to the roles that configure the system and scoped like every other page."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.accounts.roles import Cap


class GongkaiAdminSite(admin.AdminSite):
    site_header = "gongkai 系统配置"
    site_title = "gongkai 系统配置"
    index_title = "配置"

    def has_permission(self, request: HttpRequest) -> bool:
        # Access follows roles held per agency, not Django's global is_staff flag.
        from gongkai.accounts.scoping import capabilities

        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or bool({Cap.MANAGE_AGENCIES, Cap.MANAGE_USERS} & capabilities(user))

    def admin_view(
        self, view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        def guard(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed in without a configuring role: a plain 403, not Django's detour via its login page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("您的角色无权进入系统配置。")
            return inner(request, *args, **kwargs)

        return update_wrapper(guard, inner)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One login page for the whole workspace, with its lockout and audit. A signed-in user who
        # lacks the role gets 403 rather than a login page that would send them straight back here.
        if request.user.is_authenticated:
            raise PermissionDenied("您的角色无权进入系统配置。")
        url = reverse("accounts:login")
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{url}?next={next_url}")
