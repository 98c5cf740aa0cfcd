from __future__ import annotations

from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("status/", views.status, name="status"),
]
