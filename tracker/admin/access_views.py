"""Admin pages of a user's access: where they are signed in and their API tokens (admins only)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, logout_user

from tracker.auth import sessions
from tracker.auth.access import get_in_district, roles_required
from tracker.auth.services import end_session, end_sessions
from tracker.auth.tokens import TOKEN_STATES, revoke_token, revoke_tokens, token_state, tokens_of
from tracker.extensions import db
from tracker.models import ApiToken, User, UserSession
from tracker.persian.digits import to_persian_digits

bp = Blueprint("admin_access", __name__, url_prefix="/admin/users")


@bp.before_request
@roles_required("admin")
def require_admin():
    """Let only administrators in."""


def _owned(model, record_id: int, user: User):
    """Return the user's session or token with this id, else 404."""
    row = db.session.get(model, record_id) if record_id < 2**31 else None
    if row is None or row.user_id != user.id:
        abort(404)
    return row


def _back(user: User):
    return redirect(url_for("admin_access.user_access", user_id=user.id))


def _signed_out_self(user: User) -> bool:
    """Tell whether the admin has just ended their own current session."""
    here = sessions.current()
    return user.id == current_user.id and here is not None and here.ended_at is not None


@bp.route("/<int:user_id>/access")
def user_access(user_id):
    """List a user's live sessions and every API token they have had."""
    user = get_in_district(User, user_id)
    return render_template(
        "admin/access.html", user=user, live=sessions.live_sessions(user), this=sessions.current(),
        tokens=tokens_of(user), token_state=token_state, TOKEN_STATES=TOKEN_STATES,
    )


@bp.route("/<int:user_id>/sessions/<int:session_id>/end", methods=["POST"])
def session_end(user_id, session_id):
    """End one of a user's sessions."""
    user = get_in_district(User, user_id)
    end_session(_owned(UserSession, session_id, user), current_user)
    db.session.commit()
    if _signed_out_self(user):
        logout_user()
        return redirect(url_for("auth.login"))
    flash("نشست پایان یافت.", "success")
    return _back(user)


@bp.route("/<int:user_id>/sessions/end-all", methods=["POST"])
def sessions_end_all(user_id):
    """Sign a user out everywhere."""
    user = get_in_district(User, user_id)
    ended = end_sessions(user, current_user)
    db.session.commit()
    if _signed_out_self(user):
        logout_user()
        return redirect(url_for("auth.login"))
    flash(f"«{user.username}» از همهٔ دستگاه‌ها خارج شد ({to_persian_digits(ended)} نشست).", "success")
    return _back(user)


@bp.route("/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
def token_revoke(user_id, token_id):
    """Revoke one API token of a user."""
    user = get_in_district(User, user_id)
    if revoke_token(_owned(ApiToken, token_id, user), current_user):
        db.session.commit()
        flash("توکن باطل شد.", "success")
    return _back(user)


@bp.route("/<int:user_id>/tokens/revoke-all", methods=["POST"])
def tokens_revoke_all(user_id):
    """Revoke every API token of a user."""
    user = get_in_district(User, user_id)
    revoked = revoke_tokens(user, current_user)
    db.session.commit()
    flash(f"{to_persian_digits(revoked)} توکن «{user.username}» باطل شد.", "success")
    return _back(user)
