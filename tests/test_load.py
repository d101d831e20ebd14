"""Twenty clients writing at once to gunicorn on loopback: every acknowledged write is stored, none fails.

gunicorn serves the app with two worker processes on a free loopback port, on the test database
(SQLite or PostgreSQL, whichever the run uses). Twenty client threads each send WRITES requests
through the API over real sockets: half register households (each under the duplicate check's
lock), half create campaigns. Every request must be answered 201 (no 5xx, no refused connection),
and every acknowledged record must be in the database afterwards. The figures are printed.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Campaign, Household, Neighborhood

CLIENTS = 20
WRITES = 4  # per client: 80 writes, a few seconds even on a busy machine
GUNICORN = Path(sys.executable).with_name("gunicorn")
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not GUNICORN.exists() and not shutil.which("gunicorn"),
                                reason="gunicorn is not installed (pip install '.[server]')")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(app, tmp_path):
    """gunicorn with two workers serving the test database; yields its port."""
    port = _free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "TRACKER_SECRET_KEY": "load-test", "TRACKER_INSTANCE_PATH": str(tmp_path)}
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(GUNICORN if GUNICORN.exists() else shutil.which("gunicorn")), "--workers", "2", "--bind",
             f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning", "app:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/api/v1/openapi.json")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "gunicorn did not answer within a minute"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _request(port, method, path, body=None, token=None):
    """Send one request on a new connection; return (status, parsed JSON or None)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, json.loads(data) if data else None
    finally:
        connection.close()


def _writes(client: int, neighborhood_id: int):
    """Return the requests one client sends: households for even clients, campaigns for odd ones."""
    for n in range(WRITES):
        if client % 2 == 0:
            yield "/api/v1/households", {"name": f"خانوار آزمون {client}-{n}", "category": "citizen",
                                         "neighborhood_id": neighborhood_id}
        else:
            yield "/api/v1/campaigns", {"title": f"پویش آزمون {client}-{n}", "starts_on": "1404/07/01",
                                        "ends_on": "1404/07/30"}


def test_twenty_concurrent_writers_lose_nothing(server, app, tokens, district, pytestconfig):
    neighborhood_id = db.session.scalar(select(Neighborhood.id).where(Neighborhood.district_id == district.id))
    db.session.commit()
    writers = [tokens["pr_staff"], tokens["admin"]]

    def client(number):
        answers = []
        for path, body in _writes(number, neighborhood_id):
            try:
                answers.append((path, *_request(server, "POST", path, body, writers[number % 2])))
            except OSError as error:  # a refused or dropped connection counts as a failure
                answers.append((path, f"{type(error).__name__}: {error}", None))
        return answers

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [a for result in pool.map(client, range(CLIENTS)) for a in result]
    acknowledged = [(path, body["id"]) for path, status, body in answers if status == 201]
    failed = [(path, status) for path, status, _body in answers if status != 201]
    db.session.rollback()
    stored_households = set(db.session.scalars(select(Household.id).where(Household.name.like("خانوار آزمون %"))))
    stored_campaigns = set(db.session.scalars(select(Campaign.id).where(Campaign.title.like("پویش آزمون %"))))
    stored = len(stored_households) + len(stored_campaigns)
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nload ({db.engine.dialect.name}, gunicorn 2 workers, {CLIENTS} clients): {len(answers)} writes sent, "
              f"{len(acknowledged)} acknowledged, {stored} stored, {len(failed)} failed")
    assert failed == [], failed[:5]
    assert len(acknowledged) == CLIENTS * WRITES
    missing = [(path, record_id) for path, record_id in acknowledged
               if record_id not in (stored_households if "households" in path else stored_campaigns)]
    assert missing == [] and stored == len(acknowledged)
    assert db.session.scalar(select(func.count(Household.id))) == len(stored_households)
