"""Forms of the households area: the household form, and the delete confirmation."""
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.models.limits import ADDRESS_MAX, NAME_MAX, NOTES_MAX, TYPED_NUMBER_MAX
from tracker.web.fields import REQUIRED, MobileField, NationalIdField, PersianTextField, at_most, optional_int
from tracker.web.forms import WebForm

MARTYR_NAME_REQUIRED = "نام شهید را وارد کنید."


class HouseholdForm(WebForm):
    """Create or edit a household; not_duplicate lets the user save past a duplicate warning."""

    name = PersianTextField("نام خانوار / فرد", validators=[DataRequired(REQUIRED), at_most(NAME_MAX)])
    category = SelectField(
        "دسته",
        validators=[InputRequired(REQUIRED)],
        validate_choice=False,  # checked below, with a Persian message
    )
    neighborhood_id = SelectField(
        "محله", coerce=optional_int, validators=[InputRequired(REQUIRED)], validate_choice=False
    )
    martyr_name = PersianTextField("نام شهید", validators=[Optional(), at_most(NAME_MAX)])
    address = TextAreaField("نشانی", validators=[Optional(), at_most(ADDRESS_MAX)], render_kw={"rows": 2})
    phone = MobileField("شماره همراه", validators=[Optional(), at_most(TYPED_NUMBER_MAX)])
    national_id = NationalIdField("کد ملی", validators=[Optional(), at_most(TYPED_NUMBER_MAX)])
    publicity_consent = BooleanField("با انتشار نام و تصویر در خبرها موافق است")
    notes = TextAreaField("یادداشت", validators=[Optional(), at_most(NOTES_MAX)], render_kw={"rows": 3})
    not_duplicate = BooleanField("این خانوار تکراری نیست؛ ذخیره کن")
    version = HiddenField()

    def __init__(self, *args, neighborhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        blank = SelectChoice("", "انتخاب کنید")
        self.category.choices = [blank] + [SelectChoice(code, text) for code, text in HOUSEHOLD_CATEGORIES.items()]
        self.neighborhood_id.choices = [blank] + [SelectChoice(n.id, n.name) for n in neighborhoods]

    def validate_category(self, field):
        if field.data not in HOUSEHOLD_CATEGORIES:
            raise ValidationError("دسته را از فهرست انتخاب کنید.")

    def validate_neighborhood_id(self, field):
        if field.data is None or field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("محله را از فهرست انتخاب کنید.")

    def validate_martyr_name(self, field):
        if self.category.data == "martyr_family" and not (field.data or "").strip():
            raise ValidationError(MARTYR_NAME_REQUIRED)

    def values(self) -> dict:
        """Return the fields the households service stores."""
        return {
            "name": self.name.data,
            "category": self.category.data,
            "neighborhood_id": self.neighborhood_id.data,
            "martyr_name": self.martyr_name.data,
            "address": self.address.data,
            "phone": self.phone.data,
            "national_id": self.national_id.data,
            "publicity_consent": self.publicity_consent.data,
            "notes": self.notes.data,
        }

    def sent_version(self) -> int | None:
        """Return the record version the form was opened at, if it was sent."""
        return optional_int(self.version.data)


class DeleteForm(WebForm):
    """Confirm a soft delete."""

    confirm = BooleanField("مطمئنم؛ این خانوار حذف شود", validators=[DataRequired("برای حذف، این گزینه را تیک بزنید.")])

