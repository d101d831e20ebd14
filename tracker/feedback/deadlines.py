"""Every feedback deadline, from one function: triage, referral, re-referral, reopening, priority change.

The citizen's clock starts on the day they spoke (`received_on`): an item heard without a
department must be referred by PR within the triage days; once referred, the department has
the topic's answer time, counted from the same day. A re-referral to another department or a
reopening starts the clock again on its own day. High and urgent items get the topic's shorter
answer times. All of it in the district's working days.
"""
import math
from datetime import date

from flask import current_app

from tracker.extensions import db
from tracker.models import District, FeedbackItem, Topic
from tracker.workcalendar import WorkCalendar, work_calendar

DEFAULT_SLA_DAYS = 10
DEFAULT_TRIAGE_DAYS = 2
# Without a topic's own figure, a high item gets half the answer time and an urgent one a fifth.
DEFAULT_SHARE = {"high": 1 / 2, "urgent": 1 / 5}
# Timeline steps that start the department's clock again on the item's referral day.
RESTARTS = ("rerefer", "reopen")


def default_days(sla_days: int, priority: str) -> int:
    """Return the default answer time of a priority given the normal one: a share, at least one day."""
    share = DEFAULT_SHARE.get(priority)
    return sla_days if share is None else max(1, math.ceil(sla_days * share))


def answer_days(topic: Topic | None, priority: str) -> int:
    """Return the working days a department has to answer an item of this topic and priority."""
    sla = topic.sla_days if topic is not None else DEFAULT_SLA_DAYS
    own = {"high": getattr(topic, "high_days", None), "urgent": getattr(topic, "urgent_days", None)}.get(priority)
    return own if own is not None else default_days(sla, priority)


def triage_days() -> int:
    """Return the working days PR has to refer an item heard without a department."""
    return current_app.config.get("TRIAGE_WORKING_DAYS", DEFAULT_TRIAGE_DAYS)


def clock_start(item: FeedbackItem) -> date:
    """Return the day the running clock of item started: when it was heard, or its last restart."""
    for update in reversed(item.updates):
        if update.action in RESTARTS and update.to_status == "referred":
            return item.referred_on
        if update.action == "refer":
            break
    return item.received_on


def compute_due_on(item: FeedbackItem, start: date | None = None, calendar: WorkCalendar | None = None) -> date:
    """Return item's deadline: PR's triage while it is new, else the department's answer time.

    start is the day the clock starts (clock_start by default); calendar the district's.
    """
    calendar = calendar or work_calendar(db.session.get(District, item.district_id))
    if item.status == "new":
        return calendar.add(start or item.received_on, triage_days())
    return calendar.add(start or clock_start(item), answer_days(item.topic, item.priority))
