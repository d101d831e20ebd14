"""Match a file's column headers and cell values to household fields, in Persian or English.

Headers and values are compared by their folded form (tracker.persian.text.search_key): Arabic
or Persian yeh and kaf, any digits, with or without the half-space all meet. Spaces and marks
such as "_" or ":" are dropped too, so «کد ملی», «كدملي» and "National_ID" are one header.
"""
import re

from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.persian.text import search_key

# The fields a column can fill, in the order the mapping step and the report show them.
FIELDS = {
    "name": "نام خانوار",
    "category": "دسته",
    "neighborhood": "محله",
    "martyr_name": "نام شهید",
    "address": "نشانی",
    "phone": "تلفن همراه",
    "national_id": "کد ملی",
    "publicity_consent": "رضایت انتشار",
    "notes": "یادداشت",
}

# Header names seen in the office's lists and in English exports, per field.
HEADER_NAMES = {
    "name": ("نام خانوار", "نام و نام خانوادگی", "نام", "نام خانواده", "نام سرپرست", "نام سرپرست خانوار",
             "نام فرد", "name", "full name", "household", "household name"),
    "category": ("دسته", "دسته‌بندی", "نوع", "نوع خانوار", "category", "type"),
    "neighborhood": ("محله", "نام محله", "neighborhood", "neighbourhood"),
    "martyr_name": ("نام شهید", "شهید", "martyr", "martyr name"),
    "address": ("نشانی", "آدرس", "address"),
    "phone": ("تلفن همراه", "موبایل", "شماره همراه", "شماره موبایل", "همراه", "تلفن", "شماره تماس",
              "phone", "mobile", "cell", "phone number"),
    "national_id": ("کد ملی", "شماره ملی", "national id", "nationalid", "nid"),
    "publicity_consent": ("رضایت انتشار", "رضایت به انتشار", "رضایت", "publicity consent", "consent"),
    "notes": ("یادداشت", "توضیحات", "ملاحظات", "notes", "note", "comments"),
}

# Besides the labels and codes: the words people write for each category.
CATEGORY_NAMES = {
    "martyr_family": ("شهید", "خانواده شهدا", "خانواده‌های شهدا"),
    "trustee": ("معتمد", "معتمدین", "معتمد محله", "معتمدین محل", "ریش‌سفید"),
    "veteran": ("ایثارگر", "جانباز", "ایثارگران", "جانبازان", "رزمنده", "آزاده"),
    "council_member": ("شورایاران", "عضو شورایاری"),
    "citizen": ("شهروندان", "عادی"),
}

CONSENT_YES = ("بله", "آری", "آره", "دارد", "موافق", "موافقت", "هست", "1", "true", "yes", "y", "x", "✓", "✔")
CONSENT_NO = ("خیر", "نه", "ندارد", "مخالف", "نیست", "0", "false", "no", "n", "-")

# Everything but letters and digits goes: "National_ID", "national id" and "nationalid" are one header.
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Return the form two header names or values are compared in."""
    return _NOT_WORD.sub("", search_key(text or ""))


def _index(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(name): field for field, many in names.items() for name in many}


_HEADERS = _index(HEADER_NAMES)
_CATEGORIES = _index({
    code: (code, label, *CATEGORY_NAMES.get(code, ())) for code, label in HOUSEHOLD_CATEGORIES.items()
})
# Consent words are compared without dropping signs: "✓" and "-" are answers of their own.
_CONSENT = {search_key(word): True for word in CONSENT_YES} | {search_key(word): False for word in CONSENT_NO}


def field_for(header: str | None) -> str | None:
    """Return the field a header names, or None when it names none."""
    return _HEADERS.get(fold(header))


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Return column index -> field for the headers recognized; a field goes to its first column only."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        field = field_for(header)
        if field and field not in mapping.values():
            mapping[index] = field
    return mapping


def category_code(text: str | None) -> str | None:
    """Return the category code a cell names (its code, its Persian label or a common word), else None."""
    return _CATEGORIES.get(fold(text))


def consent(text: str | None) -> bool | None:
    """Return the yes/no a consent cell says (blank is no), or None when it says neither."""
    if not (text or "").strip():
        return False
    return _CONSENT.get(search_key(text))


def category_words() -> str:
    """Return the category labels a cell may hold, for error messages."""
    return "، ".join(f"«{label}»" for label in HOUSEHOLD_CATEGORIES.values())
