"""Directory writes (departments and senior officials) and the queries their pages read."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.audit import record, snapshot
from tracker.extensions import db
from tracker.models import Commitment, Department, Event, Official, User, event_official
from tracker.persian.text import search_key

DEPARTMENT_FIELDS = ("name",)
OFFICIAL_FIELDS = ("name", "title", "department_id")


class DirectoryError(ValueError):
    """A directory rule was broken; the message is Persian and meant for the user, beside field when named."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _taken(model, district_id: int, name: str, exclude_id: int | None, **extra) -> bool:
    stmt = select(model.id).where(
        model.district_id == district_id, model.name_key == search_key(name), model.deleted_at.is_(None),
        *(getattr(model, k) == v for k, v in extra.items()),
    )
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return db.session.scalar(stmt.limit(1)) is not None


def create_department(district_id: int, name: str, actor=None) -> Department:
    """Add a department, refusing a duplicate name in any letter form, and audit it."""
    if _taken(Department, district_id, name, None):
        raise DirectoryError("معاونتی با همین نام هست.")
    department = Department(district_id=district_id, name=name)
    db.session.add(department)
    db.session.flush()
    record("create", department, actor=actor, after=snapshot(department, DEPARTMENT_FIELDS))
    return department


def update_department(department: Department, name: str, actor=None) -> Department:
    """Rename a department and audit it."""
    if _taken(Department, department.district_id, name, department.id):
        raise DirectoryError("معاونتی با همین نام هست.")
    before = snapshot(department, DEPARTMENT_FIELDS)
    department.name = name
    db.session.flush()
    record("update", department, actor=actor, before=before, after=snapshot(department, DEPARTMENT_FIELDS))
    return department


def delete_department(department: Department, actor=None) -> None:
    """Hide a department that no listed official belongs to, and audit it."""
    members = db.session.scalar(
        select(Official.id).where(Official.department_id == department.id, Official.deleted_at.is_(None)).limit(1)
    )
    if members is not None:
        raise DirectoryError("این معاونت هنوز مدیر دارد؛ نخست مدیران آن را به معاونت دیگری ببرید.")
    before = snapshot(department, DEPARTMENT_FIELDS)
    department.soft_delete()
    record("delete", department, actor=actor, before=before, after={"deleted_at": department.deleted_at})


def _official_values(official: Official, data: dict) -> None:
    for name in OFFICIAL_FIELDS:
        setattr(official, name, data.get(name))


def linked_user(official: Official) -> User | None:
    """Return the account linked to the official, if any."""
    return db.session.scalar(select(User).where(User.official_id == official.id)) if official.id else None


def linkable_users(district_id: int, official: Official | None = None) -> list[User]:
    """Return the district's active accounts an official may be linked to: free ones, and official's own."""
    free = User.official_id.is_(None)
    if official is not None and official.id:
        free = free | (User.official_id == official.id)
    return list(db.session.scalars(
        select(User).where(User.district_id == district_id, User.active.is_(True), free).order_by(User.username)))


def _link_user(official: Official, user_id: int | None, actor=None) -> None:
    """Link the official to the account user_id (None: to none): one of the district's, not another official's."""
    current = linked_user(official)
    if (current.id if current else None) == user_id:
        return
    user = db.session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or user.district_id != official.district_id):
        raise DirectoryError("این حساب کاربری در فهرست حساب‌های این منطقه نیست.", "user_id")
    if user is not None and user.official_id is not None:
        other = db.session.get(Official, user.official_id)
        raise DirectoryError(f"این حساب به مدیر دیگری ({other.name}) پیوند خورده است.", "user_id")
    if current is not None:
        current.official_id = None
        db.session.flush()  # free the link before another account takes it (one account per official)
    if user is not None:
        user.official_id = official.id
        db.session.flush()
    record("update", official, actor=actor, before={"user_id": current.id if current else None},
           after={"user_id": user_id})


def create_official(district_id: int, data: dict, actor=None) -> Official:
    """Add a senior official, refusing the same name with the same title, and audit it."""
    if _taken(Official, district_id, data["name"], None, title=data["title"]):
        raise DirectoryError("مدیری با همین نام و سمت ثبت شده است.")
    official = Official(district_id=district_id)
    _official_values(official, data)
    db.session.add(official)
    db.session.flush()
    record("create", official, actor=actor, after=snapshot(official, OFFICIAL_FIELDS))
    _link_user(official, data.get("user_id"), actor)
    return official


def update_official(official: Official, data: dict, actor=None) -> Official:
    """Change a senior official's name, title or department, and audit it."""
    if _taken(Official, official.district_id, data["name"], official.id, title=data["title"]):
        raise DirectoryError("مدیری با همین نام و سمت ثبت شده است.")
    before = snapshot(official, OFFICIAL_FIELDS)
    _official_values(official, data)
    db.session.flush()
    record("update", official, actor=actor, before=before, after=snapshot(official, OFFICIAL_FIELDS))
    _link_user(official, data.get("user_id"), actor)
    return official


def delete_official(official: Official, actor=None) -> None:
    """Hide a senior official (their past events and commitments stay), and audit it."""
    _link_user(official, None, actor)  # the account no longer stands for a listed official
    before = snapshot(official, OFFICIAL_FIELDS)
    official.soft_delete()
    record("delete", official, actor=actor, before=before, after={"deleted_at": official.deleted_at})


def departments_query(district_id: int):
    """Return a select of the district's departments."""
    return Department.live_in(district_id)


def officials_query(district_id: int, department_id: int | None = None):
    """Return a select of the district's officials, optionally of one department."""
    stmt = Official.live_in(district_id).options(selectinload(Official.department))
    if department_id:
        stmt = stmt.where(Official.department_id == department_id)
    return stmt


def official_events_query(official: Official):
    """Return a select of the events the official attended."""
    return (
        select(Event)
        .join(event_official, event_official.c.event_id == Event.id)
        .where(event_official.c.official_id == official.id, Event.deleted_at.is_(None))
    )


def official_commitments(official: Official) -> list[Commitment]:
    """Return the official's commitments, earliest due first."""
    return list(db.session.scalars(
        select(Commitment)
        .where(Commitment.official_id == official.id, Commitment.deleted_at.is_(None))
        .order_by(Commitment.due_on, Commitment.id)
    ))
