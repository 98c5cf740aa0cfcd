from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public side: online applications (第二十九条) and the status page by query code.

    No staff menu entry: these pages are for the public and never show the staff navigation.
    """

    name = "gongkai.portal"
    verbose_name = "公众门户"
