"""A campaign's named target list: built from filters, one household at a time, and its coverage everywhere."""
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.campaigns import targets
from tracker.campaigns.services import CampaignError
from tracker.extensions import db
from tracker.models import AuditEntry, Campaign, Event, Household, Neighborhood, Official, Phase, campaign_household
from tracker.reports.queries import ReportFilter, target_list


def _hood(name):
    return db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))


@pytest.fixture
def place(district):
    """Two neighborhoods' families and trustees, a campaign and another campaign."""
    vardavard, daneshgah = _hood("وردآورد"), _hood("شهرک دانشگاه")
    homes = {
        "rezaei": Household(district_id=district.id, neighborhood_id=vardavard.id, category="martyr_family",
                            name="خانواده رضایی", martyr_name="حسن رضایی", phone="09121234567",
                            address="وردآورد، کوچهٔ یاس"),
        "ahmadi": Household(district_id=district.id, neighborhood_id=vardavard.id, category="martyr_family",
                            name="خانواده احمدی", martyr_name="علی احمدی"),
        "kiani": Household(district_id=district.id, neighborhood_id=vardavard.id, category="trustee",
                           name="حاج کاظم کیانی"),
        "sadeghi": Household(district_id=district.id, neighborhood_id=daneshgah.id, category="martyr_family",
                             name="خانواده صادقی", martyr_name="مهدی صادقی"),
    }
    campaign = Campaign(district_id=district.id, title="ما همه شهر - داریم", status="active",
                        starts_on=date(2025, 6, 22), ends_on=date(2025, 7, 22))
    campaign.phases = [Phase(number=1, title="دیدار در منزل")]
    other = Campaign(district_id=district.id, title="پویش دیگر", status="active",
                     starts_on=date(2025, 6, 22), ends_on=date(2025, 7, 22))
    other.phases = [Phase(number=1, title="دیدار")]
    mayor = Official(district_id=district.id, name="مهندس نادری", title="شهردار منطقه")
    db.session.add_all([*homes.values(), campaign, other, mayor])
    db.session.commit()
    return {"vardavard": vardavard, "daneshgah": daneshgah, "campaign": campaign, "other": other,
            "mayor": mayor, **homes}


def _visit(place, campaign, household, status="done", held_on=date(2025, 7, 5)):
    event = Event(district_id=campaign.district_id, campaign_id=campaign.id, neighborhood_id=household.neighborhood_id,
                  kind="home_visit", status=status, held_on=held_on, minutes="دیدار شد." if status == "done" else None)
    event.households = [household]
    event.officials = [place["mayor"]]
    db.session.add(event)
    db.session.commit()
    return event


def _listed(campaign):
    return set(db.session.scalars(select(campaign_household.c.household_id)
                                  .where(campaign_household.c.campaign_id == campaign.id)))


def test_a_pick_is_counted_first_and_added_once(place):
    campaign = place["campaign"]
    pick = targets.target_filter(campaign, place["vardavard"].id, "martyr_family")
    assert targets.preview(campaign, pick) == targets.Preview(found=2, listed=0)
    assert targets.add_matching(campaign, pick) == 2
    assert _listed(campaign) == {place["rezaei"].id, place["ahmadi"].id}
    whole = targets.target_filter(campaign, place["vardavard"].id, None)
    assert targets.preview(campaign, whole).new == 1
    assert targets.add_matching(campaign, whole) == 1
    with pytest.raises(CampaignError, match="خانوار تازه‌ای"):
        targets.add_matching(campaign, whole)
    audits = db.session.scalars(select(AuditEntry.after).where(AuditEntry.action == "add_targets")).all()
    assert [a["added"] for a in audits] == [2, 1]


def test_bad_picks_and_households_of_another_district_are_refused(place):
    campaign = place["campaign"]
    elsewhere = other_district()
    stranger = Household(district_id=elsewhere.district.id, neighborhood_id=elsewhere.neighborhood.id,
                         category="citizen", name="غریبه")
    db.session.add(stranger)
    db.session.commit()
    with pytest.raises(CampaignError, match="محله را از فهرست") as bad_hood:
        targets.target_filter(campaign, elsewhere.neighborhood.id, None)
    assert bad_hood.value.field == "neighborhood_id"
    with pytest.raises(CampaignError, match="دسته را از فهرست"):
        targets.target_filter(campaign, None, "stranger")
    with pytest.raises(CampaignError, match="پیدا نشد"):
        targets.add_household(campaign, stranger.id)
    targets.add_household(campaign, place["kiani"].id)
    with pytest.raises(CampaignError, match="پیش‌تر در فهرست هدف است"):
        targets.add_household(campaign, place["kiani"].id)
    targets.remove_household(campaign, place["kiani"].id)
    with pytest.raises(CampaignError, match="در فهرست هدف نیست"):
        targets.remove_household(campaign, place["kiani"].id)
    assert _listed(campaign) == set()


def test_coverage_counts_only_done_visits_of_this_campaign(place):
    campaign = place["campaign"]
    targets.add_matching(campaign, targets.target_filter(campaign, None, "martyr_family"))
    _visit(place, campaign, place["rezaei"], held_on=date(2025, 7, 6))
    _visit(place, campaign, place["ahmadi"], status="planned")
    _visit(place, place["other"], place["sadeghi"])
    groups = target_list(ReportFilter(campaign.district_id, campaign_id=campaign.id))
    assert [g.name for g in groups] == ["شهرک دانشگاه", "وردآورد"]  # the district's order: area, then name
    by_name = {g.name: g for g in groups}
    assert [(h.name, h.visited_on) for h in by_name["وردآورد"].visited] == [("خانواده رضایی", date(2025, 7, 6))]
    assert [h.name for h in by_name["وردآورد"].waiting] == ["خانواده احمدی"]
    assert [h.name for h in by_name["شهرک دانشگاه"].waiting] == ["خانواده صادقی"]  # another campaign's visit
    only = target_list(ReportFilter(campaign.district_id, campaign_id=campaign.id,
                                    neighborhood_id=place["daneshgah"].id))
    assert [g.name for g in only] == ["شهرک دانشگاه"]
    # A visit outside the report's dates does not count within them.
    june = target_list(ReportFilter(campaign.district_id, date(2025, 6, 1), date(2025, 6, 30), campaign_id=campaign.id))
    assert all(not g.visited for g in june)


def test_the_builder_page_previews_adds_and_removes(client, auth, place):
    campaign = place["campaign"]
    auth.login("pr_staff")
    url = f"/campaigns/{campaign.id}/targets"
    html = client.get(f"{url}?neighborhood_id={place['vardavard'].id}&category=martyr_family").get_data(as_text=True)
    assert "۲ خانوار با این انتخاب پیدا شد؛ ۰ خانوار پیش‌تر در فهرست است." in html
    assert "افزودن ۲ خانوار به فهرست" in html and "خانواده احمدی" in html and "حاج کاظم کیانی" not in html
    added = client.post(f"{url}/add", data={"neighborhood_id": str(place["vardavard"].id),
                                            "category": "martyr_family"})
    assert added.status_code == 302
    assert "۲ خانوار به فهرست هدف افزوده شد." in client.get(added.headers["Location"]).get_data(as_text=True)
    one = client.post(f"{url}/add", data={"q": "کیانی", "household_id": str(place["kiani"].id)})
    assert one.status_code == 302 and place["kiani"].id in _listed(campaign)
    assert client.post(f"{url}/remove", data={"household_id": str(place["ahmadi"].id)}).status_code == 302
    assert _listed(campaign) == {place["rezaei"].id, place["kiani"].id}


def test_a_bad_pick_is_shown_beside_its_field_and_nothing_is_added(client, auth, place):
    campaign = place["campaign"]
    elsewhere = other_district()
    db.session.commit()
    auth.login("admin")
    page = client.post(f"/campaigns/{campaign.id}/targets/add",
                       data={"neighborhood_id": str(elsewhere.neighborhood.id), "category": "martyr_family"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    beside = html.split('name="neighborhood_id"')[1].split('name="category"')[0]
    assert "یکی از گزینه‌های فهرست را انتخاب کنید." in beside
    assert _listed(campaign) == set()
    page = client.post(f"/campaigns/{campaign.id}/targets/add", data={"category": "nobody"})
    assert page.status_code == 422 and _listed(campaign) == set()
    auth.logout()
    auth.login("manager")
    assert client.get(f"/campaigns/{campaign.id}/targets").status_code == 403
    assert client.post(f"/campaigns/{campaign.id}/targets/add", data={"category": "trustee"}).status_code == 403


def test_the_campaign_page_lists_who_was_visited_and_who_waits(client, auth, place):
    campaign = place["campaign"]
    targets.add_matching(campaign, targets.target_filter(campaign, place["vardavard"].id, None))
    _visit(place, campaign, place["rezaei"])
    db.session.commit()
    auth.login("pr_staff")
    html = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    section = html.split('id="target-list"')[1]
    assert "۳ خانوار در فهرست؛ ۱ دیدارشده و ۲ در انتظار." in section
    group = section.split(f'id="target-n{place["vardavard"].id}"')[1].split("</details>")[0]
    waiting, visited = group.split('class="col-md-6 visited"')
    assert "خانواده احمدی" in waiting and "حاج کاظم کیانی" in waiting and "خانواده رضایی" not in waiting
    assert "خانواده رضایی" in visited and "۱۴۰۴/۰۴/۱۴" in visited
    plan = (f"/events/new?campaign_id={campaign.id}&amp;neighborhood_id={place['vardavard'].id}"
            f"&amp;household_id={place['ahmadi'].id}")
    assert plan in waiting


def _pdf_text(body: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(body)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if ch not in "\u202a\u202b\u202c\u202d\u202e\u200c")


def _plain(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace("\u200c", "")


def test_the_campaign_report_and_its_pdf_name_them_with_contacts_masked_for_viewers(client, auth, place, tmp_path):
    campaign = place["campaign"]
    targets.add_matching(campaign, targets.target_filter(campaign, None, "martyr_family"))
    _visit(place, campaign, place["sadeghi"])
    db.session.commit()
    auth.login("manager")
    html = client.get(f"/reports/campaign/{campaign.id}").get_data(as_text=True)
    names = html.split('id="target-names"')[1].split("</table>")[0]
    assert "خانواده رضایی" in names and "۰۹۱۲۱۲۳۴۵۶۷" in names and "در انتظار" in names
    assert "دیدار در ۱۴۰۴/۰۴/۱۴" in names
    pdf = client.get(f"/reports/campaign/{campaign.id}.pdf")
    text = _pdf_text(pdf.data, tmp_path)
    pdf.close()
    assert _plain("فهرست هدف") in text and _plain("رضایی") in text and "۰۹۱۲۱۲۳۴۵۶۷" in text
    auth.logout()
    auth.login("viewer")
    html = client.get(f"/reports/campaign/{campaign.id}").get_data(as_text=True)
    names = html.split('id="target-names"')[1].split("</table>")[0]
    assert "خانواده رضایی" in names and "۰۹۱۲۱۲۳۴۵۶۷" not in names and "کوچهٔ یاس" not in names
    assert "•••" in names
    pdf = client.get(f"/reports/campaign/{campaign.id}.pdf")
    text = _pdf_text(pdf.data, tmp_path)
    pdf.close()
    assert _plain("رضایی") in text and "۰۹۱۲۱۲۳۴۵۶۷" not in text and "09121234567" not in text


def test_a_deleted_household_leaves_the_list_and_the_counts(place):
    campaign = place["campaign"]
    targets.add_matching(campaign, targets.target_filter(campaign, place["vardavard"].id, None))
    place["kiani"].soft_delete()
    db.session.commit()
    groups = target_list(ReportFilter(campaign.district_id, campaign_id=campaign.id))
    assert sum(g.total for g in groups) == 2
    assert db.session.scalar(select(func.count()).select_from(campaign_household)) == 3  # the row stays
