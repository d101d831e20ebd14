"""The feedback workflow: its actions, which status may follow which, and the Persian error for the rest."""
from tracker.models.choices import FEEDBACK_STATUSES

# Every action a user can take on a feedback item, in the order the detail page offers them.
ACTIONS = ("refer", "start", "answer", "request_detail", "reject", "merge", "contact", "close", "reopen",
           "prioritize")

ACTION_LABELS = {
    "refer": "ارجاع به معاونت",
    "start": "آغاز رسیدگی",
    "answer": "ثبت پاسخ",
    "request_detail": "درخواست جزئیات از روابط عمومی",
    "reject": "رد بازخورد",
    "merge": "ادغام در بازخورد دیگر",
    "contact": "ثبت تماس با خانواده",
    "close": "بستن بازخورد",
    "reopen": "بازگشایی",
    "prioritize": "تغییر اولویت",
}

# (from status, action) -> to status.  Only these moves exist; the service checks the
# extra conditions (a contact attempt before closing, "not satisfied" before reopening).
TRANSITIONS: dict[tuple[str, str], str] = {
    ("new", "refer"): "referred",
    ("referred", "refer"): "referred",  # re-referral: another department, the clock restarts
    ("referred", "start"): "in_progress",
    ("in_progress", "answer"): "answered",
    ("answered", "start"): "in_progress",  # the answer was not enough
    ("answered", "close"): "closed",
    ("closed", "reopen_refer"): "referred",
    ("closed", "reopen_start"): "in_progress",
    ("new", "reject"): "rejected",
    ("referred", "reject"): "rejected",
    ("in_progress", "reject"): "rejected",
    ("new", "merge"): "merged",
    ("referred", "merge"): "merged",
    ("in_progress", "merge"): "merged",
}

# Moves that pass through another step on the way, both written on the timeline: a department
# answers a referred item in one go, and the item is "in progress" in between.
THROUGH: dict[tuple[str, str], str] = {("referred", "answer"): "start"}

# Actions that keep the status (a timeline line, and for prioritize a new deadline); allowed in these statuses.
NOTE_ACTIONS: dict[str, tuple[str, ...]] = {
    "request_detail": ("referred", "in_progress"),
    "contact": ("answered", "closed"),
    "prioritize": ("new", "referred", "in_progress"),
}

REOPEN_STEPS = {"referred": "reopen_refer", "in_progress": "reopen_start"}


class WorkflowError(ValueError):
    """A status change the workflow does not allow."""


def allowed_targets(status: str) -> set[str]:
    """Return the statuses reachable from status in one step."""
    return {to for (frm, _action), to in TRANSITIONS.items() if frm == status}


def target_of(status: str, action: str) -> str:
    """Return the status that action leads to from status, or raise WorkflowError."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise WorkflowError(_illegal_message(status, action)) from None


def status_refusal(item, action: str) -> str | None:
    """Return the Persian reason item's status forbids action now, or None when it allows it."""
    label = FEEDBACK_STATUSES.get(item.status, item.status)
    if action == "contact" and item.status not in NOTE_ACTIONS["contact"]:
        return "اطلاع‌رسانی به خانواده فقط پس از پاسخ معاونت ثبت می‌شود."
    if action == "request_detail" and item.status not in NOTE_ACTIONS["request_detail"]:
        return f"برای بازخورد «{label}» نمی‌توان جزئیات بیشتر خواست."
    if action == "prioritize" and item.status not in NOTE_ACTIONS["prioritize"]:
        return f"اولویت بازخورد «{label}» را نمی‌توان تغییر داد؛ رسیدگی به آن تمام شده است."
    if action in NOTE_ACTIONS or (item.status, action) in THROUGH:
        return None
    if action == "reopen":
        if item.status != "closed":
            return _illegal_message(item.status, "reopen_refer")
        if item.satisfaction != "not_satisfied":
            return "فقط بازخوردی را که شهروند از پاسخ آن ناراضی بوده می‌توان بازگشایی کرد."
        return None
    if (item.status, action) not in TRANSITIONS:
        return _illegal_message(item.status, action)
    return None


_ACTION_TARGET = {
    "refer": "referred", "start": "in_progress", "answer": "answered", "close": "closed",
    "reject": "rejected", "merge": "merged", "reopen_refer": "referred",
    "reopen_start": "in_progress",
}


def action_to(status: str, wanted: str) -> tuple[str, str | None]:
    """Return the action moving an item in status to wanted, and where a reopen goes (a closed item back to work)."""
    if status == "closed" and wanted in REOPEN_STEPS:
        return "reopen", wanted
    for action, target in _ACTION_TARGET.items():
        if target == wanted and action not in REOPEN_STEPS.values():
            return action, None
    raise WorkflowError(f"نمی‌توان بازخورد را به وضعیت «{FEEDBACK_STATUSES.get(wanted, wanted)}» برد.")


def _illegal_message(status: str, action: str) -> str:
    label = FEEDBACK_STATUSES.get(status, status)
    target = FEEDBACK_STATUSES.get(_ACTION_TARGET.get(action, ""), action)
    if action.startswith("reopen"):
        return f"فقط بازخورد «بسته‌شده» را می‌توان بازگشایی کرد؛ این بازخورد «{label}» است."
    return f"نمی‌توان بازخورد «{label}» را مستقیم «{target}» کرد."
