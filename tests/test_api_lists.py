"""API list filters: the web lists' filters, a Persian 400 per bad parameter, never another district's rows."""
import pytest

from tests import lists_data
from tests.factories import h


@pytest.fixture
def d(district, users, tokens):
    return lists_data.build(district)


def test_bad_values_answer_400_with_a_persian_message_per_parameter(client, tokens, d):
    r = client.get("/api/v1/feedback?kind=complaint&from=1403/13/01&campaign_id=abc&status=late", headers=h(tokens))
    assert r.status_code == 400
    errors = r.json["errors"]
    assert set(errors) == {"kind", "from", "campaign_id", "status"}
    assert errors["kind"] == "این مقدار از گزینه‌های مجاز نیست."
    assert "ماه" in errors["from"]  # the Jalali parser's own message: the month is out of range
    r = client.get("/api/v1/events?from=1403/02/01&to=2024-03-25", headers=h(tokens))
    assert r.status_code == 400 and "پیش از تاریخ شروع" in r.json["errors"]["to"]
    r = client.get("/api/v1/households?months=0&visit=sometimes", headers=h(tokens))
    assert r.status_code == 400 and set(r.json["errors"]) == {"months", "visit"}
    assert r.json["errors"]["months"] == "این مقدار باید عددی از ۱ تا ۱۲۰ باشد."
    r = client.get("/api/v1/feedback", query_string={"q": "ک" * 201}, headers=h(tokens))
    assert r.status_code == 400 and "q" in r.json["errors"]
    r = client.get("/api/v1/feedback", query_string={"q": "کوچه\x01"}, headers=h(tokens))
    assert r.status_code == 400 and "q" in r.json["errors"]


def test_a_limit_that_only_looks_like_a_number_is_a_400_not_a_crash(client, tokens, d):
    r = client.get("/api/v1/events?limit=²", headers=h(tokens))
    assert r.status_code == 400 and "limit" in r.json["errors"]
    assert len(client.get("/api/v1/events?limit=۲", headers=h(tokens)).json["items"]) == 2


def test_dates_and_ids_in_any_digits(client, tokens, d):
    jalali = client.get("/api/v1/feedback?from=۱۳۰۰/۰۱/۰۱&department_id=" + "".join(
        "۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(d.d2.id)), headers=h(tokens))
    assert jalali.status_code == 200 and [i["id"] for i in jalali.json["items"]] == [d.f2.id]
    iso = client.get(f"/api/v1/events?to={d.today.isoformat()}&status=done", headers=h(tokens))
    assert [e["id"] for e in iso.json["items"]] == [d.e3.id, d.e1.id]  # latest first, as before


def test_another_districts_ids_and_deleted_rows_never_show(client, tokens, d):
    other = d.other
    for path in (f"/api/v1/events?neighborhood_id={other.neighborhood.id}",
                 f"/api/v1/households?neighborhood_id={other.neighborhood.id}",
                 f"/api/v1/feedback?event_id={d.eo.id}", f"/api/v1/feedback?event_id={d.e5.id}&q=حذف"):
        r = client.get(path, headers=h(tokens))
        assert r.status_code == 200 and r.json == {"items": [], "next": None}
    names = [x["name"] for x in client.get("/api/v1/households?q=رضایی", headers=h(tokens)).json["items"]]
    assert sorted(names) == ["حسن رضایی", "خانواده رضایی"]  # not the deleted one, not District 22's


def test_the_document_lists_the_new_filters(client):
    doc = client.get("/api/v1/openapi.json").json
    params = {p["name"]: p["schema"] for p in doc["paths"]["/feedback"]["get"]["parameters"]}
    assert {"q", "campaign_id", "neighborhood_id", "kind", "status", "department_id", "from", "to"} <= set(params)
    assert "overdue" in params["status"]["enum"]
    params = {p["name"]: p["schema"] for p in doc["paths"]["/households"]["get"]["parameters"]}
    assert params["months"]["maximum"] == 120 and params["visit"]["enum"] == ["never", "stale"]
