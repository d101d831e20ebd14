"""Select lists: one order (Persian dictionary order) on every page, only the district's live records."""
import re

import pytest
from sqlalchemy import select

from tests import lists_data
from tracker.lists import choices
from tracker.extensions import db
from tracker.models import Department, Neighborhood
from tracker.models.base import tehran_now

# District 21's neighborhoods as a Persian dictionary lists them: چ after ت and before ش
# (by code point چ would come after و), and آ before ا.
DICTIONARY_ORDER = [
    "باشگاه نفت", "تهرانسر شرقی", "تهرانسر شمالی", "تهرانسر غربی", "تهرانسر مرکزی", "چیتگر جنوبی",
    "چیتگر شمالی", "شهرک آزادی", "شهرک استقلال", "شهرک دانشگاه", "شهرک فرهنگیان", "وردآورد", "ویلاشهر",
]


def options(html: str, name: str) -> list[str]:
    """Return the labels of a select's options, in page order, without the blank "all" option."""
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', body)
            if value]


def test_neighborhoods_come_in_dictionary_order_without_deleted_or_foreign_ones(district):
    lists_data.build(district)
    deleted = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "ویلاشهر"))
    deleted.deleted_at = tehran_now()
    db.session.commit()
    names = [c.name for c in choices.neighborhoods(district.id)]
    assert names == [n for n in DICTIONARY_ORDER if n != "ویلاشهر"]  # the other district's «چیتگر» is absent


@pytest.mark.parametrize("url, select_name", [
    ("/feedback/", "neighborhood"),  # sorted by code point before: چیتگر came last
    ("/reports/", "neighborhood"),  # sorted by search key before
    ("/events/", "neighborhood"),
    ("/households/", "neighborhood_id"),
    ("/exports/", "neighborhood_id"),
    ("/events/new", "neighborhood_id"),
    ("/households/new", "neighborhood_id"),
])
def test_every_page_offers_the_neighborhoods_in_the_same_order(client, auth, district, url, select_name):
    auth.login("pr_staff")
    assert options(client.get(url).get_data(as_text=True), select_name) == DICTIONARY_ORDER


def test_departments_officials_and_campaigns(client, auth, district):
    d = lists_data.build(district)
    db.session.add_all([Department(district_id=district.id, name="معاونت پیشگیری و ایمنی"),
                        Department(district_id=district.id, name="معاونت آزمایشی", deleted_at=tehran_now())])
    db.session.commit()
    auth.login("admin")
    # پ sorts after ب, not after ی as its code point would have it; the deleted one is absent.
    by_dictionary = [
        "اداره روابط عمومی", "معاونت امور اجتماعی و فرهنگی", "معاونت پیشگیری و ایمنی", "معاونت توسعه منابع انسانی",
        "معاونت حمل\u200cونقل و ترافیک", "معاونت خدمات شهری و محیط زیست", "معاونت شهرسازی و معماری",
        "معاونت فنی و عمرانی", "معاونت مالی و اقتصادی",
    ]
    assert [c.name for c in choices.departments(district.id)] == by_dictionary
    assert options(client.get("/feedback/").get_data(as_text=True), "department") == by_dictionary
    assert options(client.get("/exports/").get_data(as_text=True), "department_id") == by_dictionary
    assert options(client.get("/feedback/inbox").get_data(as_text=True), "department_id") == by_dictionary
    # Officials by name: «دکتر احمدی» before «مهندس صادقی»; the other district's namesake is absent.
    officials = options(client.get("/feedback/commitments").get_data(as_text=True), "official")
    assert officials == ["دکتر احمدی", "مهندس صادقی"]
    # Campaigns: the latest start first, so the running one is at hand.
    assert [c.id for c in choices.campaigns(district.id)] == [d.c2.id, d.c1.id]
    assert options(client.get("/events/").get_data(as_text=True), "campaign") == ["هفتهٔ شهرداری", "دیدار نوروزی"]
