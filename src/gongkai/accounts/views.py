from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from gongkai.accounts.decorators import requires
from gongkai.accounts.forms import LoginForm
from gongkai.accounts.models import Membership, User
from gongkai.accounts.roles import Cap
from gongkai.accounts.scoping import capabilities, get_scoped_or_404, own_memberships, scope
from gongkai.agencies.models import Agency
from gongkai.audit import log
from gongkai.site.navigation import menu_for


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")
    success_message = "密码已修改。"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = own_memberships(user).order_by("agency__path", "role")
    caps = capabilities(user)
    context = {
        "memberships": memberships,
        "cards": [entry for entry in menu_for(user) if entry["name"] != "accounts:home"],
        "agency_count": scope(user, Agency, Cap.VIEW).count(),
        # Working-day calendar coverage (applications app, DOMAIN §8.4): warned from 1 November.
        "calendar_warnings": _calendar_warnings(),
    }
    if Cap.CASES in caps:
        # applications app (issue 5): the user's overdue and due-soon cases.
        context["due_cases"] = _due_cases(user)
    if Cap.MANAGE_USERS in caps:
        people = scope(user, User)
        context["user_count"] = people.count()
        context["locked_count"] = people.filter(locked_until__gt=timezone.now()).count()
    return render(request, "accounts/home.html", context)


def _due_cases(user: User) -> dict[str, object]:
    from gongkai.applications import reminders

    return reminders.for_user(user)


def _calendar_warnings() -> list[str]:
    from gongkai.applications import workdays

    return workdays.warnings()


@requires(Cap.MANAGE_USERS)
def people(request: HttpRequest) -> HttpResponse:
    users = scope(request.user, User).order_by("username")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    memberships = scope(request.user, Membership).filter(user__in=list(page)).select_related("agency")
    roles: dict[int, list[Membership]] = {}
    for m in memberships:
        roles.setdefault(m.user_id, []).append(m)
    rows = [(u, roles.get(u.pk, [])) for u in page]
    return render(request, "accounts/people.html", {"page": page, "rows": rows})


@requires(Cap.MANAGE_USERS)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    shown = get_scoped_or_404(request.user, User, pk=pk)
    memberships = scope(request.user, Membership).filter(user=shown).select_related("agency")
    # Contact details of a person are personal data: the fact that they were shown is logged.
    log.record_view(shown, fields=["电子邮箱", "联系电话"])
    return render(request, "accounts/person.html", {"shown": shown, "memberships": memberships})
