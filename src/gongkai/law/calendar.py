"""Working-day calendar (工作日) for statutory deadlines.

Sources, in order of precedence (DOMAIN.md §8.4):

1. administrator **overrides** entered from the year's《国务院办公厅关于YYYY年部分节假日安排的通知》;
2. the ``chinese_calendar`` package (official holidays and 调休 make-up days, 2004 onward);
3. nothing else: a year covered by neither **fails closed** with :class:`CalendarNotCovered`.
   We never fall back to "Monday–Friday" or to computed holidays (``holidays.China``), because a
   deadline is law and the 调休 days are only known from the notice.

A working day is a Monday–Friday that the notice does not make a day off, or a listed make-up
day (调休上班) (DOMAIN.md §8.3). The calendar is precomputed into a cumulative working-day count
per day and a sorted list of working days, so adding *n* working days is two list look-ups.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "CalendarError",
    "CalendarNotCovered",
    "OverrideError",
    "Overrides",
    "WorkCalendar",
    "YearOverride",
    "coverage_warnings",
    "covered_years",
    "default_calendar",
    "format_day",
    "weekday_name",
]

_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def weekday_name(d: date) -> str:
    return _WEEKDAYS[d.weekday()]


def format_day(d: date) -> str:
    """``2026-02-14（周六）``: ISO date plus weekday, the form used in every trace."""
    return f"{d.isoformat()}（{_WEEKDAYS[d.weekday()]}）"


class CalendarError(Exception):
    """Base class of calendar errors; ``str(exc)`` is a Chinese message for the user."""


class CalendarNotCovered(CalendarError):
    """A date lies in a year for which no holiday notice is known (fail closed, DOMAIN.md §8.4)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"缺少{year}年国务院办公厅节假日安排通知（《国务院办公厅关于{year}年部分节假日安排的通知》），"
            f"无法计算期限：{year}年节假日安排尚未录入。请管理员根据通知录入{year}年的放假日和调休上班日。"
        )


class OverrideError(CalendarError, ValueError):
    """Malformed administrator override data."""


def _parse_iso(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OverrideError(f"{where}：日期“{value}”无效，应为 YYYY-MM-DD。") from None


@dataclass(frozen=True)
class YearOverride:
    """One year's arrangement as entered from the 国务院办公厅 notice.

    Entering a year marks it covered. Days not listed follow the package data if the package
    covers the year, otherwise the plain Monday–Friday rule — which is correct for a year whose
    notice has been entered, because the notice lists every exception.
    """

    year: int
    days_off: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    source: str = ""  # document number of the notice, e.g. 国办发明电〔2024〕12号
    entered_by: str = ""
    entered_at: str = ""

    def __post_init__(self) -> None:
        for d in self.days_off | self.workdays:
            if d.year != self.year:
                raise OverrideError(f"{self.year}年的节假日安排中出现了其他年份的日期 {d.isoformat()}。")
        both = self.days_off & self.workdays
        if both:
            days = "、".join(sorted(d.isoformat() for d in both))
            raise OverrideError(f"{self.year}年：{days} 同时被录入为放假日和调休上班日。")

    @classmethod
    def from_dict(cls, year: int | str, data: Mapping[str, Any]) -> YearOverride:
        try:
            y = int(year)
        except (TypeError, ValueError):
            raise OverrideError(f"年份“{year}”无效。") from None
        unknown = set(data) - {"days_off", "workdays", "source", "entered_by", "entered_at"}
        if unknown:
            raise OverrideError(f"{y}年：未知字段 {', '.join(sorted(unknown))}。")
        return cls(
            year=y,
            days_off=frozenset(_parse_iso(v, f"{y}年放假日") for v in data.get("days_off", ())),
            workdays=frozenset(_parse_iso(v, f"{y}年调休上班日") for v in data.get("workdays", ())),
            source=str(data.get("source", "")),
            entered_by=str(data.get("entered_by", "")),
            entered_at=str(data.get("entered_at", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "days_off": sorted(d.isoformat() for d in self.days_off),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "source": self.source,
            "entered_by": self.entered_by,
            "entered_at": self.entered_at,
        }


@dataclass(frozen=True)
class Overrides:
    """All administrator overrides, keyed by year.

    JSON/dict form (what the Django app stores and the CLI reads with ``--calendar-overrides``)::

        {"2027": {"source": "国办发明电〔2026〕…号",
                  "days_off": ["2027-01-01", …], "workdays": ["2027-02-06", …]}}
    """

    years: Mapping[int, YearOverride] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Overrides:
        if not isinstance(data, Mapping):
            raise OverrideError("节假日覆盖数据应为以年份为键的对象。")
        years: dict[int, YearOverride] = {}
        for key, value in data.items():
            if not isinstance(value, Mapping):
                raise OverrideError(f"{key}年的节假日安排应为对象。")
            item = YearOverride.from_dict(key, value)
            years[item.year] = item
        return cls(years=years)

    @classmethod
    def from_json(cls, text: str) -> Overrides:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise OverrideError(f"节假日覆盖文件不是有效的 JSON：{exc}") from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> Overrides:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise OverrideError(f"无法读取节假日覆盖文件 {path}：{exc.strerror}") from None
        return cls.from_json(text)

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, Any]]) -> Overrides:
        """Build from database-style rows ``{date, kind: workday|day_off, source, entered_by, entered_at}``.

        Every year that has at least one row is covered (a real notice always lists 元旦).
        """
        off: dict[int, set[date]] = {}
        work: dict[int, set[date]] = {}
        meta: dict[int, dict[str, str]] = {}
        for row in entries:
            d = _parse_iso(row.get("date"), "节假日覆盖记录")
            kind = row.get("kind")
            if kind == "day_off":
                off.setdefault(d.year, set()).add(d)
            elif kind == "workday":
                work.setdefault(d.year, set()).add(d)
            else:
                raise OverrideError(f"{d.isoformat()}：类型“{kind}”无效，应为 day_off 或 workday。")
            m = meta.setdefault(d.year, {})
            for k in ("source", "entered_by", "entered_at"):
                if row.get(k) and not m.get(k):
                    m[k] = str(row[k])
        years = {
            y: YearOverride(
                year=y,
                days_off=frozenset(off.get(y, ())),
                workdays=frozenset(work.get(y, ())),
                **meta.get(y, {}),
            )
            for y in sorted(set(off) | set(work))
        }
        return cls(years=years)

    def to_dict(self) -> dict[str, Any]:
        return {str(y): self.years[y].to_dict() for y in sorted(self.years)}


def _package_years() -> range:
    """Years the ``chinese_calendar`` package has data for (the same rule it applies itself)."""
    import chinese_calendar

    keys = chinese_calendar.holidays.keys()
    return range(min(keys).year, max(keys).year + 1)


def _package_version() -> str:
    try:
        return metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed under the other name
        return metadata.version("chinese-calendar")


class WorkCalendar:
    """Precomputed working-day calendar.

    ``_cum[i]`` is the number of working days on or before ordinal ``_base + i``;
    ``_days[k]`` is the (k+1)-th working day of the covered span. Both are plain lists because
    list indexing is the fastest look-up CPython has.
    """

    def __init__(self, overrides: Overrides | None = None, *, use_package: bool = True) -> None:
        self.overrides = overrides or Overrides()
        package_years = _package_years() if use_package else range(0)
        if use_package:
            import chinese_calendar

            self._pkg_holidays: Mapping[date, str] = chinese_calendar.holidays
            self._pkg_workdays: Mapping[date, str] = chinese_calendar.workdays
        self._package_years = frozenset(package_years)
        covered = set(self._package_years) | set(self.overrides.years)
        if not covered:
            raise CalendarError("没有任何年份的节假日安排数据。")
        self._covered = frozenset(covered)
        self._first_year = min(covered)
        self._last_year = max(covered)
        # Years inside the span that nobody covers: their days count as non-working, and any
        # computation that reaches them raises (fail closed).
        self._gaps = tuple(y for y in range(self._first_year, self._last_year + 1) if y not in covered)

        parts = [f"chinese_calendar {_package_version()}" if use_package else "无软件包数据"]
        for y in sorted(self.overrides.years):
            src = self.overrides.years[y].source
            parts.append(f"{y}年覆盖" + (f"（{src}）" if src else ""))
        self.version = " + ".join(parts)

        self._build()

    # -- construction -------------------------------------------------------------------------

    def _is_workday_uncached(self, d: date) -> bool:
        override = self.overrides.years.get(d.year)
        if override is not None:
            # Overrides take precedence over package data (DOMAIN.md §8.4).
            if d in override.workdays:
                return True
            if d in override.days_off:
                return False
        if d.year in self._package_years:
            # The rule of chinese_calendar.is_workday, read from its tables directly: calling it
            # per day re-validates the year range each time and would make building 50× slower.
            # A test compares every day against chinese_calendar.is_workday itself.
            return d in self._pkg_workdays or (d.weekday() < 5 and d not in self._pkg_holidays)
        if override is not None:
            return d.weekday() < 5
        return False  # a gap year; guarded separately

    def _build(self) -> None:
        first = date(self._first_year, 1, 1)
        last = date(self._last_year, 12, 31)
        self._base = first.toordinal()
        cum: list[int] = []
        days: list[date] = []
        flags = bytearray()
        count = 0
        d = first
        one = timedelta(days=1)
        while d <= last:
            if self._is_workday_uncached(d):
                count += 1
                days.append(d)
                flags.append(1)
            else:
                flags.append(0)
            cum.append(count)
            d += one
        self._cum = cum
        self._days = days
        self._flags = bytes(flags)
        # Days that break the Monday–Friday rule (weekday holidays, 调休 weekend workdays), for traces.
        self._exceptions = [
            first + timedelta(days=i)
            for i, f in enumerate(flags)
            if f != ((self._base + i) % 7 not in (0, 6))
        ]
        self._exception_ords = [d.toordinal() for d in self._exceptions]
        self._span = len(cum)
        self._nworkdays = len(days)

    # -- coverage -----------------------------------------------------------------------------

    def covered_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._covered))

    def is_covered(self, year: int) -> bool:
        return year in self._covered

    def source_of(self, year: int) -> str:
        """Where a year's data comes from, for traces."""
        if year in self.overrides.years:
            src = self.overrides.years[year].source
            base = "管理员录入" + (f"（{src}）" if src else "")
            return base + ("，覆盖 chinese_calendar 数据" if year in self._package_years else "")
        if year in self._package_years:
            return "chinese_calendar"
        raise CalendarNotCovered(year)

    def _index(self, d: date) -> int:
        i = d.toordinal() - self._base
        if i < 0 or d.year not in self._covered:
            raise CalendarNotCovered(d.year)
        if i >= len(self._cum):  # pragma: no cover - implied by the coverage test above
            raise CalendarNotCovered(d.year)
        return i

    def _check_span(self, start: date, end: date) -> None:
        """Every year from start to end must be covered: a gap year may not be skipped silently."""
        for y in self._gaps:
            if start.year <= y <= end.year:
                raise CalendarNotCovered(y)

    # -- queries ------------------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        return self._flags[self._index(d)] == 1

    def count_workdays(self, after: date, through: date) -> int:
        """Working days ``d`` with ``after < d ≤ through`` (0 if ``through ≤ after``)."""
        if through <= after:
            return 0
        i = self._index(after)
        j = self._index(through)
        self._check_span(after, through)
        return self._cum[j] - self._cum[i]

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def add_workdays(
        self,
        start: date,
        n: int,
        pauses: Sequence[tuple[date, date]] = (),
        *,
        inclusive: bool = False,
    ) -> date:
        """The ``n``-th working day after ``start`` (DOMAIN.md §8.3 algorithm, done by look-up).

        * exclusive (default): day 1 is the first working day after ``start`` (民法典第二百零一条);
        * ``inclusive``: ``start`` itself is day 1 when it is a working day;
        * ``pauses``: ``(a, b)`` pairs; a working day ``d`` with ``a < d ≤ b`` is not counted
          (第三十三条第三款). Overlapping pauses count once.
        """
        if n < 1:
            raise ValueError("n must be ≥ 1")
        # Hot path (the benchmark target): range check, two list look-ups, no allocation.
        i = start.toordinal() - self._base
        if i < 0 or i >= self._span:
            raise CalendarNotCovered(start.year)
        k = self._cum[i] + n  # 1-based rank of the target among all working days of the span
        if inclusive and self._flags[i]:
            k -= 1
        if pauses:
            k = self._shift_for_pauses(start, k, pauses)
        if k > self._nworkdays:
            raise CalendarNotCovered(self._last_year + 1)
        target = self._days[k - 1]
        if self._gaps:
            # A start or target in an uncovered year, or a gap year between them, fails closed.
            self._check_span(start, target)
        return target

    def _shift_for_pauses(self, start: date, k: int, pauses: Sequence[tuple[date, date]]) -> int:
        cum = self._cum
        base = self._base
        last = len(cum) - 1
        s = start.toordinal()
        if len(pauses) == 1:  # the common case, without the merge below
            a, b = pauses[0][0].toordinal(), pauses[0][1].toordinal()
            a = max(a, s)
            if b <= a or k > self._nworkdays or a >= self._days[k - 1].toordinal():
                return k
            if b - base > last:
                raise CalendarNotCovered(pauses[0][1].year)
            return k + cum[b - base] - cum[a - base]
        # Merge into disjoint, sorted intervals so that overlaps are counted once.
        merged: list[list[int]] = []
        for a, b in sorted((a.toordinal(), b.toordinal()) for a, b in pauses):
            a = max(a, s)
            if b <= a:
                continue
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        days = self._days
        for a, b in merged:
            if k > len(days):
                break
            target_ord = days[k - 1].toordinal()
            if a >= target_ord:
                break  # this pause (and every later one) starts after the deadline
            bi = b - base
            if bi > last:
                raise CalendarNotCovered(date.fromordinal(b).year)
            k += cum[bi] - cum[a - base]
        return k

    def exceptions_between(self, after: date, through: date) -> list[date]:
        """Weekday days off and weekend working days in ``(after, through]``, for traces."""
        self._index(after)
        self._index(through)
        ords = self._exception_ords
        return self._exceptions[
            bisect_right(ords, after.toordinal()) : bisect_right(ords, through.toordinal())
        ]


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The package-only calendar, built once per process."""
    return WorkCalendar()


def covered_years(overrides: Overrides | None = None) -> tuple[int, ...]:
    """Years for which deadlines can be computed (package data plus overrides)."""
    cal = default_calendar() if overrides is None else WorkCalendar(overrides)
    return cal.covered_years()


def coverage_warnings(today: date, calendar: WorkCalendar | None = None) -> list[str]:
    """Operational check of DOMAIN.md §8.4: current year must be covered; next year from 1 November."""
    cal = calendar or default_calendar()
    out: list[str] = []
    if not cal.is_covered(today.year):
        out.append(f"当前年度（{today.year}年）的节假日安排尚未录入，期限无法计算。")
    if today >= date(today.year, 11, 1) and not cal.is_covered(today.year + 1):
        out.append(
            f"{today.year + 1}年的节假日安排尚未录入：国务院办公厅通知发布后请及时录入，"
            f"否则跨年的期限将无法计算。"
        )
    return out
