"""Views of the admin area: places, users, topics, holidays and district settings (admins only)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from tracker import choice_lists
from tracker.admin import forms, services
from tracker.admin.services import AdminError
from tracker.auth.access import get_in_district, roles_required
from tracker.auth.services import UserError, create_user
from tracker.extensions import db
from tracker.models import Area, District, Holiday, Neighborhood, Topic, User
from tracker.persian.dates import format_jalali, today_tehran, weekday_name, year_range
from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.persian.text import sort_key
from tracker.web.flow import save_or_report
from tracker.web.paging import keyset_page

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50


@bp.before_request
@roles_required("admin")
def require_admin():
    """Let only administrators into any page of the admin area."""


def _district() -> District:
    return db.session.get(District, current_user.district_id)


def _live(model):
    """Return the district's undeleted records of a model, in Persian alphabetical order."""
    rows = db.session.scalars(
        select(model).where(model.district_id == current_user.district_id, model.deleted_at.is_(None))
    )
    return sorted(rows, key=lambda r: sort_key(r.name))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _report(form, error: AdminError) -> None:
    """Show a service's Persian error beside its field, or as a message when it has none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [str(error)]
    else:
        flash(str(error), "danger")


def _form_page(form, title: str, back: str, **extra):
    return render_template("admin/form.html", form=form, title=title, back=back, **extra)


def _confirm_page(message: str, back: str):
    return render_template("admin/confirm.html", form=forms.ConfirmForm(), message=message, back=back)


@bp.route("/")
def index():
    """Show the admin sections with how many records each holds."""
    district_id = current_user.district_id
    first, last = year_range(services.current_jalali_year(today_tehran()))
    counts = {
        "areas": _count(Area, Area.district_id == district_id, Area.deleted_at.is_(None)),
        "neighborhoods": _count(Neighborhood, Neighborhood.district_id == district_id,
                                Neighborhood.deleted_at.is_(None)),
        "users": _count(User, User.district_id == district_id),
        "topics": _count(Topic, Topic.district_id == district_id, Topic.deleted_at.is_(None)),
        "holidays": _count(Holiday, Holiday.day.between(first, last)),
    }
    return render_template("admin/index.html", counts=counts, district=_district())


# ---------------------------------------------------------------- areas and neighborhoods

@bp.route("/places")
def places():
    """List the areas with their neighborhoods, in Persian alphabetical order."""
    groups = [(area, sorted(services.live_neighborhoods(area), key=lambda n: sort_key(n.name)))
              for area in _live(Area)]
    return render_template("admin/places.html", groups=groups)


@bp.route("/areas/new", methods=["GET", "POST"])
def area_new():
    """Add an area."""
    form = forms.AreaForm()
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.create_area(_district(), form.name.data),
            success=lambda area: f"ناحیهٔ «{area.name}» افزوده شد.",
            back=url_for("admin.places"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, "ناحیهٔ تازه", url_for("admin.places"))


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
def area_edit(area_id):
    """Rename an area."""
    area = get_in_district(Area, area_id)
    form = forms.AreaForm(obj=area)
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.update_area(area, form.name.data),
            success="ناحیه ذخیره شد.",
            back=url_for("admin.places"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, f"ویرایش ناحیهٔ «{area.name}»", url_for("admin.places"))


@bp.route("/areas/<int:area_id>/delete", methods=["GET", "POST"])
def area_delete(area_id):
    """Ask for confirmation, then soft-delete an area that has no neighborhoods left."""
    area = get_in_district(Area, area_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.delete_area(area)
        except AdminError as error:
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(f"ناحیهٔ «{area.name}» حذف شد.", "success")
        return redirect(url_for("admin.places"))
    return _confirm_page(f"ناحیهٔ «{area.name}» حذف شود؟", url_for("admin.places"))


def _area_choices(form) -> None:
    form.area_id.choices = dict(choice_lists.areas(current_user.district_id))


@bp.route("/neighborhoods/new", methods=["GET", "POST"])
def neighborhood_new():
    """Add a neighborhood to an area."""
    form = forms.NeighborhoodForm()
    _area_choices(form)
    if request.method == "GET" and request.args.get("area", "").isdigit():
        form.area_id.data = int(request.args["area"])
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.create_neighborhood(_district(), form.name.data, form.area_id.data),
            success=lambda neighborhood: f"محلهٔ «{neighborhood.name}» افزوده شد.",
            back=url_for("admin.places"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, "محلهٔ تازه", url_for("admin.places"))


@bp.route("/neighborhoods/<int:neighborhood_id>/edit", methods=["GET", "POST"])
def neighborhood_edit(neighborhood_id):
    """Rename a neighborhood or move it to another area."""
    neighborhood = get_in_district(Neighborhood, neighborhood_id)
    form = forms.NeighborhoodForm(obj=neighborhood)
    _area_choices(form)
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.update_neighborhood(neighborhood, form.name.data, form.area_id.data),
            success="محله ذخیره شد.",
            back=url_for("admin.places"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, f"ویرایش محلهٔ «{neighborhood.name}»", url_for("admin.places"))


@bp.route("/neighborhoods/<int:neighborhood_id>/delete", methods=["GET", "POST"])
def neighborhood_delete(neighborhood_id):
    """Ask for confirmation, then soft-delete a neighborhood."""
    neighborhood = get_in_district(Neighborhood, neighborhood_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_neighborhood(neighborhood)
        db.session.commit()
        flash(f"محلهٔ «{neighborhood.name}» حذف شد.", "success")
        return redirect(url_for("admin.places"))
    return _confirm_page(f"محلهٔ «{neighborhood.name}» حذف شود؟", url_for("admin.places"))


# ---------------------------------------------------------------- users

def _department_choices(form, empty_label="— بدون معاونت —") -> None:
    departments = choice_lists.departments(current_user.district_id)
    form.department_id.choices = {forms.NO_DEPARTMENT: empty_label} | dict(departments)


@bp.route("/users")
def users():
    """List the district's users."""
    stmt = select(User).where(User.district_id == current_user.district_id)
    page = keyset_page(stmt, [User.username, User.id], after=request.args.get("after"),
                       limit=USERS_PER_PAGE, descending=False)
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create a user with a role, a department and a first password."""
    form = forms.UserCreateForm()
    _department_choices(form)
    if form.validate_on_submit():
        try:
            department_id = services.check_user_fields(
                current_user.district_id, form.role.data, form.department_id.data
            )
            user = create_user(
                form.username.data, form.password.data, form.role.data, current_user.district_id,
                full_name=form.full_name.data or None, department_id=department_id, actor=current_user,
            )
        except AdminError as error:
            _report(form, error)
        except UserError as error:  # the only one the form cannot catch: a taken username
            form.username.errors = list(form.username.errors) + [str(error)]
        else:
            db.session.commit()
            flash(f"کاربر «{user.username}» ساخته شد.", "success")
            return redirect(url_for("admin.users"))
    return _form_page(form, "کاربر تازه", url_for("admin.users"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id):
    """Change a user's name, role, department or active flag."""
    user = get_in_district(User, user_id)
    form = forms.UserEditForm(obj=user)
    _department_choices(form)
    if request.method == "GET":
        form.department_id.data = user.department_id or forms.NO_DEPARTMENT
    if form.validate_on_submit():
        try:
            services.update_user(
                user, current_user, full_name=form.full_name.data, role=form.role.data,
                department_id=form.department_id.data, active=form.active.data,
            )
        except AdminError as error:
            _report(form, error)
        else:
            db.session.commit()
            flash(f"کاربر «{user.username}» ذخیره شد.", "success")
            return redirect(url_for("admin.users"))
    return _form_page(form, f"ویرایش کاربر «{user.username}»", url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_password(user_id):
    """Set a new password for a user."""
    user = get_in_district(User, user_id)
    form = forms.PasswordResetForm()
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.reset_password(user, current_user, form.password.data),
            success=f"گذرواژهٔ «{user.username}» تغییر کرد.",
            back=url_for("admin.users"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, f"گذرواژهٔ تازه برای «{user.username}»", url_for("admin.users"))


# ---------------------------------------------------------------- topics

def _topic_values(form) -> dict:
    return {
        "name": form.name.data, "department_id": form.department_id.data or None,
        "sla_days": form.sla_days.data, "response_template": form.response_template.data,
    }


@bp.route("/topics")
def topics():
    """List the feedback topics."""
    return render_template("admin/topics.html", topics=_live(Topic))


@bp.route("/topics/new", methods=["GET", "POST"])
def topic_new():
    """Add a feedback topic."""
    form = forms.TopicForm()
    _department_choices(form)
    if request.method == "GET":
        form.sla_days.data = 10
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.create_topic(_district(), **_topic_values(form)),
            success=lambda topic: f"موضوع «{topic.name}» افزوده شد.",
            back=url_for("admin.topics"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, "موضوع تازه", url_for("admin.topics"))


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
def topic_edit(topic_id):
    """Change a feedback topic."""
    topic = get_in_district(Topic, topic_id)
    form = forms.TopicForm(obj=topic)
    _department_choices(form)
    if request.method == "GET":
        form.department_id.data = topic.department_id or forms.NO_DEPARTMENT
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.update_topic(topic, **_topic_values(form)),
            success="موضوع ذخیره شد.",
            back=url_for("admin.topics"), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, f"ویرایش موضوع «{topic.name}»", url_for("admin.topics"))


@bp.route("/topics/<int:topic_id>/delete", methods=["GET", "POST"])
def topic_delete(topic_id):
    """Ask for confirmation, then soft-delete a topic."""
    topic = get_in_district(Topic, topic_id)
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_topic(topic)
        db.session.commit()
        flash(f"موضوع «{topic.name}» حذف شد.", "success")
        return redirect(url_for("admin.topics"))
    return _confirm_page(f"موضوع «{topic.name}» حذف شود؟", url_for("admin.topics"))


# ---------------------------------------------------------------- holidays

def _year_arg() -> int:
    """Return the Jalali year asked for in ?year= (any digits), else the current one."""
    raw = to_ascii_digits(request.args.get("year", "")).strip()
    if raw.isdigit() and 1300 <= int(raw) <= 1500:
        return int(raw)
    return services.current_jalali_year(today_tehran())


def _holiday_year(holiday: Holiday) -> int:
    return services.current_jalali_year(holiday.day)


@bp.route("/holidays")
def holidays():
    """List the holidays of one Jalali year."""
    year = _year_arg()
    fill_form = forms.FillYearForm(formdata=None)
    return render_template(
        "admin/holidays.html", year=year, holidays=services.holidays_of_year(year),
        weekday_name=weekday_name, fill_form=fill_form,
    )


@bp.route("/holidays/new", methods=["GET", "POST"])
def holiday_new():
    """Add a holiday by hand."""
    form = forms.HolidayForm()
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.add_holiday(form.day.data, form.title.data, current_user.district_id),
            success=lambda holiday: f"تعطیلی «{holiday.title}» افزوده شد.",
            back=lambda holiday: url_for("admin.holidays", year=_holiday_year(holiday)), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, "تعطیلی تازه", url_for("admin.holidays"))


def _get_holiday(holiday_id: int) -> Holiday:
    holiday = db.session.get(Holiday, holiday_id)
    if holiday is None:
        abort(404)
    return holiday


@bp.route("/holidays/<int:holiday_id>/edit", methods=["GET", "POST"])
def holiday_edit(holiday_id):
    """Correct a holiday's date or title."""
    holiday = _get_holiday(holiday_id)
    form = forms.HolidayForm(obj=holiday)
    back = url_for("admin.holidays", year=_holiday_year(holiday))
    if form.validate_on_submit():
        done = save_or_report(
            form, lambda: services.update_holiday(holiday, form.day.data, form.title.data, current_user.district_id),
            success="تعطیلی ذخیره شد.",
            back=lambda holiday: url_for("admin.holidays", year=_holiday_year(holiday)), errors=(AdminError,),
        )
        if done:
            return done
    return _form_page(form, f"ویرایش تعطیلی «{holiday.title}»", back,
                      note="اگر تاریخ یک تعطیلی محاسبه‌شده را تغییر دهید، «دستی» (اصلاح‌شده) نشان داده می‌شود.")


@bp.route("/holidays/<int:holiday_id>/delete", methods=["GET", "POST"])
def holiday_delete(holiday_id):
    """Ask for confirmation, then remove a holiday."""
    holiday = _get_holiday(holiday_id)
    back = url_for("admin.holidays", year=_holiday_year(holiday))
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_holiday(holiday, current_user.district_id)
        db.session.commit()
        flash(f"تعطیلی «{holiday.title}» حذف شد.", "success")
        return redirect(back)
    return _confirm_page(f"تعطیلی «{holiday.title}» در {format_jalali(holiday.day, 'long')} حذف شود؟", back)


@bp.route("/holidays/fill", methods=["POST"])
def holiday_fill():
    """Add the fixed and computed holidays of the chosen Jalali year."""
    form = forms.FillYearForm()
    if not form.validate_on_submit():
        flash(" ".join(form.year.errors) or "سال را درست وارد کنید.", "danger")
        return redirect(url_for("admin.holidays"))
    added = services.fill_year(form.year.data, current_user.district_id)
    db.session.commit()
    flash(f"{to_persian_digits(added)} تعطیلی برای سال {to_persian_digits(form.year.data)} افزوده شد.", "success")
    return redirect(url_for("admin.holidays", year=form.year.data))


# ---------------------------------------------------------------- district settings

@bp.route("/district", methods=["GET", "POST"])
def district_settings():
    """Edit the district's name and weekly days off."""
    district = _district()
    form = forms.DistrictForm(obj=district)
    if request.method == "GET":
        form.thursday_off.data = 3 in district.weekend_days
    if form.validate_on_submit():
        services.update_district(district, name=form.name.data, thursday_off=form.thursday_off.data)
        db.session.commit()
        flash("تنظیمات منطقه ذخیره شد.", "success")
        return redirect(url_for("admin.district_settings"))
    return _form_page(form, "تنظیمات منطقه", url_for("admin.index"),
                      note="جمعه همیشه تعطیل است؛ مهلت‌های روز کاری بر پایهٔ این تنظیم و جدول تعطیلات حساب می‌شوند.")
