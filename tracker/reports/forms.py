"""The report filters, read from the query string: Jalali date range or period, neighborhood, campaign."""
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from tracker.models.choices import FEEDBACK_KINDS, FEEDBACK_STATUSES
from tracker.persian.dates import MONTH_NAMES, SEASON_NAMES, JalaliPeriod
from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.web.fields import FilterDateField, ParsedField, SelectField, optional_int, options
from tracker.web.forms import WebForm

ANY = "همه"


def _parse_year(raw: str) -> int:
    text = to_ascii_digits(raw).strip()
    if not text.isdigit() or not 1300 <= int(text) <= 1500:
        raise ValueError("سال را چهاررقمی و خورشیدی بنویسید، مثلاً ۱۴۰۴.")
    return int(text)


class YearField(ParsedField):
    """A Jalali year typed in any digits."""

    parse = staticmethod(_parse_year)
    show = staticmethod(to_persian_digits)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "dir": "ltr", "placeholder": "۱۴۰۴"})
        super().__init__(label, validators, **kwargs)


WHOLE_YEAR = "همهٔ سال"
KINDS = {"s": "season", "m": "month"}


def period_choices() -> list[SelectChoice]:
    """Return the period select's options: the whole year, then seasons (s1-s4), then months (m1-m12)."""
    return ([SelectChoice("", WHOLE_YEAR)]
            + [SelectChoice(f"s{i}", name, optgroup="فصل") for i, name in enumerate(SEASON_NAMES, 1)]
            + [SelectChoice(f"m{i}", name, optgroup="ماه") for i, name in enumerate(MONTH_NAMES, 1)])


def period_of(year: int, code: str | None) -> JalaliPeriod:
    """Return the period a year and a period code ("", "s1".."s4", "m1".."m12") name."""
    if not code:
        return JalaliPeriod(year)
    return JalaliPeriod(year, KINDS[code[0]], int(code[1:]))


class RangeForm(WebForm):
    """A Jalali date range, or a year with a season or month, and a neighborhood, shared by every report."""

    class Meta:
        csrf = False

    date_from = FilterDateField("از تاریخ", validators=[Optional()])
    date_to = FilterDateField("تا تاریخ", validators=[Optional()])
    year = YearField("یا سال")
    period = SelectField("دوره", choices=period_choices(), default="", validators=[Optional()])
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")

    def validate_year(self, field):
        if field.data and (self.date_from.data or self.date_to.data):
            raise ValidationError("یا بازهٔ تاریخ را بنویسید یا سال و دوره را، نه هر دو.")

    def validate_period(self, field):
        if field.data and not self.year.data and not self.year.errors:
            raise ValidationError("برای انتخاب فصل یا ماه، سال را هم بنویسید.")

    def bounds(self):
        """Return the (start, end) the valid form selects: the period's bounds when a year is given."""
        if self.year.data:
            return period_of(self.year.data, self.period.data).bounds()
        return self.date_from.data, self.date_to.data


class LedgerForm(RangeForm):
    """The ledger's filters: the range, a campaign, status, kind and department."""

    campaign = SelectField("پویش", coerce=optional_int, validators=[Optional()])
    status = SelectField("وضعیت", choices=options(FEEDBACK_STATUSES.items(), ANY), validators=[Optional()])
    kind = SelectField("نوع", choices=options(FEEDBACK_KINDS.items(), ANY), validators=[Optional()])
    department = SelectField("معاونت", coerce=optional_int, validators=[Optional()])


class PeriodForm(WebForm):
    """A Jalali year and, within it, a season or month (blank: the whole year), and an optional neighborhood."""

    class Meta:
        csrf = False

    year = YearField("سال")
    period = SelectField("دوره", choices=period_choices(), default="")
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])

    def to_period(self) -> JalaliPeriod:
        """Return the period the valid form names."""
        return period_of(self.year.data, self.period.data)
