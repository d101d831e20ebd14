"""The API's field types, each declared once with its limits, and pydantic's errors said in Persian."""
from datetime import date, time
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, StringConstraints, ValidationError
from pydantic import WithJsonSchema, WrapValidator
from pydantic_core import PydanticCustomError

from tracker.models.limits import ID_MAX
from tracker.persian.dates import JalaliDateError, parse_date_any, parse_jalali_time
from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.persian.text import CONTROL_CHARACTERS, REFUSED_MESSAGE, TOO_LONG_MESSAGE, TextRefused, clean_text
from tracker.web.paging import BAD_CURSOR

REQUIRED = "این مقدار لازم است."
NOT_TEXT = "این مقدار باید متن باشد."
NOT_INT = "این مقدار باید عدد صحیح مثبت باشد."
NOT_BOOL = "این مقدار باید true یا false باشد."
NOT_LIST = "این مقدار باید فهرست باشد."
NOT_OBJECT = "این مقدار باید یک شیء JSON باشد."
NOT_CHOICE = "این مقدار از گزینه‌های مجاز نیست."
NOT_DATE = "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ یا 2024-04-19 بفرستید."
BAD_CHARS = REFUSED_MESSAGE
TOO_LONG = TOO_LONG_MESSAGE
MESSAGES = {
    "missing": REQUIRED, "string_too_short": REQUIRED, "string_type": NOT_TEXT, "string_unicode": BAD_CHARS,
    "string_pattern_mismatch": BAD_CHARS, "int_type": NOT_INT, "int_parsing": NOT_INT, "int_from_float": NOT_INT,
    "bool_type": NOT_BOOL, "bool_parsing": NOT_BOOL, "list_type": NOT_LIST, "too_short": NOT_LIST,
    "model_type": NOT_OBJECT, "model_attributes_type": NOT_OBJECT, "literal_error": NOT_CHOICE,
}

# What clean_text refuses, for the document (clients may check before sending); the server runs clean_text.
PLAIN_TEXT = f"^[^{CONTROL_CHARACTERS.encode('unicode_escape').decode()}]*$"
DIGIT = "[0-9\u06f0-\u06f9\u0660-\u0669]"
DATE_PATTERN = rf"^\s*{DIGIT}{{4}}\s*[-/.\u066b]\s*{DIGIT}{{1,2}}\s*[-/.\u066b]\s*{DIGIT}{{1,2}}\s*$"
TIME_PATTERN = rf"^\s*{DIGIT}{{1,2}}\s*[:.\u066b]\s*{DIGIT}{{1,2}}(\s*:\s*{DIGIT}{{1,2}})?\s*$"
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"


def persian_errors(error: ValidationError) -> dict[str, str]:
    """Return one Persian message per field, named as sent ("phases[0].title"), for the first error of each."""
    out: dict[str, str] = {}
    for e in error.errors():
        key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"]).lstrip(".") or "body"
        if e["type"] == "string_too_long":
            message = TOO_LONG.format(to_persian_digits(e["ctx"]["max_length"]))
        else:  # our own types raise their Persian message as the error itself
            message = MESSAGES.get(e["type"], e["msg"])
        out.setdefault(key, message)
    return out


def _said(kind: str, message: str):
    """Return a wrap validator that answers every failure of the inner checks with one message."""

    def check(value, handler):
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError(kind, message) from None

    return WrapValidator(check)


def _blank_to_none(value):
    return value or None


def _typed(value):
    """Clean sent text as every door does (tracker.persian.text.clean_text); other types fail later as not text."""
    if not isinstance(value, str):
        return value
    try:
        return clean_text(value)
    except TextRefused as error:
        raise PydanticCustomError("text_refused", str(error)) from None


def Text(max_length: int, *, required: bool = False):
    """Return trimmed text of at most max_length characters, cleaned as typed text; blank is None unless required."""
    text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1 if required else None,
                                            max_length=max_length, pattern=PLAIN_TEXT), BeforeValidator(_typed)]
    return text if required else Annotated[text, AfterValidator(_blank_to_none)]


def Range(low: int, high: int, *, query: bool = False):
    """Return a whole number from low to high (in any digits when read from a query string)."""
    message = NOT_INT if (low, high) == (1, ID_MAX) else (
        f"این مقدار باید عددی از {to_persian_digits(low)} تا {to_persian_digits(high)} باشد.")
    digits = [BeforeValidator(lambda v: to_ascii_digits(v) if isinstance(v, str) else v)] if query else []
    return Annotated[int, Field(ge=low, le=high), *digits, _said("range", message)]


def _parsed(parse, wrong_type: str):
    """Return a validator reading a string with parse, whose Persian error becomes the field's message."""

    def read(value):
        if not isinstance(value, str):
            raise PydanticCustomError("text_type", wrong_type)
        try:
            return parse(value)
        except JalaliDateError as error:
            raise PydanticCustomError("unreadable", str(error)) from None

    return PlainValidator(read)


Id = Range(1, ID_MAX)
QueryId = Range(1, ID_MAX, query=True)
# A day sent as Jalali in any digits ("1403/01/31", "۱۴۰۳/۰۱/۳۱") or ISO ("2024-04-19"); answered as ISO.
Day = Annotated[date, _parsed(parse_date_any, NOT_DATE), WithJsonSchema({
    "type": "string", "pattern": DATE_PATTERN, "examples": ["1403/01/31", "۱۴۰۳/۰۱/۳۱", "2024-04-19"],
    "description": "Jalali (year/month/day, Persian, Arabic-Indic or ASCII digits) or ISO Gregorian",
}, mode="validation")]
Time = Annotated[time, _parsed(parse_jalali_time, "ساعت را به شکل ۱۴:۳۰ بفرستید."),
                 WithJsonSchema({"type": "string", "pattern": TIME_PATTERN, "examples": ["10:30", "۱۴:۳۰"]})]
Cursor = Annotated[str, StringConstraints(pattern=CURSOR_PATTERN, max_length=400),
                   _said("cursor", BAD_CURSOR)]
