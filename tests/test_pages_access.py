"""Every GET route, for every role: the answer each role gets, other districts' records, personal data."""
import json
from types import SimpleNamespace

import pytest
from flask import url_for

from tests.page_rows import ANONYMOUS, API, NOT_FOUND, OK, ROLES, Redirect
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


def _open(site, route, role, records):
    """GET the route's sample URL as this role; return (status or redirect target, body text, URL)."""
    url = route.url(site.app, site.sample, records)
    if route.kind == API:
        headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role in site.tokens else {}
        response = site.app.test_client().get(url, headers=headers)
    else:
        response = site.clients[role].get(url)
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
VIEWER_CASES = list(_cases((route, "viewer", route.leaks.get("viewer")) for route in ROUTES
                           if route.expected("viewer") == OK and not route.binary))


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
def test_viewer_never_reads_personal_data(site, name, role):
    route = by_name()[name]
    outcome, text, url = _open(site, route, role, site.sample.own)
    assert outcome == OK and text is not None
    shown = [value for value in site.sample.personal if value and value in text]
    assert shown == [], f"{url} shows a viewer the household's personal data"
    if route.probes_hidden_field:
        assert site.sample.household_name not in text, f"{url} finds the household by a field viewers cannot see"
