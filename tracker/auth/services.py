"""Writers for users and API tokens; the only code that changes them."""
import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.audit import record
from tracker.extensions import db
from tracker.models import ApiToken, User
from tracker.models.choices import ROLES


class UserError(ValueError):
    """A user could not be created or changed; the message is Persian."""


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def create_user(username, password, role, district_id, *, full_name=None, department_id=None, actor=None):
    """Create a user with a hashed password."""
    username = username.strip()
    if role not in ROLES:
        raise UserError("نقش نامعتبر است.")
    if len(password) < 8:
        raise UserError("گذرواژه باید دست‌کم ۸ نویسه باشد.")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise UserError("این نام کاربری پیش‌تر ثبت شده است.")
    user = User(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        district_id=district_id,
        full_name=full_name,
        department_id=department_id,
    )
    db.session.add(user)
    db.session.flush()
    record("create", user, actor=actor, after={"username": username, "role": role})
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace the user's password after checking the current one."""
    if not check_password_hash(user.password_hash, current):
        raise UserError("گذرواژهٔ کنونی درست نیست.")
    user.password_hash = generate_password_hash(new)
    record("change_password", user, actor=user)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User) -> str:
    """Make an API token for the user; only its hash is stored, the token is shown once."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_hash_token(token)))
    record("create_token", user, actor=user)
    return token


def user_for_token(token: str) -> User | None:
    """Return the active user owning this unrevoked token, or None."""
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if api_token is None or not api_token.user.active:
        return None
    api_token.last_used_at = datetime.now()
    return api_token.user
