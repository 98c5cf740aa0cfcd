from __future__ import annotations

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机构"

    def ready(self) -> None:
        from gongkai.accounts.roles import Cap
        from gongkai.site.navigation import MenuEntry, add

        add(
            MenuEntry("机构信息", "agencies:list", Cap.VIEW, "机构树、联系方式（指南第十二条事项）", order=20)
        )
        add(MenuEntry("报告期限", "agencies:deadlines", Cap.STATS, "各机构年度报告的法定报送期限", order=60))
