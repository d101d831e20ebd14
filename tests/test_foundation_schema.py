"""The schema: migrations match the models, constraints hold, search keys stay in step."""
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import Base, Campaign, Event, FeedbackItem, Household, Neighborhood


def test_migrations_match_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_search_key_follows_name_on_every_write(app, district):
    nb = db.session.scalars(select(Neighborhood)).first()
    home = Household(district_id=district.id, neighborhood_id=nb.id, category="citizen", name="علي  كريمي")
    db.session.add(home)
    db.session.commit()
    assert home.name == "علی کریمی"
    found = db.session.scalar(select(Household).where(Household.name_key == "علی کریمی"))
    assert found is home
    home.name = "مهدي يگانه"
    db.session.commit()
    assert db.session.scalar(select(Household.name_key).where(Household.id == home.id)) == "مهدی یگانه"


@pytest.mark.parametrize("bad", [{"category": "stranger"}, {"phone": "0912"}, {"national_id": "123"}])
def test_household_constraints_reject_bad_rows(app, district, bad):
    nb = db.session.scalars(select(Neighborhood)).first()
    values = {"district_id": district.id, "neighborhood_id": nb.id, "category": "citizen", "name": "نام"}
    values.update(bad)
    db.session.add(Household(**values))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_campaign_dates_must_be_ordered(app, district):
    db.session.add(Campaign(district_id=district.id, title="پویش", starts_on=date(2025, 7, 5),
                            ends_on=date(2025, 7, 1)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_done_event_needs_minutes_and_closed_feedback_needs_satisfaction(app, district):
    nb = db.session.scalars(select(Neighborhood)).first()
    db.session.add(Event(district_id=district.id, neighborhood_id=nb.id, kind="home_visit", status="done",
                         held_on=date(2025, 7, 5)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    event = Event(district_id=district.id, neighborhood_id=nb.id, kind="home_visit", status="planned",
                  held_on=date(2025, 7, 5))
    db.session.add(event)
    db.session.commit()
    db.session.add(FeedbackItem(district_id=district.id, event_id=event.id, kind="request", text="متن",
                                status="closed", received_on=date(2025, 7, 5)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_foreign_keys_are_enforced(app, district):
    db.session.add(Household(district_id=district.id, neighborhood_id=999999, category="citizen", name="نام"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_migrations_downgrade_and_upgrade_again_keeping_rows(app, district):
    from sqlalchemy import text

    from tracker.database import upgrade_to_head

    nb = db.session.scalars(select(Neighborhood)).first()
    for name in ("یاسر", "پری", "آرش"):
        db.session.add(Household(district_id=district.id, neighborhood_id=nb.id, category="citizen", name=name))
    db.session.commit()
    from flask_migrate import downgrade

    downgrade(directory=app.extensions["migrate"].directory, revision="0001")
    db.session.remove()
    upgrade_to_head()
    # The backfill put the existing rows in Persian order.
    names = db.session.execute(text("SELECT name FROM household ORDER BY name_sort")).scalars().all()
    assert names == ["آرش", "پری", "یاسر"]
