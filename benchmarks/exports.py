"""Measure memory while exporting the feedback ledger: streamed CSV/XLSX against materialized baselines.

Usage:  python benchmarks/exports.py [--rows 200000] [--tracemalloc]

Builds a throwaway SQLite database with N feedback items, then runs each export in
its own process (so each peak RSS is its own) and prints seconds, bytes, the RSS
before the export, the peak RSS and, with --tracemalloc, Python's traced peak.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MODES = ("csv-stream", "csv-materialized", "xlsx-stream", "xlsx-materialized")
BATCH = 10_000


def make_app(db_path: str):
    from tracker import create_app

    os.environ.setdefault("TRACKER_INSTANCE_PATH", str(Path(db_path).parent / "instance"))
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench", "TESTING": True})


def build(db_path: str, rows: int) -> None:
    """Create the schema, the district, one campaign visit and rows feedback items."""
    from sqlalchemy import insert, select

    from tracker.database import upgrade_to_head
    from tracker.extensions import db
    from tracker.models import Campaign, Event, FeedbackItem, Neighborhood, Topic
    from tracker.persian.text import normalize, search_key
    from tracker.seeds.district import seed_district

    app = make_app(db_path)
    with app.app_context():
        upgrade_to_head()
        district = seed_district(21)
        db.session.flush()
        hood = db.session.scalar(select(Neighborhood).where(Neighborhood.district_id == district.id))
        topic = db.session.scalar(select(Topic).where(Topic.district_id == district.id))
        campaign = Campaign(district_id=district.id, title="پویش آزمون حجم", status="active",
                            starts_on=date(2024, 3, 20), ends_on=date(2025, 3, 20))
        db.session.add(campaign)
        db.session.flush()
        event = Event(district_id=district.id, campaign_id=campaign.id, neighborhood_id=hood.id, kind="meeting",
                      status="done", held_on=date(2024, 4, 1), minutes="نشست انجام شد.")
        db.session.add(event)
        db.session.commit()
        text = normalize("درخواست بهسازی پیاده‌رو و روشنایی کوچه در محله، شماره")
        start = date(2024, 4, 1)
        for first in range(0, rows, BATCH):
            db.session.execute(insert(FeedbackItem), [
                {"district_id": district.id, "event_id": event.id, "kind": "request", "topic_id": topic.id,
                 "text": f"{text} {i}", "text_key": search_key(f"{text} {i}"), "status": "new",
                 "priority": "normal", "received_on": start + timedelta(days=i % 300), "version": 1}
                for i in range(first, min(first + BATCH, rows))
            ])
            db.session.commit()


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_mode(db_path: str, mode: str, trace: bool) -> dict:
    """Run one export in this process and return its figures."""
    from openpyxl import Workbook

    from tracker.models import District
    from tracker.extensions import db
    from tracker.lists.feedback import FeedbackFilter
    from tracker.reports import exports

    app = make_app(db_path)
    with app.app_context():
        district_id = db.session.query(District.id).scalar()
        export = exports.feedback_export(FeedbackFilter(district_id))
        before = rss_mb()
        if trace:
            tracemalloc.start()
        began = time.perf_counter()
        size = 0
        if mode == "csv-stream":
            for chunk in exports.csv_chunks(export):
                size += len(chunk)
        elif mode == "xlsx-stream":
            for chunk in exports.xlsx_chunks(export):
                size += len(chunk)
        elif mode == "csv-materialized":
            export.rows = list(export.rows)
            size = len(b"".join(list(exports.csv_chunks(export))))
        elif mode == "xlsx-materialized":
            rows = list(export.rows)
            workbook = Workbook()
            sheet = workbook.active
            sheet.sheet_view.rightToLeft = True
            sheet.append(export.headers())
            for row in rows:
                sheet.append(export.cells(row))
            with tempfile.TemporaryFile() as out:
                workbook.save(out)
                size = out.tell()
        seconds = time.perf_counter() - began
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "seconds": round(seconds, 1), "bytes": size, "rss_before_mb": round(before, 1),
            "peak_rss_mb": round(peak, 1), "tracemalloc_peak_mb": round(traced, 1) if traced is not None else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.db, args.mode, args.tracemalloc)))
        return
    with tempfile.TemporaryDirectory(prefix="peyvand-bench-") as workdir:
        db_path = str(Path(workdir) / "bench.sqlite3")
        began = time.perf_counter()
        build(db_path, args.rows)
        print(f"built {args.rows:,} feedback items in {time.perf_counter() - began:.1f}s")
        print(f"{'mode':<18} {'seconds':>8} {'MB out':>8} {'RSS before':>11} {'peak RSS':>9} {'traced peak':>12}")
        for mode in args.modes.split(","):
            command = [sys.executable, __file__, "--mode", mode, "--db", db_path]
            if args.tracemalloc:
                command.append("--tracemalloc")
            done = subprocess.run(command, capture_output=True, text=True, check=True,
                                  env={**os.environ, "TRACKER_INSTANCE_PATH": str(Path(workdir) / "instance")})
            r = json.loads(done.stdout.strip().splitlines()[-1])
            traced = f"{r['tracemalloc_peak_mb']:.1f}" if r["tracemalloc_peak_mb"] is not None else "-"
            print(f"{r['mode']:<18} {r['seconds']:>8.1f} {r['bytes'] / 2**20:>8.1f} {r['rss_before_mb']:>11.1f}"
                  f" {r['peak_rss_mb']:>9.1f} {traced:>12}")


if __name__ == "__main__":
    main()
