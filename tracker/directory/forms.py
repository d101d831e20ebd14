"""Forms for departments and senior officials."""
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired, ValidationError

from tracker.models.limits import NAME_MAX
from tracker.web.fields import REQUIRED, PersianTextField, at_most, optional_int
from tracker.web.forms import WebForm


class DepartmentForm(WebForm):
    name = PersianTextField("نام معاونت یا اداره", validators=[DataRequired(REQUIRED), at_most(NAME_MAX)])


class OfficialForm(WebForm):
    name = PersianTextField("نام و نام خانوادگی", validators=[DataRequired(REQUIRED), at_most(NAME_MAX)])
    title = PersianTextField("سمت", validators=[DataRequired(REQUIRED), at_most(NAME_MAX)])
    department_id = SelectField("معاونت", coerce=optional_int, validate_choice=False)
    user_id = SelectField("حساب کاربری خود مدیر", coerce=optional_int, validate_choice=False,
                          description="با این حساب، مدیر تعهدهای خود و سرانجام بازخوردهای دیدارهایش را می‌بیند.")

    def set_users(self, users, linked=None) -> None:
        """Offer the district's accounts not linked to another official, with 'none' first; linked is chosen."""
        self.user_id.choices = [SelectChoice("", "— بدون حساب —")] + [
            SelectChoice(str(u.id), f"{u.full_name} — {u.username}" if u.full_name else u.username) for u in users
        ]
        self._user_ids = {u.id for u in users}
        if linked is not None and not self.is_submitted():
            self.user_id.data = linked.id

    def validate_user_id(self, field):
        if field.data is not None and field.data not in self._user_ids:
            raise ValidationError("حساب کاربری را از فهرست انتخاب کنید.")

    def set_departments(self, departments) -> None:
        """Offer the district's departments, with 'none' first."""
        self.department_id.choices = [SelectChoice("", "— بدون معاونت —")] + [
            SelectChoice(str(d.id), d.name) for d in departments
        ]
        self._department_ids = {d.id for d in departments}

    def validate_department_id(self, field):
        if field.data is not None and field.data not in self._department_ids:
            raise ValidationError("معاونت را از فهرست انتخاب کنید.")

    def to_data(self) -> dict:
        """Return the cleaned values in the shape the directory services take."""
        return {"name": self.name.data, "title": self.title.data, "department_id": self.department_id.data,
                "user_id": self.user_id.data}
