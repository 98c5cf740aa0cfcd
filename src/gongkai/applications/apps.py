from __future__ import annotations

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.accounts.roles import Cap
        from gongkai.site.navigation import MenuEntry, add

        add(
            MenuEntry(
                "依申请公开", "applications:list", Cap.CASES, "政府信息公开申请的登记、办理和期限", order=10
            )
        )
        add(
            MenuEntry(
                "登记申请", "applications:register", Cap.REGISTER, "登记收到的政府信息公开申请", order=11
            )
        )
        add(
            MenuEntry(
                "工作日历", "applications:calendar", None, "法定节假日和调休安排；期限计算的依据", order=70
            )
        )
