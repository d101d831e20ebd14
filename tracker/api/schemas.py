"""Turn records into JSON and JSON request bodies into checked values, with Persian error messages."""
import base64
import binascii
import json
from datetime import date

from flask import request

from tracker.api.auth import ApiError, sees_personal_data
from tracker.persian.dates import JalaliDateError, jalali_str, parse_date_any, parse_jalali_time
from tracker.persian.digits import to_ascii_digits

MAX_INT = 2**31 - 1
MAX_LIMIT = 200
DEFAULT_LIMIT = 50

REQUIRED = "این مقدار لازم است."
NOT_TEXT = "این مقدار باید متن باشد."
NOT_INT = "این مقدار باید عدد صحیح مثبت باشد."
NOT_BOOL = "این مقدار باید true یا false باشد."
NOT_LIST = "این مقدار باید فهرستی از شناسه‌ها باشد."
NOT_CHOICE = "این مقدار از گزینه‌های مجاز نیست."
TOO_LONG = "این متن بیش از {} نویسه است."


# ---- output -------------------------------------------------------------------------------

def dates(name: str, d: date | None) -> dict:
    """Return {name: ISO date, name_jalali: "1403/01/31"}, both null when d is None."""
    return {name: d.isoformat() if d else None, f"{name}_jalali": jalali_str(d) if d else None}


def neighborhood_json(n) -> dict:
    """Describe a neighborhood with its area and district."""
    return {"id": n.id, "name": n.name, "area": n.area.name, "area_id": n.area_id,
            "district": n.district.name, "district_id": n.district_id}


def department_json(d) -> dict:
    """Describe a department."""
    return {"id": d.id, "name": d.name}


def official_json(o) -> dict:
    """Describe an official."""
    return {"id": o.id, "name": o.name, "title": o.title, "department_id": o.department_id}


def topic_json(t) -> dict:
    """Describe a feedback topic with its department and response time."""
    return {"id": t.id, "name": t.name, "department_id": t.department_id, "sla_days": t.sla_days}


def campaign_json(c) -> dict:
    """Describe a campaign with its phases and targets."""
    return {
        "id": c.id, "title": c.title, "occasion": c.occasion, "status": c.status, "goals": c.goals,
        **dates("starts_on", c.starts_on), **dates("ends_on", c.ends_on),
        "phases": [
            {"id": p.id, "number": p.number, "title": p.title,
             **dates("starts_on", p.starts_on), **dates("ends_on", p.ends_on)}
            for p in c.phases
        ],
        "targets": sorted(
            ({"neighborhood_id": t.neighborhood_id, "category": t.category, "count": t.count} for t in c.targets),
            key=lambda t: (t["neighborhood_id"], t["category"]),
        ),
        "version": c.version,
    }


def household_json(h) -> dict:
    """Describe a household; a viewer gets its phone, address and national ID as null."""
    personal = sees_personal_data()
    return {
        "id": h.id, "name": h.name, "category": h.category, "neighborhood_id": h.neighborhood_id,
        "martyr_name": h.martyr_name, "address": h.address if personal else None,
        "phone": h.phone if personal else None, "national_id": h.national_id if personal else None,
        "publicity_consent": bool(h.publicity_consent), "notes": h.notes, "version": h.version,
    }


def event_json(e) -> dict:
    """Describe an event with its officials and households."""
    return {
        "id": e.id, "kind": e.kind, "status": e.status, "campaign_id": e.campaign_id,
        "phase_id": e.phase_id, "phase": e.phase.number if e.phase else None,
        "neighborhood_id": e.neighborhood_id, "title": e.title, **dates("date", e.held_on),
        "time": e.start_time.strftime("%H:%M") if e.start_time else None,
        "duration_minutes": e.duration_minutes, "minutes": e.minutes,
        "official_ids": sorted(o.id for o in e.officials),
        "household_ids": sorted(h.id for h in e.households), "version": e.version,
    }


def feedback_json(f) -> dict:
    """Describe a feedback item with its workflow dates."""
    return {
        "id": f.id, "event_id": f.event_id, "household_id": f.household_id, "kind": f.kind,
        "topic_id": f.topic_id, "text": f.text, "priority": f.priority, "department_id": f.department_id,
        "status": f.status, **dates("received_on", f.received_on), **dates("referred_on", f.referred_on),
        **dates("due_on", f.due_on), **dates("answered_on", f.answered_on), **dates("closed_on", f.closed_on),
        "response": f.response, "rejection_reason": f.rejection_reason, "merged_into_id": f.merged_into_id,
        "satisfaction": f.satisfaction, "version": f.version,
    }


# ---- input --------------------------------------------------------------------------------

def json_body() -> dict:
    """Return the request's JSON object, or raise 400."""
    data = request.get_json(silent=True) if request.is_json else None
    if not isinstance(data, dict):
        raise ApiError(400, {"body": "بدنهٔ درخواست باید یک شیء JSON معتبر باشد."})
    return data


def page_args(columns) -> tuple[int, str | None]:
    """Return (limit, after) from the query string, or raise 400 for a bad limit or a cursor not made for columns."""
    raw = request.args.get("limit")
    limit = DEFAULT_LIMIT
    if raw is not None:
        raw = to_ascii_digits(raw)
        # isdigit alone lets "²" through, which int() then refuses.
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
            raise ApiError(400, {"limit": f"limit باید عددی از ۱ تا {MAX_LIMIT} باشد."})
        limit = int(raw)
    after = request.args.get("after") or None
    if after is not None and not _cursor_fits(after, columns):
        raise ApiError(400, {"after": "نشانگر صفحه (after) معتبر نیست."})
    return limit, after


def _cursor_fits(cursor: str, columns) -> bool:
    """Tell whether cursor holds one value of the right type per column (so no query compares mismatched types)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return False
    if not isinstance(values, list) or len(values) != len(columns):
        return False
    for value, column in zip(values, columns):
        kind = column.type.python_type
        if kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INT:
                return False
        elif kind is date:
            if not (isinstance(value, dict) and value.get("$t") == "date" and _is_iso_date(value.get("v"))):
                return False
        else:
            return False
    return True


def _is_iso_date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class Reader:
    """Read typed fields from a JSON object, collecting one Persian message per bad field."""

    def __init__(self, data: dict):
        self.data = data
        self.errors: dict[str, str] = {}

    def has(self, name: str) -> bool:
        return name in self.data

    def _missing(self, name: str, required: bool) -> bool:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.errors[name] = REQUIRED
            return True
        return False

    def text(self, name: str, required=False, max_len: int | None = None) -> str | None:
        """Return a stripped string (None when absent)."""
        if self._missing(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, str) or "\x00" in value:
            self.errors[name] = NOT_TEXT
            return None
        value = value.strip()
        if required and not value:
            self.errors[name] = REQUIRED
            return None
        if max_len and len(value) > max_len:
            self.errors[name] = TOO_LONG.format(max_len)
            return None
        return value or None

    def integer(self, name: str, required=False, low=1, high=MAX_INT) -> int | None:
        """Return an integer within [low, high]."""
        if self._missing(name, required):
            return None
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.errors[name] = NOT_INT if low >= 1 else f"این مقدار باید عددی از {low} تا {high} باشد."
            return None
        return value

    def choice(self, name: str, choices, required=False) -> str | None:
        """Return one of the vocabulary's codes."""
        if self._missing(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, str) or value not in choices:
            self.errors[name] = NOT_CHOICE
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        """Return true or false."""
        if self._missing(name, False):
            return None
        value = self.data[name]
        if not isinstance(value, bool):
            self.errors[name] = NOT_BOOL
            return None
        return value

    def date(self, name: str, required=False) -> date | None:
        """Return a date given as Jalali (any digits) or ISO."""
        if self._missing(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, str):
            self.errors[name] = "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ یا 2024-04-19 بفرستید."
            return None
        try:
            return parse_date_any(value)
        except JalaliDateError as error:
            self.errors[name] = str(error)
            return None

    def time(self, name: str):
        """Return a time of day such as "14:30"."""
        if self._missing(name, False):
            return None
        value = self.data[name]
        if not isinstance(value, str):
            self.errors[name] = "ساعت را به شکل ۱۴:۳۰ بفرستید."
            return None
        try:
            return parse_jalali_time(value)
        except JalaliDateError as error:
            self.errors[name] = str(error)
            return None

    def ids(self, name: str) -> list[int] | None:
        """Return a list of positive integer ids."""
        if name not in self.data or self.data[name] is None:
            return None
        value = self.data[name]
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_INT for v in value
        ):
            self.errors[name] = NOT_LIST
            return None
        return list(dict.fromkeys(value))

    def fail(self, name: str, message: str) -> None:
        """Record a message for a field."""
        self.errors.setdefault(name, message)

    def check(self) -> None:
        """Raise 422 with every collected message, if any."""
        if self.errors:
            raise ApiError(422, dict(self.errors))


# ---- request bodies per resource ----------------------------------------------------------

def campaign_data(data: dict, campaign, neighborhood_ids: set[int]) -> dict:
    """Return the campaign service's data dict from a POST body, or a PATCH body over campaign's values."""
    from tracker.models.choices import CAMPAIGN_STATUSES, HOUSEHOLD_CATEGORIES

    r = Reader(data)
    if campaign is None:
        current = {"status": "draft", "occasion": None, "goals": None, "phases": None, "targets": {}}
    else:
        current = {
            "title": campaign.title, "occasion": campaign.occasion, "status": campaign.status,
            "goals": campaign.goals, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
            "phases": [{"number": p.number, "title": p.title, "starts_on": p.starts_on, "ends_on": p.ends_on}
                       for p in campaign.phases],
            "targets": {(t.neighborhood_id, t.category): t.count for t in campaign.targets},
        }
    new = campaign is None
    out = dict(current)
    for name, max_len in (("title", 200), ("occasion", 200), ("goals", 5000)):
        if new or r.has(name):
            out[name] = r.text(name, required=name == "title", max_len=max_len)
    if new or r.has("status"):
        out["status"] = r.choice("status", CAMPAIGN_STATUSES, required=not new) or "draft"
    for name in ("starts_on", "ends_on"):
        if new or r.has(name):
            out[name] = r.date(name, required=True)
    if r.has("phases"):
        out["phases"] = _phases(r)
    if r.has("targets"):
        out["targets"] = _targets(r, neighborhood_ids, HOUSEHOLD_CATEGORIES)
    r.check()
    if out["phases"] is None:  # one phase covering the campaign unless phases were given
        out["phases"] = [{"number": 1, "title": out["title"], "starts_on": None, "ends_on": None}]
    return out


def _phases(r: Reader) -> list | None:
    rows = r.data.get("phases")
    if not isinstance(rows, list) or not rows:
        r.fail("phases", "مرحله‌ها باید فهرستی ناتهی از {number, title} باشند.")
        return None
    phases = []
    for i, row in enumerate(rows):
        sub = Reader(row if isinstance(row, dict) else {})
        phase = {"number": sub.integer("number", True, 1, 99), "title": sub.text("title", True, 200),
                 "starts_on": sub.date("starts_on"), "ends_on": sub.date("ends_on")}
        if sub.errors or not isinstance(row, dict):
            field, message = next(iter(sub.errors.items()), ("number", REQUIRED))
            r.fail(f"phases[{i}].{field}", message)
        phases.append(phase)
    return phases


def _targets(r: Reader, neighborhood_ids: set[int], categories) -> dict | None:
    rows = r.data.get("targets")
    if not isinstance(rows, list):
        r.fail("targets", "هدف‌ها باید فهرستی از {neighborhood_id, category, count} باشند.")
        return None
    targets = {}
    for i, row in enumerate(rows):
        sub = Reader(row if isinstance(row, dict) else {})
        nid = sub.integer("neighborhood_id", True)
        category = sub.choice("category", categories, True)
        count = sub.integer("count", True, 0, 100000)
        if nid is not None and nid not in neighborhood_ids:
            sub.fail("neighborhood_id", "محله را از محله‌های همین منطقه انتخاب کنید.")
        if sub.errors or not isinstance(row, dict):
            field, message = next(iter(sub.errors.items()), ("neighborhood_id", REQUIRED))
            r.fail(f"targets[{i}].{field}", message)
        elif (nid, category) in targets:
            r.fail(f"targets[{i}]", "این محله و دسته دو بار آمده است.")
        else:
            targets[(nid, category)] = count
    return targets


HOUSEHOLD_TEXT = (("name", 160), ("martyr_name", 160), ("address", 2000), ("phone", 40),
                  ("national_id", 40), ("notes", 5000))


def household_data(data: dict, household) -> dict:
    """Return the household service's data dict from a POST body, or a PATCH body over household's values."""
    from tracker.households.services import FIELDS

    r = Reader(data)
    out = {name: getattr(household, name) for name in FIELDS} if household is not None else {}
    for name, max_len in HOUSEHOLD_TEXT:
        if household is None or r.has(name):
            out[name] = r.text(name, max_len=max_len)
    if household is None or r.has("category"):
        out["category"] = r.text("category", max_len=40)
    if household is None or r.has("neighborhood_id"):
        out["neighborhood_id"] = r.integer("neighborhood_id")
    if household is None or r.has("publicity_consent"):
        out["publicity_consent"] = bool(r.boolean("publicity_consent"))
    r.check()
    return out
