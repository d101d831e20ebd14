"""One vocabulary: the glossary's banned forms never appear, roles are named apart from officials."""
import re
from pathlib import Path

import pytest

from tracker.models.choices import FEEDBACK_STATUSES, ROLES
from tracker.models.people import MASK
from tracker.persian.names import surname_key, without_honorifics

ROOT = Path(__file__).resolve().parent.parent
# Each banned form and the word docs/glossary.md uses instead.
BANNED = {
    "کمپین": "پویش",
    "عقب‌افتاده": "سررسیدگذشته",
    "دیرکرد": "سررسیدگذشته",
    "(گذشته)": "(سررسیدگذشته)",
    "پاسخ داده شده": "پاسخ‌داده‌شده",
    "ارجاع شده": "ارجاع‌شده",
    "پویش پویش": "پویش",
    '"***"': "MASK",
}


def _sources():
    for folder, patterns in (("templates", ("*.html", "*.txt")), ("tracker", ("*.py", "*.html", "*.js", "*.css"))):
        for pattern in patterns:
            yield from (ROOT / folder).rglob(pattern)


def test_glossary_exists_and_names_the_chosen_words():
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for word in ("پویش", "سررسیدگذشته", "کارشناس معاونت", "مدیر سامانه", "پاسخ‌داده‌شده", "•••"):
        assert word in text


@pytest.mark.parametrize("banned", list(BANNED))
def test_no_banned_form_in_templates_or_code(banned):
    found = [f"{path.relative_to(ROOT)}:{n}" for path in _sources()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if banned in line]
    assert found == [], f"«{banned}» found; the glossary says «{BANNED[banned]}»"


def test_roles_are_named_apart_from_officials():
    assert ROLES["manager"] == "کارشناس معاونت" and ROLES["admin"] == "مدیر سامانه"
    # No role is the bare word the interface uses for officials.
    assert "مدیر" not in ROLES.values() and len(set(ROLES.values())) == len(ROLES)
    assert FEEDBACK_STATUSES["answered"] == "پاسخ‌داده‌شده"


def test_one_mask_sign():
    assert MASK == "•••"


def test_officials_sort_by_surname_ignoring_honorifics():
    names = ["مهندس علیرضا نادری", "دکتر سعید فرهمند", "آقای رضا چگینی", "حاج سید مهدی گلزاری", "خانم نرگس امینی"]
    assert sorted(names, key=surname_key) == [
        "خانم نرگس امینی", "آقای رضا چگینی", "دکتر سعید فرهمند", "حاج سید مهدی گلزاری", "مهندس علیرضا نادری"]
    assert without_honorifics("سید حسینی") == ["حسینی"] and without_honorifics("سید") == ["سید"]


def test_persian_list_numbering_in_the_stylesheet():
    css = (ROOT / "tracker" / "static" / "app.css").read_text(encoding="utf-8")
    assert re.search(r"ol\s*\{\s*list-style-type:\s*persian", css)
    assert re.search(r"list-group-numbered[^{]*\{[^}]*persian", css)  # Bootstrap's numbered lists too


def test_a_campaign_is_named_once_in_report_titles():
    from tracker.reports.build import campaign_name

    assert campaign_name("پویش آبان") == "«پویش آبان»"
    assert campaign_name("روز شهرداری‌ها") == "پویش «روز شهرداری‌ها»"
