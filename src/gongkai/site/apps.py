from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """Holds the shared templates, static files and the demo orchestration of the project."""

    default = True
    name = "gongkai.site"
    # "site" alone reads like django.contrib.sites; a distinct label avoids confusion in migrations.
    label = "gongkai_site"
    verbose_name = "站点"


class GongkaiAdminConfig(admin_apps.AdminConfig):
    """The Django admin, but with the site that grants access by role instead of by `is_staff`."""

    default = False  # named explicitly in INSTALLED_APPS; SiteConfig is this module's default
    default_site = "gongkai.site.admin.GongkaiAdminSite"
