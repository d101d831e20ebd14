"""The end of a write request: commit and move on, or show the service's error beside its field."""
from flask import flash, redirect


def save_or_report(form, write, *, success, back, errors=(ValueError,), field=None):
    """Run a service write; on success commit, flash and redirect, else show its Persian error.

    ``success`` and ``back`` may be functions of what ``write`` returned. On error the
    transaction is rolled back, so nothing is half-written, and the message goes beside the
    form field it names (``error.field``, else ``field``) or into a flash message.
    Returns the redirect, or None when the form must be shown again with the typed input.
    """
    from tracker.extensions import db

    try:
        result = write()
    except errors as error:
        db.session.rollback()
        name = getattr(error, "field", None) or field
        target = getattr(form, name, None) if name else None
        if target is not None:
            target.errors = list(target.errors) + [str(error)]
        else:
            flash(str(error), "danger")
        return None
    db.session.commit()
    flash(success(result) if callable(success) else success, "success")
    return redirect(back(result) if callable(back) else back)
