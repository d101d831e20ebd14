"""May this user take this workflow action on this feedback item now?  The one answer every door asks.

The web pages, the JSON API and the command line all call `can` (and `services.perform`, which
calls it again before writing), so they cannot disagree.  The role table:

    action           admin   pr_staff   manager (own department)   viewer
    refer              ✓        ✓                –                    –
    reject             ✓        ✓                –                    –
    merge              ✓        ✓                –                    –
    contact            ✓        ✓                –                    –
    close              ✓        ✓                –                    –
    reopen             ✓        ✓                –                    –
    prioritize         ✓        ✓                –                    –
    start              ✓        –                ✓                    –
    answer             ✓        –                ✓                    –
    request_detail     ✓        –                ✓                    –

Why: PR staff own the loop with the citizen (they refer, set the priority, tell the family, close
and, when the family was not satisfied, reopen); answering is the department's job, so PR staff may not start or answer
on a department's behalf, and a manager may not reopen what PR closed.  A manager acts only on items
referred to their own department, and a manager without a department can do nothing.  The
administrator keeps every action, for any department.  A role missing from the table may do
nothing, so a read-only role is one line mapping it to NOTHING.

A refusal is either *forbidden* (who the user is: the doors answer 403) or a refusal of the item's
status now (the doors answer 400 on the web, 422 in the API), each with a Persian reason.
"""
from dataclasses import dataclass

from tracker.feedback.workflow import ACTION_LABELS, ACTIONS, status_refusal
from tracker.models.choices import ROLES

# The PR office's side of the loop, and the department's side.
PR_SIDE = frozenset({"refer", "reject", "merge", "contact", "close", "reopen", "prioritize"})
DEPARTMENT_SIDE = frozenset({"start", "answer", "request_detail"})
NOTHING: frozenset[str] = frozenset()

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "admin": PR_SIDE | DEPARTMENT_SIDE,
    "pr_staff": PR_SIDE,
    "manager": DEPARTMENT_SIDE,
    "viewer": NOTHING,
}
# Roles that act only on items referred to their own department.
DEPARTMENT_BOUND = frozenset({"manager"})


@dataclass(frozen=True)
class Decision:
    """The policy's answer: allowed, or refused with a Persian reason (forbidden when the role is the cause)."""

    allowed: bool
    reason: str | None = None
    forbidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def _forbid(reason: str) -> Decision:
    return Decision(False, reason, forbidden=True)


def _role_reason(role: str, action: str) -> str:
    role_label = ROLES.get(role, role)
    if not ROLE_ACTIONS.get(role):
        return f"نقش «{role_label}» فقط می‌خواند و نمی‌تواند بازخوردها را پیش ببرد."
    label = ACTION_LABELS[action]
    if action in DEPARTMENT_SIDE:
        return (f"«{label}» کار معاونتی است که بازخورد به آن ارجاع شده؛ "
                f"نقش «{role_label}» نمی‌تواند آن را انجام دهد.")
    return f"«{label}» کار روابط عمومی است؛ نقش «{role_label}» نمی‌تواند آن را انجام دهد."


def can(user, action: str, item) -> Decision:
    """Decide whether user may take action on item now."""
    if action not in ACTIONS:
        return Decision(False, "چنین اقدامی در روند رسیدگی به بازخورد نیست.")
    if user is None or not getattr(user, "active", False):
        return _forbid("حساب کاربری فعال نیست؛ این کار ممکن نیست.")
    if user.district_id != item.district_id:
        return _forbid("این بازخورد از منطقهٔ شما نیست.")
    if action not in ROLE_ACTIONS.get(user.role, NOTHING):
        return _forbid(_role_reason(user.role, action))
    if user.role in DEPARTMENT_BOUND:
        if user.department_id is None:
            return _forbid("برای حساب شما معاونتی تعیین نشده است؛ تا آن تعیین نشود، اقدامی ممکن نیست.")
        if item.department_id != user.department_id:
            return _forbid("این بازخورد به معاونت شما ارجاع نشده است؛ فقط بازخوردهای معاونت خودتان را پیش می‌برید.")
    if item.deleted_at is not None:
        return Decision(False, "این بازخورد حذف شده است.")
    reason = status_refusal(item, action)
    return ALLOWED if reason is None else Decision(False, reason)


def allowed_actions(user, item, actions=ACTIONS) -> list[str]:
    """Return the actions, of those given, that user may take on item now."""
    return [action for action in actions if can(user, action, item).allowed]
