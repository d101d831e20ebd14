"""Forms for departments and senior officials."""
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.web.fields import REQUIRED, PersianTextField, optional_int




class DepartmentForm(FlaskForm):
    name = PersianTextField("نام معاونت یا اداره", validators=[DataRequired(REQUIRED), Length(max=160)])


class OfficialForm(FlaskForm):
    name = PersianTextField("نام و نام خانوادگی", validators=[DataRequired(REQUIRED), Length(max=160)])
    title = PersianTextField("سمت", validators=[DataRequired(REQUIRED), Length(max=160)])
    department_id = SelectField("معاونت", coerce=optional_int, validate_choice=False)

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
        return {"name": self.name.data, "title": self.title.data, "department_id": self.department_id.data}
