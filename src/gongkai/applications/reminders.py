"""Due-soon and overdue cases: the markers of the work list, the home page, and the daily reminder.

"Due soon" means the cached answer deadline falls within the next ``DUE_SOON_WORKDAYS`` working days
(counted on the platform calendar, so a deadline after the Spring Festival is "soon" although it is
two calendar weeks away); "overdue" means it has passed. Both only concern open cases, and both are
computed in the database from the indexed ``due_on`` column: one date bound each, never per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from gongkai.applications import workdays
from gongkai.applications.models import OPEN_STATES, Application
from gongkai.law.calendar import CalendarError

DUE_SOON_WORKDAYS = 3

OVERDUE = "overdue"
SOON = "soon"
MARKER_LABELS = {OVERDUE: "已逾期", SOON: "即将到期"}


def soon_limit(today: date) -> date | None:
    """The last day counted as "due soon": the 3rd working day after today (None: calendar gap).

    A missing calendar year fails closed (DOMAIN §8.4): no case is called "soon" on a guess; the
    overdue marker, which needs no calendar, still works.
    """
    try:
        return workdays.platform_calendar().add_workdays(today, DUE_SOON_WORKDAYS)
    except CalendarError:
        return None


def week_end(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def marker(case: Application, today: date, limit: date | None) -> str:
    return marker_of(case.state, case.due_on, today, limit)


def marker_of(state: str, due_on: date | None, today: date, limit: date | None) -> str:
    """The marker from the two columns alone: the work list reads them as plain values, not models."""
    if state not in OPEN_STATES or due_on is None:
        return ""
    if due_on < today:
        return OVERDUE
    if limit is not None and due_on <= limit:
        return SOON
    return ""


def overdue(cases: QuerySet, today: date) -> QuerySet:
    return cases.filter(state__in=OPEN_STATES, due_on__lt=today)


def due_soon(cases: QuerySet, today: date, limit: date | None = None) -> QuerySet:
    limit = limit if limit is not None else soon_limit(today)
    if limit is None:
        return cases.none()
    return cases.filter(state__in=OPEN_STATES, due_on__gte=today, due_on__lte=limit)


def for_user(user: Any, today: date | None = None, limit: int = 20) -> dict[str, Any]:
    """The home page panel: the user's own (assigned) cases first; without any, those in their scope."""
    from gongkai.accounts.scoping import scope

    today = today or workdays.today()
    bound = soon_limit(today)
    base = scope(user, Application).select_related("agency").order_by("due_on", "id")
    mine = base.filter(assigned_to=user)
    cases = mine if mine.filter(state__in=OPEN_STATES).exists() else base
    late = list(overdue(cases, today)[:limit])
    soon = list(due_soon(cases, today, bound)[:limit])
    return {"overdue": late, "soon": soon, "mine": cases is mine, "today": today, "soon_limit": bound}


# -- the daily reminder --------------------------------------------------------------------------------


@dataclass
class AgencyDigest:
    agency: Any
    overdue: list[Application] = field(default_factory=list)
    soon: list[Application] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def mail_configured() -> bool:
    """Mail goes out only when an SMTP host is configured (settings.EMAIL_HOST from the environment)."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def digests(today: date) -> list[AgencyDigest]:
    """Open cases overdue or due soon, grouped by agency, with the agency's 承办人/负责人 addresses."""
    from gongkai.accounts.models import Membership
    from gongkai.accounts.roles import Role

    bound = soon_limit(today)
    cases = Application.objects.select_related("agency").order_by("agency__path", "due_on", "id")
    by_agency: dict[int, AgencyDigest] = {}
    for case in overdue(cases, today):
        by_agency.setdefault(case.agency_id, AgencyDigest(case.agency)).overdue.append(case)
    for case in due_soon(cases, today, bound):
        by_agency.setdefault(case.agency_id, AgencyDigest(case.agency)).soon.append(case)
    addresses: dict[int, set[str]] = defaultdict(set)
    rows = Membership.objects.filter(
        agency_id__in=by_agency, role__in=[Role.HANDLER, Role.HEAD], user__is_active=True
    ).exclude(user__email="")
    for agency_id, email in rows.values_list("agency_id", "user__email"):
        addresses[agency_id].add(email)
    out = []
    for agency_id, digest in sorted(by_agency.items(), key=lambda kv: kv[1].agency.path):
        digest.recipients = sorted(addresses[agency_id])
        out.append(digest)
    return out


def message_body(digest: AgencyDigest, today: date) -> str:
    """Case numbers, states and deadlines only: e-mail leaves the platform, applicants' data does not."""
    lines = [f"{digest.agency.name}：截至 {today.isoformat()}，以下政府信息公开申请需要关注。", ""]
    for label, cases in (("已逾期", digest.overdue), (f"{DUE_SOON_WORKDAYS}个工作日内到期", digest.soon)):
        if not cases:
            continue
        lines.append(f"{label}（{len(cases)} 件）：")
        lines += [f"  {c.number}  {c.get_state_display()}  答复期限 {c.due_on.isoformat()}" for c in cases]
        lines.append("")
    lines.append("请登录 gongkai 工作平台办理。本邮件由系统自动发送。")
    return "\n".join(lines)


def run(today: date | None = None, *, send: bool | None = None) -> tuple[list[AgencyDigest], int]:
    """Build the digests and, when mail is configured (or ``send`` is forced), send one per agency.

    Returns the digests and the number of messages sent.
    """
    from django.core.mail import send_mail

    today = today or workdays.today()
    send = mail_configured() if send is None else send
    found = digests(today)
    sent = 0
    if send:
        for digest in found:
            if not digest.recipients:
                continue
            subject = (
                f"【政府信息公开】{digest.agency.name}：逾期 {len(digest.overdue)} 件，"
                f"即将到期 {len(digest.soon)} 件"
            )
            sent += send_mail(subject, message_body(digest, today), None, digest.recipients)
    return found, sent
