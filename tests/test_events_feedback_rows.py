"""The visit page's feedback rows: the lone household chosen, as many rows as heard, more rows without a script."""
import re

from sqlalchemy import func, select

from tests.test_events_views import _event, _rows, place  # noqa: F401  (a fixture)
from tracker.extensions import db
from tracker.models import FeedbackItem


def _count():
    return db.session.scalar(select(func.count()).select_from(FeedbackItem))


def _chosen_households(page: str) -> list[str]:
    """Return, per feedback row, the household option marked selected (or "")."""
    found = []
    for block in page.split('name="fb-rows-')[1:]:
        name = block.split('"')[0]
        if name.endswith("-household_id"):
            select_html = block.split("</select>")[0]
            chosen = re.search(r'<option selected value="(\d*)"|<option value="(\d*)" selected', select_html)
            found.append(next((g for g in chosen.groups() if g), "") if chosen else "")
    return found


def test_a_visits_lone_household_is_chosen_in_every_row(auth, client, place):  # noqa: F811
    lone = _event(place, households=[place["home"]])
    auth.login("pr_staff")
    page = client.get(f"/events/{lone.id}").get_data(as_text=True)
    assert _chosen_households(page) == [str(place["home"].id)] * 3
    two = _event(place, households=[place["home"], place["elder"]])
    assert _chosen_households(client.get(f"/events/{two.id}").get_data(as_text=True)) == [""] * 3


def test_any_number_of_rows_is_saved_at_once(auth, client, place):  # noqa: F811
    event = _event(place, households=[place["home"]])
    auth.login("pr_staff")
    rows = [{"kind": "request", "text": f"درخواست شمارهٔ {n}", "priority": "normal"} for n in range(1, 6)]
    response = client.post(f"/events/{event.id}/feedback", data=_rows(*rows), follow_redirects=True)
    assert "۵ بازخورد ثبت شد" in response.get_data(as_text=True)
    assert _count() == 5


def test_more_rows_without_a_script_keeps_what_was_typed_and_saves_nothing(auth, client, place):  # noqa: F811
    event = _event(place, households=[place["home"]])
    auth.login("pr_staff")
    typed = [{"kind": "criticism", "text": f"انتقاد {n}", "priority": "normal"} for n in range(1, 4)]
    response = client.post(f"/events/{event.id}/feedback", data={**_rows(*typed), "fb-more": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _count() == 0
    assert all(f"انتقاد {n}" in page for n in range(1, 4))
    assert 'name="fb-rows-4-text"' in page and 'name="fb-rows-5-text"' not in page  # three filled, two blank
    assert "field-error" not in page


def test_a_refused_save_shows_a_blank_row_after_the_filled_ones(auth, client, place):  # noqa: F811
    event = _event(place)
    auth.login("pr_staff")
    rows = [{"kind": "request", "text": f"درخواست {n}", "priority": "normal"} for n in range(1, 4)]
    rows[2]["priority"] = "nonsense"
    page = client.post(f"/events/{event.id}/feedback", data=_rows(*rows)).get_data(as_text=True)
    assert _count() == 0 and "یکی از گزینه‌های فهرست را انتخاب کنید." in page
    assert 'name="fb-rows-3-text"' in page and 'name="fb-rows-4-text"' not in page


def test_the_department_box_is_as_wide_as_the_topic_box(auth, client, place):  # noqa: F811
    event = _event(place)
    auth.login("pr_staff")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    cell = page.split('id="fb-rows-0-department_id"')[0].rsplit('<div class="', 2)[-2]
    assert cell.startswith("col-md-6 col-lg-3")
