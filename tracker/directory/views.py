"""Views of the directory area: departments (معاونت‌ها) and senior officials (مدیران ارشد)."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from tracker.auth.access import READERS, WRITERS, get_in_district, roles_required
from tracker.auth.scope import current_district_id
from tracker.directory.forms import DepartmentForm, OfficialForm
from tracker.directory.services import (
    DirectoryError, create_department, create_official, delete_department, delete_official,
    departments_query, linkable_users, linked_user, official_commitments, official_events_query, officials_query,
    update_department, update_official,
)
from tracker.lists import choices
from tracker.models import Department, Event, Official
from tracker.persian.text import sort_key
from tracker.web.flow import ConfirmForm, confirm_and_delete, edit_page
from tracker.web.paging import keyset_page
from tracker.web.ids import read_id

bp = Blueprint("directory", __name__, url_prefix="/directory")

# Reference lists are short: one page normally holds them all, shown in Persian order.
PAGE_SIZE = 100


def _page(stmt, model, key=sort_key):
    page = keyset_page(stmt, [model.name_key, model.id], after=request.args.get("after"),
                       limit=PAGE_SIZE, descending=False)
    page.items.sort(key=lambda r: key(r.name))
    return page


def _departments():
    return choices.departments(current_district_id())


def _official_form(person=None) -> OfficialForm:
    """Return the official form offering the district's departments and its accounts free to link."""
    form = OfficialForm(obj=person)
    form.set_departments(_departments())
    form.set_users(linkable_users(current_user.district_id, person), linked_user(person) if person else None)
    return form


@bp.route("/officials")
@roles_required(*READERS)
def officials():
    """List the district's senior officials, optionally of one department."""
    department_id = read_id(request.args.get("department"))
    page = _page(officials_query(current_district_id(), department_id), Official, choices.official_sort_key)
    return render_template("directory/officials.html", page=page, departments=_departments(),
                           department_id=department_id, can_write=current_user.role in WRITERS)


@bp.route("/officials/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new_official():
    """Add a senior official."""
    form = _official_form()
    return edit_page(
        form, lambda: create_official(current_district_id(), form.to_data(), current_user),
        success="مدیر ثبت شد.", back=lambda official: url_for("directory.official", official_id=official.id),
        errors=(DirectoryError,), field="name",
        render=lambda: render_template("directory/official_form.html", form=form, official=None),
    )


@bp.route("/officials/<int:official_id>")
@roles_required(*READERS)
def official(official_id):
    """Show an official with the events they attended and their commitments."""
    person = get_in_district(Official, official_id)
    events = keyset_page(official_events_query(person), [Event.held_on, Event.id],
                         after=request.args.get("after"), limit=50)
    return render_template("directory/official.html", official=person, events=events, account=linked_user(person),
                           commitments=official_commitments(person), can_write=current_user.role in WRITERS)


@bp.route("/officials/<int:official_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit_official(official_id):
    """Change an official's name, title or department."""
    person = get_in_district(Official, official_id)
    form = _official_form(person)
    return edit_page(
        form, lambda: update_official(person, form.to_data(), current_user),
        success="تغییرات ذخیره شد.", back=url_for("directory.official", official_id=person.id),
        errors=(DirectoryError,), field="name",
        render=lambda: render_template("directory/official_form.html", form=form, official=person),
    )


def _confirm_delete(write, what: str, success: str, back: str, cancel: str):
    form = ConfirmForm()
    return confirm_and_delete(
        form, write, success=success, back=back, refused=cancel, errors=(DirectoryError,),
        render=lambda: render_template("directory/confirm_delete.html", form=form, what=what, back=cancel),
    )


@bp.route("/officials/<int:official_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITERS)
def delete_official_view(official_id):
    """Ask for confirmation, then hide the official."""
    person = get_in_district(Official, official_id)
    return _confirm_delete(lambda: delete_official(person, current_user), f"مدیر «{person.name}»",
                           "مدیر از فهرست حذف شد.", url_for("directory.officials"),
                           url_for("directory.official", official_id=person.id))


@bp.route("/departments")
@roles_required(*READERS)
def departments():
    """List the district's departments."""
    page = _page(departments_query(current_district_id()), Department)
    return render_template("directory/departments.html", page=page, can_write=current_user.role == "admin")


@bp.route("/departments/new", methods=["GET", "POST"])
@roles_required("admin")
def new_department():
    """Add a department."""
    form = DepartmentForm()
    return edit_page(
        form, lambda: create_department(current_district_id(), form.name.data, current_user),
        success="معاونت ثبت شد.", back=url_for("directory.departments"), errors=(DirectoryError,), field="name",
        render=lambda: render_template("directory/department_form.html", form=form, department=None),
    )


@bp.route("/departments/<int:department_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def edit_department(department_id):
    """Rename a department."""
    department = get_in_district(Department, department_id)
    form = DepartmentForm(obj=department)
    return edit_page(
        form, lambda: update_department(department, form.name.data, current_user),
        success="تغییرات ذخیره شد.", back=url_for("directory.departments"), errors=(DirectoryError,), field="name",
        render=lambda: render_template("directory/department_form.html", form=form, department=department),
    )


@bp.route("/departments/<int:department_id>/delete", methods=["GET", "POST"])
@roles_required("admin")
def delete_department_view(department_id):
    """Ask for confirmation, then hide the department."""
    department = get_in_district(Department, department_id)
    back = url_for("directory.departments")
    return _confirm_delete(lambda: delete_department(department, current_user), f"معاونت «{department.name}»",
                           "معاونت حذف شد.", back, back)
