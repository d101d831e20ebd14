"""Read a list's query parameters into its area's filter object, answering 400 for any bad value."""
from dataclasses import replace
from datetime import date

from flask import request

from tracker.api.auth import ApiError
from tracker.api.schemas import MAX_INT, NOT_CHOICE, NOT_INT
from tracker.lists.events import EventFilter
from tracker.lists.feedback import FEEDBACK_STATUS_FILTERS, FeedbackFilter
from tracker.lists.households import MAX_MONTHS, VISIT_STATES, HouseholdFilter
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, HOUSEHOLD_CATEGORIES
from tracker.persian.dates import JalaliDateError, parse_date_any
from tracker.persian.digits import to_ascii_digits, to_persian_digits

MAX_Q = 200
DATE_ORDER = "تاریخ پایان (to) نمی‌تواند پیش از تاریخ شروع (from) باشد."


class _Args:
    """Typed optional query parameters, one Persian message per bad one."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def _raw(self, name: str) -> str | None:
        raw = request.args.get(name)
        return None if raw is None or raw.strip() == "" else raw.strip()

    def integer(self, name: str, low: int = 1, high: int = MAX_INT) -> int | None:
        raw = self._raw(name)
        if raw is None:
            return None
        raw = to_ascii_digits(raw)
        if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
            self.errors[name] = NOT_INT if high == MAX_INT else (
                f"این مقدار باید عددی از {to_persian_digits(low)} تا {to_persian_digits(high)} باشد.")
            return None
        return int(raw)

    def choice(self, name: str, choices) -> str | None:
        raw = self._raw(name)
        if raw is not None and raw not in choices:
            self.errors[name] = NOT_CHOICE
            return None
        return raw

    def day(self, name: str) -> date | None:
        raw = self._raw(name)
        if raw is None:
            return None
        try:
            return parse_date_any(raw)
        except JalaliDateError as error:
            self.errors[name] = str(error)
            return None

    def text(self, name: str) -> str | None:
        raw = self._raw(name)
        if raw is not None and (len(raw) > MAX_Q or any(ord(c) < 32 or ord(c) == 127 for c in raw)):
            self.errors[name] = f"متن جست‌وجو باید تا {to_persian_digits(MAX_Q)} نویسه و بی‌نویسهٔ کنترلی باشد."
            return None
        return raw

    def date_range(self) -> tuple[date | None, date | None]:
        start, end = self.day("from"), self.day("to")
        if start and end and end < start:
            self.errors["to"] = DATE_ORDER
        return start, end

    def check(self) -> None:
        if self.errors:
            raise ApiError(400, dict(self.errors))


def event_filter(district_id: int) -> EventFilter:
    """Return the events list's filter: campaign_id, neighborhood_id, kind, status, from, to (held on)."""
    a = _Args()
    start, end = a.date_range()
    flt = EventFilter(district_id, campaign_id=a.integer("campaign_id"), neighborhood_id=a.integer("neighborhood_id"),
                      kind=a.choice("kind", EVENT_KINDS), status=a.choice("status", EVENT_STATUSES),
                      held_from=start, held_to=end)
    a.check()
    return flt


def feedback_filter(district_id: int) -> FeedbackFilter:
    """Return the feedback list's filter: q, campaign, neighborhood, event, kind, status, department, from, to."""
    a = _Args()
    start, end = a.date_range()
    flt = FeedbackFilter(
        district_id, q=a.text("q"), campaign_id=a.integer("campaign_id"), neighborhood_id=a.integer("neighborhood_id"),
        event_id=a.integer("event_id"), kind=a.choice("kind", FEEDBACK_KINDS),
        status=a.choice("status", FEEDBACK_STATUS_FILTERS), department_id=a.integer("department_id"),
        received_from=start, received_to=end,
    )
    a.check()
    return flt


def household_filter(district_id: int) -> HouseholdFilter:
    """Return the households list's filter: q, neighborhood_id, category, visit, months."""
    a = _Args()
    months = a.integer("months", 1, MAX_MONTHS)
    flt = HouseholdFilter(district_id, q=a.text("q"), neighborhood_id=a.integer("neighborhood_id"),
                          category=a.choice("category", HOUSEHOLD_CATEGORIES),
                          visit_state=a.choice("visit", VISIT_STATES))
    a.check()
    if months is not None:
        flt = replace(flt, months=months)
    return flt
