"""Validate and clean Iranian national IDs (کد ملی) and mobile numbers."""
import re

from tracker.persian.digits import to_ascii_digits

NATIONAL_ID_LENGTH_MESSAGE = "کد ملی باید ۱۰ رقم باشد."
NATIONAL_ID_INVALID_MESSAGE = "کد ملی معتبر نیست."
MOBILE_MESSAGE = "شماره همراه باید با ۰۹ شروع شود و ۱۱ رقم باشد."

# People type IDs and phone numbers with spaces, dashes, brackets, and pasted RTL text
# brings invisible direction marks; none of them are part of the number.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015().\u200c\u200e\u200f\u061c\u202a-\u202e\ufeff]")
# Optional country prefix, optional trunk zero (people write "+98 0912…"), then 9xxxxxxxxx.
_MOBILE_RE = re.compile(r"(?:\+98|0098|98)?0?(9[0-9]{9})")


def _digits_only(s: str | None) -> str:
    return _SEPARATORS.sub("", to_ascii_digits(s))


def national_id_check_digit(first_nine: str) -> int:
    """Return the check digit for the first nine digits of a national ID."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def clean_national_id(s: str | None) -> str:
    """Return s as 10 ASCII digits, or raise ValueError with a Persian message."""
    code = _digits_only(s)
    if len(code) != 10 or not code.isascii() or not code.isdigit():
        raise ValueError(NATIONAL_ID_LENGTH_MESSAGE)
    # One repeated digit passes the checksum (e.g. 1111111111) but is never issued.
    if len(set(code)) == 1 or national_id_check_digit(code[:9]) != int(code[9]):
        raise ValueError(NATIONAL_ID_INVALID_MESSAGE)
    return code


def is_valid_national_id(s: str | None) -> bool:
    """Return whether s is a valid national ID in any digits, spaces and dashes allowed."""
    try:
        clean_national_id(s)
    except ValueError:
        return False
    return True


def normalize_mobile(s: str | None) -> str:
    """Return s as an ASCII "09xxxxxxxxx" mobile number, or raise ValueError in Persian."""
    match = _MOBILE_RE.fullmatch(_digits_only(s))
    if not match:
        raise ValueError(MOBILE_MESSAGE)
    return "0" + match[1]


def is_valid_mobile(s: str | None) -> bool:
    """Return whether s can be read as an Iranian mobile number."""
    try:
        normalize_mobile(s)
    except ValueError:
        return False
    return True
