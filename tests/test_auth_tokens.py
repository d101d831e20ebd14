"""API tokens: expiry, per-user listing, revocation by the admin page and the CLI."""
from datetime import timedelta

from sqlalchemy import select

from tests.clients import new_client, sign_in
from tests.factories import h
from tracker.auth import tokens as token_service
from tracker.extensions import db
from tracker.models import ApiToken, AuditEntry
from tracker.models.base import tehran_now

API = "/api/v1/neighborhoods"


def _row(user):
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())).first()


def test_tokens_expire_after_ninety_days_by_default(client, users, tokens):
    row = _row(users["pr_staff"])
    assert timedelta(days=89, hours=23) < row.expires_at - row.created_at <= timedelta(days=90)
    assert client.get(API, headers=h(tokens)).status_code == 200
    row.expires_at = tehran_now() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(API, headers=h(tokens))
    assert response.status_code == 401
    assert response.json == {"errors": {"auth": "توکن دسترسی فرستاده نشده یا معتبر نیست."}}


def test_create_token_takes_a_number_of_days(runner, users):
    result = runner.invoke(args=["create-token", "viewer", "--days", "7"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    row = _row(users["viewer"])
    assert timedelta(days=6, hours=23) < row.expires_at - row.created_at <= timedelta(days=7)
    assert token not in row.token_hash and len(token) >= 40
    assert runner.invoke(args=["create-token", "viewer", "--days", "0"]).exit_code != 0
    assert runner.invoke(args=["create-token", "viewer", "--days", "400"]).exit_code != 0
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "create_token")).one()
    assert token not in str(entry.after)


def test_revoke_tokens_cli_revokes_all_of_one_users_tokens(client, runner, users, tokens):
    second = token_service.create_token(users["pr_staff"])
    db.session.commit()
    result = runner.invoke(args=["revoke-tokens", "pr_staff"])
    assert result.exit_code == 0 and "2 token(s) of pr_staff revoked" in result.output
    for token in (tokens["pr_staff"], second):
        assert client.get(API, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get(API, headers=h(tokens, "viewer")).status_code == 200
    assert runner.invoke(args=["revoke-tokens", "nobody"]).exit_code != 0


def test_admin_page_lists_a_users_tokens_but_never_the_token(app, users, tokens):
    admin = new_client(app)
    sign_in(admin, "admin")
    admin.get(API, headers=h(tokens))  # sets last used
    page = admin.get(f"/admin/users/{users['pr_staff'].id}/access")
    assert page.status_code == 200
    assert "توکن‌های دسترسی <bdi>API</bdi>" in page.text and "معتبر" in page.text and "آخرین استفاده" in page.text
    assert tokens["pr_staff"] not in page.text and _row(users["pr_staff"]).token_hash not in page.text
    assert "آخرین استفاده: هرگز" not in page.text  # it was used
    users_page = admin.get("/admin/users")
    assert f"/admin/users/{users['pr_staff'].id}/access" in users_page.text


def test_admin_revokes_one_token_then_all(app, users, tokens):
    admin = new_client(app)
    sign_in(admin, "admin")
    spare = token_service.create_token(users["pr_staff"], days=30)
    db.session.commit()
    first = _row(users["pr_staff"])  # the newest: the spare
    response = admin.post(f"/admin/users/{users['pr_staff'].id}/tokens/{first.id}/revoke", follow_redirects=True)
    assert "توکن باطل شد." in response.text and "باطل‌شده" in response.text
    assert admin.get(API, headers={"Authorization": f"Bearer {spare}"}).status_code == 401
    assert admin.get(API, headers=h(tokens)).status_code == 200
    response = admin.post(f"/admin/users/{users['pr_staff'].id}/tokens/revoke-all", follow_redirects=True)
    assert "۱ توکن «pr_staff» باطل شد." in response.text
    assert admin.get(API, headers=h(tokens)).status_code == 401


def test_admin_cannot_touch_another_users_token_through_a_wrong_url(app, users, tokens):
    admin = new_client(app)
    sign_in(admin, "admin")
    viewer_token = _row(users["viewer"])
    response = admin.post(f"/admin/users/{users['pr_staff'].id}/tokens/{viewer_token.id}/revoke")
    assert response.status_code == 404
    assert admin.get(API, headers=h(tokens, "viewer")).status_code == 200
    staff = new_client(app)
    sign_in(staff, "pr_staff")
    assert staff.get(f"/admin/users/{users['pr_staff'].id}/access").status_code == 403
    assert staff.post(f"/admin/users/{users['viewer'].id}/tokens/revoke-all").status_code == 403


def test_users_see_their_own_tokens_on_their_account_page(app, users, tokens):
    browser = new_client(app)
    sign_in(browser, "viewer")
    page = browser.get("/auth/account")
    assert "توکن شمارهٔ" in page.text and tokens["viewer"] not in page.text
    assert "باطل کردن" not in page.text  # only an admin revokes


def test_last_use_is_written_now_and_then(client, users, tokens):
    client.get(API, headers=h(tokens))
    row = _row(users["pr_staff"])
    first_use = row.last_used_at
    assert first_use is not None
    client.get(API, headers=h(tokens))
    db.session.refresh(row)
    assert row.last_used_at == first_use
    row.last_used_at -= token_service.TOUCH_EVERY
    db.session.commit()
    client.get(API, headers=h(tokens))
    db.session.refresh(row)
    assert row.last_used_at > first_use - token_service.TOUCH_EVERY
