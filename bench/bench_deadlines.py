"""Benchmark: statutory deadline computations per second vs a plain weekday count.

Run: ``python bench/bench_deadlines.py`` (about 10–20 s).

* **baseline (the floor)**: a plain Monday–Friday count, stepping day by day from the receipt
  date to the 20th weekday — what a naive implementation does, ignoring holidays and 调休;
* **fast path**: ``WorkCalendar.add_workdays`` / ``deadlines.due_date`` — holiday- and 调休-aware
  20-WD due date from the precomputed tables (target: 1,000,000 per second);
* **full engine**: ``deadlines.compute_deadline`` — validation plus the Chinese step-by-step trace.

Each figure is the best of several rounds over the same random receipt dates (2005–2026).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from gongkai.law.calendar import default_calendar
from gongkai.law.deadlines import compute_deadline, due_date

N_FAST = 300_000
N_FULL = 20_000
ROUNDS = 3
TARGET = 1_000_000


def plain_weekday_count(start: date, n: int) -> date:
    """The floor: the n-th Monday–Friday after ``start``, counted day by day."""
    d = start
    one = timedelta(days=1)
    count = 0
    while count < n:
        d += one
        if d.weekday() < 5:
            count += 1
    return d


def rate(fn: Callable[..., object], args: list[tuple[object, ...]]) -> float:
    """Calls per second of ``fn(*a)`` over ``args`` (inputs are built before the clock starts)."""
    best = float("inf")
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for a in args:
            fn(*a)
        best = min(best, time.perf_counter() - t0)
    return len(args) / best


def main() -> int:
    rng = random.Random(20260210)
    first = date(2005, 1, 1).toordinal()
    last = date(2026, 6, 30).toordinal()
    dates = [date.fromordinal(rng.randint(first, last)) for _ in range(N_FAST)]
    cal = default_calendar()  # built once, outside the timing
    add = cal.add_workdays

    # Sanity: the fast path and the full engine agree before anything is timed.
    for d in dates[:2000]:
        assert add(d, 20) == due_date(d) == compute_deadline(d).due

    with_n = [(d, 20) for d in dates]
    with_pause = [(d, 20, ((d, d + timedelta(days=5)),)) for d in dates]
    results = [
        ("baseline: plain weekday count (day by day)", rate(plain_weekday_count, with_n)),
        ("fast path: WorkCalendar.add_workdays(d, 20)", rate(add, with_n)),
        ("fast path: deadlines.due_date(d)", rate(due_date, [(d,) for d in dates])),
        ("fast path with one pause", rate(add, with_pause)),
        ("full engine: compute_deadline(d) + trace", rate(compute_deadline, [(d,) for d in dates[:N_FULL]])),
    ]
    baseline = results[0][1]
    width = max(len(name) for name, _ in results)
    print(f"Python {sys.version.split()[0]} · calendar: {cal.version} · best of {ROUNDS} rounds")
    for name, r in results:
        print(f"{name:<{width}}  {r:>12,.0f} /s   {r / baseline:6.2f}× baseline")
    fast = results[1][1]
    verdict = "met" if fast >= TARGET else "NOT met"
    print(f"target {TARGET:,}/s for the fast path: {verdict} ({fast / TARGET:.2f}× target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
