"""Feedback items with believable timelines, following the workflow the feedback services enforce.

Each item draws a fate (closed, answered, rejected, merged, stuck open, reopened) and walks the
same steps the services take (create, refer, re-refer, start, answer, contact, close, reopen),
each on a later day; a step that would fall after today is not taken, so recent items are still
open and old ones are mostly closed. Dates keep received <= referred <= answered <= closed, and
due_on is counted in the district's working days, as compute_due_on does.
"""
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from tracker.workcalendar import WorkCalendar
from tracker.models.choices import REJECTION_REASONS
from tracker.seeds import city_words as words
from tracker.seeds.city_text import keyed

PRIORITIES = (("normal", 70), ("high", 15), ("low", 10), ("urgent", 5))
# Items of the last year are more often still open; older ones were nearly all seen through.
FATES = (("closed", 70), ("answered", 5), ("rejected", 9), ("merged", 5), ("stuck_referred", 3),
         ("stuck_in_progress", 3), ("reopened", 4), ("stuck_new", 1))
OLD_FATES = (("closed", 75), ("answered", 4), ("rejected", 9), ("merged", 5), ("stuck_referred", 0.4),
             ("stuck_in_progress", 0.4), ("reopened", 4), ("stuck_new", 0.1))
THANKS_FATES = (("closed", 85), ("answered", 10), ("stuck_referred", 5))
REASONS = (("not_municipal", 50), ("duplicate", 20), ("out_of_scope", 30))
MERGE_POOL = 30

UPDATE_KEYS = ("id", "item_id", "at", "user_id", "action", "from_status", "to_status", "department_id",
               "due_on", "comment", "contact_channel", "contact_outcome", "satisfaction")


def pick(rng: random.Random, weighted):
    """Return one value of (value, weight) pairs."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


@dataclass
class Topic:
    """What the generator needs of a topic."""

    id: int
    name: str
    department_id: int
    sla_days: int


@dataclass
class DistrictDesk:
    """One district's working calendar, departments and the users who handle its feedback."""

    district_id: int
    calendar: WorkCalendar
    department_ids: list[int]
    pr_user_id: int
    manager_ids: dict[int, int]
    merge_pool: dict[int, deque] = field(default_factory=dict)


class FeedbackMaker:
    """Make feedback items and their timeline rows with ids counted from the given starts."""

    def __init__(self, rng: random.Random, today: date, next_item: int, next_update: int):
        self.rng = rng
        self.today = today
        self.next_item = next_item
        self.next_update = next_update

    def text(self, topic: Topic) -> tuple[str, str]:
        """Return (kind, text) of something heard about the topic."""
        rng = self.rng
        kind, sentence = rng.choice(words.FEEDBACK.get(topic.name) or words.FEEDBACK["سایر موضوعات"])
        if rng.random() < 0.6:
            place = f"{rng.choice(words.STREET_KINDS)} {rng.choice(words.STREETS)}"
        else:
            place = rng.choice(words.PLACES)
        return kind, sentence.format(place=place) + rng.choice(words.TRAILERS)

    def make(self, desk: DistrictDesk, event_id: int, received: date, household_id: int | None,
             topic: Topic) -> tuple[dict, list[dict]]:
        """Return one item row and its timeline rows."""
        rng = self.rng
        kind, raw = self.text(topic)
        text, text_key = keyed(raw)
        item = {
            "id": self.next_item, "district_id": desk.district_id, "event_id": event_id,
            "household_id": household_id, "kind": kind, "topic_id": topic.id, "text": text,
            "text_key": text_key, "priority": pick(rng, PRIORITIES), "department_id": topic.department_id,
            "status": "new", "received_on": received, "referred_on": None, "due_on": None,
            "answered_on": None, "closed_on": None, "response": None, "rejection_reason": None,
            "merged_into_id": None, "satisfaction": None, "created_by_id": desk.pr_user_id,
            "version": 1, "created_at": None, "deleted_at": None,
        }
        self.next_item += 1
        walk = _Walk(self, desk, item, topic)
        fates = FATES if (self.today - received).days < 365 else OLD_FATES
        walk.run(pick(rng, THANKS_FATES if kind == "appreciation" else fates))
        item["created_at"] = walk.updates[0]["at"]
        pool = desk.merge_pool.setdefault(topic.id, deque(maxlen=MERGE_POOL))
        if item["status"] != "merged":
            pool.append(item["id"])
        return item, walk.updates


class _Walk:
    """Take one item through the workflow, one dated step at a time, stopping at today."""

    def __init__(self, maker: FeedbackMaker, desk: DistrictDesk, item: dict, topic: Topic):
        self.maker, self.desk, self.item, self.topic = maker, desk, item, topic
        self.rng = maker.rng
        self.today = maker.today
        self.updates: list[dict] = []
        self.clock: datetime | None = None
        self.day = item["received_on"]

    # -- steps -------------------------------------------------------------------------------

    def later(self, low: int, high: int) -> date | None:
        """Move to a day low..high calendar days on; None (stop) if it is after today."""
        day = self.day + timedelta(days=self.rng.randint(low, high))
        if day > self.today:
            return None
        self.day = day
        return day

    def log(self, action: str, user_id: int, to_status: str | None = None, *, changes: bool = True,
            **fields) -> None:
        """Append a timeline row for the current day; a step that changes the item bumps its version."""
        item = self.item
        stamp = datetime.combine(self.day, time(8 + self.rng.randrange(6), self.rng.randrange(60)))
        if self.clock is not None and stamp <= self.clock:
            stamp = self.clock + timedelta(minutes=self.rng.randint(5, 90))
        self.clock = stamp
        row = dict.fromkeys(UPDATE_KEYS)
        row.update(id=self.maker.next_update, item_id=item["id"], at=stamp, user_id=user_id, action=action,
                   **fields)
        if to_status is not None:
            row["from_status"] = item["status"] if action != "create" else None
            row["to_status"] = to_status
            item["status"] = to_status
        self.maker.next_update += 1
        self.updates.append(row)
        if changes and action != "create":
            item["version"] += 1

    def manager(self) -> int:
        return self.desk.manager_ids.get(self.item["department_id"], self.desk.pr_user_id)

    def refer(self, action: str = "refer", comment: str | None = None) -> None:
        item = self.item
        item["referred_on"] = self.day
        item["due_on"] = self.desk.calendar.add(self.day, self.topic.sla_days)
        self.log(action, self.desk.pr_user_id, "referred", department_id=item["department_id"],
                 due_on=item["due_on"], comment=comment)

    def reject(self) -> None:
        reason = pick(self.rng, REASONS)
        self.item["rejection_reason"] = reason
        self.log("reject", self.desk.pr_user_id, "rejected", comment=REJECTION_REASONS[reason])

    def merge(self) -> bool:
        pool = self.desk.merge_pool.get(self.topic.id)
        if not pool:
            return False
        target = self.rng.choice(pool)
        self.item["merged_into_id"] = target
        # The service's own wording when no comment is typed.
        self.log("merge", self.desk.pr_user_id, "merged", comment=f"ادغام در بازخورد {target}")
        return True

    # -- the walk ----------------------------------------------------------------------------

    def run(self, fate: str) -> None:
        rng, item = self.rng, self.item
        self.log("create", self.desk.pr_user_id, "new", department_id=item["department_id"])
        if fate == "stuck_new" or self.later(0, 4) is None:
            return
        if fate == "merged" and rng.random() < 0.5 and self.merge():
            return
        if fate == "rejected" and rng.random() < 0.4:
            return self.reject()
        self.refer(comment=keyed(rng.choice(words.REFER_COMMENTS))[0])
        if rng.random() < 0.08:
            if self.later(1, 5) is None:
                return
            others = [d for d in self.desk.department_ids if d != item["department_id"]]
            item["department_id"] = rng.choice(others) if others else item["department_id"]
            self.refer("rerefer", keyed(rng.choice(words.REREFER_COMMENTS))[0])
        self.work(fate)

    def work(self, fate: str) -> None:
        """From a referral: start, answer, tell the family and close (or stop where the fate says)."""
        rng, item = self.rng, self.item
        if fate == "stuck_referred":
            return
        if fate == "merged":
            if self.later(0, 3) is not None and not self.merge():
                self.work("closed")
            return
        if fate == "rejected":
            if self.later(0, 5) is not None:
                self.reject()
            return
        if self.later(0, 4) is None:
            return
        self.log("start", self.manager(), "in_progress", department_id=item["department_id"])
        if rng.random() < 0.05 and self.later(0, 2) is not None:
            self.log("request_detail", self.manager(), changes=False, department_id=item["department_id"],
                     comment=keyed(rng.choice(words.DETAIL_QUESTIONS))[0])
        if fate == "stuck_in_progress":
            return
        if rng.random() < 0.75 and item["due_on"] > self.day:
            answered = self.day + timedelta(days=rng.randint(0, (item["due_on"] - self.day).days))
        else:
            answered = max(item["due_on"], self.day) + timedelta(days=rng.randint(1, 30))
        if answered > self.today:
            return
        self.day = answered
        response = keyed(rng.choice(words.RESPONSES))[0]
        item["response"], item["answered_on"] = response, answered
        self.log("answer", self.manager(), "answered", department_id=item["department_id"], comment=response)
        self.tell_and_close(fate)

    def tell_and_close(self, fate: str) -> None:
        rng, item = self.rng, self.item
        if self.later(0, 7) is None:
            return
        channel = pick(rng, (("phone", 85), ("sms", 10), ("visit", 5)))
        if fate == "answered":
            if rng.random() < 0.5:
                self.log("contact", self.desk.pr_user_id, changes=False, contact_channel=channel,
                         contact_outcome="no_answer")
            return
        satisfaction = pick(rng, (("satisfied", 70), ("not_satisfied", 18), ("unreachable", 12)))
        if fate == "reopened":
            satisfaction = "not_satisfied"
        if satisfaction == "unreachable":
            self.log("contact", self.desk.pr_user_id, changes=False, contact_channel=channel,
                     contact_outcome="no_answer")
            if self.later(1, 4) is None:
                return
        outcome = "no_answer" if satisfaction == "unreachable" else "reached"
        self.log("contact", self.desk.pr_user_id, changes=False, contact_channel=channel,
                 contact_outcome=outcome, satisfaction=satisfaction)
        item["satisfaction"], item["closed_on"] = satisfaction, self.day
        self.log("close", self.desk.pr_user_id, "closed", satisfaction=satisfaction, contact_channel=channel)
        if fate == "reopened" and self.later(1, 10) is not None:
            item["closed_on"] = item["answered_on"] = None
            item["referred_on"] = self.day
            item["due_on"] = self.desk.calendar.add(self.day, self.topic.sla_days)
            self.log("reopen", self.desk.pr_user_id, "referred", department_id=item["department_id"],
                     due_on=item["due_on"], comment="خانواده از پاسخ راضی نبود.")
            self.work(pick(self.rng, (("closed", 90), ("stuck_referred", 10))))
