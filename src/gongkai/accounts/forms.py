from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages: ClassVar[dict[str, str]] = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。连续输错 %(threshold)s 次，账户将被锁定。",
        "locked": "连续登录失败次数过多，账户已锁定，请 %(minutes)s 分钟后再试，或请系统管理员解锁。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def get_invalid_login_error(self) -> forms.ValidationError:
        username = self.cleaned_data.get("username")
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is not None and user.is_locked():
            return forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.GONGKAI_LOCKOUT_MINUTES},
            )
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"threshold": settings.GONGKAI_LOCKOUT_THRESHOLD},
        )
