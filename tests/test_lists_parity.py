"""The same filter gives the same rows at every door: the web list, the API list and the export."""
import csv
import io
import re
from datetime import timedelta

import pytest

from tests import lists_data
from tests.factories import h
from tracker.persian.dates import jalali_str

# Each door's name for each filter (None: that door has no such filter).
EVENT_NAMES = {  # canonical: (web list, API, export)
    "campaign": ("campaign", "campaign_id", "campaign_id"),
    "neighborhood": ("neighborhood", "neighborhood_id", "neighborhood_id"),
    "kind": ("kind", "kind", "event_kind"),
    "status": ("status", "status", "event_status"),
    "from": ("from", "from", "start"),
    "to": ("to", "to", "end"),
}
FEEDBACK_NAMES = {
    "q": ("q", "q", "q"),
    "campaign": ("campaign", "campaign_id", "campaign_id"),
    "neighborhood": ("neighborhood", "neighborhood_id", "neighborhood_id"),
    "kind": ("kind", "kind", "kind"),
    "status": ("status", "status", "status"),
    "department": ("department", "department_id", "department_id"),
    "from": ("date_from", "from", "start"),
    "to": ("date_to", "to", "end"),
}
HOUSEHOLD_NAMES = {
    "q": ("q", "q", "name"),
    "neighborhood": ("neighborhood_id", "neighborhood_id", "neighborhood_id"),
    "category": ("category", "category", "category"),
    "visit": ("visit", "visit", "visit"),
    "months": ("months", "months", "months"),
}


@pytest.fixture
def d(district, users, tokens):
    return lists_data.build(district)


def _args(names: dict, door: int, values: dict) -> dict:
    return {names[key][door]: value for key, value in values.items()}


def web_ids(client, url: str, args: dict, pattern: str) -> set[int]:
    """Return the ids a list page shows, following its next-page links."""
    seen, response = set(), client.get(url, query_string=args)
    while True:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        seen |= {int(i) for i in re.findall(pattern, html)}
        more = re.search(r'id="next-page" href="([^"]+)"', html)
        if not more:
            return seen
        response = client.get(more.group(1).replace("&amp;", "&"))


def api_ids(client, tokens, path: str, args: dict) -> set[int]:
    """Return the ids an API list answers, following its cursors."""
    seen, after = set(), None
    while True:
        response = client.get(path, query_string={**args, "limit": 2, **({"after": after} if after else {})},
                              headers=h(tokens))
        assert response.status_code == 200, response.json
        seen |= {item["id"] for item in response.json["items"]}
        after = response.json["next"]
        if after is None:
            return seen


def export_ids(client, path: str, args: dict) -> set[int]:
    """Return the ids in the first column of a CSV export."""
    response = client.get(path, query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    response.close()
    return {int(row[0]) for row in rows[1:]}


def doors(client, auth, tokens, area: str, names: dict, values: dict, page_pattern: str):
    auth.login("pr_staff")
    return (web_ids(client, f"/{area}/", _args(names, 0, values), page_pattern),
            api_ids(client, tokens, f"/api/v1/{area}", _args(names, 1, values)),
            export_ids(client, f"/exports/{area}.csv", _args(names, 2, values)))


def days(n: int):
    return lambda d: jalali_str(d.today + timedelta(days=n))


# One case per filter (so a door that ignores a filter fails it), then filters together.
EVENT_CASES = [
    ({}, {"e1", "e2", "e3", "e4"}),
    ({"campaign": "c1"}, {"e1", "e2"}),
    ({"neighborhood": "n1"}, {"e1", "e3"}),
    ({"kind": "home_visit"}, {"e1", "e3"}),
    ({"status": "planned"}, {"e2"}),
    ({"from": days(-30)}, {"e2", "e3"}),
    ({"to": days(-30)}, {"e1", "e4"}),
    ({"campaign": "c1", "kind": "home_visit", "to": days(0)}, {"e1"}),
]


def resolve(d, values: dict) -> dict:
    """Turn a case's names of records and day offsets into the values sent."""
    out = {}
    for key, value in values.items():
        if callable(value):
            value = value(d)
        elif isinstance(value, str) and hasattr(d, value):
            value = getattr(d, value).id
        out[key] = value
    return out


@pytest.mark.parametrize("values, expected", EVENT_CASES)
def test_events_doors_agree(client, auth, tokens, d, values, expected):
    web, api, export = doors(client, auth, tokens, "events", EVENT_NAMES, resolve(d, values), r'data-id="(\d+)"')
    assert web == api == export == {getattr(d, name).id for name in expected}


FEEDBACK_CASES = [
    ({}, {"f1", "f2", "f3", "f4", "f5"}),
    ({"q": "كوچه"}, {"f1", "f3", "f5"}),  # typed with an Arabic kaf
    ({"campaign": "c1"}, {"f1", "f5"}),
    ({"neighborhood": "n2"}, {"f4"}),
    ({"kind": "request"}, {"f1", "f5"}),
    ({"status": "overdue"}, {"f1"}),
    ({"status": "answered"}, {"f3"}),
    ({"department": "d2"}, {"f2"}),
    ({"from": days(-20)}, {"f2", "f3", "f5"}),
    ({"to": days(-20)}, {"f1", "f4", "f5"}),
    ({"q": "کوچه", "neighborhood": "n1", "from": days(-30)}, {"f3", "f5"}),
]


@pytest.mark.parametrize("values, expected", FEEDBACK_CASES)
def test_feedback_doors_agree(client, auth, tokens, d, values, expected):
    web, api, export = doors(client, auth, tokens, "feedback", FEEDBACK_NAMES, resolve(d, values),
                             r'href="/feedback/(\d+)"')
    assert web == api == export == {getattr(d, name).id for name in expected}


HOUSEHOLD_CASES = [
    ({}, {"h1", "h2", "h3", "h4"}),
    ({"q": "رضايي"}, {"h1", "h4"}),  # typed with an Arabic yeh
    ({"neighborhood": "n2"}, {"h2", "h3"}),
    ({"category": "martyr_family"}, {"h1", "h3"}),
    ({"visit": "never"}, {"h3", "h4"}),
    ({"visit": "stale", "months": "۱"}, {"h1", "h3", "h4"}),  # the default six months would leave h1 out
    ({"neighborhood": "n1", "category": "citizen", "visit": "stale"}, {"h4"}),
]


@pytest.mark.parametrize("values, expected", HOUSEHOLD_CASES)
def test_households_doors_agree(client, auth, tokens, d, values, expected):
    web, api, export = doors(client, auth, tokens, "households", HOUSEHOLD_NAMES, resolve(d, values),
                             r'href="/households/(\d+)"')
    assert web == api == export == {getattr(d, name).id for name in expected}
