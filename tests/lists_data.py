"""Records for the list tests: every filter value used, plus deleted rows and another district's rows."""
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import (
    Campaign, Commitment, Department, Event, FeedbackItem, Household, Neighborhood, Official,
)
from tracker.models.base import tehran_now
from tracker.persian.dates import today_tehran


def _event(district_id, hood, kind, status, held_on, campaign=None, households=(), deleted=False):
    event = Event(district_id=district_id, neighborhood_id=hood.id, kind=kind, status=status, held_on=held_on,
                  campaign_id=campaign.id if campaign else None, title="دیدار",
                  minutes="انجام شد." if status == "done" else None)
    event.households.extend(households)
    if deleted:
        event.deleted_at = tehran_now()
    db.session.add(event)
    return event


def build(district) -> SimpleNamespace:
    """Add District 21's events, households, feedback and commitments, and a second district's; return them."""
    t = today_tehran()

    def day(n: int):
        return t + timedelta(days=n)

    d = SimpleNamespace(today=t)
    d.n1, d.n2 = db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)).all()[:2]
    d.d1, d.d2 = db.session.scalars(
        select(Department).where(Department.district_id == district.id).order_by(Department.id)).all()[:2]
    d.c1 = Campaign(district_id=district.id, title="دیدار نوروزی", status="active",
                    starts_on=day(-120), ends_on=day(30))
    d.c2 = Campaign(district_id=district.id, title="هفتهٔ شهرداری", status="active",
                    starts_on=day(-30), ends_on=day(30))
    d.o1 = Official(district_id=district.id, name="مهندس صادقی", title="شهردار منطقه")
    d.o2 = Official(district_id=district.id, name="دکتر احمدی", title="معاون اجتماعی")
    db.session.add_all([d.c1, d.c2, d.o1, d.o2])
    db.session.flush()

    # Households: h1 visited long ago, h2 lately, h3 only at a planned and a cancelled event,
    # h4 only at a deleted event (so never visited); h5 is deleted.
    def household(name, category, hood, deleted=False):
        h = Household(district_id=district.id, neighborhood_id=hood.id, name=name, category=category)
        if deleted:
            h.deleted_at = tehran_now()
        db.session.add(h)
        return h

    d.h1 = household("خانواده رضایی", "martyr_family", d.n1)
    d.h2 = household("علی کریمی", "trustee", d.n2)
    d.h3 = household("مریم یزدانی", "martyr_family", d.n2)
    d.h4 = household("حسن رضایی", "citizen", d.n1)
    d.h5 = household("خانواده رضایی دوم", "martyr_family", d.n1, deleted=True)
    db.session.flush()

    d.e1 = _event(district.id, d.n1, "home_visit", "done", day(-100), d.c1, [d.h1])
    d.e2 = _event(district.id, d.n2, "meeting", "planned", day(5), d.c1, [d.h3])
    d.e3 = _event(district.id, d.n1, "home_visit", "done", day(-10), d.c2, [d.h2])
    d.e4 = _event(district.id, d.n2, "ceremony", "cancelled", day(-40), None, [d.h3])
    d.e5 = _event(district.id, d.n1, "home_visit", "done", day(-20), d.c1, [d.h4], deleted=True)
    db.session.flush()

    def item(event, kind, text, received, status="new", department=None, due=None, deleted=False, **extra):
        f = FeedbackItem(district_id=district.id, event_id=event.id, kind=kind, text=text, received_on=received,
                         status=status, department_id=department.id if department else None, due_on=due, **extra)
        if deleted:
            f.deleted_at = tehran_now()
        db.session.add(f)
        return f

    d.f1 = item(d.e1, "request", "آسفالت کوچه خراب است", day(-100), "referred", d.d1, day(-90))
    d.f2 = item(d.e3, "suggestion", "پارک محله نیمکت بیشتری بخواهد", day(-10), "in_progress", d.d2, day(3))
    d.f3 = item(d.e3, "criticism", "نور کوچه کم است", day(-10), "answered", d.d1, day(-8),
                answered_on=day(-5), response="پیگیری شد")
    d.f4 = item(d.e4, "appreciation", "از دیدار سپاسگزاریم", day(-40))
    # Heard at an event deleted later: the item itself is live and still owed an answer.
    d.f5 = item(d.e5, "request", "کوچه آسفالت ندارد", day(-20), "referred", d.d1, day(1))
    d.f6 = item(d.e1, "request", "آسفالت پیاده‌رو (حذف‌شده)", day(-100), deleted=True)
    db.session.flush()

    def commitment(official, event, status, due, deleted=False):
        k = Commitment(district_id=district.id, event_id=event.id, official_id=official.id, text="قول پیگیری",
                       status=status, due_on=due, evidence="انجام شد" if status == "done" else None)
        if deleted:
            k.deleted_at = tehran_now()
        db.session.add(k)
        return k

    d.k1 = commitment(d.o1, d.e1, "open", day(-5))
    d.k2 = commitment(d.o2, d.e3, "in_progress", day(10))
    d.k3 = commitment(d.o1, d.e3, "done", day(-20))
    d.k4 = commitment(d.o1, d.e1, "open", day(-5), deleted=True)

    # Another district with records that match every filter above but must never show.
    o = other_district()
    d.other = o
    d.ho = Household(district_id=o.district.id, neighborhood_id=o.neighborhood.id, name="خانواده رضایی",
                     category="martyr_family")
    db.session.add(d.ho)
    db.session.flush()
    d.eo = _event(o.district.id, o.neighborhood, "home_visit", "done", day(-10), None, [d.ho])
    d.oo = Official(district_id=o.district.id, name="مهندس صادقی", title="شهردار")
    db.session.add(d.oo)
    db.session.flush()
    d.fo = FeedbackItem(district_id=o.district.id, event_id=d.eo.id, kind="request", text="آسفالت کوچه",
                        received_on=day(-10), status="referred", due_on=day(-5))
    d.ko = Commitment(district_id=o.district.id, event_id=d.eo.id, official_id=d.oo.id, text="قول",
                      status="open", due_on=day(-5))
    db.session.add_all([d.fo, d.ko])
    db.session.commit()
    return d
