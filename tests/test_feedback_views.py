"""Feedback pages: list, detail actions by role, inbox, to-inform, commitments, digest."""
from datetime import date, timedelta

from sqlalchemy import select

from tests.factories import first_topic, make_event
from tests.factories import other_district
from tracker.extensions import db
from tracker.feedback import services
from tracker.feedback.digest import build_digest
from tracker.models import Department, FeedbackItem, Official
from tracker.persian.dates import today_tehran
from tracker.reports.queries import sla_compliance
from tracker.workcalendar import work_calendar


def referred_item(district, users, text="چاله در خیابان اصلی", days_ago=30):
    received = today_tehran() - timedelta(days=days_ago)
    event = make_event(district, held_on=received)
    item = services.create_feedback(event, kind="criticism", text=text, topic=first_topic(district))
    services.refer(item, referred_on=received)
    users["manager"].department_id = item.department_id
    db.session.commit()
    return item


def test_viewer_gets_403_everywhere(client, auth, district, users):
    item = referred_item(district, users)
    auth.login("viewer")
    for url in ("/feedback/", f"/feedback/{item.id}", "/feedback/inbox", "/feedback/to-inform",
                "/feedback/commitments"):
        assert client.get(url).status_code == 403
    assert client.post(f"/feedback/{item.id}/refer").status_code == 403


def test_list_filters_and_marks_overdue(client, auth, district, users):
    item = referred_item(district, users, text="درخت خشک کوچه")
    referred_item(district, users, text="پیشنهاد جشن محله", days_ago=0)
    auth.login("pr_staff")
    html = client.get("/feedback/?q=درخت").get_data(as_text=True)
    assert "درخت خشک کوچه" in html and "پیشنهاد جشن محله" not in html
    assert "table-danger overdue" in html and "سررسیدگذشته" in html
    html = client.get("/feedback/?status=overdue").get_data(as_text=True)
    assert "درخت خشک کوچه" in html and "پیشنهاد جشن محله" not in html
    response = client.get("/feedback/?date_from=1403/13/40&q=درخت")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1403/13/40" in html and "field-error" in html
    # A filter with an error lists nothing until it is fixed.
    assert f'href="/feedback/{item.id}"' not in html and "فیلتر ایراد دارد" in html


def test_manager_answers_from_inbox_and_pr_closes(client, auth, district, users):
    item = referred_item(district, users)
    auth.login("manager")
    html = client.get("/feedback/inbox").get_data(as_text=True)
    assert "سررسیدگذشته" in html and "روز کاری تأخیر" in html and "چاله در خیابان اصلی" in html
    assert client.post(f"/feedback/{item.id}/start", data={"version": item.version}).status_code == 302
    response = client.post(f"/feedback/{item.id}/answer", data={"response": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'field-error">متن پاسخ را بنویسید.' in html  # beside the answer box, from the service
    assert client.post(f"/feedback/{item.id}/answer",
                       data={"response": "آسفالت هفتهٔ آینده ترمیم می‌شود"}).status_code == 302
    assert client.post(f"/feedback/{item.id}/close", data={}).status_code == 404
    auth.logout()
    auth.login("pr_staff")
    assert "آسفالت هفتهٔ آینده" in client.get("/feedback/to-inform").get_data(as_text=True)
    response = client.post(f"/feedback/{item.id}/contact",
                           data={"channel": "phone", "outcome": "reached", "close": "y",
                                 "comment": "خانواده در جریان قرار گرفت"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "رضایت شهروند را مشخص کنید" in html
    assert "خانواده در جریان قرار گرفت" in html  # input kept
    response = client.post(f"/feedback/{item.id}/contact", follow_redirects=True,
                           data={"channel": "phone", "outcome": "reached", "close": "y",
                                 "satisfaction": "satisfied"})
    html = response.get_data(as_text=True)
    assert "تماس ثبت و بازخورد بسته شد." in html and "بسته‌شده" in html
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "closed"


def test_manager_of_other_department_gets_403(client, auth, district, users):
    item = referred_item(district, users)
    other = db.session.scalars(select(Department).where(
        Department.district_id == district.id, Department.id != item.department_id)).first()
    users["manager"].department_id = other.id
    db.session.commit()
    auth.login("manager")
    assert client.post(f"/feedback/{item.id}/start").status_code == 403
    assert client.post(f"/feedback/{item.id}/refer", data={"department": other.id}).status_code == 403
    assert "چاله در خیابان اصلی" not in client.get("/feedback/inbox").get_data(as_text=True)


def test_illegal_move_shows_persian_error(client, auth, district, users):
    item = referred_item(district, users)
    auth.login("admin")
    response = client.post(f"/feedback/{item.id}/contact",
                           data={"channel": "sms", "outcome": "reached", "comment": "پیامک فرستاده شد"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "پس از پاسخ معاونت" in html and "پیامک فرستاده شد" in html
    stale = client.post(f"/feedback/{item.id}/reject", data={"reason": "duplicate", "version": "99"})
    assert stale.status_code == 409 and "کس دیگری" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "referred"


def test_refer_form_prefills_topic_department_and_answer_template(client, auth, district, users):
    event = make_event(district)
    topic = first_topic(district)
    topic.response_template = "با سلام، درخواست شما بررسی شد."
    item = services.create_feedback(event, kind="request", text="نیمکت پارک", topic=topic)
    db.session.commit()
    auth.login("admin")
    html = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert f'<option selected value="{topic.department_id}">' in html
    services.refer(item, referred_on=event.held_on)
    services.start(item)
    db.session.commit()
    assert "با سلام، درخواست شما بررسی شد." in client.get(f"/feedback/{item.id}").get_data(as_text=True)


def test_other_district_item_is_404(client, auth, district, users):
    from tracker.auth.services import create_user

    item = referred_item(district, users)
    other = other_district().district
    db.session.flush()
    create_user("pr22", "test-password-1", "pr_staff", other.id)
    db.session.commit()
    auth.login("pr22")
    assert client.get(f"/feedback/{item.id}").status_code == 404
    assert client.post(f"/feedback/{item.id}/reject", data={"reason": "duplicate"}).status_code == 404


def test_commitment_done_needs_evidence_in_ui(client, auth, district, users):
    event = make_event(district, held_on=today_tehran() - timedelta(days=60))
    official = Official(district_id=district.id, name="مهندس کریمی", title="معاون فنی")
    db.session.add(official)
    db.session.flush()
    c = services.create_commitment(event, official=official, text="روشنایی کوچه ظرف یک ماه",
                                   due_on=event.held_on + timedelta(days=30))
    db.session.commit()
    auth.login("pr_staff")
    html = client.get("/feedback/commitments?status=overdue").get_data(as_text=True)
    assert "روشنایی کوچه ظرف یک ماه" in html and "table-danger overdue" in html
    response = client.post(f"/feedback/commitments/{c.id}", data={"status": "done", "evidence": ""})
    assert response.status_code == 400 and "مستندات" in response.get_data(as_text=True)
    response = client.post(f"/feedback/commitments/{c.id}",
                           data={"status": "done", "evidence": "عکس تیرهای روشن"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(c), c.id).status == "done"


def test_sla_compliance_matches_hand_count(app, district, users):
    today = date(2025, 6, 1)
    topic = first_topic(district)
    calendar = work_calendar(district)

    def item(received, answered_after=None):
        event = make_event(district, held_on=received)
        it = services.create_feedback(event, kind="request", text="مورد", topic=topic)
        services.refer(it, referred_on=received)
        if answered_after is not None:
            services.start(it)
            services.answer(it, response="پاسخ",
                            answered_on=calendar.add(received, answered_after))
        return it

    sla = topic.sla_days
    item(date(2025, 4, 1), answered_after=sla)      # on the deadline: on time
    item(date(2025, 4, 2), answered_after=1)        # early: on time
    item(date(2025, 4, 5), answered_after=sla + 3)  # late
    item(date(2025, 5, 20))                         # open and overdue by 1 June
    item(date(2025, 5, 31))                         # open, not yet due
    db.session.commit()
    [row] = [r for r in sla_compliance(district.id, today=today) if r.department_id == topic.department_id]
    assert (row.answered, row.on_time, row.open_overdue) == (3, 2, 1)
    assert row.percent == 66.7
    [april] = [r for r in sla_compliance(district.id, date(2025, 4, 1), date(2025, 4, 30), today=today)
               if r.department_id == topic.department_id]
    assert (april.answered, april.open_overdue) == (3, 0)


def test_digest_lists_departments_and_overdue_items(app, district, users, runner, tmp_path):
    item = referred_item(district, users, text="فاضلاب کوچه سرریز است")
    text = build_digest(district)
    assert item.department.name in text and "فاضلاب کوچه سرریز است" in text
    assert "روز کاری تأخیر" in text
    from tracker.feedback.digest import digest_command

    out = tmp_path / "digest.txt"
    result = runner.invoke(digest_command, ["--department", item.department.name, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "فاضلاب کوچه سرریز است" in out.read_text(encoding="utf-8")
    result = runner.invoke(digest_command, ["--department", "معاونت ناموجود"])
    assert result.exit_code != 0 and "پیدا نشد" in result.output


def test_list_offers_campaigns_in_its_filter(client, auth, district, runner):
    # The list broke with a 500 once a campaign existed; the filter shows campaigns by title.
    runner.invoke(args=["seed-demo", "--force"])
    auth.login("pr_staff")
    page = client.get("/feedback/")
    assert page.status_code == 200
    assert "شهر ما، خانهٔ ما" in page.get_data(as_text=True)
