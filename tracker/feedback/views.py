"""Feedback pages: the list, an item with its timeline and actions, the inbox, to-inform, commitments."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import false, select

from tracker import audit
from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.auth.scope import current_district_id
from tracker.extensions import db
from tracker.errors import Refused
from tracker.kept import kept_page_part
from tracker.feedback import forms, policy, services
from tracker.feedback.workflow import WorkflowError
from tracker.lists import choices
from tracker.lists import feedback as feedback_lists
from tracker.models import Commitment, Department, District, FeedbackItem, FeedbackUpdate
from tracker.models.choices import OPEN_FEEDBACK_STATUSES
from tracker.persian.dates import today_tehran
from tracker.reports import queries
from tracker.web.paging import keyset_page
from tracker.workcalendar import work_calendar

bp = Blueprint("feedback", __name__, url_prefix="/feedback")

PAGE_SIZE = 30
# One form per action; the contact form closes the item too when its "close" box is ticked.
FORMS = {
    "refer": forms.ReferForm, "start": forms.StartForm, "answer": forms.AnswerForm,
    "request_detail": forms.RequestDetailForm, "reject": forms.RejectForm, "merge": forms.MergeForm,
    "contact": forms.ContactForm, "reopen": forms.ReopenForm, "prioritize": forms.PrioritizeForm,
}
# The order of the forms on the page: the step most people came for first.
PAGE_ORDER = ("answer", "refer", "contact", "start", "request_detail", "prioritize", "reopen", "reject", "merge")
# Moves the page does not offer though the workflow allows them: after an answer, "start" would read
# as the next step, while it only takes the answer back (the API and the command line still can).
NOT_OFFERED = {("answered", "start")}
DONE = {
    "refer": "بازخورد ارجاع شد.", "start": "رسیدگی آغاز شد.",
    "answer": "پاسخ ثبت شد؛ روابط عمومی به خانواده اطلاع می‌دهد.",
    "request_detail": "درخواست جزئیات برای روابط عمومی ثبت شد.", "reject": "بازخورد رد شد.",
    "merge": "بازخورد ادغام شد.", "contact": "تماس با خانواده ثبت شد.",
    "close": "تماس ثبت و بازخورد بسته شد.", "reopen": "بازخورد بازگشایی شد.",
    "prioritize": "اولویت تغییر کرد و مهلت از نو حساب شد.",
}


def _departments():
    return choices.departments(current_district_id())


def _district() -> District:
    return db.session.get(District, current_district_id())


def available_actions(item: FeedbackItem) -> list[str]:
    """Return the action forms the signed-in user may use on item now, in the page's order."""
    offered = [a for a in PAGE_ORDER if (item.status, a) not in NOT_OFFERED]
    return policy.allowed_actions(current_user, item, offered)


def _set_choices(form, action: str, departments) -> None:
    if hasattr(form, "department"):
        form.department.choices = forms.options(departments, "بدون تغییر" if action == "reopen" else None)


def _action_forms(item: FeedbackItem, failed: tuple[str, object] | None = None) -> dict:
    departments = [(d.id, d.name) for d in _departments()]
    built = {}
    shown = available_actions(item)
    if failed and failed[0] not in shown:
        shown.append(failed[0])  # keep the refused form on screen, with its error and input
    for action in shown:
        if failed and failed[0] == action:
            form = failed[1]
        else:
            form = FORMS[action](formdata=None)
            form.version.data = item.version
            if action == "refer":
                form.department.data = item.department_id or (item.topic.department_id if item.topic else None)
            if action == "answer" and item.topic is not None:
                form.response.data = item.response or item.topic.response_template or ""
            if action == "contact":
                form.fill_now()
        _set_choices(form, action, departments)
        built[action] = form
    return built


def _render_detail(item, failed=None, status=200):
    timeline = db.session.scalars(
        select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id).order_by(FeedbackUpdate.id)
    ).all()
    district = _district()
    days_over = None
    if item.due_on and item.status in OPEN_FEEDBACK_STATUSES:
        days_over = work_calendar(district).between(item.due_on, today_tehran())
    return render_template("feedback/detail.html", item=item, timeline=timeline,
                           forms=_action_forms(item, failed), days_over=days_over), status


@bp.route("/")
@roles_required(*READERS)
def index():
    """List feedback items with filters, newest first."""
    district_id = current_district_id()
    return render_template("feedback/index.html", listing=kept_page_part("feedback", district_id,
                                                                                  lambda: _listing(district_id)))


def _listing(district_id: int) -> str:
    """Render the filters, the page of feedback and the pager that the request's query asks for."""
    form = forms.FilterForm(request.args)
    form.campaign.choices = forms.options(choices.campaigns(district_id), forms.ANY)
    form.neighborhood.choices = forms.options(choices.neighborhoods(district_id), forms.ANY)
    form.department.choices = forms.options(_departments(), forms.ANY)
    valid = form.validate()
    today = today_tehran()
    stmt = feedback_lists.feedback_rows(form.to_filter(district_id), today)
    if not valid:
        stmt = stmt.where(false())  # a filter with an error lists nothing until it is fixed
    page = keyset_page(stmt,
                       [FeedbackItem.received_on, FeedbackItem.id], after=request.args.get("after"), limit=PAGE_SIZE)
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    return render_template("feedback/_list.html", form=form, page=page, today=today, args=args,
                           open_statuses=OPEN_FEEDBACK_STATUSES)


@bp.route("/<int:item_id>")
@roles_required(*READERS)
def detail(item_id):
    """Show a feedback item, its timeline and the actions open to the user."""
    item = get_in_district(FeedbackItem, item_id)
    if item.household_id:
        audit.read("feedback_item", item)  # the page shows the family's name and phone
    return _render_detail(item)


@bp.route("/<int:item_id>/<action>", methods=["POST"])
@login_required
def act(item_id, action):
    """Apply one workflow action to a feedback item, as the policy allows."""
    if action not in FORMS:
        abort(404)
    item = get_in_district(FeedbackItem, item_id)
    form = FORMS[action]()
    _set_choices(form, action, [(d.id, d.name) for d in _departments()])
    step = "close" if action == "contact" and form.close.data else action
    decision = policy.can(current_user, step, item)
    if decision.forbidden:
        raise Refused(decision.reason)
    if not form.validate_on_submit():
        return _render_detail(item, (action, form), 400)
    try:
        services.perform(item, step, form.params(), current_user, form.expected_version())
    except services.StaleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _render_detail(get_in_district(FeedbackItem, item_id), None, 409)
    except services.ActionForbidden as error:
        db.session.rollback()
        raise Refused(str(error)) from error
    except (services.FeedbackError, WorkflowError) as error:
        db.session.rollback()
        form.field_for(getattr(error, "field", None)).errors.append(str(error))
        return _render_detail(get_in_district(FeedbackItem, item_id), (action, form), 400)
    db.session.commit()
    flash(DONE[step], "success")
    return redirect(url_for("feedback.detail", item_id=item.id))


@bp.route("/inbox")
@roles_required(*READERS)
def inbox():
    """Show a department's open feedback: overdue, due soon, new and in progress."""
    if current_user.role == "manager" and current_user.department_id is None:
        flash("برای حساب شما معاونتی تعیین نشده است؛ با مدیر سامانه تماس بگیرید.", "warning")
    return render_template("feedback/inbox.html", listing=kept_page_part("inbox", current_district_id(),
                                                                                 _inbox))


def _inbox() -> str:
    """Render the inbox's sections for the reader's department (a manager) or the one asked for."""
    departments = _departments()
    if current_user.role == "manager":
        department_id = current_user.department_id
    else:
        department_id = request.args.get("department_id", type=int)
        if department_id is None and departments:
            department_id = departments[0].id
    department = get_in_district(Department, department_id) if department_id else None
    district = _district()
    calendar = work_calendar(district)
    today = today_tehran()
    soon = current_app.config["DUE_SOON_WORKING_DAYS"]

    def section(name, department_id=None):
        return queries.inbox_section(district.id, department_id, name, today, soon, calendar,
                                     after=request.args.get(f"after_{name}"))

    boxes = None
    if department is not None:
        boxes = {name: section(name, department.id) for name in queries.INBOX_SECTIONS}
    # Items awaiting referral are PR's work: the office sees them above any department's box.
    triage = section("triage") if current_user.role in WRITERS else None
    may = policy.ROLE_ACTIONS.get(current_user.role, policy.NOTHING)
    return render_template("feedback/_inbox.html", department=department, departments=departments,
                           inbox=boxes, triage=triage, answers="answer" in may, refers="refer" in may)


@bp.route("/to-inform")
@roles_required(*WRITERS)
def to_inform():
    """List answered items whose family still must be told the answer."""
    page = keyset_page(feedback_lists.to_inform(current_district_id()),
                       [FeedbackItem.answered_on, FeedbackItem.id], after=request.args.get("after"),
                       limit=PAGE_SIZE, descending=False)
    attempts = {}
    if page.items:
        for item_id, _channel in db.session.execute(
            select(FeedbackUpdate.item_id, FeedbackUpdate.contact_channel).where(
                FeedbackUpdate.item_id.in_([i.id for i in page.items]),
                FeedbackUpdate.action == "contact")
        ):
            attempts[item_id] = attempts.get(item_id, 0) + 1
    audit.read("feedback_item", count=len(page.items))  # the families' names and phones
    return render_template("feedback/to_inform.html", page=page, attempts=attempts)


@bp.route("/commitments")
@roles_required(*READERS)
def commitments():
    """List commitments officials made on visits, overdue ones flagged."""
    form = forms.CommitmentFilterForm(request.args)
    form.official.choices = forms.options(choices.officials(current_district_id()), forms.ANY)
    valid = form.validate()
    today = today_tehran()
    stmt = feedback_lists.commitment_rows(form.to_filter(current_district_id()), today)
    if not valid:
        stmt = stmt.where(false())
    page = keyset_page(stmt, [Commitment.due_on, Commitment.id], after=request.args.get("after"),
                       limit=PAGE_SIZE, descending=False)
    args = {k: v for k, v in request.args.items() if k != "after" and v}
    return render_template("feedback/commitments.html", form=form, page=page, today=today,
                           args=args,
                           counts=queries.commitment_counts(current_district_id(), today))


@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def commitment(commitment_id):
    """Show a commitment and let PR staff update its status."""
    item = get_in_district(Commitment, commitment_id)
    form = forms.CommitmentStatusForm(obj=item) if request.method == "GET" else forms.CommitmentStatusForm()
    if request.method == "GET":
        form.version.data = item.version
    status = 200
    if request.method == "POST":
        if current_user.role not in WRITERS:
            abort(403)
        if form.validate_on_submit():
            try:
                services.update_commitment(item, status=form.status.data, evidence=form.evidence.data,
                                           expected_version=form.version.data or None,
                                           actor=current_user)
            except services.FeedbackError as error:
                db.session.rollback()
                item = get_in_district(Commitment, commitment_id)
                form.evidence.errors.append(str(error))
                status = 409 if isinstance(error, services.StaleError) else 400
            else:
                db.session.commit()
                flash("وضعیت تعهد به‌روز شد.", "success")
                return redirect(url_for("feedback.commitments"))
        else:
            status = 400
    return render_template("feedback/commitment.html", item=item, form=form,
                           today=today_tehran()), status
