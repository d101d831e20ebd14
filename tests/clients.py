"""A test client whose requests start without the previous request's signed-in user, as in production.

The app fixture keeps one application context open, and Flask reuses it for every test
request, so ``g`` (where Flask-Login caches the user) would carry over between requests
and between clients.  Each real request gets a fresh ``g``; this client clears the keys.
"""
from flask import g
from flask.testing import FlaskClient

from tests.conftest import PASSWORD

REQUEST_KEYS = ("_login_user", "user_session", "stale_session", "session_over")


class FreshClient(FlaskClient):
    """A Flask test client that forgets the per-request sign-in state before each request."""

    def open(self, *args, **kwargs):
        for key in REQUEST_KEYS:
            g.pop(key, None)
        return super().open(*args, **kwargs)


def new_client(app, remote_addr="127.0.0.1", browser=None):
    """Return a fresh browser-like client with its own cookies and client address."""
    app.test_client_class = FreshClient
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote_addr
    if browser:
        client.environ_base["HTTP_USER_AGENT"] = browser
    return client


def sign_in(client, username, password=PASSWORD):
    """Post the sign-in form and return the response."""
    return client.post("/auth/login", data={"username": username, "password": password})


def signed_in(client) -> bool:
    """Tell whether the client's cookie opens the account page (else it is sent to sign in)."""
    return client.get("/auth/account").status_code == 200


def session_client(app, user):
    """Return a client already signed in as user through a real server-side session (no password hashing)."""
    from tracker.auth import sessions
    from tracker.extensions import db

    key = sessions.start(user, "127.0.0.1", None)
    db.session.commit()
    client = new_client(app)
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True
    return client
