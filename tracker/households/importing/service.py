"""Classify a list's rows against the district's households, then store the new ones in batches.

Every row is checked by the households service itself (``_cleaned`` for the values,
``find_duplicates`` for likely duplicates, ``create_households`` to store a batch), so the import
follows the same rules as the web form and the API. A row is new; already there (a stored
household equal in every field); a likely duplicate of a stored household; a duplicate of an
earlier row of the file; or invalid, with the fields at fault and a Persian reason.

``find_duplicates`` scans the district's households once per call, so calling it for each of
10,000 rows would take minutes. A sieve of the district's identity keys (folded name without
spaces, mobile, national ID: the keys ``find_duplicates`` compares) is loaded once per batch,
and ``find_duplicates`` is asked only about rows that share a key with some household; a row
that shares none cannot match. tests/test_households_import_service.py keeps the two in step.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from tracker.audit import record
from tracker.extensions import db
from tracker.households.importing.columns import FIELDS, category_code, category_words, consent, fold
from tracker.households.importing.files import Sheet
from tracker.households.importing.report import Report, RowResult
from tracker.households.services import FIELDS as HOUSEHOLD_FIELDS
from tracker.households.services import HouseholdError, _cleaned, create_households, find_duplicates
from tracker.models import Household, Neighborhood
from tracker.persian.digits import to_ascii_digits
from tracker.persian.digits import to_persian_digits as fa
from tracker.persian.text import search_key

BATCH_SIZE = 500
# Control characters have no place in a name or an address (tab and line breaks do, in notes).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Excel drops the leading zeros of a national ID kept as a number; the check digit still guards it.
_ID_WITHOUT_ZEROS = re.compile(r"[0-9]{8,9}")
# The service names the neighborhood by its id; the file names it by its name.
_SERVICE_FIELD = {"neighborhood_id": "neighborhood"}


@dataclass(frozen=True)
class Options:
    """Choices made for the whole file: defaults for empty cells, and which likely duplicates to store."""

    neighborhood_id: int | None = None
    category: str | None = None
    force_rows: frozenset[int] = frozenset()
    force_all: bool = False

    def forces(self, row: int) -> bool:
        """Tell whether the user chose to store this row even though it looks like a duplicate."""
        return self.force_all or row in self.force_rows


def mapping_problems(mapping: dict[int, str], options: Options) -> dict[str, str]:
    """Return field -> Persian message for what the column choice lacks or repeats (empty when it is usable)."""
    problems = {}
    chosen = list(mapping.values())
    for name in FIELDS:
        if chosen.count(name) > 1:
            problems[name] = f"ستون «{FIELDS[name]}» را تنها برای یک ستون فایل انتخاب کنید."
    if "name" not in chosen:
        problems["name"] = "ستونی را که نام خانوار دارد مشخص کنید."
    if "neighborhood" not in chosen and options.neighborhood_id is None:
        problems["neighborhood"] = "ستون محله را مشخص کنید یا محلهٔ پیش‌فرض را برگزینید."
    if "category" not in chosen and options.category is None:
        problems["category"] = "ستون دسته را مشخص کنید یا دستهٔ پیش‌فرض را برگزینید."
    return problems


def neighborhoods_by_name(district_id: int) -> dict[str, int]:
    """Return the district's live neighborhoods by folded name."""
    found = db.session.execute(select(Neighborhood.id, Neighborhood.name).where(
        Neighborhood.live_where(district_id)))
    return {fold(name): id_ for id_, name in found}


def _keys(flat_name: str, phone: str | None, national_id: str | None) -> list[str]:
    """Return the identity keys find_duplicates compares: folded name without spaces, mobile, national ID."""
    keys = ["n:" + flat_name] if flat_name else []
    if phone:
        keys.append("p:" + phone)
    if national_id:
        keys.append("i:" + national_id)
    return keys


def _flat_name(name: str | None) -> str:
    """Return the name as find_duplicates compares it: its search key without spaces."""
    return search_key(name).replace(" ", "")


_KEY_FIELDS = {"n": "name", "p": "phone", "i": "national_id"}


def _stored_form(household: Household) -> dict:
    return {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}


def _limits() -> dict[str, int]:
    """Return the longest text each column holds, so no batch fails on a value the database refuses."""
    columns = Household.__table__.c
    return {name: columns[name].type.length for name in HOUSEHOLD_FIELDS
            if getattr(columns[name].type, "length", None)}


class _Rows:
    """Classify one file's rows: the district's households (keys and values), and the rows this run stores."""

    def __init__(self, district_id: int, mapping: dict[int, str], options: Options):
        self.district_id = district_id
        self.mapping = mapping
        self.options = options
        self.neighborhoods = neighborhoods_by_name(district_id)
        # Held here so the session's identity map keeps them: _cleaned looks each row's one up by id.
        self._held = list(db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district_id)))
        self.limits = _limits()
        self.stored_keys: dict[str, list[int]] = {}  # identity key -> households stored before this run
        self.stored_forms: dict[int, dict] = {}
        self.seen_up_to = 0
        self.taken: dict[str, int] = {}  # identity key -> first row stored (or to be stored) with it
        self.taken_values: dict[int, dict] = {}
        self.forms: dict[int, dict] = {}  # row -> its stored form, made when first compared
        self.made: dict[int, int] = {}  # household id -> the row it was stored from

    def load_stored(self) -> None:
        """Read the district's households stored since the last call (the first call reads them all).

        Called before each batch, so a household someone else adds during a long import is seen by
        the next batch, as the web form would see it.
        """
        columns = [getattr(Household, name) for name in HOUSEHOLD_FIELDS]
        found = db.session.execute(select(Household.id, Household.name_key, *columns).where(
            Household.live_where(self.district_id),
            Household.id > self.seen_up_to).order_by(Household.id))
        for row in found:
            self.seen_up_to = row.id
            if row.id in self.made:
                continue
            self.stored_forms[row.id] = {name: getattr(row, name) for name in HOUSEHOLD_FIELDS}
            for key in _keys((row.name_key or "").replace(" ", ""), row.phone, row.national_id):
                self.stored_keys.setdefault(key, []).append(row.id)

    def values(self, cells: list[str]) -> dict[str, str]:
        """Return the row's cells by field."""
        return {name: (cells[i] if i < len(cells) else "").strip() for i, name in self.mapping.items()}

    def _data(self, values: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
        """Turn the cells into the service's input; return it with the problems only the file can have."""
        problems = [(name, "نویسهٔ کنترلی نامجاز دارد؛ آن را از خانه پاک کنید.")
                    for name, value in values.items() if _CONTROL.search(value)]
        hood_text = values.get("neighborhood", "")
        neighborhood_id = self.neighborhoods.get(fold(hood_text)) if hood_text else self.options.neighborhood_id
        if neighborhood_id is None:
            problems.append(("neighborhood", f"محلهٔ «{hood_text}» در این منطقه نیست." if hood_text
                             else "محله را بنویسید."))
        category_text = values.get("category", "")
        category = category_code(category_text) if category_text else self.options.category
        if category is None:
            problems.append(("category", f"دستهٔ «{category_text}» شناخته نیست؛ یکی از {category_words()} را بنویسید."
                             if category_text else "دسته را بنویسید."))
        publicity = consent(values.get("publicity_consent"))
        if publicity is None:
            problems.append(("publicity_consent", "رضایت انتشار را «بله» یا «خیر» بنویسید."))
        national_id = values.get("national_id", "")
        if _ID_WITHOUT_ZEROS.fullmatch(to_ascii_digits(national_id)):
            national_id = to_ascii_digits(national_id).zfill(10)
        data = {
            "name": values.get("name", ""), "category": category, "neighborhood_id": neighborhood_id,
            "martyr_name": values.get("martyr_name", ""), "address": values.get("address", ""),
            "phone": values.get("phone", ""), "national_id": national_id,
            "publicity_consent": publicity, "notes": values.get("notes", ""),
        }
        return data, problems

    def _too_long(self, cleaned: dict) -> list[tuple[str, str]]:
        return [(name, f"بیش از {fa(limit)} نویسه است.") for name, limit in self.limits.items()
                if cleaned.get(name) and len(cleaned[name]) > limit]

    def _form(self, number: int, cleaned: dict) -> dict:
        """Return the values the row would be stored with (normalized by the model itself)."""
        if number not in self.forms:
            self.forms[number] = _stored_form(Household(**cleaned))
        return self.forms[number]

    def classify(self, number: int, cells: list[str]) -> tuple[RowResult, dict | None]:
        """Return the row's result and, when it is to be stored, the service's input for it."""
        values = self.values(cells)
        result = RowResult(number, "new", values)
        data, problems = self._data(values)
        if not problems:
            try:
                cleaned = _cleaned(data, self.district_id)
            except HouseholdError as error:
                problems.append((_SERVICE_FIELD.get(error.field, error.field), str(error)))
            else:
                problems += self._too_long(cleaned)
        if problems:
            result.status, result.problems = "invalid", problems
            return result, None
        keys = _keys(_flat_name(cleaned["name"]), cleaned["phone"], cleaned["national_id"])
        hits = sorted({id_ for key in keys for id_ in self.stored_keys.get(key, ())})
        if hits:
            exact = next((id_ for id_ in hits if self.stored_forms[id_] == self._form(number, cleaned)), None)
            if exact is not None:
                result.status, result.exact = "exists", True
                result.match_household, result.match_name = exact, self.stored_forms[exact]["name"]
                result.problems = [("", f"همین خانوار با همهٔ مشخصات پیش‌تر ثبت شده است (شمارهٔ {fa(exact)}).")]
                return result, None
            candidates = [c for c in find_duplicates(self.district_id, data["name"], data["phone"],
                                                     data["national_id"]) if c.id not in self.made]
            if candidates:
                self._resembles(result, candidates[0], keys)
        earlier = min((self.taken[key] for key in keys if key in self.taken), default=None)
        if result.status == "new" and earlier is not None:
            result.status, result.match_row = "file_duplicate", earlier
            result.exact = self._form(earlier, self.taken_values[earlier]) == self._form(number, cleaned)
            shared = next(_KEY_FIELDS[key[0]] for key in keys if self.taken.get(key) == earlier)
            result.problems = [(shared, f"عین ردیف {fa(earlier)} همین فایل است." if result.exact
                                else f"همانند ردیف {fa(earlier)} همین فایل است.")]
        if result.status == "new" or (result.forceable and self.options.forces(number)):
            result.forced = result.status != "new"
            for key in keys:
                self.taken.setdefault(key, number)
            self.taken_values[number] = cleaned
            return result, data
        return result, None

    def release(self, number: int) -> None:
        """Forget a row that was to be stored but was not, so later rows are not called its duplicates."""
        self.taken = {key: row for key, row in self.taken.items() if row != number}
        self.taken_values.pop(number, None)

    @staticmethod
    def _resembles(result: RowResult, household: Household, keys: list[str]) -> None:
        """Mark the row a likely duplicate of the household, naming the fields they share."""
        theirs = set(_keys((household.name_key or "").replace(" ", ""), household.phone, household.national_id))
        shared = [_KEY_FIELDS[key[0]] for key in keys if key in theirs] or ["name"]
        result.status, result.match_household, result.match_name = "duplicate", household.id, household.name
        result.problems = [(shared[0], f"{'، '.join(FIELDS[name] for name in shared)} همانند خانوار «{household.name}» "
                                       f"(شمارهٔ {fa(household.id)}) است؛ ثبت نمی‌شود مگر آن را برای ثبت برگزینید.")]


Progress = Callable[[int], None] | None


def dry_run(sheet: Sheet, mapping: dict[int, str], options: Options, district_id: int,
            progress: Progress = None) -> Report:
    """Classify every row as the import would, writing nothing."""
    rows = _Rows(district_id, mapping, options)
    rows.load_stored()
    report = Report(sheet.filename, dry_run=True, blank_rows=sheet.blank_rows)
    for number, cells in sheet.rows:
        result, _ = rows.classify(number, cells)
        report.rows.append(result)
        if progress:
            progress(1)
    return report


def _failed(rows: _Rows, pending, status: str) -> list[RowResult]:
    return [RowResult(number, status, rows.values(cells)) for number, cells in pending]


def run_import(sheet: Sheet, mapping: dict[int, str], options: Options, actor, *,
               batch_size: int | None = None, progress: Progress = None,
               landed: Callable[[int, int], None] | None = None, upload: str | None = None) -> Report:
    """Store the file's new rows (and the likely duplicates chosen) in batches, each committed whole.

    Unlike other services this one commits: a batch either lands whole or not at all, and the
    batches before a failed one stay. The first batch that fails is rolled back and the import
    stops there; the report names every row stored, skipped, refused or not reached. One audit
    entry records the import and its counts (each household's own creation is recorded as at
    every other door). ``landed(last_row, stored)`` is told after each committed batch, so that
    an import cut short (a killed worker) can still say which rows landed.
    """
    batch_size = batch_size or BATCH_SIZE
    rows = _Rows(actor.district_id, mapping, options)
    report = Report(sheet.filename, dry_run=False, blank_rows=sheet.blank_rows)
    stored = 0
    for start in range(0, len(sheet.rows), batch_size):
        batch = sheet.rows[start:start + batch_size]
        results = []
        try:
            rows.load_stored()
            chosen = []
            for number, cells in batch:
                result, data = rows.classify(number, cells)
                if data is not None:
                    chosen.append((result, data))
                results.append(result)
                if progress:
                    progress(1)
            made = create_households([data for _, data in chosen], actor)
            for (result, _), household in zip(chosen, made, strict=True):
                if isinstance(household, HouseholdError):  # the district changed since the row was checked
                    rows.release(result.row)
                    result.status, result.problems = "invalid", [(household.field or "", str(household))]
                else:
                    rows.made[household.id] = result.row
                    result.status, result.household_id = "stored", household.id
            db.session.commit()
            stored += sum(result.status == "stored" for result in results)
            if landed:
                landed(batch[-1][0], stored)
        except SQLAlchemyError:
            db.session.rollback()
            first, last = batch[0][0], batch[-1][0]
            report.failure = (f"ذخیرهٔ ردیف‌های {fa(first)} تا {fa(last)} به خطای پایگاه داده خورد و هیچ‌یک از "
                              f"آن‌ها ثبت نشد؛ درون‌ریزی همان‌جا متوقف شد. ردیف‌های پیش از آن ثبت شده‌اند. پس از رفع مشکل "
                              f"همین فایل را دوباره درون‌ریزی کنید: ردیف‌های ثبت‌شده دوباره ثبت نمی‌شوند.")
            report.rows += _failed(rows, batch, "failed") + _failed(rows, sheet.rows[start + batch_size:],
                                                                   "not_reached")
            break
        report.rows += results
    _audit(report, sheet, actor, upload)
    db.session.commit()
    return report


def _audit(report: Report, sheet: Sheet, actor, upload: str | None) -> None:
    """Record the import as one audit entry: the file's name, its upload (web) and the counts, never its contents."""
    counts = report.counts()
    record("import", entity="household_import", actor=actor, district_id=actor.district_id, after={
        "file": sheet.filename[:200], "upload": upload, "rows": len(sheet.rows), "blank_rows": sheet.blank_rows,
        **{status: count for status, count in counts.items() if status != "new"},
        "failed_batch": report.failure is not None,
    })
