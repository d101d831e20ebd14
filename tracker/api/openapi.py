"""The OpenAPI 3.1 document of /api/v1, generated from the endpoints' declarations (registry.OPERATIONS)."""
import re

from pydantic.json_schema import models_json_schema

from tracker.api.registry import OPERATIONS, Operation
from tracker.api.shapes import Conflict, Errors
from tracker.models.limits import ID_MAX

REF = "#/components/schemas/{model}"
ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
WHY = {400: "Malformed JSON or query parameter", 401: "No or bad bearer token", 403: "The role may not do this",
       404: "No such record in your district", 409: "Stale version, or a likely duplicate household",
       422: "Invalid field values, or a step the workflow refuses"}


def _plain(schema: dict) -> dict:
    """Return a query parameter's schema without pydantic's title and its null branch (absent is absent)."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    out = {**schema, **options[0]} if len(options) == 1 else dict(schema)
    for key in ("anyOf", "title") + (("default",) if out.get("default") is None else ()):
        out.pop(key, None)
    return out


def _parameters(op: Operation) -> list[dict]:
    names = re.findall(r"{(\w+)}", op.path)
    params = [{"name": name, "in": "path", "required": True, "schema": ID} for name in names]
    if op.query is not None:
        schema = op.query.model_json_schema()
        for name, prop in schema["properties"].items():
            param = {"name": name, "in": "query", "required": name in schema.get("required", ()),
                     "schema": _plain(prop)}
            if "description" in prop:
                param["description"] = param["schema"].pop("description")
            params.append(param)
    return params


def _operation(op: Operation, refs: dict) -> dict:
    if isinstance(op.answer, str):
        content = {op.answer: {"schema": {"type": "string", "format": "binary"}}}
    else:
        content = {"application/json": {"schema": refs[op.answer, "serialization"] if op.answer else {}}}
    codes = {400: op.query or op.body, 401: op.roles, 403: op.roles, 404: "{" in op.path, 409: op.conflicts,
             422: op.body}
    responses = {str(op.status): {"description": "OK", "content": content}}
    for code, applies in codes.items():
        if applies:
            schema = refs[Conflict if code == 409 else Errors, "validation"]
            responses[str(code)] = {"description": WHY[code], "content": {"application/json": {"schema": schema}}}
    out = {"tags": [op.path.split("/")[1]], "summary": (op.view.__doc__ or "").strip().split("\n")[0],
           "operationId": op.view.__name__, "parameters": _parameters(op), "responses": responses}
    if op.body is not None:
        schema = refs[op.body, "validation"]
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    if op.roles is None:
        out["security"] = []
    return out


def document() -> dict:
    """Return the OpenAPI document."""
    models = {(Errors, "validation"), (Conflict, "validation")}
    models |= {(op.body, "validation") for op in OPERATIONS if op.body is not None}
    models |= {(op.answer, "serialization") for op in OPERATIONS if isinstance(op.answer, type)}
    refs, defs = models_json_schema(sorted(models, key=lambda m: m[0].__name__), ref_template=REF)
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Peyvand API", "version": "1",
                 "description": "JSON API of the district public-relations office. Dates are accepted in Jalali "
                                "(any digits) or ISO and returned in both forms. Errors are "
                                "{\"errors\": {field: Persian message}}."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {}),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "flask --app app create-token USERNAME"}}},
    }
