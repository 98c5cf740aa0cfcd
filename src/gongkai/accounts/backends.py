"""Password login with lockout: after N failures in a row the account refuses logins for a while."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gongkai.audit import log


class LockoutBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            # Hash anyway, so the answer takes as long for an unknown name as for a known one.
            User().set_password(password)
            log.record(log.Action.LOGIN_FAILED, actor_name=username, note="用户名不存在")
            return None
        if user.is_locked():
            # Even the right password is refused while locked; PermissionDenied stops other backends.
            log.record(log.Action.LOGIN_FAILED, user, actor_name=username, note="账户已锁定")
            raise PermissionDenied
        if not user.check_password(password):
            locked_now = user.register_failure()
            log.record(log.Action.LOGIN_FAILED, user, actor_name=username, note="密码错误")
            if locked_now:
                log.record(log.Action.LOCKED, user, actor_name=username, note="连续登录失败，账户已锁定")
            return None
        if not self.user_can_authenticate(user):
            log.record(log.Action.LOGIN_FAILED, user, actor_name=username, note="账户已停用")
            return None
        user.clear_failures()
        return user
