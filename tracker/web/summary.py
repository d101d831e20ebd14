"""The error summary at the top of a long form: every error, each linking to its field."""
from dataclasses import dataclass

from tracker.persian.digits import to_persian_digits


@dataclass(frozen=True)
class FieldError:
    """One error of a form: the id of the element to jump to, the field's label and the message."""

    anchor: str | None
    label: str
    message: str


def _label(field) -> str:
    return field.label.text if getattr(field, "label", None) else ""


def form_errors(form, anchors: dict | None = None, prefix: str = "") -> list[FieldError]:
    """Return the form's errors in page order, those of repeated rows labelled with their row number.

    anchors maps a field's name to the id of the element that stands for it on the page (a
    picker's search box for its hidden inputs).
    """
    anchors = anchors or {}
    found = []
    for field in form:
        if field.type == "FieldList":
            for number, entry in enumerate(field.entries, 1):
                row = f"{prefix}{_label(field)} {to_persian_digits(number)}"
                found += _entry_errors(entry, anchors, row)
        elif field.type == "FormField":
            found += form_errors(field.form, anchors, f"{prefix}{_label(field)} – ")
        else:
            anchor = anchors.get(field.name, field.id if field.type not in ("CSRFTokenField", "HiddenField") else None)
            found += [FieldError(anchor, prefix + _label(field), str(message)) for message in field.errors]
    found += [FieldError(None, "", str(message)) for message in getattr(form, "form_errors", [])]
    return found


def _entry_errors(entry, anchors, row: str) -> list[FieldError]:
    if entry.type == "FormField":
        return form_errors(entry.form, anchors, f"{row} – ")
    return [FieldError(entry.id, row, str(message)) for message in entry.errors]
