"""Forms of the household import: the upload, the column choice, and the import itself."""
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectMultipleField
from wtforms.validators import ValidationError

from tracker.web.forms import WebForm
from tracker.households.importing.columns import FIELDS
from tracker.households.importing.service import Options, mapping_problems
from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.web.fields import SelectField, optional_int, options

SKIP = "کنار گذاشته شود"
PICK = "یکی از گزینه‌های فهرست را انتخاب کنید."


class UploadForm(WebForm):
    """Choose the file to import."""

    file = FileField("فایل فهرست خانوارها (CSV یا اکسل xlsx)",
                     validators=[FileRequired("فایلی برای درون‌ریزی برگزینید.")],
                     render_kw={"accept": ".csv,.txt,.xlsx,text/csv,"
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})


class MappingBase(WebForm):
    """Say which column of the file holds which field, and the defaults for empty cells."""

    neighborhood_default = SelectField("محلهٔ ردیف‌هایی که محله ندارند", coerce=optional_int,
                                       validate_choice=False)
    category_default = SelectField("دستهٔ ردیف‌هایی که دسته ندارند", validate_choice=False)

    column_names: tuple[str, ...] = ()  # the file's headers, set on the class mapping_form builds
    general_errors: list[str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.general_errors = []

    def columns(self):
        """Return (column index, header text, select field) for every column of the file."""
        return [(index, header, self[f"column_{index}"]) for index, header in enumerate(self.column_names)]

    def mapping(self) -> dict[int, str]:
        """Return column index -> field for the columns given a field."""
        return {index: field.data for index, _, field in self.columns() if field.data}

    def options(self) -> Options:
        """Return the defaults chosen for empty cells."""
        return Options(neighborhood_id=self.neighborhood_default.data or None,
                       category=self.category_default.data or None)

    def validate_neighborhood_default(self, field):
        if field.data is not None and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(PICK)

    def validate_category_default(self, field):
        if field.data and field.data not in HOUSEHOLD_CATEGORIES:
            raise ValidationError(PICK)

    def validate(self, extra_validators=None) -> bool:
        self.general_errors = []
        if not super().validate(extra_validators):
            return False
        problems = mapping_problems(self.mapping(), self.options())
        for name, message in problems.items():
            selects = [field for _, _, field in self.columns() if field.data == name]
            if name == "neighborhood" and not selects:
                self.neighborhood_default.errors = [*self.neighborhood_default.errors, message]
            elif name == "category" and not selects:
                self.category_default.errors = [*self.category_default.errors, message]
            elif selects:
                for field in selects:
                    field.errors = [*field.errors, message]
            else:
                self.general_errors.append(message)
        return not problems


def mapping_form(headers: list[str], guessed: dict[int, str], neighborhoods, saved=None, **kwargs) -> MappingBase:
    """Build the column-choice form for a file's headers, pre-set to the guess (or to the saved choice)."""

    class MappingForm(MappingBase):
        pass

    choices = options(FIELDS.items(), blank=SKIP)
    for index in range(len(headers)):
        setattr(MappingForm, f"column_{index}", SelectField(f"ستون {index + 1}", choices=choices,
                                                            default=guessed.get(index, "")))
    MappingForm.column_names = tuple(headers)
    form = MappingForm(**kwargs)
    form.neighborhood_default.choices = options(((n.id, n.name) for n in neighborhoods), blank="—")
    form.category_default.choices = options(HOUSEHOLD_CATEGORIES.items(), blank="—")
    if saved and not form.is_submitted():
        form.neighborhood_default.data = saved.get("neighborhood_id")
        form.category_default.data = saved.get("category") or ""
    return form


class RunForm(WebForm):
    """Import the checked file; store the likely duplicates ticked (or all of them)."""

    force = SelectMultipleField(coerce=optional_int, validate_choice=False)
    force_all = BooleanField("همهٔ ردیف‌های احتمالاً تکراری هم ثبت شوند")

    def options(self, defaults: dict | None) -> Options:
        """Return the import's options: the defaults chosen at the mapping step and the rows ticked."""
        defaults = defaults or {}
        return Options(neighborhood_id=defaults.get("neighborhood_id"), category=defaults.get("category"),
                       force_rows=frozenset(row for row in self.force.data or () if row and row > 0),
                       force_all=self.force_all.data)
