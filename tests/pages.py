"""Every route of the app, classified, with sample URLs and the answer each role should get.

Two tables, read by the access matrix (tests/test_pages_access.py, tests/test_pages_writes.py) and
the page crawl (tests/browser/test_pages_crawl.py); tests/page_rows.py defines their rows.
- ROUTES: every GET URL: its endpoint, its kind, the roles that may open it, and any query values
  it needs. Path arguments named like a Records field are filled in with the sample's ids.
- ACTIONS: every other method of every route (a form's POST, an API POST or PATCH): the roles
  whose request is carried out, the answer they get, and how to build a minimal valid body from
  the sample records (tests/page_bodies.py holds the longer builders).
A route or method in neither fails test_every_route_is_classified. Rows for a new area go at the
end of each table.
"""
from datetime import timedelta

from tests import page_bodies as bodies
from tests.page_rows import (
    ADMIN, ANONYMOUS, API, ASSET, BAD_REQUEST, CITY, CREATED, DEPARTMENT_SIDE, DOWNLOAD, EVERYONE, FORM, JSON,
    NOT_ALLOWED, NOT_FOUND, OK, PAGE, PR_SIDE, READERS, ROLES, UNPROCESSABLE, WRITERS, Action, Foreign, Redirect,
    Route,
)
from tests.sample_data import PASSWORD
from tracker.models import Campaign, Event, Household


def _act(endpoint, roles, body, done, method="POST", kind=FORM, **options) -> Action:
    return Action(endpoint, kind, roles, method=method, body=body, done=done, **options)


def _form(endpoint, roles, done, body=None, **options) -> Action:
    """A web form's POST; body defaults to an empty confirmation."""
    return _act(endpoint, roles, body or (lambda s, r: {}), Redirect(done), **options)


def _api(endpoint, method, roles, body, done, **options) -> Action:
    return _act(endpoint, roles, body, done, method=method, kind=API, **options)


# The sample list uploaded by the PR staff account; the admin, another writer, does not find it.
IMPORT = {"token": "import_token"}
OTHER_WRITER = {"admin": NOT_FOUND}

ROUTES: list[Route] = [
    # -- the shell
    Route("main.index", PAGE, READERS, special={"viewer": Redirect("reports.index")}),
    Route("auth.login", PAGE, (), anonymous=OK, special={r: Redirect("main.index") for r in ROLES}),
    Route("auth.password", PAGE, EVERYONE),
    Route("auth.account", PAGE, EVERYONE),
    Route("search.index", PAGE, READERS),
    Route("search.index", PAGE, READERS, variant="results", query=lambda s: {"q": s.household_name}),
    # -- campaigns, events, households, feedback
    Route("campaigns.index", PAGE, READERS),
    Route("campaigns.detail", PAGE, READERS),
    Route("campaigns.new", PAGE, WRITERS),
    Route("campaigns.edit", PAGE, WRITERS),
    Route("campaigns.delete", PAGE, WRITERS),
    Route("events.index", PAGE, READERS),
    Route("events.calendar", PAGE, READERS),
    Route("events.detail", PAGE, READERS),
    Route("events.new", PAGE, WRITERS),
    Route("events.edit", PAGE, WRITERS),
    Route("events.cancel", PAGE, WRITERS),
    Route("events.delete", PAGE, WRITERS),
    Route("events.date_preview", JSON, READERS, values={"d": "1403/01/31"}),
    Route("events.lookup_officials", JSON, READERS, values={"q": "مهندس"}),
    Route("households.index", PAGE, READERS),
    Route("households.detail", PAGE, READERS),
    Route("households.new", PAGE, WRITERS),
    Route("households.edit", PAGE, WRITERS),
    Route("households.delete", PAGE, WRITERS),
    Route("households.lookup", JSON, READERS, query=lambda s: {"q": s.household_name}),
    Route("feedback.index", PAGE, READERS),
    Route("feedback.detail", PAGE, READERS),
    Route("feedback.inbox", PAGE, READERS),
    Route("feedback.to_inform", PAGE, WRITERS),
    Route("feedback.commitments", PAGE, READERS),
    Route("feedback.commitment", PAGE, READERS),
    # -- directory
    Route("directory.officials", PAGE, READERS),
    Route("directory.official", PAGE, READERS),
    Route("directory.new_official", PAGE, WRITERS),
    Route("directory.edit_official", PAGE, WRITERS),
    Route("directory.delete_official_view", PAGE, WRITERS),
    Route("directory.departments", PAGE, READERS),
    Route("directory.new_department", PAGE, ADMIN),
    Route("directory.edit_department", PAGE, ADMIN),
    Route("directory.delete_department_view", PAGE, ADMIN),
    # -- reports and exports
    Route("reports.index", PAGE, EVERYONE),
    Route("reports.campaign", PAGE, EVERYONE),
    Route("reports.monthly", PAGE, EVERYONE),
    Route("reports.neighborhood", PAGE, EVERYONE),
    Route("reports.official", PAGE, EVERYONE),
    Route("reports.ledger", PAGE, EVERYONE),
    Route("reports.campaign_pdf", DOWNLOAD, EVERYONE, binary=True),
    Route("reports.monthly_pdf", DOWNLOAD, EVERYONE, binary=True),
    Route("reports.neighborhood_pdf", DOWNLOAD, EVERYONE, binary=True),
    Route("reports.official_pdf", DOWNLOAD, EVERYONE, binary=True),
    Route("reports.ledger_pdf", DOWNLOAD, EVERYONE, binary=True),
    Route("reports.visit_pdf", DOWNLOAD, READERS, binary=True),
    Route("exports.index", PAGE, EVERYONE),
    *[Route(f"exports.{what}", DOWNLOAD, EVERYONE, variant=fmt, values={"fmt": fmt}, binary=fmt == "xlsx")
      for what in ("feedback", "events", "households") for fmt in ("csv", "xlsx")],
    Route("exports.press_draft", PAGE, READERS),
    Route("exports.press_draft", PAGE, READERS, variant="campaign", query_ids=("campaign_id",)),
    Route("exports.press_draft", PAGE, READERS, variant="event", query_ids=("event_id",)),
    Route("exports.press_template", PAGE, ADMIN),
    # -- administration
    *[Route(f"admin.{name}", PAGE, ADMIN) for name in (
        "index", "places", "area_new", "area_edit", "area_delete", "neighborhood_new", "neighborhood_edit",
        "neighborhood_delete", "users", "user_new", "user_edit", "user_password", "topics", "topic_new",
        "topic_edit", "topic_delete", "holidays", "day_off_new", "day_off_edit", "day_off_delete",
        "district_settings",
    )],
    Route("admin_access.user_access", PAGE, ADMIN),
    # -- files served as they are
    Route("assets.asset", ASSET, EVERYONE, values={"root": "app", "filename": "app.css"}, anonymous=OK),
    Route("static", ASSET, EVERYONE, values={"filename": "app.css"}, anonymous=OK),
    # -- the JSON API (bearer tokens)
    *[Route(f"api.{name}", API, EVERYONE) for name in (
        "neighborhoods", "departments", "officials", "topics", "campaigns", "campaign", "campaign_report",
        "events", "event", "feedback_list", "feedback", "households",
    )],
    Route("api.campaign_report_pdf", API, EVERYONE, binary=True),
    Route("api.household", API, EVERYONE),
    Route("api.search", API, EVERYONE, query=lambda s: {"q": s.household_name}),
    Route("api.search", API, EVERYONE, variant="phone", query=lambda s: {"q": s.personal[0]},
          probes_hidden_field=True),
    Route("api.openapi", API, EVERYONE, anonymous=OK),
    Route("api.unknown", API, (), values={"_rest": "no-such-thing"}, anonymous=NOT_FOUND,
          special=dict.fromkeys(ROLES, NOT_FOUND)),
    # -- occasions calendar, campaign target lists and period reports
    Route("occasions.index", PAGE, READERS),
    Route("occasions.index", PAGE, READERS, variant="year", values={"year": 1406}),
    Route("occasions.new", PAGE, ADMIN),
    Route("occasions.edit", PAGE, ADMIN),
    Route("occasions.delete", PAGE, ADMIN),
    Route("campaigns.new", PAGE, WRITERS, variant="occasion",
          query=lambda s: {"occasion_id": s.own.occasion_id, "on": "2026-11-11"}),
    Route("campaigns.targets", PAGE, WRITERS),
    Route("campaigns.targets", PAGE, WRITERS, variant="pick", query=lambda s: {"category": "martyr_family"}),
    Route("events.new", PAGE, WRITERS, variant="planned", query_ids=("campaign_id", "household_id")),
    Route("reports.monthly", PAGE, EVERYONE, variant="season", values={"year": 1405, "period": "s3"}),
    Route("reports.monthly_pdf", DOWNLOAD, EVERYONE, variant="year", values={"year": 1405}, binary=True),
    # -- city-wide pages: only city-wide staff, who compare every district
    Route("city.dashboard", PAGE, CITY),
    Route("city.dashboard", PAGE, CITY, variant="season", values={"year": 1405, "period": "s2", "measure": "on_time"}),
    Route("city.report", PAGE, CITY),
    Route("city.report", PAGE, CITY, variant="month", values={"year": 1405, "period": "m7"}),
    Route("city.report_pdf", DOWNLOAD, CITY, binary=True),
    Route("city.feedback", PAGE, CITY),
    Route("city.feedback_pdf", DOWNLOAD, CITY, binary=True),
    # -- the audit trail (read-only: it has no write routes)
    Route("admin_audit.trail_page", PAGE, ADMIN),
    Route("admin_audit.trail_page", PAGE, ADMIN, variant="filtered",
          query=lambda s: {"entity": "household", "action": "update", "start": "1403/01/01", "end": "1499/12/29"}),
    # -- household import: an upload is its uploader's (the PR staff account's) alone
    Route("household_import.upload", PAGE, WRITERS),
    Route("household_import.template", DOWNLOAD, WRITERS),
    *[Route(f"household_import.{name}", kind, WRITERS, ids=IMPORT, special=OTHER_WRITER, binary=name == "download")
      for name, kind in (("mapping", PAGE), ("report", PAGE), ("download", DOWNLOAD))],
    # -- help
    Route("help.index", PAGE, EVERYONE),
    # -- an official's own account
    Route("main.me", PAGE, EVERYONE),
]


# The answer to a web form whose fields name another district's records: the form again, the
# choice refused beside its field, nothing saved.
FORM_AGAIN = OK
# The event form's fields that name records.
EVENT_IDS = ("campaign_id", "phase_id", "neighborhood_id", "official_ids", "household_ids")


def _confirmed(_sample, _records) -> dict:
    return {"confirm": "y"}


def _step(action: str, roles, body, **options) -> Action:
    """A feedback workflow step, posted from the item's page."""
    return _form("feedback.act", roles, "feedback.detail", body, variant=options.pop("variant", action),
                 values={"action": action}, **options)


ACTIONS: list[Action] = [
    # -- signing in and out, one's own password and sessions
    _form("auth.login", (ANONYMOUS,), "main.index", lambda s, r: {"username": "viewer", "password": PASSWORD},
          special=dict.fromkeys(ROLES, Redirect("main.index"))),
    _form("auth.logout", EVERYONE, "auth.login"),
    _form("auth.password", EVERYONE, "auth.account", bodies.password_change),
    # The sample session is the PR staff account's: anyone else's request finds no session of theirs.
    _form("auth.session_end", ("pr_staff",), "auth.account",
          special=dict.fromkeys(("admin", "manager", "viewer", "city"), NOT_FOUND)),
    _form("auth.sessions_end_all", EVERYONE, "auth.login"),
    # -- campaigns, events, households, feedback
    _form("campaigns.new", WRITERS, "campaigns.detail", bodies.new_campaign),
    _form("campaigns.edit", WRITERS, "campaigns.detail", bodies.campaign),
    _form("campaigns.delete", WRITERS, "campaigns.index"),
    _form("events.new", WRITERS, "events.detail", bodies.new_event,
          foreign=Foreign(FORM_AGAIN, ("neighborhood_id", "official_ids", "household_ids"))),
    _form("events.edit", WRITERS, "events.detail", bodies.event, foreign=Foreign(FORM_AGAIN, EVENT_IDS)),
    _form("events.cancel", WRITERS, "events.detail", _confirmed, ids={"event_id": "planned_event_id"}),
    _form("events.delete", WRITERS, "events.index", _confirmed),
    _form("events.add_feedback", WRITERS, "events.detail", bodies.feedback_rows),
    _form("events.refer_all", WRITERS, "events.detail", lambda s, r: {"ra-confirm": "y"}),
    _form("campaigns.add_targets", WRITERS, "campaigns.targets", lambda s, r: {"category": ""}),
    _form("campaigns.remove_target", WRITERS, "campaigns.targets", lambda s, r: {"household_id": str(r.household_id)}),
    _form("occasions.new", ADMIN, "occasions.index", lambda s, r: {
        "title": "سالروز بازگشایی بوستان محله", "month": "solar-8", "day": "20", "length_days": "1"}),
    _form("occasions.edit", ADMIN, "occasions.index", lambda s, r: {
        "title": "سالروز بازگشایی بوستان محله", "month": "solar-9", "day": "2", "length_days": "2"}),
    _form("occasions.delete", ADMIN, "occasions.index"),
    # The detail page's own forms answer 422 when refused: the page is drawn again with the error.
    _form("events.add_commitment", WRITERS, "events.detail", lambda s, r: {
        "cm-official_id": str(r.official_id), "cm-text": "پیگیری روشنایی کوچه",
        "cm-due_on": bodies.jalali(s.today + timedelta(days=10))},
        foreign=Foreign(UNPROCESSABLE, ("cm-official_id",))),
    _form("events.done", WRITERS, "events.detail", lambda s, r: {"done-minutes": "دیدار انجام شد؛ درخواست‌ها ثبت شد."},
          ids={"event_id": "planned_event_id"}),
    _form("households.new", WRITERS, "households.detail", bodies.new_household,
          foreign=Foreign(FORM_AGAIN, ("neighborhood_id",))),
    _form("households.edit", WRITERS, "households.detail", bodies.household,
          foreign=Foreign(FORM_AGAIN, ("neighborhood_id",))),
    _form("households.delete", WRITERS, "households.index", _confirmed),
    _step("refer", PR_SIDE, lambda s, r: {"department": str(r.department_id)},
          foreign=Foreign(BAD_REQUEST, ("department",))),
    _step("start", DEPARTMENT_SIDE, lambda s, r: {"comment": "کارشناس برای بازدید اعزام شد."}),
    _step("answer", DEPARTMENT_SIDE, lambda s, r: {"response": "آسفالت کوچه تا پایان ماه ترمیم می‌شود."},
          ids={"item_id": "in_progress_item_id"}),
    _step("request_detail", DEPARTMENT_SIDE, lambda s, r: {"comment": "نشانی دقیق محل را بفرستید."}),
    _step("reject", PR_SIDE, lambda s, r: {"reason": "duplicate"}),
    _step("merge", PR_SIDE, lambda s, r: {"target": str(r.in_progress_item_id)},
          foreign=Foreign(BAD_REQUEST, ("target",))),
    _step("contact", PR_SIDE, lambda s, r: {"channel": "phone", "outcome": "reached", "satisfaction": "satisfied"},
          ids={"item_id": "answered_item_id"}),
    _step("contact", PR_SIDE, lambda s, r: {"channel": "phone", "outcome": "reached", "satisfaction": "satisfied",
                                            "close": "y"}, variant="close", ids={"item_id": "answered_item_id"}),
    _step("reopen", PR_SIDE, lambda s, r: {"to": "referred", "department": str(r.department_id),
                                           "comment": "خانواده از پاسخ راضی نبود."},
          ids={"item_id": "reopenable_item_id"}, foreign=Foreign(BAD_REQUEST, ("department",))),
    _step("fly", (), None, variant="unknown", special=dict.fromkeys(ROLES, NOT_FOUND)),
    _form("feedback.commitment", WRITERS, "feedback.commitments", lambda s, r: {"status": "in_progress"}),
    # -- directory
    _form("directory.new_official", WRITERS, "directory.official", lambda s, r: {
        "name": "مهندس نادر کاظمی", "title": "شهردار ناحیه", "department_id": str(r.department_id)},
        foreign=Foreign(FORM_AGAIN, ("department_id",))),
    _form("directory.edit_official", WRITERS, "directory.official", lambda s, r: {
        "name": "مهندس نادر کاظمی", "title": "معاون شهردار", "department_id": str(r.department_id)},
        foreign=Foreign(FORM_AGAIN, ("department_id",))),
    _form("directory.delete_official_view", WRITERS, "directory.officials"),
    _form("directory.new_department", ADMIN, "directory.departments", lambda s, r: {"name": "ادارهٔ فضای سبز محله"}),
    _form("directory.edit_department", ADMIN, "directory.departments", lambda s, r: {"name": "ادارهٔ فضای سبز محله"}),
    _form("directory.delete_department_view", ADMIN, "directory.departments",
          ids={"department_id": "spare_department_id"}),
    # -- reports and exports: the press draft's POST downloads the edited text and saves nothing
    _act("exports.press_draft", READERS, lambda s, r: {"title": "دیدار با خانواده‌های شهدا",
                                                       "lead": "مدیران منطقه به دیدار خانواده‌ها رفتند.",
                                                       "body": "", "as_text": "y"},
         OK, writes=False, query_ids=("campaign_id",)),
    _form("exports.press_template", ADMIN, "exports.press_template", lambda s, r: {
        "title": "دیدار مدیران با خانواده‌ها", "body": "بند نخست خبر.\n\nبند دوم خبر."}),
    # -- administration
    _form("admin.area_new", ADMIN, "admin.places", lambda s, r: {"name": "ناحیهٔ چهارم"}),
    _form("admin.area_edit", ADMIN, "admin.places", lambda s, r: {"name": "ناحیهٔ چهارم"}),
    _form("admin.area_delete", ADMIN, "admin.places", ids={"area_id": "spare_area_id"}),
    _form("admin.neighborhood_new", ADMIN, "admin.places", lambda s, r: {"name": "شهرک گلستان",
                                                                         "area_id": str(r.area_id)},
          foreign=Foreign(FORM_AGAIN, ("area_id",))),
    _form("admin.neighborhood_edit", ADMIN, "admin.places", lambda s, r: {"name": "شهرک گلستان",
                                                                          "area_id": str(r.area_id)},
          foreign=Foreign(FORM_AGAIN, ("area_id",))),
    _form("admin.neighborhood_delete", ADMIN, "admin.places"),
    _form("admin.user_new", ADMIN, "admin.users", lambda s, r: {
        "username": "manager2", "password": bodies.NEW_PASSWORD, "role": "manager", "full_name": "مریم رضایی",
        "department_id": str(r.department_id)}, foreign=Foreign(FORM_AGAIN, ("department_id",))),
    _form("admin.user_edit", ADMIN, "admin.users", lambda s, r: {
        "full_name": "زهرا احمدی", "role": "pr_staff", "department_id": str(bodies.NONE), "active": "y"}),
    _form("admin.user_password", ADMIN, "admin.users", lambda s, r: {"password": bodies.NEW_PASSWORD,
                                                                     "confirm": bodies.NEW_PASSWORD}),
    _form("admin.topic_new", ADMIN, "admin.topics", lambda s, r: {
        "name": "نظافت پس از بازار هفتگی", "department_id": str(r.department_id), "sla_days": "7"},
        foreign=Foreign(FORM_AGAIN, ("department_id",))),
    _form("admin.topic_edit", ADMIN, "admin.topics", lambda s, r: {
        "name": "نظافت پس از بازار هفتگی", "department_id": str(r.department_id), "sla_days": "12"},
        foreign=Foreign(FORM_AGAIN, ("department_id",))),
    _form("admin.topic_delete", ADMIN, "admin.topics"),
    _form("admin.day_off_new", ADMIN, "admin.holidays", lambda s, r: {"day": bodies.free_day(s),
                                                                      "title": "جشن محله"}),
    _form("admin.day_off_edit", ADMIN, "admin.holidays", bodies.day_off),
    _form("admin.day_off_delete", ADMIN, "admin.holidays"),
    _form("admin.district_settings", ADMIN, "admin.index", lambda s, r: {"name": "منطقهٔ ۲۱ تهران",
                                                                         "thursday_off": "y"}),
    _form("admin_access.session_end", ADMIN, "admin_access.user_access"),
    _form("admin_access.sessions_end_all", ADMIN, "admin_access.user_access"),
    _form("admin_access.token_revoke", ADMIN, "admin_access.user_access"),
    _form("admin_access.tokens_revoke_all", ADMIN, "admin_access.user_access"),
    # -- the JSON API
    _api("api.create_campaign", "POST", WRITERS, lambda s, r: {
        "title": "پویش نوروزی", "starts_on": bodies.jalali(s.today), "ends_on": "1499/12/29",
        "targets": [{"neighborhood_id": r.neighborhood_id, "category": "trustee", "count": 3}]},
        CREATED, foreign=Foreign(UNPROCESSABLE, ("targets",))),
    _api("api.update_campaign", "PATCH", WRITERS, lambda s, r: {
        "version": bodies.version(Campaign, r.campaign_id), "goals": "دیدار با همهٔ خانواده‌ها"}, OK),
    _api("api.create_event", "POST", WRITERS, lambda s, r: {
        "kind": "meeting", "neighborhood_id": r.neighborhood_id,
        "date": bodies.jalali(s.today + timedelta(days=2))}, CREATED,
        foreign=Foreign(UNPROCESSABLE, ("neighborhood_id",))),
    _api("api.update_event", "PATCH", WRITERS, lambda s, r: {
        "version": bodies.version(Event, r.event_id), "title": "دیدار با خانوادهٔ شهید",
        "official_ids": [r.official_id]}, OK, foreign=Foreign(UNPROCESSABLE, ("official_ids",))),
    _api("api.create_feedback", "POST", WRITERS, lambda s, r: {
        "event_id": r.event_id, "household_id": r.household_id, "kind": "suggestion",
        "text": "ایجاد پارک کوچک در محله"},
        CREATED, foreign=Foreign(UNPROCESSABLE, ("event_id", "household_id"))),
    _api("api.update_feedback", "PATCH", DEPARTMENT_SIDE, bodies.api_feedback_step("in_progress"), OK, variant="start"),
    _api("api.update_feedback", "PATCH", PR_SIDE, bodies.api_feedback_step("rejected", rejection_reason="duplicate"),
         OK, variant="reject"),
    _api("api.create_household", "POST", WRITERS, lambda s, r: {
        "name": "آقای حمید نیک‌نام", "category": "trustee", "neighborhood_id": r.neighborhood_id},
        CREATED, foreign=Foreign(UNPROCESSABLE, ("neighborhood_id",))),
    _api("api.update_household", "PATCH", WRITERS, lambda s, r: {
        "version": bodies.version(Household, r.household_id), "notes": "تماس پیش از دیدار",
        "neighborhood_id": r.neighborhood_id}, OK, foreign=Foreign(UNPROCESSABLE, ("neighborhood_id",))),
    # -- city-wide staff pick the district they read; it writes only their own sign-in session
    _form("city.switch", CITY, "main.index", lambda s, r: {"district_id": str(s.other_district_id)}, writes=False),
    *[_api("api.unknown", method, (), lambda s, r: {}, None, values={"_rest": "no-such-thing"},
           anonymous=NOT_FOUND, special=dict.fromkeys(ROLES, NOT_FOUND))
      for method in ("POST", "PUT", "PATCH", "DELETE")],
    # No one deletes a campaign through the API: the method is refused before any token is read.
    _api("api.unknown", "DELETE", (), lambda s, r: {}, None, variant="campaign",
         values=lambda r: {"_rest": f"campaigns/{r.campaign_id}"}, anonymous=NOT_ALLOWED,
         special=dict.fromkeys(ROLES, NOT_ALLOWED)),
    # -- household import: uploading and checking keep a file, only the import writes to the database
    _form("household_import.upload", WRITERS, "household_import.mapping", bodies.import_file, writes=False),
    _form("household_import.mapping", ("pr_staff",), "household_import.report", bodies.import_mapping, ids=IMPORT,
          special=OTHER_WRITER, writes=False, foreign=Foreign(FORM_AGAIN, ("neighborhood_default",))),
    _form("household_import.run", ("pr_staff",), "household_import.report", ids={"token": "import_run_token"},
          special=OTHER_WRITER),
]

PAGES = [route for route in ROUTES if route.kind == PAGE]


def by_name() -> dict[str, Route]:
    """Return the GET routes keyed by their unique name."""
    return {route.name: route for route in ROUTES}


def actions_by_name() -> dict[str, Action]:
    """Return the write rows keyed by their unique name."""
    return {action.name: action for action in ACTIONS}


def viewable(route: Route) -> list[str]:
    """Return the roles (the anonymous included) that get the page itself."""
    return [role for role in (*ROLES, ANONYMOUS) if route.expected(role) == OK]
