"""The one place where access filters are built.

Every view, admin page, export and API endpoint gets its records through `scope()` (or
`get_scoped_or_404()`); none writes its own filter on agencies. A model takes part by declaring
`access = Policy(...)` (see roles.py); a model without one cannot be scoped, so a forgotten
declaration fails loudly instead of leaking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.accounts.roles import ROLE_GRANTS, Cap, Policy, Reach, Role

_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    """One capability at one agency, as far as its reach goes."""

    cap: Cap
    agency_id: int
    agency_path: str
    reach: Reach


def grants(user: Any) -> list[Grant]:
    """The user's capabilities, agency by agency; read once per user object (that is, per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_gongkai_grants", None)
    if cached is None:
        from gongkai.accounts.models import Membership

        cached = []
        rows = Membership.objects.filter(user=user, agency__is_active=True).values_list(
            "role", "agency_id", "agency__path"
        )
        for role, agency_id, path in rows:
            for cap, reach in ROLE_GRANTS[Role(role)].items():
                cached.append(Grant(cap, agency_id, path, reach))
        user._gongkai_grants = cached
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants after the user's roles changed within the same request."""
    user.__dict__.pop("_gongkai_grants", None)


def capabilities(user: Any) -> set[Cap]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return set(Cap)
    return {g.cap for g in grants(user)}


def own_memberships(user: Any) -> QuerySet:
    """The roles the user holds (their own, whatever scope they have over others')."""
    from gongkai.accounts.models import Membership

    return Membership.objects.filter(user_id=getattr(user, "pk", None)).select_related("agency")


def roles(user: Any) -> set[Role]:
    from gongkai.accounts.models import Membership

    if not getattr(user, "is_authenticated", False):
        return set()
    return {Role(r) for r in Membership.objects.filter(user=user).values_list("role", flat=True)}


def agency_q(user: Any, cap: Cap, prefix: str = "") -> Q:
    """A filter selecting the agencies (reached through `prefix`) where the user holds `cap`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    lead = f"{prefix}__" if prefix else ""
    q = _NOTHING
    for grant in grants(user):
        if grant.cap != cap:
            continue
        if grant.reach is Reach.SUBTREE:
            q |= Q(**{f"{lead}path__startswith": grant.agency_path})
        else:
            q |= Q(**{f"{lead}pk": grant.agency_id})
    return q


def policy_of(model: type[models.Model]) -> Policy:
    policy = getattr(model, "access", None)
    if not isinstance(policy, Policy):
        raise ImproperlyConfigured(
            f"{model.__name__} 未声明访问策略（access = Policy(...)），不能按机构范围查询。"
        )
    return policy


def _crosses_many(model: type[models.Model], path: str) -> bool:
    for name in filter(None, path.split("__")):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def scope(user: Any, records: QuerySet | type[models.Model], cap: Cap | None = None) -> QuerySet:
    """The records the user may see (or act on with `cap`, default: the model's read capability)."""
    queryset = records if isinstance(records, QuerySet) else records._default_manager.all()
    model = queryset.model
    policy = policy_of(model)
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    q = agency_q(user, cap or policy.read, policy.agency)
    if policy.sensitive:
        # Rows with applicants' personal data also need Cap.PERSONAL where they belong.
        q &= Q(**{policy.sensitive: False}) | agency_q(user, Cap.PERSONAL, policy.agency)
    if _crosses_many(model, policy.agency):
        # A to-many path would repeat rows; a subquery keeps one row per record without DISTINCT.
        return queryset.filter(pk__in=model._default_manager.filter(q).values("pk"))
    return queryset.filter(q)


def get_scoped_or_404(
    user: Any, records: QuerySet | type[models.Model], cap: Cap | None = None, **lookup: Any
) -> Any:
    """One record in scope; 404 (not 403) otherwise, so guessing a URL reveals nothing."""
    queryset = scope(user, records, cap)
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("没有找到该记录。") from exc


def can(user: Any, cap: Cap, agency: Any) -> bool:
    """Whether the user holds `cap` at this agency (directly or through a subtree role)."""
    from gongkai.agencies.models import Agency

    return Agency.objects.filter(agency_q(user, cap), pk=agency.pk).exists()


def owning_agency_id(obj: models.Model) -> int | None:
    """The agency a record belongs to, following the model's policy (first one on a to-many path)."""
    policy = getattr(type(obj), "access", None)
    if policy is None:
        return None
    if not policy.agency:
        return obj.pk
    target: Any = obj
    parts = policy.agency.split("__")
    for i, name in enumerate(parts):
        last = i == len(parts) - 1
        if last and hasattr(target, f"{name}_id"):
            return getattr(target, f"{name}_id")
        target = getattr(target, name, None)
        if target is None:
            return None
        if isinstance(target, models.Manager):
            target = target.first()
            if target is None:
                return None
    return getattr(target, "pk", None)


def agencies_for(user: Any, cap: Cap) -> QuerySet:
    """The agencies where the user holds `cap` (e.g. for choice lists in forms)."""
    from gongkai.agencies.models import Agency

    return Agency.objects.filter(agency_q(user, cap))


def all_in(user: Any, cap: Cap, agency_ids: Iterable[int]) -> bool:
    ids = set(agency_ids)
    return agencies_for(user, cap).filter(pk__in=ids).count() == len(ids)
