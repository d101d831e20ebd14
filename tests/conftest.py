"""Shared fixtures: an app on SQLite (or PostgreSQL via TRACKER_TEST_DATABASE_URL), clients, users."""
import os

import pytest
from sqlalchemy import text

from tracker import create_app
from tracker.extensions import db
from tracker.models import Base

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")
PASSWORD = "test-password-1"


def _config(tmp_path_factory):
    url = PG_URL or "sqlite:///" + str(tmp_path_factory.getbasetemp() / "test.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        # Cheap password hashes: the real scrypt costs a noticeable fraction of a second per user.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


@pytest.fixture(scope="session")
def _schema(tmp_path_factory):
    """Build the schema once per run through the migrations, as production does."""
    os.environ.setdefault("TRACKER_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
    config = _config(tmp_path_factory)
    app = create_app(config)
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        from tracker.database import upgrade_to_head

        upgrade_to_head()
        db.engine.dispose()
    return config


def _empty_tables():
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(_schema):
    """An app bound to an empty, migrated database holding the seeded district."""
    app = create_app(dict(_schema))
    with app.app_context():
        _empty_tables()
        from tracker.seeds.district import seed_district

        seed_district(21)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def district(app):
    from sqlalchemy import select

    from tracker.models import District

    return db.session.scalar(select(District).where(District.number == 21))


@pytest.fixture
def users(app, district):
    """One user per role in District 21."""
    from tracker.auth.services import create_user

    made = {role: create_user(role, PASSWORD, role, district.id) for role in ("admin", "pr_staff", "manager", "viewer")}
    db.session.commit()
    return made


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="pr_staff", password=PASSWORD):
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client, users):
    return AuthActions(client)


@pytest.fixture
def tokens(users):
    """One API token per role."""
    from tracker.auth.services import create_token

    made = {role: create_token(user) for role, user in users.items()}
    db.session.commit()
    return made


@pytest.fixture(scope="session")
def demo_site(_schema):
    """Return a context manager giving an app on the demo district (and a second district) and its sample ids.

    No app context stays pushed while it is in use, so each request gets its own, as in production,
    and one signed-in user is never mistaken for another.
    """
    from contextlib import contextmanager

    from tests.sample_data import seed_sample

    @contextmanager
    def open_site(**overrides):
        app = create_app({**_schema, **overrides})
        with app.app_context():
            _empty_tables()
            sample = seed_sample()
            db.session.commit()
        try:
            yield app, sample
        finally:
            with app.app_context():
                db.engine.dispose()

    return open_site
