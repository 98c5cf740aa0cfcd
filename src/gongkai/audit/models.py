"""The audit log and the mixin that makes a model write to it on every create, change and delete."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from gongkai.accounts.roles import Cap, Policy


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry through the application."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    _raw_delete = delete  # the deletion collector's fast path


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "新建"
        CHANGE = "change", "修改"
        DELETE = "delete", "删除"
        VIEW = "view", "查看个人信息"
        EXPORT = "export", "导出"
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED = "locked", "账户锁定"
        UNLOCK = "unlock", "解除锁定"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # PROTECT: an account that has acted can be deactivated but never deleted, so the log keeps its actor.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as it was at the time, and who acted when no account did (a command, a failed login).
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    # {field: [before, after]}; before is null on create, after is null on delete.
    changes = models.JSONField("变更内容", default=dict, blank=True)
    # The entry concerns applicants' personal data: only those allowed to see that data see the entry.
    sensitive = models.BooleanField("涉及个人信息", default=False)
    note = models.CharField("说明", max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()
    access = Policy(agency="agency", read=Cap.AUDIT, sensitive="sensitive")

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=["content_type", "object_id"]),)
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """(field label, before, after) for display, labels taken from the model when it still exists."""
        model = self.content_type.model_class() if self.content_type_id else None
        rows = []
        for name, pair in (self.changes or {}).items():
            label = name
            if model is not None:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except Exception:
                    label = name
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            rows.append((label, before, after))
        return rows


class Audited(models.Model):
    """Writes exactly one audit entry for each create, each change that alters a value, and each delete.

    Saving through the model is the rule; a bulk `QuerySet.update()` bypasses it and is reserved for
    derived columns listed in `audit_exclude`.
    """

    # Derived or bookkeeping fields whose changes are not events of their own.
    audit_exclude: ClassVar[frozenset[str]] = frozenset()
    # Fields whose values never enter the log (only the fact that they changed).
    audit_redact: ClassVar[frozenset[str]] = frozenset()
    # Set on models holding applicants' personal data: their entries are marked sensitive.
    audit_sensitive: ClassVar[bool] = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        from gongkai.audit import log

        with transaction.atomic(using=kwargs.get("using")):
            before = None if self._state.adding else log.snapshot_from_db(self)
            super().save(*args, **kwargs)
            log.record_save(self, before)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        from gongkai.audit import log

        with transaction.atomic(using=kwargs.get("using")):
            log.record_delete(self)
            return super().delete(*args, **kwargs)
