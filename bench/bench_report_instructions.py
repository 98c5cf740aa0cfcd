"""Instructions per report for parse-and-check and for the floor, counted by valgrind (callgrind).

Run: python bench/bench_report_instructions.py [--reports N]

Seconds on a shared virtual machine move by several per cent from run to run, more than most single
changes to the reader gain or lose; an instruction count does not move. This writes a warm-up batch
and a batch of N unseen reports (the layouts and versions of bench_report.py), then runs each side
twice under callgrind in a fresh process: once over the warm-up batch only and once over both. The
difference, divided by N, is what one unseen report costs a warm process. Both sides are
bench_report's own floor_one and full_one. Needs valgrind (Debian: apt install valgrind).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_report import write_corpus

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")

_CHILD = """
import sys
sys.path.insert(0, {bench!r})
from pathlib import Path
from bench_report import floor_one, full_one

one = floor_one if sys.argv[1] == "floor" else full_one
for name in sys.argv[2:]:
    for path in sorted(Path(name).iterdir()):
        one(path)
"""


def instructions(script: Path, side: str, *directories: Path) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, str(script), side,
         *map(str, directories)],
        capture_output=True, text=True, check=True)
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind 的输出中没有指令数：\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=400, help="unseen reports counted")
    parser.add_argument("--warm", type=int, default=240, help="reports read first, not counted")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("需要 valgrind（Debian：apt install valgrind）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        warm, work = Path(tmp, "warm"), Path(tmp, "work")
        warm.mkdir()
        work.mkdir()
        write_corpus(warm, args.warm, 0)
        write_corpus(work, args.reports, 100_000)
        script = Path(tmp, "child.py")
        script.write_text(_CHILD.format(bench=str(Path(__file__).resolve().parent)), encoding="utf-8")
        per_report = {}
        for side in ("floor", "full"):
            base = instructions(script, side, warm)
            both = instructions(script, side, warm, work)
            per_report[side] = (both - base) / args.reports
    floor, full = per_report["floor"], per_report["full"]
    print(f"instructions per unseen report ({args.reports} reports, after {args.warm} read first)")
    print(f"floor (read + tokenise): {floor:12,.0f}")
    print(f"parse + check          : {full:12,.0f}")
    print(f"ratio parse+check / floor: {full / floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
