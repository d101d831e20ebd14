"""The workflow policy: its role table, department ownership, and the three refusals users ran into."""
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from tests.factories import first_topic, h, make_event
from tracker.extensions import db
from tracker.feedback import policy, services
from tracker.feedback.workflow import ACTION_LABELS, ACTIONS
from tracker.models import AuditEntry, FeedbackItem, FeedbackUpdate
from tracker.persian.dates import format_jalali, today_tehran

# The table the PR office agreed: + may, - may not (a manager only on their own department's items).
TABLE = """
                 admin  pr_staff  manager  viewer
refer              +       +         -        -
reject             +       +         -        -
merge              +       +         -        -
contact            +       +         -        -
close              +       +         -        -
reopen             +       +         -        -
prioritize         +       +         -        -
start              +       -         +        -
answer             +       -         +        -
request_detail     +       -         +        -
"""
# A status in which each action is possible, so that only the role decides.
OPEN_FOR = {"refer": "new", "reject": "new", "merge": "new", "contact": "answered", "close": "answered",
            "reopen": "closed", "start": "referred", "answer": "in_progress", "request_detail": "referred",
            "prioritize": "new"}


def person(role, department_id=7, district_id=1, active=True):
    return SimpleNamespace(role=role, department_id=department_id, district_id=district_id, active=active)


def thing(status, department_id=7, satisfaction="not_satisfied"):
    return SimpleNamespace(status=status, department_id=department_id, district_id=1, deleted_at=None,
                           satisfaction=satisfaction if status == "closed" else None)


def table():
    lines = TABLE.strip().splitlines()
    roles = lines[0].split()
    return {(role, row.split()[0]): mark == "+" for row in lines[1:] for role, mark in zip(roles, row.split()[1:])}


def test_role_table_is_the_documented_one():
    cells = table()
    assert {action for _, action in cells} == set(ACTIONS)
    for (role, action), allowed in cells.items():
        decision = policy.can(person(role), action, thing(OPEN_FOR[action]))
        assert decision.allowed is allowed, (role, action)
        if not allowed:
            assert decision.forbidden and "«" in decision.reason, (role, action)


def test_pr_staff_are_told_answering_is_the_departments_job():
    for action in ("start", "answer", "request_detail"):
        decision = policy.can(person("pr_staff"), action, thing(OPEN_FOR[action]))
        assert decision.forbidden
        assert decision.reason == (f"«{ACTION_LABELS[action]}» کار معاونتی است که بازخورد به آن ارجاع شده؛ "
                                   "نقش «کارشناس روابط عمومی» نمی‌تواند آن را انجام دهد.")


def test_manager_acts_only_on_own_department_and_not_without_one():
    assert policy.can(person("manager", department_id=7), "answer", thing("in_progress", 7))
    other = policy.can(person("manager", department_id=8), "answer", thing("in_progress", 7))
    assert other.forbidden and "معاونت شما ارجاع نشده" in other.reason
    unassigned = policy.can(person("manager", department_id=None), "answer", thing("in_progress", None))
    assert unassigned.forbidden and "معاونتی تعیین نشده" in unassigned.reason
    assert policy.allowed_actions(person("manager", department_id=None), thing("referred", 7)) == []


def test_admin_acts_for_any_department():
    admin = person("admin", department_id=None)
    # answer too: answering a referred item starts it on the way
    assert policy.allowed_actions(admin, thing("referred", 3)) == [
        "refer", "start", "answer", "request_detail", "reject", "merge", "prioritize"]


def test_a_read_only_role_is_one_line(monkeypatch):
    monkeypatch.setitem(policy.ROLE_ACTIONS, "city_viewer", policy.NOTHING)
    for action in ACTIONS:
        decision = policy.can(person("city_viewer"), action, thing(OPEN_FOR[action]))
        assert decision.forbidden and "فقط می‌خواند" in decision.reason


def test_status_refusal_is_not_a_role_refusal():
    decision = policy.can(person("admin"), "start", thing("new"))
    assert not decision and not decision.forbidden
    assert decision.reason == "نمی‌توان بازخورد «جدید» را مستقیم «در حال رسیدگی» کرد."
    happy = policy.can(person("pr_staff"), "reopen", thing("closed", satisfaction="satisfied"))
    assert not happy.forbidden and "ناراضی" in happy.reason
    assert policy.can(person("pr_staff"), "contact", thing("referred")).reason == (
        "اطلاع‌رسانی به خانواده فقط پس از پاسخ معاونت ثبت می‌شود.")


def test_another_district_or_an_inactive_account_may_do_nothing():
    assert policy.can(person("admin", district_id=2), "refer", thing("new")).forbidden
    assert policy.can(person("admin", active=False), "refer", thing("new")).forbidden
    assert not policy.can(person("admin"), "delete", thing("new"))


# ---- the three findings, at both doors -----------------------------------------------------

def received_item(district, days_ago=20):
    event = make_event(district, held_on=today_tehran() - timedelta(days=days_ago))
    return services.create_feedback(event, kind="criticism", text="چاله در خیابان", topic=first_topic(district))


def footprint(item_id):
    db.session.expire_all()
    row = db.session.execute(select(FeedbackItem.__table__).where(FeedbackItem.id == item_id)).one()
    return (tuple(row), db.session.scalar(select(func.count()).select_from(FeedbackUpdate)),
            db.session.scalar(select(func.count()).select_from(AuditEntry).where(  # signing in is audited too
                AuditEntry.entity == "feedback_item", AuditEntry.entity_id == item_id)))


def test_pr_staff_cannot_start_or_answer_at_either_door(client, auth, district, users, tokens):
    item = received_item(district)
    services.refer(item, referred_on=item.received_on)
    db.session.commit()
    before = footprint(item.id)
    api = client.patch(f"/api/v1/feedback/{item.id}", json={"status": "in_progress", "version": item.version},
                       headers=h(tokens, "pr_staff"))
    assert api.status_code == 403 and "کار معاونتی است" in api.json["errors"]["auth"]
    auth.login("pr_staff")
    web = client.post(f"/feedback/{item.id}/start", data={"version": item.version})
    assert web.status_code == 403 and "«آغاز رسیدگی» کار معاونتی است" in web.get_data(as_text=True)
    assert footprint(item.id) == before
    services.start(item)
    db.session.commit()
    before = footprint(item.id)
    api = client.patch(f"/api/v1/feedback/{item.id}", json={"status": "answered", "response": "انجام شد",
                                                            "version": item.version}, headers=h(tokens, "pr_staff"))
    assert api.status_code == 403 and "«ثبت پاسخ» کار معاونتی است" in api.json["errors"]["auth"]
    web = client.post(f"/feedback/{item.id}/answer", data={"response": "انجام شد", "version": item.version})
    assert web.status_code == 403 and "«ثبت پاسخ» کار معاونتی است" in web.get_data(as_text=True)
    assert footprint(item.id) == before
    assert 'id="action-answer"' not in client.get(f"/feedback/{item.id}").get_data(as_text=True)


def test_manager_cannot_reopen_at_either_door(client, auth, district, users, tokens):
    item = received_item(district)
    day = item.received_on
    services.refer(item, referred_on=day)
    services.start(item)
    services.answer(item, response="ترمیم شد", answered_on=day)
    services.close(item, satisfaction="not_satisfied", channel="phone", outcome="reached", closed_on=day)
    users["manager"].department_id = item.department_id
    db.session.commit()
    before = footprint(item.id)
    for to in ("referred", "in_progress"):
        api = client.patch(f"/api/v1/feedback/{item.id}", json={"status": to, "comment": "ناراضی",
                                                                "version": item.version}, headers=h(tokens, "manager"))
        assert api.status_code == 403
        assert api.json["errors"]["auth"] == "«بازگشایی» کار روابط عمومی است؛ نقش «مدیر» نمی‌تواند آن را انجام دهد."
    auth.login("manager")
    web = client.post(f"/feedback/{item.id}/reopen", data={"to": "referred", "comment": "ناراضی",
                                                           "version": item.version})
    assert web.status_code == 403 and "«بازگشایی» کار روابط عمومی است" in web.get_data(as_text=True)
    assert footprint(item.id) == before
    # PR staff reopen the same item at the API: the move itself is fine.
    api = client.patch(f"/api/v1/feedback/{item.id}", json={"status": "referred", "comment": "ناراضی",
                                                            "version": item.version}, headers=h(tokens, "pr_staff"))
    assert api.status_code == 200 and api.json["status"] == "referred"


def test_manager_cannot_date_an_answer_before_receipt_or_in_the_future(client, runner, district, users, tokens):
    item = received_item(district, days_ago=10)
    services.refer(item, referred_on=item.received_on + timedelta(days=2))
    services.start(item)
    users["manager"].department_id = item.department_id
    db.session.commit()
    before = footprint(item.id)
    url, manager = f"/api/v1/feedback/{item.id}", h(tokens, "manager")
    early = (item.received_on - timedelta(days=1)).isoformat()
    r = client.patch(url, json={"status": "answered", "response": "انجام شد", "answered_on": early,
                                "version": item.version}, headers=manager)
    assert r.status_code == 422
    assert r.json["errors"] == {"answered_on": "تاریخ پاسخ نمی‌تواند پیش از دریافت بازخورد "
                                               f"({format_jalali(item.received_on)}) باشد."}
    tomorrow = today_tehran() + timedelta(days=1)
    r = client.patch(url, json={"status": "answered", "response": "انجام شد", "answered_on": tomorrow.isoformat(),
                                "version": item.version}, headers=manager)
    assert r.status_code == 422 and "پس از امروز" in r.json["errors"]["answered_on"]
    before_referral = (item.received_on + timedelta(days=1)).isoformat()
    r = client.patch(url, json={"status": "answered", "response": "انجام شد", "answered_on": before_referral,
                                "version": item.version}, headers=manager)
    assert r.status_code == 422 and "پیش از ارجاع" in r.json["errors"]["answered_on"]
    result = runner.invoke(args=["feedback-action", str(item.id), "answer", "--user", "manager",
                                 "--response", "انجام شد", "--date", format_jalali(tomorrow)])
    assert result.exit_code == 4 and "نمی‌تواند پس از امروز باشد" in result.stderr
    assert footprint(item.id) == before
    r = client.patch(url, json={"status": "answered", "response": "انجام شد", "answered_on": today_tehran().isoformat(),
                                "version": item.version}, headers=manager)
    assert r.status_code == 200 and r.json["answered_on"] == today_tehran().isoformat()


def test_referral_and_closing_dates_are_checked_too(client, runner, district, users, tokens):
    item = received_item(district, days_ago=10)
    db.session.commit()
    url = f"/api/v1/feedback/{item.id}"
    future = (today_tehran() + timedelta(days=3)).isoformat()
    r = client.patch(url, json={"status": "referred", "referred_on": future, "version": item.version},
                     headers=h(tokens))
    assert r.status_code == 422 and "پس از امروز" in r.json["errors"]["referred_on"]
    first = item.received_on + timedelta(days=5)
    services.refer(item, referred_on=first)
    db.session.commit()
    r = client.patch(url, json={"status": "referred", "referred_on": (first - timedelta(days=1)).isoformat(),
                                "version": item.version}, headers=h(tokens))
    assert r.status_code == 422 and "پیش از ارجاع قبلی" in r.json["errors"]["referred_on"]
    services.start(item)
    services.answer(item, response="ترمیم شد", answered_on=first + timedelta(days=1))
    db.session.commit()
    result = runner.invoke(args=["feedback-action", str(item.id), "close", "--user", "pr_staff",
                                 "--satisfaction", "satisfied", "--channel", "phone", "--outcome", "reached",
                                 "--date", first.isoformat()])
    assert result.exit_code == 4 and "تاریخ بستن نمی‌تواند پیش از پاسخ" in result.stderr
    result = runner.invoke(args=["feedback-action", str(item.id), "start", "--user", "admin",
                                 "--date", first.isoformat()])
    assert result.exit_code == 4 and "تاریخی ثبت نمی‌کند" in result.stderr
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "answered"
