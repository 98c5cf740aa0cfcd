from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
]
