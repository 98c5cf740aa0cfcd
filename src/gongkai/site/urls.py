from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:home", permanent=False), name="root"),
    path("staff/", include("gongkai.accounts.urls")),
    path("staff/agencies/", include("gongkai.agencies.urls")),
    path("staff/audit/", include("gongkai.audit.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),  # 依申请公开 (issue 5)
    path("public/", include("gongkai.portal.urls")),  # public portal: apply online, status by query code (issue 5)
    path("admin/", admin.site.urls),
]
