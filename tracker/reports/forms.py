"""The report filters, read from the query string: Jalali date range, neighborhood, campaign, month."""
from flask_wtf import FlaskForm
from wtforms.validators import Optional, ValidationError

from tracker.models.choices import FEEDBACK_KINDS, FEEDBACK_STATUSES
from tracker.persian.dates import MONTH_NAMES
from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.web.fields import JalaliDateField, ParsedField, SelectField, optional_int, options

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


class RangeForm(FlaskForm):
    """A Jalali date range and a neighborhood, shared by every report."""

    class Meta:
        csrf = False

    date_from = JalaliDateField("از تاریخ", validators=[Optional()])
    date_to = JalaliDateField("تا تاریخ", validators=[Optional()])
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")


class LedgerForm(RangeForm):
    """The ledger's filters: the range, a campaign, status, kind and department."""

    campaign = SelectField("کمپین", coerce=optional_int, validators=[Optional()])
    status = SelectField("وضعیت", choices=options(FEEDBACK_STATUSES.items(), ANY), validators=[Optional()])
    kind = SelectField("نوع", choices=options(FEEDBACK_KINDS.items(), ANY), validators=[Optional()])
    department = SelectField("معاونت", coerce=optional_int, validators=[Optional()])


class MonthForm(FlaskForm):
    """A Jalali month and an optional neighborhood."""

    class Meta:
        csrf = False

    year = YearField("سال")
    month = SelectField("ماه", coerce=optional_int,
                        choices=options([(i + 1, name) for i, name in enumerate(MONTH_NAMES)]))
    neighborhood = SelectField("محله", coerce=optional_int, validators=[Optional()])
