"""The dashboard and the navigation bar."""
import re

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Event, Neighborhood


def test_dashboard_shows_every_neighborhood_and_the_plan(client, auth, runner):
    assert runner.invoke(args=["seed-demo", "--force"]).exit_code == 0
    auth.login("pr_staff")
    page = client.get("/").get_data(as_text=True)
    for name in db.session.scalars(select(Neighborhood.name)):
        assert name in page
    planned = db.session.scalar(select(func.count()).select_from(Event).where(Event.status == "planned"))
    assert planned > 0
    assert 'id="week-plan"' in page and "دیدار با خانوادهٔ" in page
    assert 'id="unvisited"' in page and 'id="commitments"' in page
    # Numbers are shown in Persian digits.
    assert "۱۳" in page or "۴" in page


def test_dashboard_marks_neighborhoods_without_visits(client, auth, runner):
    runner.invoke(args=["seed-demo", "--force"])
    gone = db.session.scalar(select(Neighborhood).order_by(Neighborhood.id))
    for event in db.session.scalars(select(Event).where(Event.neighborhood_id == gone.id)):
        event.deleted_at = func.now()
    db.session.commit()
    auth.login("pr_staff")
    page = client.get("/").get_data(as_text=True)
    assert "بدون دیدار" in page and "۱ محله هنوز دیداری نداشته است" in page


def test_manager_sees_only_their_departments_feedback(client, auth, users, runner):
    runner.invoke(args=["seed-demo", "--force"])
    from tracker.models import Department, FeedbackItem

    mine = db.session.scalar(select(Department).where(Department.name == "معاونت خدمات شهری و محیط زیست"))
    users["manager"].department_id = mine.id
    db.session.commit()
    auth.login("manager")
    page = client.get("/").get_data(as_text=True)
    other_texts = db.session.scalars(select(FeedbackItem.text).where(
        FeedbackItem.department_id != mine.id, FeedbackItem.status.in_(["referred", "in_progress"]))).all()
    own_texts = db.session.scalars(select(FeedbackItem.text).where(FeedbackItem.department_id == mine.id)).all()
    assert mine.name in page
    assert not any(t[:40] in page for t in other_texts if t not in own_texts)


def test_viewer_lands_on_the_reports(client, auth):
    auth.login("viewer")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/reports/")
    page = client.get("/reports/").get_data(as_text=True)
    assert 'id="open-feedback"' not in page and "گزارش" in page
    # The viewer's navigation offers reports and exports, not the operational areas.
    assert 'href="/reports/"' in page and 'href="/households/"' not in page


def test_nav_lights_only_the_current_item(client, auth):
    auth.login("manager")
    page = client.get("/feedback/inbox").get_data(as_text=True)
    lit = re.findall(r'<a class="nav-link[^"]*\bactive\b[^"]*" href="([^"]*)"', page)
    assert lit == ["/feedback/inbox"]
