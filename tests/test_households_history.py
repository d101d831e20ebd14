"""A household's page tells its whole story: visits, what the family said and what came of it, calls, promises."""
from datetime import timedelta

from sqlalchemy import event as sa_event, select

from tests.factories import first_topic
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import Event, Household, Neighborhood, Official
from tracker.persian.dates import today_tehran


def story(district, users):
    hood = db.session.scalars(select(Neighborhood)).first()
    home = Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                     name="خانواده رضایی", phone="09121234567", national_id="0013542419")
    mayor = Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه")
    visit = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="done",
                  held_on=today_tehran() - timedelta(days=5), minutes="دیدار انجام شد.", title="دیدار نوروزی")
    visit.households, visit.officials = [home], [mayor]
    db.session.add(visit)
    db.session.flush()
    topic = first_topic(district)
    users["manager"].department_id = topic.department_id
    closed = services.create_feedback(visit, kind="criticism", text="چراغ کوچه خاموش است", topic=topic,
                                      household=home, actor=users["pr_staff"])
    services.answer(closed, response="تیر چراغ تعمیر شد", actor=users["manager"])
    services.log_contact(closed, channel="phone", outcome="no_answer", actor=users["pr_staff"])
    services.close(closed, satisfaction="satisfied", channel="phone", outcome="reached", actor=users["pr_staff"])
    waiting = services.create_feedback(visit, kind="request", text="پیاده‌رو ترمیم شود", topic=topic,
                                       household=home, actor=users["pr_staff"])
    promise = services.create_commitment(visit, official=mayor, household=home, text="نصب سرعت‌گیر",
                                         due_on=today_tehran() - timedelta(days=1))
    db.session.commit()
    return home, closed, waiting, promise


def test_the_page_shows_outcomes_contacts_and_commitments_as_links(client, auth, district, users):
    home, closed, waiting, promise = story(district, users)
    auth.login("manager")
    html = client.get(f"/households/{home.id}").get_data(as_text=True)
    feedback = html.split('id="feedback"')[1].split("</table>")[0]
    row = feedback.split(f'data-item="{closed.id}"')[1].split("</tr>")[0]
    assert f'href="/feedback/{closed.id}"' in row
    assert "بسته‌شده" in row and "تیر چراغ تعمیر شد" in row and "راضی" in row
    pending = feedback.split(f'data-item="{waiting.id}"')[1].split("</tr>")[0]
    assert "ارجاع‌شده" in pending and "مهلت" in pending
    contacts = html.split('id="contacts"')[1].split("</table>")[0]
    assert contacts.count("<tr>") == 3  # the header, a call not answered, and the call that closed it
    assert "پاسخ نداد" in contacts and "اطلاع داده شد" in contacts and "راضی" in contacts
    assert f'href="/feedback/{closed.id}"' in contacts
    commitments = html.split('id="commitments"')[1].split("</table>")[0]
    assert f'href="/feedback/commitments/{promise.id}"' in commitments and "(گذشته)" in commitments
    assert "مهندس علیرضا نادری" in html.split('id="visits"')[1].split("</table>")[0]
    assert "۰۹۱۲۱۲۳۴۵۶۷" in html  # managers read personal fields, as before; viewers never reach the page
    auth.logout()
    auth.login("viewer")
    assert client.get(f"/households/{home.id}").status_code == 403


def test_the_history_does_not_run_a_query_per_row(client, auth, district, users):
    home, *_ = story(district, users)
    auth.login("pr_staff")

    def statements():
        db.session.expire_all()  # as in a fresh request: nothing already loaded
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/households/{home.id}").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    visit = db.session.scalars(select(Event)).first()
    for i in range(6):
        item = services.create_feedback(visit, kind="request", text=f"مورد {i}", topic=first_topic(district),
                                        household=home, actor=users["pr_staff"])
        services.answer(item, response="انجام شد", actor=users["manager"])
        services.log_contact(item, channel="sms", outcome="reached", actor=users["pr_staff"])
    db.session.commit()
    assert statements() == few
