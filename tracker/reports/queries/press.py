"""The publishable facts of a campaign phase or a visit, for the press-release draft."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, select

from tracker.extensions import db
from tracker.models import (
    Campaign, Event, FeedbackItem, Household, Neighborhood, Official, Phase, Topic, event_household,
    event_official,
)



# ---- press-release facts --------------------------------------------------------------------

@dataclass
class PressFacts:
    """The facts a press release may state; families are named only with publicity consent."""

    occasion: str | None
    campaign_title: str | None
    phase_title: str | None
    neighborhoods: int
    households: int
    visits: int
    officials: list[tuple[str, str]]  # (name, title), most visits first
    topics: list[tuple[str, int]]  # (topic name, feedback count), most heard first
    first_date: date | None
    last_date: date | None
    consenting_families: list[str]  # martyr families' names that consented to publicity
    neighborhood_names: list[str] = field(default_factory=list)


def press_facts(campaign: Campaign | None, phase: Phase | None = None, event: Event | None = None,
                top_topics: int = 3) -> PressFacts:
    """Return the publishable facts of a campaign phase or a single visit (done events only).

    A visit outside any campaign is given as event with campaign None.
    """
    if campaign is None and event is None:
        raise ValueError("press_facts needs a campaign or an event")
    district_id = campaign.district_id if campaign is not None else event.district_id
    conds = [Event.live_where(district_id), Event.status == "done"]
    if event is not None:
        conds.append(Event.id == event.id)
    else:
        conds.append(Event.campaign_id == campaign.id)
        if phase is not None:
            conds.append(Event.phase_id == phase.id)
    visits, neighborhoods, first, last = db.session.execute(
        select(func.count(Event.id), func.count(distinct(Event.neighborhood_id)),
               func.min(Event.held_on), func.max(Event.held_on)).where(*conds)).one()
    households = db.session.scalar(
        select(func.count(distinct(event_household.c.household_id)))
        .join(Event, Event.id == event_household.c.event_id).where(*conds))
    officials = db.session.execute(
        select(Official.name, Official.title)
        .join(event_official, event_official.c.official_id == Official.id)
        .join(Event, Event.id == event_official.c.event_id)
        .where(*conds).group_by(Official.id, Official.name, Official.title)
        .order_by(func.count(distinct(Event.id)).desc(), Official.name)).all()
    topics = db.session.execute(
        select(Topic.name, func.count(FeedbackItem.id))
        .join(FeedbackItem, FeedbackItem.topic_id == Topic.id)
        .join(Event, Event.id == FeedbackItem.event_id)
        .where(*conds, FeedbackItem.deleted_at.is_(None))
        .group_by(Topic.id, Topic.name).order_by(func.count(FeedbackItem.id).desc(), Topic.name)
        .limit(top_topics)).all()
    families = db.session.scalars(
        select(Household.name)
        .join(event_household, event_household.c.household_id == Household.id)
        .join(Event, Event.id == event_household.c.event_id)
        .where(*conds, Household.deleted_at.is_(None), Household.category == "martyr_family",
               Household.publicity_consent.is_(True))
        .group_by(Household.id, Household.name).order_by(Household.name)).all()
    names = db.session.scalars(
        select(Neighborhood.name).join(Event, Event.neighborhood_id == Neighborhood.id)
        .where(*conds).group_by(Neighborhood.id, Neighborhood.name).order_by(Neighborhood.name)).all()
    return PressFacts(
        campaign.occasion if campaign else None, campaign.title if campaign else None,
        phase.title if phase else None,
        int(neighborhoods or 0), int(households or 0),
        int(visits or 0), [tuple(o) for o in officials], [(t, int(n)) for t, n in topics], first, last,
        list(families), list(names),
    )
