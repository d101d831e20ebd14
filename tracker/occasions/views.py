"""Views of the occasions calendar: a Jalali year's occasions, and the district's own (admins write them)."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.models import Occasion
from tracker.occasions import queries, services
from tracker.occasions.calendar import describe
from tracker.occasions.forms import OccasionForm
from tracker.occasions.services import OccasionError
from tracker.persian.dates import jalali_year_month, today_tehran, weekday_name
from tracker.persian.digits import to_ascii_digits
from tracker.web.flow import ConfirmForm, confirm_and_delete, edit_page

bp = Blueprint("occasions", __name__, url_prefix="/occasions")

NATIONAL_NOTE = ("مناسبت‌های کشوری برای همهٔ منطقه‌ها یکی است و راهبر سامانه آن‌ها را نگه می‌دارد؛ "
                 "این‌جا مناسبت‌های ویژهٔ همین منطقه (مانند سالروز تأسیس منطقه) ثبت می‌شود.")


def _year() -> int:
    """Return the Jalali year asked for in ?year= (any digits), else the current one."""
    raw = to_ascii_digits(request.args.get("year", "")).strip()
    if raw.isdigit() and 1300 <= int(raw) <= 1500:
        return int(raw)
    return jalali_year_month(today_tehran())[0]


@bp.route("/")
@roles_required(*READERS)
def index():
    """List a Jalali year's occasions, national and the district's own, by date."""
    year = _year()
    return render_template(
        "occasions/index.html", year=year, rows=queries.year_calendar(current_user.district_id, year),
        today=today_tehran(), describe=describe, weekday_name=weekday_name,
        can_plan=current_user.role in WRITERS, can_edit=current_user.role == "admin",
    )


def _form_page(form, write, title: str, success):
    return edit_page(
        form, write, success=success, errors=(OccasionError,), back=url_for("occasions.index"),
        render=lambda: render_template("occasions/form.html", form=form, title=title, note=NATIONAL_NOTE),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def new():
    """Add an occasion of this district only."""
    form = OccasionForm()
    return _form_page(form, lambda: services.create_occasion(current_user.district_id, form.values(), current_user),
                      "مناسبت تازهٔ منطقه", lambda saved: f"مناسبت «{saved.title}» افزوده شد.")


@bp.route("/<int:occasion_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def edit(occasion_id):
    """Change one of the district's own occasions."""
    occasion = get_in_district(Occasion, occasion_id)
    form = OccasionForm()
    if request.method == "GET":
        form.fill(occasion)
    return _form_page(form, lambda: services.update_occasion(occasion, form.values(), current_user),
                      f"ویرایش مناسبت «{occasion.title}»", "مناسبت ذخیره شد.")


@bp.route("/<int:occasion_id>/delete", methods=["GET", "POST"])
@roles_required("admin")
def delete(occasion_id):
    """Ask for confirmation, then hide one of the district's own occasions."""
    occasion = get_in_district(Occasion, occasion_id)
    form = ConfirmForm()
    back = url_for("occasions.index")
    return confirm_and_delete(
        form, lambda: services.delete_occasion(occasion, current_user), success=f"مناسبت «{occasion.title}» حذف شد.",
        back=back, errors=(OccasionError,),
        render=lambda: render_template("admin/confirm.html", form=form, back=back,
                                       message=f"مناسبت «{occasion.title}» از تقویم منطقه حذف شود؟ "
                                               "کمپین‌هایی که برای آن ثبت شده‌اند نامش را نگه می‌دارند."),
    )
