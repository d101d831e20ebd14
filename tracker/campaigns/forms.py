"""The campaign form: fields, repeated phase rows and a neighborhood × category targets grid."""
from wtforms import FieldList, FormField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from tracker.models.choices import CAMPAIGN_STATUSES, HOUSEHOLD_CATEGORIES
from tracker.models.limits import NOTES_MAX, PHASE_NUMBER, QUERY_MAX, TARGET_COUNT, TITLE_MAX
from tracker.persian.dates import jalali_year_month
from tracker.persian.digits import format_number
from tracker.web.fields import (
    REQUIRED, CountField, JalaliDateField, PersianTextField, at_most, in_range, optional_int, options, required_date,
)
from tracker.web.fields import SelectField as PersianSelectField
from tracker.web.forms import WebForm, WebSubForm

PHASE_SLOTS = 4


class PhaseForm(WebSubForm):
    """One phase row; a row left entirely blank is ignored."""

    number = CountField("شماره", validators=[in_range(PHASE_NUMBER, "شمارهٔ مرحله باید میان {low} تا {high} باشد.")])
    title = PersianTextField("عنوان مرحله", validators=[at_most(TITLE_MAX)])
    starts_on = JalaliDateField("شروع")
    ends_on = JalaliDateField("پایان")

    def is_blank(self) -> bool:
        fields = (self.number, self.title, self.starts_on, self.ends_on)
        return not any(getattr(f, "raw_input", None) or f.data for f in fields)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.is_blank():
            return ok
        if self.number.data is None and not self.number.errors:
            self.number.errors.append(REQUIRED)
            ok = False
        if not self.title.data:
            self.title.errors.append(REQUIRED)
            ok = False
        if self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors.append("پایان مرحله نمی‌تواند پیش از شروع آن باشد.")
            ok = False
        return ok


class CampaignForm(WebForm):
    """A campaign's fields and phases; the targets grid is added per district by campaign_form()."""

    title = PersianTextField("عنوان", validators=[DataRequired(REQUIRED), at_most(TITLE_MAX)])
    occasion_id = PersianSelectField("مناسبت از تقویم", coerce=optional_int, choices=[])
    occasion = PersianTextField("نام مناسبت", validators=[Optional(), at_most(TITLE_MAX)])
    status = SelectField("وضعیت", default="draft",
                         choices=[SelectChoice(code, text) for code, text in CAMPAIGN_STATUSES.items()])
    starts_on = JalaliDateField("تاریخ شروع", validators=[required_date])
    ends_on = JalaliDateField("تاریخ پایان", validators=[required_date])
    goals = TextAreaField("اهداف", validators=[at_most(NOTES_MAX)], render_kw={"rows": 3})
    phases = FieldList(FormField(PhaseForm), "مرحلهٔ", min_entries=PHASE_SLOTS)
    version = HiddenField()

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        rows = [row.form for row in self.phases if not row.form.is_blank()]
        if not rows:
            self.phases[0].form.title.errors.append("دست‌کم یک مرحله لازم است.")
            return False
        seen = set()
        for row in rows:
            number = row.number.data
            if number in seen:
                row.number.errors.append("شمارهٔ مرحله تکراری است.")
                ok = False
            seen.add(number)
        return ok

    def target_cells(self):
        """Yield (neighborhood_id, category, field) for every cell of the grid."""
        for name, cell in self.targets.form._fields.items():
            nid, category = name[1:].split("_", 1)
            yield int(nid), category, cell

    def to_data(self) -> dict:
        """Return the cleaned values in the shape the campaign services take."""
        return {
            "title": self.title.data,
            "occasion": self.occasion.data or None,
            "occasion_id": self.occasion_id.data,
            "status": self.status.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "goals": (self.goals.data or "").strip() or None,
            "phases": [
                {"number": r.number.data, "title": r.title.data,
                 "starts_on": r.starts_on.data, "ends_on": r.ends_on.data}
                for r in (row.form for row in self.phases) if not r.is_blank()
            ],
            "targets": [{"neighborhood_id": nid, "category": cat, "count": cell.data or 0}
                        for nid, cat, cell in self.target_cells()],
            "version": int(self.version.data) if str(self.version.data or "").isdigit() else None,
        }


def cell_name(neighborhood_id: int, category: str) -> str:
    """Return the grid field name of one neighborhood and category."""
    return f"n{neighborhood_id}_{category}"


def campaign_form(neighborhoods, campaign=None, occasions=(), **kwargs) -> CampaignForm:
    """Build the campaign form with one target input per neighborhood and household category.

    occasions are the (id, title) pairs a campaign may link to.
    """
    grid = type("TargetsForm", (WebSubForm,), {
        cell_name(n.id, cat): CountField(f"{n.name} – {label}", validators=[in_range(TARGET_COUNT)])
        for n in neighborhoods for cat, label in HOUSEHOLD_CATEGORIES.items()
    })
    form_class = type("CampaignGridForm", (CampaignForm,), {"targets": FormField(grid, "هدف")})
    if campaign is not None and "formdata" not in kwargs:
        kwargs["data"] = _initial(campaign)
    form = form_class(**kwargs)
    form.occasion_id.choices = options(occasions, "—")
    return form


def planned_for(occurrence) -> dict:
    """Return a new campaign's values for one year's dates of an occasion: its name, dates and a first phase."""
    occasion = occurrence.occasion
    title = f"{occasion.title} {format_number(jalali_year_month(occurrence.starts_on)[0])}"
    return {
        "title": title, "occasion": occasion.title, "occasion_id": occasion.id, "status": "draft",
        "starts_on": occurrence.starts_on, "ends_on": occurrence.ends_on,
        "phases": [{"number": 1, "title": title}] + [{}] * (PHASE_SLOTS - 1),
    }


def _initial(campaign) -> dict:
    phases = [
        {"number": p.number, "title": p.title, "starts_on": p.starts_on, "ends_on": p.ends_on}
        for p in campaign.phases
    ]
    phases += [{}] * max(PHASE_SLOTS - len(phases), 1)
    return {
        "title": campaign.title, "occasion": campaign.occasion, "occasion_id": campaign.occasion_id,
        "status": campaign.status,
        "starts_on": campaign.starts_on, "ends_on": campaign.ends_on, "goals": campaign.goals,
        "phases": phases, "version": str(campaign.version),
        "targets": {cell_name(t.neighborhood_id, t.category): t.count for t in campaign.targets},
    }


class TargetAddForm(WebForm):
    """Which households to put on a campaign's target list: by neighborhood, category and name."""

    neighborhood_id = PersianSelectField("محله", coerce=optional_int, choices=[])
    category = PersianSelectField("دسته", choices=options(HOUSEHOLD_CATEGORIES.items(), "همهٔ دسته‌ها"), default="")
    q = PersianTextField("نام خانوار یا شهید", validators=[Optional(), at_most(QUERY_MAX)])

    def fill_choices(self, neighborhoods) -> None:
        """Offer the district's neighborhoods, as (id, name) pairs."""
        self.neighborhood_id.choices = options(neighborhoods, "همهٔ محله‌ها")

    def args(self) -> dict:
        """Return the pick as query-string values, to come back to the same pick."""
        values = {"neighborhood_id": self.neighborhood_id.data, "category": self.category.data, "q": self.q.data}
        return {name: value for name, value in values.items() if value}


class TargetPickForm(TargetAddForm):
    """The same pick read from the query string, to count it before adding."""

    class Meta:
        csrf = False
