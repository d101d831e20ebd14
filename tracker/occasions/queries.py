"""Read the occasions a district sees (the national ones and its own) and where they fall."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.lists.choices import Choice, by_name
from tracker.models import Campaign, Occasion
from tracker.occasions.calendar import Occurrence, occurrences_between, occurrences_in_year

UPCOMING_DAYS = 30
# A campaign linked to an occasion counts as planned for one of its dates when it runs up to
# this many days before it (a first phase of advertising, say) or overlaps it.
LEAD_DAYS = 30


def visible(district_id: int):
    """Return the condition "a live occasion this district sees": national, or its own."""
    return (or_(Occasion.district_id.is_(None), Occasion.district_id == district_id)
            & Occasion.deleted_at.is_(None))


def live_occasions(district_id: int) -> list[Occasion]:
    """Return the national occasions and the district's own, not deleted."""
    return list(db.session.scalars(select(Occasion).where(visible(district_id)).order_by(Occasion.id)))


def visible_occasion(district_id: int, occasion_id: int | None) -> Occasion | None:
    """Return the occasion if this district sees it (national or its own, not deleted), else None."""
    if occasion_id is None:
        return None
    return db.session.scalar(select(Occasion).where(Occasion.id == occasion_id, visible(district_id)))


def choices(district_id: int) -> list[Choice]:
    """Return the occasions a campaign may link to, in Persian dictionary order."""
    return by_name(db.session.execute(select(Occasion.id, Occasion.title).where(visible(district_id))))


def national_occasions() -> list[Occasion]:
    """Return the live national occasions, by id."""
    return list(db.session.scalars(
        select(Occasion).where(Occasion.district_id.is_(None), Occasion.deleted_at.is_(None)).order_by(Occasion.id)))


def year_calendar(district_id: int, jy: int) -> list[Occurrence]:
    """Return the occurrences of the district's occasions that start in Jalali year jy, by date."""
    return occurrences_in_year(live_occasions(district_id), jy)


@dataclass
class Upcoming:
    """An occasion's coming (or running) dates, and the district's campaigns already planned for them."""

    occurrence: Occurrence
    days_away: int  # 0 when it starts today; negative while it is running
    campaigns: list[Choice] = field(default_factory=list)

    @property
    def running(self) -> bool:
        """Tell whether the occasion started before today and has not ended."""
        return self.days_away < 0


def upcoming(district_id: int, today: date, days: int = UPCOMING_DAYS) -> list[Upcoming]:
    """Return the occasions falling within the next `days` days (running ones too), soonest first."""
    found = occurrences_between(live_occasions(district_id), today, today + timedelta(days=days))
    if not found:
        return []
    linked = db.session.execute(
        select(Campaign.occasion_id, Campaign.id, Campaign.title, Campaign.starts_on, Campaign.ends_on)
        .where(Campaign.live_where(district_id),
               Campaign.occasion_id.in_({o.occasion.id for o in found}))
        .order_by(Campaign.starts_on, Campaign.id)).all()
    rows = []
    for occurrence in found:
        planned = [Choice(cid, title) for oid, cid, title, starts, ends in linked
                   if oid == occurrence.occasion.id and starts <= occurrence.ends_on
                   and ends >= occurrence.starts_on - timedelta(days=LEAD_DAYS)]
        rows.append(Upcoming(occurrence, (occurrence.starts_on - today).days, planned))
    return rows


def occurrence_for(occasion: Occasion, on: date | None, today: date) -> Occurrence:
    """Return the occasion's dates starting on `on` if it starts then, else its next ones from today."""
    if on is not None:
        for found in occurrences_between([occasion], on, on):
            if found.starts_on == on:
                return found
    # Lunar dates come back within a year; solar ones exactly once a year.
    return occurrences_between([occasion], today, today + timedelta(days=370))[0]
