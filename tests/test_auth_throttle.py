"""Sign-in throttling: per account, per address, shared by every worker, never a permanent lock-out."""
from datetime import timedelta

from sqlalchemy import func, select

from tests.clients import new_client, sign_in, signed_in
from tracker import create_app
from tracker.auth import throttle
from tracker.extensions import db
from tracker.models import AuditEntry, LoginAttempt

LOCKED = "ورودهای ناموفق زیاد بود؛"
WRONG = "نام کاربری یا گذرواژه درست نیست."


def _fail(client, username, times):
    for _ in range(times):
        page = sign_in(client, username, "wrong-password-0")
        assert page.status_code == 200 and WRONG in page.text


def _age_attempts(minutes):
    """Move every recorded attempt into the past (in Python: SQLite has no datetime arithmetic)."""
    for attempt in db.session.scalars(select(LoginAttempt)):
        attempt.at -= timedelta(minutes=minutes)
    db.session.commit()


def test_five_failures_lock_the_account_with_a_persian_message(app, users):
    attacker = new_client(app, "203.0.113.5")
    _fail(attacker, "pr_staff", throttle.ACCOUNT.failures)
    page = sign_in(attacker, "pr_staff")  # the right password, but too late
    assert page.status_code == 200
    assert "ورودهای ناموفق زیاد بود؛ ۱۵ دقیقهٔ دیگر دوباره تلاش کنید." in page.text
    assert not signed_in(attacker)
    # The lock is per account: another user from the same address still signs in.
    assert sign_in(attacker, "manager").status_code == 302
    refused = db.session.scalar(select(func.count()).select_from(AuditEntry)
                                .where(AuditEntry.action == "sign_in_refused"))
    assert refused == 1


def test_the_account_lock_ends_with_its_window(app, users):
    client = new_client(app, "203.0.113.5")
    _fail(client, "pr_staff", throttle.ACCOUNT.failures)
    _age_attempts(10)
    assert "۵ دقیقهٔ دیگر" in sign_in(client, "pr_staff").text
    _age_attempts(6)
    assert sign_in(client, "pr_staff").status_code == 302


def test_unknown_usernames_are_locked_just_like_known_ones(app, users):
    client = new_client(app, "203.0.113.5")
    _fail(client, "nobody-here", throttle.ACCOUNT.failures)
    assert LOCKED in sign_in(client, "nobody-here").text
    # Case and spacing do not make a new account key.
    assert LOCKED in sign_in(client, "  NOBODY-here ").text


def test_the_real_user_at_their_usual_address_is_not_locked_out(app, users):
    office = new_client(app, "10.0.0.12")
    assert sign_in(office, "pr_staff").status_code == 302
    office.post("/auth/logout")
    attacker = new_client(app, "203.0.113.5")
    _fail(attacker, "pr_staff", throttle.ACCOUNT.failures)
    assert LOCKED in sign_in(attacker, "pr_staff").text
    # However often the attacker locks the account, the office where it signed in last week
    # still gets in (its own failures are limited per address).
    assert sign_in(office, "pr_staff").status_code == 302


def test_many_failures_from_one_address_lock_the_address(app, users):
    sprayer = new_client(app, "198.51.100.23")
    for n in range(throttle.ADDRESS.failures):
        page = sign_in(sprayer, f"guess-{n % 4}", "wrong-password-0")
        assert WRONG in page.text, n
    page = sign_in(sprayer, "viewer")
    assert "ورودهای ناموفق زیاد بود؛ ۶۰ دقیقهٔ دیگر دوباره تلاش کنید." in page.text
    # Another address is not affected.
    assert sign_in(new_client(app, "198.51.100.24"), "viewer").status_code == 302


def test_the_lock_holds_across_workers(app, users, _schema):
    """Two app instances on one database stand in for two gunicorn workers."""
    other_worker = create_app(dict(_schema))
    first = new_client(app, "203.0.113.5")
    second = new_client(other_worker, "203.0.113.5")
    for n in range(throttle.ACCOUNT.failures):
        client = first if n % 2 else second
        assert WRONG in sign_in(client, "pr_staff", "wrong-password-0").text
    assert LOCKED in sign_in(first, "pr_staff").text
    assert LOCKED in sign_in(second, "pr_staff").text
    with other_worker.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_success_starts_the_account_count_afresh(app, users):
    client = new_client(app, "203.0.113.5")
    _fail(client, "pr_staff", throttle.ACCOUNT.failures - 1)
    assert sign_in(client, "pr_staff").status_code == 302
    client.post("/auth/logout")
    _fail(client, "pr_staff", throttle.ACCOUNT.failures - 1)
    assert sign_in(client, "pr_staff").status_code == 302


def test_old_attempts_are_cleaned_up(app, users):
    client = new_client(app, "203.0.113.5")
    _fail(client, "pr_staff", 3)
    _age_attempts(24 * 60)
    _fail(client, "pr_staff", 1)
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1


def test_the_client_address_comes_from_the_proxy_only_when_configured(app, users, _schema):
    forwarded = {"X-Forwarded-For": "192.0.2.77"}
    direct = new_client(app, "127.0.0.1")
    sign_in(direct, "viewer", "wrong-password-0")
    direct.post("/auth/login", data={"username": "viewer", "password": "x-wrong-pass-1"}, headers=forwarded)
    assert set(db.session.scalars(select(LoginAttempt.address))) == {"127.0.0.1"}
    behind_proxy = create_app(dict(_schema, PROXY_COUNT=1))
    proxied = new_client(behind_proxy, "127.0.0.1")
    proxied.post("/auth/login", data={"username": "viewer", "password": "wrong-password-0"}, headers=forwarded)
    with behind_proxy.app_context():
        addresses = set(db.session.scalars(select(LoginAttempt.address)))
        db.session.remove()
        db.engine.dispose()
    assert addresses == {"127.0.0.1", "192.0.2.77"}


def test_ipv6_clients_are_counted_per_64_network():
    assert throttle.address_key("2001:db8:1:2:aaaa::1") == throttle.address_key("2001:db8:1:2:ffff::9")
    assert throttle.address_key("2001:db8:1:3::1") != throttle.address_key("2001:db8:1:2::1")
    assert throttle.address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert throttle.address_key(None) == "unknown"
