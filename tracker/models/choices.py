"""The fixed vocabularies of the domain: stored codes and their Persian labels."""


def _codes(labels: dict[str, str]) -> tuple[str, ...]:
    return tuple(labels)


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
