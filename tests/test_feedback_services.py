"""Feedback creation, commitments and the rules around them."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import first_topic, make_event
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import AuditEntry, FeedbackUpdate, Household, Official
from tracker.persian.dates import jalali_to_date


def test_create_feedback_defaults_department_from_topic_and_refers_on_save(app, district, users):
    event = make_event(district)
    topic = first_topic(district)
    item = services.create_feedback(event, kind="criticism", text="  چراغ کوچه خاموش است ",
                                    topic=topic, actor=users["pr_staff"])
    db.session.commit()
    assert item.status == "referred"
    assert item.department_id == topic.department_id
    assert item.received_on == event.held_on
    assert item.text == "چراغ کوچه خاموش است"
    updates = db.session.scalars(select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id)
                                 .order_by(FeedbackUpdate.id)).all()
    assert [(u.action, u.to_status, u.user_id) for u in updates] == [
        ("create", "new", users["pr_staff"].id), ("refer", "referred", users["pr_staff"].id)]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.create"))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.refer"))


def test_create_feedback_rejects_empty_text_and_foreign_household(app, district, users):
    event = make_event(district)
    with pytest.raises(services.FeedbackError, match="بنویسید"):
        services.create_feedback(event, kind="suggestion", text="   ")
    other = Household(district_id=district.id + 1000, neighborhood_id=event.neighborhood_id,
                      name="خانواده دیگر", category="citizen")
    with pytest.raises(services.FeedbackError, match="منطقه"):
        services.create_feedback(event, kind="suggestion", text="متن", household=other)


def test_references_are_the_districts_live_records(app, district, users):
    event = make_event(district)
    topic = first_topic(district)
    assert services.references(district.id, event_id=event.id, topic_id=topic.id, household_id=None) == {
        "event": event, "topic": topic, "household": None}
    topic.soft_delete()
    with pytest.raises(services.FeedbackError, match="پیدا نشد") as refused:
        services.create_feedback(event, kind="request", text="متن", topic=topic)
    assert refused.value.field == "topic_id"
    with pytest.raises(services.FeedbackError, match="پیدا نشد") as refused:
        services.references(district.id + 1000, event_id=event.id)
    assert refused.value.field == "event_id"


def test_commitment_done_requires_evidence(app, district, users):
    event = make_event(district)
    official = Official(district_id=district.id, name="آقای احمدی", title="معاون خدمات شهری")
    db.session.add(official)
    db.session.flush()
    commitment = services.create_commitment(event, official=official, text="روشنایی کوچه درست شود",
                                            due_on=jalali_to_date(1404, 1, 30))
    db.session.commit()
    with pytest.raises(services.FeedbackError, match="مستندات"):
        services.update_commitment(commitment, status="done", evidence="  ")
    services.update_commitment(commitment, status="done", evidence="لامپ‌ها عوض شد",
                               done_on=date(2025, 4, 10))
    db.session.commit()
    assert (commitment.status, commitment.done_on) == ("done", date(2025, 4, 10))
