"""Campaign services: coverage numbers, the active campaign, and audited writes."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import other_district
from tracker.campaigns.services import (
    CampaignError, active_campaign, ended_active_campaigns, coverage, create_campaign, delete_campaign, update_campaign,
)
from tracker.extensions import db
from tracker.models import AuditEntry, Campaign, Event, Household, Neighborhood
from tracker.persian.digits import to_persian_digits


def _data(**overrides):
    data = {"title": "پویش تیر", "occasion": None, "status": "active", "starts_on": date(2025, 6, 22),
            "ends_on": date(2025, 7, 22), "goals": None,
            "phases": [{"number": 1, "title": "دیدار", "starts_on": None, "ends_on": None}], "targets": []}
    data.update(overrides)
    return data


def _target(hood, category, count):
    return {"neighborhood_id": hood.id, "category": category, "count": count}


def _hood(name):
    return db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))


def _household(district, hood, category, name):
    h = Household(district_id=district.id, neighborhood_id=hood.id, category=category, name=name)
    db.session.add(h)
    return h


def test_coverage_counts_done_visits_and_distinct_households(app, district):
    vard, villa = _hood("وردآورد"), _hood("ویلاشهر")
    campaign = create_campaign(district.id, _data(targets=[_target(vard, "martyr_family", 3),
                                                           _target(villa, "trustee", 2)]))
    a = _household(district, vard, "martyr_family", "خانواده یزدانی")
    b = _household(district, vard, "martyr_family", "خانواده کیانی")
    c = _household(district, vard, "trustee", "حاج آقا رضایی")
    gone = _household(district, vard, "citizen", "پاک‌شده")
    def visit(status, households, **kw):
        e = Event(district_id=district.id, campaign_id=campaign.id, neighborhood_id=vard.id, kind="home_visit",
                  status=status, held_on=date(2025, 7, 5), minutes="گفت‌وگو" if status == "done" else None, **kw)
        e.households = households
        db.session.add(e)
        return e
    visit("done", [a, b])
    visit("done", [a, c])          # a again: still one household
    visit("planned", [gone])        # not done: not counted
    visit("done", [a], deleted_at=date(2025, 7, 6))  # deleted: not counted
    db.session.commit()

    rows = {r.name: r for r in coverage(campaign)}
    assert len(rows) == db.session.query(Neighborhood).count()
    v = rows["وردآورد"]
    assert (v.visits_done, v.households_reached, v.target_total) == (2, 3, 3)
    assert (v.by_category["martyr_family"].reached, v.by_category["martyr_family"].target) == (2, 3)
    assert v.by_category["trustee"].reached == 1 and v.by_category["citizen"].reached == 0
    assert not v.untouched and to_persian_digits(v.area_name) == "ناحیه ۳"
    w = rows["ویلاشهر"]
    assert (w.visits_done, w.households_reached, w.target_total) == (0, 0, 2) and w.untouched
    assert sum(r.visits_done for r in rows.values()) == 2


def test_coverage_numbers_on_the_detail_page(client, auth, district):
    vard = _hood("وردآورد")
    campaign = create_campaign(district.id, _data(targets=[_target(vard, "martyr_family", 4)]))
    a = _household(district, vard, "martyr_family", "خانواده یزدانی")
    b = _household(district, vard, "martyr_family", "خانواده کیانی")
    e = Event(district_id=district.id, campaign_id=campaign.id, neighborhood_id=vard.id, kind="home_visit",
              status="done", held_on=date(2025, 7, 5), minutes="گفت‌وگو")
    e.households = [a, b]
    db.session.add(e)
    db.session.commit()
    auth.login("manager")
    html = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    row = html.split(f'id="n{vard.id}"')[1].split("</tr>")[0]
    assert '<td class="visits">۱</td>' in row and "۲ / ۴" in row and "بدون دیدار" not in row
    assert 'id="sum-untouched">' + "۱۲" in html


def test_active_campaign_is_the_latest_starting_active_one(app, district):
    today = date(2025, 7, 1)
    assert active_campaign(district.id, today) is None
    create_campaign(district.id, _data(title="قدیمی", starts_on=date(2025, 1, 1)))
    newer = create_campaign(district.id, _data(title="تازه", starts_on=date(2025, 6, 1)))
    create_campaign(district.id, _data(title="پیش‌نویس", status="draft", starts_on=date(2025, 9, 1),
                                       ends_on=date(2025, 9, 2)))
    db.session.commit()
    assert active_campaign(district.id, today).id == newer.id
    # Both end on 2025-07-22: a day later neither is running, though both are still marked active.
    assert active_campaign(district.id, date(2025, 7, 23)) is None
    assert [c.title for c in ended_active_campaigns(district.id, date(2025, 7, 23))] == ["تازه", "قدیمی"]
    delete_campaign(newer)
    db.session.commit()
    assert active_campaign(district.id, today).title == "قدیمی"


def test_rules_are_enforced_in_the_service(app, district):
    with pytest.raises(CampaignError, match="تاریخ پایان"):
        create_campaign(district.id, _data(ends_on=date(2025, 1, 1)))
    with pytest.raises(CampaignError, match="دست‌کم یک مرحله"):
        create_campaign(district.id, _data(phases=[]))
    with pytest.raises(CampaignError, match="منفی"):
        create_campaign(district.id, _data(targets=[_target(_hood("وردآورد"), "trustee", -1)]))


def test_an_update_changes_only_the_fields_given_and_no_phases_means_one(app, district):
    vard = _hood("وردآورد")
    campaign = create_campaign(district.id, {"title": "پویش مهر", "starts_on": date(2025, 9, 23),
                                             "ends_on": date(2025, 10, 22), "targets": [_target(vard, "trustee", 2)]})
    assert (campaign.status, [(p.number, p.title) for p in campaign.phases]) == ("draft", [(1, "پویش مهر")])
    update_campaign(campaign, {"status": "active"})
    assert (campaign.title, campaign.status, len(campaign.phases)) == ("پویش مهر", "active", 1)
    assert [(t.neighborhood_id, t.category, t.count) for t in campaign.targets] == [(vard.id, "trustee", 2)]


def test_targets_are_the_districts_neighborhoods_each_category_once(app, district):
    elsewhere = other_district().neighborhood
    with pytest.raises(CampaignError, match="همین منطقه") as refused:
        create_campaign(district.id, _data(targets=[_target(_hood("وردآورد"), "trustee", 1),
                                                    _target(elsewhere, "trustee", 1)]))
    assert refused.value.field == "targets[1].neighborhood_id"
    with pytest.raises(CampaignError, match="دو بار") as refused:
        create_campaign(district.id, _data(targets=[_target(_hood("وردآورد"), "trustee", 1),
                                                    _target(_hood("وردآورد"), "trustee", 2)]))
    assert refused.value.field == "targets[1]"
    assert db.session.scalar(select(Campaign.id).where(Campaign.district_id == district.id)) is None


def test_writes_are_audited_with_before_and_after(app, district):
    campaign = create_campaign(district.id, _data())
    update_campaign(campaign, _data(title="پویش تازه"))
    delete_campaign(campaign)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "campaign")
                                 .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[1].before["title"] == "پویش تیر" and entries[1].after["title"] == "پویش تازه"
    assert entries[2].after["deleted_at"] and db.session.get(Campaign, campaign.id).deleted_at
