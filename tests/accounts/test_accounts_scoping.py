from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from gongkai.accounts import scoping
from gongkai.accounts.models import User
from gongkai.accounts.roles import ROLE_GRANTS, Cap, Reach, Role
from gongkai.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_subtree_roles_reach_down_and_agency_roles_stay(
    role_users: dict[Role, Any], agencies: dict[str, Any]
) -> None:
    gaoxin_tree = {a.pk for a in agencies["gaoxin"].subtree()}
    for role, user in role_users.items():
        seen = set(scoping.scope(user, Agency).values_list("pk", flat=True))
        reach = ROLE_GRANTS[role][Cap.VIEW]
        assert seen == (gaoxin_tree if reach is Reach.SUBTREE else {agencies["gaoxin"].pk}), role


def test_supervisor_has_no_personal_capability() -> None:
    assert Cap.PERSONAL not in ROLE_GRANTS[Role.SUPERVISOR]
    assert Cap.PERSONAL not in ROLE_GRANTS[Role.ADMIN]
    # Read-only capabilities only; CASES (applications app) shows case progress without personal data.
    assert all(cap in {Cap.VIEW, Cap.STATS, Cap.CASES} for cap in ROLE_GRANTS[Role.SUPERVISOR])


def test_user_with_several_roles_gets_the_union(make_user: Any, agencies: dict[str, Any]) -> None:
    from gongkai.accounts.models import Membership

    user = make_user(Role.HANDLER, "city_finance", username="liangge")
    Membership(user=user, agency=agencies["yuetang_edu"], role=Role.REGISTRAR).save()
    seen = set(scoping.scope(user, Agency).values_list("name", flat=True))
    assert seen == {"湘潭市财政局", "湘潭市岳塘区教育局"}
    assert scoping.capabilities(user) >= {Cap.HANDLE, Cap.REGISTER}


def test_inactive_agency_or_user_grants_nothing(make_user: Any, agencies: dict[str, Any]) -> None:
    user = make_user(Role.HEAD, "city_finance", username="tingyong")
    agency = agencies["city_finance"]
    agency.is_active = False
    agency.save()
    assert not scoping.scope(User.objects.get(pk=user.pk), Agency).exists()
    user.is_active = False
    assert scoping.capabilities(user) == set()


def test_to_many_policy_returns_each_user_once(
    make_user: Any, agencies: dict[str, Any], role_users: dict[Role, Any]
) -> None:
    from gongkai.accounts.models import Membership

    user = make_user(Role.HANDLER, "gaoxin", username="duochong")
    Membership(user=user, agency=agencies["gaoxin_finance"], role=Role.REGISTRAR).save()
    seen = list(scoping.scope(role_users[Role.ADMIN], User).filter(username="duochong"))
    assert len(seen) == 1


def test_model_without_policy_cannot_be_scoped(role_users: dict[Role, Any]) -> None:
    from django.contrib.contenttypes.models import ContentType

    with pytest.raises(ImproperlyConfigured):
        scoping.scope(role_users[Role.ADMIN], ContentType)


def test_get_scoped_or_404(role_users: dict[Role, Any], agencies: dict[str, Any]) -> None:
    user = role_users[Role.HANDLER]
    assert scoping.get_scoped_or_404(user, Agency, pk=agencies["gaoxin"].pk) == agencies["gaoxin"]
    with pytest.raises(Http404):
        scoping.get_scoped_or_404(user, Agency, pk=agencies["city"].pk)
    with pytest.raises(Http404):
        scoping.get_scoped_or_404(user, Agency, pk="not-a-number")


def test_views_build_no_access_filter_of_their_own() -> None:
    """Access filters live in scoping.py only: views never filter on memberships or tree paths."""
    from pathlib import Path

    import gongkai

    root = Path(gongkai.__file__).parent
    offenders = []
    for path in root.rglob("views.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("memberships__", "path__startswith", "Membership.objects.filter(user"):
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
