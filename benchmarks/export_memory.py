"""Peak memory growth while streaming the feedback ledger export, in a process of its own.

Usage:  python benchmarks/export_memory.py --database-url URL --format csv|xlsx [--rows N]

The export is built by tracker.reports.exports.feedback_export and written by csv_chunks or
xlsx_chunks, the generators the export view hands to the response; the chunks are counted and
dropped as a client would receive them. The ledgers of every district are chained into one
export so that a city-sized database yields its million rows. Prints one JSON line: rows, bytes,
seconds, the resident memory before the export and the peak growth during it (VmHWM, reset
through /proc/self/clear_refs just before the export starts).
"""
import argparse
import json
import os
import sys
import time
from itertools import chain, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _status(field: str) -> float:
    """Return a /proc/self/status memory field in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from sqlalchemy import select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import District
    from tracker.lists.feedback import FeedbackFilter
    from tracker.reports import exports

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        ids = db.session.scalars(select(District.id).order_by(District.id)).all()
        export = exports.feedback_export(FeedbackFilter(ids[0]))
        counted = [0]

        def rows():
            ledgers = (exports.feedback_export(FeedbackFilter(d)).rows for d in ids)
            for row in islice(chain.from_iterable(ledgers), args.rows):
                counted[0] += 1
                yield row

        export.rows = rows()
        chunks = exports.csv_chunks(export) if args.format == "csv" else exports.xlsx_chunks(export)
        before = _status("VmRSS")
        reset = _reset_peak()
        began = time.perf_counter()
        size = sum(len(chunk) for chunk in chunks)
        seconds = time.perf_counter() - began
        peak = _status("VmHWM")
    print(json.dumps({"format": args.format, "rows": counted[0], "bytes": size, "seconds": round(seconds, 1),
                      "rss_before_mb": round(before, 1), "peak_mb": round(peak, 1),
                      "growth_mb": round(peak - before, 1), "peak_reset": reset, "pid": os.getpid()}))


if __name__ == "__main__":
    main()
