"""Contract tests of the JSON API: households, events, feedback workflow, search and campaign report."""
import pytest
from sqlalchemy import func, select

from tests.factories import CAMPAIGN, first_neighborhood, h
from tracker.extensions import db
from tracker.models import Department, Event, FeedbackItem, Household, Official

HOUSEHOLD = {"name": "خانواده رضایی", "category": "martyr_family", "martyr_name": "علی رضایی",
             "address": "خیابان آزادی، کوچه ۳", "phone": "۰۹۱۲۱۲۳۴۵۶۷", "national_id": "0013542419",
             "publicity_consent": True}


@pytest.fixture
def nid(district):
    return first_neighborhood(district).id


@pytest.fixture
def official(district):
    o = Official(district_id=district.id, name="مهدی کریمی", title="شهردار منطقه")
    db.session.add(o)
    db.session.commit()
    return o.id


def post(client, tokens, url, body, role="pr_staff"):
    return client.post(f"/api/v1/{url}", json=body, headers=h(tokens, role))


def make_visit(client, tokens, nid, official, **extra):
    c = post(client, tokens, "campaigns", CAMPAIGN).json
    hh = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid)).json
    body = {"kind": "home_visit", "status": "done", "campaign_id": c["id"], "phase": 1, "neighborhood_id": nid,
            "date": "1403/01/20", "time": "۱۰:۳۰", "duration_minutes": 45, "minutes": "دیدار گرم بود.",
            "official_ids": [official], "household_ids": [hh["id"]], **extra}
    r = post(client, tokens, "events", body)
    assert r.status_code == 201, r.json
    return c, hh, r.json


def test_household_create_read_and_viewer_nulls(client, tokens, nid):
    r = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid))
    assert r.status_code == 201, r.json
    assert r.json["phone"] == "09121234567" and r.json["national_id"] == "0013542419"
    hid = r.json["id"]
    v = client.get(f"/api/v1/households/{hid}", headers=h(tokens, "viewer")).json
    assert v["phone"] is None and v["address"] is None and v["national_id"] is None and v["name"] == "خانواده رضایی"
    listed = client.get("/api/v1/households", headers=h(tokens, "viewer")).json["items"]
    assert listed[0]["phone"] is None
    found = client.get("/api/v1/search?q=رضايي", headers=h(tokens, "viewer")).json  # Arabic yeh
    assert [x["id"] for x in found["households"]] == [hid] and found["households"][0]["phone"] is None


def test_duplicate_household_409_unless_force(client, tokens, nid):
    first = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid)).json
    again = dict(HOUSEHOLD, neighborhood_id=nid, name="رضایی دیگر", national_id=None)
    r = post(client, tokens, "households", again)
    assert r.status_code == 409 and r.json["existing_id"] == first["id"] and r.json["errors"]
    assert db.session.scalar(select(func.count(Household.id))) == 1
    r = post(client, tokens, "households", dict(again, force=True))
    assert r.status_code == 201 and r.json["id"] != first["id"]


def test_household_errors_and_patch(client, tokens, nid):
    r = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid, phone="12"))
    assert r.status_code == 422 and "phone" in r.json["errors"]
    r = post(client, tokens, "households", {"name": "x", "category": "alien", "neighborhood_id": nid})
    assert r.status_code == 422 and "category" in r.json["errors"]
    assert post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid), "viewer").status_code == 403
    hh = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid)).json
    r = client.patch(f"/api/v1/households/{hh['id']}", json={"address": "نشانی تازه", "version": hh["version"]},
                     headers=h(tokens))
    assert r.status_code == 200 and r.json["address"] == "نشانی تازه" and r.json["phone"] == "09121234567"
    r = client.patch(f"/api/v1/households/{hh['id']}", json={"address": "کهنه", "version": hh["version"]},
                     headers=h(tokens))
    assert r.status_code == 409


def test_event_create_patch_version_required_and_409(client, tokens, nid, official):
    c, hh, e = make_visit(client, tokens, nid, official, status="planned", minutes=None)
    assert e["date"] == "2024-04-08" and e["date_jalali"] == "1403/01/20" and e["time"] == "10:30"
    assert e["phase"] == 1 and e["household_ids"] == [hh["id"]]
    url = f"/api/v1/events/{e['id']}"
    r = client.patch(url, json={"status": "done"}, headers=h(tokens))
    assert r.status_code == 422 and "version" in r.json["errors"]
    r = client.patch(url, json={"status": "done", "version": e["version"]}, headers=h(tokens))
    assert r.status_code == 422 and "minutes" in r.json["errors"]  # a done event needs its minutes
    assert db.session.get(Event, e["id"]).status == "planned"
    r = client.patch(url, json={"status": "done", "minutes": "انجام شد", "version": e["version"]}, headers=h(tokens))
    assert r.status_code == 200 and r.json["status"] == "done"
    r = client.patch(url, json={"title": "دیر", "version": e["version"]}, headers=h(tokens))
    assert r.status_code == 409
    assert client.get(url, headers=h(tokens, "viewer")).json["minutes"] == "انجام شد"
    listed = client.get(f"/api/v1/events?campaign_id={c['id']}", headers=h(tokens)).json
    assert [x["id"] for x in listed["items"]] == [e["id"]]


def test_event_bad_input_422(client, tokens, nid):
    r = post(client, tokens, "events", {"kind": "party", "neighborhood_id": nid, "date": "1403/02/40",
                                        "duration_minutes": 5000})
    assert r.status_code == 422 and set(r.json["errors"]) >= {"kind", "date", "duration_minutes"}
    r = post(client, tokens, "events", {"kind": "meeting", "neighborhood_id": 987654, "date": "2024-04-01"})
    assert r.status_code == 422 and "neighborhood_id" in r.json["errors"]
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_feedback_create_and_workflow(client, tokens, users, nid, official):
    _c, hh, e = make_visit(client, tokens, nid, official)
    dept = db.session.scalar(select(Department).order_by(Department.id))
    r = post(client, tokens, "feedback", {"event_id": e["id"], "household_id": hh["id"], "kind": "request",
                                          "text": "آسفالت کوچه خراب است", "department_id": dept.id})
    assert r.status_code == 201, r.json
    f = r.json
    # referred on save: its department was given; the deadline counts from the day it was heard
    assert f["status"] == "referred" and f["received_on"] == e["date"] and f["received_on_jalali"] == "1403/01/20"
    assert f["due_on"] > f["received_on"]
    url = f"/api/v1/feedback/{f['id']}"
    r = client.patch(url, json={"status": "closed", "satisfaction": "satisfied", "version": f["version"]},
                     headers=h(tokens))
    assert r.status_code == 422 and "status" in r.json["errors"]  # illegal: referred -> closed
    r = client.patch(url, json={"status": "referred", "comment": "بررسی شود"}, headers=h(tokens))
    assert r.status_code == 422 and "version" in r.json["errors"]
    r = client.patch(url, json={"status": "referred", "comment": "بررسی شود", "version": f["version"]},
                     headers=h(tokens))
    assert r.status_code == 200, r.json
    assert r.json["status"] == "referred" and r.json["due_on"] and r.json["due_on_jalali"]
    v = r.json["version"]
    r = client.patch(url, json={"status": "in_progress", "version": f["version"]}, headers=h(tokens, "admin"))
    assert r.status_code == 409
    # a manager moves only their own department's items
    manager = users["manager"]
    r = client.patch(url, json={"status": "in_progress", "version": v}, headers=h(tokens, "manager"))
    assert r.status_code == 403
    manager.department_id = dept.id
    db.session.commit()
    r = client.patch(url, json={"status": "in_progress", "version": v}, headers=h(tokens, "manager"))
    assert r.status_code == 200 and r.json["status"] == "in_progress"
    r = client.patch(url, json={"status": "answered", "comment": "آسفالت شد", "version": r.json["version"]},
                     headers=h(tokens, "manager"))
    assert r.status_code == 200 and r.json["response"] == "آسفالت شد" and r.json["answered_on"]
    assert client.patch(url, json={"status": "closed", "version": 1}, headers=h(tokens, "viewer")).status_code == 403
    listed = client.get("/api/v1/feedback?status=answered", headers=h(tokens, "viewer")).json["items"]
    assert [x["id"] for x in listed] == [f["id"]]


def test_feedback_bad_input_writes_nothing(client, tokens, nid, official):
    _c, _hh, e = make_visit(client, tokens, nid, official)
    r = post(client, tokens, "feedback", {"event_id": e["id"], "kind": "rant", "text": ""})
    assert r.status_code == 422 and set(r.json["errors"]) >= {"kind", "text"}
    r = post(client, tokens, "feedback", {"event_id": 999999, "kind": "request", "text": "x"})
    assert r.status_code == 422 and "event_id" in r.json["errors"]
    assert db.session.scalar(select(func.count(FeedbackItem.id))) == 0


def test_campaign_report_json_and_pdf(client, tokens, nid, official):
    c, _hh, e = make_visit(client, tokens, nid, official)
    post(client, tokens, "feedback", {"event_id": e["id"], "kind": "appreciation", "text": "سپاس"})
    r = client.get(f"/api/v1/campaigns/{c['id']}/report", headers=h(tokens, "viewer"))
    assert r.status_code == 200
    rows = {row["neighborhood_id"]: row for row in r.json["coverage"]}
    assert len(rows) == 13
    assert rows[nid]["visits"] == 1 and rows[nid]["households_reached"] == 1
    assert set(rows[nid]) >= {"neighborhood_id", "name", "visits", "households_reached", "target"}
    assert r.json["feedback"]["by_kind"]["appreciation"] == 1 and r.json["feedback"]["by_status"]["new"] == 1
    r = client.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=h(tokens))
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    r.close()


def test_search_requires_q(client, tokens):
    r = client.get("/api/v1/search", headers=h(tokens))
    assert r.status_code == 400 and "q" in r.json["errors"]
    assert client.get("/api/v1/search?q=x").status_code == 401


def test_a_viewer_finds_households_only_by_what_a_viewer_sees(client, tokens, nid):
    hh = post(client, tokens, "households", dict(HOUSEHOLD, neighborhood_id=nid, notes="بیماری پدر")).json
    assert hh["notes"] == "بیماری پدر"
    for q in ("09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0013542419", "کوچه ۳"):
        staff = client.get("/api/v1/search", query_string={"q": q}, headers=h(tokens)).json
        assert [x["id"] for x in staff["households"]] == [hh["id"]], q
        viewer = client.get("/api/v1/search", query_string={"q": q}, headers=h(tokens, "viewer")).json
        assert viewer["households"] == [], q
    found = client.get("/api/v1/search?q=رضایی", headers=h(tokens, "viewer")).json["households"]
    assert [x["id"] for x in found] == [hh["id"]]
    assert {k: found[0][k] for k in ("phone", "address", "national_id", "notes")} == dict.fromkeys(
        ("phone", "address", "national_id", "notes"))
    assert client.get(f"/api/v1/households/{hh['id']}", headers=h(tokens, "viewer")).json["notes"] is None


def test_a_workflow_step_by_name(client, tokens, users, nid, official):
    _c, _hh, e = make_visit(client, tokens, nid, official)
    dept = db.session.scalar(select(Department).order_by(Department.id))
    f = post(client, tokens, "feedback", {"event_id": e["id"], "kind": "request", "text": "آسفالت",
                                          "department_id": dept.id}).json
    url = f"/api/v1/feedback/{f['id']}"
    r = client.patch(url, json={"action": "refer", "status": "referred", "version": f["version"]}, headers=h(tokens))
    assert r.status_code == 422 and "status" in r.json["errors"]
    r = client.patch(url, json={"action": "refer", "version": f["version"]}, headers=h(tokens))
    assert r.status_code == 200 and r.json["status"] == "referred"
    users["manager"].department_id = dept.id
    db.session.commit()
    r = client.patch(url, json={"action": "request_detail", "comment": "کدام کوچه؟", "version": r.json["version"]},
                     headers=h(tokens, "manager"))
    assert r.status_code == 200 and r.json["status"] == "referred"
    item = db.session.get(FeedbackItem, f["id"])
    assert [u.action for u in item.updates][-1] == "request_detail" and item.updates[-1].comment == "کدام کوچه؟"
    r = client.patch(url, json={"action": "contact", "version": r.json["version"]}, headers=h(tokens, "manager"))
    assert r.status_code == 403 and r.json["errors"]["auth"]


@pytest.mark.parametrize("resource", ["households", "events", "campaigns"])
def test_stale_patch_names_the_current_version_and_writes_nothing(client, tokens, nid, official, resource):
    """The services check the version read (tracker.models.base.check_version); the API answers their refusal."""
    c, hh, e = make_visit(client, tokens, nid, official)
    record = {"households": hh, "events": e, "campaigns": c}[resource]
    url = f"/api/v1/{resource}/{record['id']}"
    field, value = ("address", "نشانی تازه") if resource == "households" else ("title", "عنوان تازه")
    fresh = client.patch(url, json={field: value, "version": record["version"]}, headers=h(tokens))
    assert fresh.status_code == 200 and fresh.json["version"] > record["version"]
    late = client.patch(url, json={field: "دیر رسید", "version": record["version"]}, headers=h(tokens))
    assert late.status_code == 409 and "version" in late.json["errors"]
    assert late.json["current_version"] == fresh.json["version"]
    assert client.get(url, headers=h(tokens)).json[field] == value


def test_feedback_dated_after_today_is_refused_beside_its_field(client, tokens, nid, official):
    """The feedback service's refusal names the field, and the API answers it there, as the web form shows it."""
    _, _, e = make_visit(client, tokens, nid, official)
    r = post(client, tokens, "feedback", {"event_id": e["id"], "kind": "request", "text": "درخواست",
                                          "received_on": "1450/01/01"})
    assert r.status_code == 422 and list(r.json["errors"]) == ["received_on"]
    assert "امروز" in r.json["errors"]["received_on"]
    assert db.session.scalar(select(func.count(FeedbackItem.id))) == 0
