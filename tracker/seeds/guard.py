"""Keep the demo, with its published password, out of a database that holds real data."""
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from tracker.extensions import db
from tracker.models import Campaign, Event, FeedbackItem, Household, Official, User
from tracker.seeds.demo import CAMPAIGN_TITLE, DEMO_PASSWORD, DEMO_USERS

SHOWN_NAMES = 5


class DemoRefused(Exception):
    """The database holds data the demo did not make; str() says what and how to override."""


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _real_users() -> list[str]:
    """Return the usernames the demo did not make (a demo name with another password counts as real)."""
    demo_names = {username for username, *_ in DEMO_USERS}
    return [
        user.username for user in db.session.scalars(select(User).order_by(User.id))
        if user.username not in demo_names or not check_password_hash(user.password_hash, DEMO_PASSWORD)
    ]


def foreign_data() -> list[str]:
    """Describe what the database holds that the demo did not make; empty when the demo may run."""
    found = []
    users = _real_users()
    if users:
        more = ", ..." if len(users) > SHOWN_NAMES else ""
        found.append(f"{len(users)} user(s) the demo did not make ({', '.join(users[:SHOWN_NAMES])}{more})")
    campaigns = _count(Campaign, Campaign.title != CAMPAIGN_TITLE)
    if campaigns:
        found.append(f"{campaigns} campaign(s) other than the demo's")
    if not _count(Campaign, Campaign.title == CAMPAIGN_TITLE):
        # Without the demo's campaign, the demo has not run here: every record is someone's work.
        for model, label in ((Household, "household(s)"), (Event, "event(s)"),
                             (FeedbackItem, "feedback item(s)"), (Official, "official(s)")):
            count = _count(model)
            if count:
                found.append(f"{count} {label}")
    return found


def check_demo_allowed() -> None:
    """Raise DemoRefused unless the database holds nothing but reference data and the demo's own."""
    found = foreign_data()
    if found:
        raise DemoRefused(
            f"This database already holds data the demo did not make: {'; '.join(found)}. "
            "seed-demo adds accounts with a published password, so it only fills an empty database. "
            "To load the demo here anyway, run `flask --app app seed-demo --force`.\n"
            "این پایگاه داده پیش‌تر کاربران یا داده‌هایی دارد که داده‌های نمایشی نساخته‌اند؛ "
            "داده‌های نمایشی با گذرواژهٔ همگانی فقط در پایگاه دادهٔ خالی ساخته می‌شوند. "
            "برای ساختن آن‌ها در همین پایگاه داده، فرمان را با ‎--force‎ اجرا کنید."
        )
