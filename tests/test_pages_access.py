"""Every GET route, for every role: the answer each role gets, other districts' records, personal data."""
import json
from types import SimpleNamespace

import pytest
from flask import url_for

from tests.page_rows import ANONYMOUS, API, FORBIDDEN, MASKED, NOT_FOUND, OK, ROLES, Redirect
from tests.pages import ACTIONS, ROUTES, by_name
from tests.sample_data import PASSWORD, USERNAMES


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo district with one signed-in test client and one API token per role."""
    with demo_site() as (app, sample):
        clients = {ANONYMOUS: app.test_client()}
        for role, name in USERNAMES.items():
            clients[role] = app.test_client()
            signed_in = clients[role].post("/auth/login", data={"username": name, "password": PASSWORD})
            assert signed_in.status_code == 302 and "/auth/login" not in signed_in.headers["Location"]
        yield SimpleNamespace(app=app, sample=sample, clients=clients, tokens=sample.tokens)


def _open(site, route, role, records, client=None, headers=None):
    """GET the route's sample URL as this role; return (status or redirect target, body text, URL)."""
    url = route.url(site.app, site.sample, records)
    if route.kind == API:
        headers = {**({"Authorization": f"Bearer {site.tokens[role]}"} if role in site.tokens else {}),
                   **(headers or {})}
        response = site.app.test_client().get(url, headers=headers)
    else:
        response = (client or site.clients[role]).get(url)
    body = response.get_data()
    response.close()
    redirected = response.status_code == 302
    outcome = response.headers["Location"].split("?")[0] if redirected else response.status_code
    if response.is_json:
        text = json.dumps(json.loads(body), ensure_ascii=False)
    elif response.mimetype.startswith("text/"):
        text = body.decode("utf-8-sig", "replace")
    else:
        text = None  # PDF and XLSX: binary
    return outcome, text, url


def _expected(site, answer):
    if isinstance(answer, Redirect):
        with site.app.test_request_context():
            return url_for(answer.endpoint)
    return answer


def _cases(rows):
    for route, role, reason in rows:
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(route.name, role, id=f"{route.name}-{role}", marks=marks)


STATUS_CASES = list(_cases((route, role, route.wrong.get(role)) for route in ROUTES for role in (*ROLES, ANONYMOUS)))
OTHER_CASES = list(_cases((route, role, None) for route in ROUTES if route.names_records()
                          for role in ROLES if route.expected(role) == OK))
# Binary downloads (PDF, XLSX) are left to the report and export tests, which read their text.
VIEWER_CASES = list(_cases((route, role, route.leaks.get(role)) for route in ROUTES for role in MASKED
                           if route.expected(role) == OK and not route.binary))
# What city-wide staff read once they switched to District 22: every page they read at home.
CITY_CASES = list(_cases((route, "city", None) for route in ROUTES if route.expected("city") == OK))


def test_every_route_is_classified(site):
    """A new route, or a new method of one, fails here until it has a row in tests/pages.py.

    GET needs a row in ROUTES; every other method a row in ACTIONS, with a body builder.
    """
    reads = {route.endpoint for route in ROUTES}
    writes = {(action.endpoint, action.method) for action in ACTIONS}
    missing, answered = [], set()
    for rule in site.app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        answered |= {(rule.endpoint, method) for method in methods}
        if "GET" in methods and rule.endpoint not in reads:
            missing.append(f"GET {rule.rule} ({rule.endpoint})")
        missing += [f"{method} {rule.rule} ({rule.endpoint})" for method in sorted(methods - {"GET"})
                    if (rule.endpoint, method) not in writes]
    assert missing == [], "routes with no row in tests/pages.py"
    assert [a.name for a in ACTIONS if not callable(a.body)] == [], "write rows without a body builder"
    assert [a.name for a in ACTIONS if a.roles and a.done is None] == [], "write rows without the allowed answer"
    assert len(by_name()) == len(ROUTES), "two GET rows share a name: give one a variant"
    assert len({a.name for a in ACTIONS}) == len(ACTIONS), "two write rows share a name: give one a variant"
    stale = sorted({f"GET {e}" for e in reads if (e, "GET") not in answered}
                   | {f"{m} {e}" for e, m in writes if (e, m) not in answered})
    assert stale == [], "rows naming endpoints or methods the app no longer has"


@pytest.mark.parametrize("name,role", STATUS_CASES)
def test_role_gets_the_expected_answer(site, name, role):
    route = by_name()[name]
    expected = _expected(site, route.expected(role))
    outcome, _, url = _open(site, route, role, site.sample.own)
    assert outcome == expected, f"{role} opening {url}"


@pytest.mark.parametrize("name,role", OTHER_CASES)
def test_another_districts_record_is_not_found(site, name, role):
    route = by_name()[name]
    outcome, _, url = _open(site, route, role, site.sample.other)
    assert outcome == NOT_FOUND, f"{role} opening {url}, a record of District 22"


@pytest.mark.parametrize("name,role", VIEWER_CASES)
def test_viewer_and_city_staff_never_read_personal_data(site, name, role):
    route = by_name()[name]
    outcome, text, url = _open(site, route, role, site.sample.own)
    assert outcome == OK and text is not None
    shown = [value for value in site.sample.personal if value and value in text]
    assert shown == [], f"{url} shows a {role} the household's personal data"
    if route.probes_hidden_field:
        assert site.sample.household_name not in text, f"{url} finds the household by a field {role} cannot see"


@pytest.fixture(scope="module")
def city_elsewhere(site):
    """A city-wide client that switched to District 22 (the demo account's home is District 21)."""
    client = site.app.test_client()
    client.post("/auth/login", data={"username": USERNAMES["city"], "password": PASSWORD})
    switched = client.post("/city/district", data={"district_id": site.sample.other_district_id})
    assert switched.status_code == 302
    return client


# District 22's personal data: its household's phone, address and notes.
OTHER_PERSONAL = ("09120000022", "چیتگر، کوچهٔ ۲", "یادداشت منطقهٔ دیگر")


@pytest.mark.parametrize("name,role", CITY_CASES)
def test_city_staff_read_the_district_they_switched_to_without_personal_data(site, city_elsewhere, name, role):
    """Every page city-wide staff read opens for District 22's records once switched, and hides its personal data.

    The API names the district in the X-District header instead of a session.
    """
    route = by_name()[name]
    headers = {"X-District": str(site.sample.other_district_number)}
    outcome, text, url = _open(site, route, role, site.sample.other, client=city_elsewhere, headers=headers)
    assert outcome == _expected(site, route.expected(role)), f"city opening {url} after switching to District 22"
    if text is not None and outcome == OK:
        assert [v for v in OTHER_PERSONAL if v in text] == [], f"{url} shows city staff District 22's personal data"
    if route.names_records() and outcome == OK:
        # Switched away, the home district's records are another district's: not found.
        back, _, url = _open(site, route, role, site.sample.own, client=city_elsewhere, headers=headers)
        assert back == NOT_FOUND, f"city opening {url}, District 21's, while reading District 22"


@pytest.mark.parametrize("role", [r for r in ROLES if r != "city"])
def test_district_users_cannot_switch_district_nor_name_another_in_the_api(site, role):
    """A district user's switch is refused and changes nothing; naming District 22 in the API is refused."""
    client = site.clients[role]
    assert client.post("/city/district", data={"district_id": site.sample.other_district_id}).status_code == FORBIDDEN
    route = by_name()["households.detail"] if role != "viewer" else by_name()["reports.neighborhood"]
    outcome, _, url = _open(site, route, role, site.sample.other)
    assert outcome == NOT_FOUND, f"{role} opening {url} after trying to switch"
    api = by_name()["api.household"]
    outcome, text, _ = _open(site, api, role, site.sample.other, headers={"X-District": "22"})
    assert outcome == FORBIDDEN and "منطقهٔ خودتان" in text


def test_city_api_names_an_unknown_or_malformed_district(site):
    """A city token naming a district that does not exist, or not as a number, is told so in Persian."""
    api = by_name()["api.neighborhoods"]
    outcome, text, _ = _open(site, api, "city", site.sample.own, headers={"X-District": "999"})
    assert outcome == NOT_FOUND and "منطقه‌ای با این شماره" in text
    outcome, text, _ = _open(site, api, "city", site.sample.own, headers={"X-District": "بیست"})
    assert outcome == 400 and "X-District" in text
