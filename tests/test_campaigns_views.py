"""Campaign pages: list, create, edit with phases and targets, detail with coverage, delete, roles."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import AuditEntry, Campaign, CampaignTarget, Event, Neighborhood, Phase
from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.persian.digits import to_persian_digits


def _form(**overrides):
    data = {
        "title": "ما همه شهر - داریم",
        "occasion": "روز شهرداری‌ها",
        "status": "active",
        "starts_on": "۱۴۰۴/۰۴/۰۱",
        "ends_on": "1404/04/31",
        "goals": "دیدار با خانواده‌های شهدا در همهٔ محله‌ها",
        "phases-0-number": "1",
        "phases-0-title": "تبلیغات محیطی",
        "phases-1-number": "۲",
        "phases-1-title": "دیدار در منزل",
        "phases-1-starts_on": "1404/04/14",
        "phases-2-number": "", "phases-2-title": "",
        "phases-3-number": "", "phases-3-title": "",
    }
    data.update(overrides)
    return data


def _neighborhood(name):
    return db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))


def _make(district, title="پویش تیر", status="active", starts=date(2025, 6, 22), phases=(1,)):
    campaign = Campaign(district_id=district.id, title=title, status=status, starts_on=starts,
                        ends_on=date(2025, 7, 22))
    campaign.phases = [Phase(number=n, title=f"مرحله {n}") for n in phases]
    db.session.add(campaign)
    db.session.commit()
    return campaign


def test_pr_staff_creates_campaign_with_phases_and_targets(client, auth, district):
    auth.login("pr_staff")
    page = client.get("/campaigns/new")
    assert page.status_code == 200 and "پویش تازه" in page.get_data(as_text=True)
    nid = _neighborhood("وردآورد").id
    response = client.post("/campaigns/new",
                           data=_form(**{f"targets-n{nid}_martyr_family": "۵", f"targets-n{nid}_trustee": ""}))
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert campaign.title == "ما همه شهر - داریم" and campaign.starts_on == date(2025, 6, 22)
    assert [(p.number, p.title) for p in campaign.phases] == [(1, "تبلیغات محیطی"), (2, "دیدار در منزل")]
    assert campaign.phases[1].starts_on == date(2025, 7, 5)
    assert [(t.neighborhood_id, t.category, t.count) for t in campaign.targets] == [(nid, "martyr_family", 5)]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "campaign")).action == "create"

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "دیدار در منزل" in html and "۱ تیر ۱۴۰۴" in html
    assert "۰ / ۵" in html  # five martyr families targeted in Vardavard, none reached yet

    edit = client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert 'value="تبلیغات محیطی"' in edit and 'value="۵"' in edit and 'value="۱۴۰۴/۰۴/۱۴"' in edit


def test_end_before_start_shows_persian_error_and_keeps_input(client, auth):
    auth.login("pr_staff")
    html = client.post("/campaigns/new", data=_form(ends_on="1404/03/01")).get_data(as_text=True)
    assert "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد." in html
    assert 'value="۱۴۰۴/۰۳/۰۱"' in html and 'value="ما همه شهر - داریم"' in html
    assert db.session.scalar(select(Campaign)) is None


def test_invalid_jalali_date_is_kept_with_persian_message(client, auth):
    auth.login("pr_staff")
    page = client.post("/campaigns/new", data=_form(ends_on="1404/12/30"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="1404/12/30"' in html
    assert "اسفند ۱۴۰۴ فقط ۲۹ روز دارد" in html.split('value="1404/12/30"')[1].split("</div>")[0]
    assert db.session.scalar(select(Campaign)) is None


def test_negative_target_and_missing_phase_are_refused(client, auth):
    auth.login("admin")
    nid = _neighborhood("ویلاشهر").id
    data = _form(**{f"targets-n{nid}_veteran": "-3", "phases-0-number": "", "phases-0-title": "",
                    "phases-1-number": "", "phases-1-title": "", "phases-1-starts_on": ""})
    html = client.post("/campaigns/new", data=data).get_data(as_text=True)
    assert "عدد نمی‌تواند منفی باشد." in html and 'value="-3"' in html
    assert "دست‌کم یک مرحله لازم است." in html
    assert db.session.scalar(select(Campaign)) is None


def test_phase_title_without_number_and_duplicate_numbers(client, auth):
    auth.login("pr_staff")
    html = client.post("/campaigns/new", data=_form(**{"phases-1-number": "1", "phases-2-title": "اطلاع‌رسانی"})
                       ).get_data(as_text=True)
    assert "شمارهٔ مرحله تکراری است." in html and "این خانه را پر کنید." in html
    assert 'value="اطلاع‌رسانی"' in html


def test_edit_keeps_phase_rows_and_replaces_targets(client, auth, district):
    campaign = _make(district, phases=(1, 2))
    phase_one_id = campaign.phases[0].id
    a, b = _neighborhood("وردآورد").id, _neighborhood("شهرک دانشگاه").id
    db.session.add(CampaignTarget(campaign_id=campaign.id, neighborhood_id=a, category="trustee", count=4))
    db.session.commit()
    auth.login("pr_staff")
    data = _form(**{"phases-0-title": "تبلیغات تازه", "phases-1-number": "", "phases-1-title": "",
                    "phases-1-starts_on": "", f"targets-n{b}_citizen": "12"})
    response = client.post(f"/campaigns/{campaign.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    assert [(p.id, p.title) for p in campaign.phases] == [(phase_one_id, "تبلیغات تازه")]
    assert [(t.neighborhood_id, t.category, t.count) for t in campaign.targets] == [(b, "citizen", 12)]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.before["targets"] == {f"{a}:trustee": 4} and entry.after["title"] == "ما همه شهر - داریم"


def test_phase_with_events_cannot_be_removed(client, auth, district):
    campaign = _make(district, phases=(1, 2))
    db.session.add(Event(district_id=district.id, campaign_id=campaign.id, phase_id=campaign.phases[1].id,
                         neighborhood_id=_neighborhood("وردآورد").id, kind="home_visit", held_on=date(2025, 7, 1)))
    db.session.commit()
    auth.login("pr_staff")
    data = _form(**{"title": "عنوان تازه", "phases-1-number": "", "phases-1-title": "", "phases-1-starts_on": ""})
    html = client.post(f"/campaigns/{campaign.id}/edit", data=data).get_data(as_text=True)
    assert "مرحلهٔ ۲ رویداد ثبت‌شده دارد" in html and 'value="عنوان تازه"' in html
    db.session.expire_all()
    kept = db.session.get(Campaign, campaign.id)
    assert kept.title == "پویش تیر" and len(kept.phases) == 2


def test_list_filters_by_status_counts_events_and_pages(client, auth, district):
    for i in range(23):
        _make(district, title=f"کمپین {i}", status="closed" if i % 2 else "draft", starts=date(2025, 1, 1 + i))
    active = _make(district, title="پویش فعال", status="active")
    db.session.add(Event(district_id=district.id, campaign_id=active.id, neighborhood_id=_neighborhood("وردآورد").id,
                         kind="meeting", held_on=date(2025, 7, 1)))
    db.session.commit()
    auth.login("manager")
    html = client.get("/campaigns/").get_data(as_text=True)
    assert "۲۴ پویش" in html and "پویش فعال" in html and "در جریان" in html and "صفحهٔ بعد" in html
    assert "۱۴۰۴/۰۴/۰۱ تا ۱۴۰۴/۰۴/۳۱" in html
    assert "<td>۱</td>" in html
    assert "پویش تازه" not in html  # managers read only
    after = html.split("after=")[1].split('"')[0].replace("&amp;", "&")
    rest = to_persian_digits(client.get(f"/campaigns/?after={after}").get_data(as_text=True))
    assert "کمپین ۰" in rest and "پویش فعال" not in rest and "صفحهٔ بعد" not in rest
    closed = client.get("/campaigns/?status=closed").get_data(as_text=True)
    assert "۱۱ پویش" in closed and "پویش فعال" not in closed


def test_detail_shows_coverage_and_untouched_neighborhoods(client, auth, district):
    campaign = _make(district)
    auth.login("manager")
    html = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    count = db.session.query(Neighborhood).count()
    assert html.count("بدون دیدار") == count
    assert "ویرایش" not in html.split("</nav>")[1].split("<dl")[0]


def test_delete_asks_then_hides(client, auth, district):
    campaign = _make(district)
    auth.login("pr_staff")
    confirm = client.get(f"/campaigns/{campaign.id}/delete").get_data(as_text=True)
    assert "آیا مطمئن هستید؟" in confirm
    assert client.post(f"/campaigns/{campaign.id}/delete").status_code == 302
    assert db.session.get(Campaign, campaign.id).deleted_at is not None
    assert "پویش تیر" not in client.get("/campaigns/").get_data(as_text=True)
    assert client.get(f"/campaigns/{campaign.id}").status_code == 404


@pytest.mark.parametrize("url", ["/campaigns/", "/campaigns/new", "/campaigns/{id}", "/campaigns/{id}/edit",
                                 "/campaigns/{id}/delete"])
def test_viewer_gets_403_everywhere(client, auth, district, url):
    campaign = _make(district)
    auth.login("viewer")
    assert client.get(url.format(id=campaign.id)).status_code == 403


@pytest.mark.parametrize("url", ["/campaigns/new", "/campaigns/{id}/edit", "/campaigns/{id}/delete"])
def test_manager_cannot_write(client, auth, district, url):
    campaign = _make(district)
    auth.login("manager")
    assert client.post(url.format(id=campaign.id), data=_form()).status_code == 403
    assert db.session.get(Campaign, campaign.id).deleted_at is None
    assert db.session.query(Campaign).count() == 1


@pytest.mark.parametrize("url", ["/campaigns/{id}", "/campaigns/{id}/edit", "/campaigns/{id}/delete"])
def test_other_district_campaign_is_404(client, auth, district, url):
    other = other_district().district
    db.session.commit()
    campaign = _make(other)
    auth.login("admin")
    assert client.get(url.format(id=campaign.id)).status_code == 404
    if not url.endswith("}"):
        assert client.post(url.format(id=campaign.id), data=_form()).status_code == 404
    assert db.session.get(Campaign, campaign.id).deleted_at is None
    assert "پویش تیر" not in client.get("/campaigns/").get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/campaigns/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_grid_has_every_neighborhood_and_category(client, auth):
    auth.login("pr_staff")
    html = client.get("/campaigns/new").get_data(as_text=True)
    for n in db.session.scalars(select(Neighborhood)):
        for cat in HOUSEHOLD_CATEGORIES:
            assert f'name="targets-n{n.id}_{cat}"' in html
    # Area 1 rows come before area 3 rows, and names inside an area in Persian order.
    assert html.index("باشگاه نفت") < html.index("تهرانسر شرقی") < html.index("وردآورد")


def test_stale_edit_is_refused(client, auth, district):
    campaign = _make(district)
    auth.login("pr_staff")
    edit = client.get(f"/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{campaign.version}"' in edit
    campaign.title = "ویرایش همکار"
    db.session.commit()
    html = client.post(f"/campaigns/{campaign.id}/edit",
                       data=_form(version="1", title="ویرایش من")).get_data(as_text=True)
    assert "این پویش در این فاصله تغییر کرده است" in html and 'value="ویرایش من"' in html
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).title == "ویرایش همکار"
