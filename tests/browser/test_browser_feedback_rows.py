"""The visit page's feedback rows in Chromium: a row added in place, the lone household chosen, all saved."""
from sqlalchemy import select

from tests.browser.conftest import sign_in
from tests.test_events_views import _event, place  # noqa: F401  (a fixture)
from tracker.extensions import db
from tracker.models import FeedbackItem
from tracker.persian.digits import to_persian_digits


def test_rows_are_added_in_place_and_all_saved(page, live_server, users, place):  # noqa: F811
    event = _event(place, households=[place["home"]])
    sign_in(page, live_server, "pr_staff")
    page.goto(f"{live_server}/events/{event.id}")
    assert page.locator(".feedback-entry").count() == 3
    # Wide enough to read a department's name.
    assert page.locator("#fb-rows-0-department_id").bounding_box()["width"] >= 200
    page.click("#more-rows")
    page.click("#more-rows")
    assert page.locator(".feedback-entry").count() == 5
    assert page.locator(".feedback-entry .row-number").last.inner_text() == "۵"
    assert page.input_value("#fb-rows-4-household_id") == str(place["home"].id)
    for n in range(5):
        page.select_option(f"#fb-rows-{n}-kind", "request")
        page.fill(f"#fb-rows-{n}-text", f"درخواست {n + 1}")
    page.click("#feedback-rows button[type=submit]:not(#more-rows)")
    page.wait_for_load_state("networkidle")
    assert "۵ بازخورد ثبت شد" in page.content()
    db.session.expire_all()
    items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    assert [i.text for i in items] == [f"درخواست {to_persian_digits(n)}" for n in range(1, 6)]
    assert {i.household_id for i in items} == {place["home"].id}
