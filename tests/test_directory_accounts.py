"""An official linked to their own account: the link on the official's form, and the "my commitments" page."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.factories import other_district
from tests.test_events_views import _event, place  # noqa: F401  (a fixture)
from tracker.auth.services import create_user
from tracker.directory.services import DirectoryError, delete_official, update_official
from tracker.extensions import db
from tracker.models import AuditEntry, Commitment, FeedbackItem, Official, User
from tracker.models.choices import FEEDBACK_STATUSES
from tracker.persian.dates import today_tehran


def _edit(client, official, **values):
    data = {"name": official.name, "title": official.title, "department_id": "", **values}
    return client.post(f"/directory/officials/{official.id}/edit", data=data)


def _accounts(page: str) -> str:
    """Return the account select of the official form."""
    assert "حساب کاربری خود مدیر" in page
    return page.split('id="user_id"')[1].split("</select>")[0]


def test_pr_links_an_official_to_an_account_of_the_district(client, auth, place, users):  # noqa: F811
    auth.login("pr_staff")
    mayor, manager = place["mayor"], users["manager"]
    form = _accounts(client.get(f"/directory/officials/{mayor.id}/edit").get_data(as_text=True))
    assert f'<option value="{manager.id}">' in form
    assert _edit(client, mayor, user_id=str(manager.id)).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, manager.id).official_id == mayor.id
    page = client.get(f"/directory/officials/{mayor.id}").get_data(as_text=True)
    assert "حساب کاربری: <bdi dir=\"ltr\">manager</bdi>" in page
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "official", AuditEntry.action == "update"))
    # The edit form shows the link; the account is no longer offered for another official.
    again = _accounts(client.get(f"/directory/officials/{mayor.id}/edit").get_data(as_text=True))
    assert f'<option selected value="{manager.id}">' in again or f'<option value="{manager.id}" selected>' in again
    other = _accounts(client.get(f"/directory/officials/{place['deputy'].id}/edit").get_data(as_text=True))
    assert f'<option value="{manager.id}">' not in other
    # Unlinked again by choosing none.
    assert _edit(client, mayor, user_id="").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, manager.id).official_id is None


def test_an_account_of_another_official_or_district_is_refused_beside_the_field(client, auth, place, users):  # noqa: F811
    mayor, deputy, manager = place["mayor"], place["deputy"], users["manager"]
    manager.official_id = deputy.id
    elsewhere = other_district()
    stranger = create_user("stranger", "test-password-1", "manager", elsewhere.district.id)
    db.session.commit()
    auth.login("admin")
    for user_id in (manager.id, stranger.id):
        page = _edit(client, mayor, user_id=str(user_id)).get_data(as_text=True)
        beside = page.split('id="user_id"')[1].split('class="mb-3')[0]
        assert "حساب کاربری را از فهرست انتخاب کنید." in beside
    db.session.expire_all()
    assert db.session.get(User, manager.id).official_id == deputy.id
    assert db.session.get(User, stranger.id).official_id is None
    # The service refuses them too, whatever door it is called from.
    with pytest.raises(DirectoryError, match="مدیر دیگری"):
        update_official(mayor, {"name": mayor.name, "title": mayor.title, "user_id": manager.id})
    db.session.rollback()
    with pytest.raises(DirectoryError, match="این منطقه نیست"):
        update_official(mayor, {"name": mayor.name, "title": mayor.title, "user_id": stranger.id})
    db.session.rollback()


def test_one_account_stands_for_one_official_in_the_database(place, users):  # noqa: F811
    users["manager"].official_id = place["mayor"].id
    users["viewer"].official_id = place["mayor"].id
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_an_official_unlinks_their_account(place, users):  # noqa: F811
    users["manager"].official_id = place["mayor"].id
    db.session.commit()
    delete_official(place["mayor"])
    db.session.commit()
    assert db.session.get(User, users["manager"].id).official_id is None


def _visit_with_outcomes(place, district):  # noqa: F811
    """A visit the mayor attended (two items, one answered; a promise of each official) and one he missed."""
    mayor, deputy = place["mayor"], place["deputy"]
    attended = _event(place, status="done", minutes="دیدار انجام شد", title="دیدار با خانوادهٔ رضایی",
                      officials=[mayor, deputy], households=[place["home"]])
    missed = _event(place, status="done", minutes="جلسه", title="جلسهٔ دیگر", officials=[deputy])
    today = today_tehran()
    answered = FeedbackItem(district_id=district.id, event_id=attended.id, kind="criticism",
                            text="چراغ کوچه خاموش است", received_on=date(2025, 7, 5), status="answered",
                            response="لامپ‌ها تعویض شد")
    waiting = FeedbackItem(district_id=district.id, event_id=attended.id, kind="request",
                           text="پارک محله نیمکت ندارد", received_on=date(2025, 7, 5))
    elsewhere = FeedbackItem(district_id=district.id, event_id=missed.id, kind="request",
                             text="درخواست جلسهٔ دیگر", received_on=date(2025, 7, 5))
    promises = [
        Commitment(district_id=district.id, event_id=attended.id, official_id=mayor.id, text="پیگیری روشنایی",
                   due_on=today - timedelta(days=3)),
        Commitment(district_id=district.id, event_id=attended.id, official_id=deputy.id, text="نیمکت پارک",
                   due_on=today + timedelta(days=10)),
        Commitment(district_id=district.id, event_id=missed.id, official_id=deputy.id, text="تعهد جلسهٔ دیگر",
                   due_on=today + timedelta(days=10)),
    ]
    db.session.add_all([answered, waiting, elsewhere, *promises])
    db.session.commit()


@pytest.mark.parametrize("role", ["admin", "pr_staff", "manager", "viewer"])
def test_a_linked_official_sees_their_commitments_and_their_visits_feedback(client, auth, place, users,  # noqa: F811
                                                                            district, role):
    _visit_with_outcomes(place, district)
    users[role].official_id = place["mayor"].id
    db.session.commit()
    auth.login(role)
    page = client.get("/me").get_data(as_text=True)
    mine = page.split('id="my-commitments"')[1].split('id="my-feedback"')[0]
    assert "پیگیری روشنایی" in mine and "(سررسیدگذشته)" in mine
    assert "نیمکت پارک" in mine  # promised by the deputy at a visit the mayor attended
    assert "تعهد جلسهٔ دیگر" not in page
    heard = page.split('id="my-feedback"')[1]
    assert "چراغ کوچه خاموش است" in heard and "لامپ‌ها تعویض شد" in heard
    assert FEEDBACK_STATUSES["answered"] in heard
    assert "پارک محله نیمکت ندارد" in heard and "درخواست جلسهٔ دیگر" not in page
    # A viewer reads the outcomes but gets no links to pages closed to them.
    assert ('href="/feedback/' in heard) == (role != "viewer")


def test_an_unlinked_account_is_told_how_to_be_linked(client, auth, place, users):  # noqa: F811
    auth.login("manager")
    page = client.get("/me").get_data(as_text=True)
    assert 'id="not-linked"' in page and "my-commitments" not in page
    assert "/me" in client.get("/auth/account").get_data(as_text=True)


def test_a_link_to_another_districts_official_shows_nothing(client, auth, district, users):
    elsewhere = other_district()
    foreign = Official(district_id=elsewhere.district.id, name="مهندس بیگانه", title="شهردار منطقه ۲۲")
    db.session.add(foreign)
    db.session.flush()
    users["manager"].official_id = foreign.id  # set behind the forms' back
    db.session.commit()
    auth.login("manager")
    page = client.get("/me").get_data(as_text=True)
    assert 'id="not-linked"' in page and "مهندس بیگانه" not in page
