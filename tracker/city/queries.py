"""Every district side by side, per Jalali month: the numbers of the city dashboard and the city reports.

Each query is one aggregate over a table, grouped by district and by the Jalali month a date falls
in (a CASE over the months' first days, so SQLite and PostgreSQL group alike); nothing is read row
by row. The page, the PDFs and the tests all read `city_comparison`, so their numbers agree.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, distinct, func, literal, literal_column, select

from tracker.extensions import db
from tracker.models import Campaign, CampaignTarget, District, Event, FeedbackItem, event_household
from tracker.models.choices import FEEDBACK_KINDS, OPEN_FEEDBACK_STATUSES
from tracker.persian.dates import JalaliPeriod, add_months, format_jalali, jalali_year_month, month_range


@dataclass(frozen=True)
class Month:
    """One Jalali month of the period: its label and inclusive Gregorian bounds."""

    jy: int
    jm: int
    start: date
    end: date

    @property
    def label(self) -> str:
        """Return the month's Persian name and year, e.g. «تیر ۱۴۰۴»."""
        return format_jalali(self.start, "month")


@dataclass
class Figures:
    """The compared numbers of one district (or the city) over one month or the whole period."""

    visits: int = 0  # events held (done)
    households: int = 0  # distinct households reached at those events
    targets: int = 0  # households the campaigns running then aimed to reach
    feedback: int = 0  # feedback items received
    answered: int = 0  # of those, answered
    on_time: int = 0  # of those, answered by their deadline
    overdue: int = 0  # of those, still open past their deadline today

    @property
    def coverage(self) -> float | None:
        """Return households reached as a percentage of the targets, or None without a target."""
        return round(100 * self.households / self.targets) if self.targets else None

    @property
    def on_time_percent(self) -> float | None:
        """Return the share answered on time, or None with nothing answered."""
        return round(100 * self.on_time / self.answered) if self.answered else None

    def add(self, other: "Figures") -> None:
        """Add other's counts to these (the households of different districts never overlap)."""
        for name in ("visits", "households", "targets", "feedback", "answered", "on_time", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class DistrictRow:
    """One district's figures over the period and per month."""

    district_id: int
    number: int
    name: str
    total: Figures
    months: list[Figures]


@dataclass
class CityComparison:
    """Every district's figures over a Jalali period, with the city's totals per month and overall."""

    period: JalaliPeriod
    today: date
    months: list[Month]
    rows: list[DistrictRow]
    total: Figures = field(default_factory=Figures)
    month_totals: list[Figures] = field(default_factory=list)


def period_months(period: JalaliPeriod, today: date) -> list[Month]:
    """Return the Jalali months of the period, up to today's month."""
    start, end = period.bounds()
    jy, jm = jalali_year_month(start)
    last = jalali_year_month(min(end, today)) if start <= today else (jy, jm)
    months = []
    while (jy, jm) <= last:
        first, final = month_range(jy, jm)
        months.append(Month(jy, jm, first, final))
        jy, jm = add_months(jy, jm, 1)
    return months


def _month_of(column, months: list[Month]):
    """Return a SQL expression giving the index of the month column falls in (None outside the period)."""
    whens = [(and_(column >= m.start, column <= m.end), literal(i)) for i, m in enumerate(months)]
    return case(*whens, else_=None)


# Grouped by its alias: the CASE's dates are bound parameters, and PostgreSQL would not see the
# select list's CASE and a repeated one in GROUP BY as the same expression.
MONTH = "month_index"


def _grouped(columns, months, date_column, *conds):
    """Run one aggregate grouped by district and month; return {(district_id, month): row}."""
    month = _month_of(date_column, months)
    stmt = (select(columns[0], month.label(MONTH), *columns[1:])
            .where(*conds, date_column >= months[0].start, date_column <= months[-1].end)
            .group_by(columns[0], literal_column(MONTH)))
    return {(row[0], row[1]): row[2:] for row in db.session.execute(stmt)}


def _visits(months):
    done = [Event.deleted_at.is_(None), Event.status == "done"]
    return _grouped([Event.district_id, func.count(Event.id)], months, Event.held_on, *done)


def _households(months):
    """Return distinct households reached per district and month, and per district over the whole period."""
    done = [Event.deleted_at.is_(None), Event.status == "done"]
    reached = func.count(distinct(event_household.c.household_id))
    joined = select(Event.district_id, reached).join(event_household, event_household.c.event_id == Event.id)
    month = _month_of(Event.held_on, months)
    in_period = [*done, Event.held_on >= months[0].start, Event.held_on <= months[-1].end]
    per_month = db.session.execute(joined.add_columns(month.label(MONTH)).where(*in_period)
                                   .group_by(Event.district_id, literal_column(MONTH)))
    by_month = {(district_id, m): n for district_id, n, m in per_month}
    overall = dict(db.session.execute(joined.where(*in_period).group_by(Event.district_id)).all())
    return by_month, overall


def _campaign_targets(months):
    """Return per campaign: district, dates and the households it aims at (one row per campaign)."""
    stmt = (select(Campaign.district_id, Campaign.starts_on, Campaign.ends_on, func.sum(CampaignTarget.count))
            .join(CampaignTarget, CampaignTarget.campaign_id == Campaign.id)
            .where(Campaign.deleted_at.is_(None), Campaign.starts_on <= months[-1].end,
                   Campaign.ends_on >= months[0].start)
            .group_by(Campaign.id, Campaign.district_id, Campaign.starts_on, Campaign.ends_on))
    return db.session.execute(stmt).all()


def _feedback(months, today):
    live = FeedbackItem.deleted_at.is_(None)
    answered = FeedbackItem.answered_on.is_not(None)
    on_time = and_(answered, FeedbackItem.due_on.is_not(None), FeedbackItem.answered_on <= FeedbackItem.due_on)
    overdue = and_(FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES), FeedbackItem.due_on < today)
    columns = [FeedbackItem.district_id, func.count(FeedbackItem.id), func.sum(case((answered, 1), else_=0)),
               func.sum(case((on_time, 1), else_=0)), func.sum(case((overdue, 1), else_=0))]
    return _grouped(columns, months, FeedbackItem.received_on, live)


def _overlaps(start: date, end: date, month: Month) -> bool:
    return start <= month.end and end >= month.start


def city_comparison(period: JalaliPeriod, today: date) -> CityComparison:
    """Return every district's visits, coverage, feedback, on-time share and overdue items over the period."""
    months = period_months(period, today)
    districts = db.session.execute(select(District.id, District.number, District.name)
                                   .order_by(District.number)).all()
    result = CityComparison(period, today, months, [], month_totals=[Figures() for _ in months])
    if not months:
        return result
    visits = _visits(months)
    households, reached = _households(months)
    feedback = _feedback(months, today)
    campaigns = _campaign_targets(months)
    for district_id, number, name in districts:
        per_month = []
        for i, month in enumerate(months):
            n_feedback, n_answered, n_on_time, n_overdue = feedback.get((district_id, i), (0, 0, 0, 0))
            targets = sum(int(t or 0) for d, s, e, t in campaigns if d == district_id and _overlaps(s, e, month))
            per_month.append(Figures(int(visits.get((district_id, i), (0,))[0]),
                                     int(households.get((district_id, i), 0)), targets, int(n_feedback or 0),
                                     int(n_answered or 0), int(n_on_time or 0), int(n_overdue or 0)))
        total = Figures()
        for figures in per_month:
            total.add(figures)
        # A household visited in two months counts once over the period; a campaign's target, once.
        total.households = int(reached.get(district_id, 0))
        total.targets = sum(int(t or 0) for d, _s, _e, t in campaigns if d == district_id)
        result.rows.append(DistrictRow(district_id, number, name, total, per_month))
        result.total.add(total)
        for month_total, figures in zip(result.month_totals, per_month):
            month_total.add(figures)
    return result


@dataclass
class FeedbackRow:
    """One district's feedback over the period: received by kind, answered, on time, open and overdue."""

    district_id: int
    number: int
    name: str
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FEEDBACK_KINDS, 0))
    answered: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def received(self) -> int:
        """Return the items received over the period."""
        return sum(self.by_kind.values())

    @property
    def on_time_percent(self) -> float | None:
        """Return the share answered on time, or None with nothing answered."""
        return round(100 * self.on_time / self.answered) if self.answered else None

    def add(self, other: "FeedbackRow") -> None:
        """Add other's counts to these."""
        for kind, n in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n
        for name in ("answered", "on_time", "open", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class FeedbackSummary:
    """Every district's feedback over a Jalali period, and the city's total."""

    period: JalaliPeriod
    today: date
    rows: list[FeedbackRow]
    total: FeedbackRow


def feedback_summary(period: JalaliPeriod, today: date) -> FeedbackSummary:
    """Return per district the feedback received over the period by kind, answered, on time, open and overdue."""
    start, end = period.bounds()
    answered = FeedbackItem.answered_on.is_not(None)
    on_time = and_(answered, FeedbackItem.due_on.is_not(None), FeedbackItem.answered_on <= FeedbackItem.due_on)
    still_open = FeedbackItem.status.in_(OPEN_FEEDBACK_STATUSES)
    overdue = and_(still_open, FeedbackItem.due_on < today)
    stmt = (select(FeedbackItem.district_id, FeedbackItem.kind, func.count(FeedbackItem.id),
                   func.sum(case((answered, 1), else_=0)), func.sum(case((on_time, 1), else_=0)),
                   func.sum(case((still_open, 1), else_=0)), func.sum(case((overdue, 1), else_=0)))
            .where(FeedbackItem.deleted_at.is_(None), FeedbackItem.received_on >= start,
                   FeedbackItem.received_on <= end)
            .group_by(FeedbackItem.district_id, FeedbackItem.kind))
    found: dict[int, list] = {}
    for district_id, kind, count, *numbers in db.session.execute(stmt):
        found.setdefault(district_id, []).append((kind, int(count), *(int(n or 0) for n in numbers)))
    rows = []
    total = FeedbackRow(0, 0, "")
    for district_id, number, name in db.session.execute(
            select(District.id, District.number, District.name).order_by(District.number)):
        row = FeedbackRow(district_id, number, name)
        for kind, count, n_answered, n_on_time, n_open, n_overdue in found.get(district_id, []):
            row.by_kind[kind] = row.by_kind.get(kind, 0) + count
            row.answered += n_answered
            row.on_time += n_on_time
            row.open += n_open
            row.overdue += n_overdue
        rows.append(row)
        total.add(row)
    return FeedbackSummary(period, today, rows, total)
