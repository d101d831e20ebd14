"""The fixed vocabularies of the domain: stored codes and their Persian labels."""


def check_in(column: str, labels: dict[str, str]) -> str:
    """Return a SQL CHECK expression limiting column to the vocabulary's codes."""
    return f"{column} IN (" + ", ".join(f"'{code}'" for code in labels) + ")"


ROLES = {
    "admin": "مدیر سامانه",
    "pr_staff": "کارشناس روابط عمومی",
    "manager": "کارشناس معاونت",
    "viewer": "بیننده گزارش",
    "city": "کارشناس ستاد شهری",
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
    "answered": "پاسخ‌داده‌شده",
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

# What an audit entry records (tracker.audit): changes, workflow steps, sign-ins and reads of personal data.
AUDIT_ACTIONS = {
    "create": "ایجاد",
    "update": "ویرایش",
    "delete": "حذف",
    "done": "ثبت انجام رویداد",
    "cancel": "لغو رویداد",
    "read": "خواندن دادهٔ شخصی",
    "export_personal_data": "برون‌بری دادهٔ شخصی",
    "sign_in": "ورود",
    "sign_in_failed": "ورود ناموفق",
    "sign_in_refused": "ورود ردشده (تلاش‌های زیاد)",
    "sign_out": "خروج",
    "end_session": "پایان یک نشست",
    "end_sessions": "پایان همهٔ نشست‌ها",
    "change_password": "تغییر گذرواژه",
    "reset_password": "گذرواژهٔ تازه از سوی مدیر",
    "create_token": "ساخت توکن",
    "revoke_token": "لغو توکن",
    "add_targets": "افزودن به فهرست هدف",
    "remove_target": "برداشتن از فهرست هدف",
    "commitment.create": "ثبت تعهد",
    "commitment.update": "ویرایش تعهد",
    "feedback.create": "ثبت بازخورد",
    **{f"feedback.{code}": f"بازخورد: {name}" for code, name in TIMELINE_ACTIONS.items() if code != "create"},
    "fill_holidays": "افزودن تعطیلات سال",
    "seed_district": "بارگذاری منطقه",
    "seed_demo": "بارگذاری دادهٔ نمایشی",
    "seed_occasions": "بارگذاری مناسبت‌ها",
    "database.backup": "پشتیبان‌گیری",
    "database.restore": "بازگردانی پشتیبان",
}

# The kinds of record an audit entry names (their table names).
AUDIT_RECORDS = {
    "household": "خانوار",
    "campaign": "پویش",
    "event": "رویداد",
    "feedback_item": "بازخورد",
    "commitment": "تعهد",
    "official": "مدیر",
    "department": "معاونت",
    "area": "ناحیه",
    "neighborhood": "محله",
    "topic": "موضوع",
    "district": "منطقه",
    "district_day_off": "تعطیلی منطقه",
    "holiday": "تعطیل رسمی",
    "occasion": "مناسبت",
    "text_template": "الگوی خبر",
    "user_account": "کاربر",
    "database": "پایگاه داده",
}

# Every field an audit entry's before and after may hold (a test reads each record() call for them).
AUDIT_FIELDS = {
    "name": "نام", "title": "عنوان", "category": "دسته", "status": "وضعیت", "kind": "نوع",
    "phone": "شماره همراه", "national_id": "کد ملی", "address": "نشانی", "notes": "یادداشت",
    "martyr_name": "نام شهید", "publicity_consent": "رضایت انتشار", "neighborhood_id": "محله",
    "department_id": "معاونت", "area_id": "ناحیه", "role": "نقش", "full_name": "نام کامل", "active": "فعال",
    "deleted_at": "زمان حذف", "username": "نام کاربری", "ip": "نشانی IP", "reason": "علت",
    "route": "صفحه", "filters": "فیلترها", "count": "شمار ردیف‌ها", "masked": "فقط با نقاب",
    "text": "متن", "comment": "توضیح", "response": "پاسخ", "priority": "اولویت", "due_on": "مهلت",
    "sessions_ended": "نشست‌های پایان‌یافته", "tokens_revoked": "توکن‌های لغوشده", "token_ids": "توکن‌ها",
    # Events, campaigns and feedback.
    "held_on": "تاریخ برگزاری", "start_time": "ساعت شروع", "duration_minutes": "مدت (دقیقه)",
    "minutes": "گزارش (صورت‌جلسه)", "campaign_id": "پویش", "phase_id": "مرحله", "event_id": "رویداد",
    "household_id": "خانوار", "official_id": "مدیر", "starts_on": "تاریخ شروع", "ends_on": "تاریخ پایان",
    "goals": "اهداف", "occasion": "مناسبت", "occasion_id": "شمارهٔ مناسبت", "phases": "مرحله‌ها",
    "targets": "هدف هر محله و دسته", "q": "جست‌وجو", "referred_on": "تاریخ ارجاع", "answered_on": "تاریخ پاسخ",
    "closed_on": "تاریخ بستن", "rejection_reason": "علت رد", "merged_into_id": "ادغام در بازخورد",
    "channel": "روش اطلاع‌رسانی", "outcome": "نتیجه", "satisfaction": "رضایت خانواده", "at": "زمان",
    "done_on": "تاریخ انجام", "evidence": "مستندات انجام",
    # Reference data and settings.
    "sla_days": "مهلت پاسخ (روز کاری)", "high_days": "مهلت پاسخ اولویت «زیاد» (روز کاری)",
    "urgent_days": "مهلت پاسخ اولویت «فوری» (روز کاری)", "response_template": "متن آمادهٔ پاسخ",
    "day": "روز", "month": "ماه", "year": "سال", "calendar": "تقویم", "length_days": "چند روز",
    "to_confirm": "نیازمند تأیید", "source": "منبع", "weekend": "تعطیلی‌های هفته", "body": "متن خبر",
    # Accounts, seeds, imports and backups.
    "token_id": "توکن", "expires_at": "زمان انقضا", "session_id": "نشست", "user_id": "کاربر",
    "number": "شماره", "areas": "ناحیه‌ها", "departments": "معاونت‌ها", "topics": "موضوع‌ها",
    "events": "رویدادها", "feedback": "بازخوردها", "commitments": "تعهدها", "households": "خانوارها",
    "added": "افزوده‌شده", "rows": "ردیف‌ها", "blank_rows": "ردیف‌های خالی", "failed_batch": "دستهٔ ناموفق",
    # The filters a read of personal data records: the list pages' query and the exports' filters.
    "from": "از تاریخ", "to": "تا تاریخ", "date_from": "از تاریخ", "date_to": "تا تاریخ",
    "held_from": "برگزاری از", "held_to": "برگزاری تا", "received_from": "دریافت از", "received_to": "دریافت تا",
    "campaign": "پویش", "neighborhood": "محله", "department": "معاونت", "official": "مدیر",
    "visit": "وضعیت دیدار", "visit_state": "وضعیت دیدار", "months": "ماه‌های بی‌دیدار", "sort": "ترتیب",
    "format": "قالب پرونده",
    "upload": "پروندهٔ بارگذاری‌شده", "file": "پرونده", "bytes": "حجم (بایت)", "revision": "نسخهٔ ساختار پایگاه داده",
}

# Why a sign-in was refused, as the audit log records it.
AUDIT_REASONS = {
    "password": "گذرواژهٔ نادرست",
    "unknown_user": "نام کاربری ناشناخته",
    "inactive": "حساب غیرفعال",
    "throttled": "تلاش‌های ناموفق زیاد",
}

# The pages and API routes whose reads of personal data are recorded (tracker.audit.read).
AUDIT_ROUTES = {
    "households.index": "فهرست خانوارها",
    "households.detail": "پروندهٔ خانوار",
    "households.lookup": "جست‌وجوی خانوار در فرم دیدار",
    "events.detail": "صفحهٔ رویداد",
    "feedback.detail": "صفحهٔ بازخورد",
    "feedback.to_inform": "خانواده‌هایی که باید خبر شوند",
    "search.index": "جست‌وجو",
    "reports.campaign": "گزارش پویش",
    "reports.campaign_pdf": "PDF گزارش پویش",
    "reports.neighborhood": "شناسنامهٔ محله",
    "reports.neighborhood_pdf": "PDF شناسنامهٔ محله",
    "reports.ledger": "دفتر بازخوردها",
    "reports.ledger_pdf": "PDF دفتر بازخوردها",
    "exports.feedback": "خروجی بازخوردها",
    "exports.households": "خروجی خانوارها",
    "api.households": "API: فهرست خانوارها",
    "api.household": "API: یک خانوار",
    "api.search": "API: جست‌وجو",
    "api.campaign_report_pdf": "API: PDF گزارش پویش",
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
    "audit_action": AUDIT_ACTIONS,
    "audit_record": AUDIT_RECORDS,
    "audit_field": AUDIT_FIELDS,
    "audit_reason": AUDIT_REASONS,
    "audit_route": AUDIT_ROUTES,
}


# The vocabulary an audited field's code reads in: for one kind of record, else (None) for every kind.
AUDIT_VALUE_VOCABULARIES = {
    ("event", "kind"): "event_kind", ("event", "status"): "event_status",
    ("feedback_item", "kind"): "feedback_kind", ("feedback_item", "status"): "feedback_status",
    ("campaign", "status"): "campaign_status", ("commitment", "status"): "commitment_status",
    (None, "category"): "category", (None, "priority"): "priority", (None, "role"): "role",
    (None, "rejection_reason"): "rejection_reason", (None, "channel"): "contact_channel",
    (None, "outcome"): "contact_outcome", (None, "satisfaction"): "satisfaction", (None, "source"): "holiday_source",
    (None, "calendar"): "occasion_calendar", (None, "reason"): "audit_reason", (None, "route"): "audit_route",
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
