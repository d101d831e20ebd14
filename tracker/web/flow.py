"""The shape of every write page: save or show the error beside its field; confirm, then delete."""
from flask import flash, redirect, request

from tracker.extensions import db
from tracker.web.forms import WebForm


class ConfirmForm(WebForm):
    """An empty form: only the CSRF token of a confirmed delete or action."""


def report_error(form, error: Exception, field: str | None = None) -> None:
    """Put a service's Persian error beside the form field it names (``error.field``, else field), else flash it."""
    name = getattr(error, "field", None) or field
    target = getattr(form, name, None) if name and form is not None else None
    if target is not None:
        target.errors = [*target.errors, str(error)]
    else:
        flash(str(error), "danger")


def save_or_report(form, write, *, success, back, errors=(ValueError,), field=None, error_form=None):
    """Run a service write; on success commit, flash and redirect, else show its Persian error.

    ``success`` and ``back`` may be functions of what ``write`` returned. On error the
    transaction is rolled back, so nothing is half-written, and the message goes beside the
    form field it names (in ``error_form(error)`` when given, e.g. one row of several) or
    into a flash message. Returns the redirect, or None when the form must be shown again.
    """
    try:
        result = write()
    except errors as error:
        db.session.rollback()
        report_error(error_form(error) if error_form else form, error, field)
        return None
    # Build the message and the address before committing: if either fails, the error page's
    # "nothing was saved" is true, since the transaction is rolled back.
    message = success(result) if callable(success) else success
    target = back(result) if callable(back) else back
    db.session.commit()
    flash(message, "success")
    return redirect(target)


def edit_page(form, write, *, render, success, back, errors=(ValueError,), field=None):
    """Serve a create or edit page: save a valid submission and redirect, else render the form again.

    ``render()`` draws the page with the typed input and its errors; the other arguments are
    save_or_report's.
    """
    if form.validate_on_submit():
        done = save_or_report(form, write, success=success, back=back, errors=errors, field=field)
        if done is not None:
            return done
    return render()


def confirm_and_delete(form, write, *, render, success: str, back: str, errors=(ValueError,),
                       refused: str | None = None):
    """Ask first; on a confirmed POST run the write (a delete, a cancel), commit, flash and redirect.

    ``render()`` draws the question (again, with the form's errors, when the confirmation was
    not given). A write the service refuses is rolled back, its message flashed, and the user
    sent to ``refused`` (default: back).
    """
    if request.method == "POST" and form.validate_on_submit():
        try:
            write()
        except errors as error:
            db.session.rollback()
            flash(str(error), "danger")
            return redirect(refused or back)
        db.session.commit()
        flash(success, "success")
        return redirect(back)
    return render()
