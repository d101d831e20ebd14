"""Sign-in throttling per account and per client address, its state kept in the database.

Why not Flask-Limiter: its storage comes from the ``limits`` package, whose backends are
process memory, Redis, Memcached, MongoDB and etcd.  Memory is one gunicorn worker's
own (four workers would allow four times the attempts) and the others are servers this
install does not run.  The rules also need what a request counter cannot see: only
failures count, a success clears its account's count, and addresses from which an
account has signed in before are spared that account's lock.  So attempts are rows in
``login_attempt`` (inserts never conflict between workers) and the limits are counts over
a moving window, the same strategy as Flask-Limiter's "moving-window".

The rules:
- per account: 5 failures in 15 minutes lock the typed username for what is left of the
  window.  Unknown usernames are counted exactly like known ones, so the lock tells
  nothing about which exist.  The lock does not apply to an address that signed in to that
  account successfully in the last 30 days: an attacker elsewhere cannot lock the real
  user out of the office, however long they keep trying.
- per address: 20 failures in an hour, whatever the usernames, lock the address for what
  is left of that hour.  This is the stricter one: it stops spraying many accounts from one
  place, and it is what an attacker hits first when keeping someone's account locked.
IPv6 addresses are counted per /64 network, which one client usually holds whole.
Two requests racing through the same check may each get one more try; the bound stays.
Bearer tokens of the API are not throttled: they are 256-bit random values that cannot be
guessed, and counting bad ones would turn every junk request into a database write.
"""
import hashlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from tracker.extensions import db
from tracker.models import LoginAttempt
from tracker.models.base import tehran_now


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


ACCOUNT = Limit(5, timedelta(minutes=15))
ADDRESS = Limit(20, timedelta(hours=1))
KNOWN_ADDRESS_DAYS = 30


def account_key(username: str) -> str:
    """Return the stored key of a typed username: the SHA-256 of its case-folded form."""
    return hashlib.sha256(username.strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()


def address_key(address: str | None) -> str:
    """Return the address to count under: IPv4 as is, IPv6 as its /64 network."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _locked_until(where, limit: Limit, since: datetime) -> datetime | None:
    """Return when the oldest of the last `limit.failures` failures leaves the window, if all are in it."""
    recent = db.session.scalars(
        select(LoginAttempt.at).where(*where, LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc()).limit(limit.failures)
    ).all()
    if len(recent) < limit.failures:
        return None
    return recent[-1] + limit.window


def wait_minutes(username: str, address: str | None, now: datetime | None = None) -> int:
    """Return how many minutes this username and address must wait before trying again (0: none)."""
    now = now or tehran_now()
    account, where = account_key(username), address_key(address)
    ends = [_locked_until([LoginAttempt.address == where], ADDRESS, now - ADDRESS.window)]
    known = db.session.scalar(select(LoginAttempt.id).where(
        LoginAttempt.account_key == account, LoginAttempt.address == where, LoginAttempt.succeeded.is_(True),
        LoginAttempt.at > now - timedelta(days=KNOWN_ADDRESS_DAYS),
    ).limit(1))
    if known is None:
        # A success starts the account's count afresh.
        last_success = db.session.scalar(select(LoginAttempt.at).where(
            LoginAttempt.account_key == account, LoginAttempt.succeeded.is_(True),
        ).order_by(LoginAttempt.at.desc()).limit(1))
        since = max(now - ACCOUNT.window, last_success or now - ACCOUNT.window)
        ends.append(_locked_until([LoginAttempt.account_key == account], ACCOUNT, since))
    latest = max((end for end in ends if end is not None), default=None)
    if latest is None or latest <= now:
        return 0
    return max(1, math.ceil((latest - now).total_seconds() / 60))


def note_attempt(username: str, address: str | None, succeeded: bool, now: datetime | None = None) -> None:
    """Record a checked sign-in attempt and drop the ones no rule needs any more."""
    now = now or tehran_now()
    db.session.execute(delete(LoginAttempt).where(or_(
        LoginAttempt.at < now - timedelta(days=KNOWN_ADDRESS_DAYS),
        (LoginAttempt.succeeded.is_(False)) & (LoginAttempt.at < now - max(ACCOUNT.window, ADDRESS.window)),
    )))
    db.session.add(LoginAttempt(at=now, account_key=account_key(username), address=address_key(address),
                                succeeded=succeeded))
