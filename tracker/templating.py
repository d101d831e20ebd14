"""Template filters and globals: Persian numbers, Jalali dates and vocabulary labels."""
from tracker.models.choices import VOCABULARIES, label, timeline_step
from tracker.models.people import hidden_household_fields
from tracker.persian.dates import format_jalali
from tracker.persian.digits import format_number, to_persian_digits
from tracker.persian.names import surname_key
from tracker.web.summary import form_errors


def by_surname(people) -> list:
    """Return people (anything with a name) by surname, honorifics ignored, as officials are listed."""
    return sorted(people, key=lambda p: surname_key(p.name))


def register(app):
    """Add the filters and globals to the app's Jinja environment."""
    app.add_template_filter(to_persian_digits, "fa")
    app.add_template_filter(format_number, "num")
    app.add_template_filter(format_jalali, "jdate")
    app.add_template_filter(label, "label")
    app.add_template_filter(by_surname, "by_surname")
    app.add_template_global(VOCABULARIES, "VOCABULARIES")
    app.add_template_global(timeline_step, "timeline_step")
    app.add_template_global(hidden_household_fields, "hidden_household_fields")
    app.add_template_global(form_errors, "form_errors")
