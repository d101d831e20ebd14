"""The audit trail page: who did what to which record, and who read personal data (admins only, read-only)."""
import re
from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms import Form
from wtforms.validators import ValidationError

from tracker.admin.trail import named_ids, readable
from tracker.auth.access import roles_required
from tracker.extensions import db
from tracker.models import AuditEntry, User
from tracker.models.choices import AUDIT_ACTIONS, AUDIT_RECORDS
from tracker.models.limits import ID_MAX
from tracker.models.people import MASK
from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.web.fields import JalaliDateField, ParsedField, SelectField, optional_int, options
from tracker.web.paging import keyset_page

bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50
ANY = "همه"


def _record_id(raw: str) -> int:
    text = to_ascii_digits(raw).strip()
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 0 < int(text) <= ID_MAX:
        raise ValueError("شمارهٔ رکورد باید عددی درست و مثبت باشد.")
    return int(text)


def _code(value) -> str | None:
    """Coerce a select's code, the blank choice (or none sent) to None."""
    return str(value) if value not in (None, "", "None") else None


class RecordIdField(ParsedField):
    """A record's number typed in any digits."""

    parse = staticmethod(_record_id)
    show = staticmethod(to_persian_digits)


class AuditFilter(Form):
    """The trail's filters, read from the query string."""

    user = SelectField("کاربر", coerce=optional_int)
    entity = SelectField("نوع رکورد", choices=options(AUDIT_RECORDS.items(), ANY), coerce=_code)
    entity_id = RecordIdField("شمارهٔ رکورد")
    action = SelectField("کار", choices=options(AUDIT_ACTIONS.items(), ANY), coerce=_code)
    start = JalaliDateField("از تاریخ")
    end = JalaliDateField("تا تاریخ")

    def validate_entity_id(self, field):
        if field.data is not None and not self.entity.data:
            raise ValidationError("برای جست‌وجوی یک رکورد، نوع آن را هم انتخاب کنید.")

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("تاریخ پایان پیش از تاریخ آغاز است.")


@bp.before_request
@roles_required("admin")
def require_admin():
    """Let only administrators read the trail."""


def _district_users() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.district_id == current_user.district_id).order_by(User.username)))


def trail(form: AuditFilter):
    """Return select(AuditEntry) of the admin's district (and the district-less entries) that the form selects."""
    stmt = select(AuditEntry).where(or_(AuditEntry.district_id == current_user.district_id,
                                        AuditEntry.district_id.is_(None)))
    if form.user.data:
        stmt = stmt.where(AuditEntry.user_id == form.user.data)
    if form.entity.data:
        stmt = stmt.where(AuditEntry.entity == form.entity.data)
    if form.entity_id.data is not None:
        stmt = stmt.where(AuditEntry.entity_id == form.entity_id.data)
    if form.action.data:
        stmt = stmt.where(AuditEntry.action == form.action.data)
    if form.start.data:
        stmt = stmt.where(AuditEntry.at >= datetime.combine(form.start.data, time.min))
    if form.end.data:
        stmt = stmt.where(AuditEntry.at < datetime.combine(form.end.data + timedelta(days=1), time.min))
    return stmt


def changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """Return (field, before, after) rows of an entry, its fields in the order first seen."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [(name, before.get(name), after.get(name)) for name in names]


@bp.route("")
def trail_page():
    """List the audit trail, newest first, filtered by user, record, action and Jalali date range."""
    users = _district_users()
    form = AuditFilter(request.args)
    form.user.choices = options(((u.id, u.display_name) for u in users), ANY)
    if not form.validate():
        return render_template("admin/audit.html", form=form, page=None, users={}, changes=changes, readable=readable,
                               mask=MASK), 400
    page = keyset_page(trail(form), [AuditEntry.id], after=request.args.get("after"), limit=PER_PAGE, count=False)
    return render_template("admin/audit.html", form=form, page=page, users={u.id: u for u in users},
                           changes=changes, readable=readable, named=named_ids(page.items), mask=MASK)
