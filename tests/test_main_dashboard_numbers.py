"""The dashboard's counts are kept briefly: a write shows at once, and no count is older than its stated lifetime."""
import re

import cachelib.simple
from datetime import timedelta

from sqlalchemy import text

from tests.factories import first_topic, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.main import aggregates
from tracker.persian.dates import today_tehran


def _open_count(client) -> str:
    html = client.get("/").get_data(as_text=True)
    assert "حداکثر ۶۰ ثانیه کهنه می‌ماند" in html
    return re.search(r'بازخوردهای باز</div><div class="fs-3 fw-bold">([^<]*)</div>', html).group(1)


def _hear(district, users, words):
    event = make_event(district, held_on=today_tehran() - timedelta(days=3))
    event.status, event.minutes = "done", "دیدار انجام شد."
    services.create_feedback(event, kind="request", text=words, priority="normal", topic=first_topic(district),
                             actor=users["pr_staff"])
    db.session.commit()


def test_a_write_shows_on_the_dashboard_at_once(client, auth, district, users):
    _hear(district, users, "آسفالت کوچه")
    auth.login()
    assert _open_count(client) == "۱"
    _hear(district, users, "روشنایی پارک")
    assert _open_count(client) == "۲"


def test_a_write_the_process_did_not_see_shows_within_the_lifetime(client, auth, district, users, monkeypatch):
    _hear(district, users, "آسفالت کوچه")
    auth.login()
    assert _open_count(client) == "۱"
    # Another process (another gunicorn worker) writes: this one learns of it only when its count expires.
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO feedback_item (district_id, event_id, kind, text, text_key, priority, status,"
                          " received_on, version, created_at) SELECT district_id, event_id, kind, text, text_key,"
                          " priority, status, received_on, 1, created_at FROM feedback_item"))
    assert _open_count(client) == "۱"
    later = cachelib.simple.time() + aggregates.LIFETIME + 1
    monkeypatch.setattr(cachelib.simple, "time", lambda: later)
    assert _open_count(client) == "۲"
