from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gongkai.audit.context import acting


class AuditContextMiddleware:
    """Makes the request (its user and address) known to every audit entry written while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting(request=request):
            return self.get_response(request)
