"""Views of the admin area: places, users, topics, days off and district settings (admins only)."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from tracker.admin import forms, services
from tracker.admin.services import AdminError
from tracker.auth import sessions
from tracker.auth.access import get_in_district, roles_required
from tracker.auth.scope import current_district_id
from tracker.auth.services import UserError, create_user
from tracker.extensions import db
from tracker.lists import choices
from tracker.models import Area, District, DistrictDayOff, Neighborhood, Topic, User
from tracker.persian.dates import format_jalali, jalali_year_month, today_tehran, weekday_name
from tracker.persian.digits import to_ascii_digits
from tracker.persian.text import sort_key
from tracker.web.flow import ConfirmForm, confirm_and_delete, edit_page
from tracker.web.paging import keyset_page
from tracker.workcalendar import days_off_in_year
from tracker.web.ids import read_id

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50
DAY_OFF_NOTE = ("تعطیلات رسمی کشور برای همهٔ منطقه‌ها یکی است و راهبر سامانه آن را نگه می‌دارد؛ "
                "این‌جا فقط روزهای تعطیل ویژهٔ همین منطقه ثبت می‌شود.")


@bp.before_request
@roles_required("admin")
def require_admin():
    """Let only administrators into any page of the admin area."""


def _district() -> District:
    return db.session.get(District, current_district_id())


def _live(model):
    """Return the district's undeleted records of a model, in Persian alphabetical order."""
    rows = db.session.scalars(model.live_in(current_district_id()))
    return sorted(rows, key=lambda r: sort_key(r.name))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _form_page(form, title: str, back: str, **extra):
    return render_template("admin/form.html", form=form, title=title, back=back, **extra)


def _confirm_page(form, message: str, back: str):
    return render_template("admin/confirm.html", form=form, message=message, back=back)


@bp.route("/")
def index():
    """Show the admin sections with how many records each holds."""
    district_id = current_district_id()
    counts = {
        "areas": _count(Area, Area.live_where(district_id)),
        "neighborhoods": _count(Neighborhood, Neighborhood.live_where(district_id)),
        "users": _count(User, User.district_id == district_id),
        "topics": _count(Topic, Topic.live_where(district_id)),
        "holidays": len(days_off_in_year(district_id, _year_of(today_tehran()))),
    }
    return render_template("admin/index.html", counts=counts, district=_district())


# ---------------------------------------------------------------- areas and neighborhoods

@bp.route("/places")
def places():
    """List the areas with their neighborhoods, in Persian alphabetical order."""
    groups = [(area, sorted(services.live_neighborhoods(area), key=lambda n: sort_key(n.name)))
              for area in _live(Area)]
    return render_template("admin/places.html", groups=groups)


def _admin_form(form, write, title: str, back: str, success, note: str | None = None):
    """Serve an admin create/edit page through the shared edit flow."""
    return edit_page(form, write, success=success, back=back, errors=(AdminError,),
                     render=lambda: _form_page(form, title, back, note=note))


def _admin_delete(write, question: str, success: str, back: str):
    """Ask an administrator to confirm a delete, then run it through the shared flow."""
    form = ConfirmForm()
    return confirm_and_delete(form, write, success=success, back=back, errors=(AdminError,),
                              render=lambda: _confirm_page(form, question, back))


@bp.route("/areas/new", methods=["GET", "POST"])
def area_new():
    """Add an area."""
    form = forms.AreaForm()
    return _admin_form(form, lambda: services.create_area(_district(), form.name.data), "ناحیهٔ تازه",
                       url_for("admin.places"), lambda area: f"ناحیهٔ «{area.name}» افزوده شد.")


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
def area_edit(area_id):
    """Rename an area."""
    area = get_in_district(Area, area_id)
    form = forms.AreaForm(obj=area)
    return _admin_form(form, lambda: services.update_area(area, form.name.data), f"ویرایش ناحیهٔ «{area.name}»",
                       url_for("admin.places"), "ناحیه ذخیره شد.")


@bp.route("/areas/<int:area_id>/delete", methods=["GET", "POST"])
def area_delete(area_id):
    """Ask for confirmation, then soft-delete an area that has no neighborhoods left."""
    area = get_in_district(Area, area_id)
    return _admin_delete(lambda: services.delete_area(area), f"ناحیهٔ «{area.name}» حذف شود؟",
                         f"ناحیهٔ «{area.name}» حذف شد.", url_for("admin.places"))


def _area_choices(form) -> None:
    form.area_id.choices = dict(choices.areas(current_district_id()))


@bp.route("/neighborhoods/new", methods=["GET", "POST"])
def neighborhood_new():
    """Add a neighborhood to an area."""
    form = forms.NeighborhoodForm()
    _area_choices(form)
    if request.method == "GET" and read_id(request.args.get("area")):
        form.area_id.data = read_id(request.args["area"])
    return _admin_form(
        form, lambda: services.create_neighborhood(_district(), form.name.data, form.area_id.data), "محلهٔ تازه",
        url_for("admin.places"), lambda neighborhood: f"محلهٔ «{neighborhood.name}» افزوده شد.")


@bp.route("/neighborhoods/<int:neighborhood_id>/edit", methods=["GET", "POST"])
def neighborhood_edit(neighborhood_id):
    """Rename a neighborhood or move it to another area."""
    neighborhood = get_in_district(Neighborhood, neighborhood_id)
    form = forms.NeighborhoodForm(obj=neighborhood)
    _area_choices(form)
    return _admin_form(
        form, lambda: services.update_neighborhood(neighborhood, form.name.data, form.area_id.data),
        f"ویرایش محلهٔ «{neighborhood.name}»", url_for("admin.places"), "محله ذخیره شد.")


@bp.route("/neighborhoods/<int:neighborhood_id>/delete", methods=["GET", "POST"])
def neighborhood_delete(neighborhood_id):
    """Ask for confirmation, then soft-delete a neighborhood."""
    neighborhood = get_in_district(Neighborhood, neighborhood_id)
    return _admin_delete(lambda: services.delete_neighborhood(neighborhood),
                         f"محلهٔ «{neighborhood.name}» حذف شود؟", f"محلهٔ «{neighborhood.name}» حذف شد.",
                         url_for("admin.places"))


# ---------------------------------------------------------------- users

def _department_choices(form, empty_label="— بدون معاونت —") -> None:
    departments = choices.departments(current_district_id())
    form.department_id.choices = {forms.NO_DEPARTMENT: empty_label} | dict(departments)


@bp.route("/users")
def users():
    """List the district's users."""
    stmt = select(User).where(User.district_id == current_district_id())
    page = keyset_page(stmt, [User.username, User.id], after=request.args.get("after"),
                       limit=USERS_PER_PAGE, descending=False)
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    """Create a user with a role, a department and a first password."""
    form = forms.UserCreateForm()
    _department_choices(form)

    def write():
        department_id = services.check_user_fields(current_district_id(), form.role.data, form.department_id.data)
        return create_user(
            form.username.data, form.password.data, form.role.data, current_district_id(),
            full_name=form.full_name.data or None, department_id=department_id, actor=current_user,
        )

    # A UserError (a taken username) is the only one the form cannot catch; it names no field.
    return edit_page(form, write, success=lambda user: f"کاربر «{user.username}» ساخته شد.",
                     back=url_for("admin.users"), errors=(AdminError, UserError), field="username",
                     render=lambda: _form_page(form, "کاربر تازه", url_for("admin.users")))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id):
    """Change a user's name, role, department or active flag."""
    user = get_in_district(User, user_id)
    form = forms.UserEditForm(obj=user)
    _department_choices(form)
    if request.method == "GET":
        form.department_id.data = user.department_id or forms.NO_DEPARTMENT
    return _admin_form(
        form, lambda: services.update_user(user, current_user, full_name=form.full_name.data, role=form.role.data,
                                           department_id=form.department_id.data, active=form.active.data),
        f"ویرایش کاربر «{user.username}»", url_for("admin.users"), f"کاربر «{user.username}» ذخیره شد.")


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def user_password(user_id):
    """Set a new password for a user."""
    user = get_in_district(User, user_id)
    form = forms.PasswordResetForm()
    form.policy_username = user.username
    return _admin_form(
        form, lambda: services.reset_password(user, current_user, form.password.data, keep=sessions.current()),
        f"گذرواژهٔ تازه برای «{user.username}»", url_for("admin.users"),
        f"گذرواژهٔ «{user.username}» تغییر کرد؛ نشست‌ها و توکن‌های او باطل شد.")


# ---------------------------------------------------------------- topics

def _topic_values(form) -> dict:
    return {
        "name": form.name.data, "department_id": form.department_id.data or None,
        "sla_days": form.sla_days.data, "high_days": form.high_days.data, "urgent_days": form.urgent_days.data,
        "response_template": form.response_template.data,
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
    return _admin_form(form, lambda: services.create_topic(_district(), **_topic_values(form)), "موضوع تازه",
                       url_for("admin.topics"), lambda topic: f"موضوع «{topic.name}» افزوده شد.")


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
def topic_edit(topic_id):
    """Change a feedback topic."""
    topic = get_in_district(Topic, topic_id)
    form = forms.TopicForm(obj=topic)
    _department_choices(form)
    if request.method == "GET":
        form.department_id.data = topic.department_id or forms.NO_DEPARTMENT
    return _admin_form(form, lambda: services.update_topic(topic, **_topic_values(form)),
                       f"ویرایش موضوع «{topic.name}»", url_for("admin.topics"), "موضوع ذخیره شد.")


@bp.route("/topics/<int:topic_id>/delete", methods=["GET", "POST"])
def topic_delete(topic_id):
    """Ask for confirmation, then soft-delete a topic."""
    topic = get_in_district(Topic, topic_id)
    return _admin_delete(lambda: services.delete_topic(topic), f"موضوع «{topic.name}» حذف شود؟",
                         f"موضوع «{topic.name}» حذف شد.", url_for("admin.topics"))


# ---------------------------------------------------------------- holidays and days off

def _year_of(day) -> int:
    return jalali_year_month(day)[0]


def _year_arg() -> int:
    """Return the Jalali year asked for in ?year= (any digits), else the current one."""
    raw = to_ascii_digits(request.args.get("year", "")).strip()
    if raw.isdigit() and 1300 <= int(raw) <= 1500:
        return int(raw)
    return _year_of(today_tehran())


def _days_off_back(day) -> str:
    return url_for("admin.holidays", year=_year_of(day))


@bp.route("/holidays")
def holidays():
    """List a Jalali year's days off: the national holidays (read-only) and the district's own."""
    year = _year_arg()
    return render_template("admin/holidays.html", year=year, weekday_name=weekday_name,
                           days=days_off_in_year(current_district_id(), year))


@bp.route("/days-off/new", methods=["GET", "POST"])
def day_off_new():
    """Add a day off of this district only."""
    form = forms.DayOffForm()
    return _admin_form(form, lambda: services.add_day_off(_district(), form.day.data, form.title.data),
                       "روز تعطیل تازهٔ منطقه", url_for("admin.holidays"),
                       lambda day_off: f"تعطیلی «{day_off.title}» افزوده شد.",
                       note=DAY_OFF_NOTE)


@bp.route("/days-off/<int:day_off_id>/edit", methods=["GET", "POST"])
def day_off_edit(day_off_id):
    """Move or rename one of the district's days off."""
    day_off = get_in_district(DistrictDayOff, day_off_id)
    form = forms.DayOffForm(obj=day_off)
    return edit_page(form, lambda: services.update_day_off(day_off, form.day.data, form.title.data),
                     success="تعطیلی ذخیره شد.", back=lambda saved: _days_off_back(saved.day), errors=(AdminError,),
                     render=lambda: _form_page(form, f"ویرایش تعطیلی «{day_off.title}»",
                                               _days_off_back(day_off.day), note=DAY_OFF_NOTE))


@bp.route("/days-off/<int:day_off_id>/delete", methods=["GET", "POST"])
def day_off_delete(day_off_id):
    """Ask for confirmation, then remove one of the district's days off."""
    day_off = get_in_district(DistrictDayOff, day_off_id)
    return _admin_delete(lambda: services.delete_day_off(day_off),
                         f"تعطیلی «{day_off.title}» در {format_jalali(day_off.day, 'long')} حذف شود؟",
                         f"تعطیلی «{day_off.title}» حذف شد.", _days_off_back(day_off.day))


# ---------------------------------------------------------------- district settings

@bp.route("/district", methods=["GET", "POST"])
def district_settings():
    """Edit the district's name and weekly days off."""
    district = _district()
    form = forms.DistrictForm(obj=district)
    if request.method == "GET":
        form.thursday_off.data = 3 in district.weekend_days
    return _admin_form(
        form, lambda: services.update_district(district, name=form.name.data, thursday_off=form.thursday_off.data),
        "تنظیمات منطقه", url_for("admin.index"), "تنظیمات منطقه ذخیره شد.",
        note="جمعه همیشه تعطیل است؛ مهلت‌های روز کاری بر پایهٔ این تنظیم، تعطیلات رسمی کشور و "
             "تعطیلی‌های ویژهٔ منطقه حساب می‌شوند.")
