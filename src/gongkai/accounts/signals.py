from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from gongkai.audit import log


@receiver(user_logged_in, dispatch_uid="gongkai_audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log.record(log.Action.LOGIN, user, actor=user)


@receiver(user_logged_out, dispatch_uid="gongkai_audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log.record(log.Action.LOGOUT, user, actor=user)
