"""Benchmark: pages per second reading PDF and DOCX reports, beside the bare text extraction floor.

Run: ``python bench/bench_documents.py`` (about 30–60 s).

* **PDF floor**: pdfplumber's ``page.extract_text()`` for every page of the same files — what any
  PDF reading costs before a single table is found;
* **PDF full**: ``parse_bytes`` — tables from ruling lines, page furniture dropped, rows mapped,
  giving an AnnualReport;
* **DOCX floor**: python-docx opening the file and iterating the text of every body paragraph and
  table cell;
* **DOCX full**: ``parse_bytes`` on the same bytes.

Documents: reports generated in the official layout (``render_pdf_test_layout`` ruled and without
rules, ``render_docx``) and the real PDFs of the shared corpus when it is present. A DOCX has no
fixed pages; its pages are counted as the pages the same report takes in the PDF layout.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber

from gongkai.report.generate import random_report
from gongkai.report.parse import parse_bytes
from gongkai.report.render.docx import render_docx
from gongkai.report.render.pdf_test_layout import render_pdf_test_layout

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CORPUS_PDFS = ("peer/govnianbao/szfgs2024.pdf", "peer/KIROGOVCOMPARE/hzq2023_working.pdf",
               "peer/KIROGOVCOMPARE/hzq2024_working.pdf")
N_GENERATED = 4
ROUNDS = 2


def _pages(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def pdf_floor(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def docx_floor(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        _ = paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def full(data: bytes) -> None:
    parse_bytes(data, "bench")


def best(fn: Callable[[bytes], None], docs: list[bytes]) -> float:
    """Best wall time over ROUNDS for reading every document once."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for data in docs:
            fn(data)
        times.append(time.perf_counter() - start)
    return min(times)


def report(label: str, pages: int, floor: float, parsed: float) -> None:
    floor_rate, parsed_rate = pages / floor, pages / parsed
    print(f"{label:<34} {pages:>4} pages   floor {floor_rate:7.1f} p/s   full {parsed_rate:7.1f} p/s"
          f"   full/floor time ×{parsed / floor:4.1f}")


def main() -> int:
    started = time.perf_counter()
    reports = [random_report(("2019", "2021")[i % 2], 1000 + i) for i in range(N_GENERATED)]
    ruled = [render_pdf_test_layout(r, running_header="示例市政府信息公开工作年度报告") for r in reports]
    unruled = [render_pdf_test_layout(r, ruled=False) for r in reports]
    docxs = [render_docx(r) for r in reports]
    ruled_pages = sum(_pages(d) for d in ruled)
    print(f"gongkai document reading benchmark (best of {ROUNDS} rounds; p/s = pages per second)\n")
    report("PDF generated, ruled", ruled_pages, best(pdf_floor, ruled), best(full, ruled))
    report("PDF generated, no rules", sum(_pages(d) for d in unruled), best(pdf_floor, unruled), best(full, unruled))
    corpus = [(CORPUS / p).read_bytes() for p in CORPUS_PDFS if (CORPUS / p).is_file()]
    if corpus:
        report(f"PDF corpus ({len(corpus)} real files)", sum(_pages(d) for d in corpus), best(pdf_floor, corpus),
               best(full, corpus))
    else:
        print("PDF corpus: not found at", CORPUS)
    # DOCX pages: the pages the same report fills in the PDF layout.
    report("DOCX generated (PDF-layout pages)", ruled_pages, best(docx_floor, docxs), best(full, docxs))
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
