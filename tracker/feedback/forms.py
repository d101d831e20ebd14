"""Forms of the feedback area: the list filter, the workflow actions and commitment status."""
from dataclasses import replace
from datetime import datetime

from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from tracker.feedback.services import ActionParams
from tracker.lists.feedback import (
    COMMITMENT_STATUS_FILTERS, FEEDBACK_STATUS_FILTERS, CommitmentFilter, FeedbackFilter,
)
from tracker.models.choices import (
    COMMITMENT_STATUSES, CONTACT_CHANNELS, CONTACT_OUTCOMES, FEEDBACK_KINDS, FEEDBACK_STATUSES,
    PRIORITIES, REJECTION_REASONS, SATISFACTION,
)
from tracker.models.limits import COMMENT_MAX, EVIDENCE_MAX, ID_MAX, QUERY_MAX, TEXT_MAX
from tracker.persian.dates import now_tehran
from tracker.web.fields import (
    CountField, FilterDateField, JalaliDateField, SelectField, TimeField, applied, at_most, in_range, optional_int,
    options,
)
from tracker.web.forms import WebForm
from tracker.web.ids import read_id

ANY = "همه"


class FilterForm(WebForm):
    """The feedback list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField("جست‌وجو در متن", validators=[at_most(QUERY_MAX)])
    campaign = SelectField("پویش", coerce=optional_int, validators=[Optional()])
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])
    kind = SelectField("نوع", choices=options(FEEDBACK_KINDS.items(), "همه"), validators=[Optional()])
    status = SelectField("وضعیت", choices=options(FEEDBACK_STATUS_FILTERS.items(), "همه"), validators=[Optional()])
    department = SelectField("معاونت", coerce=optional_int, validators=[Optional()])
    date_from = FilterDateField("دریافت از", validators=[Optional()])
    date_to = FilterDateField("تا", validators=[Optional()])

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


class _VersionedForm(WebForm):
    version = HiddenField()

    def expected_version(self) -> int | None:
        """Return the version the page was showing; a tampered value never matches (0)."""
        raw = (self.version.data or "").strip()
        if not raw:
            return None
        return read_id(raw) or 0


# Form fields whose ActionParams field has another name.
PARAM_NAMES = {"department": "department_id", "target": "target_id"}
NOT_PARAMS = ("version", "csrf_token", "close")


class _ActionForm(_VersionedForm):
    """A workflow action's form: it only parses; services.perform checks what the action needs."""

    # Fields read together into one parameter by the form's own params(), and where its errors go.
    combined: tuple[str, ...] = ()
    combined_param: str | None = None

    def params(self) -> ActionParams:
        """Return the form's input as the workflow's parameters."""
        values = {PARAM_NAMES.get(name, name): field.data for name, field in self._fields.items()
                  if name not in NOT_PARAMS and name not in self.combined}
        return ActionParams(**{name: None if value == "" else value for name, value in values.items()})

    def field_for(self, param: str | None):
        """Return the field beside which an error about param is shown (the first field by default)."""
        names = {PARAM_NAMES.get(name, name): name for name in self._fields}
        if self.combined and param == self.combined_param:
            names[param] = self.combined[-1]
        name = names.get(param) or next(n for n in self._fields if n not in NOT_PARAMS)
        return self[name]


COMMENT = {"validators": [Optional(), at_most(COMMENT_MAX)], "render_kw": {"rows": 2}}


class ReferForm(_ActionForm):
    department = SelectField("معاونت", coerce=optional_int, validators=[Optional()])
    comment = TextAreaField("توضیح", **COMMENT)


class StartForm(_ActionForm):
    comment = TextAreaField("توضیح", **COMMENT)


class AnswerForm(_ActionForm):
    response = TextAreaField("پاسخ معاونت", validators=[Optional(), at_most(TEXT_MAX)],
                             render_kw={"rows": 5})


class RequestDetailForm(_ActionForm):
    comment = TextAreaField("پرسش از روابط عمومی", **COMMENT)


class RejectForm(_ActionForm):
    reason = SelectField("دلیل رد", choices=options(REJECTION_REASONS.items(), "انتخاب کنید"),
                         validators=[Optional()])
    comment = TextAreaField("توضیح", **COMMENT)


class MergeForm(_ActionForm):
    target = CountField("شمارهٔ بازخورد اصلی", validators=[Optional(), in_range((1, ID_MAX), "شماره معتبر نیست.")])
    comment = TextAreaField("توضیح", **COMMENT)


class ContactForm(_ActionForm):
    channel = SelectField("روش اطلاع‌رسانی", choices=options(CONTACT_CHANNELS.items(), "انتخاب کنید"),
                          validators=[Optional()])
    outcome = SelectField("نتیجه", choices=options(CONTACT_OUTCOMES.items(), "انتخاب کنید"),
                          validators=[Optional()])
    satisfaction = SelectField("رضایت شهروند", choices=options(SATISFACTION.items(), "نامشخص"),
                               validators=[Optional()])
    contact_day = JalaliDateField("تاریخ تماس", validators=[Optional()])
    contact_time = TimeField("ساعت تماس")
    comment = TextAreaField("توضیح", **COMMENT)
    close = BooleanField("با این تماس، بازخورد بسته شود")

    combined = ("contact_day", "contact_time")
    combined_param = "contacted_at"

    def fill_now(self) -> None:
        """Offer the current Tehran date and minute, the usual case of a call made just now."""
        now = now_tehran().replace(second=0, microsecond=0, tzinfo=None)
        self.contact_day.data, self.contact_time.data = now.date(), now.time()

    def validate_contact_time(self, field):
        if field.errors or self.contact_day.errors:
            return  # a date or time that does not parse has its own message
        if (field.data is None) != (self.contact_day.data is None):
            raise ValidationError("تاریخ و ساعت تماس را با هم بنویسید، یا هر دو را خالی بگذارید (اکنون).")

    def params(self) -> ActionParams:
        """Return the input as the workflow's parameters, the day and time as one contact time."""
        day, at = self.contact_day.data, self.contact_time.data
        contacted_at = datetime.combine(day, at) if day and at else None
        return replace(super().params(), contacted_at=contacted_at)


class PrioritizeForm(_ActionForm):
    priority = SelectField("اولویت تازه", choices=options(PRIORITIES.items(), "انتخاب کنید"),
                           validators=[Optional()])
    comment = TextAreaField("توضیح", **COMMENT)


class ReopenForm(_ActionForm):
    to = SelectField("بازگشت به", choices=options([("referred", FEEDBACK_STATUSES["referred"]),
                                                   ("in_progress", FEEDBACK_STATUSES["in_progress"])]))
    department = SelectField("معاونت (برای ارجاع دوباره)", coerce=optional_int, validators=[Optional()])
    comment = TextAreaField("دلیل بازگشایی", validators=[Optional(), at_most(COMMENT_MAX)],
                            render_kw={"rows": 2})


class CommitmentFilterForm(WebForm):
    """The commitments list's filters, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField("وضعیت", choices=options(COMMITMENT_STATUS_FILTERS.items(), "همه"), validators=[Optional()])
    official = SelectField("مسئول", coerce=optional_int, validators=[Optional()])

    def to_filter(self, district_id: int) -> CommitmentFilter:
        """Return the filter the valid fields give; a wrong field is shown with its error, not applied."""
        return CommitmentFilter(district_id, status=applied(self.status), official_id=applied(self.official))


class CommitmentStatusForm(_VersionedForm):
    status = SelectField("وضعیت", choices=options(COMMITMENT_STATUSES.items()))
    evidence = TextAreaField("مستندات انجام", validators=[Optional(), at_most(EVIDENCE_MAX)], render_kw={"rows": 2})
