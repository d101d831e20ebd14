"""The OpenAPI 3.1 document of /api/v1, built in code so a schemathesis test keeps it true."""
from tracker.lists.feedback import FEEDBACK_STATUS_FILTERS
from tracker.lists.households import MAX_MONTHS, VISIT_STATES
from tracker.models.choices import (
    CAMPAIGN_STATUSES, EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
    HOUSEHOLD_CATEGORIES, PRIORITIES,
)

STR = {"type": "string"}
INT = {"type": "integer"}
ID = {"type": "integer", "minimum": 1}
BOOL = {"type": "boolean"}
DATE_IN = {"type": "string", "description": "Jalali (\"1403/01/31\", any digits) or ISO (\"2024-04-19\")",
           "examples": ["1403/01/31", "۱۴۰۳/۰۱/۳۱", "2024-04-19"]}


def _null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _obj(props: dict, required=(), extra=True) -> dict:
    schema = {"type": "object", "properties": props, "required": list(required)}
    if not extra:
        schema["additionalProperties"] = False
    return schema


def _dates(*names, nullable=False) -> dict:
    out = {}
    for name in names:
        iso = {"type": "string", "format": "date"}
        jalali = {"type": "string", "pattern": r"^\d{4}/\d{2}/\d{2}$"}
        out[name] = _null(iso) if nullable else iso
        out[f"{name}_jalali"] = _null(jalali) if nullable else jalali
    return out


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(name: str) -> dict:
    return _obj({"items": {"type": "array", "items": _ref(name)}, "next": _null(STR)}, ["items", "next"])


TARGET = _obj({"neighborhood_id": ID, "category": _enum(HOUSEHOLD_CATEGORIES),
               "count": {"type": "integer", "minimum": 0}},
              ["neighborhood_id", "category", "count"])
PHASE_IN = _obj({"number": {"type": "integer", "minimum": 1, "maximum": 99}, "title": STR,
                 "starts_on": _null(DATE_IN), "ends_on": _null(DATE_IN)}, ["number", "title"])

SCHEMAS = {
    "Errors": _obj({"errors": {"type": "object", "additionalProperties": STR}}, ["errors"]),
    "Duplicate": _obj({"errors": {"type": "object", "additionalProperties": STR}, "existing_id": ID,
                       "candidates": {"type": "array", "items": ID}}, ["errors", "existing_id"]),
    "Neighborhood": _obj({"id": ID, "name": STR, "area": STR, "area_id": ID, "district": STR, "district_id": ID},
                         ["id", "name", "area", "district"]),
    "Department": _obj({"id": ID, "name": STR}, ["id", "name"]),
    "Official": _obj({"id": ID, "name": STR, "title": STR, "department_id": _null(ID)}, ["id", "name"]),
    "Topic": _obj({"id": ID, "name": STR, "department_id": _null(ID), "sla_days": INT},
                  ["id", "name", "department_id", "sla_days"]),
    "Campaign": _obj({
        "id": ID, "title": STR, "occasion": _null(STR), "status": _enum(CAMPAIGN_STATUSES), "goals": _null(STR),
        **_dates("starts_on", "ends_on"),
        "phases": {"type": "array", "items": _obj({"id": ID, "number": INT, "title": STR,
                                                   **_dates("starts_on", "ends_on", nullable=True)})},
        "targets": {"type": "array", "items": TARGET}, "version": INT,
    }, ["id", "title", "status", "starts_on", "starts_on_jalali", "ends_on", "ends_on_jalali", "targets", "version"]),
    "CampaignInput": _obj({"title": {"type": "string", "maxLength": 200}, "occasion": _null(STR),
                           "status": _enum(CAMPAIGN_STATUSES), "goals": _null(STR), "starts_on": DATE_IN,
                           "ends_on": DATE_IN, "phases": {"type": "array", "items": PHASE_IN},
                           "targets": {"type": "array", "items": TARGET}, "version": ID}),
    "CoverageRow": _obj({"neighborhood_id": ID, "name": STR, "area": STR, "visits": INT, "households_reached": INT,
                         "target": INT, "untouched": BOOL, "percent": _null(INT),
                         "by_category": {"type": "object"}},
                        ["neighborhood_id", "name", "visits", "households_reached", "target"]),
    "CampaignReport": _obj({
        "campaign": _ref("Campaign"), "totals": {"type": "object", "additionalProperties": INT},
        "events_by_status": {"type": "object", "additionalProperties": INT},
        "events_by_kind": {"type": "object", "additionalProperties": INT},
        "events_by_phase": {"type": "array", "items": _obj(
            {"phase_id": _null(ID), "title": STR, "by_kind": {"type": "object", "additionalProperties": INT},
             "total": INT}, ["phase_id", "title", "by_kind", "total"])},
        "households_by_category": {"type": "object", "additionalProperties": INT},
        "coverage": {"type": "array", "items": _ref("CoverageRow")},
        "officials": {"type": "array", "items": _obj({"official_id": ID, "name": STR, "title": STR, "visits": INT},
                                                     ["official_id", "name", "title", "visits"])},
        "feedback": _obj({"total": INT, "by_kind": {"type": "object", "additionalProperties": INT},
                          "by_status": {"type": "object", "additionalProperties": INT},
                          "by_topic": {"type": "array", "items": _obj(
                              {"topic_id": _null(ID), "name": STR, "count": INT}, ["topic_id", "name", "count"])},
                          "by_department": {"type": "array", "items": _obj(
                              {"department_id": _null(ID), "name": STR, "count": INT},
                              ["department_id", "name", "count"])}}),
        "response_times": _obj({"answered": INT, "median_working_days": _null({"type": "number"}),
                                "p90_working_days": _null(INT)},
                               ["answered", "median_working_days", "p90_working_days"]),
        "sla": {"type": "array", "items": _obj(
            {"department_id": _null(ID), "department": STR, "answered": INT, "on_time": INT,
             "percent": _null({"type": "number"}), "open_overdue": INT},
            ["department_id", "department", "answered", "on_time", "percent", "open_overdue"])},
        "commitments": _obj({"open": INT, "overdue": INT, "done": INT}, ["open", "overdue", "done"]),
    }, ["campaign", "coverage", "feedback", "totals", "response_times", "sla", "commitments"]),
    "Household": _obj({
        "id": ID, "name": STR, "category": _enum(HOUSEHOLD_CATEGORIES), "neighborhood_id": ID,
        "martyr_name": _null(STR), "address": _null(STR), "phone": _null(STR), "national_id": _null(STR),
        "publicity_consent": BOOL, "notes": _null(STR), "version": INT,
    }, ["id", "name", "category", "neighborhood_id", "phone", "address", "national_id", "version"]),
    "HouseholdInput": _obj({"name": STR, "category": _enum(HOUSEHOLD_CATEGORIES), "neighborhood_id": ID,
                            "martyr_name": _null(STR), "address": _null(STR), "phone": _null(STR),
                            "national_id": _null(STR), "publicity_consent": BOOL, "notes": _null(STR),
                            "force": BOOL, "version": ID}),
    "Event": _obj({
        "id": ID, "kind": _enum(EVENT_KINDS), "status": _enum(EVENT_STATUSES), "campaign_id": _null(ID),
        "phase_id": _null(ID), "phase": _null(INT), "neighborhood_id": ID, "title": _null(STR),
        **_dates("date"), "time": _null(STR), "duration_minutes": _null(INT), "minutes": _null(STR),
        "official_ids": {"type": "array", "items": ID}, "household_ids": {"type": "array", "items": ID},
        "version": INT,
    }, ["id", "kind", "status", "neighborhood_id", "date", "date_jalali", "version"]),
    "EventInput": _obj({"kind": _enum(EVENT_KINDS), "status": _enum(EVENT_STATUSES), "campaign_id": _null(ID),
                        "phase": _null(INT), "phase_id": _null(ID), "neighborhood_id": ID, "title": _null(STR),
                        "date": DATE_IN, "time": _null({"type": "string", "examples": ["10:30"]}),
                        "duration_minutes": _null({"type": "integer", "minimum": 1, "maximum": 1440}),
                        "minutes": _null(STR), "official_ids": {"type": "array", "items": ID},
                        "household_ids": {"type": "array", "items": ID}, "version": ID}),
    "Feedback": _obj({
        "id": ID, "event_id": ID, "household_id": _null(ID), "kind": _enum(FEEDBACK_KINDS), "topic_id": _null(ID),
        "text": STR, "priority": _enum(PRIORITIES), "department_id": _null(ID), "status": _enum(FEEDBACK_STATUSES),
        **_dates("received_on"), **_dates("referred_on", "due_on", "answered_on", "closed_on", nullable=True),
        "response": _null(STR), "rejection_reason": _null(STR), "merged_into_id": _null(ID),
        "satisfaction": _null(STR), "version": INT,
    }, ["id", "event_id", "kind", "text", "status", "received_on", "received_on_jalali", "due_on",
        "due_on_jalali", "version"]),
    "FeedbackInput": _obj({"event_id": ID, "household_id": _null(ID), "kind": _enum(FEEDBACK_KINDS),
                           "topic_id": _null(ID), "text": STR, "department_id": _null(ID),
                           "priority": _enum(PRIORITIES), "received_on": _null(DATE_IN)},
                          ["event_id", "kind", "text"]),
    "FeedbackTransition": _obj({
        "status": _enum(FEEDBACK_STATUSES), "comment": _null(STR), "version": ID, "department_id": _null(ID),
        "response": _null(STR), "rejection_reason": _null(STR), "merged_into_id": _null(ID),
        "satisfaction": _null(STR), "contact_channel": _null(STR), "contact_outcome": _null(STR),
        "referred_on": _null(DATE_IN), "answered_on": _null(DATE_IN),
    }, ["status", "version"]),
    "SearchResults": _obj({"households": {"type": "array", "items": _ref("Household")},
                           "events": {"type": "array", "items": _ref("Event")},
                           "feedback": {"type": "array", "items": _ref("Feedback")}},
                          ["households", "events", "feedback"]),
}

ERRORS = {
    "400": "Malformed JSON or query parameter", "401": "No or bad bearer token", "403": "Role may not act",
    "404": "No such record in your district", "409": "Stale version (or a likely duplicate household)",
    "422": "Invalid field values",
}


def _responses(ok: str, schema: dict | None, codes, media="application/json") -> dict:
    out = {ok: {"description": "OK", "content": {media: {"schema": schema or {}}}}}
    for code in codes:
        ref = _ref("Duplicate") if code == "409-dup" else _ref("Errors")
        key = code.split("-")[0]
        desc = ERRORS[key]
        out[key] = {"description": desc, "content": {"application/json": {"schema": {"anyOf": [ref, _ref("Errors")]}
                                                                          if code == "409-dup" else ref}}}
    return out


PAGING = [
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
    {"name": "after", "in": "query", "schema": STR, "description": "cursor from the previous page's next"},
]


def _id_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ID}


def _list(name: str, tag: str, extra_params=()) -> dict:
    return {"get": {"tags": [tag], "summary": f"List {tag}", "parameters": PAGING + list(extra_params),
                    "responses": _responses("200", _page(name), ["400", "401", "403"])}}


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _collection(path_name: str, schema: str, tag: str, extra_params=(), dup=False) -> dict:
    item = _list(schema, tag, extra_params)
    item["post"] = {"tags": [tag], "summary": f"Create ({tag})", "requestBody": _body(f"{schema}Input"),
                    "responses": _responses("201", _ref(schema),
                                            ["400", "401", "403", "409-dup" if dup else "422", "422"])}
    return item


def _member(schema: str, tag: str, param: str, patch_body: str, dup=False) -> dict:
    return {
        "parameters": [_id_param(param)],
        "get": {"tags": [tag], "summary": f"Read one ({tag})",
                "responses": _responses("200", _ref(schema), ["401", "403", "404"])},
        "patch": {"tags": [tag], "summary": f"Change ({tag})", "requestBody": _body(patch_body),
                  "responses": _responses("200", _ref(schema),
                                          ["400", "401", "403", "404", "409-dup" if dup else "409", "422"])},
    }


def _q(name: str, schema: dict = STR) -> dict:
    return {"name": name, "in": "query", "schema": schema}


# The list filters: the same ones the web pages offer, read by each area's query function.
SEARCH = _q("q", {"type": "string", "maxLength": 200})
DATE_RANGE = [{**_q("from", DATE_IN), "description": "first day (Jalali or ISO)"},
              {**_q("to", DATE_IN), "description": "last day (Jalali or ISO), not before from"}]


def document() -> dict:
    """Return the OpenAPI document."""
    paths = {
        "/neighborhoods": _list("Neighborhood", "reference"),
        "/departments": _list("Department", "reference"),
        "/officials": _list("Official", "reference"),
        "/topics": _list("Topic", "reference"),
        "/campaigns": _collection("campaigns", "Campaign", "campaigns", [
            {"name": "status", "in": "query", "schema": _enum(CAMPAIGN_STATUSES)}]),
        "/campaigns/{campaign_id}": _member("Campaign", "campaigns", "campaign_id", "CampaignInput"),
        "/campaigns/{campaign_id}/report": {"parameters": [_id_param("campaign_id")], "get": {
            "tags": ["campaigns"], "summary": "Campaign summary numbers",
            "responses": _responses("200", _ref("CampaignReport"), ["401", "403", "404"])}},
        "/campaigns/{campaign_id}/report.pdf": {"parameters": [_id_param("campaign_id")], "get": {
            "tags": ["campaigns"], "summary": "Campaign summary as PDF",
            "responses": _responses("200", {"type": "string", "format": "binary"}, ["401", "403", "404"],
                                    media="application/pdf")}},
        "/households": _collection("households", "Household", "households", [
            SEARCH, _q("neighborhood_id", ID), _q("category", _enum(HOUSEHOLD_CATEGORIES)),
            _q("visit", _enum(VISIT_STATES)), _q("months", {"type": "integer", "minimum": 1, "maximum": MAX_MONTHS})],
            dup=True),
        "/households/{household_id}": _member("Household", "households", "household_id", "HouseholdInput", dup=True),
        "/events": _collection("events", "Event", "events", [
            _q("campaign_id", ID), _q("neighborhood_id", ID), _q("kind", _enum(EVENT_KINDS)),
            _q("status", _enum(EVENT_STATUSES)), *DATE_RANGE]),
        "/events/{event_id}": _member("Event", "events", "event_id", "EventInput"),
        "/feedback": _collection("feedback", "Feedback", "feedback", [
            SEARCH, _q("campaign_id", ID), _q("neighborhood_id", ID), _q("event_id", ID),
            _q("kind", _enum(FEEDBACK_KINDS)), _q("status", _enum(FEEDBACK_STATUS_FILTERS)),
            _q("department_id", ID), *DATE_RANGE]),
        "/feedback/{item_id}": _member("Feedback", "feedback", "item_id", "FeedbackTransition"),
        "/search": {"get": {"tags": ["search"], "summary": "Search households, events and feedback",
                            "parameters": [{"name": "q", "in": "query", "required": True,
                                            "schema": {"type": "string", "minLength": 1, "maxLength": 200}}],
                            "responses": _responses("200", _ref("SearchResults"), ["400", "401", "403"])}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Peyvand API", "version": "1",
                 "description": "JSON API of the district public-relations office. Dates are accepted in "
                                "Jalali (any digits) or ISO and returned in both forms. Errors are "
                                "{\"errors\": {field: Persian message}}."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "flask --app app create-token USERNAME"}}},
    }
