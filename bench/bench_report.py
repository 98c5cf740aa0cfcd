"""Parse-and-check throughput of generated annual reports, against the floor of reading and tokenising.

Run: python bench/bench_report.py [--reports N] [--batches B]

Writes B + 3 batches of N generated reports (both template versions in every layout, no two alike)
to a temporary directory. The first batch warms the process up, as a long batch job is warm: imports
done, the template's labels seen. Each of the next B batches is then timed once, on one core:
  floor  — read each file, decode it and split it into words: for HTML, lxml's parse (plain elements,
           as gongkai's reader uses) and a visit of its text nodes; for text, one regular-expression
           pass over the whole text (no per-line loop: a word never spans a line break);
  full   — gongkai's parse_file + the whole rule catalogue on each file.
Every timed report is one the process has not read before (gongkai remembers what it worked out
about recurring texts, such as labels and row lines; a report read twice would be faster the second
time than a new one). The best batch of each is reported: reports per second and the ratio full/floor
(target: ≥300 reports/s, ≤5× the floor), then the rates per layout in that batch, then gongkai's
readers alone (bytes to positioned text), parse_file alone and the rules alone, each on a batch of
its own.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from lxml import etree

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

Batch = list[tuple[str, Path]]  # (layout, file)


def write_corpus(directory: Path, count: int, first_seed: int = 0) -> Batch:
    """`count` reports, layouts in turn, each layout in both template versions."""
    files = []
    names = list(LAYOUTS)
    for i in range(first_seed, first_seed + count):
        layout = names[i % len(names)]
        render, suffix = LAYOUTS[layout]
        report = random_report("2019" if (i // len(names)) % 2 else "2021", seed=i)
        path = directory / f"r{i:05d}{suffix}"
        path.write_text(render(report), encoding="utf-8")
        files.append((layout, path))
    return files


# lxml's plain elements, as gongkai's HTML reader uses: lxml.html's default parser looks up a Python
# class for every element, which a floor has no need to pay for.
_HTML_PARSER = etree.HTMLParser()


def floor_one(path: Path) -> int:
    """Read, decode and tokenise: the least any reader of a file must do.

    HTML: parsed into a tree and its text nodes visited. Text: decoded and cut into words in one pass
    (a word never spans a line break, so the lines need no loop of their own).
    """
    data = path.read_bytes()
    if path.suffix == ".html":
        return sum(1 for _ in etree.fromstring(data, _HTML_PARSER).itertext())
    return len(_WORDS.findall(data.decode("utf-8")))


def full_one(path: Path) -> int:
    return len(check(parse_file(path)))


def floor(paths: list[Path]) -> int:
    return sum(floor_one(path) for path in paths)


def full(paths: list[Path]) -> int:
    return sum(full_one(path) for path in paths)


def parse_each(paths: list[Path]) -> None:
    for path in paths:
        parse_file(path)


def timed_by_layout(fn, batch: Batch) -> tuple[float, dict[str, float]]:
    """Seconds for the whole batch, and per layout (each file timed on its own as well)."""
    by_layout: dict[str, float] = defaultdict(float)
    clock = time.perf_counter
    gc.collect()
    start = clock()
    for layout, path in batch:
        t0 = clock()
        fn(path)
        by_layout[layout] += clock() - t0
    return clock() - start, by_layout


def timed(fn, paths: list[Path]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(paths)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1200, help="reports per batch")
    parser.add_argument("--batches", type=int, default=3, help="timed batches (best one reported)")
    args = parser.parse_args()
    n = args.reports
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        batches = [write_corpus(directory, n, k * n) for k in range(args.batches + 3)]
        warm, timed_batches, (read_batch, parse_batch) = batches[0], batches[1:-2], batches[-2:]
        full([p for _, p in warm])
        floor([p for _, p in warm])
        runs = []
        for batch in timed_batches:
            t_floor, floor_layouts = timed_by_layout(floor_one, batch)
            t_full, full_layouts = timed_by_layout(full_one, batch)
            runs.append((t_full, t_floor, full_layouts, floor_layouts))
        t_full = min(run[0] for run in runs)
        t_floor = min(run[1] for run in runs)
        print(f"reports: {args.batches} batches of {n}, each report new to the process "
              f"(2019 and 2021 in each layout: {', '.join(LAYOUTS)})")
        print(f"floor (read + tokenise): {n / t_floor:10.1f} reports/s  ({t_floor * 1000 / n:.3f} ms each)")
        print(f"parse + check          : {n / t_full:10.1f} reports/s  ({t_full * 1000 / n:.3f} ms each)")
        print(f"ratio parse+check / floor: {t_full / t_floor:.2f}x   "
              f"(each batch: {', '.join(f'{full_t / floor_t:.2f}x' for full_t, floor_t, _, _ in runs)})")
        best = min(range(len(runs)), key=lambda k: runs[k][0])
        _, _, full_layouts, floor_layouts = runs[best]
        per_layout = Counter(layout for layout, _ in timed_batches[best])
        for layout in LAYOUTS:
            t, f = full_layouts[layout] / per_layout[layout], floor_layouts[layout] / per_layout[layout]
            print(f"  {layout:<13} {1 / t:8.1f} reports/s   floor {1 / f:9.1f}/s   ratio {t / f:5.2f}x")
        # The parts on their own, each on a batch not read before.
        read_paths = [p for _, p in read_batch]
        t_read = timed(lambda paths: [read_document(p.read_bytes(), p.name) for p in paths], read_paths)
        parse_paths = [p for _, p in parse_batch]
        t_parse = timed(parse_each, parse_paths)
        reports = [parse_file(p) for p in parse_paths]
        # A batch job holds one report at a time; the 1200 held here are set aside from the garbage
        # collector, which would otherwise walk them all whenever the rules' findings trigger it.
        gc.collect()
        gc.freeze()
        t_check = timed(lambda _: [check(report) for report in reports], parse_paths)
        gc.unfreeze()
        print(f"  gongkai readers only : {n / t_read:10.1f} reports/s  ({t_read * 1000 / n:.3f} ms each)")
        print(f"  parse only           : {n / t_parse:10.1f} reports/s  ({t_parse * 1000 / n:.3f} ms each)")
        print(f"  check only           : {n / t_check:10.1f} reports/s  ({t_check * 1000 / n:.3f} ms each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
