"""Working-day calendar: 2026 data, fail-closed coverage, overrides."""

from __future__ import annotations

import json
from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.law.calendar import (
    CalendarNotCovered,
    OverrideError,
    Overrides,
    WorkCalendar,
    YearOverride,
    coverage_warnings,
    covered_years,
    default_calendar,
    format_day,
)

# A made-up 2027 arrangement for tests only (NOT the real notice, which does not exist yet).
FAKE_2027 = {
    "2027": {
        "source": "测试数据（非真实通知）",
        "days_off": ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
        "workdays": ["2027-02-13"],
    }
}


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def test_spring_festival_2026_with_make_up_saturdays(cal: WorkCalendar) -> None:
    # 2026 notice (DOMAIN.md §8.2): 春节 2月15日–23日 off; 2月14日、2月28日 (Saturdays) are working days.
    assert cal.is_workday(date(2026, 2, 14))
    assert cal.is_workday(date(2026, 2, 28))
    for day in range(15, 24):
        assert not cal.is_workday(date(2026, 2, day)), day
    assert cal.is_workday(date(2026, 2, 13))
    assert cal.is_workday(date(2026, 2, 24))
    # 元旦: 1月1日–3日 off, 1月4日 (Sunday) worked.
    assert not cal.is_workday(date(2026, 1, 2))
    assert cal.is_workday(date(2026, 1, 4))
    # An ordinary Saturday is not a working day.
    assert not cal.is_workday(date(2026, 3, 7))


def test_matches_package_day_by_day(cal: WorkCalendar) -> None:
    d = date(2004, 1, 1)
    while d <= date(2026, 12, 31):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_covered_years_default() -> None:
    assert covered_years() == tuple(range(2004, 2027))


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2003, 12, 31), date(2030, 6, 1)])
def test_uncovered_year_fails_closed(cal: WorkCalendar, day: date) -> None:
    with pytest.raises(CalendarNotCovered) as info:
        cal.is_workday(day)
    assert info.value.year == day.year
    assert f"缺少{day.year}年国务院办公厅节假日安排通知" in str(info.value)


def test_add_workdays_crossing_into_uncovered_year_raises(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarNotCovered) as info:
        cal.add_workdays(date(2026, 12, 20), 20)
    assert info.value.year == 2027
    with pytest.raises(CalendarNotCovered):
        cal.add_workdays(date(2027, 1, 4), 1)


def test_add_workdays_exclusive_and_inclusive(cal: WorkCalendar) -> None:
    # DOMAIN.md §8.3: received 2026-02-10 → 2026-03-16 exclusive, 2026-03-13 inclusive.
    assert cal.add_workdays(date(2026, 2, 10), 20) == date(2026, 3, 16)
    assert cal.add_workdays(date(2026, 2, 10), 20, inclusive=True) == date(2026, 3, 13)
    # On a non-working day inclusive and exclusive agree.
    assert cal.add_workdays(date(2026, 2, 17), 5) == cal.add_workdays(date(2026, 2, 17), 5, inclusive=True)
    assert cal.next_workday(date(2026, 2, 13)) == date(2026, 2, 14)
    assert cal.next_workday(date(2026, 2, 14)) == date(2026, 2, 24)


def test_pauses_are_not_counted_and_overlaps_count_once(cal: WorkCalendar) -> None:
    start = date(2026, 2, 10)
    one = cal.add_workdays(start, 20, [(date(2026, 3, 2), date(2026, 3, 9))])
    assert one == date(2026, 3, 23)
    overlapping = cal.add_workdays(
        start, 20, [(date(2026, 3, 2), date(2026, 3, 9)), (date(2026, 3, 4), date(2026, 3, 6))]
    )
    assert overlapping == one
    # A pause that starts after the deadline has no effect.
    assert cal.add_workdays(start, 20, [(date(2026, 3, 20), date(2026, 3, 31))]) == date(2026, 3, 16)


def test_count_workdays(cal: WorkCalendar) -> None:
    assert cal.count_workdays(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert cal.count_workdays(date(2026, 2, 13), date(2026, 2, 24)) == 2  # 14th (Sat) and 24th
    assert cal.count_workdays(date(2026, 3, 9), date(2026, 3, 2)) == 0


def test_override_year_becomes_covered_and_is_used() -> None:
    cal = WorkCalendar(Overrides.from_dict(FAKE_2027))
    assert cal.covered_years()[-1] == 2027
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 2, 13))  # a Saturday made a working day
    assert not cal.is_workday(date(2027, 2, 14))  # plain Sunday
    assert cal.is_workday(date(2027, 3, 1))  # plain Monday
    # Now a deadline across the year boundary can be computed.
    due = cal.add_workdays(date(2026, 12, 20), 20)
    assert due.year == 2027
    assert cal.is_workday(due)
    assert "2027年覆盖（测试数据（非真实通知））" in cal.version
    assert cal.source_of(2027).startswith("管理员录入")
    assert cal.source_of(2026) == "chinese_calendar"


def test_gap_year_is_never_skipped() -> None:
    # 2028 entered but 2027 not: nothing may run through 2027.
    cal = WorkCalendar(Overrides.from_dict({"2028": {"days_off": ["2028-01-03"]}}))
    assert 2027 not in cal.covered_years()
    with pytest.raises(CalendarNotCovered) as info:
        cal.add_workdays(date(2026, 12, 28), 20)
    assert info.value.year == 2027
    with pytest.raises(CalendarNotCovered):
        cal.is_workday(date(2027, 6, 1))
    assert cal.add_workdays(date(2028, 1, 1), 1) == date(2028, 1, 4)


def test_override_takes_precedence_over_package() -> None:
    patched = WorkCalendar(
        Overrides.from_dict({"2026": {"days_off": ["2026-02-14"], "workdays": ["2026-03-07"]}})
    )
    assert not patched.is_workday(date(2026, 2, 14))
    assert patched.is_workday(date(2026, 3, 7))
    assert patched.is_workday(date(2026, 2, 13))  # untouched days still come from the package
    assert not patched.is_workday(date(2026, 2, 16))
    assert patched.source_of(2026).endswith("覆盖 chinese_calendar 数据")


def test_override_round_trip_and_entries() -> None:
    ov = Overrides.from_dict(FAKE_2027)
    again = Overrides.from_json(json.dumps(ov.to_dict(), ensure_ascii=False))
    assert again == ov
    rows = [
        {"date": "2027-01-01", "kind": "day_off", "source": "X号", "entered_by": "管理员"},
        {"date": "2027-02-13", "kind": "workday"},
    ]
    from_rows = Overrides.from_entries(rows)
    y = from_rows.years[2027]
    assert y.days_off == {date(2027, 1, 1)} and y.workdays == {date(2027, 2, 13)}
    assert y.source == "X号" and y.entered_by == "管理员"


def test_override_load(tmp_path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(FAKE_2027, ensure_ascii=False), encoding="utf-8")
    assert 2027 in Overrides.load(path).years
    with pytest.raises(OverrideError):
        Overrides.load(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "data",
    [
        {"2027": {"days_off": ["2026-12-31"]}},  # date of another year
        {"2027": {"days_off": ["2027-02-13"], "workdays": ["2027-02-13"]}},  # both kinds
        {"2027": {"days_off": ["2027-02-30"]}},  # impossible date
        {"2027": {"holidays": ["2027-01-01"]}},  # unknown field
        {"abc": {}},  # bad year
        {"2027": ["2027-01-01"]},  # not an object
    ],
)
def test_bad_overrides_rejected(data: dict) -> None:
    with pytest.raises(OverrideError):
        Overrides.from_dict(data)


def test_bad_entries_and_json_rejected() -> None:
    with pytest.raises(OverrideError):
        Overrides.from_entries([{"date": "2027-01-01", "kind": "holiday"}])
    with pytest.raises(OverrideError):
        Overrides.from_json("{not json")


def test_year_override_direct_validation() -> None:
    with pytest.raises(OverrideError):
        YearOverride(2027, days_off=frozenset({date(2028, 1, 1)}))


def test_coverage_warnings() -> None:
    cal = default_calendar()
    assert coverage_warnings(date(2026, 10, 31), cal) == []
    nov = coverage_warnings(date(2026, 11, 1), cal)
    assert len(nov) == 1 and "2027年" in nov[0]
    assert any("当前年度（2027年）" in w for w in coverage_warnings(date(2027, 1, 5), cal))
    covered = WorkCalendar(Overrides.from_dict(FAKE_2027))
    assert coverage_warnings(date(2026, 11, 1), covered) == []


def test_format_day() -> None:
    assert format_day(date(2026, 2, 14)) == "2026-02-14（周六）"
