"""Press-release drafts: facts filled into the admin's template, consent respected, text and PDF."""
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    AuditEntry, Campaign, Event, FeedbackItem, Household, Neighborhood, Official, Phase, TextTemplate, Topic,
)
from tracker.persian.dates import format_jalali
from tracker.reports import press, queries

PDFTOTEXT = shutil.which("pdftotext")
SECRET_FAMILY = "مریم شاهدی"
CONSENTING_FAMILY = "زهرا توکلی"


@pytest.fixture
def scene(district, users):
    """A campaign phase: three done visits in two neighborhoods, two officials, two topics heard."""
    n1, n2 = list(db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)))[:2]
    campaign = Campaign(district_id=district.id, title="پویش همدلی", occasion="هفتهٔ دفاع مقدس",
                        status="active", starts_on=date(2024, 9, 1), ends_on=date(2024, 10, 30))
    campaign.phases.extend([Phase(number=1, title="مرحلهٔ تبلیغات"), Phase(number=2, title="مرحلهٔ دیدارها")])
    db.session.add(campaign)
    mayor = Official(district_id=district.id, name="حمید نوری", title="شهردار منطقه")
    deputy = Official(district_id=district.id, name="سارا امینی", title="معاون اجتماعی")
    secret = Household(district_id=district.id, neighborhood_id=n1.id, category="martyr_family",
                       name=SECRET_FAMILY, martyr_name="رضا شاهدی", publicity_consent=False)
    open_ = Household(district_id=district.id, neighborhood_id=n2.id, category="martyr_family",
                      name=CONSENTING_FAMILY, martyr_name="محمد توکلی", publicity_consent=True)
    trustee = Household(district_id=district.id, neighborhood_id=n2.id, category="trustee", name="اکبر صالحی")
    db.session.add_all([mayor, deputy, secret, open_, trustee])
    db.session.flush()
    phase = campaign.phases[1]
    visits = [
        (date(2024, 9, 22), n1, [secret], [mayor, deputy]),
        (date(2024, 9, 24), n2, [open_, trustee], [mayor]),
        (date(2024, 9, 26), n2, [trustee], [deputy]),
    ]
    events = []
    for held_on, hood, homes, people in visits:
        event = Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase.id, neighborhood_id=hood.id,
                      kind="home_visit", status="done", held_on=held_on, minutes="انجام شد.",
                      title=f"دیدار با {homes[0].name}")
        event.households.extend(homes)
        event.officials.extend(people)
        events.append(event)
    # A planned visit to the secret family is not news yet.
    events.append(Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase.id,
                        neighborhood_id=n1.id, kind="home_visit", status="planned", held_on=date(2024, 10, 2)))
    db.session.add_all(events)
    db.session.flush()
    topics = list(db.session.scalars(select(Topic).where(Topic.district_id == district.id).order_by(Topic.id)))[:2]
    for event, topic in ((events[0], topics[0]), (events[1], topics[0]), (events[2], topics[1])):
        db.session.add(FeedbackItem(district_id=district.id, event_id=event.id, kind="request", topic_id=topic.id,
                                    text="درخواست رسیدگی", received_on=event.held_on))
    db.session.commit()
    return {"campaign": campaign, "phase": phase, "events": events, "topics": topics}


def draft_url(scene):
    return f"/exports/press?campaign_id={scene['campaign'].id}&phase_id={scene['phase'].id}"


def test_draft_states_the_facts_and_fills_every_placeholder(client, auth, scene):
    auth.login("pr_staff")
    response = client.get(draft_url(scene))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    facts = queries.press_facts(scene["campaign"], phase=scene["phase"])
    assert (facts.households, facts.neighborhoods) == (3, 2)
    assert "با سه خانوار در دو محلهٔ منطقه به مناسبت هفتهٔ دفاع مقدس" in html
    assert "شهردار منطقه حمید نوری و معاون اجتماعی سارا امینی" in html
    assert format_jalali(date(2024, 9, 26), "long") in html
    assert scene["topics"][0].name in html and scene["topics"][1].name in html
    assert "در چارچوب پویش همدلی و در مرحلهٔ دیدارها" in html and "مرحلهٔ دیدارها" in html
    assert "{{" not in html.split('id="press-form"')[1].split("</form>")[0]


def test_draft_never_names_a_family_without_consent(client, auth, scene):
    auth.login("pr_staff")
    html = client.get(draft_url(scene)).get_data(as_text=True)
    assert SECRET_FAMILY not in html
    assert f"خانوادهٔ {CONSENTING_FAMILY}" in html
    single = client.get(f"/exports/press?event_id={scene['events'][0].id}").get_data(as_text=True)
    assert SECRET_FAMILY not in single and "با یک خانوار در محلهٔ" in single
    draft = press.draft_from_facts(queries.press_facts(scene["campaign"]), scene["campaign"].district_id, "منطقهٔ ۲۱")
    assert SECRET_FAMILY not in draft.text() and "شاهدی" not in draft.text()


def test_text_download_is_utf8_plain_text(client, auth, scene):
    auth.login("pr_staff")
    response = client.post(draft_url(scene), data={
        "title": "تیتر ویرایش‌شده", "lead": "لید خبر", "body": "بند یکم\r\nبند دوم", "as_text": "1"})
    assert response.status_code == 200
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.get_data().decode("utf-8") == "تیتر ویرایش‌شده\n\nلید خبر\n\nبند یکم\nبند دوم\n"


def test_empty_title_shows_persian_error_and_keeps_the_text(client, auth, scene):
    auth.login("pr_staff")
    response = client.post(draft_url(scene), data={"title": "", "lead": "لید نگه‌داشته", "body": "", "as_text": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "این خانه را پر کنید." in html and "لید نگه‌داشته" in html


def _pdf_words(pdf: bytes, tmp_path) -> set[str]:
    """Return the words pdftotext reads, presentation forms folded, in either reading direction."""
    path = tmp_path / "press.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFTOTEXT, str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    out = "".join(c for c in out if unicodedata.category(c) != "Cf")  # bidi marks around runs
    return {unicodedata.normalize("NFKC", w) for word in out.split() for w in (word, word[::-1])}


def test_pdf_download_has_the_title(client, auth, scene, tmp_path):
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be read back")
    auth.login("manager")
    html = client.get(draft_url(scene)).get_data(as_text=True)
    assert "دریافت PDF" in html
    response = client.post(draft_url(scene), data={
        "title": "دیدار شهردار با خانواده شهیدان", "lead": "لید خبر درباره دیدار",
        "body": "بند نخست متن", "as_pdf": "1"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    words = _pdf_words(pdf, tmp_path)
    assert {"دیدار", "شهردار", "خانواده", "شهیدان", "لید", "نخست"} <= words
    assert "شاهدی" not in words


def test_admin_edits_the_template_and_drafts_follow_it(client, auth, scene):
    assert db.session.scalar(select(TextTemplate)) is None  # the default until the first save
    auth.login("admin")
    page = client.get("/exports/press/template").get_data(as_text=True)
    assert "{{ households_count }}" in page
    response = client.post("/exports/press/template", data={
        "title": "{{ district }}: {{ households_count }} خانوار، {{ neighborhoods_count }} محله",
        "body": "{{ officials }} در {{ date_jalali }} دیدار کردند.\r\n\r\nموضوعات: {{ themes }}"})
    assert response.status_code == 302
    saved = db.session.scalar(select(TextTemplate))
    assert saved.key == "press_release" and saved.district_id == scene["campaign"].district_id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "text_template")) is not None
    html = client.get(draft_url(scene)).get_data(as_text=True)
    assert "سه خانوار، دو محله" in html
    assert f"موضوعات: {scene['topics'][0].name} و {scene['topics'][1].name}" in html


def test_broken_template_is_refused_with_persian_error_and_input_kept(client, auth, scene):
    auth.login("admin")
    response = client.post("/exports/press/template", data={
        "title": "تیتر {{ nonexistent }}", "body": "متن {% if %}"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "قالب قابل ساختن نیست" in html and "تیتر {{ nonexistent }}" in html
    assert db.session.scalar(select(TextTemplate)) is None


def test_sandbox_refuses_reaching_into_python(client, auth, scene):
    auth.login("admin")
    response = client.post("/exports/press/template", data={
        "title": "{{ district.__class__.__mro__ }}", "body": "متن"})
    assert "قالب قابل ساختن نیست" in response.get_data(as_text=True)
    assert db.session.scalar(select(TextTemplate)) is None


def test_press_roles(client, auth, scene):
    auth.login("pr_staff")
    assert client.get("/exports/press").status_code == 200
    assert client.get("/exports/press/template").status_code == 403
    assert client.post("/exports/press/template", data={"title": "x", "body": "y"}).status_code == 403
    auth.logout()
    auth.login("viewer")
    assert client.get(draft_url(scene)).status_code == 403
    auth.logout()
    auth.login("manager")
    chooser = client.get("/exports/press").get_data(as_text=True)
    assert "پویش همدلی" in chooser and "مرحلهٔ دیدارها" in chooser
    assert client.get("/exports/press?campaign_id=999999").status_code == 404
    other_phase = db.session.scalar(select(Phase).where(Phase.id != scene["phase"].id))
    other = Campaign(district_id=scene["campaign"].district_id, title="دیگر", status="draft",
                     starts_on=date(2024, 1, 1), ends_on=date(2024, 2, 1))
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/exports/press?campaign_id={other.id}&phase_id={other_phase.id}").status_code == 404


def test_visit_outside_any_campaign_gets_a_draft(client, auth, district, users):
    from tests.factories import make_event

    event = make_event(district, held_on=date(2025, 7, 5))
    event.status, event.minutes = "done", "دیدار انجام شد."
    db.session.commit()
    auth.login("pr_staff")
    page = client.get(f"/exports/press?event_id={event.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "۱" in html and format_jalali(date(2025, 7, 5), "long") in html


def _facts(**kw):
    data = dict(occasion=None, campaign_title=None, phase_title=None, neighborhoods=1, households=1, visits=1,
                officials=[("مهندس نادری", "شهردار منطقه")], topics=[("آسفالت", 2)], first_date=date(2025, 7, 2),
                last_date=date(2025, 7, 2), consenting_families=["رضایی"], neighborhood_names=["وردآورد"])
    data.update(kw)
    return queries.PressFacts(**data)


def test_one_visit_reads_in_the_singular_with_counts_in_words():
    values = press.context(_facts(), "منطقهٔ ۲۱")
    draft = press.render_draft(press.DEFAULT_TITLE, press.DEFAULT_BODY, values)
    text = draft.text()
    assert "با یک خانوار در محلهٔ وردآورد" in draft.title
    assert f"روز {format_jalali(date(2025, 7, 2), 'long')}" in text and " تا " not in draft.lead
    assert "شهردار منطقه مهندس نادری روز" in draft.lead and "گفت‌وگو کرد." in draft.lead
    assert "این دیدار برای" in text and "در این دیدار بیش از همه" in text and "دیدارها" not in draft.body
    assert "میزبان این دیدار خانوادهٔ رضایی بود." in text
    assert "۱ " not in draft.title.replace("۲۱", "")


def test_many_visits_read_in_the_plural():
    facts = _facts(neighborhoods=3, households=12, visits=5, first_date=date(2025, 7, 1), last_date=date(2025, 7, 9),
                   officials=[("مهندس نادری", "شهردار منطقه"), ("دکتر فرهمند", "معاون اجتماعی")],
                   consenting_families=["رضایی", "کریمی"], neighborhood_names=["الف", "ب", "پ"])
    draft = press.render_draft(press.DEFAULT_TITLE, press.DEFAULT_BODY, press.context(facts, "منطقهٔ ۲۱"))
    text = draft.text()
    assert "با ۱۲ خانوار در سه محلهٔ منطقه" in draft.title  # words up to ten, digits beyond
    assert f"از {format_jalali(date(2025, 7, 1), 'long')} تا {format_jalali(date(2025, 7, 9), 'long')}" in text
    assert "گفت‌وگو کردند." in draft.lead and "این دیدارها برای" in text
    assert "میزبان بخشی از این دیدارها خانوادهٔ رضایی و خانوادهٔ کریمی بودند." in text
    assert [press.count_in_words(n) for n in (1, 3, 10, 11)] == ["یک", "سه", "ده", "۱۱"]
