"""Measure Peyvand at district or city scale and print each figure as a ratio to a same-run baseline.

Usage:
  python benchmarks/run.py --db sqlite   --scale district|city [--quick] [--json FILE]
  python benchmarks/run.py --db postgres --scale district|city --database-url URL [--fresh]

SQLite data lives in /tmp/peyvand-bench/<scale>.sqlite3 and is reused by later runs. On
PostgreSQL the database named by --database-url is used: seeded when it has no tables, reused
when it holds the scale's data, and emptied first only with --fresh. --quick measures a small
database (seeded afresh every time) for a minute or two, to show the harness still works.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sqlalchemy import func, select, text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import Base, FeedbackItem  # noqa: E402
from tracker.seeds.city import SCALES, Scale, seed_city  # noqa: E402
from tracker.seeds.demo import DEMO_PASSWORD  # noqa: E402

import figures  # noqa: E402
import throughput  # noqa: E402

QUICK = Scale(districts=2, neighborhoods=24, households=2_000, events=3_000, feedback=10_000, commitments=300)
DEFAULT_DISTRICT = 21


def _app(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret"})


def prepare(url: str, scale: Scale, fresh: bool) -> dict:
    """Make sure the database holds the scale's data; return how long seeding took (if it did)."""
    from tracker.database import upgrade_to_head

    app = _app(url)
    with app.app_context():
        if fresh:
            Base.metadata.drop_all(db.engine)
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        # A reused database may predate the newest migrations (sign-in needs today's schema).
        upgrade_to_head()
        have = db.session.scalar(select(func.count(FeedbackItem.id)))
        if have == scale.feedback:
            return {"seeded": False, "feedback": have}
        if have:
            raise SystemExit(f"{url} holds {have:,} feedback items, not this scale's {scale.feedback:,}; "
                             "pass --fresh to empty it first")
        began = time.perf_counter()
        counts = seed_city(scale, default_district=DEFAULT_DISTRICT)
        db.session.commit()
        db.engine.dispose()
        return {"seeded": True, "seconds": round(time.perf_counter() - began), **counts}


def machine(url: str) -> dict:
    """Describe the machine and the database server."""
    app = _app(url)
    with app.app_context():
        dialect = db.engine.dialect.name
        if dialect == "postgresql":
            server = db.session.scalar(text("SHOW server_version"))
        else:
            server = db.session.scalar(text("SELECT sqlite_version()"))
        db.engine.dispose()
    with open("/proc/meminfo") as meminfo:
        ram = int(meminfo.readline().split()[1]) // 1024 // 1024
    return {"date": date.today().isoformat(), "nproc": os.cpu_count(), "ram_gb": ram,
            "python": platform.python_version(), "database": f"{dialect} {server}"}


def export_figure(url: str, fmt: str, rows: int) -> dict:
    """Run the export in its own process and return its memory figures."""
    done = subprocess.run([sys.executable, str(HERE / "export_memory.py"), "--database-url", url,
                           "--format", fmt, "--rows", str(rows)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_table(rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--scale", choices=("district", "city"), default="district")
    parser.add_argument("--quick", action="store_true", help="a small database and short runs, to prove it works")
    parser.add_argument("--database-url", help="PostgreSQL database to use (required with --db postgres)")
    parser.add_argument("--fresh", action="store_true", help="empty the database first (destroys its data)")
    parser.add_argument("--seconds", type=float, default=None, help="wrk run length per page")
    parser.add_argument("--only", default="throughput,campaign,pdf,export")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    scale = QUICK if args.quick else SCALES[args.scale]
    label = "quick" if args.quick else args.scale
    if args.db == "postgres":
        if not args.database_url:
            raise SystemExit("--database-url is required with --db postgres")
        url = args.database_url
    else:
        folder = Path(tempfile.gettempdir()) / "peyvand-bench"
        folder.mkdir(exist_ok=True)
        path = folder / f"{label}.sqlite3"
        if args.quick or args.fresh:
            for leftover in folder.glob(f"{label}.sqlite3*"):
                leftover.unlink()
        url = f"sqlite:///{path}"
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tempfile.mkdtemp(prefix="peyvand-bench-instance-"))
    only = set(args.only.split(","))
    seconds = args.seconds or (2 if args.quick else 10)
    report = {"scale": label, "db": args.db, "machine": machine(url)}
    report["seed"] = prepare(url, scale, args.fresh or args.quick)
    print(f"Peyvand benchmarks — {label} scale on {args.db} — {json.dumps(report['machine'], ensure_ascii=False)}")
    print(f"data: {json.dumps(report['seed'], ensure_ascii=False)}", flush=True)
    table = [("figure", "measured", "baseline", "ratio", "goal", "met")]
    if "throughput" in only:
        rows = throughput.measure(url, DEMO_PASSWORD, seconds, 1 if args.quick else 3,
                                  os.environ["TRACKER_INSTANCE_PATH"])
        report["throughput"] = rows
        for row in rows:
            if "ratio" not in row:
                table.append((f"throughput: {row['label']}", row["note"], "", "", "", ""))
                continue
            goal = 0.10 if "dashboard" in row["label"] else 0.20
            failed = f" ({row['bad']} failed)" if row["bad"] or row["timeouts"] else ""
            table.append((f"throughput: {row['label']} (first request {row['first_s']:.1f} s)",
                          f"{row['rps']:.1f} req/s{failed}",
                           f"{row['bare_rps']:.0f} req/s bare", f"{100 * row['ratio']:.1f} %",
                           f">= {100 * goal:.0f} %", "yes" if row["ratio"] >= goal and not failed else "no"))
    app = _app(url)
    with app.app_context():
        if "campaign" in only:
            c = figures.campaign_figure(DEFAULT_DISTRICT, 2 if args.quick else 5)
            report["campaign"] = c
            table.append((f"campaign summary ({c['events']:,} events, {c['feedback']:,} feedback)",
                          f"{1000 * c['report_s']:.0f} ms", f"{1000 * c['sql_s']:.0f} ms hand SQL",
                          f"{c['ratio']:.2f}x", "<= 1.5x",
                          ("yes" if c["ratio"] <= 1.5 else "no") + ("" if c["agree"] else "; NUMBERS DISAGREE")))
        if "pdf" in only:
            p = figures.pdf_figure(DEFAULT_DISTRICT, 1_000 if args.quick else 10_000, 1)
            report["pdf"] = p
            table.append((f"PDF ledger, {p['rows']:,} rows", f"{p['report_rps']:.0f} rows/s",
                          f"{p['plain_rps']:.0f} rows/s plain canvas", f"{p['ratio']:.2f}x", "> 1x",
                          "yes" if p["ratio"] > 1 else "no"))
        db.engine.dispose()
    if "export" in only:
        for fmt in ("csv", "xlsx"):
            e = export_figure(url, fmt, 3_000 if args.quick else min(scale.feedback, 1_000_000))
            report[f"export_{fmt}"] = e
            table.append((f"export {fmt.upper()}, {e['rows']:,} rows ({e['seconds']:.0f} s)",
                          f"{e['growth_mb']:.0f} MB peak RSS growth", f"{e['rss_before_mb']:.0f} MB before", "",
                          "< 100 MB", "yes" if e["growth_mb"] < 100 else "no"))
    print()
    _print_table(table)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    failures = [row for row in report.get("throughput", []) if row.get("bad")]
    if report.get("campaign") and not report["campaign"]["agree"]:
        print("campaign summary and hand-written SQL disagree:", *report["campaign"]["differences"], sep="\n  ")
        raise SystemExit(1)
    if failures:
        print("pages answered with errors:", ", ".join(r["label"] for r in failures))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
