"""The platform's working-day calendar: ``chinese_calendar`` plus the overrides in :class:`CalendarYear`.

Every deadline in the app is computed with :func:`platform_calendar`; nothing else builds a
``WorkCalendar``. The calendar is rebuilt when the overrides change (detected by a cheap stamp query),
so all processes see an edit at their next request.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from gongkai.law.calendar import Overrides, WorkCalendar, coverage_warnings, default_calendar

_lock = threading.Lock()
_cached: tuple[Any, WorkCalendar] | None = None


def overrides() -> Overrides:
    from gongkai.applications.models import CalendarYear

    return Overrides(
        years={row.year: row.to_override() for row in CalendarYear.objects.select_related("entered_by")}
    )


def _stamp() -> tuple[Any, ...]:
    from gongkai.applications.models import CalendarYear

    agg = CalendarYear.objects.aggregate(n=Count("id"), last=Max("entered_at"), ids=Max("id"))
    return (agg["n"], agg["last"], agg["ids"])


def platform_calendar() -> WorkCalendar:
    """Package data plus administrator overrides (overrides win, DOMAIN §8.4); cached per stamp."""
    global _cached
    stamp = _stamp()
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
    over = overrides()
    cal = default_calendar() if not over.years else WorkCalendar(over)
    with _lock:
        _cached = (stamp, cal)
    return cal


def forget() -> None:
    global _cached
    with _lock:
        _cached = None


def today() -> date:
    return timezone.localdate()


def warnings(on: date | None = None) -> list[str]:
    """Home-page warnings: current year not covered; from 1 November, next year not covered (§8.4)."""
    return coverage_warnings(on or today(), platform_calendar())


def coverage() -> list[dict[str, Any]]:
    """One row per covered year, newest first, with where its data comes from."""
    from gongkai.applications.models import CalendarYear

    cal = platform_calendar()
    entered = {row.year: row for row in CalendarYear.objects.select_related("entered_by")}
    rows = []
    for year in sorted(cal.covered_years(), reverse=True):
        rows.append({"year": year, "source": cal.source_of(year), "entry": entered.get(year)})
    return rows


def save_year(
    year: int,
    *,
    days_off: list[date],
    workdays: list[date],
    source: str,
    by: Any,
    reason: str = "",
) -> tuple[Any, int]:
    """Create or replace a year's overrides (one audit entry), then recompute every open case.

    Returns the stored :class:`CalendarYear` and the number of cases whose deadline moved.
    """
    from gongkai.applications import workflow
    from gongkai.applications.models import CalendarYear

    with transaction.atomic():
        row = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
        # YearOverride validates: dates in the year, no day both off and working.
        row.days_off = sorted(d.isoformat() for d in set(days_off))
        row.workdays = sorted(d.isoformat() for d in set(workdays))
        row.source = source
        row.to_override()
        row.entered_by = by if getattr(by, "pk", None) else None
        row.entered_at = timezone.now()
        row.save()
        forget()
        moved = workflow.recompute_open_cases(reason=reason or f"{year}年节假日安排变更（{source}）", by=by)
    return row, moved
