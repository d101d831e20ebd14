"""The password policy and password hashing, in one place for every door (web, admin, CLI).

The policy follows the spirit of NIST SP 800-63B: length first, a block-list of the
passwords people pick most, and no forced periodic changes.  Ten characters is the
minimum because sign-in throttling only slows guessing over the network; a copied
database or backup is attacked offline, where every extra character multiplies the work,
and ten is still easy to type on a phone.  Long passphrases (16 or more characters) need
no mix of letters and digits.
"""
import secrets
import unicodedata
from functools import cache

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.persian.digits import to_ascii_digits, to_persian_digits

MIN_LENGTH = 10
MAX_LENGTH = 128
PASSPHRASE_LENGTH = 16
MIN_DISTINCT = 5

# The most common choices long enough to pass the length rule, and the words people pad
# with digits or signs ("password2024!").  Persian-keyboard forms of qwerty rows are here
# too: typing "qwertyuiop" with the Persian layout gives «ضصثقفغعهخح».
COMMON = frozenset({
    "1234567890", "0123456789", "0987654321", "1234567891", "12345678910", "1111111111",
    "0000000000", "1122334455", "1212121212", "9876543210", "123123123123",
    "qwertyuiop", "asdfghjkl;", "zxcvbnm,./", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "qazwsxedcrfv", "123qweasdzxc", "qwerty123456", "qwerty12345", "qwertyuiop123",
    "asdfghjkl123", "zxcvbnm123", "abcdefghij", "abcd123456", "abc1234567", "a123456789",
    "123456789a", "password123", "password1234", "passw0rd123", "p@ssw0rd123", "iloveyou123",
    "administrator", "admin123456", "welcome123", "changeme123", "letmein123", "football123",
    "superman123", "princess123", "dragon12345", "sunshine123", "monkey12345",
    "ضصثقفغعهخح", "شسیبلاتنمک", "ظطزرذدپو", "ضصثقفغعهخحجچ",
})
COMMON_WORDS = frozenset({
    "password", "passw0rd", "p@ssword", "p@ssw0rd", "qwerty", "qwertyuiop", "admin",
    "administrator", "welcome", "iloveyou", "letmein", "changeme", "peyvand", "پیوند",
    "tehran", "تهران", "iran", "ایران", "shahrdari", "شهرداری", "gozarvazheh", "گذرواژه",
    "ramz", "رمز", "test", "user", "login", "secret",
})

MESSAGES = {
    "short": f"گذرواژه باید دست‌کم {to_persian_digits(MIN_LENGTH)} نویسه باشد.",
    "long": f"گذرواژه نباید بیش از {to_persian_digits(MAX_LENGTH)} نویسه باشد.",
    "control": "گذرواژه نویسهٔ نامعتبر یا نامرئی دارد.",
    "username": "گذرواژه نباید نام کاربری را در خود داشته باشد.",
    "common": "این گذرواژه از رایج‌ترین گذرواژه‌هاست و به‌آسانی حدس زده می‌شود؛ گذرواژهٔ دیگری برگزینید.",
    "distinct": f"گذرواژه باید دست‌کم {to_persian_digits(MIN_DISTINCT)} نویسهٔ گوناگون داشته باشد.",
    "variety": (f"گذرواژه باید دست‌کم دو گونه نویسه (حرف، رقم، نشانه) داشته باشد، "
                f"یا دست‌کم {to_persian_digits(PASSPHRASE_LENGTH)} نویسه باشد."),
}


def _folded(text: str) -> str:
    return to_ascii_digits(text).casefold().strip()


def _kinds(password: str) -> int:
    letters = any(ch.isalpha() for ch in password)
    digits = any(ch.isdigit() for ch in password)
    others = any(not ch.isalnum() for ch in password)
    return letters + digits + others


def check_password_policy(password: str, username: str | None = None) -> str | None:
    """Return the Persian reason a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return MESSAGES["short"]
    if len(password) > MAX_LENGTH:
        return MESSAGES["long"]
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in password):
        return MESSAGES["control"]
    folded = _folded(password)
    name = _folded(username or "")
    # Short usernames would forbid too much as substrings; those are refused only whole.
    if name and (folded == name or (len(name) >= 4 and name in folded)):
        return MESSAGES["username"]
    if folded in COMMON or folded.rstrip("0123456789!@#$%^&*.-_ ") in COMMON_WORDS | COMMON:
        return MESSAGES["common"]
    if len(set(folded)) < MIN_DISTINCT:
        return MESSAGES["distinct"]
    if len(password) < PASSPHRASE_LENGTH and _kinds(password) < 2:
        return MESSAGES["variety"]
    return None


def _method() -> str | None:
    """Return the configured hash method; None means Werkzeug's default (scrypt)."""
    # Only the tests set one, a cheap one, as Django's test settings do; production never does.
    return current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None


def hash_password(password: str) -> str:
    """Return the salted hash to store for a password."""
    method = _method()
    return generate_password_hash(password, method=method) if method else generate_password_hash(password)


@cache
def _dummy_hash(method: str | None) -> str:
    """Return a hash of a random password, made with the same method and cost as real ones."""
    password = secrets.token_urlsafe(16)
    return generate_password_hash(password, method=method) if method else generate_password_hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash; without one, check a dummy hash all the same.

    Exactly one hash computation runs whether or not the account exists, so the answer
    takes as long for an unknown username as for a known one with a wrong password.
    """
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate can match nothing; still spend the time
        check_password_hash(_dummy_hash(_method()), "")
        return False
    if stored_hash is None:
        check_password_hash(_dummy_hash(_method()), password)
        return False
    return check_password_hash(stored_hash, password)
