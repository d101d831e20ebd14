"""Forms of the feedback area: the list filter, the workflow actions and commitment status."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError,
)

from tracker.feedback.queries import (
    COMMITMENT_STATUS_FILTERS, FEEDBACK_STATUS_FILTERS, CommitmentFilter, FeedbackFilter,
)
from tracker.models.choices import (
    COMMITMENT_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
    REJECTION_REASONS, SATISFACTION,
)
from tracker.web.fields import REQUIRED, JalaliDateField, SelectField, applied, optional_int, options

ANY = "همه"


class FilterForm(FlaskForm):
    """The feedback list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField("جست‌وجو در متن")
    campaign = SelectField("پویش", coerce=optional_int, validators=[Optional()])
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])
    kind = SelectField("نوع", choices=options(FEEDBACK_KINDS.items(), "همه"), validators=[Optional()])
    status = SelectField("وضعیت", choices=options(FEEDBACK_STATUS_FILTERS.items(), "همه"), validators=[Optional()])
    department = SelectField("معاونت", coerce=optional_int, validators=[Optional()])
    date_from = JalaliDateField("دریافت از", validators=[Optional()])
    date_to = JalaliDateField("تا", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")

    def to_filter(self, district_id: int) -> FeedbackFilter:
        """Return the filter the valid fields give; a wrong field is shown with its error, not applied."""
        return FeedbackFilter(
            district_id, q=applied(self.q), campaign_id=applied(self.campaign),
            neighborhood_id=applied(self.neighborhood), kind=applied(self.kind), status=applied(self.status),
            department_id=applied(self.department), received_from=applied(self.date_from),
            received_to=applied(self.date_to),
        )


class _ActionForm(FlaskForm):
    version = HiddenField()


class ReferForm(_ActionForm):
    department = SelectField("معاونت", coerce=optional_int,
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
    reason = SelectField("دلیل رد", choices=options(REJECTION_REASONS.items(), "انتخاب کنید"),
                         validators=[DataRequired("دلیل رد را انتخاب کنید.")])
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class MergeForm(_ActionForm):
    target = IntegerField("شمارهٔ بازخورد اصلی",
                          validators=[InputRequired("شمارهٔ بازخورد اصلی را وارد کنید."),
                                      NumberRange(min=1, message="شماره معتبر نیست.")],
                          render_kw={"dir": "ltr", "inputmode": "numeric"})
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class ContactForm(_ActionForm):
    channel = SelectField("روش اطلاع‌رسانی", choices=options(CONTACT_CHANNELS.items(), "انتخاب کنید"),
                          validators=[DataRequired("روش اطلاع‌رسانی را انتخاب کنید.")])
    outcome = SelectField("نتیجه", choices=options(CONTACT_OUTCOMES.items(), "انتخاب کنید"),
                          validators=[DataRequired("نتیجهٔ تماس را انتخاب کنید.")])
    satisfaction = SelectField("رضایت شهروند", choices=options(SATISFACTION.items(), "نامشخص"),
                               validators=[Optional()])
    comment = TextAreaField("توضیح", validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    close = BooleanField("با این تماس، بازخورد بسته شود")

    def validate_satisfaction(self, field):
        if self.close.data and not field.data:
            raise ValidationError("برای بستن، رضایت شهروند را مشخص کنید.")


class ReopenForm(_ActionForm):
    to = SelectField("بازگشت به", choices=options([("referred", FEEDBACK_STATUSES["referred"]),
                                                   ("in_progress", FEEDBACK_STATUSES["in_progress"])]))
    department = SelectField("معاونت (برای ارجاع دوباره)", coerce=optional_int, validators=[Optional()])
    comment = TextAreaField("دلیل بازگشایی", validators=[DataRequired(REQUIRED), Length(max=2000)],
                            render_kw={"rows": 2})


class CommitmentFilterForm(FlaskForm):
    """The commitments list's filters, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField("وضعیت", choices=options(COMMITMENT_STATUS_FILTERS.items(), "همه"), validators=[Optional()])
    official = SelectField("مسئول", coerce=optional_int, validators=[Optional()])

    def to_filter(self, district_id: int) -> CommitmentFilter:
        """Return the filter the valid fields give; a wrong field is shown with its error, not applied."""
        return CommitmentFilter(district_id, status=applied(self.status), official_id=applied(self.official))


class CommitmentStatusForm(_ActionForm):
    status = SelectField("وضعیت", choices=options(COMMITMENT_STATUSES.items()))
    evidence = TextAreaField("مستندات انجام", validators=[Optional(), Length(max=3000)], render_kw={"rows": 2})
