"""Every role × action × starting status through every door: the web, the API and the CLI decide alike.

Each cell is asked at each door that can express it, on an item brought to the starting status. The
doors must give the same decision (allowed, forbidden for the role, or refused for the status), the
same Persian reason, and the one the policy gives; a refused action must write nothing at all.
"""
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.clients import session_client
from sqlalchemy import func, select

from tests.factories import first_topic, make_event
from tracker.auth.services import create_token
from tracker.extensions import db
from tracker.feedback import policy, services
from tracker.feedback.workflow import ACTIONS
from tracker.models import AuditEntry, Department, FeedbackItem, FeedbackUpdate, User
from tracker.persian.dates import today_tehran

STATES = ("new", "referred", "in_progress", "answered", "closed", "closed_satisfied", "rejected", "merged")
ACTORS = ("admin", "pr_staff", "manager", "manager_other", "manager_none", "viewer")
ROLE_OF = {"manager_other": "manager", "manager_none": "manager"}
PATHS = {
    "new": [], "referred": ["refer"], "in_progress": ["refer", "start"],
    "answered": ["refer", "start", "answer"], "closed": ["refer", "start", "answer", "close"],
    "closed_satisfied": ["refer", "start", "answer", "close"], "rejected": ["reject"], "merged": ["merge"],
}
WEB = {302: "allowed", 403: "forbidden", 400: "refused"}
API = {200: "allowed", 403: "forbidden", 422: "refused"}
CLI = {0: "allowed", 3: "forbidden", 4: "refused"}
# The API is asked twice: by the step's name ("action") and, where one says it, by the status it leads to.
DOORS = ("web", "api", "api-status", "cli")


@dataclass
class Answer:
    """One door's answer to one cell: its decision and the text it showed."""

    door: str
    decision: str
    text: str


@dataclass
class World:
    """The actors, their doors and the district's fixed records that every cell uses."""

    event: object
    topic: object
    department_id: int
    merge_target_id: int
    users: dict
    web: dict
    tokens: dict


def signed_in(app, user):
    """Return a test client signed in as user, without hashing a password (seconds per test)."""
    return session_client(app, user)


@pytest.fixture
def world(app, district):
    received = today_tehran() - timedelta(days=20)
    topic = first_topic(district)
    other = db.session.scalar(select(Department.id).where(
        Department.district_id == district.id, Department.id != topic.department_id))
    departments = {"manager": topic.department_id, "manager_other": other}
    users = {name: User(username=name, role=ROLE_OF.get(name, name), district_id=district.id,
                        department_id=departments.get(name), password_hash="!") for name in ACTORS}
    db.session.add_all(users.values())
    event = make_event(district, held_on=received)
    target = services.create_feedback(event, kind="request", text="مورد اصلی", topic=topic)
    tokens = {name: create_token(user) for name, user in users.items()}
    db.session.commit()
    web = {name: signed_in(app, user) for name, user in users.items()}
    return World(event, topic, topic.department_id, target.id, users, web, tokens)


def bring_to(world, state) -> FeedbackItem:
    """Make a new item and walk it to state through the workflow's steps."""
    item = services.create_feedback(world.event, kind="criticism", text="چاله در کوچه", topic=world.topic)
    day = world.event.held_on
    for step in PATHS[state]:
        if step == "refer":
            services.refer(item, referred_on=day)
        elif step == "start":
            services.start(item)
        elif step == "answer":
            services.answer(item, response="ترمیم شد", answered_on=day)
        elif step == "close":
            satisfaction = "satisfied" if state == "closed_satisfied" else "not_satisfied"
            services.close(item, satisfaction=satisfaction, channel="phone", outcome="reached", closed_on=day)
        elif step == "reject":
            services.reject(item, reason="not_municipal")
        elif step == "merge":
            services.merge(item, target=db.session.get(FeedbackItem, world.merge_target_id))
    db.session.commit()
    return item


# Valid parameters for each action, so that only the policy can refuse.
def web_request(world, action, item) -> tuple[str, dict]:
    data = {
        "refer": {"department": world.department_id, "comment": "بررسی شود"},
        "start": {"comment": "آغاز شد"},
        "answer": {"response": "کوچه هفتهٔ آینده آسفالت می‌شود"},
        "request_detail": {"comment": "نشانی دقیق کوچه؟"},
        "reject": {"reason": "duplicate"},
        "merge": {"target": world.merge_target_id},
        "contact": {"channel": "phone", "outcome": "reached"},
        "close": {"channel": "phone", "outcome": "reached", "satisfaction": "not_satisfied", "close": "y"},
        "reopen": {"to": "referred", "comment": "شهروند ناراضی است"},
        "prioritize": {"priority": "urgent", "comment": "خطر برای کودکان"},
    }[action]
    return ("contact" if action == "close" else action), {**data, "version": item.version}


def api_body(world, action, item, by_status: bool) -> dict | None:
    """Return the PATCH body for action: by "status" (None where a status cannot say it), or by "action"."""
    closed = item.status == "closed"
    details = {
        "refer": {"department_id": world.department_id},
        "start": {"comment": "آغاز شد"},
        "answer": {"response": "کوچه هفتهٔ آینده آسفالت می‌شود"},
        "request_detail": {"comment": "نشانی دقیق کوچه؟"},
        "reject": {"rejection_reason": "duplicate"},
        "merge": {"merged_into_id": world.merge_target_id},
        "contact": {"contact_channel": "phone", "contact_outcome": "reached"},
        "close": {"satisfaction": "not_satisfied", "contact_channel": "phone", "contact_outcome": "reached"},
        "reopen": {"comment": "شهروند ناراضی است"},
        "prioritize": {"priority": "urgent", "comment": "خطر برای کودکان"},
    }[action]
    if not by_status:
        extra = {"reopen_to": "referred"} if action == "reopen" else {}
        return {"action": action, **details, **extra, "version": item.version}
    status = {"refer": "referred", "start": "in_progress", "answer": "answered", "reject": "rejected",
              "merge": "merged", "close": "closed", "reopen": "referred"}.get(action)
    # A status means reopen for a closed item, refer or start for any other.
    if status is None or (action in ("refer", "start", "reopen") and (action == "reopen") != closed):
        return None
    return {"status": status, **details, "version": item.version}


def cli_args(world, action, item, actor) -> list[str]:
    extra = {
        "refer": ["--department", str(world.department_id), "--comment", "بررسی شود"],
        "start": ["--comment", "آغاز شد"],
        "answer": ["--response", "کوچه هفتهٔ آینده آسفالت می‌شود"],
        "request_detail": ["--comment", "نشانی دقیق کوچه؟"],
        "reject": ["--reason", "duplicate"],
        "merge": ["--target", str(world.merge_target_id)],
        "contact": ["--channel", "phone", "--outcome", "reached"],
        "close": ["--channel", "phone", "--outcome", "reached", "--satisfaction", "not_satisfied"],
        "reopen": ["--to", "referred", "--comment", "شهروند ناراضی است"],
        "prioritize": ["--priority", "urgent", "--comment", "خطر برای کودکان"],
    }[action]
    return ["feedback-action", str(item.id), action, "--user", actor, "--version", str(item.version), *extra]


# Each request runs in its own app context, as in production: its own database session, and no
# signed-in user cached from another actor's request.

def ask_web(app, world, actor, action, item) -> Answer:
    url_action, data = web_request(world, action, item)
    with app.app_context():
        response = world.web[actor].post(f"/feedback/{item.id}/{url_action}", data=data)
    return Answer("web", WEB.get(response.status_code, f"HTTP {response.status_code}"),
                  response.get_data(as_text=True))


def ask_api(app, world, actor, action, item, by_status: bool) -> Answer | None:
    body = api_body(world, action, item, by_status)
    if body is None:
        return None
    with app.app_context():
        response = world.web[actor].patch(f"/api/v1/feedback/{item.id}", json=body,
                                          headers={"Authorization": f"Bearer {world.tokens[actor]}"})
    door = "api-status" if by_status else "api"
    return Answer(door, API.get(response.status_code, f"HTTP {response.status_code}"),
                  " ".join(response.json.get("errors", {}).values()) if response.status_code != 200 else "")


def ask_cli(app, world, actor, action, item) -> Answer:
    with app.app_context():
        result = app.test_cli_runner().invoke(args=cli_args(world, action, item, actor))
    return Answer("cli", CLI.get(result.exit_code, f"exit {result.exit_code}"), result.stderr.strip())


def footprint(item_id) -> tuple:
    """Return everything a refused action must leave as it was: the item's row, its timeline, the audit log."""
    db.session.expire_all()
    row = db.session.execute(select(FeedbackItem.__table__).where(FeedbackItem.id == item_id)).one()
    timeline = db.session.scalar(select(func.count()).select_from(FeedbackUpdate)
                                 .where(FeedbackUpdate.item_id == item_id))
    audit = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(row), timeline, audit


def last_steps(item_id, count: int = 1) -> list[str]:
    """Return the actions of the item's newest timeline lines, oldest first."""
    return db.session.scalars(select(FeedbackUpdate.action).where(FeedbackUpdate.item_id == item_id)
                              .order_by(FeedbackUpdate.id.desc()).limit(count)).all()[::-1]


# Steps an allowed action writes from a status, where it is not just the action itself.
WRITES = {("referred", "refer"): ["rerefer"], ("referred", "answer"): ["start", "answer"]}


def ask(app, world, door, actor, action, item) -> Answer | None:
    if door == "web":
        return ask_web(app, world, actor, action, item)
    if door.startswith("api"):
        return ask_api(app, world, actor, action, item, by_status=door == "api-status")
    return ask_cli(app, world, actor, action, item)


@pytest.mark.parametrize("state", STATES)
def test_every_door_decides_alike(app, world, state):
    checked = dict.fromkeys(DOORS, 0)
    mismatches = []
    for actor in ACTORS:
        for action in ACTIONS:
            item = bring_to(world, state)
            decision = policy.can(world.users[actor], action, item)
            want = "allowed" if decision.allowed else "forbidden" if decision.forbidden else "refused"
            said = {}
            for door in DOORS:
                before = footprint(item.id)
                answer = ask(app, world, door, actor, action, item)
                if answer is None:
                    continue
                checked[door] += 1
                after = footprint(item.id)
                said[door] = answer.decision
                if answer.decision == "allowed":
                    assert after[2] > before[2], f"{door} {action} by {actor} from {state}: no audit entry"
                    wanted = WRITES.get((state, action), [action])
                    done = last_steps(item.id, len(wanted))
                    if done != wanted:
                        said[door] += f" but wrote {done!r}"
                    item = bring_to(world, state)  # the next door starts from the same status
                    continue
                assert after == before, f"{door} wrote on a refused {action} by {actor} from {state}"
                if not decision.allowed and decision.reason not in answer.text:
                    said[door] += " without the policy's reason"
            if set(said.values()) != {want}:
                mismatches.append(f"{actor} {action} from {state}: policy says {want}, doors say {said}")
    assert not mismatches, "\n".join(mismatches)
    # Web, CLI and the API's "action" express every cell. A "status" has no words for request_detail
    # and contact, and means reopen for a closed item, refer or start for any other.
    assert checked["web"] == checked["cli"] == checked["api"] == len(ACTORS) * len(ACTIONS)
    assert checked["api-status"] == len(ACTORS) * (5 if state.startswith("closed") else 6)
