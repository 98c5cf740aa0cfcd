"""Writing audit entries. Every entry goes through `record()`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from gongkai.audit import context
from gongkai.audit.models import AuditEntry

REDACTED = "（不记录内容）"
Action = AuditEntry.Action


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's field values as JSON data; redacted fields are reduced to a digest for comparison."""
    data: dict[str, Any] = {}
    exclude = getattr(obj, "audit_exclude", frozenset())
    redact = getattr(obj, "audit_redact", frozenset())
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        value = field.value_from_object(obj)
        if field.name in redact:
            value = hashlib.sha256(str(value).encode()).hexdigest()
        data[field.name] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot_from_db(obj: models.Model) -> dict[str, Any] | None:
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if stored is None else snapshot(stored)


def _diff(obj: models.Model, before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list]:
    redact = getattr(obj, "audit_redact", frozenset())
    keys = list((after or before or {}).keys())
    changes = {}
    for key in keys:
        old = None if before is None else before.get(key)
        new = None if after is None else after.get(key)
        if before is not None and after is not None and old == new:
            continue
        if key in redact:
            old = None if old is None else REDACTED
            new = None if new is None else REDACTED
        changes[key] = [old, new]
    return changes


def record_save(obj: models.Model, before: dict[str, Any] | None) -> AuditEntry | None:
    after = snapshot(obj)
    if before is None:
        return record(Action.CREATE, obj, changes=_diff(obj, None, after))
    changes = _diff(obj, before, after)
    if not changes:
        return None  # saved without altering anything: no event
    return record(Action.CHANGE, obj, changes=changes)


def record_delete(obj: models.Model) -> AuditEntry:
    agency_id = _agency_id(obj)
    if agency_id == obj.pk and obj._meta.model_name == "agency":
        # The entry cannot point at the agency being removed; it belongs to the parent instead.
        agency_id = getattr(obj, "parent_id", None)
    return record(Action.DELETE, obj, changes=_diff(obj, snapshot(obj), None), agency_id=agency_id)


def _agency_id(obj: models.Model) -> int | None:
    from gongkai.accounts.scoping import owning_agency_id

    return owning_agency_id(obj)


def _actor_home_agency(user: Any) -> int | None:
    from gongkai.accounts.models import Membership

    if user is None or not getattr(user, "pk", None):
        return None
    return (
        Membership.objects.filter(user_id=user.pk).order_by("pk").values_list("agency_id", flat=True).first()
    )


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    agency_id: int | None = None,
    actor: Any = None,
    actor_name: str = "",
    note: str = "",
    sensitive: bool | None = None,
) -> AuditEntry:
    """Append one entry. Who acted and from where come from the current request unless given."""
    acting = context.current()
    request = acting.request if acting else None
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            actor = user
    if not actor_name:
        if actor is not None:
            actor_name = actor.get_username()
        elif acting and acting.label:
            actor_name = acting.label
    if agency_id is None and obj is not None:
        agency_id = _agency_id(obj)
    if agency_id is None:
        # An object that belongs to no agency yet (a new account) is filed under the actor's agency.
        agency_id = _actor_home_agency(actor)
    if sensitive is None:
        sensitive = bool(obj is not None and getattr(obj, "audit_sensitive", False))
    entry = AuditEntry(
        actor=actor,
        actor_name=actor_name[:150],
        ip=context.client_ip(request) if request is not None else None,
        action=action,
        agency_id=agency_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True)
        if obj is not None
        else None,
        object_id="" if obj is None or obj.pk is None else str(obj.pk),
        object_repr="" if obj is None else str(obj)[:200],
        changes=changes or {},
        sensitive=sensitive,
        note=note[:300],
    )
    entry.save()
    return entry


def record_view(obj: models.Model, *, fields: list[str] | None = None, note: str = "") -> AuditEntry:
    """Log that personal data of `obj` was shown: the fact and which fields, never the values."""
    if not note and fields:
        note = "显示：" + "、".join(fields)
    return record(Action.VIEW, obj, note=note)
