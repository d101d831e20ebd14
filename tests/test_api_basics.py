"""Contract tests of the JSON API: auth, reference lists, campaigns, pagination, errors and the document."""
import json

import pytest
from sqlalchemy import func, select

from tests.factories import CAMPAIGN, first_neighborhood, h, other_district
from tracker.auth.services import create_token
from tracker.extensions import db
from tracker.models import AuditEntry, Campaign
from tracker.models.limits import ADDRESS_MAX, NOTES_MAX


def test_no_token_or_bad_token_is_401_json(client, tokens):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}):
        r = client.get("/api/v1/neighborhoods", headers=headers)
        assert r.status_code == 401
        assert r.is_json and "auth" in r.json["errors"]
        assert r.headers["WWW-Authenticate"] == "Bearer"


def test_reference_lists(client, tokens):
    r = client.get("/api/v1/neighborhoods", headers=h(tokens, "viewer"))
    assert r.status_code == 200
    assert len(r.json["items"]) == 13 and r.json["next"] is None
    n = r.json["items"][0]
    assert set(n) >= {"id", "name", "area", "district"}
    topics = client.get("/api/v1/topics", headers=h(tokens)).json["items"]
    assert len(topics) == 11 and set(topics[0]) >= {"id", "name", "department_id", "sla_days"}
    assert len(client.get("/api/v1/departments", headers=h(tokens)).json["items"]) == 8
    assert client.get("/api/v1/officials", headers=h(tokens)).status_code == 200


def test_pagination_walks_with_next_cursor(client, tokens):
    seen, url = [], "/api/v1/neighborhoods?limit=5"
    while url:
        body = client.get(url, headers=h(tokens)).json
        assert len(body["items"]) <= 5
        seen += [n["id"] for n in body["items"]]
        url = f"/api/v1/neighborhoods?limit=5&after={body['next']}" if body["next"] else None
    assert len(seen) == 13 == len(set(seen))


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=abc", "after=%%%", "after=WyJhYmMiXQ",
                                   "after=WzEsMl0"])
def test_bad_paging_is_400(client, tokens, query):
    r = client.get(f"/api/v1/neighborhoods?{query}", headers=h(tokens))
    assert r.status_code == 400 and r.json["errors"]


def test_campaign_create_with_jalali_and_iso_dates(client, tokens, district):
    n = first_neighborhood(district)
    body = dict(CAMPAIGN, targets=[{"neighborhood_id": n.id, "category": "martyr_family", "count": 4}])
    r = client.post("/api/v1/campaigns", json=body, headers=h(tokens))
    assert r.status_code == 201, r.json
    c = r.json
    assert c["starts_on"] == "2024-03-20" and c["starts_on_jalali"] == "1403/01/01"
    assert c["ends_on"] == "2024-04-19" and c["ends_on_jalali"] == "1403/01/31"
    assert c["targets"] == [{"neighborhood_id": n.id, "category": "martyr_family", "count": 4}]
    assert len(c["phases"]) == 1
    got = client.get(f"/api/v1/campaigns/{c['id']}", headers=h(tokens, "viewer")).json
    assert got["title"] == "دیدار نوروزی"
    listed = client.get("/api/v1/campaigns", headers=h(tokens)).json
    assert [x["id"] for x in listed["items"]] == [c["id"]]


def test_persian_digit_dates_accepted(client, tokens):
    r = client.post("/api/v1/campaigns", json=dict(CAMPAIGN, starts_on="۱۴۰۳/۰۱/۰۱", ends_on="۱۴۰۳/۰۱/۳۱"),
                    headers=h(tokens))
    assert r.status_code == 201 and r.json["ends_on"] == "2024-04-19"


def test_campaign_validation_422_writes_nothing(client, tokens):
    before = db.session.scalar(select(func.count(AuditEntry.id)))
    r = client.post("/api/v1/campaigns", json={"title": "", "starts_on": "1403/13/01", "ends_on": "x"},
                    headers=h(tokens))
    assert r.status_code == 422
    assert set(r.json["errors"]) >= {"title", "starts_on", "ends_on"}
    r = client.post("/api/v1/campaigns", json=dict(CAMPAIGN, ends_on="1402/12/01"), headers=h(tokens))
    assert r.status_code == 422 and "campaign" in r.json["errors"]
    r = client.post("/api/v1/campaigns", json=dict(CAMPAIGN, targets=[{"neighborhood_id": 999999,
                    "category": "citizen", "count": 1}]), headers=h(tokens))
    assert r.status_code == 422 and "targets[0].neighborhood_id" in r.json["errors"]
    assert db.session.scalar(select(func.count(Campaign.id))) == 0
    assert db.session.scalar(select(func.count(AuditEntry.id))) == before


def test_malformed_json_is_400(client, tokens):
    r = client.post("/api/v1/campaigns", data="{not json", content_type="application/json", headers=h(tokens))
    assert r.status_code == 400 and r.is_json
    r = client.post("/api/v1/campaigns", json=[1, 2], headers=h(tokens))
    assert r.status_code == 400


def test_roles_403(client, tokens):
    for role in ("viewer", "manager"):
        r = client.post("/api/v1/campaigns", json=CAMPAIGN, headers=h(tokens, role))
        assert r.status_code == 403 and "auth" in r.json["errors"]


def test_campaign_list_walks_by_date_cursor(client, tokens):
    for day in ("01", "02", "03"):
        client.post("/api/v1/campaigns", json=dict(CAMPAIGN, starts_on=f"1403/01/{day}"), headers=h(tokens))
    first = client.get("/api/v1/campaigns?limit=2", headers=h(tokens)).json
    assert [c["starts_on_jalali"] for c in first["items"]] == ["1403/01/03", "1403/01/02"]
    rest = client.get(f"/api/v1/campaigns?limit=2&after={first['next']}", headers=h(tokens)).json
    assert [c["starts_on_jalali"] for c in rest["items"]] == ["1403/01/01"] and rest["next"] is None


def test_campaign_patch_and_stale_version_409(client, tokens):
    c = client.post("/api/v1/campaigns", json=CAMPAIGN, headers=h(tokens)).json
    r = client.patch(f"/api/v1/campaigns/{c['id']}", json={"title": "تازه", "version": c["version"]}, headers=h(tokens))
    assert r.status_code == 200 and r.json["title"] == "تازه" and r.json["version"] == c["version"] + 1
    assert r.json["starts_on"] == c["starts_on"]
    r = client.patch(f"/api/v1/campaigns/{c['id']}", json={"title": "کهنه", "version": c["version"]}, headers=h(tokens))
    assert r.status_code == 409 and "version" in r.json["errors"]
    assert client.get(f"/api/v1/campaigns/{c['id']}", headers=h(tokens)).json["title"] == "تازه"


def test_other_district_and_missing_are_404(client, tokens, app):
    from tracker.auth.services import create_user

    other = other_district().district
    db.session.flush()
    stranger = create_user("stranger", "test-password-1", "admin", other.id)
    db.session.commit()
    token = create_token(stranger)
    db.session.commit()
    c = client.post("/api/v1/campaigns", json=CAMPAIGN, headers=h(tokens)).json
    r = client.get(f"/api/v1/campaigns/{c['id']}", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 404 and r.is_json
    assert client.get("/api/v1/campaigns/424242", headers=h(tokens)).status_code == 404
    assert client.get("/api/v1/nothing-here", headers=h(tokens)).status_code == 404
    r = client.delete("/api/v1/campaigns", headers=h(tokens))
    assert r.status_code == 405 and r.is_json


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")


def test_hostile_bodies_are_refused_in_persian_and_write_nothing(client, tokens):
    deep = "[" * 5000 + "]" * 5000
    r = client.post("/api/v1/campaigns", data=deep, content_type="application/json", headers=h(tokens))
    assert r.status_code == 400 and r.json["errors"]["body"]
    for title in ("دیدار\x00", "دیدار\x07", "دیدار\ud800"):
        r = client.post("/api/v1/campaigns", data=json.dumps(dict(CAMPAIGN, title=title)),
                        content_type="application/json", headers=h(tokens))
        assert r.status_code == 422 and r.json["errors"]["title"] == "این متن نویسهٔ کنترلی یا نویسهٔ نامعتبر دارد."
    r = client.post("/api/v1/campaigns", json=dict(CAMPAIGN, title="  ", goals="ا" * (NOTES_MAX + 1)),
                    headers=h(tokens))
    assert r.json["errors"] == {"title": "این مقدار لازم است.", "goals": "این متن بیش از ۵۰۰۰ نویسه است."}
    r = client.post("/api/v1/campaigns", json=dict(CAMPAIGN, status="open", starts_on=1403), headers=h(tokens))
    assert r.json["errors"] == {"status": "این مقدار از گزینه‌های مجاز نیست.",
                                "starts_on": "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ یا 2024-04-19 بفرستید."}
    assert db.session.scalar(select(func.count(Campaign.id))) == 0


def test_the_document_is_generated_from_the_served_routes(client, app):
    doc = client.get("/api/v1/openapi.json").json
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.") and r.endpoint != "api.unknown"]
    served = {(rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}"), method.lower())
              for rule in rules for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == {(path, method) for path, item in doc["paths"].items() for method in item}
    schemas = doc["components"]["schemas"]
    event = schemas["EventIn"]["properties"]
    assert event["duration_minutes"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 1440}
    assert "Jalali" in event["date"]["description"] and event["date"]["pattern"]
    assert schemas["HouseholdIn"]["properties"]["address"]["anyOf"][0]["maxLength"] == ADDRESS_MAX
    assert schemas["FeedbackIn"]["properties"]["text"]["minLength"] == 1
    assert schemas["EventOut"]["additionalProperties"] is False and "date_jalali" in schemas["EventOut"]["required"]
    params = {p["name"]: p["schema"] for p in doc["paths"]["/events/{event_id}"]["get"]["parameters"]}
    assert params["event_id"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    params = {p["name"]: p["schema"] for p in doc["paths"]["/events"]["get"]["parameters"]}
    assert params["after"]["pattern"] == "^[A-Za-z0-9_-]+$"
