"""WTForms fields that take Persian input: Jalali dates, times, mobiles and national IDs."""
from wtforms import StringField
from wtforms import fields as wtf_fields
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from tracker.persian.dates import JalaliDateError, jalali_str, parse_jalali_time, read_typed_date
from tracker.persian.digits import read_number, to_ascii_digits, to_persian_digits
from tracker.persian.text import normalize
from tracker.persian.validators import clean_national_id, normalize_mobile

REQUIRED = "این خانه را پر کنید."


class ParsedField(StringField):
    """A text input whose value is parsed; on error the typed text is kept and shown again."""

    parse = staticmethod(lambda raw: raw)
    show = staticmethod(lambda value: str(value))

    def process_formdata(self, valuelist):
        self.raw_input = valuelist[0] if valuelist else ""
        self.data = None
        self._parse_error = None
        text = (self.raw_input or "").strip()
        if text:
            try:
                self.data = self.parse(text)
            except ValueError as error:
                self._parse_error = str(error)

    def pre_validate(self, form):
        if getattr(self, "_parse_error", None):
            raise ValidationError(self._parse_error)

    def _value(self):
        if getattr(self, "raw_input", None) is not None and (self._parse_error or self.data is None):
            return self.raw_input
        return self.show(self.data) if self.data is not None else ""


def ltr_hint(*parts: str) -> str:
    """Return a placeholder of Persian words that reads left to right in an ltr input, as typed digits do."""
    # Without the marks the words form one right-to-left run, putting the year on the right.
    return "\u200e/\u200e".join(parts) if len(parts) > 1 else parts[0]


DATE_HINT = ltr_hint("سال", "ماه", "روز")
TIME_HINT = "ساعت\u200e:\u200eدقیقه"


class JalaliDateField(ParsedField):
    """A Jalali date typed in Persian, Arabic-Indic or ASCII digits; data is a Gregorian date.

    A Gregorian date typed by mistake (2026-12-01) is recognized by its year and converted; the
    field then says so in ``note``. On a form that saves, the converted date is put in the field
    and must be sent again, so nothing is saved on a date the user has not seen in Jalali.
    """

    parse = staticmethod(lambda text: read_typed_date(text).day)
    show = staticmethod(lambda d: to_persian_digits(jalali_str(d)))
    confirm_converted = True

    def __init__(self, label=None, validators=None, **kwargs):
        # A format hint, not a date: a sample date would read as a filter already set.
        kwargs.setdefault("render_kw", {"placeholder": DATE_HINT, "inputmode": "numeric", "dir": "ltr",
                                        "autocomplete": "off", "data-jalali": "1"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.note = None
        if self.data is not None and not self._parse_error:
            typed = read_typed_date(self.raw_input)
            if typed.gregorian:
                # Written with slashes: between Persian digits a hyphen would turn 2026-12-01 into 01-12-2026.
                gregorian = to_persian_digits(typed.gregorian.replace("-", "/"))
                self.note = (f"«{gregorian}» تاریخ میلادی است و به "
                             f"{self.show(typed.day)} خورشیدی برگردانده شد.")
                self.raw_input = None  # show the Jalali date from now on

    def pre_validate(self, form):
        super().pre_validate(form)
        if getattr(self, "note", None) and self.confirm_converted:
            raise ValidationError(self.note + " اگر درست است، دوباره ذخیره کنید.")


class FilterDateField(JalaliDateField):
    """A list filter's Jalali date: a Gregorian date is converted and applied, with a note beside it."""

    confirm_converted = False


class TimeField(ParsedField):
    """A wall-clock time like ۱۷:۳۰."""

    parse = staticmethod(parse_jalali_time)
    show = staticmethod(lambda t: to_persian_digits(t.strftime("%H:%M")))

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": TIME_HINT, "inputmode": "numeric", "dir": "ltr"})
        super().__init__(label, validators, **kwargs)


class MobileField(ParsedField):
    """An Iranian mobile number in any digits or prefix; data is 09xxxxxxxxx."""

    parse = staticmethod(normalize_mobile)
    show = staticmethod(to_persian_digits)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "۰۹۱۲۳۴۵۶۷۸۹", "inputmode": "tel", "dir": "ltr"})
        super().__init__(label, validators, **kwargs)


class NationalIdField(ParsedField):
    """A ten-digit national ID checked against its check digit."""

    parse = staticmethod(clean_national_id)
    show = staticmethod(to_persian_digits)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "dir": "ltr"})
        super().__init__(label, validators, **kwargs)


def _parse_count(raw: str) -> int:
    text = to_ascii_digits(raw).strip()
    if text.startswith(("-", "\u2212")) and text[1:].strip().isdigit():
        raise ValueError("عدد نمی‌تواند منفی باشد.")
    return read_number(raw)


class CountField(ParsedField):
    """A whole number typed in Persian, Arabic-Indic or ASCII digits, in a text input.

    Never ``type=number``: browsers drop the Persian digits a Persian keyboard types into one.
    """

    parse = staticmethod(_parse_count)
    show = staticmethod(to_persian_digits)

    def __init__(self, label=None, validators=None, **kwargs):
        hint = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        kwargs["render_kw"] = {**hint, **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def _value(self):
        # A number refused for its size is shown as typed, so the user corrects what they wrote.
        if self.errors and getattr(self, "raw_input", None) is not None:
            return self.raw_input
        return super()._value()


class SelectField(wtf_fields.SelectField):
    """A select whose wrong-choice message is Persian (same class name, so _form.html styles it)."""

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError("یکی از گزینه‌های فهرست را انتخاب کنید.") from error


def options(pairs, blank: str | None = None) -> list[SelectChoice]:
    """Return select options from (value, label) pairs, optionally after a blank ("") option."""
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(value, label) for value, label in pairs]


def optional_int(value):
    """Coerce a select's value (any digits) to an int, or None for the blank choice."""
    if value in (None, "", "None"):
        return None
    try:
        return read_number(str(value))
    except ValueError:
        return -1  # matches no choice, so the select reports it in Persian


def _normalized(value):
    return normalize(value) if isinstance(value, str) else value


class PersianTextField(StringField):
    """A text input stored normalized (yeh, kaf, digits, spaces), after the form's check of typed text."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=[*filters, _normalized], **kwargs)


def at_most(length: int) -> Length:
    """Return a validator refusing text past length characters (a limit of tracker.models.limits), in Persian."""
    return Length(max=length, message=f"این متن بیش از {to_persian_digits(length)} نویسه است.")


def in_range(limits: tuple[int, int], message: str = "این عدد باید میان {low} تا {high} باشد."):
    """Return a validator refusing a number outside limits (low, high) with message, its {low} and {high} filled in."""
    low, high = limits
    message = message.format(low=to_persian_digits(low), high=to_persian_digits(high))

    def check(form, field):
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return check


def applied(field):
    """Return a filter field's value, or None when it is blank or wrong (a wrong one is shown, not applied)."""
    return field.data if field.data not in (None, "") and not field.errors else None


def required_date(form, field):
    """Fail with a Persian message when a date field is empty (parse errors are reported already)."""
    if field.data is None and not getattr(field, "_parse_error", None):
        raise ValidationError("تاریخ را وارد کنید.")


__all__ = [
    "CountField", "DATE_HINT", "FilterDateField", "JalaliDateError", "JalaliDateField", "MobileField",
    "NationalIdField", "ParsedField", "PersianTextField", "REQUIRED", "SelectField", "TIME_HINT", "TimeField",
    "applied", "at_most", "in_range", "ltr_hint", "optional_int", "options", "required_date",
]
