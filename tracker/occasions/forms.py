"""The form of a district's own occasion: title, a month of either calendar, day and length."""
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from tracker.persian.dates import HIJRI_MONTH_NAMES, MONTH_NAMES
from tracker.models.limits import TITLE_MAX
from tracker.web.fields import REQUIRED, CountField, PersianTextField, SelectField, at_most
from tracker.web.forms import WebForm

SOLAR, LUNAR = "ماه‌های خورشیدی", "ماه‌های قمری (تاریخ هر سال محاسبه می‌شود)"


def _month_choices() -> list[SelectChoice]:
    # One select for both calendars: the value carries the calendar, "solar-4" or "lunar-7".
    return ([SelectChoice(f"solar-{i}", name, optgroup=SOLAR) for i, name in enumerate(MONTH_NAMES, 1)]
            + [SelectChoice(f"lunar-{i}", name, optgroup=LUNAR) for i, name in enumerate(HIJRI_MONTH_NAMES, 1)])


class OccasionForm(WebForm):
    """A recurring occasion of this district (a district anniversary, a local festival)."""

    title = PersianTextField("عنوان", validators=[DataRequired(REQUIRED), at_most(TITLE_MAX)])
    month = SelectField("ماه", choices=_month_choices(), default="solar-1")
    day = CountField("روز",
                     render_kw={"inputmode": "numeric", "dir": "ltr", "placeholder": "۱۴"})
    length_days = CountField("چند روز",
                             render_kw={"inputmode": "numeric", "dir": "ltr", "placeholder": "۱"})

    def fill(self, occasion) -> None:
        """Show a stored occasion's values in the form."""
        self.title.data = occasion.title
        self.month.data = f"{occasion.calendar}-{occasion.month}"
        self.day.data = occasion.day
        self.length_days.data = occasion.length_days

    def values(self) -> dict:
        """Return the values the occasions service checks and stores."""
        calendar, _, month = (self.month.data or "").partition("-")
        return {"title": self.title.data, "calendar": calendar, "month": month, "day": self.day.data,
                "length_days": self.length_days.data}
