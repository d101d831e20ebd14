"""The pages that run scripts, clicked through in Chromium under the Content-Security-Policy.

Chromium reports every blocked inline script, event handler, style attribute or foreign load
on the console ("Refused to ... because it violates the following Content Security Policy
directive"); any such message, or any uncaught script error, fails the test.
"""
import re

import pytest
from sqlalchemy import select

from tests.browser.conftest import serve, sign_in
from tests.sample_data import PASSWORD, USERNAMES
from tracker.extensions import db
from tracker.models import Campaign, Household, Official, Phase

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to (execute|apply|load|connect|frame)", re.I)


class Watch:
    """Collect the console's CSP violations and the page's uncaught errors."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message):
        if CSP_MESSAGE.search(message.text):
            self.problems.append(f"{message.type}: {message.text}")


@pytest.fixture(scope="module")
def site(demo_site):
    """The demo district served on loopback with CSRF on, as in production."""
    with demo_site(WTF_CSRF_ENABLED=True) as (app, sample), serve(app) as base_url:
        yield app, sample, base_url


@pytest.fixture
def watched(_browser):
    """A desktop page whose CSP violations and script errors are collected."""
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page, Watch(page)
    context.close()


def _names(app, sample):
    with app.app_context():
        official = db.session.scalar(select(Official).where(Official.id == sample.own.official_id))
        household = db.session.get(Household, sample.own.household_id)
        campaign = db.session.get(Campaign, sample.own.campaign_id)
        phases = db.session.scalars(select(Phase).where(Phase.campaign_id == campaign.id)).all()
        return (official.name, household.name, household.phone, household.neighborhood_id,
                campaign.id, [p.id for p in phases])


def test_event_form_pickers_preview_and_phases_run_under_the_policy(site, watched):
    app, sample, base_url = site
    page, watch = watched
    official, household, _phone, _nb, campaign_id, phase_ids = _names(app, sample)
    sign_in(page, base_url, USERNAMES["pr_staff"], PASSWORD)
    page.goto(base_url + "/events/new")
    page.fill("input[name=held_on]", "۱۴۰۵/۰۹/۱۱")
    page.locator("#date-preview", has_text="چهارشنبه").wait_for()
    page.fill("input[name=held_on]", "1405/13/40")
    page.locator("#date-preview.text-danger").wait_for()
    page.select_option("#campaign_id", str(campaign_id))
    shown = "os => os.filter(o => o.value && !o.hidden).map(o => o.value)"
    assert sorted(page.eval_on_selector_all("#phase_id option", shown)) == sorted(str(p) for p in phase_ids)
    page.select_option("#campaign_id", "")
    assert page.eval_on_selector_all("#phase_id option", shown) == []
    page.select_option("#campaign_id", str(campaign_id))
    for picker, typed in (("official_ids", official.split()[-1]), ("household_ids", household.split()[-1])):
        page.fill(f"#{picker}-search", typed)
        page.locator(f'.picker[data-name="{picker}"] .results button').first.click()
        page.locator(f"#{picker}-chips .chip").first.wait_for()
    page.locator("#household_ids-chips .chip-remove").first.click()
    assert page.locator("#household_ids-chips .chip").count() == 0
    assert watch.problems == []


def test_household_form_duplicate_check_and_category_toggle_run_under_the_policy(site, watched):
    app, sample, base_url = site
    page, watch = watched
    _official, _household, phone, neighborhood_id, *_ = _names(app, sample)
    sign_in(page, base_url, USERNAMES["pr_staff"], PASSWORD)
    page.goto(base_url + "/households/new")
    page.select_option("#category", "martyr_family")
    assert page.is_visible("#martyr-name-group")
    page.select_option("#category", "trustee")
    assert not page.is_visible("#martyr-name-group")
    page.fill("#name", "خانوادهٔ آزمون سیاست امنیتی")
    page.select_option("#neighborhood_id", str(neighborhood_id))
    page.fill("#phone", phone)
    page.click("form button[type=submit]")
    page.locator("#duplicates").wait_for()
    page.check("#not_duplicate")
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/households/\d+$"))
    # The flash message's close button is Bootstrap's script.
    page.click(".alert .btn-close")
    page.locator(".alert").wait_for(state="detached")
    assert watch.problems == []


def test_dashboard_reports_calendar_and_confirmations_run_under_the_policy(site, watched):
    app, sample, base_url = site
    page, watch = watched
    _o, _h, _p, _n, campaign_id, *_ = _names(app, sample)
    sign_in(page, base_url, USERNAMES["admin"], PASSWORD)
    page.goto(base_url + "/")
    widths = page.eval_on_selector_all(
        ".progress-bar[data-bar-width]",
        "bars => bars.map(b => [Number(b.dataset.barWidth), b.getBoundingClientRect().width,"
        " b.parentElement.getBoundingClientRect().width])")
    assert widths, "the dashboard shows no progress bar"
    for percent, width, whole in widths:
        assert abs(width - whole * min(percent, 100) / 100) < 2
    page.select_option("#months", "6")
    page.wait_for_url(re.compile(r"months=6"))
    page.goto(base_url + "/reports/")
    page.select_option("#campaign-id", index=0)
    page.click("#campaign-form button")
    page.wait_for_url(re.compile(rf"/reports/campaign/{campaign_id}\b|/reports/campaign/\d+"))
    chart = page.locator("svg.report-chart").first
    assert chart.bounding_box()["width"] <= 641
    page.goto(base_url + "/events/calendar")
    height = page.eval_on_selector("#calendar tbody td", "td => td.getBoundingClientRect().height")
    assert height >= 6.5 * 16 - 1  # the calendar's own CSS, moved to app.css, is applied
    page.goto(base_url + f"/events/{sample.own.event_id}/cancel")
    page.locator("form button[type=submit]").first.wait_for()
    page.goto(base_url + f"/campaigns/{campaign_id}/edit")
    assert page.eval_on_selector("#phases th.phase-date", "th => th.getBoundingClientRect().width") > 100
    assert watch.problems == []


def test_the_watch_sees_an_inline_handler_the_policy_blocks(site, watched):
    """The check above can fail: an injected inline handler is refused, reported and never run."""
    _app, _sample, base_url = site
    page, watch = watched
    page.goto(base_url + "/auth/login")
    page.evaluate("""() => {
        const b = document.createElement('button');
        b.id = 'injected'; b.setAttribute('onclick', 'document.title = "ran"'); b.textContent = 'x';
        document.body.appendChild(b);
    }""")
    page.click("#injected")
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    assert any("inline event handler" in problem for problem in watch.problems), watch.problems
