"""Parse-and-check throughput of generated annual reports, against the floor of reading and tokenising.

Run: python bench/bench_report.py [--reports N]

Writes N generated reports (both template versions, every layout) to a temporary directory, then
times, on one core and in the same run:
  floor  — read each file, decode it and split it into cells (lxml for HTML, lines and "|" for text);
  full   — gongkai's parse_file + the whole rule catalogue on each file.
Prints reports per second for both and the ratio full/floor (target: ≥300 reports/s, ≤5× the floor),
then gongkai's readers alone (bytes to positioned tokens), parse_file alone and the rules alone, and
the rates per layout.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

from gongkai.report.generate import random_report
from gongkai.report.parse import parse_file, read_document
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.render.markdown import render_markdown
from gongkai.report.rules import check

LAYOUTS = {
    "html": (render_html, ".html"),
    "markdown": (render_markdown, ".md"),
    "flat-text": (layouts.render_flat_text, ".txt"),
    "pipe-rows": (layouts.render_pipe_rows, ".txt"),
    "lines": (layouts.render_lines, ".txt"),
    "spaced": (layouts.render_spaced, ".txt"),
    "run-together": (layouts.render_runtogether, ".txt"),
    "wrapped": (layouts.render_wrapped_labels, ".txt"),
}
_WORDS = re.compile(r"[^|\s]+")


def write_corpus(directory: Path, count: int) -> list[tuple[str, Path]]:
    files = []
    names = list(LAYOUTS)
    for i in range(count):
        layout = names[i % len(names)]
        render, suffix = LAYOUTS[layout]
        report = random_report("2019" if i % 2 else "2021", seed=i)
        path = directory / f"r{i:05d}{suffix}"
        path.write_text(render(report), encoding="utf-8")
        files.append((layout, path))
    return files


def floor(paths: list[Path]) -> int:
    """Read, decode and tokenise: the least any reader of these files must do."""
    tokens = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        if path.suffix == ".html":
            root = lxml.html.document_fromstring(text)
            tokens += sum(1 for _ in root.itertext())
        else:
            for line in text.splitlines():
                tokens += len(_WORDS.findall(line))
    return tokens


def full(paths: list[Path]) -> int:
    findings = 0
    for path in paths:
        findings += len(check(parse_file(path)))
    return findings


def parse_only(paths: list[Path]) -> list:
    return [parse_file(path) for path in paths]


def read_only(paths: list[Path]) -> int:
    """gongkai's own readers alone: bytes to a Document of positioned tokens, nothing mapped."""
    return sum(len(read_document(path.read_bytes(), path.name).blocks) for path in paths)


def timed(fn, paths: list[Path], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn(paths)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(Path(tmp), args.reports)
        paths = [p for _, p in files]
        full(paths[:50])  # warm caches and imports, as a long-running batch would be
        t_floor = timed(floor, paths, args.repeat)
        t_full = timed(full, paths, args.repeat)
        print(f"reports: {len(paths)} (2019 and 2021; layouts: {', '.join(LAYOUTS)})")
        print(f"floor (read + tokenise): {len(paths) / t_floor:10.1f} reports/s  ({t_floor * 1000 / len(paths):.3f} ms each)")
        print(f"parse + check          : {len(paths) / t_full:10.1f} reports/s  ({t_full * 1000 / len(paths):.3f} ms each)")
        print(f"ratio parse+check / floor: {t_full / t_floor:.2f}x")
        # The two halves on their own: parse_file alone, and the rules on already parsed reports.
        t_read = timed(read_only, paths, args.repeat)
        t_parse = timed(parse_only, paths, args.repeat)
        reports = parse_only(paths)
        t_check = timed(lambda _: [check(report) for report in reports], paths, args.repeat)
        print(f"  gongkai readers only : {len(paths) / t_read:10.1f} reports/s  ({t_read * 1000 / len(paths):.3f} ms each)")
        print(f"  parse only           : {len(paths) / t_parse:10.1f} reports/s  ({t_parse * 1000 / len(paths):.3f} ms each)")
        print(f"  check only           : {len(paths) / t_check:10.1f} reports/s  ({t_check * 1000 / len(paths):.3f} ms each)")
        per_layout = {}
        for layout in LAYOUTS:
            group = [p for name, p in files if name == layout]
            per_layout[layout] = (timed(full, group, 1) / len(group), timed(floor, group, 1) / len(group))
        for layout, (t, f) in per_layout.items():
            print(f"  {layout:<13} {1 / t:8.1f} reports/s   floor {1 / f:9.1f}/s   ratio {t / f:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
