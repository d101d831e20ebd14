"""Sign in, sign out and change one's password."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import access  # noqa: F401  (registers the user loader)
from tracker.auth.forms import LoginForm, PasswordForm
from tracker.auth.services import UserError, authenticate, change_password
from tracker.extensions import db

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            form.password.errors.append("نام کاربری یا گذرواژه درست نیست.")
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign the user out."""
    logout_user()
    flash("از سامانه خارج شدید.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Let the signed-in user change their own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except UserError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            flash("گذرواژه تغییر کرد.", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)
