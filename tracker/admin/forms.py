"""Forms of the admin area; every message is Persian."""
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from tracker.auth.forms import password_policy
from tracker.models.choices import ROLES
from tracker.models.limits import NAME_MAX, NOTES_MAX, PLACE_NAME_MAX, SLA_DAYS, TITLE_MAX, USERNAME_MAX
from tracker.web.fields import REQUIRED, CountField, JalaliDateField, PersianTextField, at_most, in_range, required_date
from tracker.web.forms import WebForm

NO_DEPARTMENT = 0
SLA_MESSAGE = "مهلت باید میان {low} تا {high} روز کاری باشد."


def choice_field(label: str, **kwargs) -> SelectField:
    """Return a select with Persian errors; its choices are a {code: Persian label} dict."""
    message = "یکی از گزینه‌ها را انتخاب کنید."
    return SelectField(label, invalid_value_message=message, invalid_choice_message=message, **kwargs)


def required_number(form, field):
    """Fail with a Persian message when no number was typed (an unreadable one is reported already)."""
    if field.data is None and not field.errors:
        raise ValidationError(REQUIRED)


def _name(label: str, max_length: int = PLACE_NAME_MAX):
    return PersianTextField(label, validators=[DataRequired(REQUIRED), at_most(max_length)])


class AreaForm(WebForm):
    name = _name("نام ناحیه")


class NeighborhoodForm(WebForm):
    name = _name("نام محله")
    area_id = choice_field("ناحیه", coerce=int)


class _UserFields(WebForm):
    full_name = PersianTextField("نام و نام خانوادگی", validators=[at_most(NAME_MAX)])
    role = choice_field("نقش", choices=dict(ROLES))
    department_id = choice_field("معاونت", coerce=int)

    def validate_department_id(self, field):
        if self.role.data == "manager" and field.data == NO_DEPARTMENT:
            raise ValidationError("برای نقش «کارشناس معاونت» معاونت را انتخاب کنید.")


class UserCreateForm(_UserFields):
    username = StringField(
        "نام کاربری",
        validators=[DataRequired(REQUIRED), at_most(USERNAME_MAX)],
        render_kw={"dir": "ltr", "autocomplete": "off"},
    )
    password = PasswordField(
        "گذرواژه",
        validators=[DataRequired(REQUIRED), password_policy("username")],
        render_kw={"dir": "ltr", "autocomplete": "new-password"},
    )


class UserEditForm(_UserFields):
    active = BooleanField("حساب فعال است")


class PasswordResetForm(WebForm):
    password = PasswordField(
        "گذرواژهٔ تازه",
        validators=[DataRequired(REQUIRED), password_policy()],
        render_kw={"dir": "ltr", "autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "تکرار گذرواژهٔ تازه",
        validators=[DataRequired(REQUIRED), EqualTo("password", message="دو گذرواژه یکسان نیستند.")],
        render_kw={"dir": "ltr", "autocomplete": "new-password"},
    )


class TopicForm(WebForm):
    name = _name("نام موضوع", NAME_MAX)
    department_id = choice_field("معاونت پیش‌فرض", coerce=int)
    sla_days = CountField(
        "مهلت پاسخ (روز کاری)",
        validators=[required_number, in_range(SLA_DAYS, SLA_MESSAGE)],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )
    high_days = CountField(
        "مهلت پاسخ اولویت «زیاد» (روز کاری)",
        validators=[in_range(SLA_DAYS, SLA_MESSAGE)],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
        description="خالی بگذارید تا نصف مهلت عادی باشد.",
    )
    urgent_days = CountField(
        "مهلت پاسخ اولویت «فوری» (روز کاری)",
        validators=[in_range(SLA_DAYS, SLA_MESSAGE)],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
        description="خالی بگذارید تا یک‌پنجم مهلت عادی باشد (دست‌کم یک روز).",
    )
    response_template = TextAreaField("متن آمادهٔ پاسخ", validators=[at_most(NOTES_MAX)], render_kw={"rows": 5})


class DayOffForm(WebForm):
    day = JalaliDateField("تاریخ", validators=[required_date])
    title = _name("عنوان", TITLE_MAX)


class DistrictForm(WebForm):
    name = _name("نام منطقه")
    thursday_off = BooleanField("پنجشنبه هم تعطیل است")
