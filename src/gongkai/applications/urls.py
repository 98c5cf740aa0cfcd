from __future__ import annotations

from django.urls import path

from gongkai.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar_edit, name="calendar_edit"),
]
