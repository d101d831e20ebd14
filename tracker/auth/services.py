"""Writers for users, sign-in and sessions; the only code that changes them."""
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from tracker.audit import record
from tracker.auth import sessions, throttle
from tracker.auth.passwords import MIN_LENGTH, check_password_policy, hash_password, verify_password
from tracker.auth.tokens import create_token, revoke_tokens, user_for_token
from tracker.extensions import db
from tracker.models import User, UserSession
from tracker.models.choices import ROLES
from tracker.persian.digits import to_persian_digits

__all__ = [
    "SignIn", "UserError", "authenticate", "change_password", "create_token", "create_user",
    "deactivated", "end_session", "end_sessions", "find_user", "set_password", "sign_in", "sign_out",
    "user_for_token",
]


class UserError(ValueError):
    """A user could not be created or changed; the message is Persian, field names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def require_policy(password: str, username: str | None, field: str = "password") -> None:
    """Raise UserError with the policy's Persian reason unless the password is acceptable."""
    message = check_password_policy(password, username=username)
    if message:
        raise UserError(message, field)


def find_user(username: str) -> User | None:
    """Return the user with this username; text no username can hold is not looked up."""
    username = (username or "").strip()
    if not username or len(username) > 80 or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in username):
        return None
    return db.session.scalar(select(User).where(User.username == username))


def _check(username: str, password: str) -> tuple[User | None, bool]:
    """Return the user named (if any) and whether the password signs them in; one hash check either way."""
    user = find_user(username)
    matches = verify_password(user.password_hash if user is not None else None, password)
    return user, matches and user is not None and user.active


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or None."""
    user, ok = _check(username, password)
    return user if ok else None


@dataclass
class SignIn:
    """How a sign-in attempt ended: a user and session key, a wait in minutes, or neither."""

    user: User | None = None
    key: str | None = None
    wait_minutes: int = 0

    @property
    def message(self) -> str:
        if self.wait_minutes:
            return (f"ورودهای ناموفق زیاد بود؛ {to_persian_digits(self.wait_minutes)} دقیقهٔ دیگر "
                    "دوباره تلاش کنید.")
        return "نام کاربری یا گذرواژه درست نیست."


def _tried_name(typed: str, user: User | None) -> str | None:
    """Return the username tried, as the audit log may keep it.

    A name of an account is kept. An unknown one is kept only when shorter than any password the
    policy accepts: a longer one may be a password typed into the wrong box.
    """
    if user is not None:
        return user.username
    typed = (typed or "").strip()
    return typed if len(typed) < MIN_LENGTH else None


def _refusal(action: str, user: User | None, typed: str, address: str | None, reason: str) -> None:
    """Audit a refused sign-in with the username tried (never the password)."""
    record(action, user, entity="user_account", actor=None,
           after={"username": _tried_name(typed, user), "ip": address,
                  "reason": reason if user is not None else "unknown_user"})


def sign_in(username: str, password: str, address: str | None, browser_header: str | None) -> SignIn:
    """Check a sign-in against the throttle and the password; open a session when it succeeds."""
    wait = throttle.wait_minutes(username, address)
    if wait:
        _refusal("sign_in_refused", find_user(username), username, address, "throttled")
        return SignIn(wait_minutes=wait)
    user, ok = _check(username, password)
    throttle.note_attempt(username, address, succeeded=ok)
    if not ok:
        reason = "inactive" if user is not None and not user.active else "password"
        _refusal("sign_in_failed", user, username, address, reason)
        return SignIn()
    key = sessions.start(user, address, browser_header)
    record("sign_in", user, actor=user, after={"username": user.username, "ip": address})
    return SignIn(user=user, key=key)


def sign_out(user: User, row: UserSession | None) -> None:
    """End the session the user signs out of."""
    if row is not None:
        sessions.end(row, "signed_out")
    record("sign_out", user, actor=user)


def end_session(row: UserSession, actor: User) -> None:
    """End one of a user's sessions, from their own account page or an admin's."""
    reason = "ended_by_user" if actor.id == row.user_id else "ended_by_admin"
    sessions.end(row, reason)
    record("end_session", row.user, actor=actor, after={"session_id": row.id, "reason": reason})


def end_sessions(user: User, actor: User) -> int:
    """Sign the user out everywhere (the user themself, or an admin); return how many sessions ended."""
    reason = "everywhere" if actor.id == user.id else "ended_by_admin"
    ended = sessions.end_all(user, reason)
    record("end_sessions", user, actor=actor, after={"sessions_ended": ended, "reason": reason})
    return ended


def role_refusal(role: str, department_id: int | None) -> tuple[str, str] | None:
    """Return (Persian message, field) when the role and the department do not go together, else None."""
    if role not in ROLES:
        return "نقش نامعتبر است.", "role"
    if role == "manager" and department_id is None:
        return "برای نقش «کارشناس معاونت» معاونت را انتخاب کنید.", "department_id"
    if role == "city" and department_id is not None:
        # City-wide staff read every district; a department of one district would mean nothing.
        return "کارشناس ستاد شهری به معاونتی از منطقه وابسته نیست؛ معاونت را خالی بگذارید.", "department_id"
    return None


def create_user(username, password, role, district_id, *, full_name=None, department_id=None, actor=None):
    """Create a user with a hashed password that meets the policy (each door checks role_refusal first)."""
    username = username.strip()
    if role not in ROLES:
        raise UserError("نقش نامعتبر است.", "role")
    require_policy(password, username)
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise UserError("این نام کاربری پیش‌تر ثبت شده است.", "username")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        district_id=district_id,
        full_name=full_name,
        department_id=department_id,
    )
    db.session.add(user)
    db.session.flush()
    record("create", user, actor=actor, after={"username": username, "role": role})
    return user


def change_password(user: User, current: str, new: str, keep: UserSession | None = None) -> int:
    """Replace the user's own password; end their other sessions and return how many.

    The session in which the password was just typed (``keep``) stays: its holder has
    proved the password this minute, and ending it would only ask for it again.  Every
    other one ends, since whoever may have known the old password could hold it.
    """
    if not verify_password(user.password_hash, current):
        raise UserError("گذرواژهٔ کنونی درست نیست.", "current")
    require_policy(new, user.username, "new")
    if new == current:
        raise UserError("گذرواژهٔ تازه باید با گذرواژهٔ کنونی فرق داشته باشد.", "new")
    user.password_hash = hash_password(new)
    ended = sessions.end_all(user, "password_changed", keep=keep)
    record("change_password", user, actor=user, after={"sessions_ended": ended})
    return ended


def set_password(user: User, password: str, actor: User, keep: UserSession | None = None) -> None:
    """Give a user a new password from an admin: end their sessions and revoke their API tokens.

    A reset means the old password may be known to someone else, so nothing opened with it
    survives (but ``keep``, an admin's own current session when resetting themself).
    """
    require_policy(password, user.username)
    user.password_hash = hash_password(password)
    ended = sessions.end_all(user, "password_reset", keep=keep if actor.id == user.id else None)
    revoked = revoke_tokens(user, actor, "password_reset")
    record("reset_password", user, actor=actor, after={"sessions_ended": ended, "tokens_revoked": revoked})


def deactivated(user: User, actor: User) -> None:
    """End every session and revoke every token of a user who was just deactivated."""
    ended = sessions.end_all(user, "deactivated")
    revoke_tokens(user, actor, "deactivated")
    record("end_sessions", user, actor=actor, after={"sessions_ended": ended, "reason": "deactivated"})
