"""The inbox, one page per section: PR's triage, and a department's overdue, due-soon, new and in-progress items.

Each section is read with its own condition, ordered by deadline then priority and paged by keyset,
so a department with thousands of open items gets a page of each, not all of them.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, literal
from sqlalchemy.orm import Bundle

from tracker.lists.feedback import priority_rank
from tracker.models import Department, FeedbackItem, Neighborhood, Topic
from tracker.reports.queries.sla import RUNNING, DeadlineRow, deadline_select
from tracker.web.paging import keyset_page
from tracker.workcalendar import WorkCalendar

SECTIONS = ("overdue", "due_soon", "new", "in_progress")
PAGE_SIZE = 25
# Items awaiting triage without a deadline were recorded before deadlines existed: they sort first.
NO_DEADLINE = date(1900, 1, 1)


@dataclass
class InboxSection:
    """One page of a section: its rows, how many items it holds (up to the counting cap) and the next cursor."""

    rows: list[DeadlineRow]
    total: int
    capped: bool
    next: str | None


def _conditions(today: date, soon: date) -> dict:
    running = and_(FeedbackItem.status.in_(RUNNING), FeedbackItem.due_on.is_not(None))
    later = FeedbackItem.due_on > soon
    return {
        "overdue": and_(running, FeedbackItem.due_on < today),
        "due_soon": and_(running, FeedbackItem.due_on >= today, FeedbackItem.due_on <= soon),
        "new": and_(running, later, FeedbackItem.status == "referred"),
        "in_progress": and_(running, later, FeedbackItem.status == "in_progress"),
        "triage": FeedbackItem.status == "new",
    }


def _page(stmt, today: date, calendar: WorkCalendar, after: str | None, limit: int) -> InboxSection:
    deadline = func.coalesce(FeedbackItem.due_on, literal(NO_DEADLINE)).label("deadline")
    rank = priority_rank().label("rank")
    row = Bundle("row", FeedbackItem.id, FeedbackItem.text, FeedbackItem.status, FeedbackItem.priority,
                 FeedbackItem.department_id, Department.name.label("department"), Topic.name.label("topic"),
                 Neighborhood.name.label("neighborhood"), FeedbackItem.received_on, FeedbackItem.due_on,
                 deadline, rank)
    page = keyset_page(stmt.with_only_columns(row).order_by(None), [deadline, rank, FeedbackItem.id],
                       after=after, limit=limit, descending=False)
    rows = [DeadlineRow(r.id, r.text, r.status, r.priority, r.department_id, r.department or "بدون معاونت",
                        r.topic, r.neighborhood, r.received_on, r.due_on,
                        calendar.between(r.due_on, today) if r.due_on is not None else None)
            for r in page.items]
    return InboxSection(rows, page.total, page.capped, page.next)


def inbox_section(district_id: int, department_id: int | None, section: str, today: date, due_soon_days: int,
                  calendar: WorkCalendar, *, after: str | None = None, limit: int | None = None) -> InboxSection:
    """Return one page of a department's section ("overdue", "due_soon", "new", "in_progress") or of "triage".

    "Due soon" means due within due_soon_days working days of today; "new" and "in progress" hold
    the items due later. "triage" is PR's: the items awaiting referral, whatever their department.
    """
    condition = _conditions(today, calendar.add(today, due_soon_days))[section]
    stmt = deadline_select(district_id, None if section == "triage" else department_id).where(condition)
    return _page(stmt, today, calendar, after, limit or PAGE_SIZE)
