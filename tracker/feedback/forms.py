"""Forms of the feedback area: the list filter, the workflow actions and commitment status."""
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError,
)

from tracker.models.choices import (
    COMMITMENT_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
    REJECTION_REASONS, SATISFACTION,
)
from tracker.web.fields import REQUIRED, JalaliDateField

ANY = "همه"


def options(pairs, blank: str | None = None) -> list[SelectChoice]:
    """Return select choices from (value, label) pairs, after an optional blank choice."""
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(value, label) for value, label in pairs]


def _choices(labels: dict[str, str], blank: str | None = None) -> list[SelectChoice]:
    return options(labels.items(), blank)


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class FilterForm(FlaskForm):
    """The feedback list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField("جست‌وجو در متن")
    campaign = SelectField("پویش", coerce=_int_or_none, validators=[Optional()])
    neighborhood = SelectField("محله", coerce=_int_or_none, validators=[Optional()])
    kind = SelectField("نوع", choices=_choices(FEEDBACK_KINDS, "همه"), validators=[Optional()])
    status = SelectField("وضعیت", choices=_choices(FEEDBACK_STATUSES, "همه") + options([("overdue", "عقب‌افتاده")]),
                         validators=[Optional()])
    department = SelectField("معاونت", coerce=_int_or_none, validators=[Optional()])
    date_from = JalaliDateField("دریافت از", validators=[Optional()])
    date_to = JalaliDateField("تا", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")


class _ActionForm(FlaskForm):
    version = HiddenField()


class ReferForm(_ActionForm):
    department = SelectField("معاونت", coerce=_int_or_none,
                             validators=[InputRequired("معاونت را انتخاب کنید.")])
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class StartForm(_ActionForm):
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class AnswerForm(_ActionForm):
    response = TextAreaField("پاسخ معاونت", validators=[DataRequired(REQUIRED), Length(max=5000)],
                             render_kw={"rows": 5})


class RequestDetailForm(_ActionForm):
    comment = TextAreaField("پرسش از روابط عمومی", validators=[DataRequired(REQUIRED), Length(max=2000)],
                            render_kw={"rows": 2})


class RejectForm(_ActionForm):
    reason = SelectField("دلیل رد", choices=_choices(REJECTION_REASONS, "انتخاب کنید"),
                         validators=[DataRequired("دلیل رد را انتخاب کنید.")])
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class MergeForm(_ActionForm):
    target = IntegerField("شمارهٔ بازخورد اصلی",
                          validators=[InputRequired("شمارهٔ بازخورد اصلی را وارد کنید."),
                                      NumberRange(min=1, message="شماره معتبر نیست.")],
                          render_kw={"dir": "ltr", "inputmode": "numeric"})
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class ContactForm(_ActionForm):
    channel = SelectField("روش اطلاع‌رسانی", choices=_choices(CONTACT_CHANNELS, "انتخاب کنید"),
                          validators=[DataRequired("روش اطلاع‌رسانی را انتخاب کنید.")])
    outcome = SelectField("نتیجه", choices=_choices(CONTACT_OUTCOMES, "انتخاب کنید"),
                          validators=[DataRequired("نتیجهٔ تماس را انتخاب کنید.")])
    satisfaction = SelectField("رضایت شهروند", choices=_choices(SATISFACTION, "نامشخص"),
                               validators=[Optional()])
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    close = BooleanField("با این تماس، بازخورد بسته شود")

    def validate_satisfaction(self, field):
        if self.close.data and not field.data:
            raise ValidationError("برای بستن، رضایت شهروند را مشخص کنید.")


class ReopenForm(_ActionForm):
    to = SelectField("بازگشت به", choices=options([("referred", FEEDBACK_STATUSES["referred"]),
                                                   ("in_progress", FEEDBACK_STATUSES["in_progress"])]))
    department = SelectField("معاونت (برای ارجاع دوباره)", coerce=_int_or_none, validators=[Optional()])
    comment = TextAreaField("دلیل بازگشایی", validators=[DataRequired(REQUIRED), Length(max=2000)],
                            render_kw={"rows": 2})


class CommitmentFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("وضعیت", choices=_choices(COMMITMENT_STATUSES, "همه") + options([("overdue", "عقب‌افتاده")]),
                         validators=[Optional()])
    official = SelectField("مسئول", coerce=_int_or_none, validators=[Optional()])


class CommitmentStatusForm(_ActionForm):
    status = SelectField("وضعیت", choices=_choices(COMMITMENT_STATUSES))
    evidence = TextAreaField("مستندات انجام", validators=[Optional(), Length(max=3000)], render_kw={"rows": 2})
