"""Simultaneous registrations of one family: exactly one is stored, the others are told it exists.

Eight identical households are posted at once from two clients (the PR staff's and the admin's
tokens), each request in its own thread, app context, session and database connection. Without a
lock each request's duplicate check runs before any insert is committed and several copies are
stored. PostgreSQL only: SQLite lets one writer at a time and the test client shares its file.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from tests.conftest import PG_URL
from tracker.extensions import db
from tracker.models import Household, Neighborhood

pytestmark = pytest.mark.skipif(not PG_URL, reason="concurrent writers need PostgreSQL (TRACKER_TEST_DATABASE_URL)")

REQUESTS = 8


def _post_together(app, bodies_and_tokens):
    """Send every (body, token) at once, each from its own thread; return the status codes."""
    start = threading.Barrier(len(bodies_and_tokens))

    def send(body, token):
        with app.app_context():
            client = app.test_client()
            start.wait(timeout=30)
            return client.post("/api/v1/households", json=body, headers={"Authorization": f"Bearer {token}"})

    with ThreadPoolExecutor(len(bodies_and_tokens)) as pool:
        return [f.result() for f in [pool.submit(send, *pair) for pair in bodies_and_tokens]]


@pytest.mark.parametrize("same", ["name", "phone"])
def test_simultaneous_identical_households_store_one(app, tokens, district, same):
    hood = db.session.scalar(select(Neighborhood.id).where(Neighborhood.district_id == district.id))
    db.session.commit()
    base = {"category": "trustee", "neighborhood_id": hood}
    bodies = [{**base, "name": "محمود صادقی"} if same == "name" else
              {**base, "name": f"خانوار {i}", "phone": "09121234567"} for i in range(REQUESTS)]
    pairs = [(body, tokens["pr_staff" if i % 2 else "admin"]) for i, body in enumerate(bodies)]
    answers = _post_together(app, pairs)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [409] * (REQUESTS - 1), statuses
    created = next(answer.json for answer in answers if answer.status_code == 201)
    assert all(answer.json["existing_id"] == created["id"] for answer in answers if answer.status_code == 409)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Household.id))) == 1
