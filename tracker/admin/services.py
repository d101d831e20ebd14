"""Writers for the admin area: places, users, topics, the district's days off and its settings."""
from datetime import date

from sqlalchemy import select

from tracker.audit import record, snapshot
from tracker.auth.services import UserError, deactivated, role_refusal, set_password
from tracker.extensions import db
from tracker.feedback.deadlines import default_days
from tracker.models import Area, Department, District, DistrictDayOff, Holiday, Neighborhood, Topic, User
from tracker.models.choices import ROLES
from tracker.models.limits import SLA_DAYS
from tracker.persian.digits import format_number
from tracker.persian.text import normalize, search_key
from tracker.persian.workdays import FRIDAY, THURSDAY


class AdminError(ValueError):
    """A rule of the admin area was broken; the message is Persian, field names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------- areas and neighborhoods

def _check_unique_name(model, district_id: int, name: str, exclude_id: int | None = None) -> None:
    """Refuse a name that matches another record's search key (deleted ones too: the key is unique)."""
    stmt = select(model).where(model.district_id == district_id, model.name_key == search_key(name))
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    other = db.session.scalars(stmt).first()
    if other is None:
        return
    if getattr(other, "deleted_at", None) is not None:
        raise AdminError(f"«{other.name}» پیش‌تر ثبت و سپس حذف شده است؛ نام دیگری برگزینید.", "name")
    raise AdminError(f"«{other.name}» پیش‌تر ثبت شده است.", "name")


def create_area(district: District, name: str) -> Area:
    """Add an area to the district."""
    _check_unique_name(Area, district.id, name)
    area = Area(district_id=district.id, name=name)
    db.session.add(area)
    db.session.flush()
    record("create", area, after={"name": area.name})
    return area


def update_area(area: Area, name: str) -> None:
    """Rename an area."""
    _check_unique_name(Area, area.district_id, name, area.id)
    before = snapshot(area, ["name"])
    area.name = name
    record("update", area, before=before, after=snapshot(area, ["name"]))


def live_neighborhoods(area: Area) -> list[Neighborhood]:
    """Return the area's neighborhoods that are not deleted."""
    return [n for n in area.neighborhoods if n.deleted_at is None]


def delete_area(area: Area) -> None:
    """Soft-delete an area, refusing while it still holds neighborhoods."""
    remaining = live_neighborhoods(area)
    if remaining:
        raise AdminError(
            f"ناحیهٔ «{area.name}» هنوز {format_number(len(remaining))} محله دارد؛ "
            "نخست محله‌ها را به ناحیهٔ دیگری ببرید یا حذف کنید."
        )
    area.soft_delete()
    record("delete", area, before={"name": area.name}, after={"deleted_at": area.deleted_at})


def _area_in_district(district_id: int, area_id: int) -> Area:
    area = db.session.get(Area, area_id)
    if area is None or area.district_id != district_id or area.deleted_at is not None:
        raise AdminError("ناحیهٔ انتخاب‌شده در این منطقه نیست.", "area_id")
    return area


def create_neighborhood(district: District, name: str, area_id: int) -> Neighborhood:
    """Add a neighborhood to one of the district's areas."""
    area = _area_in_district(district.id, area_id)
    _check_unique_name(Neighborhood, district.id, name)
    neighborhood = Neighborhood(district_id=district.id, area_id=area.id, name=name)
    db.session.add(neighborhood)
    db.session.flush()
    record("create", neighborhood, after={"name": neighborhood.name, "area_id": area.id})
    return neighborhood


def update_neighborhood(neighborhood: Neighborhood, name: str, area_id: int) -> None:
    """Rename a neighborhood or move it to another area of the same district."""
    area = _area_in_district(neighborhood.district_id, area_id)
    _check_unique_name(Neighborhood, neighborhood.district_id, name, neighborhood.id)
    fields = ["name", "area_id"]
    before = snapshot(neighborhood, fields)
    neighborhood.name = name
    neighborhood.area_id = area.id
    record("update", neighborhood, before=before, after=snapshot(neighborhood, fields))


def delete_neighborhood(neighborhood: Neighborhood) -> None:
    """Soft-delete a neighborhood."""
    neighborhood.soft_delete()
    record("delete", neighborhood, before=snapshot(neighborhood, ["name", "area_id"]),
           after={"deleted_at": neighborhood.deleted_at})


# ---------------------------------------------------------------- users

USER_FIELDS = ["full_name", "role", "department_id", "active"]


def _department_in_district(district_id: int, department_id: int | None) -> int | None:
    if not department_id:
        return None
    department = db.session.get(Department, department_id)
    if department is None or department.district_id != district_id or department.deleted_at is not None:
        raise AdminError("این معاونت در این منطقه نیست.", "department_id")
    return department.id


def check_user_fields(district_id: int, role: str, department_id: int | None) -> int | None:
    """Check a role and department pair and return the department id to store."""
    if role not in ROLES:
        raise AdminError("نقش نامعتبر است.", "role")
    department_id = _department_in_district(district_id, department_id)
    refusal = role_refusal(role, department_id)
    if refusal:
        raise AdminError(*refusal)
    return department_id


def update_user(user: User, actor: User, *, full_name: str | None, role: str,
                department_id: int | None, active: bool) -> None:
    """Change a user's name, role, department and active flag; admins cannot lock themselves out."""
    department_id = check_user_fields(user.district_id, role, department_id)
    if user.id == actor.id and role != "admin":
        raise AdminError("نمی‌توانید نقش مدیر سامانه را از خودتان بگیرید.", "role")
    if user.id == actor.id and not active:
        raise AdminError("نمی‌توانید حساب خودتان را غیرفعال کنید.", "active")
    before = snapshot(user, USER_FIELDS)
    user.full_name = normalize(full_name) or None
    user.role = role
    user.department_id = department_id
    user.active = active
    record("update", user, actor=actor, before=before, after=snapshot(user, USER_FIELDS))
    if before["active"] and not active:
        deactivated(user, actor)


def reset_password(user: User, actor: User, password: str, keep=None) -> None:
    """Set a new password for a user, ending their sessions and tokens (the password is never recorded)."""
    try:
        set_password(user, password, actor, keep=keep)
    except UserError as error:
        raise AdminError(str(error), "password") from error


# ---------------------------------------------------------------- topics

TOPIC_FIELDS = ["name", "department_id", "sla_days", "high_days", "urgent_days", "response_template"]


def _check_priority_days(sla_days: int, high_days: int | None, urgent_days: int | None) -> None:
    """Refuse answer times that do not shorten with priority: urgent <= high <= normal."""
    for name, days in (("high_days", high_days), ("urgent_days", urgent_days)):
        if days is not None and not 1 <= days <= 365:
            raise AdminError("مهلت باید میان ۱ تا ۳۶۵ روز کاری باشد.", name)
    high = high_days if high_days is not None else default_days(sla_days, "high")
    urgent = urgent_days if urgent_days is not None else default_days(sla_days, "urgent")
    if high > sla_days:
        raise AdminError(f"مهلت اولویت «زیاد» ({format_number(high)} روز) نمی‌تواند از مهلت عادی "
                         f"({format_number(sla_days)} روز) بیشتر باشد.", "high_days")
    if urgent > high:
        raise AdminError(f"مهلت اولویت «فوری» ({format_number(urgent)} روز) نمی‌تواند از مهلت اولویت "
                         f"«زیاد» ({format_number(high)} روز) بیشتر باشد.", "urgent_days")


def _topic_values(district_id: int, values: dict) -> dict:
    sla_days = values["sla_days"]
    if sla_days is None or not SLA_DAYS[0] <= sla_days <= SLA_DAYS[1]:
        low, high = (format_number(n) for n in SLA_DAYS)
        raise AdminError(f"مهلت باید میان {low} تا {high} روز کاری باشد.", "sla_days")
    high_days, urgent_days = values.get("high_days"), values.get("urgent_days")
    _check_priority_days(sla_days, high_days, urgent_days)
    template = normalize(values.get("response_template") or "", multiline=True)
    return {
        "name": values["name"],
        "department_id": _department_in_district(district_id, values.get("department_id")),
        "sla_days": sla_days,
        "high_days": high_days,
        "urgent_days": urgent_days,
        "response_template": template or None,
    }


def _check_unique_topic(district_id: int, name: str, exclude_id: int | None = None) -> None:
    stmt = select(Topic.name).where(
        Topic.district_id == district_id, Topic.name_key == search_key(name), Topic.deleted_at.is_(None)
    )
    if exclude_id is not None:
        stmt = stmt.where(Topic.id != exclude_id)
    other = db.session.scalar(stmt)
    if other is not None:
        raise AdminError(f"موضوع «{other}» پیش‌تر ثبت شده است.", "name")


def create_topic(district: District, **values) -> Topic:
    """Add a feedback topic with its default department and response time."""
    clean = _topic_values(district.id, values)
    _check_unique_topic(district.id, clean["name"])
    topic = Topic(district_id=district.id, **clean)
    db.session.add(topic)
    db.session.flush()
    record("create", topic, after=snapshot(topic, TOPIC_FIELDS))
    return topic


def update_topic(topic: Topic, **values) -> None:
    """Change a feedback topic."""
    clean = _topic_values(topic.district_id, values)
    _check_unique_topic(topic.district_id, clean["name"], topic.id)
    before = snapshot(topic, TOPIC_FIELDS)
    for name, value in clean.items():
        setattr(topic, name, value)
    record("update", topic, before=before, after=snapshot(topic, TOPIC_FIELDS))


def delete_topic(topic: Topic) -> None:
    """Soft-delete a feedback topic."""
    topic.soft_delete()
    record("delete", topic, before=snapshot(topic, TOPIC_FIELDS), after={"deleted_at": topic.deleted_at})


# ---------------------------------------------------------------- the district's own days off

DAY_OFF_FIELDS = ["day", "title"]


def _check_day_off(district_id: int, day: date, exclude_id: int | None = None) -> None:
    """Refuse a second day off on the same day, and one that a national holiday already gives."""
    stmt = select(DistrictDayOff.title).where(DistrictDayOff.district_id == district_id, DistrictDayOff.day == day)
    if exclude_id is not None:
        stmt = stmt.where(DistrictDayOff.id != exclude_id)
    other = db.session.scalar(stmt)
    if other is not None:
        raise AdminError(f"این روز پیش‌تر با عنوان «{other}» تعطیل منطقه ثبت شده است.", "day")
    national = db.session.scalar(select(Holiday.title).where(Holiday.day == day).limit(1))
    if national is not None:
        raise AdminError(f"این روز تعطیل رسمی کشور است («{national}»)؛ نیازی به ثبت دوباره نیست.", "day")


def add_day_off(district: District, day: date, title: str) -> DistrictDayOff:
    """Add a day off of this district only."""
    _check_day_off(district.id, day)
    day_off = DistrictDayOff(district_id=district.id, day=day, title=title)
    db.session.add(day_off)
    db.session.flush()
    record("create", day_off, after=snapshot(day_off, DAY_OFF_FIELDS))
    return day_off


def update_day_off(day_off: DistrictDayOff, day: date, title: str) -> DistrictDayOff:
    """Move or rename one of the district's days off."""
    _check_day_off(day_off.district_id, day, day_off.id)
    before = snapshot(day_off, DAY_OFF_FIELDS)
    day_off.day = day
    day_off.title = title
    record("update", day_off, before=before, after=snapshot(day_off, DAY_OFF_FIELDS))
    return day_off


def delete_day_off(day_off: DistrictDayOff) -> None:
    """Remove one of the district's days off for good (it is reference data, not a record of work)."""
    record("delete", day_off, before=snapshot(day_off, DAY_OFF_FIELDS))
    db.session.delete(day_off)


# ---------------------------------------------------------------- district settings

def update_district(district: District, *, name: str, thursday_off: bool) -> None:
    """Rename the district and set its weekly days off (Friday always, Thursday optional)."""
    fields = ["name", "weekend"]
    before = snapshot(district, fields)
    district.name = name
    district.weekend = f"{THURSDAY},{FRIDAY}" if thursday_off else str(FRIDAY)
    record("update", district, before=before, after=snapshot(district, fields), district_id=district.id)
