"""Profile one signed-in page: SQL statements, lazy loads and COUNT(*)s per request, and where time goes.

Usage:  python benchmarks/profile_page.py --database-url URL --path /events/ [--user pr] [--requests 5]

Uses Flask's test client (no server), counts every statement the request sends, the lazy loads
among them (relationships loaded one object at a time) and the COUNT queries, and, when
pyinstrument is installed, prints its call tree of the profiled requests.
"""
import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--path", default="/events/")
    parser.add_argument("--user", default="pr")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--depth", type=int, default=40, help="lines of the call tree to print")
    parser.add_argument("--cold", action="store_true",
                        help="drop the kept page parts before every request (the cost right after a write)")
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tempfile.mkdtemp(prefix="peyvand-profile-"))
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from tracker import create_app
    from tracker.extensions import db
    from tracker.seeds.demo import DEMO_PASSWORD

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/auth/login", data={"username": args.user, "password": DEMO_PASSWORD})
    assert client.get(args.path).status_code == 200, "the page did not answer 200 (signed in?)"
    statements: list[str] = []
    lazy = [0]
    with app.app_context():
        engine = db.engine

    def on_execute(_conn, _cursor, statement, *_rest):
        statements.append(" ".join(statement.split()))

    def on_orm(state):
        if state.lazy_loaded_from is not None:
            lazy[0] += 1

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(Session, "do_orm_execute", on_orm)
    from tracker.kept import forget_everything

    def get():
        if args.cold:
            with app.app_context():
                forget_everything()
        client.get(args.path)

    began = time.perf_counter()
    for _ in range(args.requests):
        get()
    seconds = (time.perf_counter() - began) / args.requests
    n = args.requests
    counts = sum(1 for s in statements if re.search(r"\bcount\(", s, re.I))
    kept = "nothing kept" if args.cold else "kept parts used"
    print(f"{args.path} as {args.user}: {seconds * 1000:.1f} ms per request (test client, no server; {kept})")
    print(f"  SQL statements per request: {len(statements) / n:.1f}")
    print(f"  lazy loads per request:     {lazy[0] / n:.1f}")
    print(f"  COUNT queries per request:  {counts / n:.1f}")
    print("  most repeated statements (per request):")
    for statement, k in Counter(s[:150] for s in statements).most_common(8):
        print(f"    {k / n:5.1f}  {statement}")
    event.remove(engine, "before_cursor_execute", on_execute)
    event.remove(Session, "do_orm_execute", on_orm)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("(pyinstrument is not installed: no call tree)")
        return
    profiler = Profiler()
    profiler.start()
    for _ in range(args.requests):
        get()
    profiler.stop()
    tree = profiler.output_text(unicode=False, color=False)
    print("\n".join(tree.splitlines()[: args.depth]))


if __name__ == "__main__":
    main()
