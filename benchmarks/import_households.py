"""Time the household import of a 10,000-row CSV against a plain bulk insert of the same rows.

Usage:  python benchmarks/import_households.py [--rows 10000] [--database-url URL]

Makes a CSV of N households (Persian headers, Arabic and Persian yeh mixed, about 1 % invalid
and 1 % repeated rows), then on a fresh database (a temporary SQLite file, or the PostgreSQL
database given, EMPTIED first) times: reading the file, the dry run, the import, and a second
import of the same file (every row already there). The baseline is a plain bulk insert (one
executemany) of the same households, already cleaned, into the same empty table, so the ratio
says what the checks, the duplicate rules, the audit and the batches cost.
"""
import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADERS = ["ردیف", "نام و نام خانوادگی", "نام شهید", "محله", "نشانی", "موبایل", "کد ملی", "دسته", "رضایت انتشار",
           "یادداشت"]
CATEGORIES = ["خانواده شهید", "معتمد محل", "ایثارگر و جانباز", "شورایار", "شهروند"]
FIRST = ["علی", "زهرا", "محمد", "فاطمه", "حسین", "مریم", "رضا", "زینب", "مهدی", "سکینه", "کاظم", "ليلا"]
LAST = ["کریمی", "رضایی", "حسینی", "موسوی", "جعفری", "کاظمی", "يگانه", "قاسمی", "نوری", "صادقی"]


def national_id(n: int) -> str:
    """Return a valid national ID built from n."""
    first = f"{n % 10**9:09d}"
    if len(set(first)) == 1:
        first = "1" + first[1:]
    total = sum(int(d) * w for d, w in zip(first, range(10, 1, -1))) % 11
    return first + str(total if total < 2 else 11 - total)


def make_csv(rows: int, neighborhoods: list[str]) -> bytes:
    """Return the CSV bytes (UTF-8 with BOM, as Excel saves "CSV UTF-8")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for i in range(rows):
        category = CATEGORIES[i % len(CATEGORIES)]
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        phone = f"0912{i:07d}"
        nid = national_id(100_000_000 + i * 7)
        if i % 100 == 37:
            nid = nid[:-1] + str((int(nid[-1]) + 1) % 10)  # a bad check digit
        hood = neighborhoods[i % len(neighborhoods)]
        writer.writerow([i + 1, name, f"شهید {LAST[i % len(LAST)]}" if category == "خانواده شهید" else "",
                         hood, f"{hood}، کوچهٔ {i % 40}، پلاک {i % 90}", phone, nid, category,
                         "بله" if i % 3 == 0 else "خیر", "" if i % 5 else "از فهرست ستاد"])
        if i % 100 == 71:  # the same family twice in one list
            writer.writerow([i + 1, name, "", hood, "", phone, "", category, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


CPU = {}  # step label -> this process's CPU seconds (the shared machine's wall time is mostly waiting)


def timed(fn, label=None):
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if label:
        CPU[label] = time.process_time() - cpu
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (its tables are dropped and rebuilt)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("TRACKER_INSTANCE_PATH", tmp)
    from sqlalchemy import delete, func, insert, select, text

    from tracker import create_app
    from tracker.auth.services import create_user
    from tracker.database import upgrade_to_head
    from tracker.extensions import db
    from tracker.households.importing import files, service
    from tracker.households.services import _cleaned
    from tracker.models import AuditEntry, Base, Household, Neighborhood
    from tracker.seeds.district import seed_district

    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade_to_head()
        district = seed_district(21)
        actor = create_user("bench-admin", "bench-password-2024", "admin", district.id)
        db.session.commit()
        names = list(db.session.scalars(select(Neighborhood.name).where(Neighborhood.district_id == district.id)))
        data = make_csv(args.rows, names)
        print(f"{db.engine.dialect.name}: {args.rows:,} households, {len(data) / 1e6:.1f} MB of CSV")

        labels = ("read the CSV", "dry run (empty table)", "import", "import again (all already there)",
                  "baseline: bulk insert")
        sheet, t_read = timed(lambda: files.read_sheet(data, "bench.csv", max_rows=None), labels[0])
        options = service.Options()
        dry, t_dry = timed(lambda: service.dry_run(sheet, sheet.mapping, options, district.id), labels[1])
        done, t_import = timed(lambda: service.run_import(sheet, sheet.mapping, options, actor), labels[2])
        again, t_again = timed(lambda: service.run_import(sheet, sheet.mapping, options, actor), labels[3])
        counts, again_counts = done.counts(), again.counts()
        assert dry.counts()["new"] == counts["stored"], "the dry run and the import disagree"
        assert again_counts["stored"] == 0, "the second import stored rows"

        # Baseline: the stored rows, already cleaned, in one executemany into an empty table.
        stored = {r.row for r in done.rows if r.status == "stored"}
        prepared = []
        for row, result in zip(sheet.rows, dry.rows):
            if row[0] in stored:
                values = service._Rows(district.id, sheet.mapping, options)._data(result.values)[0]
                prepared.append(dict(_cleaned(values, district.id), district_id=district.id))
        db.session.execute(delete(AuditEntry))
        db.session.execute(delete(Household))
        db.session.commit()

        def bulk():
            rows = []
            for values in prepared:  # the searchable keys, as the ORM would fill them
                household = Household(**values)
                rows.append({c: getattr(household, c) for c in (
                    "district_id", "neighborhood_id", "category", "name", "name_key", "name_sort", "martyr_name",
                    "martyr_name_key", "address", "address_key", "phone", "national_id", "publicity_consent",
                    "notes")} | {"version": 1})
            db.session.execute(insert(Household), rows)
            db.session.commit()

        _, t_bulk = timed(bulk, labels[4])
        assert db.session.scalar(select(func.count(Household.id))) == len(prepared)
        print("counts:", {k: v for k, v in counts.items() if v})
        print(f"{'step':<34}{'seconds':>9}{'CPU s':>8}{'rows/s':>10}{'× bulk':>9}")
        for label, seconds in zip(labels, (t_read, t_dry, t_import, t_again, t_bulk), strict=True):
            print(f"{label:<34}{seconds:>9.2f}{CPU[label]:>8.2f}{args.rows / seconds:>10,.0f}{seconds / t_bulk:>9.1f}")
        total = t_read + t_dry + t_import
        print(f"read + dry run + import: {total:.2f} s ({total / t_bulk:.1f}× the bulk insert)")


if __name__ == "__main__":
    main()
