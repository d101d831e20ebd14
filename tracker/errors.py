"""Persian error pages; nothing reaches the user as an English stack trace."""
from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException

from tracker.extensions import db

MESSAGES = {
    400: "درخواست نادرست بود.",
    403: "شما اجازهٔ دیدن این صفحه را ندارید.",
    404: "صفحه یا رکورد مورد نظر پیدا نشد.",
    405: "این کار با این روش مجاز نیست.",
    409: "این رکورد در این فاصله تغییر کرده است؛ صفحه را دوباره باز کنید.",
    413: "حجم داده‌های فرستاده‌شده بیش از اندازه است.",
    500: "خطایی در سامانه رخ داد. کار شما ذخیره نشد؛ دوباره تلاش کنید.",
}


class Refused(Forbidden):
    """A 403 whose Persian reason the error page shows."""

    def __init__(self, reason: str):
        super().__init__(description=reason)


class BadInput(BadRequest):
    """A 400 whose Persian reason the error page shows."""

    def __init__(self, reason: str):
        super().__init__(description=reason)


def _render(code: int, message: str | None = None):
    return (
        render_template("errors/error.html", code=code, message=message or MESSAGES.get(code, "")),
        code,
    )


def register(app):
    """Attach the handlers for HTTP errors, CSRF failures, stale saves and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(400, "نشست فرم منقضی شده است؛ صفحه را دوباره باز کنید و فرم را بفرستید.")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return _render(error.code, error.description if isinstance(error, Refused | BadInput) else None)

    @app.errorhandler(StaleDataError)
    def stale(_error):
        # Two people saved the same version; the later save wrote nothing and is told so.
        db.session.rollback()
        return _render(409)

    @app.errorhandler(Exception)
    def unexpected(error):
        # Nothing half-written survives: the transaction is rolled back before the page renders.
        db.session.rollback()
        app.logger.exception("unhandled error", exc_info=error)
        return _render(500)
