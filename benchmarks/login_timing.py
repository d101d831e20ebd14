"""Measure how long a failed sign-in takes for an unknown username against a known one.

Usage:  python benchmarks/login_timing.py [--rounds 40]

Posts the sign-in form with a wrong password, alternating a username that exists and one
that does not, and prints the median times and their ratio.  The throttle's attempts are
cleared before each request, so that no lock answers early.  Both paths run one password-hash check, so the ratio
should be close to 1; before, unknown usernames answered about ten times faster.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tmp)
    from tracker import create_app
    from tracker.auth.services import create_user
    from tracker.database import upgrade_to_head
    from tracker.extensions import db
    from tracker.models import LoginAttempt
    from tracker.seeds.district import seed_district

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade_to_head()
        create_user("known-user", "Bench-password-1", "viewer", seed_district(21).id)
        db.session.commit()
    client = app.test_client()
    times = {"known": [], "unknown": []}
    for n in range(args.rounds + 2):
        for kind, username in (("known", "known-user"), ("unknown", f"nobody-{n}")):
            with app.app_context():
                db.session.query(LoginAttempt).delete()
                db.session.commit()
            start = time.perf_counter()
            response = client.post("/auth/login", data={"username": username, "password": "wrong-password-0"})
            elapsed = time.perf_counter() - start
            assert response.status_code == 200
            if n >= 2:  # the first rounds warm up caches and the dummy hash
                times[kind].append(elapsed)
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    print(f"failed sign-in, median of {args.rounds}: known username {known * 1000:.1f} ms, "
          f"unknown username {unknown * 1000:.1f} ms, ratio unknown/known {unknown / known:.2f}")


if __name__ == "__main__":
    main()
