"""Two people acting on the same version at once: one wins, the other is told, and nothing breaks.

The race is made real and repeatable: the second request is held just after its own version check
passed, the first runs to its commit in another thread (its own app context, session and database
connection), and then the second goes on to write over a version that is no longer there.
"""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.clients import session_client
from tests.conftest import PG_URL
from tests.factories import first_topic, h, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import AuditEntry, Commitment, FeedbackItem, FeedbackUpdate, Official
from tracker.persian.dates import today_tehran


def signed_in(app, user):
    """Return a test client signed in as user, without hashing a password (seconds per test)."""
    return session_client(app, user)


def in_own_context(app, send):
    """Run send() as its own request: a fresh app context, so a fresh session and connection."""
    with app.app_context():
        return send()


def race(monkeypatch, app, first):
    """Make the next version check that passes let `first` run to completion, in another thread, before going on."""
    real = services.check_version
    results = []

    def check_then_yield(obj, expected_version):
        real(obj, expected_version)
        if not results:
            results.append(None)  # only the held request runs `first`
            thread = threading.Thread(target=lambda: results.append(in_own_context(app, first)))
            thread.start()
            thread.join(timeout=30)

    monkeypatch.setattr(services, "check_version", check_then_yield)
    return results


def new_item(district):
    event = make_event(district, held_on=today_tehran() - timedelta(days=3))
    item = services.create_feedback(event, kind="request", text="نیمکت پارک شکسته است", topic=first_topic(district))
    db.session.commit()
    return item


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_referrals_of_one_version_on_the_web(app, district, users, monkeypatch):
    item = new_item(district)
    pr, admin = signed_in(app, users["pr_staff"]), signed_in(app, users["admin"])
    form = {"department": item.department_id, "comment": "بررسی شود", "version": item.version}
    results = race(monkeypatch, app, lambda: pr.post(f"/feedback/{item.id}/refer", data=form).status_code)
    late = in_own_context(app, lambda: admin.post(f"/feedback/{item.id}/refer", data=form))
    assert results[1] == 302  # the first one in won
    html = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "این مورد را کس دیگری در این فاصله تغییر داده است" in html
    assert "ارجاع‌شده" in html  # the page shows the item as the winner left it
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "referred"
    assert count(FeedbackUpdate, FeedbackUpdate.item_id == item.id, FeedbackUpdate.action == "refer") == 1
    assert count(AuditEntry, AuditEntry.action == "feedback.refer") == 1


@pytest.mark.skipif(not PG_URL, reason="SQLite lets one writer in at a time, and an API request writes its "
                                        "token's last use first, so no other write can slip in before it saves")
def test_two_moves_of_one_version_through_the_api(app, client, district, users, tokens, monkeypatch):
    item = new_item(district)
    body = {"status": "rejected", "rejection_reason": "duplicate", "version": item.version}
    url = f"/api/v1/feedback/{item.id}"
    results = race(monkeypatch, app, lambda: client.patch(
        url, json={"status": "referred", "version": item.version}, headers=h(tokens)).status_code)
    late = in_own_context(app, lambda: client.patch(url, json=body, headers=h(tokens, "admin")))
    assert results[1] == 200
    assert late.status_code == 409 and "version" in late.json["errors"]
    assert late.json["current_version"] == item.version + 2  # referral and its clock
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "referred"


def test_a_lost_race_anywhere_on_the_web_is_a_409_page(app, district, users, monkeypatch):
    # The commitment page saves at commit time, after its own version check, as most edit pages do.
    event = make_event(district, held_on=today_tehran() - timedelta(days=3))
    official = Official(district_id=district.id, name="مهندس کریمی", title="معاون فنی")
    db.session.add(official)
    db.session.flush()
    commitment = services.create_commitment(event, official=official, text="روشنایی کوچه",
                                            due_on=today_tehran() + timedelta(days=10))
    db.session.commit()
    pr, admin = signed_in(app, users["pr_staff"]), signed_in(app, users["admin"])
    url = f"/feedback/commitments/{commitment.id}"
    results = race(monkeypatch, app, lambda: pr.post(
        url, data={"status": "in_progress", "version": commitment.version}).status_code)
    late = in_own_context(app, lambda: admin.post(
        url, data={"status": "dropped", "version": commitment.version}))
    assert results[1] == 302
    assert late.status_code == 409
    assert "این رکورد در این فاصله تغییر کرده است" in late.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Commitment, commitment.id).status == "in_progress"
