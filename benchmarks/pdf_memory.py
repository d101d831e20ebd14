"""Measure the PDF layer on a large report: the streamed table against a materialized baseline.

Usage:  python benchmarks/pdf_memory.py [--rows 10000]

Both runs draw the same table of N visit rows with the same code; the streamed run passes a
generator, the baseline first builds the whole list of rows (what a report would do if it
gathered everything before drawing). Prints seconds, pages and traced peak memory of each.
"""
import argparse
import io
import sys
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.reports.document import ReportDocument, Section, Table
from tracker.reports.fonts import register_fonts
from tracker.reports.pdf import render_pdf_to


def rows(n):
    for i in range(1, n + 1):
        yield [str(i), f"دیدار شمارهٔ {i} با خانوادهٔ محترم در محلهٔ وردآورد (مرحلهٔ ۲)", "انجام‌شده", str(i % 17)]


def run(n: int, materialize: bool) -> tuple[float, int, float]:
    """Render once and return (seconds, pages, traced peak MiB)."""
    tracemalloc.start()
    started = time.perf_counter()
    body = list(rows(n)) if materialize else rows(n)
    table = Table(["ردیف", "شرح", "وضعیت", "بازخورد"], body, [0.1, 0.6, 0.15, 0.15], {0, 3})
    doc = ReportDocument("همهٔ دیدارهای پویش", "منطقه ۲۱", "همهٔ تاریخ‌ها", "سنجه", datetime(2026, 1, 1),
                         [Section("دیدارها", [], [table])], False)
    out = io.BytesIO()
    render_pdf_to(doc, out)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, out.getvalue().count(b"/Type /Page\n") or out.getvalue().count(b"/Type /Page"), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    register_fonts()  # build the font instances outside the measurement
    print(f"PDF of a {args.rows:,}-row table (traced by tracemalloc, so slower than in production)")
    print(f"{'mode':<14}{'seconds':>10}{'pages':>8}{'peak MiB':>11}")
    for label, materialize in (("materialized", True), ("streamed", False)):
        seconds, pages, peak = run(args.rows, materialize)
        print(f"{label:<14}{seconds:>10.1f}{pages:>8}{peak:>11.1f}")


if __name__ == "__main__":
    main()
