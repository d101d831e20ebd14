"""Sign-in sessions kept on the server, so that signing out, a new password or an admin ends them.

The browser's signed cookie holds only a random key (Flask-Login's ``_user_id`` is that
key, see ``User.get_id``); the ``user_session`` row it points at decides whether the
cookie still signs anyone in.  A cookie copied before sign-out names an ended row and
signs no one in.  Remember-me cookies are never issued, and one forged with the secret
key would still carry a session key that must be live, so none outlives revocation.

Flask-Login's ``session_protection`` stays at "basic", which changes nothing here: the
"strong" mode signs a user out whenever their address changes, which a phone on mobile
data does all day, and revocation is what actually protects the cookie.  Each session
shows its address and browser on the account page, so a stranger's stands out.
"""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_login import current_user
from sqlalchemy import bindparam, delete, select, update

from tracker import stamps
from tracker.extensions import db, login_manager
from tracker.models import DataStamp, User, UserSession
from tracker.models.base import tehran_now

# last_seen_at is written at most this often (and never less often than half the idle limit).
TOUCH_EVERY = timedelta(minutes=5)
FORGET_AFTER = timedelta(days=30)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def idle_limit() -> timedelta:
    """Return how long a session may go unused before it ends."""
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def max_age() -> timedelta:
    """Return how long a session may last at most, however active."""
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def expiry_reason(row: UserSession, now: datetime) -> str | None:
    """Return why a session is over ("idle", "expired" or how it was ended), or None while it is live."""
    if row.ended_at is not None:
        return row.end_reason or "signed_out"
    if now - row.created_at > max_age():
        return "expired"
    if now - row.last_seen_at > idle_limit():
        return "idle"
    return None


_BROWSERS = [("Edg", "Edge"), ("OPR", "Opera"), ("Firefox", "Firefox"), ("Chrome", "Chrome"),
             ("Chromium", "Chromium"), ("Safari", "Safari")]
_SYSTEMS = [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("Linux", "Linux")]


def browser_summary(browser_header: str | None) -> str | None:
    """Return a short "browser · system" summary of a User-Agent header (the rest is not kept)."""
    if not browser_header:
        return None
    browser = next((name for token, name in _BROWSERS if f"{token}/" in browser_header), None)
    system = next((name for token, name in _SYSTEMS if token in browser_header), None)
    summary = " · ".join(part for part in (browser, system) if part)
    return summary or browser_header[:40]


def start(user: User, address: str | None, browser_header: str | None) -> str:
    """Open a session for the user and return its key (the cookie's only secret)."""
    key = secrets.token_urlsafe(32)
    now = tehran_now()
    db.session.add(UserSession(user_id=user.id, key_hash=_hash(key), created_at=now, last_seen_at=now,
                               address=(address or "")[:45] or None, browser=browser_summary(browser_header)))
    # Rows of sessions long over are not needed for anything.
    db.session.execute(delete(UserSession).where(UserSession.created_at < now - max(FORGET_AFTER, max_age())))
    user.session_key = key
    return key


def end(row: UserSession, reason: str) -> None:
    """End one session."""
    if row.ended_at is None:
        row.ended_at = tehran_now()
        row.end_reason = reason


def end_all(user: User, reason: str, keep: UserSession | None = None) -> int:
    """End every live session of the user (but `keep`); return how many were ended."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    result = db.session.execute(stmt.values(ended_at=tehran_now(), end_reason=reason),
                                execution_options={"synchronize_session": "fetch"})
    return result.rowcount


def live_sessions(user: User) -> list[UserSession]:
    """Return the user's sessions that still sign someone in, the most recent first."""
    now = tehran_now()
    rows = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
                                  UserSession.created_at > now - max_age(),
                                  UserSession.last_seen_at > now - idle_limit())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(rows)


def current() -> UserSession | None:
    """Return the session row of this request's signed-in user, if any."""
    return g.get("user_session")


# Built once: every signed-in request runs it, and building the statement costs as much as running it.
# The home district's data stamp comes along: most pages read it next, and this saves them a round trip.
_SESSION_AND_USER = (select(UserSession, User, DataStamp.stamp).join(User, User.id == UserSession.user_id)
                     .outerjoin(DataStamp, DataStamp.district_id == User.district_id)
                     .where(UserSession.key_hash == bindparam("key_hash")))


@login_manager.user_loader
def load_user(key: str):
    """Return the user of a live session key, or None (Flask-Login then treats them as anonymous)."""
    if not key or len(key) > 100:
        return None
    found = db.session.execute(_SESSION_AND_USER, {"key_hash": _hash(key)}).first()
    if found is None:
        return None
    row, user, home_stamp = found
    reason = expiry_reason(row, tehran_now())
    if reason is not None or not user.active:
        g.stale_session = row if row.ended_at is None else None
        return None
    g.user_session = row
    user.session_key = key
    stamps.remember(user.district_id, home_stamp)
    return user


def touch_due(row: UserSession, now: datetime) -> bool:
    """Tell whether last_seen_at is old enough to be written again."""
    return now - row.last_seen_at >= min(TOUCH_EVERY, idle_limit() / 2)


def refresh() -> bool:
    """At the start of a request, keep the live session's last_seen_at current or close a stale one.

    Returns False when the cookie named a session that is over, so the caller can say so.
    These small writes commit on their own, before the view's single commit.
    """
    if "_user_id" not in session:
        return True
    now = tehran_now()
    if current_user.is_authenticated:
        row = current()
        if row is not None and touch_due(row, now):
            row.last_seen_at = now
            db.session.commit()
        return True
    stale = g.pop("stale_session", None)
    if stale is not None:
        end(stale, expiry_reason(stale, now) if stale.user.active else "deactivated")
        db.session.commit()
    session.pop("_user_id", None)
    session.pop("_fresh", None)
    return False
