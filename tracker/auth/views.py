"""Sign in and out, change one's password, and see or end one's sessions."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.utils import login_url

from tracker.auth import sessions
from tracker.auth.access import login_manager
from tracker.auth.forms import LoginForm, PasswordForm
from tracker.auth.services import UserError, change_password, end_session, end_sessions, sign_in, sign_out
from tracker.auth.tokens import TOKEN_STATES, token_state, tokens_of
from tracker.extensions import db
from tracker.models import UserSession
from tracker.models.access import SESSION_END_REASONS
from tracker.persian.digits import to_persian_digits

bp = Blueprint("auth", __name__, url_prefix="/auth")

SESSION_OVER = "نشست شما به پایان رسیده است؛ دوباره وارد شوید."


@bp.before_app_request
def keep_session_current():
    """Touch the live session now and then, or close the one the cookie names if it is over."""
    if request.blueprint in ("assets", "api") or request.endpoint == "static":
        return
    if not sessions.refresh():
        g.session_over = True
        flash(SESSION_OVER, "warning")


@login_manager.unauthorized_handler
def unauthorized():
    """Send anonymous visitors to the sign-in page, saying why once."""
    if not g.get("session_over"):
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = sign_in(form.username.data, form.password.data, request.remote_addr,
                         request.headers.get("User-Agent"))
        db.session.commit()
        if result.user is None:
            form.password.errors.append(result.message)
        else:
            session.clear()
            login_user(result.user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign the user out, ending the session on the server too."""
    if current_user.is_authenticated:
        sign_out(current_user, sessions.current())
        db.session.commit()
    logout_user()
    session.clear()
    flash("از سامانه خارج شدید.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Let the signed-in user change their own password, ending their other sessions."""
    form = PasswordForm()
    form.policy_username = current_user.username
    if form.validate_on_submit():
        try:
            ended = change_password(current_user, form.current.data, form.new.data, keep=sessions.current())
        except UserError as error:
            db.session.rollback()
            getattr(form, error.field or "current").errors.append(str(error))
        else:
            db.session.commit()
            note = f"؛ نشست شما در {to_persian_digits(ended)} دستگاه دیگر پایان یافت" if ended else ""
            flash(f"گذرواژه تغییر کرد{note}.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form)


@bp.route("/account")
@login_required
def account():
    """List where the user is signed in and their API tokens."""
    return render_template(
        "auth/account.html", live=sessions.live_sessions(current_user), this=sessions.current(),
        tokens=tokens_of(current_user), token_state=token_state, TOKEN_STATES=TOKEN_STATES,
        SESSION_END_REASONS=SESSION_END_REASONS,
    )


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def session_end(session_id):
    """End one of the user's own sessions (another browser or device)."""
    row = db.session.get(UserSession, session_id) if session_id < 2**31 else None
    if row is None or row.user_id != current_user.id:
        abort(404)
    end_session(row, current_user)
    db.session.commit()
    flash("نشست آن دستگاه پایان یافت.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/sessions/end-all", methods=["POST"])
@login_required
def sessions_end_all():
    """Sign the user out everywhere, this browser included."""
    ended = end_sessions(current_user, current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(f"از همهٔ دستگاه‌ها خارج شدید ({to_persian_digits(ended)} نشست).", "info")
    return redirect(url_for("auth.login"))
