"""The audit trail page: admins only, newest first, filters with Persian errors, keyset paging, nothing editable."""
from datetime import time

from sqlalchemy import select

from tests.conftest import PASSWORD
from tracker.extensions import db
from tracker.households.services import create_household, update_household
from tracker.models import AuditEntry, Neighborhood
from tracker.models.people import MASK
from tracker.persian.dates import jalali_str, today_tehran


def _signed_in(client, username="admin"):
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _household(district, users, **values):
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    data = {"name": "خانواده کاظمی", "category": "trustee", "neighborhood_id": hood.id,
            "address": "تهرانسر، کوچهٔ نهم", "phone": "09123334455", **values}
    household = create_household(data, users["pr_staff"])
    db.session.commit()
    return household, data


def test_only_admins_open_the_trail(client, users):
    _signed_in(client, "pr_staff")
    assert client.get("/admin/audit").status_code == 403


def test_the_trail_shows_a_change_readably_with_the_mask_and_newest_first(client, district, users):
    household, data = _household(district, users)
    update_household(household, {**data, "name": "خانواده کاظمی‌نژاد", "phone": "09125556677"}, users["pr_staff"])
    db.session.commit()
    _signed_in(client)
    page = client.get(f"/admin/audit?entity=household&entity_id={household.id}").get_data(as_text=True)
    assert "خانواده کاظمی‌نژاد" in page and "ویرایش" in page and "ایجاد" in page
    assert page.index("ویرایش</td>") < page.index("ایجاد</td>")  # newest first
    assert MASK in page and "09125556677" not in page and "کوچهٔ نهم" not in page
    table = page.split("audit-trail")[1]
    assert users["pr_staff"].username in table and "خانوار" in table


def test_filters_by_user_action_and_jalali_dates(client, district, users):
    _household(district, users)
    _signed_in(client)
    today = jalali_str(today_tehran())
    mine = client.get(f"/admin/audit?user={users['pr_staff'].id}&action=create&start={today}&end={today}")
    assert mine.status_code == 200 and "خانوار" in mine.get_data(as_text=True)
    others = client.get(f"/admin/audit?user={users['viewer'].id}&action=create").get_data(as_text=True)
    assert "ردیفی با این فیلترها نیست" in others
    past = client.get("/admin/audit?start=1400/01/01&end=1400/01/02").get_data(as_text=True)
    assert "ردیفی با این فیلترها نیست" in past


def test_a_bad_filter_is_named_beside_its_field_and_lists_nothing(client, users):
    _signed_in(client)
    for query, message in [("start=1403/13/40", None),
                           ("entity_id=5", "نوع آن را هم انتخاب کنید"), ("action=drop_table", "یکی از گزینه‌ها"),
                           ("start=1404/02/01&end=1404/01/01", "پیش از تاریخ آغاز")]:
        response = client.get(f"/admin/audit?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 400, query
        assert "field-error" in page and "audit-trail" not in page, query
        if message:
            assert message in page, query
    # An id no record can have is refused before any page reads it, as on every page (tracker.web.ids).
    for query in ("entity=household&entity_id=²", "entity=household&entity_id=0",
                  "entity=household&entity_id=99999999999999"):
        response = client.get(f"/admin/audit?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and "entity_id" in page and "audit-trail" not in page, query


def test_pages_follow_the_keyset_without_repeating_a_row(client, district, users):
    for n in range(60):
        db.session.add(AuditEntry(user_id=users["admin"].id, district_id=district.id, action="update",
                                  entity="topic", entity_id=n + 1, after={"name": f"موضوع {n}"}))
    db.session.commit()
    _signed_in(client)
    first = client.get("/admin/audit?entity=topic").get_data(as_text=True)
    assert "ردیف‌های پیش‌تر" in first
    cursor = first.split("after=")[1].split('"')[0].split("&")[0]
    second = client.get(f"/admin/audit?entity=topic&after={cursor}").get_data(as_text=True)
    assert "موضوع 59" in first and "موضوع 59" not in second and "موضوع 0" in second
    assert "ردیف‌های پیش‌تر" not in second


def test_no_route_changes_an_audit_entry(app):
    rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule]
    assert rules and all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def _audited_keys() -> dict[str, str]:
    """Return every field name a record() call in tracker/ writes, read from its before/after dicts and the
    field lists it snapshots, with the module it comes from."""
    import ast
    from pathlib import Path

    import tracker

    keys: dict[str, str] = {}
    for path in Path(tracker.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lists = {node.targets[0].id: [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
                 for node in ast.walk(tree) if isinstance(node, ast.Assign) and len(node.targets) == 1
                 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Tuple | ast.List)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            if name == "record":
                for kw in call.keywords:
                    if kw.arg in ("before", "after") and isinstance(kw.value, ast.Dict):
                        keys.update({k.value: path.name for k in kw.value.keys if isinstance(k, ast.Constant)})
            elif name == "snapshot" and len(call.args) == 2 and isinstance(call.args[1], ast.Name):
                keys.update(dict.fromkeys(lists.get(call.args[1].id, []), path.name))
    return keys


def test_every_field_the_trail_records_reads_in_persian(app, district):
    """The trail never shows a field by its English code: each record() call's fields, the list filters a read
    records, and the demo's entries all have labels."""
    from dataclasses import fields

    from tracker.events.forms import FilterForm as EventFilterForm
    from tracker.feedback.forms import CommitmentFilterForm, FilterForm as FeedbackFilterForm
    from tracker.lists.events import EventFilter
    from tracker.lists.feedback import CommitmentFilter, FeedbackFilter
    from tracker.lists.households import HouseholdFilter
    from tracker.models import AuditEntry
    from tracker.models.choices import AUDIT_FIELDS
    from tracker.seeds.demo import seed_demo

    written = _audited_keys()
    for flt in (EventFilter, FeedbackFilter, CommitmentFilter, HouseholdFilter):  # exports record these
        written.update(dict.fromkeys((f.name for f in fields(flt) if f.name != "district_id"), flt.__name__))
    with app.test_request_context():  # list pages record their query, named as their filter forms name it
        for form in (EventFilterForm(), FeedbackFilterForm(), CommitmentFilterForm()):
            written.update(dict.fromkeys((f.name for f in form if f.name != "csrf_token"), type(form).__name__))
    assert len(written) > 60 and {"held_on", "sla_days", "sessions_ended"} <= set(written)
    seed_demo(district)
    db.session.flush()
    for entry in db.session.scalars(select(AuditEntry)):
        written.update(dict.fromkeys({*(entry.before or {}), *(entry.after or {})}, entry.action))
    assert {k: where for k, where in written.items() if k not in AUDIT_FIELDS} == {}


def test_the_trail_reads_codes_days_and_times_in_persian(client, district, users):
    """An event's kind and status read by their labels, its day in Jalali, its time in Persian digits and its
    neighborhood by name."""
    from datetime import date

    from tracker.events.services import EventData, create_event, update_event

    hood, other = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)
                                     .order_by(Neighborhood.id)).all()[:2]
    event = create_event(district.id, EventData(kind="home_visit", neighborhood_id=hood.id, held_on=date(2025, 3, 1)),
                         actor=users["pr_staff"])
    db.session.commit()
    update_event(event, {"status": "cancelled", "held_on": date(2025, 3, 8), "start_time": time(9, 30),
                         "neighborhood_id": other.id}, actor=users["pr_staff"])
    db.session.commit()
    _signed_in(client)
    table = client.get(f"/admin/audit?entity=event&entity_id={event.id}").get_data(as_text=True).split("audit-trail")[1]
    assert "دیدار در منزل" in table and "برنامه‌ریزی‌شده" in table and "لغوشده" in table
    assert "۱۴۰۳/۱۲/۱۱" in table and "۱۴۰۳/۱۲/۱۸" in table and "۰۹:۳۰" in table
    assert f"<bdi>{hood.name}</bdi>" in table and f"<bdi>{other.name}</bdi>" in table  # ids read as names
    assert not any(code in table for code in ("home_visit", "planned", "cancelled", "2025-03-08", "09:30"))


def test_an_edit_keeps_only_the_fields_it_changed(district, users):
    """tracker.audit.record drops unchanged fields of every edit; a changed phone still shows, masked on both sides."""
    from tracker.events.services import update_event
    from tests.factories import make_event

    event = make_event(district)
    db.session.commit()
    update_event(event, {"title": "دیدار نوروزی"}, actor=users["pr_staff"])
    household, data = _household(district, users)
    update_household(household, {**data, "phone": "09125556677"}, users["pr_staff"])
    db.session.commit()
    edits = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")
                               .order_by(AuditEntry.id)).all()
    assert [(e.entity, e.before, e.after) for e in edits] == [
        ("event", {"title": None}, {"title": "دیدار نوروزی"}),
        ("household", {"phone": MASK}, {"phone": MASK}),
    ]
