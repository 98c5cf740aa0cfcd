"""Staff accounts and the roles they hold, agency by agency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.roles import Cap, Policy, Role
from gongkai.audit.models import Audited


class User(Audited, AbstractUser):
    # One name field: Chinese names do not split into first and last the way the default model expects.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0, editable=False)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True, editable=False)

    objects = UserManager()
    access = Policy(agency="memberships__agency", read=Cap.MANAGE_USERS)
    # Login bookkeeping is logged as login events, not as edits of the account.
    audit_exclude = frozenset({"last_login", "failed_logins", "locked_until"})
    audit_redact = frozenset({"password"})

    REQUIRED_FIELDS = ("email",)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ("username",)

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）" if self.name else self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username

    # --- lockout ------------------------------------------------------------------------------
    def is_locked(self, now: Any = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    def register_failure(self) -> bool:
        """Count one failed login; lock the account when the threshold is reached. True if it locked now.

        The counter is incremented in the database (F expression) so concurrent attempts all count.
        """
        type(self).objects.filter(pk=self.pk).update(failed_logins=F("failed_logins") + 1)
        self.refresh_from_db(fields=["failed_logins", "locked_until"])
        if self.failed_logins >= settings.GONGKAI_LOCKOUT_THRESHOLD and not self.is_locked():
            until = timezone.now() + timedelta(minutes=settings.GONGKAI_LOCKOUT_MINUTES)
            type(self).objects.filter(pk=self.pk).update(locked_until=until, failed_logins=0)
            self.locked_until, self.failed_logins = until, 0
            return True
        return False

    def clear_failures(self) -> None:
        if self.failed_logins or self.locked_until:
            type(self).objects.filter(pk=self.pk).update(failed_logins=0, locked_until=None)
            self.failed_logins, self.locked_until = 0, None


class Membership(Audited):
    """One role held by one user at one agency."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    access = Policy(agency="agency", read=Cap.MANAGE_USERS)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = (
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_role_per_agency"),
        )
        ordering = ("agency__path", "role")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
