"""Every write (a form's POST, an API POST or PATCH), for every role: who may act, and that a refusal writes nothing.

Each request is checked against a read of the whole database before and after it; after each
test the database is put back to the sample, so every role's write starts from the same records.
"""
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests import db_state
from tests.page_rows import ANONYMOUS, API, BAD_REQUEST, FORBIDDEN, FORM, NOT_FOUND, ROLES, UNAUTHORIZED, Redirect
from tests.pages import ACTIONS, actions_by_name
from tests.sample_data import BROWSER, USERNAMES


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo district and District 22, and a read of every row as the sample left them."""
    with demo_site() as (app, sample):
        with app.app_context():
            saved, saved_fingerprint = db_state.rows(), db_state.fingerprint()
        yield SimpleNamespace(app=app, sample=sample, saved=saved, saved_fingerprint=saved_fingerprint)


@pytest.fixture
def fresh(site):
    """The site, put back to the sample after the test."""
    site.after = None
    yield site
    with site.app.app_context():
        db_state.restore(site.saved, site.saved_fingerprint, site.after)


@pytest.fixture(scope="module")
def guarded(site, _schema):
    """The same database served with CSRF protection on, as in production."""
    from tracker import create_app
    from tracker.extensions import db

    app = create_app({**_schema, "WTF_CSRF_ENABLED": True})
    yield app
    with app.app_context():
        db.engine.dispose()


def _signed_in(app, role):
    """Return a client signed in as the role's demo account through a session of its own."""
    client = app.test_client()
    if role == ANONYMOUS:
        return client
    from tracker.auth import sessions
    from tracker.extensions import db
    from tracker.models import User

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == USERNAMES[role]))
        key = sessions.start(user, "127.0.0.1", BROWSER)
        db.session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = key
        cookie["_fresh"] = True
    return client


def _outcome(app, response):
    """Return the response's status, or for a redirect the endpoint it sends to."""
    if response.status_code != 302:
        return response.status_code
    path = response.headers["Location"].split("?")[0].split("#")[0]
    adapter = app.url_map.bind("localhost")
    return Redirect(adapter.match(path.removeprefix("http://localhost"), method="GET")[0])


def _send(site, action, role, records, app=None, data=None):
    """Make the action's request as role, naming records; return (outcome, response, what it wrote)."""
    app = app or site.app
    client = _signed_in(app, role) if action.kind != API else app.test_client()
    with app.app_context():
        url = action.url(app, site.sample, records)
        body = data if data is not None else action.body(site.sample, records)
        before = db_state.fingerprint()
    if action.kind == API:
        token = site.sample.tokens.get(role)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(url, method=action.method, json=body, headers=headers)
    else:
        response = client.open(url, method=action.method, data=body)
    with app.app_context():
        # The tests write nothing after this request, so the restore can start from this fingerprint.
        site.after = db_state.fingerprint()
    written = db_state.changed(before, site.after)
    return _outcome(app, response), response, written


def _said(response) -> str:
    """Return what the answer tells the user: its field errors and alerts, or the start of its body."""
    text = response.get_data(as_text=True)
    if response.is_json:
        return text[:300]
    found = re.findall(r'class="(?:invalid-feedback[^"]*|alert [^"]*)"[^>]*>\s*([^<]+)', text)
    return " | ".join(m.strip() for m in found) or text[:300]


def _refusal_is_in_kind(action, response):
    """A refused API call answers JSON errors; a refused form, a Persian HTML page."""
    if action.kind == API:
        assert response.is_json and "errors" in response.get_json(), response.get_data(as_text=True)[:200]
    else:
        assert response.mimetype == "text/html" and 'lang="fa"' in response.get_data(as_text=True)


def _cases(rows):
    for action, role, reason in rows:
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(action.name, role, id=f"{action.name}-{role}", marks=marks)


STATUS_CASES = list(_cases((action, role, action.wrong.get(role)) for action in ACTIONS
                           for role in (*ROLES, ANONYMOUS)))
OTHER_CASES = list(_cases((action, role, None) for action in ACTIONS if action.names_records()
                          for role in action.roles if role != ANONYMOUS))
FOREIGN_CASES = list(_cases((action, role, None) for action in ACTIONS if action.foreign
                            for role in action.roles if role != ANONYMOUS))
CSRF_CASES = [pytest.param(action.name, id=action.name) for action in ACTIONS if action.kind == FORM and action.roles]


@pytest.mark.parametrize("name,role", STATUS_CASES)
def test_role_gets_the_expected_answer_to_a_write(fresh, name, role):
    action = actions_by_name()[name]
    expected, writes = action.expected(role)
    outcome, response, written = _send(fresh, action, role, fresh.sample.own)
    url = action.url(fresh.app, fresh.sample, fresh.sample.own)
    assert outcome == expected, f"{role}: {action.method} {url} -> {_said(response)}"
    if writes:
        assert written, f"{role}: {action.method} {url} was carried out but saved nothing"
    else:
        assert written == [], f"{role}: {action.method} {url} answered {outcome} yet wrote to {written}"
    if outcome in (FORBIDDEN, UNAUTHORIZED):
        _refusal_is_in_kind(action, response)


@pytest.mark.parametrize("name,role", OTHER_CASES)
def test_another_districts_record_is_not_found_and_nothing_written(fresh, name, role):
    action = actions_by_name()[name]
    outcome, response, written = _send(fresh, action, role, fresh.sample.other)
    url = action.url(fresh.app, fresh.sample, fresh.sample.other)
    assert outcome == NOT_FOUND, f"{role}: {action.method} {url}, District 22's: {_said(response)}"
    assert written == [], f"{role}: {action.method} {url} wrote to {written}"
    if action.kind == API:
        assert response.is_json and "errors" in response.get_json()


@pytest.mark.parametrize("name,role", FOREIGN_CASES)
def test_body_naming_another_districts_record_is_refused_and_nothing_written(fresh, name, role):
    """The URL names the caller's own records; the fields that take record ids name District 22's."""
    action = actions_by_name()[name]
    with fresh.app.app_context():
        own = action.body(fresh.sample, fresh.sample.own)
        other = action.body(fresh.sample, fresh.sample.other)
    swapped = {name: other[name] for name in action.foreign.fields}
    assert all(own[name] != value for name, value in swapped.items()), "the two districts' bodies do not differ"
    outcome, response, written = _send(fresh, action, role, fresh.sample.own, data={**own, **swapped})
    assert outcome == action.foreign.answer, f"{role}: {action.method} naming {swapped}: {_said(response)}"
    assert written == [], f"{role}: {action.method} naming {swapped} wrote to {written}"
    if action.kind == API:
        assert response.is_json and "errors" in response.get_json()
    else:
        assert "field-error" in response.get_data(as_text=True), "the form shows no error beside a field"


@pytest.mark.parametrize("name", CSRF_CASES)
def test_form_post_without_its_csrf_token_is_refused(fresh, guarded, name):
    action = actions_by_name()[name]
    role = action.roles[0]
    outcome, response, written = _send(fresh, action, role, fresh.sample.own, app=guarded)
    assert outcome == BAD_REQUEST and written == []
    assert "نشست فرم منقضی شده است" in response.get_data(as_text=True)


def test_form_post_with_its_csrf_token_is_carried_out(fresh, guarded):
    """The same request the test above refuses goes through once it carries the form's token."""
    action = actions_by_name()["admin.area_new:post"]
    client = _signed_in(guarded, "admin")
    with guarded.app_context():
        url = action.url(guarded, fresh.sample, fresh.sample.own)
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    with guarded.app_context():
        before = db_state.fingerprint()
    response = client.post(url, data={**action.body(fresh.sample, fresh.sample.own), "csrf_token": token})
    with guarded.app_context():
        written = db_state.changed(before, db_state.fingerprint())
    assert _outcome(guarded, response) == action.done
    assert "area" in written
