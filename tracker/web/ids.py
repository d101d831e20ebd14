"""Record ids read from URLs and query strings: a number no record can have is a 404 or a 400, never a 500.

A path's <int:…> takes at most ID_MAX (the largest id the databases' integer columns hold), so a
longer one matches no route. A query string's ids (every argument named "…_id") and its text are
checked before any view reads them: a value that is no id, or a control character, is a 400 page
in Persian. The API reads its query strings through its own declared types, with field messages.
"""
from flask import request
from werkzeug.routing import IntegerConverter

from tracker.errors import BadInput
from tracker.models.limits import ID_MAX, QUERY_MAX
from tracker.persian.digits import read_number
from tracker.persian.text import TextRefused, clean_text

BAD_ID = "شناسهٔ «{}» در نشانی معتبر نیست."


def _up_to(number: int) -> str:
    """Return a regular expression matching the decimal numbers from 0 to number (leading zeros aside)."""
    digits = str(number)
    shorter = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    below = [f"{digits[:i]}[0-{int(d) - 1}]" + (rf"\d{{{len(digits) - i - 1}}}" if i < len(digits) - 1 else "")
             for i, d in enumerate(digits) if d != "0"]
    return "(?:" + "|".join([*shorter, *below, digits]) + ")"


class IdConverter(IntegerConverter):
    """Werkzeug's int converter, matching only numbers up to ID_MAX.

    The limit is in the pattern, not only in to_python: a number past it must not match the route at
    all, so the API's catch-all route still answers it (as JSON) and the matcher never raises on it.
    """

    regex = _up_to(ID_MAX)

    def __init__(self, url_map, fixed_digits=0, min=None, max=ID_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def read_id(raw) -> int | None:
    """Return raw (an id in any digits) as an int, or None when it is no id a record can have."""
    try:
        number = read_number(raw)
    except ValueError:
        return None
    return number if 1 <= number <= ID_MAX else None


def check_query():
    """Refuse a web request whose query string carries an impossible id or a control character."""
    if request.blueprint == "api":
        return
    for name, value in request.args.items(multi=True):
        try:
            clean_text(value, max_length=max(QUERY_MAX, 4_000))
        except TextRefused as error:
            raise BadInput(str(error)) from error
        if name.endswith("_id") and value.strip() not in ("", "None") and read_id(value) is None:
            raise BadInput(BAD_ID.format(name))


def register(app):
    """Make <int:…> take ids up to ID_MAX, and check every query string before its view."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(check_query)
