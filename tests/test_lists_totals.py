"""List totals are counted up to a cap: beyond it the page says «بیش از …» instead of counting every row."""
from datetime import timedelta

from tests.factories import first_neighborhood
from tracker.extensions import db
from tracker.kept import forget_everything
from tracker.models import Event, Household
from tracker.persian.dates import today_tehran
from tracker.web import paging


def _events(district, count):
    hood = first_neighborhood(district)
    for i in range(count):
        db.session.add(Event(district_id=district.id, neighborhood_id=hood.id, kind="meeting",
                             held_on=today_tehran() - timedelta(days=i), title=f"نشست {i}"))
    db.session.commit()


def _total(client, url):
    html = client.get(url).get_data(as_text=True)
    start = html.index('id="total">') + len('id="total">')
    return html[start:html.index("<", start)].strip()


def test_total_is_exact_up_to_the_cap_and_more_than_beyond_it(client, auth, district, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    _events(district, 3)
    auth.login()
    assert _total(client, "/events/") == "۳ رویداد"
    _events(district, 2)
    assert _total(client, "/events/") == "بیش از ۳ رویداد"


def test_total_groups_thousands(client, auth, district, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5000)
    hood = first_neighborhood(district)
    db.session.add_all(Household(district_id=district.id, neighborhood_id=hood.id, name=f"خانوار {i}",
                                 category="citizen") for i in range(1200))
    db.session.commit()
    auth.login()
    assert _total(client, "/households/") == "۱٬۲۰۰ خانوار"
    monkeypatch.setattr(paging, "COUNT_CAP", 1000)
    forget_everything()  # the page kept was counted under the old cap
    assert _total(client, "/households/") == "بیش از ۱٬۰۰۰ خانوار"
