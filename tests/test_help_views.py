"""The help page: every signed-in role reads it, each step of the day has its section and its screenshot."""
import re

import pytest

from tracker.help.views import SHOTS

SECTIONS = ("planning", "visit", "inbox", "closing", "reports", "import")


@pytest.mark.parametrize("role", ["admin", "pr_staff", "manager", "viewer"])
def test_every_role_reads_the_help_and_finds_it_in_the_menu(client, auth, role):
    auth.login(role)
    page = client.get("/help/").get_data(as_text=True)
    assert '<h1 class="h3 mb-2">راهنمای روز کاری روابط عمومی</h1>' in page
    assert re.search(r'<a class="nav-link[^"]*"[^>]*href="/help/"[^>]*>راهنما</a>', page), "no menu item"
    for section in SECTIONS:
        assert f'<section id="{section}"' in page and f'href="#{section}"' in page


def test_every_screenshot_is_shown_and_served(client, auth):
    auth.login("viewer")
    page = client.get("/help/").get_data(as_text=True)
    sources = re.findall(r'<img class="figure-img[^"]*"\s+src="([^"]+)"\s+alt="([^"]+)"', page)
    assert [re.search(r"help/(\w+)\.png", src).group(1) for src, _ in sources] == list(SHOTS)
    for src, alt in sources:
        image = client.get(src)
        data = image.get_data()
        image.close()
        assert image.status_code == 200 and image.mimetype == "image/png", src
        assert data.startswith(b"\x89PNG") and alt


def test_the_help_asks_for_a_sign_in(client):
    response = client.get("/help/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
