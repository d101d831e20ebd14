"""The feedback workflow: which status may follow which, and the Persian error for the rest."""
from tracker.models.choices import FEEDBACK_STATUSES

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

# Actions that only add a timeline line; allowed in these statuses.
NOTE_ACTIONS: dict[str, tuple[str, ...]] = {
    "request_detail": ("referred", "in_progress"),
    "contact": ("answered", "closed"),
}


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


_ACTION_TARGET = {
    "refer": "referred", "start": "in_progress", "answer": "answered", "close": "closed",
    "reject": "rejected", "merge": "merged", "reopen_refer": "referred",
    "reopen_start": "in_progress",
}


def _illegal_message(status: str, action: str) -> str:
    label = FEEDBACK_STATUSES.get(status, status)
    target = FEEDBACK_STATUSES.get(_ACTION_TARGET.get(action, ""), action)
    if action.startswith("reopen"):
        return f"فقط بازخورد «بسته‌شده» را می‌توان بازگشایی کرد؛ این بازخورد «{label}» است."
    return f"نمی‌توان بازخورد «{label}» را مستقیم «{target}» کرد."


def check_move(status: str, to_status: str) -> None:
    """Raise WorkflowError unless to_status may follow status directly."""
    if to_status not in allowed_targets(status):
        label = FEEDBACK_STATUSES.get(status, status)
        target = FEEDBACK_STATUSES.get(to_status, to_status)
        raise WorkflowError(f"نمی‌توان بازخورد «{label}» را مستقیم «{target}» کرد.")
