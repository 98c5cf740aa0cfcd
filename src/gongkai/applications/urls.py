from __future__ import annotations

from django.urls import path

from gongkai.applications import views, views_case, views_worklist

app_name = "applications"

urlpatterns = [
    path("", views_worklist.worklist, name="list"),
    path("bulk/", views_worklist.bulk_action, name="bulk"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views_case.case_page, name="detail"),
    path("<int:pk>/act/<slug:name>/", views_case.act, name="act"),
    path("letters/<int:pk>/", views_case.letter_download, name="letter"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar_edit, name="calendar_edit"),
]
