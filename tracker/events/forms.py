"""Forms of the events area: the fast entry form, quick actions, feedback rows and list filters."""
from wtforms import (
    BooleanField, Field, FieldList, FormField, HiddenField, TextAreaField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from tracker.lists.events import EventFilter
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, PRIORITIES
from tracker.models.limits import DURATION_MINUTES, NOTES_MAX, TEXT_MAX, TITLE_MAX
from tracker.persian.digits import to_persian_digits
from tracker.persian.text import normalize
from tracker.web.fields import (
    REQUIRED, CountField, FilterDateField, JalaliDateField, PersianTextField, SelectField, TimeField, applied,
    at_most, in_range, optional_int, options, required_date,
)
from tracker.web.forms import WebForm, WebSubForm
from tracker.web.ids import read_id

BLANK = "—"
DURATION_MESSAGE = "مدت باید میان {low} تا {high} دقیقه باشد."


class IdListField(Field):
    """Ids submitted as repeated hidden inputs (official_ids=3&official_ids=7), chosen in the page."""

    def process_formdata(self, valuelist):
        ids = []
        for raw in valuelist:
            record_id = read_id(raw)
            if record_id is not None and record_id not in ids:
                ids.append(record_id)
        self.data = ids

    def process_data(self, value):
        self.data = list(value or [])


class EventForm(WebForm):
    kind = SelectField("نوع رویداد", choices=options(EVENT_KINDS.items()), default="home_visit")
    status = SelectField("وضعیت", choices=options(EVENT_STATUSES.items()), default="planned")
    campaign_id = SelectField("پویش", coerce=optional_int, choices=[])
    phase_id = SelectField("مرحله", coerce=optional_int, choices=[])
    neighborhood_id = SelectField("محله", coerce=optional_int, choices=[],
                             validators=[DataRequired("محله را انتخاب کنید.")])
    held_on = JalaliDateField("تاریخ", validators=[required_date])
    start_time = TimeField("ساعت", validators=[Optional()])
    duration_minutes = CountField("مدت (دقیقه)", validators=[in_range(DURATION_MINUTES, DURATION_MESSAGE)])
    title = PersianTextField("عنوان", validators=[Optional(), at_most(TITLE_MAX)])
    official_ids = IdListField("مدیران حاضر")
    household_ids = IdListField("خانوارها")
    minutes = TextAreaField("گزارش (صورت‌جلسه)", validators=[at_most(TEXT_MAX)], render_kw={"rows": 5})
    confirm_outside_dates = BooleanField("این تاریخ درست است؛ با این حال ذخیره شود")
    version = HiddenField()

    def fill_choices(self, campaigns, phases, neighborhoods) -> None:
        """Offer the district's campaigns and neighborhoods ((id, name) pairs) and the campaigns' phases."""
        self.campaign_id.choices = options(campaigns, BLANK)
        self.phase_id.choices = options(
            ((p.id, f"{p.campaign.title} — مرحلهٔ {to_persian_digits(p.number)}: {p.title}") for p in phases), BLANK
        )
        self.neighborhood_id.choices = options(neighborhoods, "انتخاب کنید")

    def validate_phase_id(self, field):
        if field.data and not self.campaign_id.data:
            raise ValidationError("برای انتخاب مرحله، نخست پویش را انتخاب کنید.")


class DoneForm(WebForm):
    minutes = TextAreaField("گزارش (صورت‌جلسه)", validators=[at_most(TEXT_MAX)], render_kw={"rows": 4})


class ConfirmForm(WebForm):
    confirm = BooleanField("مطمئنم", validators=[DataRequired("برای ادامه، تأیید را بزنید.")])


class FeedbackRowForm(WebSubForm):
    kind = SelectField("نوع", choices=options(FEEDBACK_KINDS.items(), BLANK))
    topic_id = SelectField("موضوع", coerce=optional_int, choices=[])
    text = TextAreaField("متن", validators=[at_most(TEXT_MAX)], render_kw={"rows": 2})
    household_id = SelectField("خانوار", coerce=optional_int, choices=[])
    department_id = SelectField("معاونت پیشنهادی", coerce=optional_int, choices=[])
    priority = SelectField("اولویت", choices=options(PRIORITIES.items()), default="normal")

    def is_empty(self) -> bool:
        return not (self.text.data or "").strip() and not self.kind.data

    def validate_kind(self, field):
        if not field.data and (self.text.data or "").strip():
            raise ValidationError("نوع بازخورد را انتخاب کنید.")

    def validate_text(self, field):
        if self.kind.data and not normalize(field.data or "").strip():
            raise ValidationError("متن بازخورد را بنویسید.")


# Rows a visit's form offers at first; one blank row is always added after the filled ones.
FEEDBACK_ROWS = 3
FEEDBACK_ROWS_MAX = 100


class FeedbackRowsForm(WebForm):
    rows = FieldList(FormField(FeedbackRowForm), "ردیف", min_entries=FEEDBACK_ROWS, max_entries=FEEDBACK_ROWS_MAX)

    def keep_a_blank_row(self, more: bool = False) -> None:
        """Make sure a blank row follows the filled ones (two when more rows were asked for)."""
        wanted = max(FEEDBACK_ROWS, len(self.filled_rows()) + (2 if more else 1))
        while len(self.rows) < min(wanted, FEEDBACK_ROWS_MAX):
            self.rows.append_entry()

    def fill_choices(self, topics, households, departments, *, fresh: bool = False) -> None:
        """Offer the district's topics and departments and only the event's households.

        On a fresh form a visit's lone household is chosen in every row, since it heard everything.
        """
        for row in self.rows:
            row.topic_id.choices = options(((t.id, t.name) for t in topics), BLANK)
            row.household_id.choices = options(((h.id, h.name) for h in households), BLANK)
            row.department_id.choices = options(((d.id, d.name) for d in departments), "پیش‌فرض موضوع")
            if fresh and len(households) == 1:
                row.household_id.data = households[0].id

    def filled_rows(self):
        """Return the rows the user typed something in."""
        return [row.form for row in self.rows if not row.form.is_empty()]


class CommitmentForm(WebForm):
    official_id = SelectField("مدیر متعهد", coerce=optional_int, choices=[],
                         validators=[DataRequired("مدیر را انتخاب کنید.")])
    household_id = SelectField("به خانوار", coerce=optional_int, choices=[], validators=[Optional()])
    text = TextAreaField("متن تعهد", render_kw={"rows": 2}, validators=[DataRequired(REQUIRED), at_most(NOTES_MAX)])
    due_on = JalaliDateField("مهلت", validators=[required_date])

    def fill_choices(self, officials, households, *, fresh: bool) -> None:
        """Offer the event's officials and households; on a fresh form, a lone household is chosen."""
        self.official_id.choices = options(((o.id, o.name) for o in officials), "انتخاب کنید")
        self.household_id.choices = options(((h.id, h.name) for h in households), BLANK)
        if fresh and len(households) == 1:
            self.household_id.data = households[0].id


class FilterForm(WebForm):
    class Meta:
        csrf = False

    campaign = SelectField("پویش", coerce=optional_int, choices=[], validators=[Optional()])
    neighborhood = SelectField("محله", coerce=optional_int, choices=[], validators=[Optional()])
    kind = SelectField("نوع", choices=options(EVENT_KINDS.items(), "همه"), validators=[Optional()])
    status = SelectField("وضعیت", choices=options(EVENT_STATUSES.items(), "همه"), validators=[Optional()])
    from_ = FilterDateField("از تاریخ", name="from")
    to = FilterDateField("تا تاریخ")
    sort = SelectField("ترتیب", choices=options([("desc", "تازه‌ترین نخست"), ("asc", "قدیمی‌ترین نخست")]), default="desc")

    def fill_choices(self, campaigns, neighborhoods) -> None:
        """Offer the district's campaigns and neighborhoods, as (id, name) pairs."""
        self.campaign.choices = options(campaigns, "همه")
        self.neighborhood.choices = options(neighborhoods, "همه")

    def to_filter(self, district_id: int) -> EventFilter:
        """Return the filter the valid fields give; a wrong field is shown with its error, not applied."""
        return EventFilter(district_id, campaign_id=applied(self.campaign), neighborhood_id=applied(self.neighborhood),
                           kind=applied(self.kind), status=applied(self.status), held_from=applied(self.from_),
                           held_to=applied(self.to))

    def validate_to(self, field):
        if field.data and self.from_.data and field.data < self.from_.data:
            raise ValidationError("«تا تاریخ» پیش از «از تاریخ» است.")
