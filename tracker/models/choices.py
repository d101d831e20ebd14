"""The fixed vocabularies of the domain: stored codes and their Persian labels."""


def check_in(column: str, labels: dict[str, str]) -> str:
    """Return a SQL CHECK expression limiting column to the vocabulary's codes."""
    return f"{column} IN (" + ", ".join(f"'{code}'" for code in labels) + ")"


ROLES = {
    "admin": "مدیر سامانه",
    "pr_staff": "کارشناس روابط عمومی",
    "manager": "مدیر",
    "viewer": "بیننده گزارش",
}

HOUSEHOLD_CATEGORIES = {
    "martyr_family": "خانواده شهید",
    "trustee": "معتمد محل",
    "veteran": "ایثارگر و جانباز",
    "council_member": "شورایار",
    "citizen": "شهروند",
}

CAMPAIGN_STATUSES = {
    "draft": "پیش‌نویس",
    "active": "در جریان",
    "closed": "پایان‌یافته",
}

EVENT_KINDS = {
    "home_visit": "دیدار در منزل",
    "meeting": "نشست",
    "ceremony": "مراسم",
    "advertising": "تبلیغات محیطی",
    "gathering": "گردهمایی",
}

EVENT_STATUSES = {
    "planned": "برنامه‌ریزی‌شده",
    "done": "انجام‌شده",
    "cancelled": "لغوشده",
}

FEEDBACK_KINDS = {
    "suggestion": "پیشنهاد",
    "criticism": "انتقاد",
    "request": "درخواست",
    "appreciation": "قدردانی",
}

PRIORITIES = {
    "low": "کم",
    "normal": "عادی",
    "high": "زیاد",
    "urgent": "فوری",
}

FEEDBACK_STATUSES = {
    "new": "جدید",
    "referred": "ارجاع‌شده",
    "in_progress": "در حال رسیدگی",
    "answered": "پاسخ داده شده",
    "closed": "بسته‌شده",
    "rejected": "ردشده",
    "merged": "ادغام‌شده",
}

# Statuses in which the department still owes an answer.
OPEN_FEEDBACK_STATUSES = ("new", "referred", "in_progress")

REJECTION_REASONS = {
    "not_municipal": "خارج از وظایف شهرداری",
    "duplicate": "تکراری",
    "out_of_scope": "خارج از موضوع",
}

CONTACT_CHANNELS = {
    "phone": "تماس تلفنی",
    "visit": "مراجعه حضوری",
    "sms": "پیامک",
}

CONTACT_OUTCOMES = {
    "reached": "اطلاع داده شد",
    "no_answer": "پاسخ نداد",
    "wrong_number": "شماره نادرست",
}

SATISFACTION = {
    "satisfied": "راضی",
    "not_satisfied": "ناراضی",
    "unreachable": "در دسترس نبود",
}

COMMITMENT_STATUSES = {
    "open": "باز",
    "in_progress": "در حال انجام",
    "done": "انجام‌شده",
    "dropped": "منتفی",
}

HOLIDAY_SOURCES = {
    "fixed": "ثابت خورشیدی",
    "computed": "قمری (محاسبه‌شده)",
    "manual": "دستی",
}

# Which calendar a recurring occasion's month and day belong to.
OCCASION_CALENDARS = {
    "solar": "خورشیدی",
    "lunar": "قمری",
}

# Each step of a feedback item's timeline (FeedbackUpdate.action), as the page, PDF and export name it.
TIMELINE_ACTIONS = {
    "create": "ثبت بازخورد",
    "refer": "ارجاع",
    "rerefer": "ارجاع دوباره",
    "start": "آغاز رسیدگی",
    "answer": "پاسخ",
    "close": "بستن",
    "reject": "رد",
    "merge": "ادغام",
    "reopen": "بازگشایی",
    "reopen_refer": "بازگشایی و ارجاع",
    "reopen_start": "بازگشایی و رسیدگی",
    "request_detail": "درخواست جزئیات",
    "contact": "تماس با خانواده",
    "prioritize": "تغییر اولویت",
}

# Every vocabulary by the name templates, PDFs and exports ask label() for.
VOCABULARIES: dict[str, dict[str, str]] = {
    "role": ROLES,
    "category": HOUSEHOLD_CATEGORIES,
    "campaign_status": CAMPAIGN_STATUSES,
    "event_kind": EVENT_KINDS,
    "event_status": EVENT_STATUSES,
    "feedback_kind": FEEDBACK_KINDS,
    "priority": PRIORITIES,
    "feedback_status": FEEDBACK_STATUSES,
    "rejection_reason": REJECTION_REASONS,
    "contact_channel": CONTACT_CHANNELS,
    "contact_outcome": CONTACT_OUTCOMES,
    "satisfaction": SATISFACTION,
    "commitment_status": COMMITMENT_STATUSES,
    "holiday_source": HOLIDAY_SOURCES,
    "occasion_calendar": OCCASION_CALENDARS,
    "timeline_action": TIMELINE_ACTIONS,
}


def label(code, vocabulary: str) -> str:
    """Return the Persian label of a stored code (the code itself when unknown, "" for none)."""
    if code is None:
        return ""
    return VOCABULARIES[vocabulary].get(code, code)


def timeline_step(action: str, to_status: str | None = None) -> str:
    """Return the Persian name of a timeline step: its action, else the status it led to."""
    if action in TIMELINE_ACTIONS:
        return TIMELINE_ACTIONS[action]
    return label(to_status, "feedback_status") if to_status else action
