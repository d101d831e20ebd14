"""The shape of the route registry's rows (tests/pages.py): roles, expected answers, sample URLs."""
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
# The feedback workflow's two sides (tracker/feedback/policy.py): the PR office's, and the department's.
PR_SIDE = ("admin", "pr_staff")
DEPARTMENT_SIDE = ("admin", "manager")

# Kinds of route: only pages are crawled in the browser; FORM is a web page's POST.
PAGE, JSON, DOWNLOAD, ASSET, API, FORM = "page", "json", "download", "asset", "api", "form"

OK, CREATED, BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = 200, 201, 400, 401, 403, 404
NOT_ALLOWED, UNPROCESSABLE = 405, 422
RECORD_ARGS = frozenset(f.name for f in fields(Records))


@dataclass(frozen=True)
class Redirect:
    """A 302 to another endpoint (the sign-in page for the anonymous)."""

    endpoint: str


LOGIN = Redirect("auth.login")


@dataclass(frozen=True)
class _Row:
    """What GET and write rows share: the endpoint and how to build its sample URL."""

    endpoint: str
    kind: str
    roles: tuple[str, ...] = ()  # the roles that get the route's answer (the others get 403)
    variant: str = ""  # tells apart two rows of one endpoint
    values: dict | Callable[[Records], dict] = field(default_factory=dict)  # URL values that are not record ids
    ids: dict = field(default_factory=dict)  # URL argument -> the Records field it takes, where not its namesake
    query_ids: tuple[str, ...] = ()  # record ids passed in the query string, e.g. ("campaign_id",)
    query: Callable[[Sample], dict] | None = None  # other query arguments, built from the sample
    anonymous: object = None  # default: LOGIN for web routes, 401 for the API
    special: dict = field(default_factory=dict)  # role -> answer, where it is neither the allowed one nor 403
    # role -> why today's app answers this role with another status than the expected one
    wrong: dict = field(default_factory=dict)

    def url(self, app, sample: Sample, records: Records) -> str:
        """Build the sample URL from the records of one district (own or other)."""
        args = {name: getattr(records, self.ids.get(name, name)) for name in self.record_args()}
        args.update(self.values(records) if callable(self.values) else self.values)
        if self.query:
            args.update(self.query(sample))
        with app.test_request_context():
            return url_for(self.endpoint, **args)

    def path_args(self) -> set[str]:
        """Return the names of the URL's path arguments."""
        return set(rules().get(self.endpoint, ()))

    def record_args(self) -> set[str]:
        """Return the URL's arguments (path or query) that take a record id."""
        return {name for name in self.path_args() | set(self.query_ids)
                if name in RECORD_ARGS or name in self.ids}

    def names_records(self) -> bool:
        """Tell whether the URL names district records."""
        return bool(self.record_args())

    def refused_anonymous(self):
        return self.anonymous if self.anonymous is not None else (UNAUTHORIZED if self.kind == API else LOGIN)


@dataclass(frozen=True)
class Route(_Row):
    """One GET URL of the app and the answer each role should get from it: roles get 200."""

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
            return self.refused_anonymous()
        if role in self.special:
            return self.special[role]
        return OK if role in self.roles else FORBIDDEN


@dataclass(frozen=True)
class Foreign:
    """The answer when the body's fields name another district's records, the URL the caller's own."""

    answer: object
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Action(_Row):
    """One non-GET method of a route, and what each role's request does.

    A role in ``roles`` (ANONYMOUS may be one) gets ``done`` and, when ``writes``, changes the database; every other
    answer (403 for the other roles, the sign-in page or 401 for the anonymous, ``special``,
    404 for another district's record in the URL, ``foreign`` for one in the body) must
    leave the database exactly as it was.
    """

    method: str = "POST"
    body: Callable[[Sample, Records], dict] | None = None  # a minimal valid body from one district's records
    done: object = None  # what a role in roles gets: a status code or a Redirect
    writes: bool = True  # whether done changes the database (a download does not)
    foreign: Foreign | None = None  # None: no body field names a record

    @property
    def name(self) -> str:
        base = f"{self.endpoint}:{self.method.lower()}"
        return f"{base}:{self.variant}" if self.variant else base

    def expected(self, role: str) -> tuple[object, bool]:
        """Return (the answer, whether it writes) for this role's request with the sample body."""
        if role in self.roles:
            return self.done, self.writes
        if role == ANONYMOUS:
            return self.refused_anonymous(), False
        return self.special.get(role, FORBIDDEN), False



@cache
def rules() -> dict[str, frozenset[str]]:
    """Return each endpoint's path arguments, read from an app built without a database."""
    from tracker import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "routes", "TESTING": True})
    return {rule.endpoint: frozenset(rule.arguments) for rule in app.url_map.iter_rules()}
