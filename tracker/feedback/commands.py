"""The feedback-action command: take one workflow step from the shell, under the same policy as the web."""
from datetime import datetime

import click
from sqlalchemy import select

from tracker.extensions import db
from tracker.feedback import services
from tracker.feedback.workflow import ACTION_LABELS, ACTIONS, WorkflowError
from tracker.models import Department, FeedbackItem, User
from tracker.models.choices import FEEDBACK_STATUSES
from tracker.persian.dates import JalaliDateError, parse_date_any, parse_jalali_time, today_tehran
from tracker.persian.digits import to_persian_digits as fa
from tracker.persian.text import search_key
from tracker.cli_params import ID, TypedText
from tracker.models.limits import COMMENT_MAX, TEXT_MAX

# Exit codes, so a script can tell a refusal for the role from one for the item's state.
FORBIDDEN, REFUSED, STALE = 3, 4, 5


class Refusal(click.ClickException):
    """A Persian refusal printed alone on stderr, with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def _department_id(user: User, value: str | None) -> int | None:
    """Return the id of the user's district's department given by id or by name."""
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    found = db.session.scalar(select(Department.id).where(
        Department.district_id == user.district_id, Department.name_key == search_key(value),
        Department.deleted_at.is_(None)))
    if found is None:
        raise Refusal(f"معاونتی به نام «{value}» در منطقهٔ این کاربر پیدا نشد.", REFUSED)
    return found


def _contact_time(text: str | None) -> datetime | None:
    """Return the contact time given as "HH:MM" (today) or "DATE HH:MM", DATE Jalali or ISO."""
    if not text:
        return None
    parts = text.split()
    if len(parts) not in (1, 2):
        raise Refusal("زمان تماس را به شکل «۱۴۰۴/۰۵/۰۱ ۱۰:۳۰» یا «۱۰:۳۰» بنویسید.", REFUSED)
    try:
        day = parse_date_any(parts[0]) if len(parts) == 2 else today_tehran()
        return datetime.combine(day, parse_jalali_time(parts[-1]))
    except JalaliDateError as error:
        raise Refusal(f"زمان تماس: {error}", REFUSED) from error


@click.command("feedback-action")
@click.argument("item_id", type=ID)
@click.argument("action", type=click.Choice(ACTIONS))
@click.option("--user", "username", required=True, help="The user the step is taken as.")
@click.option("--comment", type=TypedText(COMMENT_MAX), default=None)
@click.option("--department", default=None, help="Department id or name (refer, reopen).")
@click.option("--response", type=TypedText(TEXT_MAX), default=None, help="The department's answer (answer).")
@click.option("--reason", default=None, help="not_municipal, duplicate or out_of_scope (reject).")
@click.option("--target", type=ID, default=None, help="Id of the item to merge into (merge).")
@click.option("--channel", default=None, help="phone, visit or sms (contact, close).")
@click.option("--outcome", default=None, help="reached, no_answer or wrong_number (contact, close).")
@click.option("--satisfaction", default=None, help="satisfied, not_satisfied or unreachable.")
@click.option("--to", default=None, help="referred or in_progress (reopen).")
@click.option("--date", "day", default=None, help="Date the step records, Jalali or ISO (refer, answer, close).")
@click.option("--priority", default=None, help="low, normal, high or urgent (prioritize).")
@click.option("--at", "contacted", default=None,
              help='When the family was contacted, "HH:MM" today or "DATE HH:MM" (contact, close).')
@click.option("--version", type=ID, default=None, help="Refuse the step if the item changed since this version.")
def feedback_action_command(item_id, action, username, comment, department, response, reason, target,
                            channel, outcome, satisfaction, to, day, priority, contacted, version):
    """Take one workflow step on a feedback item as a user; a refusal is printed in Persian on stderr."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise Refusal(f"کاربری با نام «{username}» پیدا نشد.", 1)
    item = db.session.get(FeedbackItem, item_id)
    if item is None or item.district_id != user.district_id or item.deleted_at is not None:
        raise Refusal(f"بازخورد {fa(item_id)} در منطقهٔ این کاربر پیدا نشد.", 1)
    try:
        recorded_on = parse_date_any(day) if day else None
    except JalaliDateError as error:
        raise Refusal(str(error), REFUSED) from error
    params = services.ActionParams(
        comment=comment, department_id=_department_id(user, department), response=response, reason=reason,
        target_id=target, channel=channel, outcome=outcome, satisfaction=satisfaction, to=to,
        recorded_on=recorded_on, priority=priority, contacted_at=_contact_time(contacted))
    try:
        services.perform(item, action, params, user, version)
    except services.ActionForbidden as error:
        db.session.rollback()
        raise Refusal(str(error), FORBIDDEN) from error
    except services.StaleError as error:
        db.session.rollback()
        raise Refusal(f"بازخورد {fa(item.id)} در این فاصله تغییر کرده است؛ نسخهٔ کنونی "
                      f"{fa(item.version)} است.", STALE) from error
    except (services.FeedbackError, WorkflowError) as error:
        db.session.rollback()
        raise Refusal(str(error), REFUSED) from error
    db.session.commit()
    click.echo(f"«{ACTION_LABELS[action]}» برای بازخورد {fa(item.id)} انجام شد؛ "
               f"وضعیت اکنون «{FEEDBACK_STATUSES[item.status]}» است (نسخهٔ {fa(item.version)}).")
