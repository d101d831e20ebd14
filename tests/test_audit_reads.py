"""Every read of personal data (pages, reports, PDFs, exports, API lists and search) leaves one audit entry."""
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests import test_pages_access as access
from tests.page_rows import API
from tests.pages import by_name
from tests.sample_data import USERNAMES

# The registry's fixture: the demo district with a signed-in client and a token per role.
site = access.site

# The GET routes that answer with households' personal data (or its mask, for a viewer).
READS = (
    "households.index", "households.detail", "households.lookup", "search.index:results",
    "events.detail", "feedback.detail", "feedback.to_inform",
    "reports.campaign", "reports.campaign_pdf", "reports.neighborhood", "reports.neighborhood_pdf",
    "reports.ledger", "reports.ledger_pdf", "exports.feedback:csv", "exports.feedback:xlsx",
    "exports.households:csv", "exports.households:xlsx",
    "api.households", "api.household", "api.search", "api.search:phone", "api.campaign_report_pdf",
)
CASES = [pytest.param(name, role, id=f"{name}-{role}") for name in READS
         for role in by_name()[name].roles if role in ("pr_staff", "viewer")]


def _last_id():
    from tracker.extensions import db
    from tracker.models import AuditEntry

    found = db.session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))
    db.session.rollback()
    return found


def test_every_read_route_is_a_route_of_the_registry():
    assert set(READS) <= set(by_name())


@pytest.mark.parametrize("name,role", CASES)
def test_each_read_of_personal_data_is_one_audit_entry_saying_what_and_whether_masked(request, name, role):
    from tracker.extensions import db
    from tracker.models import AuditEntry, User

    site = request.getfixturevalue("site")
    route = by_name()[name]
    with site.app.app_context():
        since = _last_id()
    outcome, _text, url = access._open(site, route, role, site.sample.own)
    assert outcome == 200, url
    with site.app.app_context():
        entries = [SimpleNamespace(action=e.action, after=e.after, user_id=e.user_id, at=e.at, entity_id=e.entity_id)
                   for e in db.session.scalars(select(AuditEntry).where(AuditEntry.id > since))]
        user_id = db.session.scalar(select(User.id).where(User.username == USERNAMES[role]))
        db.session.rollback()
    reads = [e for e in entries if e.action == "read"]
    assert len(reads) == 1, f"{url}: {[(e.action, e.after) for e in entries]}"
    (entry,) = reads
    assert entry.user_id == user_id and entry.at is not None
    assert entry.after["route"] == route.endpoint
    assert entry.after["masked"] is (role == "viewer")
    assert entry.entity_id is not None or entry.after["count"] is not None, "the entry names neither record nor count"
    if route.kind != API:
        for key in (route.query(site.sample) if route.query else {}):
            assert key in entry.after["filters"], f"{url}: the filter {key} is not recorded"
    assert all(p not in str(entry.after) for p in site.sample.personal if p), "the filter kept personal data"


def test_a_failed_read_request_writes_no_read_entry(request):
    from tracker.extensions import db
    from tracker.models import AuditEntry

    site = request.getfixturevalue("site")
    with site.app.app_context():
        since = _last_id()
    assert site.clients["pr_staff"].get("/households/999999999").status_code == 404
    with site.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id > since)) == 0
