"""Typed text, ids and dates at every door (web forms and query strings, the API, the command line).

Each rule lives in one place (tracker.persian.text.clean_text, tracker.web.ids, the Jalali year
range of tracker.persian.dates); these tests send the same hostile value through each door and
check the user is told in Persian, nothing is written, and what is stored is clean.
"""
import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Event, Holiday, Household, Neighborhood
from tracker.models.limits import ADDRESS_MAX, ID_MAX

REFUSED = "این متن نویسهٔ کنترلی یا نویسهٔ نامعتبر دارد."
OUT_OF_YEARS = "سال باید میان ۱۳۰۰ تا ۱۵۰۰ باشد."
HUGE_IDS = (str(ID_MAX + 1), "99999999999999999999999")
INVISIBLE = ("\u200b", "\u2060", "\u202e", "\u202b", "\u2066", "\u200e", "\ufeff")


def _hood(district) -> int:
    return db.session.scalar(select(Neighborhood.id).where(Neighborhood.district_id == district.id)
                             .order_by(Neighborhood.id))


def _households() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(Household.name).order_by(Household.id)))


def _form(district, **values):
    return {"name": "علی رضایی", "category": "trustee", "neighborhood_id": str(_hood(district)), "martyr_name": "",
            "address": "", "phone": "", "national_id": "", "notes": "", **values}


def _api(tokens, role="pr_staff"):
    return {"Authorization": f"Bearer {tokens[role]}"}


# ---- web forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["علی\x00رضایی", "علی\x07رضایی", "علی\x85رضایی"])
def test_web_form_refuses_control_characters_beside_the_field(client, auth, district, bad):
    auth.login()
    page = client.post("/households/new", data=_form(district, name=bad))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and REFUSED in html and "field-error" in html
    assert _households() == []


def test_web_form_removes_bidi_and_zero_width_characters_but_keeps_zwnj(client, auth, district):
    auth.login()
    name = "".join(f"{ch}{part}" for ch, part in zip(INVISIBLE, ["مهدی", " ", "نیک", "\u200c", "نام"]))
    assert client.post("/households/new", data=_form(district, name=name, notes="یادداشت\u202eها")).status_code == 302
    assert _households() == ["مهدی نیک\u200cنام"]
    assert db.session.scalar(select(Household.notes)) == "یادداشتها"


@pytest.mark.parametrize("hidden", ["\u200b", "\u2060", "\u202e"])
def test_web_duplicate_check_sees_through_invisible_characters(client, auth, district, hidden):
    auth.login()
    assert client.post("/households/new", data=_form(district)).status_code == 302
    page = client.post("/households/new", data=_form(district, name=f"علی رضا{hidden}یی"))
    assert "شاید پیش‌تر ثبت شده باشد" in page.get_data(as_text=True)
    assert _households() == ["علی رضایی"]


def test_web_address_past_its_limit_is_refused(client, auth, district):
    auth.login()
    page = client.post("/households/new", data=_form(district, address="ب" * (ADDRESS_MAX + 1)))
    assert page.status_code == 200 and "این متن بیش از ۲۰۰۰ نویسه است." in page.get_data(as_text=True)
    huge = client.post("/households/new", data=_form(district, address="ب" * 3_000_000))
    assert huge.status_code in (200, 413) and 'lang="fa"' in huge.get_data(as_text=True)
    assert _households() == []


@pytest.mark.parametrize("day", ["9999-12-31", "0001/01/01", "1600/01/01", "1299/12/29", "1501/01/01"])
def test_web_date_outside_the_jalali_years_is_refused_beside_the_field(client, auth, district, day):
    auth.login()
    page = client.post("/events/new", data={"kind": "meeting", "status": "planned", "neighborhood_id":
                                            str(_hood(district)), "held_on": day, "title": "نشست"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "field-error" in html
    assert OUT_OF_YEARS in html or "تاریخ را به شکل" in html
    assert db.session.scalar(select(func.count(Event.id))) == 0


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_web_huge_id_in_a_path_is_not_found(client, auth, huge):
    auth.login()
    for path in (f"/households/{huge}", f"/campaigns/{huge}/edit", f"/reports/campaign/{huge}.pdf"):
        page = client.get(path)
        assert page.status_code == 404 and "پیدا نشد" in page.get_data(as_text=True)
    assert client.post(f"/households/{huge}/delete", data={"confirm": "y"}).status_code == 404


@pytest.mark.parametrize("value", [*HUGE_IDS, "²", "۱²", "-3"])
def test_web_impossible_id_in_a_query_string_is_a_persian_400(client, auth, value):
    auth.login()
    for path in ("/households/", "/households/lookup", "/events/new", "/feedback/", "/households/new"):
        page = client.get(path, query_string={"neighborhood_id": value, "campaign_id": value})
        assert page.status_code == 400, path
        assert "شناسهٔ «" in page.get_data(as_text=True)


@pytest.mark.parametrize("q", ["رضا\x00یی", "\x1b[31m"])
def test_web_control_character_in_a_query_string_is_a_persian_400(client, auth, q):
    auth.login()
    for path in ("/search/", "/households/", "/feedback/"):
        page = client.get(path, query_string={"q": q})
        assert page.status_code == 400 and REFUSED in page.get_data(as_text=True), path


def test_web_superscript_digits_in_numbers_are_not_numbers(client, auth):
    auth.login()
    assert client.get("/households/", query_string={"months": "²"}).status_code == 200
    assert client.get("/directory/officials", query_string={"department": HUGE_IDS[1]}).status_code == 200
    assert client.get("/reports/ledger", query_string={"after": HUGE_IDS[1]}).status_code == 200


# ---- the API ------------------------------------------------------------------------------

def test_api_cleans_and_refuses_text_as_the_web_does(client, tokens, district):
    body = {"category": "trustee", "neighborhood_id": _hood(district)}
    for bad in ("علی\x00رضایی", "علی\ud800رضایی", "علی\x1fرضایی"):
        answer = client.post("/api/v1/households", json={**body, "name": bad}, headers=_api(tokens))
        assert answer.status_code == 422 and answer.json["errors"]["name"] == REFUSED
    answer = client.post("/api/v1/households", json={**body, "name": "علی\u202e رضا\u200bیی\u2060"},
                         headers=_api(tokens))
    assert answer.status_code == 201 and answer.json["name"] == "علی رضایی"
    again = client.post("/api/v1/households", json={**body, "name": "علی ر\u2060ضایی"}, headers=_api(tokens))
    assert again.status_code == 409
    assert _households() == ["علی رضایی"]


@pytest.mark.parametrize("day", ["9999-12-31", "1600/01/01", "1299/12/29", "2200-01-01"])
def test_api_date_outside_the_jalali_years_is_refused(client, tokens, district, day):
    answer = client.post("/api/v1/events", json={"kind": "meeting", "neighborhood_id": _hood(district), "date": day},
                         headers=_api(tokens))
    assert answer.status_code == 422 and answer.json["errors"]["date"] in (OUT_OF_YEARS, "سال معتبر نیست.")
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_api_huge_and_superscript_ids(client, tokens):
    for huge in HUGE_IDS:
        answer = client.get(f"/api/v1/households/{huge}", headers=_api(tokens))
        assert answer.status_code == 404 and answer.is_json
        assert client.patch(f"/api/v1/events/{huge}", json={"version": 1}, headers=_api(tokens)).status_code == 404
    for value in (HUGE_IDS[0], "²"):
        answer = client.get("/api/v1/households", query_string={"neighborhood_id": value}, headers=_api(tokens))
        assert answer.status_code == 400 and "neighborhood_id" in answer.json["errors"]


def test_api_cursor_that_is_not_ours_is_refused(client, tokens):
    import base64
    import json

    for values in ([10**30], ["\x00"], [[[[1]]]]):
        cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
        answer = client.get("/api/v1/households", query_string={"after": cursor}, headers=_api(tokens))
        assert answer.status_code == 400 and answer.json["errors"]["after"]


# ---- the command line ---------------------------------------------------------------------

def _holidays():
    db.session.rollback()
    return list(db.session.scalars(select(Holiday.title).where(Holiday.title.like("%پاکبانان%"))))


@pytest.mark.parametrize("args", [
    ["holidays", "add", "1404/05/05", "روز\x00پاکبانان"],
    ["holidays", "add", "1600/01/01", "روز پاکبانان"],
    ["holidays", "add", "9999-12-31", "روز پاکبانان"],
    ["holidays", "add", "1404/05/05", "روز پاکبانان " + "ب" * 300],
])
def test_cli_refuses_what_the_web_refuses(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "نویسه" in result.output or "سال" in result.output
    assert _holidays() == []


def test_cli_cleans_text_and_refuses_impossible_ids(runner, users):
    assert runner.invoke(args=["holidays", "add", "1404/05/05", "روز\u202e پاکبانان\u200b"]).exit_code == 0
    assert _holidays() == ["روز پاکبانان"]
    for args in (["holidays", "edit", HUGE_IDS[1], "--title", "x"], ["holidays", "list", "99999999999"],
                 ["feedback-action", HUGE_IDS[0], "start", "--user", "admin"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), args
    result = runner.invoke(args=["create-user", "sara", "--role", "viewer", "--password", "Golestan-Kooche-1404",
                                 "--full-name", "سارا\x00"])
    assert result.exit_code == 2 and REFUSED in result.output
