"""The access matrix: every role against every view, list, export and admin page that exists.

Roles are held at 湘潭高新区 (which has departments below it). For each resource the table below says
which of four records a role may see: at its own agency ("own"), at a department below ("child"),
at an agency outside its tree ("out"), and — for audit entries — one carrying personal data at its
own agency ("own_sensitive"). Everything else must be unreachable, whether listed, exported, or
fetched by guessing its URL.

A URL added to the project without a row here fails `test_every_url_is_in_the_matrix`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.accounts.models import User
from gongkai.accounts.roles import Role
from gongkai.audit import log

pytestmark = pytest.mark.django_db

ADMIN, HEAD, HANDLER, REGISTRAR, SUPERVISOR = (
    Role.ADMIN,
    Role.HEAD,
    Role.HANDLER,
    Role.REGISTRAR,
    Role.SUPERVISOR,
)
FORBIDDEN = "forbidden"  # the role has no business with the resource at all: 403


@dataclass(frozen=True)
class Resource:
    """Which records of one kind each role may see (a set of keys), or FORBIDDEN."""

    visible: dict[Role, frozenset[str] | str]


AGENCIES = Resource(
    {
        ADMIN: frozenset({"own", "child"}),
        HEAD: frozenset({"own"}),
        HANDLER: frozenset({"own"}),
        REGISTRAR: frozenset({"own"}),
        SUPERVISOR: frozenset({"own", "child"}),
    }
)
DEADLINES = Resource(
    {
        ADMIN: FORBIDDEN,
        HEAD: frozenset({"own"}),
        HANDLER: FORBIDDEN,
        REGISTRAR: FORBIDDEN,
        SUPERVISOR: frozenset({"own", "child"}),
    }
)
STAFF = Resource(
    {
        ADMIN: frozenset({"own", "child"}),
        HEAD: FORBIDDEN,
        HANDLER: FORBIDDEN,
        REGISTRAR: FORBIDDEN,
        SUPERVISOR: FORBIDDEN,
    }
)
AUDIT = Resource(
    {
        # The administrator configures; entries about applicants' personal data are not theirs to see.
        ADMIN: frozenset({"own", "child"}),
        HEAD: frozenset({"own", "own_sensitive"}),
        HANDLER: FORBIDDEN,
        REGISTRAR: FORBIDDEN,
        SUPERVISOR: FORBIDDEN,
    }
)
# applications app (issue 5): cases are seen by the agency's case roles and by 督查 over the subtree (without
# personal data); attachments are personal data as a whole; the administrator sees no case at all.
CASES = Resource(
    {
        ADMIN: FORBIDDEN,
        HEAD: frozenset({"own"}),
        HANDLER: frozenset({"own"}),
        REGISTRAR: frozenset({"own"}),
        SUPERVISOR: frozenset({"own", "child"}),
    }
)
CASE_FILES = Resource(
    {
        ADMIN: FORBIDDEN,
        HEAD: frozenset({"own"}),
        HANDLER: frozenset({"own"}),
        REGISTRAR: frozenset({"own"}),
        SUPERVISOR: FORBIDDEN,
    }
)
ADMIN_AGENCIES = Resource(
    {ADMIN: frozenset({"own", "child"}), **dict.fromkeys([HEAD, HANDLER, REGISTRAR, SUPERVISOR], FORBIDDEN)}
)
ADMIN_USERS = Resource(
    {ADMIN: frozenset({"own", "child"}), **dict.fromkeys([HEAD, HANDLER, REGISTRAR, SUPERVISOR], FORBIDDEN)}
)

# Named URLs: list pages (the records' markers must appear or not), detail pages (one URL per record).
LISTS: dict[str, tuple[Resource, str]] = {
    "agencies:list": (AGENCIES, "agency"),
    "agencies:deadlines": (DEADLINES, "agency"),
    "accounts:people": (STAFF, "staff"),
    "audit:list": (AUDIT, "entry"),
    "applications:list": (CASES, "case"),
}
EXPORTS: dict[str, tuple[Resource, str, dict[str, str]]] = {
    "audit:list": (AUDIT, "entry", {"format": "csv"}),
}
DETAILS: dict[str, tuple[Resource, str]] = {
    "agencies:detail": (AGENCIES, "agency"),
    "accounts:person": (STAFF, "staff"),
    "audit:detail": (AUDIT, "entry"),
    "applications:detail": (CASES, "case"),
    "applications:attachment": (CASE_FILES, "attachment"),
}
# Pages every signed-in user has, holding no agency records of their own.
OPEN_TO_ALL = {
    "root",
    "accounts:home",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "applications:calendar",  # installation-wide working-day calendar, no agency records
}
# Public pages (portal, issue 5): no login, the same for anonymous visitors and every role; they show no
# agency records and no personal data (tests/portal/test_portal_access.py checks both).
PUBLIC = {"portal:index", "portal:apply", "portal:apply_done", "portal:status"}
# Pages holding no agency records, with the status each role gets (roles held at 湘潭高新区). Writes
# that target one record are checked against the same scope in tests/applications/.
PAGES: dict[str, tuple[list[Any], dict[Role, int]]] = {
    # Only a 系统管理员 held at a top-level agency edits the calendar; 湘潭高新区 is not top-level.
    "applications:calendar_edit": ([2027], dict.fromkeys(Role, 403)),
    "applications:register": ([], {ADMIN: 403, HEAD: 403, HANDLER: 403, REGISTRAR: 200, SUPERVISOR: 403}),
    # POST only; a GET is refused whoever asks.
    "applications:attachment_upload": ([1], dict.fromkeys(Role, 405)),
    # Work list bulk actions and case steps (issue 5): POST only; scope and role checks of the POSTs
    # are in tests/applications/test_applications_bulk.py and ..._case_page.py.
    "applications:bulk": ([], dict.fromkeys(Role, 405)),
    "applications:act": ([1, "confirm"], dict.fromkeys(Role, 405)),
    # Issued letters are DOCX (personal data): a PERSONAL role gets 404 for a letter it cannot reach,
    # the others 403. Letters in and out of scope are checked in ..._case_page.py.
    "applications:letter": ([999999], {ADMIN: 403, HEAD: 404, HANDLER: 404, REGISTRAR: 404, SUPERVISOR: 403}),
}
# Each model registered in the admin: the resource rule and the kind of record it holds.
ADMIN_MODELS: dict[str, tuple[Resource, str]] = {
    "agencies.agency": (ADMIN_AGENCIES, "agency"),
    "accounts.user": (ADMIN_USERS, "staff"),
}


def _url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: list[str]) -> Any:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, [*namespace, pattern.namespace] if pattern.namespace else namespace
                )
            elif isinstance(pattern, URLPattern):
                yield ":".join([*namespace, pattern.name or f"<unnamed {pattern.pattern}>"])

    return set(walk(get_resolver().url_patterns, []))


def test_every_url_is_in_the_matrix() -> None:
    covered = set(LISTS) | set(EXPORTS) | set(DETAILS) | OPEN_TO_ALL | set(PAGES) | PUBLIC
    unknown = {n for n in _url_names() if not n.startswith("admin:") and n not in covered}
    assert not unknown, (
        f"URL 未列入访问矩阵（tests/accounts/test_accounts_access_matrix.py）：{sorted(unknown)}"
    )
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS), "admin 中注册的模型必须列入 ADMIN_MODELS"


@pytest.fixture
def world(
    agencies: dict[str, Any], make_user: Any, role_users: dict[Role, Any], settings: Any, tmp_path: Any
) -> dict[str, Any]:
    """Records at the own agency, at a department below it, and outside the tree, with unique markers."""
    settings.DATA_DIR = tmp_path  # case attachments are written under the data directory
    where = {"own": "gaoxin", "child": "gaoxin_finance", "out": "city_finance"}
    staff = {
        key: make_user(
            Role.HANDLER,
            agency_key,
            username=f"staff_{key}",
            name=f"人员{key.upper()}",
            email=f"{key}-mail@staff.example",
            phone=f"1390000{len(key):04d}",
        )
        for key, agency_key in where.items()
    }
    entries = {
        key: log.record(log.Action.CHANGE, note=f"ENTRY-{key.upper()}", agency_id=agencies[agency_key].pk)
        for key, agency_key in where.items()
    }
    entries["own_sensitive"] = log.record(
        log.Action.VIEW, note="ENTRY-OWN_SENSITIVE", agency_id=agencies["gaoxin"].pk, sensitive=True
    )
    cases, files = _cases(agencies, where)
    return {
        "agency": {k: agencies[v] for k, v in where.items()},
        "staff": staff,
        "entry": entries,
        "case": cases,
        "attachment": files,
    }


def _cases(agencies: dict[str, Any], where: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """One application (with an attachment) per place; applicant names and phones are the secrets."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications import attachments, workflow

    cases, files = {}, {}
    for key, agency_key in where.items():
        case = workflow.register(
            agencies[agency_key],
            applicant_kind="natural_person",
            applicant_name=f"申请人{key.upper()}",
            id_type="other",
            id_number=f"护照{key}",
            phone=f"1880000{len(key):04d}",
            description=f"CASE-{key.upper()} 所需信息",
            channel="in_person",
            arrived_on=date(2026, 3, 2),
        )
        cases[key] = case
        upload = SimpleUploadedFile(f"材料-{key}.txt", f"ATTACHMENT-{key.upper()}".encode())
        files[key] = attachments.add_attachment(case, upload, kind="identity")
    return cases, files


def _marker(kind: str, obj: Any) -> str:
    return {
        "agency": lambda o: o.name,
        "staff": lambda o: o.name,
        "entry": lambda o: o.note,
        "case": lambda o: o.number,
        "attachment": lambda o: o.read_bytes().decode(),
    }[kind](obj)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _check_list(
    response: Any, rule: frozenset[str] | str, records: dict[str, Any], kind: str, where: str
) -> None:
    if rule == FORBIDDEN:
        assert response.status_code == 403, where
        return
    assert response.status_code == 200, where
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    for key, obj in records.items():
        marker = _marker(kind, obj)
        if key in rule:
            assert marker in text, f"{where}: {key} 应可见"
        else:
            assert marker not in text, f"{where}: {key} 不应可见"


@pytest.mark.parametrize("role", list(Role))
def test_lists_and_exports(role: Role, role_users: dict[Role, Any], world: dict[str, Any]) -> None:
    client = _client(role_users[role])
    for name, (resource, kind) in LISTS.items():
        _check_list(client.get(reverse(name)), resource.visible[role], world[kind], kind, f"{role} {name}")
    for name, (resource, kind, params) in EXPORTS.items():
        _check_list(
            client.get(reverse(name), params),
            resource.visible[role],
            world[kind],
            kind,
            f"{role} {name} 导出",
        )


@pytest.mark.parametrize("role", list(Role))
def test_detail_pages_by_guessed_url(role: Role, role_users: dict[Role, Any], world: dict[str, Any]) -> None:
    client = _client(role_users[role])
    for name, (resource, kind) in DETAILS.items():
        rule = resource.visible[role]
        for key, obj in world[kind].items():
            response = client.get(reverse(name, args=[obj.pk]))
            where = f"{role} {name} {key}"
            if rule == FORBIDDEN:
                assert response.status_code == 403, where
            elif key in rule:
                assert response.status_code == 200, where
                assert _marker(kind, obj) in _body(response), where
            else:
                assert response.status_code == 404, where
                assert _marker(kind, obj) not in _body(response), where


def _body(response: Any) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize("role", list(Role))
def test_pages_without_records(role: Role, role_users: dict[Role, Any]) -> None:
    client = _client(role_users[role])
    for name, (args, expected) in PAGES.items():
        assert client.get(reverse(name, args=args)).status_code == expected[role], f"{role} {name}"


@pytest.mark.parametrize("role", list(Role))
def test_admin_pages(role: Role, role_users: dict[Role, Any], world: dict[str, Any]) -> None:
    client = _client(role_users[role])
    allowed_anywhere = any(resource.visible[role] != FORBIDDEN for resource, _ in ADMIN_MODELS.values())
    index = client.get(reverse("admin:index"))
    assert index.status_code == (200 if allowed_anywhere else 403), role
    for label, (resource, kind) in ADMIN_MODELS.items():
        app, model = label.split(".")
        rule = resource.visible[role]
        changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
        _check_list(changelist, rule, world[kind], kind, f"{role} admin {label} 列表")
        for key, obj in world[kind].items():
            where = f"{role} admin {label} {key}"
            marker = _marker(kind, obj)
            change = client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
            history = client.get(reverse(f"admin:{app}_{model}_history", args=[obj.pk]))
            delete = client.get(reverse(f"admin:{app}_{model}_delete", args=[obj.pk]))
            # Nobody but a superuser deletes through the admin (records are deactivated instead).
            assert delete.status_code in (403, 302), where
            assert marker not in delete.content.decode(), where
            if rule != FORBIDDEN and key in rule:
                assert change.status_code == 200, where
                assert marker in change.content.decode(), where
                assert history.status_code == 200, where
            else:
                # Out of scope: Django's admin answers "does not exist" with a redirect to its index.
                expected = (403,) if rule == FORBIDDEN else (302, 404)
                for response in (change, history):
                    assert response.status_code in expected, where
                    assert marker not in response.content.decode(), where
                post = client.post(reverse(f"admin:{app}_{model}_change", args=[obj.pk]), {"name": "改名"})
                assert post.status_code in expected, where
        if kind == "staff":
            for key, obj in world[kind].items():
                response = client.get(reverse("admin:auth_user_password_change", args=[obj.pk]))
                visible = rule != FORBIDDEN and key in rule
                assert response.status_code == (200 if visible else 403 if rule == FORBIDDEN else 404), (
                    role,
                    key,
                )
    # Records outside the scope never change through the admin.
    world["agency"]["out"].refresh_from_db()
    assert world["agency"]["out"].name == "湘潭市财政局"


@pytest.mark.parametrize("role", list(Role))
def test_admin_autocomplete_and_view_on_site_leak_nothing(
    role: Role, role_users: dict[Role, Any], world: dict[str, Any]
) -> None:
    from django.contrib.contenttypes.models import ContentType

    client = _client(role_users[role])
    out = world["agency"]["out"]
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "membership", "field_name": "agency", "term": "湘潭"},
    )
    # Autocomplete answers from the target admin's (scoped) queryset; JSON escapes Chinese, so parse it.
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:
        ids = {int(r["id"]) for r in response.json()["results"]}
        assert out.pk not in ids and world["agency"]["own"].pk in ids
    ct = ContentType.objects.get_for_model(out)
    response = client.get(reverse("admin:view_on_site", args=[ct.pk, out.pk]))
    assert response.status_code in (403, 404)


def test_supervisor_sees_no_personal_data_anywhere(
    role_users: dict[Role, Any], world: dict[str, Any]
) -> None:
    client = _client(role_users[SUPERVISOR])
    pages = [reverse(n) for n in ("accounts:home", "agencies:list", "agencies:deadlines")]
    pages += [reverse("agencies:detail", args=[a.pk]) for a in world["agency"].values()]
    pages += [reverse("applications:list")]
    pages += [reverse("applications:detail", args=[c.pk]) for c in world["case"].values()]
    secrets = [s.email for s in world["staff"].values()] + [s.phone for s in world["staff"].values()]
    secrets += [c.applicant_name for c in world["case"].values()] + [c.phone for c in world["case"].values()]
    for url in pages:
        text = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in text, url


def test_anonymous_is_sent_to_login_everywhere(world: dict[str, Any]) -> None:
    client = Client()
    urls = [reverse(n) for n in LISTS] + [reverse(n, args=[1]) for n in DETAILS] + [reverse("accounts:home")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    assert client.get(reverse("admin:index")).status_code == 302
