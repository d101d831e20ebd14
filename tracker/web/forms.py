"""The base classes of every web form: each text a person types passes tracker.persian.text.clean_text.

A control character, NUL or a text past the widest limit is refused beside its field (the typed
text is shown again); bidi controls and zero-width characters other than ZWNJ are removed before
any validator or service sees the value. Each field's own limit (tracker.models.limits) stays a
Length validator on the field, so its message names the same number the API's does.
"""
from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, StringField

from tracker.models.limits import TEXT_MAX
from tracker.persian.text import clean_text


def typed_text(value):
    """Return a text field's value cleaned; anything else (a date, a number, None) as it is."""
    return clean_text(value, max_length=TEXT_MAX) if isinstance(value, str) else value


class _CleanText:
    """Meta that adds typed_text to every text field's filters (passwords stay exactly as typed)."""

    # A form whose Meta sets this False takes its text as typed (the sign-in form: see auth/forms.py).
    clean_typed_text = True

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if (self.clean_typed_text and issubclass(field_class, StringField)
                and not issubclass(field_class, PasswordField)):
            options["filters"] = [typed_text, *unbound_field.kwargs.get("filters", ())]
        return super().bind_field(form, unbound_field, options)


class WebForm(FlaskForm):
    """A form posted from a page (CSRF-protected), its text cleaned."""

    Meta = _CleanText


class WebSubForm(Form):
    """A group of fields inside a WebForm (a FieldList's row), its text cleaned."""

    Meta = _CleanText
