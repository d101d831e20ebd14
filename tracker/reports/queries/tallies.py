"""A report's events and feedback counted in one grouped pass each, then broken down every way a report shows.

Counting by kind, by status, by phase, by topic and by department in one statement each reads
the filter's events and feedback once, not five times: at city scale that is most of a campaign
summary's time.
"""
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from tracker.extensions import db
from tracker.models import Department, Event, FeedbackItem, Phase, Topic
from tracker.persian.digits import to_persian_digits
from tracker.persian.text import sort_key
from tracker.reports.queries.scope import CountRow, ReportFilter, event_scope, feedback_from, feedback_scope

NO_PHASE = "بدون مرحله"
NO_TOPIC = "بدون موضوع"
NO_DEPARTMENT = "بدون معاونت"


@dataclass
class EventTally:
    """The filter's events counted by status; the done ones by kind, phase and neighborhood."""

    by_status: Counter = field(default_factory=Counter)
    done_by_kind: Counter = field(default_factory=Counter)
    # phase id -> (number, title, Counter of kinds), done events only
    done_by_phase: dict = field(default_factory=dict)
    done_by_neighborhood: Counter = field(default_factory=Counter)

    @property
    def visits(self) -> int:
        """Return the done events."""
        return self.by_status["done"]


def event_tally(flt: ReportFilter) -> EventTally:
    """Count the filter's events in one grouped statement."""
    tally = EventTally()
    for status, kind, phase_id, number, title, neighborhood_id, n in db.session.execute(
        select(Event.status, Event.kind, Event.phase_id, Phase.number, Phase.title, Event.neighborhood_id,
               func.count(Event.id))
        .outerjoin(Phase, Phase.id == Event.phase_id).where(*event_scope(flt))
        .group_by(Event.status, Event.kind, Event.phase_id, Phase.number, Phase.title, Event.neighborhood_id)
    ):
        tally.by_status[status] += n
        if status == "done":
            tally.done_by_kind[kind] += n
            tally.done_by_phase.setdefault(phase_id, (number, title, Counter()))[2][kind] += n
            tally.done_by_neighborhood[neighborhood_id] += n
    return tally


def phase_label(phase_id: int | None, number: int | None, title: str | None) -> str:
    """Return a phase's Persian label, «مرحلهٔ ۲: ...», or the label of events outside any phase."""
    return f"مرحلهٔ {to_persian_digits(number)}: {title}" if phase_id else NO_PHASE


@dataclass
class FeedbackTally:
    """The filter's feedback counted by kind, status, topic and department, and how much was answered."""

    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_topic: list[CountRow] = field(default_factory=list)
    by_department: list[CountRow] = field(default_factory=list)
    total: int = 0
    answered: int = 0


def _ranked(counts: Counter, names: dict, blank: str) -> list[CountRow]:
    """Return the counts as rows, the largest first; equals in Persian dictionary order, the unnamed last."""
    order = sorted(counts, key=lambda key: (-counts[key], names[key] is None, sort_key(names[key] or "")))
    return [CountRow(key, names[key] or blank, counts[key]) for key in order]


def feedback_tally(flt: ReportFilter) -> FeedbackTally:
    """Count the filter's feedback in one grouped statement."""
    tally = FeedbackTally()
    topics, departments = Counter(), Counter()
    topic_names, department_names = {}, {}
    answered = func.sum(case((FeedbackItem.answered_on.is_not(None), 1), else_=0))
    for kind, status, topic_id, topic, department_id, department, n, n_answered in db.session.execute(
        feedback_from().add_columns(FeedbackItem.kind, FeedbackItem.status, FeedbackItem.topic_id, Topic.name,
                                    FeedbackItem.department_id, Department.name, func.count(FeedbackItem.id),
                                    answered)
        .outerjoin(Topic, Topic.id == FeedbackItem.topic_id)
        .outerjoin(Department, Department.id == FeedbackItem.department_id)
        .where(*feedback_scope(flt))
        .group_by(FeedbackItem.kind, FeedbackItem.status, FeedbackItem.topic_id, Topic.name,
                  FeedbackItem.department_id, Department.name)
    ):
        tally.by_kind[kind] += n
        tally.by_status[status] += n
        topics[topic_id] += n
        topic_names[topic_id] = topic
        departments[department_id] += n
        department_names[department_id] = department
        tally.total += n
        tally.answered += int(n_answered or 0)
    tally.by_topic = _ranked(topics, topic_names, NO_TOPIC)
    tally.by_department = _ranked(departments, department_names, NO_DEPARTMENT)
    return tally
