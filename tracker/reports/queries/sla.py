"""Deadlines and answers per department: SLA compliance, the inbox, commitment counts."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from tracker.extensions import db
from tracker.lists.feedback import FeedbackFilter, feedback_list, priority_rank
from tracker.models import Commitment, Department, Event, FeedbackItem, Neighborhood, Topic
from tracker.models.choices import OPEN_FEEDBACK_STATUSES
from tracker.persian.dates import today_tehran
from tracker.workcalendar import WorkCalendar

# Statuses in which the department is working on an item and a deadline runs.
RUNNING = ("referred", "in_progress")


@dataclass
class SlaRow:
    """One department's answer record: answered, answered on time, and still-open overdue."""

    department_id: int | None
    department: str
    answered: int
    on_time: int
    open_overdue: int

    @property
    def percent(self) -> float | None:
        """Return the share answered by the deadline, or None with nothing answered."""
        return round(100 * self.on_time / self.answered, 1) if self.answered else None


@dataclass
class DeadlineRow:
    """A feedback item with a running deadline, as an inbox or digest line."""

    id: int
    text: str
    status: str
    priority: str
    department_id: int | None
    department: str
    topic: str | None
    neighborhood: str
    received_on: date
    due_on: date | None  # None only for items recorded before every item had one
    working_days_over: int | None  # negative: working days left


def _heard_at(stmt, campaign_id: int | None, neighborhood_id: int | None):
    """Return stmt over feedback items limited to those heard at a campaign's events or in a neighborhood."""
    if campaign_id is None and neighborhood_id is None:
        return stmt
    stmt = stmt.join(Event, Event.id == FeedbackItem.event_id)
    if campaign_id is not None:
        stmt = stmt.where(Event.campaign_id == campaign_id)
    if neighborhood_id is not None:
        stmt = stmt.where(Event.neighborhood_id == neighborhood_id)
    return stmt


def answered_by_period(district_id: int, periods: list[tuple[date, date]], *, campaign_id: int | None = None,
                       neighborhood_id: int | None = None) -> list[tuple[int, int]]:
    """Return (answered, answered by due_on) of the referred items received in each period, in one grouped pass.

    The periods (first and last day, inclusive) must not overlap; an item counts as sla_compliance counts it.
    """
    if not periods:
        return []
    answered = FeedbackItem.answered_on.is_not(None)
    on_time = and_(answered, FeedbackItem.due_on.is_not(None), FeedbackItem.answered_on <= FeedbackItem.due_on)
    bucket = case(*[(FeedbackItem.received_on.between(start, end), i) for i, (start, end) in enumerate(periods)])
    stmt = (
        select(bucket, func.sum(case((answered, 1), else_=0)), func.sum(case((on_time, 1), else_=0)))
        .where(FeedbackItem.live_where(district_id),
               FeedbackItem.referred_on.is_not(None),
               FeedbackItem.received_on.between(min(s for s, _ in periods), max(e for _, e in periods)))
        .group_by(bucket)
    )
    stmt = _heard_at(stmt, campaign_id, neighborhood_id)
    found = {i: (int(a or 0), int(o or 0)) for i, a, o in db.session.execute(stmt) if i is not None}
    return [found.get(i, (0, 0)) for i in range(len(periods))]


def sla_compliance(district_id: int, start: date | None = None, end: date | None = None,
                   today: date | None = None, *, campaign_id: int | None = None,
                   neighborhood_id: int | None = None) -> list[SlaRow]:
    """Return per department the items answered, answered by due_on, and open past due_on.

    Items count when received between start and end (inclusive; open-ended when None),
    optionally only those heard at a campaign's events or in one neighborhood.
    """
    today = today or today_tehran()
    answered = FeedbackItem.answered_on.is_not(None)
    on_time = and_(answered, FeedbackItem.due_on.is_not(None),
                   FeedbackItem.answered_on <= FeedbackItem.due_on)
    overdue = and_(FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES), FeedbackItem.due_on < today)
    stmt = (
        select(
            FeedbackItem.department_id,
            Department.name,
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((on_time, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .outerjoin(Department, Department.id == FeedbackItem.department_id)
        .where(FeedbackItem.live_where(district_id),
               FeedbackItem.referred_on.is_not(None))
        .group_by(FeedbackItem.department_id, Department.name)
        .order_by(Department.name)
    )
    if start is not None:
        stmt = stmt.where(FeedbackItem.received_on >= start)
    if end is not None:
        stmt = stmt.where(FeedbackItem.received_on <= end)
    stmt = _heard_at(stmt, campaign_id, neighborhood_id)
    return [
        SlaRow(dep_id, name or "بدون معاونت", int(a or 0), int(o or 0), int(v or 0))
        for dep_id, name, a, o, v in db.session.execute(stmt)
    ]


def deadline_select(district_id: int, department_id: int | None):
    """Return the columns of a DeadlineRow over the live items, earliest deadline, then highest priority, first."""
    return (
        feedback_list(FeedbackFilter(district_id, department_id=department_id))
        .with_only_columns(FeedbackItem.id, FeedbackItem.text, FeedbackItem.status, FeedbackItem.priority,
                           FeedbackItem.department_id, Department.name, Topic.name, Neighborhood.name,
                           FeedbackItem.received_on, FeedbackItem.due_on)
        .outerjoin(Department, Department.id == FeedbackItem.department_id)
        .outerjoin(Topic, Topic.id == FeedbackItem.topic_id)
        .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
        .order_by(FeedbackItem.due_on.is_not(None), FeedbackItem.due_on, priority_rank(), FeedbackItem.id)
    )


def _rows(stmt, today: date, calendar: WorkCalendar) -> list[DeadlineRow]:
    return [
        DeadlineRow(i, text, status, priority, dep_id, dep or "بدون معاونت", topic, hood, received, due,
                    calendar.between(due, today) if due is not None else None)
        for i, text, status, priority, dep_id, dep, topic, hood, received, due in db.session.execute(stmt)
    ]


def deadline_rows(district_id: int, today: date, calendar: WorkCalendar, *, department_id: int | None = None,
                  until: date | None = None) -> list[DeadlineRow]:
    """Return items with a running deadline (due by until, when given), earliest due, then most urgent, first.

    Working days over (or left) are counted in the district's calendar.
    """
    stmt = deadline_select(district_id, department_id).where(
        FeedbackItem.status.in_(RUNNING), FeedbackItem.due_on.is_not(None))
    if until is not None:
        stmt = stmt.where(FeedbackItem.due_on <= until)
    return _rows(stmt, today, calendar)


def triage_rows(district_id: int, today: date, calendar: WorkCalendar, *,
                until: date | None = None) -> list[DeadlineRow]:
    """Return the items awaiting PR's referral ("new"), by triage deadline then priority.

    Items recorded before triage deadlines existed have none and come first: they are the oldest.
    """
    stmt = deadline_select(district_id, None).where(FeedbackItem.status == "new")
    if until is not None:
        stmt = stmt.where((FeedbackItem.due_on <= until) | FeedbackItem.due_on.is_(None))
    return _rows(stmt, today, calendar)


@dataclass
class CommitmentCounts:
    """How many commitments are open, overdue and done."""

    open: int
    overdue: int
    done: int


def commitment_counts(district_id: int, today: date, official_id: int | None = None) -> CommitmentCounts:
    """Return counts of open, overdue and done commitments, optionally for one official."""
    live = Commitment.status.in_(("open", "in_progress"))
    stmt = select(
        func.sum(case((live, 1), else_=0)),
        func.sum(case((and_(live, Commitment.due_on < today), 1), else_=0)),
        func.sum(case((Commitment.status == "done", 1), else_=0)),
    ).where(Commitment.live_where(district_id))
    if official_id is not None:
        stmt = stmt.where(Commitment.official_id == official_id)
    live_count, overdue, done = db.session.execute(stmt).one()
    return CommitmentCounts(int(live_count or 0), int(overdue or 0), int(done or 0))
