"""Template filters and globals: Persian digits, Jalali dates and vocabulary labels."""
from tracker.models import choices
from tracker.persian.dates import format_jalali
from tracker.persian.digits import to_persian_digits

LABELS = {
    "role": choices.ROLES,
    "category": choices.HOUSEHOLD_CATEGORIES,
    "campaign_status": choices.CAMPAIGN_STATUSES,
    "event_kind": choices.EVENT_KINDS,
    "event_status": choices.EVENT_STATUSES,
    "feedback_kind": choices.FEEDBACK_KINDS,
    "priority": choices.PRIORITIES,
    "feedback_status": choices.FEEDBACK_STATUSES,
    "rejection_reason": choices.REJECTION_REASONS,
    "contact_channel": choices.CONTACT_CHANNELS,
    "contact_outcome": choices.CONTACT_OUTCOMES,
    "satisfaction": choices.SATISFACTION,
    "commitment_status": choices.COMMITMENT_STATUSES,
    "holiday_source": choices.HOLIDAY_SOURCES,
}


def label(code, vocabulary: str) -> str:
    """Return the Persian label of a stored code."""
    if code is None:
        return ""
    return LABELS[vocabulary].get(code, code)


def register(app):
    """Add the filters and globals to the app's Jinja environment."""
    app.add_template_filter(to_persian_digits, "fa")
    app.add_template_filter(format_jalali, "jdate")
    app.add_template_filter(label, "label")
    app.add_template_global(LABELS, "LABELS")
