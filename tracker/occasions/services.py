"""Writers of the occasions: a district's own (its admin, on the web) and the national list (the CLI, the seed).

Every door passes the same plain values through ``clean``, so one set of rules and Persian
messages holds for the web form, the command line and the seed file.
"""
import json
from pathlib import Path

from sqlalchemy import select

from tracker.audit import record, snapshot
from tracker.extensions import db
from tracker.models import Occasion
from tracker.models.choices import OCCASION_CALENDARS
from tracker.occasions.calendar import MAX_LENGTH_DAYS, check_day
from tracker.persian.dates import JalaliDateError
from tracker.persian.digits import format_number, read_number
from tracker.persian.text import normalize, search_key

SEED_FILE = Path(__file__).resolve().parent.parent / "seeds" / "occasions.json"
FIELDS = ["title", "calendar", "month", "day", "length_days", "to_confirm"]
TITLE_MAX = 200


class OccasionError(ValueError):
    """An occasion that cannot be saved; str() is Persian, field names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _whole(value, field: str, message: str) -> int:
    """Return value as an int (any digits), or raise OccasionError with message beside field."""
    try:
        return read_number(None if value is None else str(value))
    except ValueError:
        raise OccasionError(message, field) from None


def _check_unique(title: str, district_id: int | None, exclude_id: int | None) -> None:
    """Refuse a title another live occasion of the same list (or a national one) already has."""
    scope = Occasion.district_id.is_(None)
    if district_id is not None:
        scope = scope | (Occasion.district_id == district_id)
    stmt = select(Occasion.id).where(scope, Occasion.title_key == search_key(title), Occasion.deleted_at.is_(None))
    if exclude_id is not None:
        stmt = stmt.where(Occasion.id != exclude_id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise OccasionError("مناسبتی با همین عنوان پیش‌تر ثبت شده است.", "title")


def clean(values: dict, district_id: int | None, exclude_id: int | None = None) -> dict:
    """Return the values checked and normalized, or raise OccasionError naming the field at fault."""
    title = normalize(values.get("title"))
    if not title:
        raise OccasionError("عنوان مناسبت را بنویسید.", "title")
    if len(title) > TITLE_MAX:
        raise OccasionError("عنوان مناسبت بیش از ۲۰۰ نویسه است.", "title")
    calendar = values.get("calendar") or "solar"
    if calendar not in OCCASION_CALENDARS:
        raise OccasionError("گاه‌شمار باید خورشیدی یا قمری باشد.", "month")
    month = _whole(values.get("month"), "month", "ماه باید عددی بین ۱ و ۱۲ باشد.")
    if not 1 <= month <= 12:
        raise OccasionError("ماه باید عددی بین ۱ و ۱۲ باشد.", "month")
    day = _whole(values.get("day"), "day", "روز را با یک عدد بنویسید.")
    try:
        check_day(calendar, month, day)
    except JalaliDateError as error:
        raise OccasionError(str(error), "day") from error
    length = values.get("length_days")
    length = 1 if length in (None, "") else _whole(length, "length_days", "طول مناسبت را با یک عدد بنویسید.")
    if not 1 <= length <= MAX_LENGTH_DAYS:
        raise OccasionError(f"طول مناسبت باید بین ۱ و {format_number(MAX_LENGTH_DAYS)} روز باشد.", "length_days")
    _check_unique(title, district_id, exclude_id)
    return {"title": title, "calendar": calendar, "month": month, "day": day, "length_days": length,
            "to_confirm": bool(values.get("to_confirm"))}


def create_occasion(district_id: int | None, values: dict, actor=None) -> Occasion:
    """Add an occasion: the district's own, or (district_id None) a national one."""
    occasion = Occasion(district_id=district_id, **clean(values, district_id))
    db.session.add(occasion)
    db.session.flush()
    record("create", occasion, actor=actor, after=snapshot(occasion, FIELDS))
    return occasion


def update_occasion(occasion: Occasion, values: dict, actor=None) -> Occasion:
    """Change an occasion; its campaigns stay linked to it."""
    cleaned = clean({"to_confirm": occasion.to_confirm, **values}, occasion.district_id, occasion.id)
    before = snapshot(occasion, FIELDS)
    for name, value in cleaned.items():
        setattr(occasion, name, value)
    db.session.flush()
    record("update", occasion, actor=actor, before=before, after=snapshot(occasion, FIELDS))
    return occasion


def delete_occasion(occasion: Occasion, actor=None) -> None:
    """Hide an occasion from the calendar; campaigns planned for it keep their link and label."""
    occasion.soft_delete()
    record("delete", occasion, actor=actor, before=snapshot(occasion, FIELDS))


def seed_national(path: Path = SEED_FILE) -> int:
    """Add the seed file's national occasions that are missing; return how many were added.

    One the operator removed stays removed: a title seen before, live or deleted, is skipped.
    """
    rows = json.loads(path.read_text(encoding="utf-8"))["occasions"]
    known = set(db.session.scalars(select(Occasion.title_key).where(Occasion.district_id.is_(None))))
    added = 0
    for row in rows:
        if search_key(row["title"]) in known:
            continue
        values = {"title": row["title"], "calendar": row["calendar"], "month": row["month"], "day": row["day"],
                  "length_days": row.get("days", 1), "to_confirm": row.get("to_confirm", False)}
        db.session.add(Occasion(district_id=None, **clean(values, None)))
        known.add(search_key(row["title"]))
        added += 1
    db.session.flush()
    if added:
        record("seed_occasions", entity="occasion", after={"added": added})
    return added
