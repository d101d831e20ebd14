"""Request bodies for the write rows of tests/pages.py, built from one district's sample records.

Each function takes the Sample and the Records of one district (District 21's, or District 22's to
check that another district's record is refused) and returns a minimal body that the route
accepts when the record is the caller's own. They read the records' current values, so they run
inside an app context.
"""
import io
from datetime import timedelta

from sqlalchemy import select

from tests.sample_data import PASSWORD, Records, Sample
from tracker.extensions import db
from tracker.models import Campaign, DistrictDayOff, Event, FeedbackItem, Holiday, Household
from tracker.persian.dates import jalali_str

NEW_PASSWORD = "Golestan-Kooche-1404"  # passes the password policy, and names no demo account
NONE = 0  # the admin forms' "no department"


def jalali(day) -> str:
    """Return a date as the forms type it: a Jalali date."""
    return jalali_str(day)


def version(model, record_id: int) -> int:
    """Return a record's current version, as an edit page or an API client would send it back."""
    return db.session.get(model, record_id).version


def free_day(sample: Sample) -> str:
    """Return a day that is neither a national holiday nor any district's day off."""
    taken = set(db.session.scalars(select(Holiday.day))) | set(db.session.scalars(select(DistrictDayOff.day)))
    day = sample.today + timedelta(days=60)
    while day in taken:
        day += timedelta(days=1)
    return jalali(day)


def day_off(_sample: Sample, r: Records) -> dict:
    """Rename a day off, keeping its day."""
    row = db.session.get(DistrictDayOff, r.day_off_id)
    return {"day": jalali(row.day), "title": "روز درختکاری محله"}


def campaign(sample: Sample, r: Records) -> dict:
    """Return the campaign form as its edit page fills it, with a new title."""
    row = db.session.get(Campaign, r.campaign_id)
    body = {"title": f"{row.title} (ویرایش)", "occasion": row.occasion or "", "status": row.status,
            "starts_on": jalali(row.starts_on), "ends_on": jalali(row.ends_on), "goals": row.goals or ""}
    for i, phase in enumerate(row.phases):
        body |= {f"phases-{i}-number": str(phase.number), f"phases-{i}-title": phase.title,
                 f"phases-{i}-starts_on": jalali(phase.starts_on) if phase.starts_on else "",
                 f"phases-{i}-ends_on": jalali(phase.ends_on) if phase.ends_on else ""}
    body |= {f"targets-n{t.neighborhood_id}_{t.category}": str(t.count) for t in row.targets}
    return body


def new_campaign(sample: Sample, _r: Records) -> dict:
    """Return a new campaign with one phase."""
    starts, ends = jalali(sample.today), jalali(sample.today + timedelta(days=30))
    return {"title": "پویش پاکیزگی محله", "status": "draft", "starts_on": starts, "ends_on": ends,
            "phases-0-number": "1", "phases-0-title": "دیدارها", "phases-0-starts_on": starts,
            "phases-0-ends_on": ends}


def event(_sample: Sample, r: Records) -> dict:
    """Return the held visit's edit form as its page fills it, with a new title."""
    row = db.session.get(Event, r.event_id)
    return {"kind": row.kind, "status": row.status, "campaign_id": str(row.campaign_id or ""),
            "phase_id": str(row.phase_id or ""), "neighborhood_id": str(row.neighborhood_id),
            "held_on": jalali(row.held_on), "title": "دیدار با خانوادهٔ شهید (ویرایش)", "minutes": row.minutes or "",
            "official_ids": [str(o.id) for o in row.officials], "household_ids": [str(h.id) for h in row.households],
            "version": str(row.version)}


def new_event(sample: Sample, r: Records) -> dict:
    """Return a meeting planned in the district's neighborhood, with its official and household."""
    return {"kind": "meeting", "status": "planned", "neighborhood_id": str(r.neighborhood_id),
            "held_on": jalali(sample.today + timedelta(days=2)), "title": "نشست با معتمدان",
            "official_ids": [str(r.official_id)], "household_ids": [str(r.household_id)]}


def feedback_rows(_sample: Sample, _r: Records) -> dict:
    """Return the visit page's three feedback rows as a browser sends them: one filled, two left blank."""
    body = {}
    for i, (kind, text) in enumerate([("suggestion", "ایجاد فضای سبز در انتهای کوچه"), ("", ""), ("", "")]):
        body |= {f"fb-rows-{i}-{name}": value for name, value in (
            ("kind", kind), ("text", text), ("topic_id", ""), ("household_id", ""), ("department_id", ""),
            ("priority", "normal"))}
    return body


def household(_sample: Sample, r: Records) -> dict:
    """Return the household's edit form as its page fills it, with new notes."""
    row = db.session.get(Household, r.household_id)
    return {"name": row.name, "category": row.category, "neighborhood_id": str(row.neighborhood_id),
            "martyr_name": row.martyr_name or "", "address": row.address or "", "phone": row.phone or "",
            "national_id": row.national_id or "", "notes": "تماس پیش از دیدار", "version": str(row.version)}


def new_household(_sample: Sample, r: Records) -> dict:
    """Return a neighborhood trustee not registered yet."""
    return {"name": "آقای حمید نیک‌نام", "category": "trustee", "neighborhood_id": str(r.neighborhood_id)}


def api_feedback_step(status: str, **fields):
    """Return a builder of an API body that moves a feedback item to status."""
    def build(_sample: Sample, r: Records) -> dict:
        return {"version": version(FeedbackItem, r.item_id), "status": status, **fields}
    return build


def password_change(_sample: Sample, _r: Records) -> dict:
    """Return the own-password form, from the demo password to a new one."""
    return {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}


def import_file(_sample: Sample, _r: Records) -> dict:
    """Return the import's upload form with a two-family list (a fresh file object each time)."""
    data = "نام خانوار,محله,دسته\r\nخانوادهٔ نیک‌نام,وردآورد,شهروند\r\nخانوادهٔ پاکزاد,وردآورد,معتمد محل\r\n"
    return {"file": (io.BytesIO(data.encode()), "households.csv")}


def import_mapping(_sample: Sample, r: Records) -> dict:
    """Return the column choice of the sample list: the neighborhood given as the default instead of its column."""
    return {"column_0": "name", "column_1": "", "column_2": "category", "neighborhood_default": str(r.neighborhood_id),
            "category_default": ""}
