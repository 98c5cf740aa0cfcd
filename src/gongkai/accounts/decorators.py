from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import capabilities


def requires(cap: Cap) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in and holding `cap` somewhere; which records are visible is still decided by scope()."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if cap not in capabilities(request.user):
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator
