"""Households, events with their officials and households, and commitments, as bulk rows."""
import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from tracker.persian.validators import national_id_check_digit
from tracker.seeds import city_words as words
from tracker.seeds.city_feedback import pick
from tracker.seeds.city_text import keyed, sort_of

CATEGORIES = (("citizen", 62), ("martyr_family", 15), ("trustee", 10), ("veteran", 10), ("council_member", 3))
# Who a home visit goes to: martyrs' families first, as the campaigns intend.
VISITED = (("martyr_family", 50), ("trustee", 20), ("veteran", 15), ("council_member", 5), ("citizen", 10))
KINDS = (("home_visit", 70), ("meeting", 10), ("gathering", 8), ("ceremony", 7), ("advertising", 5))
DURATIONS = {"home_visit": (30, 90), "meeting": (60, 120), "ceremony": (90, 180), "gathering": (60, 150)}
OPERATORS = ("12", "13", "19", "35", "36", "37", "38", "39", "01", "02", "03", "10", "30", "90", "91", "21")
FRIDAY = 4


def office_time(rng: random.Random, day: date, first: int = 8, last: int = 14) -> datetime:
    """Return a moment of office hours on day."""
    return datetime.combine(day, time(rng.randint(first, last), rng.randrange(0, 60, 5)))


def national_id(index: int) -> str:
    """Return a valid national ID distinct for every index below 10**9."""
    body = f"{(index * 982_451_653 + 123_456_789) % 10**9:09d}"
    return body + str(national_id_check_digit(body))


def mobile(index: int) -> str:
    """Return an 09xxxxxxxxx mobile number distinct for every index below 10**7."""
    return f"09{OPERATORS[index % len(OPERATORS)]}{(index * 7_654_321 + 3_141_592) % 10**7:07d}"


@dataclass
class Place:
    """A neighborhood as the generator sees it, with its households by category in creation order."""

    id: int
    name: str
    area: int
    homes: dict[str, tuple[list[date], list[tuple]]] = field(default_factory=dict)

    def add_home(self, category: str, created_on: date, home: tuple) -> None:
        days, rows = self.homes.setdefault(category, ([], []))
        days.append(created_on)
        rows.append(home)

    def registered(self, category: str, day: date) -> list[tuple]:
        """Return the households of a category registered by day (they may be visited then)."""
        days, rows = self.homes.get(category, ((), ()))
        return rows[:bisect_right(days, day)]


class HouseholdMaker:
    """Make household rows; names are unique within a district, phones and national IDs city-wide."""

    def __init__(self, rng: random.Random, first_id: int):
        self.rng = rng
        self.next_id = first_id
        self.serial = 0
        self.names: dict[int, list[int]] = {}

    def name_order(self, district_id: int, count: int) -> None:
        """Draw the district's (first name, surname) pairs so that no two households share a name."""
        pairs = len(words.MALE + words.FEMALE) * len(words.SURNAMES)
        order = self.rng.sample(range(pairs), min(count, pairs))
        self.names[district_id] = order + [self.rng.randrange(pairs) for _ in range(count - len(order))]

    def make(self, district_id: int, place: Place, category: str, created_on: date) -> dict:
        rng = self.rng
        firsts = words.MALE + words.FEMALE
        pair = self.names[district_id].pop()
        surname = words.SURNAMES[pair // len(firsts)]
        name, name_key = keyed(f"{firsts[pair % len(firsts)]} {surname}")
        martyr = f"{rng.choice(words.MALE)} {surname}" if category == "martyr_family" else None
        martyr_name, martyr_key = keyed(martyr)
        lane = rng.choice(words.STREETS) if rng.random() < 0.5 else rng.randint(1, 40)
        address, address_key = keyed(f"{place.name}، {rng.choice(words.ROAD_KINDS)} {rng.choice(words.STREETS)}، "
                                     f"کوچهٔ {lane}، پلاک {rng.randint(1, 180)}")
        self.serial += 1
        row = {
            "id": self.next_id, "district_id": district_id, "neighborhood_id": place.id, "category": category,
            "name": name, "name_key": name_key, "name_sort": sort_of(name), "martyr_name": martyr_name,
            "martyr_name_key": martyr_key, "address": address, "address_key": address_key,
            "phone": mobile(self.serial) if rng.random() < 0.85 else None,
            "national_id": national_id(self.serial) if rng.random() < 0.6 else None,
            "publicity_consent": rng.random() < 0.4,
            "notes": keyed(rng.choice(words.HOUSEHOLD_NOTES))[0] if rng.random() < 0.05 else None,
            "version": 1, "created_at": office_time(rng, created_on), "deleted_at": None,
        }
        self.next_id += 1
        place.add_home(category, created_on, (row["id"], name, martyr_name))
        return row


@dataclass
class Campaign:
    """A campaign's id, dates and phases (id, first day, last day)."""

    id: int
    starts_on: date
    ends_on: date
    phases: list[tuple[int, date, date]]


@dataclass
class Office:
    """Who in a district goes on visits and logs them."""

    district_id: int
    officials: list[int]
    area_mayors: dict[int, int]
    pr_user_id: int
    campaigns: list[Campaign]


class EventMaker:
    """Make event rows with their official and household links, and commitments made at them."""

    def __init__(self, rng: random.Random, today: date, first_event: int, first_commitment: int):
        self.rng = rng
        self.today = today
        self.next_event = first_event
        self.next_commitment = first_commitment

    def _households(self, place: Place, kind: str, day: date) -> list[tuple]:
        rng = self.rng
        if kind == "advertising":
            return []
        if kind == "home_visit":
            wanted, how_many = pick(rng, VISITED), 1 if rng.random() < 0.8 else 2
        elif kind == "ceremony":
            wanted, how_many = "martyr_family", rng.randint(1, 3)
        elif kind == "meeting":
            wanted, how_many = rng.choice(("trustee", "council_member")), rng.randint(0, 3)
        else:
            wanted, how_many = pick(rng, CATEGORIES), rng.randint(0, 4)
        pool = place.registered(wanted, day) or place.registered("citizen", day)
        return rng.sample(pool, min(how_many, len(pool)))

    def _campaign(self, office: Office, kind: str, day: date) -> tuple[int | None, int | None]:
        chance = 0.9 if kind == "advertising" else 0.6
        for campaign in office.campaigns:
            if campaign.starts_on <= day <= campaign.ends_on and self.rng.random() < chance:
                phase = next((p for p, first, last in campaign.phases if first <= day <= last), None)
                return campaign.id, phase
        return None, None

    def make(self, office: Office, place: Place, kind: str, status: str, day: date):
        """Return (event row, official ids, household tuples)."""
        rng = self.rng
        homes = self._households(place, kind, day)
        head = homes[0] if homes else None
        if kind == "home_visit" and head is None:
            title = f"دیدار با اهالی {place.name}"
        else:
            options = words.EVENT_TITLES[kind]
            if kind == "home_visit" and not head[2]:
                options = [t for t in options if "{martyr}" not in t]
            title = rng.choice(options).format(household=head[1] if head else "", martyr=head[2] if head else "",
                                               neighborhood=place.name)
        title, title_key = keyed(title)
        minutes = None
        if status == "done":
            minutes = rng.choice(words.MINUTES[kind])
        elif status == "cancelled" and rng.random() < 0.7:
            minutes = rng.choice(words.CANCEL_NOTES)
        minutes, minutes_key = keyed(minutes)
        campaign_id, phase_id = self._campaign(office, kind, day)
        span = DURATIONS.get(kind)
        planned_on = max(day - timedelta(days=rng.randint(0, 10)), day - timedelta(days=30))
        row = {
            "id": self.next_event, "district_id": office.district_id, "campaign_id": campaign_id,
            "phase_id": phase_id, "neighborhood_id": place.id, "kind": kind, "status": status,
            "title": title, "title_key": title_key, "held_on": day,
            "start_time": time(rng.choice((10, 11, 16, 17, 18)), rng.choice((0, 30))) if span else None,
            "duration_minutes": rng.randrange(span[0], span[1] + 1, 15) if span else None,
            "minutes": minutes, "minutes_key": minutes_key, "logged_by_id": office.pr_user_id,
            # A planned event becomes done or cancelled by one more write.
            "version": 1 if status == "planned" else 2,
            "created_at": office_time(rng, min(planned_on, self.today)), "deleted_at": None,
        }
        self.next_event += 1
        officials = []
        if place.area in office.area_mayors and rng.random() < 0.5:
            officials.append(office.area_mayors[place.area])
        others = [o for o in office.officials if o not in officials]
        officials += rng.sample(others, min(len(others), rng.randint(1, 2)))
        return row, officials, homes

    def commitment(self, office: Office, event: dict, official_id: int, household_id: int | None) -> dict:
        """Return a commitment made at event, its state as of today."""
        rng = self.rng
        day = event["held_on"]
        due = day + timedelta(days=rng.randint(14, 60))
        if due < self.today:
            status = pick(rng, (("done", 60), ("open", 22), ("in_progress", 10), ("dropped", 8)))
        else:
            status = pick(rng, (("open", 60), ("in_progress", 30), ("done", 10)))
        done_on = None
        if status == "done":
            done_on = min(day + timedelta(days=rng.randint(3, (due - day).days + 10)), self.today)
        text, text_key = keyed(rng.choice(words.COMMITMENTS).format(place=rng.choice(words.PLACES)))
        row = {
            "id": self.next_commitment, "district_id": office.district_id, "event_id": event["id"],
            "official_id": official_id, "household_id": household_id, "text": text, "text_key": text_key,
            "due_on": due, "status": status,
            "evidence": keyed(rng.choice(words.EVIDENCE))[0] if status == "done" else None,
            "done_on": done_on, "version": 1 if status == "open" else 2,
            "created_at": office_time(rng, day, 15, 20), "deleted_at": None,
        }
        self.next_commitment += 1
        return row
