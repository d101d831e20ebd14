"""Dates and numbers in forms: sane Jalali years, Gregorian dates recognized, Persian digits, error summaries."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.test_events_views import _event, _form, place  # noqa: F401  (a fixture)
from tests.test_reports_queries import build_dataset
from tracker.extensions import db
from tracker.models import Campaign, Event, Topic
from tracker.persian.dates import JalaliDateError, read_typed_date
from tracker.web.fields import DATE_HINT


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("typed, day", [
    ("1404/04/14", date(2025, 7, 5)), ("۱۳۰۰/۰۱/۰۱", date(1921, 3, 21)), ("1500/12/29", date(2122, 3, 20)),
])
def test_a_jalali_year_in_range_is_read_as_jalali(typed, day):
    assert read_typed_date(typed).day == day and read_typed_date(typed).gregorian is None


@pytest.mark.parametrize("typed", ["0001/01/01", "1299/12/29", "1501/01/01", "1800/01/01", "2500/01/01"])
def test_a_year_out_of_range_is_refused_in_persian(typed):
    with pytest.raises(JalaliDateError, match="سال باید میان ۱۳۰۰ تا ۱۵۰۰ باشد"):
        read_typed_date(typed)


def test_a_gregorian_date_is_recognized_by_its_year():
    typed = read_typed_date("۲۰۲۶-۱۲-۰۱")
    assert typed.day == date(2026, 12, 1) and typed.gregorian == "2026-12-01"
    with pytest.raises(JalaliDateError, match="تاریخ میلادی معتبر نیست"):
        read_typed_date("2026-02-30")


def test_an_iso_date_in_the_visit_form_is_converted_shown_and_saved_once_seen(auth, client, place):  # noqa: F811
    auth.login("pr_staff")
    outside = {"campaign_id": "", "phase_id": ""}  # the campaign of the fixture ended in 2025
    page = client.post("/events/new", data=_form(place, held_on="2026-12-01", **outside)).get_data(as_text=True)
    assert _count(Event) == 0  # not saved on a date the user has not seen in Jalali
    assert "«۲۰۲۶/۱۲/۰۱» تاریخ میلادی است و به ۱۴۰۵/۰۹/۱۰ خورشیدی برگردانده شد." in page
    assert 'value="۱۴۰۵/۰۹/۱۰"' in page
    # Sent again as shown, the visit is saved on that day (not in the Jalali year 2026).
    assert client.post("/events/new", data=_form(place, held_on="۱۴۰۵/۰۹/۱۰", **outside)).status_code == 302
    assert db.session.scalar(select(Event.held_on)) == date(2026, 12, 1)


def test_year_one_is_refused_and_an_invalid_date_says_so_once(auth, client, place):  # noqa: F811
    auth.login("pr_staff")
    page = client.post("/events/new", data=_form(place, held_on="0001/01/01")).get_data(as_text=True)
    assert "سال باید میان ۱۳۰۰ تا ۱۵۰۰ باشد." in page and _count(Event) == 0
    page = client.post("/events/new", data=_form(place, held_on="1404/12/30")).get_data(as_text=True)
    beside = page.split('id="held_on"')[1].split('id="date-preview"')[0]
    assert beside.count("اسفند ۱۴۰۴ فقط ۲۹ روز دارد") == 1


def test_a_list_filter_converts_an_iso_date_and_applies_it(auth, client, place):  # noqa: F811
    _event(place, title="دیدار آذر", held_on=date(2026, 12, 5))
    _event(place, title="دیدار آبان", held_on=date(2026, 11, 5))
    auth.login("pr_staff")
    page = client.get("/events/", query_string={"from": "2026-12-01"}).get_data(as_text=True)
    assert "دیدار آذر" in page and "دیدار آبان" not in page
    assert "field-note" in page and "به ۱۴۰۵/۰۹/۱۰ خورشیدی برگردانده شد" in page
    assert 'value="۱۴۰۵/۰۹/۱۰"' in page


def test_the_date_hint_reads_left_to_right_like_typed_digits(auth, client, place):  # noqa: F811
    auth.login("pr_staff")
    page = client.get("/events/new").get_data(as_text=True)
    assert f'placeholder="{DATE_HINT}"' in page
    # Left-to-right marks keep each word in place: year, month, day from the left, as 1404/04/14 is typed.
    assert DATE_HINT.split("\u200e/\u200e") == ["سال", "ماه", "روز"]


@pytest.mark.parametrize("url", ["/events/new", "/campaigns/new", "/admin/topics/new", "/occasions/new"])
def test_no_number_input_drops_persian_digits(auth, client, url):
    auth.login("admin")
    page = client.get(url).get_data(as_text=True)
    assert 'type="number"' not in page
    assert 'inputmode="numeric"' in page


def test_numbers_are_read_in_every_digit_form(auth, client):
    auth.login("admin")
    department_id = db.session.scalar(select(Topic.department_id).where(Topic.department_id.is_not(None)))
    for name, typed in (("اول", "۱۲"), ("دوم", "١٢"), ("سوم", "12")):
        response = client.post("/admin/topics/new", data={"name": f"موضوع {name}", "department_id": department_id,
                                                         "sla_days": typed, "high_days": "", "urgent_days": ""})
        assert response.status_code == 302
        assert db.session.scalar(select(Topic.sla_days).where(Topic.name == f"موضوع {name}")) == 12


def _summary_links(page: str) -> list[str]:
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_the_visit_form_lists_its_errors_at_the_top_linking_to_each_field(auth, client, place):  # noqa: F811
    auth.login("pr_staff")
    page = client.post("/events/new", data=_form(place, held_on="1404/13/01", neighborhood_id="",
                                                 duration_minutes="دو")).get_data(as_text=True)
    links = _summary_links(page)
    assert links == ["neighborhood_id", "held_on", "duration_minutes"]
    for anchor in links:
        assert f'id="{anchor}"' in page
    assert page.index('id="error-summary"') < page.index('id="kind"')


def test_the_campaign_form_summary_names_the_phase_row(auth, client):
    auth.login("pr_staff")
    page = client.post("/campaigns/new", data={
        "title": "", "status": "active", "starts_on": "1404/04/01", "ends_on": "1404/04/31",
        "phases-0-number": "-1", "phases-0-title": "تبلیغات",
    }).get_data(as_text=True)
    links = _summary_links(page)
    assert "title" in links and "phases-0-number" in links and 'id="phases-0-number"' in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert "مرحلهٔ ۱ – شماره</a>: عدد نمی‌تواند منفی باشد." in summary
    assert _count(Campaign) == 0


def test_the_household_and_user_forms_have_the_summary(auth, client):
    auth.login("admin")
    page = client.post("/households/new", data={"name": "", "category": "trustee"}).get_data(as_text=True)
    assert "name" in _summary_links(page)
    page = client.post("/admin/users/new", data={"username": "", "role": "viewer"}).get_data(as_text=True)
    assert "username" in _summary_links(page)


@pytest.fixture
def data(app, district):
    return build_dataset(district)


def test_a_report_with_a_bad_date_shows_no_numbers_until_fixed(auth, client, data):
    auth.login("pr_staff")
    url = f"/reports/campaign/{data['campaign'].id}"
    good = client.get(url).get_data(as_text=True)
    assert "دیدارهای انجام‌شده" in good
    bad = client.get(url, query_string={"date_from": "1403/13/40"}).get_data(as_text=True)
    assert "field-error" in bad and "فیلتر ایراد دارد" in bad and "دیدارهای انجام‌شده" not in bad
    pdf = client.get(url + ".pdf", query_string={"date_from": "1403/13/40"})
    assert pdf.status_code == 302 and pdf.headers["Location"].startswith(url + "?")
    ledger = client.get("/reports/ledger", query_string={"date_to": "0001/01/01"}).get_data(as_text=True)
    assert "فیلتر ایراد دارد" in ledger and "سال باید میان" in ledger
    assert "بازخوردی با این فیلتر نیست" in ledger
