"""Load a district's reference data from its JSON file, idempotently."""
import json
import re
from pathlib import Path

from sqlalchemy import select

from tracker.extensions import db
from tracker.holidays.services import fill_years
from tracker.models import Area, Department, District, Neighborhood, Topic
from tracker.occasions.services import seed_national
from tracker.persian.digits import to_persian_digits
from tracker.persian.text import search_key

SEED_DIR = Path(__file__).resolve().parent
SEED_FILE = re.compile(r"district(\d+)\.json", re.ASCII)


class UnknownDistrict(LookupError):
    """No seed file exists for the district asked for."""

    def __init__(self, number: int):
        self.number = number
        self.available = seeded_districts()
        listed = ", ".join(map(str, self.available))
        super().__init__(
            f"No seed file for district {number}; districts with a seed file: {listed}. "
            f"Choose one of them with --number, or add tracker/seeds/district{number}.json first.\n"
            f"برای منطقهٔ {to_persian_digits(number)} فایل داده‌های پایه نیست؛ "
            f"منطقه‌هایی که فایل دارند: {to_persian_digits('، '.join(map(str, self.available)))}."
        )


def seeded_districts() -> list[int]:
    """Return the numbers of the districts that have a seed file, in order."""
    found = (SEED_FILE.fullmatch(path.name) for path in SEED_DIR.glob("district*.json"))
    return sorted(int(match.group(1)) for match in found if match)


def _get_or_add(model, lookup: dict, **values):
    obj = db.session.scalar(select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**values)
        db.session.add(obj)
        db.session.flush()
    return obj


def seed_district(number: int = 21) -> District:
    """Create the district with its places, departments and topics; add the national holidays and occasions."""
    if number not in seeded_districts():
        raise UnknownDistrict(number)
    data = json.loads((SEED_DIR / f"district{number}.json").read_text(encoding="utf-8"))
    district = _get_or_add(District, {"number": data["number"]}, number=data["number"], name=data["name"])
    for area_name, neighborhood_names in data["areas"].items():
        area = _get_or_add(
            Area, {"district_id": district.id, "name_key": search_key(area_name)},
            district_id=district.id, name=area_name,
        )
        for name in neighborhood_names:
            _get_or_add(
                Neighborhood, {"district_id": district.id, "name_key": search_key(name)},
                district_id=district.id, area_id=area.id, name=name,
            )
    departments = {}
    for name in data["departments"]:
        departments[name] = _get_or_add(
            Department, {"district_id": district.id, "name_key": search_key(name)},
            district_id=district.id, name=name,
        )
    for topic in data["topics"]:
        _get_or_add(
            Topic, {"district_id": district.id, "name_key": search_key(topic["name"])},
            district_id=district.id, name=topic["name"], sla_days=topic["sla_days"],
            department_id=departments[topic["department"]].id,
            response_template=topic.get("template") or None,
        )
    fill_years()
    seed_national()
    return district
