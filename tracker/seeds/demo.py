"""Demo data: a Municipality Day campaign with visits in every neighborhood, in our own words."""
import random
from datetime import date, datetime, time, timedelta

import jdatetime

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tracker.extensions import db
from tracker.feedback.deadlines import compute_due_on
from tracker.models import (
    Campaign, CampaignTarget, Commitment, Department, District, Event, FeedbackItem,
    FeedbackUpdate, Household, Neighborhood, Official, Phase, Topic, User,
)
from tracker.workcalendar import work_calendar
from tracker.persian.dates import jalali_year_month, today_tehran

DEMO_PASSWORD = "peyvand-demo"
CAMPAIGN_TITLE = "پویش «شهر ما، خانهٔ ما»"
DEMO_USERS = [
    ("admin", "admin", "مدیر سامانه", None),
    ("pr", "pr_staff", "مریم کاظمی (روابط عمومی)", None),
    ("manager", "manager", "حسین مرادی (خدمات شهری)", "معاونت خدمات شهری و محیط زیست"),
    ("viewer", "viewer", "بینندهٔ گزارش", None),
]

FIRST = ["علی", "محمد", "حسین", "رضا", "مهدی", "فاطمه", "زهرا", "مریم", "معصومه", "سکینه",
         "ابراهیم", "یوسف", "کاظم", "اکبر", "پروین", "ژیلا", "گلاره", "چنگیز", "پرویز", "کبری"]
LAST = ["رضایی", "کریمی", "محمدی", "حسینی", "یزدانی", "کیانی", "پاکزاد", "چراغی", "ژاله‌وند",
        "گودرزی", "نیک‌پور", "عبدالهی", "شکوهی", "بیگی", "قربانی", "یگانه", "اکبری", "صادقی"]
OFFICIALS = [
    ("مهندس علیرضا نادری", "شهردار منطقه", None),
    ("دکتر سعید فرهمند", "معاون امور اجتماعی و فرهنگی", "معاونت امور اجتماعی و فرهنگی"),
    ("مهندس حسین مرادی", "معاون خدمات شهری و محیط زیست", "معاونت خدمات شهری و محیط زیست"),
    ("مهندس پیمان کریمی", "معاون فنی و عمرانی", "معاونت فنی و عمرانی"),
    ("مهندس ژیلا یزدانی", "معاون حمل‌ونقل و ترافیک", "معاونت حمل‌ونقل و ترافیک"),
    ("آقای مجید صالحی", "معاون توسعه منابع انسانی", "معاونت توسعه منابع انسانی"),
    ("خانم نرگس امینی", "مدیر روابط عمومی", "اداره روابط عمومی"),
    ("آقای رضا چگینی", "شهردار ناحیه ۱", None),
    ("آقای کاظم بیگی", "شهردار ناحیه ۲", None),
    ("آقای مهدی گلزاری", "شهردار ناحیه ۳", None),
]
# (kind, topic, text) heard on visits; written for the demo.
FEEDBACK = [
    ("criticism", "روشنایی معابر",
     "چراغ‌های کوچهٔ پشت مسجد چند هفته است خاموش مانده و شب‌ها رفت‌وآمد سالمندان سخت شده است."),
    ("request", "آسفالت، جدول و پیاده‌رو", "پیاده‌روی جلوی منزل پس از حفاری گاز ترمیم نشده و ویلچر از آن رد نمی‌شود."),
    ("suggestion", "فضای سبز و بوستان", "پیشنهاد می‌شود در بوستان محله وسایل ورزشی ویژهٔ سالمندان نصب شود."),
    ("criticism", "پسماند و نظافت محله", "مخزن زباله سر کوچه دیر تخلیه می‌شود و بوی آن همسایه‌ها را آزار می‌دهد."),
    ("suggestion", "برنامه‌های فرهنگی و مذهبی", "برگزاری یادوارهٔ شهدای محله در مسجد با حضور نوجوانان پیشنهاد شد."),
    ("appreciation", "سایر موضوعات", "از پیگیری شهرداری برای بازسازی سرای محله قدردانی کردند."),
    ("request", "ترافیک و پارکینگ", "نصب سرعت‌گیر در خیابان اصلی نزدیک مدرسه درخواست شد."),
    ("criticism", "حمل‌ونقل عمومی", "فاصلهٔ حرکت اتوبوس‌های خط محله در ساعت‌های شلوغ زیاد است."),
    ("request", "خدمات اجتماعی و سلامت", "درخواست برگزاری کلاس‌های آموزش کمک‌های اولیه در سرای محله."),
    ("suggestion", "ترافیک و پارکینگ", "پیشنهاد شد ورودی کوچه یک‌طرفه شود تا گره ترافیکی عصرها باز شود."),
    ("criticism", "ساخت‌وساز و پروانه", "نخاله‌های ساختمان نیمه‌کاره ماه‌هاست در کوچه رها شده است."),
    ("appreciation", "فضای سبز و بوستان", "از کاشت درختان تازه در بلوار قدردانی شد."),
]
COMMITMENTS = [
    "روشنایی کوچه تا یک ماه دیگر درست می‌شود.",
    "ترمیم پیاده‌روی جلوی منزل در برنامهٔ همین فصل قرار می‌گیرد.",
    "برای یادوارهٔ شهدای محله، سرای محله در اختیار خانواده‌ها قرار می‌گیرد.",
    "کارشناس ترافیک برای بررسی سرعت‌گیر به محل می‌آید.",
]


def _national_id(rng: random.Random) -> str:
    while True:
        body = [rng.randint(0, 9) for _ in range(9)]
        if len(set(body)) > 1:
            break
    r = sum(d * w for d, w in zip(body, range(10, 1, -1))) % 11
    return "".join(map(str, body)) + str(r if r < 2 else 11 - r)


def _campaign_start(today: date) -> date:
    """Return 1 Tir of the latest Jalali year whose Municipality Day lies a month or more behind."""
    year = jalali_year_month(today)[0]
    start = jdatetime.date(year, 4, 1).togregorian()
    if start > today - timedelta(days=30):
        start = jdatetime.date(year - 1, 4, 1).togregorian()
    return start


def seed_demo(district: District, today: date | None = None) -> dict[str, int]:
    """Fill the district with a believable campaign; refuse if it already has one."""
    today = today or today_tehran()
    if db.session.scalar(select(Campaign.id).where(Campaign.district_id == district.id)):
        return {"skipped": 1}
    rng = random.Random(1405)
    calendar = work_calendar(district)
    departments = {d.name: d for d in db.session.scalars(
        select(Department).where(Department.district_id == district.id))}
    topics = {t.name: t for t in db.session.scalars(select(Topic).where(Topic.district_id == district.id))}
    neighborhoods = list(db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)))

    users = {}
    for username, role, full_name, dept in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, role=role, full_name=full_name, district_id=district.id,
                        password_hash=generate_password_hash(DEMO_PASSWORD),
                        department_id=departments[dept].id if dept else None)
            db.session.add(user)
        users[username] = user
    officials = []
    for name, title, dept in OFFICIALS:
        official = Official(district_id=district.id, name=name, title=title,
                            department_id=departments[dept].id if dept else None)
        db.session.add(official)
        officials.append(official)
    db.session.flush()

    start = _campaign_start(today)
    phase2_start = start + timedelta(days=13)  # 14 Tir, Municipality Day
    end = today + timedelta(days=45)
    campaign = Campaign(district_id=district.id, title=CAMPAIGN_TITLE,
                        occasion="روز شهرداری‌ها و دهیاری‌ها (۱۴ تیر)", status="active",
                        starts_on=start, ends_on=end,
                        goals="دیدار مدیران با خانواده‌های شهدا و معتمدان همهٔ محله‌ها و شنیدن پیشنهادها و انتقادها.")
    campaign.phases = [
        Phase(number=1, title="تبلیغات محیطی", starts_on=start, ends_on=phase2_start - timedelta(days=1)),
        Phase(number=2, title="دیدار با خانواده‌های شهدا و معتمدان", starts_on=phase2_start, ends_on=end),
    ]
    db.session.add(campaign)
    db.session.flush()
    phase1, phase2 = campaign.phases

    households_by_nb = {}
    for nb in neighborhoods:
        homes = []
        categories = ["martyr_family"] * 4 + ["trustee"] * 3 + ["veteran", "council_member", "citizen", "citizen"]
        for i, category in enumerate(categories):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            home = Household(
                district_id=district.id, neighborhood_id=nb.id, category=category,
                name=f"{first} {last}",
                martyr_name=f"{rng.choice(FIRST[:5] + FIRST[10:13])} {last}" if category == "martyr_family" else None,
                address=f"{nb.name}، خیابان {rng.choice(['بهار', 'لاله', 'نسترن', 'شقایق', 'یاس'])}، "
                        f"کوچهٔ {rng.randint(1, 24)}، پلاک {rng.randint(1, 90)}",
                phone=f"09{rng.randint(10, 39)}{rng.randint(1000000, 9999999)}",
                national_id=_national_id(rng) if i % 3 else None,
                publicity_consent=rng.random() < 0.4,
            )
            db.session.add(home)
            homes.append(home)
        households_by_nb[nb.id] = homes
        for category, count in (("martyr_family", 4), ("trustee", 3)):
            db.session.add(CampaignTarget(campaign_id=campaign.id, neighborhood_id=nb.id, category=category,
                                          count=count))
    db.session.flush()

    counts = {"events": 0, "feedback": 0, "commitments": 0,
              "households": sum(len(h) for h in households_by_nb.values())}
    days_available = max((today - phase2_start).days, 1)
    for n, nb in enumerate(neighborhoods):
        db.session.add(Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase1.id,
                             neighborhood_id=nb.id, kind="advertising", status="done",
                             title=f"نصب تابلوهای پویش در {nb.name}", held_on=start + timedelta(days=n % 10),
                             minutes="تابلوها و بنرهای پویش در میدان‌ها و ورودی محله نصب شد.",
                             logged_by_id=users["pr"].id))
        counts["events"] += 1
        homes = households_by_nb[nb.id]
        for visit_no in range(2 + n % 3):
            held_on = phase2_start + timedelta(days=rng.randrange(days_available))
            if held_on.weekday() == 4:
                held_on -= timedelta(days=1)
            visited = rng.sample(homes[:8], 2)
            event = Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase2.id,
                          neighborhood_id=nb.id, kind="home_visit", status="done",
                          title=f"دیدار با خانوادهٔ {visited[0].name}", held_on=held_on,
                          start_time=time(rng.choice([10, 11, 16, 17, 18]), rng.choice([0, 30])),
                          duration_minutes=rng.choice([45, 60, 90]),
                          minutes=f"مدیران منطقه در منزل {visited[0].name} حضور یافتند و دیدگاه‌های خانواده "
                                  "و همسایگان را شنیدند.",
                          logged_by_id=users["pr"].id)
            event.officials = rng.sample(officials, 2 + (visit_no % 2))
            event.households = visited
            db.session.add(event)
            db.session.flush()
            counts["events"] += 1
            for kind, topic_name, text in rng.sample(FEEDBACK, 1 + rng.randrange(3)):
                counts["feedback"] += 1
                _demo_feedback(event, kind, topics[topic_name], text, visited[0], users, calendar, today, rng)
            if rng.random() < 0.35:
                counts["commitments"] += 1
                due = held_on + timedelta(days=30)
                done = due < today and rng.random() < 0.5
                db.session.add(Commitment(district_id=district.id, event_id=event.id, official_id=event.officials[0].id,
                                          household_id=visited[0].id, text=rng.choice(COMMITMENTS), due_on=due,
                                          status="done" if done else "open",
                                          evidence="گزارش تصویری بازدید پس از انجام کار ثبت شد." if done else None,
                                          done_on=due - timedelta(days=3) if done else None))
        # Every third neighborhood has a visit whose day passed without its minutes being written.
        if n % 3 == 1:
            missed = today - timedelta(days=3 + n % 5)
            if missed.weekday() == 4:
                missed -= timedelta(days=1)
            late = Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase2.id,
                         neighborhood_id=nb.id, kind="home_visit", status="planned",
                         title=f"دیدار با خانوادهٔ {homes[1].name}", held_on=missed,
                         start_time=time(11, 0), duration_minutes=45, logged_by_id=users["pr"].id)
            late.households = [homes[1]]
            late.officials = [officials[n % len(officials)]]
            db.session.add(late)
            counts["events"] += 1
        # One planned visit in the coming days for every other neighborhood.
        if n % 2 == 0:
            planned = Event(district_id=district.id, campaign_id=campaign.id, phase_id=phase2.id,
                            neighborhood_id=nb.id, kind="home_visit", status="planned",
                            title=f"دیدار با خانوادهٔ {homes[0].name}", held_on=today + timedelta(days=1 + n % 6),
                            start_time=time(17, 0), duration_minutes=60, logged_by_id=users["pr"].id)
            planned.households = [homes[0]]
            planned.officials = [officials[0]]
            db.session.add(planned)
            counts["events"] += 1
    db.session.flush()
    return counts


def _demo_feedback(event, kind, topic, text, household, users, calendar, today, rng):
    """Add one feedback item at a believable point of its workflow, with its timeline."""
    received = event.held_on
    item = FeedbackItem(district_id=event.district_id, event_id=event.id, household_id=household.id, kind=kind,
                        topic_id=topic.id, text=text, priority=rng.choice(["normal", "normal", "high", "low"]),
                        received_on=received, created_by_id=users["pr"].id, status="new")
    db.session.add(item)
    db.session.flush()
    item.due_on = compute_due_on(item, calendar=calendar)  # PR's triage while it is new
    timeline = [FeedbackUpdate(item_id=item.id, at=_at(received), user_id=users["pr"].id, action="create",
                               to_status="new", due_on=item.due_on, comment="در دیدار ثبت شد.")]
    age = (today - received).days
    if kind != "appreciation" and age > 1:
        item.status = "referred"
        item.department_id = topic.department_id
        item.referred_on = received + timedelta(days=1)
        item.due_on = compute_due_on(item, calendar=calendar)  # counted from the day it was heard
        timeline.append(FeedbackUpdate(item_id=item.id, at=_at(item.referred_on), user_id=users["pr"].id,
                                       action="refer", from_status="new", to_status="referred",
                                       department_id=item.department_id, due_on=item.due_on))
        # Older items have mostly been answered; the rest stay open, some past their due date.
        if age > 20 and rng.random() < 0.7:
            answered = min(item.due_on + timedelta(days=rng.choice([-5, -2, 0, 3])), today)
            answered = max(answered, item.referred_on)
            item.status, item.answered_on = "answered", answered
            item.response = "موضوع بررسی شد و اقدام لازم در دستور کار قرار گرفت."
            # Answered in one step, which starts the work on the way, as the services do.
            timeline.append(FeedbackUpdate(item_id=item.id, at=_at(answered), user_id=users["manager"].id,
                                           action="start", from_status="referred", to_status="in_progress",
                                           department_id=item.department_id))
            timeline.append(FeedbackUpdate(item_id=item.id, at=_at(answered), user_id=users["manager"].id,
                                           action="answer", from_status="in_progress", to_status="answered",
                                           comment=item.response))
            if rng.random() < 0.6:
                item.status, item.closed_on = "closed", answered + timedelta(days=2)
                item.satisfaction = rng.choice(["satisfied", "satisfied", "not_satisfied"])
                timeline.append(FeedbackUpdate(item_id=item.id, at=_at(item.closed_on), user_id=users["pr"].id,
                                               action="close", from_status="answered", to_status="closed",
                                               contact_channel="phone", contact_outcome="reached",
                                               satisfaction=item.satisfaction))
    db.session.add_all(timeline)


def _at(day: date):
    return datetime.combine(day, time(10, 0))
