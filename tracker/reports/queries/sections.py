"""The sections every summary shares: headline, events, officials, feedback, response times, SLA."""
import math
from collections import Counter
import statistics
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, distinct, func, select

from tracker.extensions import db
from tracker.models import (
    Commitment, District, Event, FeedbackItem, Neighborhood, Official, event_official,
)
from tracker.models.choices import (
    EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES, HOUSEHOLD_CATEGORIES,
)
from tracker.persian.dates import add_months, format_jalali, jalali_year_month, month_range, today_tehran
from tracker.persian.names import surname_key
from tracker.reports.queries.sla import CommitmentCounts, SlaRow, answered_by_period, sla_compliance
from tracker.reports.queries.scope import (
    CountRow, ReportFilter, commitment_scope, counts, done_scope, event_scope, feedback_from,
    feedback_scope,
)
from tracker.reports.queries.coverage import CoverageRow, coverage_rows, reached_counts
from tracker.reports.queries.tallies import EventTally, FeedbackTally, event_tally, feedback_tally, phase_label
from tracker.workcalendar import WorkCalendar, work_calendar


# ---- the shared sections --------------------------------------------------------------------

@dataclass
class PhaseRow:
    """Done events of one campaign phase, by kind."""

    phase_id: int | None
    title: str
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        """Return the phase's done events."""
        return sum(self.by_kind.values())


@dataclass
class OfficialRow:
    """An official who took part, with the done visits attended."""

    official_id: int
    name: str
    title: str
    visits: int


# What the page and the PDF say the response time and the on-time share are counted from.
RESPONSE_BASIS = ("میانه و صدک زمان پاسخ و درصد پاسخ به‌موقع هر دو از روز شنیدن بازخورد (روز دیدار) "
                  "تا روز پاسخ شمرده می‌شوند، به روز کاری؛ مهلت هر بازخورد هم از همان روز است.")


@dataclass
class ResponseTimes:
    """Working days from receipt to answer: count answered, median and 90th percentile (nearest rank)."""

    answered: int
    median: float | None
    p90: int | None
    durations: list[int] = field(default_factory=list)


@dataclass
class CommitmentRow:
    """A commitment line: what was promised, by whom, for when, and its state."""

    id: int
    text: str
    official: str
    neighborhood: str
    due_on: date
    status: str
    done_on: date | None
    overdue: bool


@dataclass
class Headline:
    """The few numbers a manager compares month to month."""

    visits: int
    households: int
    neighborhoods: int
    feedback: int
    answered: int
    commitments_done: int


@dataclass
class Sections:
    """Every section shared by the campaign summary and the monthly report."""

    coverage: list[CoverageRow]
    households_by_category: list[CountRow]
    events_by_kind: list[CountRow]
    events_by_status: list[CountRow]
    events_by_phase: list[PhaseRow]
    officials: list[OfficialRow]
    feedback_by_kind: list[CountRow]
    feedback_by_topic: list[CountRow]
    feedback_by_department: list[CountRow]
    feedback_by_status: list[CountRow]
    response_times: ResponseTimes
    sla: list[SlaRow]
    commitments: CommitmentCounts
    open_commitments: list[CommitmentRow]
    headline: Headline

    @property
    def untouched(self) -> list[CoverageRow]:
        """Return the neighborhoods no done event reached."""
        return [r for r in self.coverage if r.untouched]


def percentile_nearest_rank(values: list[int], pct: float) -> int | None:
    """Return the nearest-rank percentile of values (the smallest value with pct% at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def response_times(flt: ReportFilter, calendar: WorkCalendar | None = None) -> ResponseTimes:
    """Return working days from the day heard to the answer of the filter's referred, answered feedback.

    The on-time share counts the same items against deadlines counted from the same day (RESPONSE_BASIS).
    """
    calendar = calendar or work_calendar(db.session.get(District, flt.district_id))
    pairs = db.session.execute(
        feedback_from().add_columns(FeedbackItem.received_on, FeedbackItem.answered_on)
        # The items the on-time share (sla_compliance) counts: referred ones, from the day heard.
        .where(*feedback_scope(flt), FeedbackItem.answered_on.is_not(None), FeedbackItem.referred_on.is_not(None))
    ).all()
    durations = sorted(max(0, calendar.between(r, a)) for r, a in pairs)
    return ResponseTimes(
        answered=len(durations),
        median=statistics.median(durations) if durations else None,
        p90=percentile_nearest_rank(durations, 90),
        durations=durations,
    )


def headline(flt: ReportFilter, events: EventTally | None = None, feedback: FeedbackTally | None = None,
             households: int | None = None) -> Headline:
    """Return the headline numbers for the filter (from its tallies when they are counted already)."""
    events = events or event_tally(flt)
    feedback = feedback or feedback_tally(flt)
    households = households if households is not None else reached_counts(flt)[1]
    commitments_done = db.session.scalar(
        select(func.count(Commitment.id)).join(Event, Event.id == Commitment.event_id)
        .where(*event_scope(flt, dated=False), Commitment.deleted_at.is_(None),
               Commitment.status == "done",
               *([Commitment.done_on >= flt.start] if flt.start else []),
               *([Commitment.done_on <= flt.end] if flt.end else [])))
    return Headline(events.visits, int(households or 0), len(events.done_by_neighborhood),
                    feedback.total, feedback.answered, int(commitments_done or 0))


def open_commitments(flt: ReportFilter, today: date | None = None, limit: int | None = None) -> list[CommitmentRow]:
    """Return the filter's open commitments (open or in progress), earliest due first."""
    today = today or today_tehran()
    stmt = (
        select(Commitment.id, Commitment.text, Official.name, Neighborhood.name, Commitment.due_on,
               Commitment.status, Commitment.done_on)
        .join(Event, Event.id == Commitment.event_id)
        .join(Official, Official.id == Commitment.official_id)
        .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
        .where(*event_scope(flt), Commitment.deleted_at.is_(None),
               Commitment.status.in_(("open", "in_progress")))
        .order_by(Commitment.due_on, Commitment.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [CommitmentRow(i, t, o, n, due, st, done, due < today)
            for i, t, o, n, due, st, done in db.session.execute(stmt)]


def scoped_commitment_counts(flt: ReportFilter, today: date) -> CommitmentCounts:
    live = Commitment.status.in_(("open", "in_progress"))
    live_count, overdue, done = db.session.execute(
        select(func.sum(case((live, 1), else_=0)),
               func.sum(case((and_(live, Commitment.due_on < today), 1), else_=0)),
               func.sum(case((Commitment.status == "done", 1), else_=0)))
        .join(Event, Event.id == Commitment.event_id)
        .where(*commitment_scope(flt))
    ).one()
    return CommitmentCounts(int(live_count or 0), int(overdue or 0), int(done or 0))


def report_sections(flt: ReportFilter, today: date | None = None) -> Sections:
    """Return every shared section of a report over the filter, counted in SQL."""
    today = today or today_tehran()
    done = done_scope(flt)
    reached, everyone = reached_counts(flt)
    by_category = Counter()
    for (_neighborhood, category), n in reached.items():
        by_category[category] += n
    events = event_tally(flt)
    phases = [PhaseRow(pid, phase_label(pid, number, title), {**dict.fromkeys(EVENT_KINDS, 0), **kinds})
              for pid, (number, title, kinds) in sorted(events.done_by_phase.items(),
                                                        key=lambda p: (p[0] is None, p[1][0] or 0))]
    # The most present first; equals by surname, honorifics ignored.
    officials = sorted((OfficialRow(i, name, title, int(n)) for i, name, title, n in db.session.execute(
        select(Official.id, Official.name, Official.title, func.count(distinct(Event.id)))
        .join(event_official, event_official.c.official_id == Official.id)
        .join(Event, Event.id == event_official.c.event_id)
        .where(*done).group_by(Official.id, Official.name, Official.title))),
        key=lambda o: (-o.visits, surname_key(o.name)))
    feedback = feedback_tally(flt)
    return Sections(
        coverage=coverage_rows(flt, visits=events.done_by_neighborhood, reached=reached),
        households_by_category=counts(by_category.items(), HOUSEHOLD_CATEGORIES),
        events_by_kind=counts(events.done_by_kind.items(), EVENT_KINDS),
        events_by_status=counts(events.by_status.items(), EVENT_STATUSES),
        events_by_phase=phases,
        officials=officials,
        feedback_by_kind=counts(feedback.by_kind.items(), FEEDBACK_KINDS),
        feedback_by_topic=feedback.by_topic,
        feedback_by_department=feedback.by_department,
        feedback_by_status=counts(feedback.by_status.items(), FEEDBACK_STATUSES),
        response_times=response_times(flt),
        sla=sla_compliance(flt.district_id, flt.start, flt.end, today,
                           campaign_id=flt.campaign_id, neighborhood_id=flt.neighborhood_id),
        commitments=scoped_commitment_counts(flt, today),
        open_commitments=open_commitments(flt, today, limit=200),
        headline=headline(flt, events, feedback, everyone),
    )


@dataclass
class TrendPoint:
    """SLA compliance of one Jalali month."""

    jy: int
    jm: int
    label: str
    answered: int
    on_time: int

    @property
    def percent(self) -> float | None:
        """Return the share answered on time, or None with nothing answered."""
        return round(100 * self.on_time / self.answered) if self.answered else None


def sla_trend(flt: ReportFilter, months: int = 6, today: date | None = None) -> list[TrendPoint]:
    """Return SLA compliance per Jalali month (by receipt) over the last months up to the filter's end."""
    today = today or today_tehran()
    jy, jm = jalali_year_month(flt.end or today)
    months_shown = [add_months(jy, jm, -back) for back in range(months - 1, -1, -1)]
    ranges = [month_range(y, m) for y, m in months_shown]
    counts = answered_by_period(flt.district_id, ranges, campaign_id=flt.campaign_id,
                                neighborhood_id=flt.neighborhood_id)
    return [TrendPoint(y, m, format_jalali(start, "month"), answered, on_time)
            for (y, m), (start, _end), (answered, on_time) in zip(months_shown, ranges, counts)]
