"""Signing in and out, changing a password, and the Persian RTL shell around it."""
from tracker.extensions import db


def test_login_page_is_persian_and_rtl(client):
    page = client.get("/auth/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "ورود" in html and "bootstrap.rtl.min.css" in html
    assert "cdn" not in html.lower()


def test_assets_come_from_installed_packages(client):
    with client.get("/assets/bootstrap/css/bootstrap.rtl.min.css") as css:
        # In the RTL build "end" margins sit on the left.
        assert css.status_code == 200 and b".me-auto{margin-left:auto!important}" in css.data
    with client.get("/assets/font/NotoSansArabic%5Bwdth%2Cwght%5D.ttf") as font:
        assert font.status_code == 200 and len(font.data) > 100_000
    assert client.get("/assets/nowhere/x.css").status_code == 404


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_wrong_password_shows_persian_error_and_keeps_username(client, users):
    page = client.post("/auth/login", data={"username": "pr_staff", "password": "nope"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "نام کاربری یا گذرواژه درست نیست." in html
    assert 'value="pr_staff"' in html


def test_login_then_logout(client, auth):
    assert auth.login().status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302


def test_login_ignores_offsite_next(client, users):
    response = client.post("/auth/login?next=https://evil.example/",
                           data={"username": "pr_staff", "password": "test-password-1"})
    assert response.headers["Location"] == "/"


def test_change_password(client, auth, users):
    auth.login()
    bad = client.post("/auth/password", data={"current": "wrong", "new": "brand-new-pass", "confirm": "brand-new-pass"})
    assert "گذرواژهٔ کنونی درست نیست." in bad.get_data(as_text=True)
    short = client.post("/auth/password", data={"current": "test-password-1", "new": "short", "confirm": "short"})
    assert "دست‌کم ۱۰ نویسه" in short.get_data(as_text=True)
    ok = client.post("/auth/password",
                     data={"current": "test-password-1", "new": "brand-new-pass", "confirm": "brand-new-pass"})
    assert ok.status_code == 302
    auth.logout()
    assert auth.login(password="brand-new-pass").status_code == 302


def test_unknown_page_is_a_persian_404(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "پیدا نشد" in page.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, users):
    users["viewer"].active = False
    db.session.commit()
    page = client.post("/auth/login", data={"username": "viewer", "password": "test-password-1"})
    assert page.status_code == 200
