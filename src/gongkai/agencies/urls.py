from __future__ import annotations

from django.urls import path

from gongkai.agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("<int:pk>/", views.agency_detail, name="detail"),
]
