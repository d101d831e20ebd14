"""The reports: campaign summary, monthly activity, neighborhood profile, official activity."""
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, case, func, select

from tracker.extensions import db
from tracker.models import (
    Campaign, Commitment, Department, Event, FeedbackItem, Household, Neighborhood, Official, Topic,
    event_household, event_official,
)
from tracker.models.choices import (
    EVENT_KINDS, FEEDBACK_KINDS, FEEDBACK_STATUSES, OPEN_FEEDBACK_STATUSES, SATISFACTION,
)
from tracker.persian.dates import JalaliPeriod, today_tehran
from tracker.reports.queries.sla import CommitmentCounts
from tracker.reports.queries.targets import TargetGroup, target_list
from tracker.reports.queries.scope import (
    CountRow, ReportFilter, commitment_scope, counts, done_scope, event_scope, feedback_from,
    feedback_scope,
)
from tracker.reports.queries.sections import (
    CommitmentRow, Headline, Sections, TrendPoint, scoped_commitment_counts, headline, report_sections,
    sla_trend,
)


# ---- the reports ----------------------------------------------------------------------------

@dataclass
class CampaignSummary:
    """The campaign summary report: the campaign's facts, the shared sections and the SLA trend."""

    campaign_id: int
    title: str
    occasion: str | None
    starts_on: date
    ends_on: date
    status: str
    filter: ReportFilter
    sections: Sections
    trend: list[TrendPoint]
    target_total: int
    # The named target list by neighborhood: who was visited and who still waits.
    targets: list[TargetGroup] = field(default_factory=list)

    @property
    def listed_households(self) -> int:
        """Return how many households the named target list shows (with their phones and addresses)."""
        return sum(len(g.waiting) + len(g.visited) for g in self.targets)


def campaign_summary(campaign: Campaign, flt: ReportFilter | None = None,
                     today: date | None = None) -> CampaignSummary:
    """Return the campaign summary over the filter (the whole campaign when none is given)."""
    flt = replace(flt or ReportFilter(campaign.district_id), district_id=campaign.district_id,
                  campaign_id=campaign.id)
    sections = report_sections(flt, today)
    return CampaignSummary(
        campaign.id, campaign.title, campaign.occasion, campaign.starts_on, campaign.ends_on,
        campaign.status, flt, sections, sla_trend(flt, today=today),
        sum(r.target_total for r in sections.coverage), target_list(flt),
    )


@dataclass
class Change:
    """A headline number this month, last month, and the difference."""

    label: str
    current: int
    previous: int

    @property
    def delta(self) -> int:
        """Return current minus previous."""
        return self.current - self.previous


@dataclass
class PeriodActivity:
    """The period report: the shared sections over a Jalali month, season or year, and the change since the last."""

    period: JalaliPeriod
    title: str
    start: date
    end: date
    filter: ReportFilter
    sections: Sections
    previous: Headline
    changes: list[Change]
    trend: list[TrendPoint]


# The report began as a monthly one; its name stays for the callers that know it so.
MonthlyActivity = PeriodActivity

HEADLINE_LABELS = {
    "visits": "دیدارهای انجام‌شده", "households": "خانوارهای دیدارشده",
    "neighborhoods": "محله‌های دیدارشده", "feedback": "بازخوردهای دریافتی",
    "answered": "بازخوردهای پاسخ‌داده", "commitments_done": "تعهدهای انجام‌شده",
}


def period_activity(district_id: int, period: JalaliPeriod, neighborhood_id: int | None = None,
                    today: date | None = None) -> PeriodActivity:
    """Return the activity of a Jalali month, season or year, compared with the period of the same kind before it."""
    start, end = period.bounds()
    flt = ReportFilter(district_id, start, end, neighborhood_id)
    sections = report_sections(flt, today)
    previous = headline(replace(flt, start=period.previous().bounds()[0], end=period.previous().bounds()[1]))
    changes = [Change(label, getattr(sections.headline, key), getattr(previous, key))
               for key, label in HEADLINE_LABELS.items()]
    return PeriodActivity(period, period.title, start, end, flt, sections, previous, changes,
                          sla_trend(flt, today=today))


def monthly_activity(district_id: int, jy: int, jm: int, neighborhood_id: int | None = None,
                     today: date | None = None) -> PeriodActivity:
    """Return the monthly activity of Jalali month jm of jy, compared with the month before."""
    return period_activity(district_id, JalaliPeriod(jy, "month", jm), neighborhood_id, today)


@dataclass
class VisitRow:
    """One event in a history list."""

    id: int
    held_on: date
    kind: str
    status: str
    title: str | None
    neighborhood: str
    campaign: str | None
    households: int
    feedback: int


@dataclass
class HouseholdRow:
    """A household with when a done event last reached it; contact fields are sensitive."""

    id: int
    name: str
    category: str
    martyr_name: str | None
    phone: str | None
    address: str | None
    last_visit: date | None
    visits: int


@dataclass
class FeedbackRow:
    """An open feedback item as a report line."""

    id: int
    received_on: date
    kind: str
    status: str
    topic: str | None
    department: str | None
    due_on: date | None
    text: str


def _visit_rows(conds: list, limit: int) -> list[VisitRow]:
    households = (select(func.count()).select_from(event_household)
                  .where(event_household.c.event_id == Event.id).correlate(Event).scalar_subquery())
    feedback = (select(func.count(FeedbackItem.id))
                .where(FeedbackItem.event_id == Event.id, FeedbackItem.deleted_at.is_(None))
                .correlate(Event).scalar_subquery())
    stmt = (select(Event.id, Event.held_on, Event.kind, Event.status, Event.title, Neighborhood.name,
                   Campaign.title, households, feedback)
            .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
            .outerjoin(Campaign, Campaign.id == Event.campaign_id)
            .where(*conds).order_by(Event.held_on.desc(), Event.id.desc()).limit(limit))
    return [VisitRow(*row) for row in db.session.execute(stmt)]


def _open_feedback(conds: list, limit: int) -> list[FeedbackRow]:
    stmt = (feedback_from().add_columns(
                FeedbackItem.id, FeedbackItem.received_on, FeedbackItem.kind, FeedbackItem.status,
                Topic.name, Department.name, FeedbackItem.due_on, FeedbackItem.text)
            .outerjoin(Topic, Topic.id == FeedbackItem.topic_id)
            .outerjoin(Department, Department.id == FeedbackItem.department_id)
            .where(*conds, FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES))
            .order_by(FeedbackItem.due_on.is_(None), FeedbackItem.due_on, FeedbackItem.id).limit(limit))
    return [FeedbackRow(*row) for row in db.session.execute(stmt)]


@dataclass
class NeighborhoodProfile:
    """A neighborhood's visit history, households with their last visit, open feedback and commitments."""

    neighborhood_id: int
    name: str
    area_name: str
    filter: ReportFilter
    visits: list[VisitRow]
    households: list[HouseholdRow]
    open_feedback: list[FeedbackRow]
    commitments: list[CommitmentRow]
    commitment_counts: CommitmentCounts
    headline: Headline
    feedback_by_kind: list[CountRow]


def neighborhood_profile(neighborhood: Neighborhood, flt: ReportFilter | None = None,
                         today: date | None = None, limit: int = 500) -> NeighborhoodProfile:
    """Return the profile of a neighborhood over the filter's dates (at most limit rows per list)."""
    today = today or today_tehran()
    flt = replace(flt or ReportFilter(neighborhood.district_id), district_id=neighborhood.district_id,
                  neighborhood_id=neighborhood.id)
    done_visits = (select(event_household.c.household_id.label("hid"),
                          func.max(Event.held_on).label("last"), func.count(Event.id).label("n"))
                   .join(Event, Event.id == event_household.c.event_id)
                   .where(*done_scope(flt)).group_by(event_household.c.household_id).subquery())
    households = [HouseholdRow(*row) for row in db.session.execute(
        select(Household.id, Household.name, Household.category, Household.martyr_name, Household.phone,
               Household.address, done_visits.c.last, func.coalesce(done_visits.c.n, 0))
        .outerjoin(done_visits, done_visits.c.hid == Household.id)
        .where(Household.neighborhood_id == neighborhood.id, Household.deleted_at.is_(None))
        .order_by(done_visits.c.last.is_(None), done_visits.c.last, Household.name_key).limit(limit))]
    fb_kind = db.session.execute(feedback_from().add_columns(FeedbackItem.kind, func.count(FeedbackItem.id))
                                 .where(*feedback_scope(flt)).group_by(FeedbackItem.kind)).all()
    commitments = (select(Commitment.id, Commitment.text, Official.name, Neighborhood.name, Commitment.due_on,
                          Commitment.status, Commitment.done_on)
                   .join(Event, Event.id == Commitment.event_id)
                   .join(Official, Official.id == Commitment.official_id)
                   .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
                   .where(*commitment_scope(flt)).order_by(Commitment.due_on.desc(), Commitment.id).limit(limit))
    return NeighborhoodProfile(
        neighborhood.id, neighborhood.name, neighborhood.area.name, flt,
        _visit_rows(event_scope(flt), limit), households,
        _open_feedback(feedback_scope(flt), limit),
        [CommitmentRow(i, t, o, n, due, st, done, st in ("open", "in_progress") and due < today)
         for i, t, o, n, due, st, done in db.session.execute(commitments)],
        scoped_commitment_counts(flt, today), headline(flt), counts(fb_kind, FEEDBACK_KINDS),
    )


@dataclass
class OfficialActivity:
    """An official's visits, commitments made and kept, and the feedback heard at their visits."""

    official_id: int
    name: str
    title: str
    department: str | None
    filter: ReportFilter
    visits: list[VisitRow]
    visits_done: int
    visits_by_kind: list[CountRow]
    commitments: list[CommitmentRow]
    commitments_made: int
    commitments_kept: int
    commitments_overdue: int
    feedback_by_status: list[CountRow]
    feedback_by_satisfaction: list[CountRow]
    feedback_total: int

    @property
    def kept_percent(self) -> float | None:
        """Return commitments kept as a share of those made, or None when none were made."""
        return round(100 * self.commitments_kept / self.commitments_made) if self.commitments_made else None


def official_activity(official: Official, flt: ReportFilter | None = None,
                      today: date | None = None, limit: int = 500) -> OfficialActivity:
    """Return what an official did over the filter: visits attended, commitments, feedback outcome."""
    today = today or today_tehran()
    flt = replace(flt or ReportFilter(official.district_id), district_id=official.district_id)
    attended = Event.id.in_(select(event_official.c.event_id).where(event_official.c.official_id == official.id))
    conds = [*event_scope(flt), attended]
    by_kind = db.session.execute(select(Event.kind, func.count(Event.id))
                                 .where(*conds, Event.status == "done").group_by(Event.kind)).all()
    kinds = counts(by_kind, EVENT_KINDS)
    mine = [*commitment_scope(flt), Commitment.official_id == official.id]
    commitments = [CommitmentRow(i, t, o, n, due, st, done, st in ("open", "in_progress") and due < today)
                   for i, t, o, n, due, st, done in db.session.execute(
        select(Commitment.id, Commitment.text, Official.name, Neighborhood.name, Commitment.due_on,
               Commitment.status, Commitment.done_on)
        .join(Event, Event.id == Commitment.event_id)
        .join(Official, Official.id == Commitment.official_id)
        .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
        .where(*mine).order_by(Commitment.due_on.desc(), Commitment.id).limit(limit))]
    live = Commitment.status.in_(("open", "in_progress"))
    made, kept, overdue = db.session.execute(
        select(func.count(Commitment.id), func.sum(case((Commitment.status == "done", 1), else_=0)),
               func.sum(case((and_(live, Commitment.due_on < today), 1), else_=0)))
        .join(Event, Event.id == Commitment.event_id).where(*mine)).one()
    fb_conds = [*feedback_scope(flt), attended]
    fb_status = db.session.execute(feedback_from().add_columns(FeedbackItem.status, func.count(FeedbackItem.id))
                                   .where(*fb_conds).group_by(FeedbackItem.status)).all()
    fb_sat = db.session.execute(feedback_from().add_columns(FeedbackItem.satisfaction, func.count(FeedbackItem.id))
                                .where(*fb_conds, FeedbackItem.satisfaction.is_not(None))
                                .group_by(FeedbackItem.satisfaction)).all()
    status_rows = counts(fb_status, FEEDBACK_STATUSES)
    return OfficialActivity(
        official.id, official.name, official.title,
        official.department.name if official.department else None, flt,
        _visit_rows(conds, limit), sum(r.count for r in kinds), kinds,
        commitments, int(made or 0), int(kept or 0), int(overdue or 0),
        status_rows, counts(fb_sat, SATISFACTION), sum(r.count for r in status_rows),
    )
