"""API bearer tokens: made with an expiry, listed, revoked; only their SHA-256 is stored."""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from tracker.audit import record
from tracker.extensions import db
from tracker.models import ApiToken, User
from tracker.models.base import tehran_now
from tracker.persian.digits import to_persian_digits

DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often, so busy clients do not queue on one row.
TOUCH_EVERY = timedelta(minutes=5)

TOKEN_STATES = {"live": "معتبر", "expired": "منقضی", "revoked": "باطل‌شده"}


class TokenError(ValueError):
    """A token could not be made; the message is Persian."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user: User, days: int = DEFAULT_DAYS, actor: User | None = None) -> str:
    """Make an API token valid for `days` days; return it (shown once, only its hash is kept)."""
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"اعتبار توکن باید میان ۱ تا {to_persian_digits(MAX_DAYS)} روز باشد.")
    token = secrets.token_urlsafe(32)
    now = tehran_now()
    row = ApiToken(user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=now + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record("create_token", user, actor=actor, after={"token_id": row.id, "expires_at": row.expires_at})
    return token


def token_state(row: ApiToken, now: datetime | None = None) -> str:
    """Return "live", "expired" or "revoked"."""
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at <= (now or tehran_now()):
        return "expired"
    return "live"


def tokens_of(user: User) -> list[ApiToken]:
    """Return every token of the user, the newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def revoke_token(row: ApiToken, actor: User | None) -> bool:
    """Revoke one token; return False if it was already revoked."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = tehran_now()
    record("revoke_token", row.user, actor=actor, after={"token_ids": [row.id]})
    return True


def revoke_tokens(user: User, actor: User | None, reason: str = "revoked") -> int:
    """Revoke every unrevoked token of the user; return how many."""
    ids = list(db.session.scalars(
        select(ApiToken.id).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ))
    if ids:
        db.session.execute(update(ApiToken).where(ApiToken.id.in_(ids)).values(revoked_at=tehran_now()),
                           execution_options={"synchronize_session": "fetch"})
        record("revoke_token", user, actor=actor, after={"token_ids": ids, "reason": reason})
    return len(ids)


def user_for_token(token: str) -> User | None:
    """Return the active user owning this live (unrevoked, unexpired) token, or None."""
    if not token or len(token) > 100:
        return None
    now = tehran_now()
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _hash(token), ApiToken.revoked_at.is_(None),
                               ApiToken.expires_at > now)
    )
    if api_token is None or not api_token.user.active:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at >= TOUCH_EVERY:
        api_token.last_used_at = now
    return api_token.user
