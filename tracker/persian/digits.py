"""Convert between ASCII, Persian (۰-۹) and Arabic-Indic (٠-٩) digits."""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)


def to_persian_digits(value) -> str:
    """Return str(value) with every ASCII and Arabic-Indic digit written as a Persian digit."""
    if value is None:
        return ""
    return str(value).translate(_TO_PERSIAN)


def to_ascii_digits(s: str | None) -> str:
    """Return s with every Persian and Arabic-Indic digit written as an ASCII digit."""
    if s is None:
        return ""
    return str(s).translate(_TO_ASCII)
