"""Server-side sessions: signing out, new passwords, deactivation and expiry end them for real."""
from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import func, select

from tests.clients import new_client, sign_in, signed_in
from tests.conftest import PASSWORD
from tests.factories import other_district
from tracker.auth import services
from tracker.extensions import db
from tracker.models import AuditEntry, User, UserSession

CHROME_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/126.0 Safari/537.36")
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def _copy_cookie(source, target):
    target.set_cookie("session", source.get_cookie("session").value)


def _sessions(user, live_only=True):
    stmt = select(UserSession).where(UserSession.user_id == user.id)
    if live_only:
        stmt = stmt.where(UserSession.ended_at.is_(None))
    return db.session.scalars(stmt.order_by(UserSession.id)).all()


def _audits(action):
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


def test_a_cookie_copied_before_sign_out_is_refused_afterwards(app, users):
    browser, thief = new_client(app), new_client(app, "203.0.113.9")
    assert sign_in(browser, "pr_staff").status_code == 302
    _copy_cookie(browser, thief)
    assert signed_in(thief)  # the copy works while the session lives
    browser.post("/auth/logout")
    assert not signed_in(browser)
    page = thief.get("/", follow_redirects=True)
    assert "/auth/login" in page.request.path
    assert "نشست شما به پایان رسیده است" in page.text
    row = db.session.scalars(select(UserSession)).one()
    assert row.end_reason == "signed_out" and row.ended_at is not None
    assert _audits("sign_in") == 1 and _audits("sign_out") == 1


def test_the_cookie_holds_a_session_key_not_the_user_id(app, users):
    browser = new_client(app)
    sign_in(browser, "admin")
    forged = new_client(app)
    # A cookie naming the user's id, as the old cookies did, or a remember-me cookie signed with
    # the real secret key, signs no one in: only a live session key does.
    with forged.session_transaction() as cookie:
        cookie["_user_id"] = str(users["admin"].id)
        cookie["_fresh"] = True
    assert not signed_in(forged)
    remembered = new_client(app)
    with app.test_request_context():
        remembered.set_cookie("remember_token", encode_cookie(str(users["admin"].id)))
    assert not signed_in(remembered)


def test_password_change_keeps_this_session_and_ends_the_others(app, users):
    laptop, phone = new_client(app), new_client(app, "198.51.100.7")
    sign_in(laptop, "pr_staff")
    sign_in(phone, "pr_staff")
    response = laptop.post("/auth/password", data={"current": PASSWORD, "new": "Tazeh-ramz-42",
                                                   "confirm": "Tazeh-ramz-42"}, follow_redirects=True)
    assert "گذرواژه تغییر کرد؛ نشست شما در ۱ دستگاه دیگر پایان یافت." in response.text
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert [s.end_reason for s in _sessions(users["pr_staff"], live_only=False)] == [None, "password_changed"]


def test_admin_password_reset_ends_every_session_and_token(app, users, tokens):
    target, admin = new_client(app), new_client(app)
    sign_in(target, "viewer")
    sign_in(admin, "admin")
    response = admin.post(f"/admin/users/{users['viewer'].id}/password",
                          data={"password": "Another-pass-7", "confirm": "Another-pass-7"}, follow_redirects=True)
    assert "نشست‌ها و توکن‌های او باطل شد" in response.text
    assert not signed_in(target)
    assert signed_in(admin)
    api = admin.get("/api/v1/neighborhoods", headers={"Authorization": f"Bearer {tokens['viewer']}"})
    assert api.status_code == 401 and "auth" in api.json["errors"]
    # The other users' tokens still work.
    other = {"Authorization": f"Bearer {tokens['pr_staff']}"}
    assert admin.get("/api/v1/neighborhoods", headers=other).status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reset_password")).one()
    assert entry.after == {"sessions_ended": 1, "tokens_revoked": 1}
    assert "Another-pass-7" not in str(entry.after)


def test_deactivation_ends_sessions_and_revokes_tokens(app, users, tokens):
    target, admin = new_client(app), new_client(app)
    sign_in(target, "manager")
    sign_in(admin, "admin")
    manager = users["manager"]
    from tracker.models import Department

    department = db.session.scalars(select(Department)).first()
    manager.department_id = department.id
    db.session.commit()
    response = admin.post(f"/admin/users/{manager.id}/edit", data={
        "full_name": "", "role": "manager", "department_id": department.id})  # active left unticked
    assert response.status_code == 302
    assert not signed_in(target)
    revoked = {"Authorization": f"Bearer {tokens['manager']}"}
    assert target.get("/api/v1/neighborhoods", headers=revoked).status_code == 401
    assert [s.end_reason for s in _sessions(manager, live_only=False)] == ["deactivated"]


def test_sign_out_everywhere_from_ones_own_account_page(app, users):
    first, second = new_client(app, browser=CHROME_WINDOWS), new_client(app, "192.0.2.44", FIREFOX_ANDROID)
    sign_in(first, "pr_staff")
    sign_in(second, "pr_staff")
    page = first.get("/auth/account")
    assert page.status_code == 200
    assert "Chrome · Windows" in page.text and "Firefox · Android" in page.text
    assert "192.0.2.44" in page.text and "همین مرورگر" in page.text
    response = first.post("/auth/sessions/end-all", follow_redirects=True)
    assert "از همهٔ دستگاه‌ها خارج شدید (۲ نشست)." in response.text
    assert not signed_in(first) and not signed_in(second)


def test_ending_one_other_session_from_the_account_page(app, users):
    first, second = new_client(app), new_client(app, "192.0.2.44")
    sign_in(first, "pr_staff")
    sign_in(second, "pr_staff")
    other = _sessions(users["pr_staff"])[1]
    assert first.post(f"/auth/sessions/{other.id}/end").status_code == 302
    assert signed_in(first) and not signed_in(second)
    # Nobody ends someone else's session from their own page.
    sign_in(second, "viewer")
    mine = _sessions(users["pr_staff"])[0]
    assert second.post(f"/auth/sessions/{mine.id}/end").status_code == 404
    assert signed_in(first)


def test_admin_signs_a_user_out_everywhere_but_only_in_their_district(app, users):
    target, admin = new_client(app), new_client(app)
    sign_in(target, "pr_staff")
    sign_in(admin, "admin")
    page = admin.get(f"/admin/users/{users['pr_staff'].id}/access")
    assert page.status_code == 200 and "نشست‌های باز" in page.text and "(۱)" in page.text
    response = admin.post(f"/admin/users/{users['pr_staff'].id}/sessions/end-all", follow_redirects=True)
    assert "«pr_staff» از همهٔ دستگاه‌ها خارج شد (۱ نشست)." in response.text
    assert not signed_in(target)
    row = _sessions(users["pr_staff"], live_only=False)[0]
    assert row.end_reason == "ended_by_admin"
    stranger_district = other_district()
    stranger = services.create_user("stranger", PASSWORD, "viewer", stranger_district.district.id)
    db.session.commit()
    assert admin.get(f"/admin/users/{stranger.id}/access").status_code == 404
    assert admin.post(f"/admin/users/{stranger.id}/sessions/end-all").status_code == 404
    assert new_client(app).post(f"/admin/users/{stranger.id}/sessions/end-all").status_code == 302  # to sign-in


def test_idle_sessions_end(app, users):
    browser = new_client(app)
    sign_in(browser, "pr_staff")
    row = _sessions(users["pr_staff"])[0]
    row.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1)
    db.session.commit()
    assert signed_in(browser)  # one minute short of the idle limit, and the visit renews it
    db.session.refresh(row)
    assert row.last_seen_at > row.created_at
    row.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert not signed_in(browser)
    db.session.refresh(row)
    assert row.end_reason == "idle"


def test_sessions_end_after_their_absolute_lifetime_however_active(app, users):
    app.config["SESSION_MAX_HOURS"] = 2
    browser = new_client(app)
    sign_in(browser, "pr_staff")
    row = _sessions(users["pr_staff"])[0]
    row.created_at -= timedelta(hours=2, minutes=1)  # still active a minute ago
    db.session.commit()
    assert not signed_in(browser)
    db.session.refresh(row)
    assert row.end_reason == "expired"


def test_last_seen_is_written_now_and_then_not_on_every_request(app, users):
    browser = new_client(app)
    sign_in(browser, "pr_staff")
    row = _sessions(users["pr_staff"])[0]
    seen = row.last_seen_at
    for _ in range(3):
        assert signed_in(browser)
    db.session.refresh(row)
    assert row.last_seen_at == seen


@pytest.mark.parametrize("path", ["/auth/sessions/end-all", "/auth/sessions/1/end"])
def test_account_actions_need_a_signed_in_user(app, users, path):
    response = new_client(app).post(path)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_deactivated_user_with_an_open_session_is_signed_out(app, users):
    browser = new_client(app)
    sign_in(browser, "viewer")
    user = db.session.get(User, users["viewer"].id)
    user.active = False  # even a change that bypasses the admin page takes effect
    db.session.commit()
    assert not signed_in(browser)
