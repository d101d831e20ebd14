"""What pages keep between requests: counts and rendered parts, keyed by the data stamps they were made from.

A kept value is used only while its district's data stamp (tracker/stamps.py) is unchanged, so
a write shows on the next request in every process. It is also never older than its lifetime, for
writes that bypass the session and for what depends on the clock. Keys name what the value was
made for: the district, the day in Tehran, and what the reader's role, department and official
change on a page, so readers who would see the same page share it, and no one sees another's.
"""
import functools
import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import request
from flask_login import current_user

from tracker import ROOT, stamps
from tracker.extensions import cache
from tracker.web.safe_output import Rendered
from tracker.persian.dates import today_tehran

T = TypeVar("T")
EVERY_DISTRICT = 0  # the key's district for what covers the whole city


def reader(user) -> tuple:
    """Return what about a reader changes what a page shows: role, department and official."""
    return (user.role, user.department_id, user.official_id)


@functools.cache
def _release() -> str:
    """Return a fingerprint of the installed code and templates: a shared cache never serves an older release's."""
    files = sorted((*ROOT.joinpath("tracker").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")))
    return hashlib.blake2b(repr([(str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files]).encode(),
                           digest_size=8).hexdigest()


def _key(name: str, district_id: int, data_stamp: str, vary: tuple) -> str:
    described = repr((_release(), name, district_id, data_stamp, today_tehran().isoformat(), vary))
    return "kept:" + hashlib.blake2b(described.encode(), digest_size=20).hexdigest()


def kept(name: str, district_id: int | None, make: Callable[[], T], *, vary: tuple[Hashable, ...] = (),
         lifetime: int | None = None) -> T:
    """Return make()'s value for the district's data as it is now (None: every district), making it when not kept."""
    data_stamp = stamps.stamp(district_id) if district_id is not None else stamps.every_stamp()
    if data_stamp is None:  # a district no commit has stamped yet: nothing to key by
        return make()
    key = _key(name, district_id or EVERY_DISTRICT, data_stamp, vary)
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout=lifetime)
    return value


def page_vary() -> tuple:
    """Return what a page part depends on besides the data: the request's address and query, and the reader."""
    return (request.path, tuple(sorted(request.args.items(multi=True))), reader(current_user))


def kept_page_part(name: str, district_id: int | None, make: Callable[[], str], *,
                   lifetime: int | None = None) -> Rendered:
    """Return the page part make() renders for this request's address, query and reader, kept as kept() keeps."""
    return Rendered(kept(name, district_id, make, vary=page_vary(), lifetime=lifetime))


def forget_everything() -> None:
    """Drop everything kept (a test starting over, or an administrator after a restore)."""
    cache.clear()
