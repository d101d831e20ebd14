"""A visit dated outside its campaign's or phase's dates must be confirmed, at every door; new visits
pre-select the running campaign and phase, and the campaign and household pages plan a visit."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import h
from tracker.events import services
from tracker.events.services import EventData, OutsideDates
from tracker.extensions import db
from tracker.models import Campaign, Event, Household, Neighborhood, Official, Phase
from tracker.persian.dates import jalali_to_date

J = jalali_to_date
CAMPAIGN_WARNING = ("تاریخ این رویداد (۱۴۰۵/۰۵/۱۰) بیرون از بازهٔ پویش «روز شهرداری‌ها ۱۴۰۵» "
                    "(۱۴۰۵/۰۴/۰۱ تا ۱۴۰۵/۰۴/۳۱) است. اگر این تاریخ درست است، ثبت آن را تأیید کنید.")
PHASE_WARNING = ("تاریخ این رویداد (۱۴۰۵/۰۴/۲۵) بیرون از بازهٔ مرحلهٔ ۲ «دیدار در منزل» "
                 "(۱۴۰۵/۰۴/۱۴ تا ۱۴۰۵/۰۴/۲۰) است. اگر این تاریخ درست است، ثبت آن را تأیید کنید.")


@pytest.fixture
def place(district):
    """A campaign over Tir 1405 whose second phase is Municipality Day week, a neighborhood and a family."""
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)
                              .order_by(Neighborhood.id)).first()
    campaign = Campaign(district_id=district.id, title="روز شهرداری‌ها ۱۴۰۵", status="active",
                        starts_on=J(1405, 4, 1), ends_on=J(1405, 4, 31))
    campaign.phases = [Phase(number=1, title="تبلیغات محیطی", ends_on=J(1405, 4, 13)),
                       Phase(number=2, title="دیدار در منزل", starts_on=J(1405, 4, 14), ends_on=J(1405, 4, 20))]
    home = Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                     name="خانواده رضایی", martyr_name="حسن رضایی")
    mayor = Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه")
    db.session.add_all([campaign, home, mayor])
    db.session.commit()
    return {"hood": hood, "campaign": campaign, "home": home, "mayor": mayor, "district": district}


def _data(place, held_on, phase=2, **values):
    return EventData(kind="home_visit", neighborhood_id=place["hood"].id, held_on=held_on,
                     campaign_id=place["campaign"].id, phase_id=place["campaign"].phases[phase - 1].id, **values)


def _events():
    return db.session.scalar(select(func.count()).select_from(Event))


def test_a_date_outside_the_campaign_or_its_phase_must_be_confirmed(place):
    district_id = place["district"].id
    with pytest.raises(OutsideDates) as outside_campaign:
        services.create_event(district_id, _data(place, J(1405, 5, 10)))
    assert str(outside_campaign.value) == CAMPAIGN_WARNING and outside_campaign.value.field == "held_on"
    with pytest.raises(OutsideDates) as outside_phase:
        services.create_event(district_id, _data(place, J(1405, 4, 25)))
    assert str(outside_phase.value) == PHASE_WARNING
    db.session.rollback()
    assert _events() == 0
    # Inside the phase, or in a phase without dates of its own but inside the campaign: no question.
    assert services.create_event(district_id, _data(place, J(1405, 4, 15))).id
    assert services.create_event(district_id, _data(place, J(1405, 4, 2), phase=1)).id
    confirmed = services.create_event(district_id, _data(place, J(1405, 5, 10), confirm_outside_dates=True))
    assert confirmed.held_on == J(1405, 5, 10)


def test_an_edit_asks_again_only_when_the_date_or_the_campaign_changes(place):
    event = services.create_event(place["district"].id, _data(place, J(1405, 5, 10), confirm_outside_dates=True))
    db.session.commit()
    services.update_event(event, vars(_data(place, J(1405, 5, 10), title="دیدار با خانوادهٔ رضایی")))
    with pytest.raises(OutsideDates):
        services.update_event(event, vars(_data(place, J(1405, 5, 11))))
    db.session.rollback()
    assert db.session.get(Event, event.id).held_on == J(1405, 5, 10)


def test_the_web_form_shows_the_warning_beside_the_date_and_saves_once_confirmed(client, auth, place):
    auth.login("pr_staff")
    form = {"kind": "home_visit", "status": "planned", "campaign_id": str(place["campaign"].id),
            "phase_id": str(place["campaign"].phases[1].id), "neighborhood_id": str(place["hood"].id),
            "held_on": "۱۴۰۵/۰۴/۲۵", "household_ids": [str(place["home"].id)]}
    page = client.post("/events/new", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and _events() == 0
    beside_date = html.split('name="held_on"')[1].split('name="start_time"')[0]
    assert PHASE_WARNING in beside_date and "با این حال ذخیره شود" in beside_date
    assert 'value="۱۴۰۵/۰۴/۲۵"' in html and "خانواده رضایی" in html  # the input is kept
    saved = client.post("/events/new", data={**form, "confirm_outside_dates": "y"})
    assert saved.status_code == 302 and _events() == 1
    plain = client.get("/events/new").get_data(as_text=True)
    assert "با این حال ذخیره شود" not in plain  # asked only when the date is outside


def test_the_api_answers_422_with_the_same_message(client, tokens, place):
    body = {"kind": "home_visit", "campaign_id": place["campaign"].id, "phase": 2,
            "neighborhood_id": place["hood"].id, "date": "1405/05/10"}
    answer = client.post("/api/v1/events", json=body, headers=h(tokens))
    assert answer.status_code == 422
    assert CAMPAIGN_WARNING in answer.get_json()["errors"].values()
    assert _events() == 0


def test_a_new_visit_preselects_the_running_campaign_and_its_current_phase(client, auth, place, monkeypatch):
    import tracker.events.views

    monkeypatch.setattr(tracker.events.views, "today_tehran", lambda: J(1405, 4, 16))
    auth.login("pr_staff")
    html = client.get("/events/new").get_data(as_text=True)
    campaign, phase = place["campaign"], place["campaign"].phases[1]
    assert f'<option selected value="{campaign.id}">' in html
    assert f'<option selected value="{phase.id}">' in html
    assert 'value="۱۴۰۵/۰۴/۱۶"' in html
    # A draft campaign, or a day outside every campaign, preselects nothing.
    monkeypatch.setattr(tracker.events.views, "today_tehran", lambda: date(2026, 9, 1))
    html = client.get("/events/new").get_data(as_text=True)
    assert f'<option selected value="{campaign.id}">' not in html


def test_plan_a_visit_from_the_campaign_and_the_household_pages(client, auth, place, monkeypatch):
    import tracker.events.views

    monkeypatch.setattr(tracker.events.views, "today_tehran", lambda: J(1405, 3, 20))
    auth.login("pr_staff")
    campaign, home = place["campaign"], place["home"]
    detail = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    link = f"/events/new?campaign_id={campaign.id}"
    assert link in detail and "برنامه‌ریزی دیدار" in detail
    html = client.get(link).get_data(as_text=True)
    assert f'<option selected value="{campaign.id}">' in html
    assert 'value="۱۴۰۵/۰۴/۰۱"' in html  # the campaign has not begun: its first day is offered
    assert f'<option selected value="{campaign.phases[0].id}">' in html  # and the phase of that day

    household_page = client.get(f"/households/{home.id}").get_data(as_text=True)
    link = f"/events/new?household_id={home.id}&amp;neighborhood_id={home.neighborhood_id}"
    assert link in household_page
    html = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<option selected value="{home.neighborhood_id}">' in html
    chips = html.split('id="household_ids-chips"')[1].split("</div>")[0]
    assert f'value="{home.id}"' in chips and "خانواده رضایی" in chips
