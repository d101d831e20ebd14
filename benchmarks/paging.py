"""Measure list paging at city scale: keyset pages (what the app does) against OFFSET pages.

Usage:  python benchmarks/paging.py [--events 200000]

Builds a throwaway SQLite database with N events in one district, then times fetching one
page of 50 near the start, the middle and the end of the list, both ways, with the same index.
Keyset time should stay flat with depth; OFFSET time grows with it.
"""
import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tmp)
    from sqlalchemy import insert, select

    from tracker import create_app
    from tracker.database import upgrade_to_head
    from tracker.extensions import db
    from tracker.models import District, Event, Neighborhood
    from tracker.seeds.district import seed_district
    from tracker.web.paging import _encode, keyset_page

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade_to_head()
        seed_district(21)
        district = db.session.scalar(select(District))
        hoods = db.session.scalars(select(Neighborhood.id)).all()
        rng = random.Random(21)
        start = date(2020, 1, 1)
        rows = [{"district_id": district.id, "neighborhood_id": rng.choice(hoods), "kind": "home_visit",
                 "status": "done", "minutes": "گزارش", "held_on": start + timedelta(days=rng.randrange(2500)),
                 "version": 1} for _ in range(args.events)]
        for i in range(0, len(rows), 20_000):
            db.session.execute(insert(Event), rows[i:i + 20_000])
        db.session.commit()
        base = select(Event).where(Event.district_id == district.id, Event.deleted_at.is_(None))
        ordered = base.order_by(Event.held_on.desc(), Event.id.desc())
        print(f"{args.events:,} events; one page of {PAGE} at each depth, best of 5 runs (ms)")
        print(f"{'depth':>10}{'OFFSET':>10}{'keyset':>10}")
        for depth in (0, args.events // 2, args.events - PAGE):
            # The cursor of the row just before this depth, as the previous page would have given it.
            before = db.session.execute(ordered.offset(max(depth - 1, 0)).limit(1)).scalar_one()
            cursor = _encode([before.held_on, before.id]) if depth else None

            def offset_page(depth=depth):
                return db.session.scalars(ordered.offset(depth).limit(PAGE)).all()

            def keyset(cursor=cursor):
                return keyset_page(base, [Event.held_on, Event.id], after=cursor, limit=PAGE, count=False).items

            times = {}
            for name, fn in (("offset", offset_page), ("keyset", keyset)):
                best = float("inf")
                for _ in range(5):
                    db.session.expunge_all()
                    t = time.perf_counter()
                    got = fn()
                    best = min(best, time.perf_counter() - t)
                times[name] = best * 1000
                assert len(got) == PAGE or depth + PAGE > args.events
            print(f"{depth:>10,}{times['offset']:>10.1f}{times['keyset']:>10.1f}")


if __name__ == "__main__":
    main()
