from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from gongkai.accounts.roles import Cap
        from gongkai.site.navigation import MenuEntry, add

        add(MenuEntry("审计日志", "audit:list", Cap.AUDIT, "谁在何时从何处修改或查看了什么", order=80))
