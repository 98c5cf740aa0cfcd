from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from gongkai.accounts import signals  # noqa: F401 - connects the login audit handlers
        from gongkai.accounts.roles import Cap
        from gongkai.site.navigation import MenuEntry, add

        add(MenuEntry("首页", "accounts:home", None, order=0))
        add(
            MenuEntry(
                "人员", "accounts:people", Cap.MANAGE_USERS, "本机构及下级机构的工作人员和角色", order=40
            )
        )
        add(MenuEntry("系统配置", "admin:index", Cap.MANAGE_AGENCIES, "机构、用户和角色的配置", order=90))
        add(MenuEntry("修改密码", "accounts:password_change", None, order=95))
