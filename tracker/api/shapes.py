"""Every request and answer of /api/v1, declared once: the server checks with these, the document is made of them."""
import datetime as dt
from copy import copy
from functools import cache
from typing import Annotated, ClassVar, Literal, get_args, get_type_hints

from pydantic import AliasPath, BaseModel, BeforeValidator, ConfigDict, Field, create_model, field_validator
from pydantic import model_serializer, model_validator
from pydantic_core import PydanticCustomError

from tracker.api.types import Cursor, Day, Id, QueryId, Range, Text, Time
from tracker.feedback.workflow import ACTIONS
from tracker.lists.events import EventFilter
from tracker.lists.feedback import FEEDBACK_STATUS_FILTERS, FeedbackFilter
from tracker.lists.households import DEFAULT_MONTHS, VISIT_STATES, HouseholdFilter
from tracker.models import (
    Campaign, CampaignTarget, Department, Event, FeedbackItem, Household, Neighborhood, Official, Phase, Topic,
)
from tracker.models.choices import (
    CAMPAIGN_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS,
    FEEDBACK_STATUSES, HOUSEHOLD_CATEGORIES, PRIORITIES, REJECTION_REASONS, SATISFACTION,
)
from tracker.models.limits import (
    ADDRESS_MAX, COMMENT_MAX, DURATION_MINUTES, NAME_MAX, NOTES_MAX, PAGE_DEFAULT, PAGE_LIMIT, PHASE_NUMBER,
    QUERY_MAX, STALE_MONTHS, TARGET_COUNT, TEXT_MAX, TITLE_MAX, TYPED_NUMBER_MAX,
)
from tracker.persian.dates import jalali_str

DATE_ORDER = "تاریخ پایان (to) نمی‌تواند پیش از تاریخ شروع (from) باشد."


def choice(vocabulary):
    """Return the type "one of the vocabulary's codes"."""
    return Literal[tuple(vocabulary)]


# ---- query strings ------------------------------------------------------------------------

class Query(BaseModel):
    """Query-string parameters: a blank one is absent, numbers may come in any digits, others are ignored."""

    FILTER: ClassVar[type | None] = None  # the area's list filter (tracker.lists) the parameters fill
    RENAMED: ClassVar[dict[str, str]] = {}  # the filter's name of a parameter named otherwise here

    @model_validator(mode="before")
    @classmethod
    def _present(cls, data: dict) -> dict:
        return {name: value.strip() for name, value in data.items() if value.strip()}

    def filter(self, district_id: int):
        """Return the area's list filter these parameters ask for, as its web page would build it."""
        values = self.model_dump(exclude={"limit", "after"})
        return self.FILTER(district_id, **{self.RENAMED.get(name, name): v for name, v in values.items()})


class Paging(Query):
    limit: Range(*PAGE_LIMIT, query=True) = PAGE_DEFAULT
    after: Cursor | None = Field(None, description="the previous page's next")


class DatedPaging(Paging):
    start: Day | None = Field(None, alias="from", description="first day (Jalali or ISO)")
    end: Day | None = Field(None, alias="to", description="last day (Jalali or ISO), not before from")

    @field_validator("end")
    @classmethod
    def _ordered(cls, end, info):
        if end and info.data.get("start") and end < info.data["start"]:
            raise PydanticCustomError("date_order", DATE_ORDER)
        return end


class CampaignQuery(Paging):
    status: choice(CAMPAIGN_STATUSES) | None = None


class EventQuery(DatedPaging):
    FILTER, RENAMED = EventFilter, {"start": "held_from", "end": "held_to"}
    campaign_id: QueryId | None = None
    neighborhood_id: QueryId | None = None
    kind: choice(EVENT_KINDS) | None = None
    status: choice(EVENT_STATUSES) | None = None


class FeedbackQuery(DatedPaging):
    FILTER, RENAMED = FeedbackFilter, {"start": "received_from", "end": "received_to"}
    q: Text(QUERY_MAX) | None = None
    campaign_id: QueryId | None = None
    neighborhood_id: QueryId | None = None
    event_id: QueryId | None = None
    kind: choice(FEEDBACK_KINDS) | None = None
    status: choice(FEEDBACK_STATUS_FILTERS) | None = Field(None, description="overdue: open past its deadline")
    department_id: QueryId | None = None


class HouseholdQuery(Paging):
    FILTER, RENAMED = HouseholdFilter, {"visit": "visit_state"}
    q: Text(QUERY_MAX) | None = None
    neighborhood_id: QueryId | None = None
    category: choice(HOUSEHOLD_CATEGORIES) | None = None
    visit: choice(VISIT_STATES) | None = None
    months: Range(*STALE_MONTHS, query=True) = DEFAULT_MONTHS


class SearchQuery(Query):
    q: Text(QUERY_MAX, required=True)


# ---- request bodies ---------------------------------------------------------------------------

class Body(BaseModel):
    """A JSON request body: types are strict (5, not "5"); keys it does not name are ignored."""

    model_config = ConfigDict(strict=True)


class PhaseIn(Body):
    number: Range(*PHASE_NUMBER)
    title: Text(TITLE_MAX, required=True)
    starts_on: Day | None = None
    ends_on: Day | None = None


class TargetIn(Body):
    neighborhood_id: Id
    category: choice(HOUSEHOLD_CATEGORIES)
    count: Range(*TARGET_COUNT)


class CampaignIn(Body):
    title: Text(TITLE_MAX, required=True)
    occasion: Text(TITLE_MAX) | None = None
    status: choice(CAMPAIGN_STATUSES) = "draft"
    goals: Text(NOTES_MAX) | None = None
    starts_on: Day
    ends_on: Day
    phases: list[PhaseIn] = Field(None, min_length=1, description="one phase covering the campaign if not sent")
    targets: list[TargetIn] = None


class HouseholdIn(Body):
    name: Text(NAME_MAX, required=True)
    category: choice(HOUSEHOLD_CATEGORIES)
    neighborhood_id: Id
    martyr_name: Text(NAME_MAX) | None = None
    address: Text(ADDRESS_MAX) | None = None
    phone: Text(TYPED_NUMBER_MAX) | None = None
    national_id: Text(TYPED_NUMBER_MAX) | None = None
    publicity_consent: bool = False
    notes: Text(NOTES_MAX) | None = None
    force: bool = Field(False, description="register even when it looks like a household already registered")


class EventIn(Body):
    kind: choice(EVENT_KINDS)
    status: choice(EVENT_STATUSES) = "planned"
    campaign_id: Id | None = None
    phase: Range(*PHASE_NUMBER) | None = Field(None, description="the phase's number within the campaign")
    phase_id: Id | None = None
    neighborhood_id: Id
    title: Text(TITLE_MAX) | None = None
    held_on: Day = Field(alias="date")
    start_time: Time | None = Field(None, alias="time")
    duration_minutes: Range(*DURATION_MINUTES) | None = None
    minutes: Text(TEXT_MAX) | None = None
    official_ids: list[Id] = []
    household_ids: list[Id] = []


class FeedbackIn(Body):
    event_id: Id
    household_id: Id | None = None
    kind: choice(FEEDBACK_KINDS)
    topic_id: Id | None = None
    text: Text(TEXT_MAX, required=True)
    department_id: Id | None = None
    priority: choice(PRIORITIES) = "normal"
    received_on: Day | None = Field(None, description="the event's date if not sent")


class FeedbackStep(Body):
    """A workflow step: a status to move to, or an action by name; the other fields are the step's details."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["status"]}, {"required": ["action"]}]})

    version: Id
    status: choice(FEEDBACK_STATUSES) = Field(None, description="move to this status (a closed item: reopen)")
    action: choice(ACTIONS) = Field(None, description="take this action, e.g. request_detail or contact")
    # Named as the workflow's ActionParams names them, sent under the names of the feedback's fields.
    to: Literal["referred", "in_progress"] | None = Field(None, alias="reopen_to")
    comment: Text(COMMENT_MAX) | None = None
    department_id: Id | None = None
    response: Text(TEXT_MAX) | None = None
    reason: choice(REJECTION_REASONS) | None = Field(None, alias="rejection_reason")
    target_id: Id | None = Field(None, alias="merged_into_id")
    satisfaction: choice(SATISFACTION) | None = None
    channel: choice(CONTACT_CHANNELS) | None = Field(None, alias="contact_channel")
    outcome: choice(CONTACT_OUTCOMES) | None = Field(None, alias="contact_outcome")
    priority: choice(PRIORITIES) | None = Field(None, description="the new priority (prioritize)")
    referred_on: Day | None = None
    answered_on: Day | None = None


def patch_of(model: type[Body], *, version_required: bool = False) -> type[Body]:
    """Return model for PATCH: every field optional (only those sent change), and the record's version."""
    fields = {}
    for name, info in model.model_fields.items():
        optional = copy(info)
        optional.default = None
        fields[name] = (info.annotation, optional)
    version = (Id, ...) if version_required else (Id | None, None)
    return create_model(model.__name__.replace("In", "Patch"), __base__=Body, version=version, **fields)


CampaignPatch = patch_of(CampaignIn)
HouseholdPatch = patch_of(HouseholdIn)
EventPatch = patch_of(EventIn, version_required=True)


# ---- answers --------------------------------------------------------------------------------

def _is_date(annotation) -> bool:
    return dt.date in (annotation, *get_args(annotation))


def _jalali_schema(schema: dict, cls) -> None:
    """Document each date's Jalali twin ("due_on_jalali": "1403/01/31") right after it."""
    properties = {}
    for name, prop in schema["properties"].items():
        properties[name] = prop
        field = cls.model_fields.get(name)
        if field is not None and _is_date(field.annotation):
            jalali = {"type": "string", "pattern": r"^\d{4}/\d{2}/\d{2}$"}
            properties[f"{name}_jalali"] = {"anyOf": [jalali, {"type": "null"}]} if "anyOf" in prop else jalali
            schema["required"].append(f"{name}_jalali")
    schema["properties"] = properties


class Out(BaseModel):
    """An answer: read from a record's attributes, every field always present, each date also given in Jalali."""

    model_config = ConfigDict(from_attributes=True, extra="forbid", json_schema_extra=_jalali_schema,
                              json_schema_serialization_defaults_required=True)

    @model_serializer(mode="wrap")
    def _with_jalali(self, handler):
        out = {}
        for name, value in handler(self).items():
            out[name] = value
            if _is_date(type(self).model_fields[name].annotation):
                day = getattr(self, name)
                out[f"{name}_jalali"] = jalali_str(day) if day else None
        return out


def _sorted_ids(records) -> list[int]:
    return sorted(r if isinstance(r, int) else r.id for r in records)


class Errors(BaseModel):
    errors: dict[str, str] = Field(description="a Persian message per field")


class Conflict(Errors):
    current_version: int | None = Field(None, description="the record's version now, when the one sent was stale")
    existing_id: int | None = Field(None, description="the household this one likely duplicates")
    candidates: list[int] | None = None


def _declared(source, name: str):
    """Return the type of source's attribute: a model's column as stored (nullability too), else a row's hint."""
    if hasattr(source, "__table__"):
        column = source.__table__.columns[name]
        kind = column.type.python_type
        return kind | None if column.nullable else kind
    hints = get_type_hints(source)
    return hints[name] if name in hints else get_type_hints(getattr(source, name).fget)["return"]


def out_of(source, names: str, *, title: str | None = None, **fields) -> type[Out]:
    """Return the answer shape of a model or a report row: the named attributes with their declared types, or the
    fields given; "visits=visits_done" answers the attribute visits_done as visits."""
    shape = {}
    for spec in names.split():
        name, _, attribute = spec.partition("=")
        shape[name] = fields.get(name) or (_declared(source, attribute or name),
                                           Field(validation_alias=attribute) if attribute else ...)
    doc = source.__doc__ if hasattr(source, "__table__") else None
    return create_model(title or f"{source.__name__}Out", __base__=Out, __doc__=doc, **shape)


def _name_of(path: str):
    return (str, Field(validation_alias=AliasPath(path, "name")))


def _ids(path: str):
    return (Annotated[list[int], BeforeValidator(_sorted_ids)], Field(validation_alias=path))


NeighborhoodOut = out_of(Neighborhood, "id name area area_id district district_id", area=_name_of("area"),
                         district=_name_of("district"))
DepartmentOut = out_of(Department, "id name")
OfficialOut = out_of(Official, "id name title department_id")
TopicOut = out_of(Topic, "id name department_id sla_days")
PhaseOut = out_of(Phase, "id number title starts_on ends_on")
TargetOut = out_of(CampaignTarget, "neighborhood_id category count", category=(choice(HOUSEHOLD_CATEGORIES), ...))
CampaignOut = out_of(
    Campaign, "id title occasion status goals starts_on ends_on phases targets version",
    status=(choice(CAMPAIGN_STATUSES), ...), phases=(list[PhaseOut], ...),
    targets=(Annotated[list[TargetOut], BeforeValidator(
        lambda rows: sorted(rows, key=lambda t: (t.neighborhood_id, t.category)))], ...))
# Its personal fields (tracker.models.people.PERSONAL_FIELDS) are null for a role that may not see them.
HouseholdOut = out_of(
    Household, "id name category neighborhood_id martyr_name address phone national_id publicity_consent notes version",
    category=(choice(HOUSEHOLD_CATEGORIES), ...))
EventOut = out_of(
    Event, "id kind status campaign_id phase_id phase neighborhood_id title date=held_on time duration_minutes minutes "
    "official_ids household_ids version",
    kind=(choice(EVENT_KINDS), ...), status=(choice(EVENT_STATUSES), ...),
    phase=(int | None, Field(None, validation_alias=AliasPath("phase", "number"))),
    time=(Annotated[str | None, BeforeValidator(lambda t: t and t.strftime("%H:%M"))],
          Field(validation_alias="start_time", examples=["10:30"])),
    official_ids=_ids("officials"), household_ids=_ids("households"))
FeedbackOut = out_of(
    FeedbackItem, "id event_id household_id kind topic_id text priority department_id status received_on "
    "referred_on due_on answered_on closed_on response rejection_reason merged_into_id satisfaction version",
    kind=(choice(FEEDBACK_KINDS), ...), priority=(choice(PRIORITIES), ...), status=(choice(FEEDBACK_STATUSES), ...))


class SearchOut(Out):
    households: list[HouseholdOut]
    events: list[EventOut]
    feedback: list[FeedbackOut]


@cache
def page_of(model: type[Out]) -> type[Out]:
    """Return the shape of one page of model: its items and the cursor of the next page."""
    return create_model(model.__name__.removesuffix("Out") + "Page", __base__=Out,
                        items=(list[model], ...), next=(str | None, ...))
