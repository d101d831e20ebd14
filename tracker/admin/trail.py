"""How the audit trail reads: a recorded code by its label, a day in Jalali, an id by the name of its record."""
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Area, Campaign, Department, Household, Neighborhood, Occasion, Official, Phase, Topic
from tracker.models.choices import AUDIT_VALUE_VOCABULARIES, label
from tracker.persian.dates import format_jalali
from tracker.persian.digits import to_persian_digits

# The record an audited id points to, and the column that names it.
REFERENCES = {
    "neighborhood_id": Neighborhood.name, "area_id": Area.name, "department_id": Department.name,
    "campaign_id": Campaign.title, "phase_id": Phase.title, "official_id": Official.name, "topic_id": Topic.name,
    "household_id": Household.name, "occasion_id": Occasion.title,
}


def named_ids(entries) -> dict[str, dict[int, str]]:
    """Return, by field, the names of the records the entries' ids point to: one query per kind of record."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for field, value in values.items():
                if field in REFERENCES and isinstance(value, int) and not isinstance(value, bool):
                    wanted[field].add(value)
    names = {}
    for field, ids in wanted.items():
        column = REFERENCES[field]
        model = column.class_
        names[field] = dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())
    return names


def readable(entity: str | None, name: str, value, named: dict[str, dict[int, str]] | None = None) -> str:
    """Return one value an entry recorded as the trail shows it: a code by its Persian label, a day or a moment
    in Jalali, an id by its record's name (named_ids), a time and a number in Persian digits (the log keeps
    dates, times and moments as ISO text)."""
    if named and value in named.get(name, {}) and not isinstance(value, bool):
        return named[name][value] or to_persian_digits(value)
    vocabulary = AUDIT_VALUE_VOCABULARIES.get((entity, name)) or AUDIT_VALUE_VOCABULARIES.get((None, name))
    if isinstance(value, bool) or value is None:
        return {True: "بله", False: "خیر", None: "—"}[value]
    if isinstance(value, int | float):
        return to_persian_digits(value)
    if not isinstance(value, str):
        return str(value)
    if vocabulary:
        return label(value, vocabulary)
    try:
        if name.endswith(("_on", "_from", "_to")) or name == "day":
            return format_jalali(date.fromisoformat(value))
        if name.endswith("_at") or name == "at":
            return format_jalali(datetime.fromisoformat(value), "datetime")
        if name.endswith("_time"):
            return to_persian_digits(time.fromisoformat(value).strftime("%H:%M"))
    except ValueError:  # not what the name promises: shown as it was kept
        pass
    return value
