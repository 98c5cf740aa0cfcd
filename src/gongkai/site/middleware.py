"""Headers Django's SecurityMiddleware does not set: content security policy and permissions policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = settings.CONTENT_SECURITY_POLICY
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        # Pages are built per user and may carry personal data: no shared or disk cache may keep them.
        # (Static files never reach here: WhiteNoise answers them further out.)
        if "Cache-Control" not in response.headers:
            patch_cache_control(response, no_store=True, private=True)
        return response
