"""The password policy at every door, and sign-in answering alike for known and unknown usernames."""
import pytest
from sqlalchemy import select

from tests.clients import new_client, sign_in
from tests.conftest import PASSWORD
from tracker.auth import passwords, services
from tracker.auth.passwords import MESSAGES, check_password_policy
from tracker.extensions import db
from tracker.models import AuditEntry, User


@pytest.mark.parametrize("password, reason", [
    ("kutah-1", "short"),
    ("x" * 120 + "-long-pass", "long"),
    ("tab\there-is-1", "control"),
    ("m.ahmadi-1403", "username"),
    ("M.AHMADI", "short"),
    ("password2024!", "common"),
    ("1234567890", "common"),
    ("۱۲۳۴۵۶۷۸۹۰", "common"),
    ("ضصثقفغعهخح", "common"),
    ("Peyvand1403", "common"),
    ("ababababab12", "distinct"),
    ("onlyletters", "variety"),
    ("۹۸۷۶۵۴۳۲۱۰۵۵", "variety"),
])
def test_policy_refuses_with_a_persian_reason(password, reason):
    assert check_password_policy(password, username="m.ahmadi") == MESSAGES[reason]


@pytest.mark.parametrize("password", [
    PASSWORD, "peyvand-demo", "Tazeh-ramz-42", "correct horse battery staple", "گلاب‌خانهٔ-۱۴۰۳",
    "سیب و انار و به",
])
def test_policy_accepts_reasonable_passwords(password):
    assert check_password_policy(password, username="m.ahmadi") is None


def test_create_user_service_applies_the_policy(app, district):
    with pytest.raises(services.UserError, match="دست‌کم ۱۰ نویسه"):
        services.create_user("sara", "kutah-1", "viewer", district.id)
    with pytest.raises(services.UserError, match="نام کاربری"):
        services.create_user("sara.karimi", "Sara.Karimi-99", "viewer", district.id)
    assert db.session.scalar(select(User).where(User.username.like("sara%"))) is None


def test_the_cli_applies_the_policy(runner):
    result = runner.invoke(args=["create-user", "sara", "--role", "viewer", "--password", "qwertyuiop"])
    assert result.exit_code != 0 and MESSAGES["common"] in result.output
    assert db.session.scalar(select(User).where(User.username == "sara")) is None
    ok = runner.invoke(args=["create-user", "sara", "--role", "viewer", "--password", "Golab-ramz-1403"])
    assert ok.exit_code == 0, ok.output


def test_the_admin_create_form_applies_the_policy(app, users):
    admin = new_client(app)
    sign_in(admin, "admin")
    page = admin.post("/admin/users/new", data={"username": "reza", "role": "viewer", "department_id": "0",
                                                "password": "reza-12345"})
    assert page.status_code == 200 and MESSAGES["username"] in page.text and 'value="reza"' in page.text
    assert db.session.scalar(select(User).where(User.username == "reza")) is None


def test_the_admin_reset_form_applies_the_policy(app, users):
    admin = new_client(app)
    sign_in(admin, "admin")
    target = users["viewer"]
    before = target.password_hash
    page = admin.post(f"/admin/users/{target.id}/password", data={"password": "viewer2024!", "confirm": "viewer2024!"})
    assert page.status_code == 200 and MESSAGES["username"] in page.text
    page = admin.post(f"/admin/users/{target.id}/password", data={"password": "letmein123", "confirm": "letmein123"})
    assert MESSAGES["common"] in page.text
    db.session.refresh(target)
    assert target.password_hash == before


def test_the_admin_reset_service_applies_the_policy(app, users):
    from tracker.admin.services import AdminError, reset_password

    with pytest.raises(AdminError, match="دست‌کم ۱۰ نویسه") as error:
        reset_password(users["viewer"], users["admin"], "kutah-1")
    assert error.value.field == "password"


def test_changing_ones_own_password_applies_the_policy(app, users):
    browser = new_client(app)
    sign_in(browser, "pr_staff")
    for new, reason in (("aaaaaaaaaaaa", "distinct"), ("pr_staff-2024", "username")):
        page = browser.post("/auth/password", data={"current": PASSWORD, "new": new, "confirm": new})
        assert page.status_code == 200 and MESSAGES[reason] in page.text
    # The service refuses it too, whoever calls it.
    with pytest.raises(services.UserError) as error:
        services.change_password(users["pr_staff"], PASSWORD, "onlyletters")
    assert error.value.field == "new" and str(error.value) == MESSAGES["variety"]
    same = browser.post("/auth/password", data={"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD})
    assert "باید با گذرواژهٔ کنونی فرق داشته باشد" in same.text


def _spy(monkeypatch):
    calls = []
    real = passwords.check_password_hash

    def spy(stored, password):
        calls.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", spy)
    return calls


@pytest.mark.parametrize("username", ["pr_staff", "no-such-user", "bad\x00name", "x" * 150])
def test_one_hash_check_of_the_same_method_whether_or_not_the_user_exists(app, users, monkeypatch, username):
    calls = _spy(monkeypatch)
    page = sign_in(new_client(app), username, "wrong-password-0")
    assert page.status_code == 200 and "نام کاربری یا گذرواژه درست نیست." in page.text
    method = users["pr_staff"].password_hash.split("$", 1)[0]
    assert calls == [method]


def test_an_inactive_user_costs_the_same_hash_check(app, users, monkeypatch):
    users["viewer"].active = False
    db.session.commit()
    calls = _spy(monkeypatch)
    page = sign_in(new_client(app), "viewer")
    assert "نام کاربری یا گذرواژه درست نیست." in page.text and len(calls) == 1


def test_sign_in_audit_entries_hold_no_password_and_no_unknown_name(app, users):
    client = new_client(app, "192.0.2.5")
    sign_in(client, "pr_staff", "wrong-password-0")
    sign_in(client, "my-secret-typed-here", "wrong-password-0")
    sign_in(client, "pr_staff")
    client.post("/auth/logout")
    signs = select(AuditEntry).where(AuditEntry.action.like("sign%"))
    entries = db.session.scalars(signs.order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["sign_in_failed", "sign_in_failed", "sign_in", "sign_out"]
    assert entries[0].entity_id == users["pr_staff"].id and entries[0].after["ip"] == "192.0.2.5"
    assert entries[1].entity_id is None and entries[1].after["reason"] == "unknown_user"
    text = " ".join(str(e.after) for e in entries)
    assert "wrong-password-0" not in text and "my-secret-typed-here" not in text and PASSWORD not in text


def test_production_hashes_use_scrypt_and_the_dummy_hash_matches(app):
    app.config.pop("PASSWORD_HASH_METHOD")
    stored = passwords.hash_password("Golab-ramz-1403")
    assert stored.startswith("scrypt:")
    assert passwords._dummy_hash(passwords._method()).split("$", 1)[0] == stored.split("$", 1)[0]


def test_a_failed_sign_in_keeps_the_name_tried_when_it_cannot_be_a_password(app, users):
    client = new_client(app, "192.0.2.6")
    sign_in(client, "root", "wrong-password-0")
    sign_in(client, "manager", "wrong-password-0")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in_failed")
                                 .order_by(AuditEntry.id)).all()
    # "root" is shorter than any password the policy accepts; a known name is a username whatever its length.
    assert [e.after["username"] for e in entries] == ["root", "manager"]
    assert entries[1].entity_id == users["manager"].id
    assert "wrong-password-0" not in " ".join(str(e.after) for e in entries)
