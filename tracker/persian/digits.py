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


DECIMAL_SEPARATOR = "٫"  # U+066B, the Persian decimal point
PERCENT_SIGN = "٪"  # U+066A
MINUS_SIGN = "\u2212"  # a true minus: the hyphen reads as a dash beside Persian digits
NO_NUMBER = "—"


def format_number(value, *, percent: bool = False, signed: bool = False, empty: str = NO_NUMBER) -> str:
    """Write a number with Persian digits, ٫ as the decimal point and one decimal at most.

    Whole values lose their ".0"; ``percent`` adds ٪, ``signed`` shows + on positive values
    (negative ones always carry a minus), and a missing value is written as ``empty``.
    """
    if value is None:
        return empty
    magnitude = abs(value)
    text = f"{magnitude:.0f}" if float(magnitude).is_integer() else f"{magnitude:.1f}"
    if text.endswith(".0"):  # 2.96 rounds to 3.0
        text = text[:-2]
    sign = ""
    if text.strip("0."):  # what rounds to zero carries no sign
        sign = MINUS_SIGN if value < 0 else "+" if signed else ""
    return sign + to_persian_digits(text).replace(".", DECIMAL_SEPARATOR) + (PERCENT_SIGN if percent else "")


def read_number(s: str | None) -> int:
    """Return the whole number written in s in ASCII, Persian or Arabic-Indic digits, or raise ValueError.

    Only those three digit sets count: "²" or "٢٣" mixed with a sign are not numbers a person types,
    and Python's own int() would take some of them and refuse others.
    """
    text = to_ascii_digits(s).strip()
    if not text or not text.isascii() or not text.isdigit():
        raise ValueError("یک عدد درست وارد کنید.")
    return int(text)
