"""Fuzz every documented operation against /api/v1/openapi.json: no 5xx, every response as documented."""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)
from sqlalchemy import select

from tracker.api.openapi import document
from tracker.auth.services import create_token
from tracker.extensions import db
from tracker.models import Department, Neighborhood, Official

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def admin_token(app, users):
    token = create_token(users["admin"])
    db.session.commit()
    return token


@pytest.fixture
def seeded(app, admin_token):
    """The served schema, with a little data (campaign, household, visit, feedback) so ids 1.. exist."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {admin_token}"}
    nid = db.session.scalar(select(Neighborhood.id).order_by(Neighborhood.id))
    official = Official(district_id=db.session.scalar(select(Department.district_id)), name="مدیر", title="مدیر")
    db.session.add(official)
    db.session.commit()
    c = client.post("/api/v1/campaigns", json={"title": "کمپین", "starts_on": "1403/01/01", "ends_on": "1403/02/01"},
                    headers=headers).json
    hh = client.post("/api/v1/households", json={"name": "خانوار", "category": "citizen", "neighborhood_id": nid},
                     headers=headers).json
    e = client.post("/api/v1/events", json={"kind": "home_visit", "status": "done", "campaign_id": c["id"],
                                            "neighborhood_id": nid, "date": "1403/01/10", "minutes": "گزارش",
                                            "official_ids": [official.id], "household_ids": [hh["id"]]},
                    headers=headers).json
    client.post("/api/v1/feedback", json={"event_id": e["id"], "kind": "request", "text": "درخواست"}, headers=headers)
    return app


# The document is built in code, so it loads without an app; requests then go to the test's app over WSGI.
# (schemathesis.pytest.from_fixture breaks on pytest 9: it reads request.node._nodeid.)
schema = schemathesis.openapi.from_dict(document())


@schema.parametrize()
@settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, seeded, admin_token):
    """Every answer is documented, JSON-shaped as promised, and never a server error."""
    case.call_and_validate(app=seeded, headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)


def test_served_document_is_the_built_one(client):
    """The app serves exactly the document the fuzzing above was generated from."""
    assert client.get("/api/v1/openapi.json").json == document()
