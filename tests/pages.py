"""Every route of the app, classified, with a sample URL and the answer each role should get.

The access matrix (tests/test_pages_access.py) and the page crawl (tests/browser/test_pages_crawl.py)
both read ROUTES. To add a route: add a Route row below (its endpoint, its kind, the roles that may
open it, and any query values it needs; path arguments named like a Records field are filled in
with the sample's ids), or add a POST-only endpoint to ACTIONS. A route in neither fails
test_every_route_is_classified.
"""
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache

from flask import url_for

from tests.sample_data import Records, Sample

ROLES = ("admin", "pr_staff", "manager", "viewer")
ANONYMOUS = "anonymous"
EVERYONE = ROLES
READERS = ("admin", "pr_staff", "manager")
WRITERS = ("admin", "pr_staff")
ADMIN = ("admin",)

# Kinds of route: only pages are crawled in the browser.
PAGE, JSON, DOWNLOAD, ASSET, API = "page", "json", "download", "asset", "api"

OK, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 200, 401, 403, 404
RECORD_ARGS = frozenset(f.name for f in fields(Records))


@dataclass(frozen=True)
class Redirect:
    """A 302 to another endpoint (the sign-in page for the anonymous)."""

    endpoint: str


LOGIN = Redirect("auth.login")


@dataclass(frozen=True)
class Route:
    """One GET URL of the app and the answer each role should get from it."""

    endpoint: str
    kind: str
    roles: tuple[str, ...]  # signed-in roles that get 200; the others get 403
    variant: str = ""  # tells apart two sample URLs of one endpoint
    values: dict = field(default_factory=dict)  # URL values that are not record ids
    query_ids: tuple[str, ...] = ()  # record ids passed in the query string, e.g. ("campaign_id",)
    query: Callable[[Sample], dict] | None = None  # other query arguments, built from the sample
    anonymous: object = None  # default: LOGIN for web routes, 401 for the API
    special: dict = field(default_factory=dict)  # role -> answer, where it is neither 200 nor 403
    # role -> why today's app answers this role with another status than the expected one
    wrong: dict = field(default_factory=dict)
    # role -> why today's answer to this role shows personal data it may not see
    leaks: dict = field(default_factory=dict)
    # The URL asks about a field viewers may not see: a viewer's answer must not name the household.
    probes_hidden_field: bool = False
    binary: bool = False  # a PDF or a spreadsheet, not text

    @property
    def name(self) -> str:
        return f"{self.endpoint}:{self.variant}" if self.variant else self.endpoint

    def expected(self, role: str):
        """Return the answer this role should get: a status code or a Redirect."""
        if role == ANONYMOUS:
            if self.anonymous is not None:
                return self.anonymous
            return UNAUTHORIZED if self.kind == API else LOGIN
        if role in self.special:
            return self.special[role]
        return OK if role in self.roles else FORBIDDEN

    def url(self, app, sample: Sample, records: Records) -> str:
        """Build the sample URL from the records of one district (own or other)."""
        args = {name: getattr(records, name) for name in self.path_args() if name in RECORD_ARGS}
        args.update({name: getattr(records, name) for name in self.query_ids})
        args.update(self.values)
        if self.query:
            args.update(self.query(sample))
        with app.test_request_context():
            return url_for(self.endpoint, **args)

    def path_args(self) -> set[str]:
        """Return the names of the URL's path arguments."""
        return set(rules().get(self.endpoint, ()))

    def names_records(self) -> bool:
        """Tell whether the URL names district records (a national holiday does not count)."""
        ids = (self.path_args() | set(self.query_ids)) & RECORD_ARGS
        return bool(ids - {"holiday_id"})


@cache
def rules() -> dict[str, frozenset[str]]:
    """Return each endpoint's path arguments, read from an app built without a database."""
    from tracker import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "routes", "TESTING": True})
    return {rule.endpoint: frozenset(rule.arguments) for rule in app.url_map.iter_rules()}


VIEWER_NOTES = "a viewer reads the household's notes through the API"
VIEWER_SEARCH = "a viewer's API search matches phone numbers and answers with the household"

ROUTES: list[Route] = [
    # -- the shell
    Route("main.index", PAGE, READERS, special={"viewer": Redirect("reports.index")}),
    Route("auth.login", PAGE, (), anonymous=OK, special={r: Redirect("main.index") for r in ROLES}),
    Route("auth.password", PAGE, EVERYONE),
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
        "topic_edit", "topic_delete", "holidays", "holiday_new", "holiday_edit", "holiday_delete",
        "district_settings",
    )],
    # -- files served as they are
    Route("assets.asset", ASSET, EVERYONE, values={"root": "app", "filename": "app.css"}, anonymous=OK),
    Route("static", ASSET, EVERYONE, values={"filename": "app.css"}, anonymous=OK),
    # -- the JSON API (bearer tokens)
    *[Route(f"api.{name}", API, EVERYONE) for name in (
        "neighborhoods", "departments", "officials", "topics", "campaigns", "campaign", "campaign_report",
        "events", "event", "feedback_list", "feedback", "households",
    )],
    Route("api.campaign_report_pdf", API, EVERYONE, binary=True),
    Route("api.household", API, EVERYONE, leaks={"viewer": VIEWER_NOTES}),
    Route("api.search", API, EVERYONE, query=lambda s: {"q": s.household_name}, leaks={"viewer": VIEWER_NOTES}),
    Route("api.search", API, EVERYONE, variant="phone", query=lambda s: {"q": s.personal[0]},
          probes_hidden_field=True, leaks={"viewer": VIEWER_SEARCH}),
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
]

# Endpoints without GET: the forms and buttons of the pages above post to them.
ACTIONS = {
    "auth.logout", "admin.holiday_fill", "events.add_feedback", "events.add_commitment", "events.done",
    "feedback.act", "api.create_campaign", "api.update_campaign", "api.create_event", "api.update_event",
    "api.create_feedback", "api.update_feedback", "api.create_household", "api.update_household",
    # the campaign target list's buttons
    "campaigns.add_targets", "campaigns.remove_target",
}

PAGES = [route for route in ROUTES if route.kind == PAGE]


def by_name() -> dict[str, Route]:
    """Return the routes keyed by their unique name."""
    return {route.name: route for route in ROUTES}


def viewable(route: Route) -> list[str]:
    """Return the roles (the anonymous included) that get the page itself."""
    return [role for role in (*ROLES, ANONYMOUS) if route.expected(role) == OK]
