"""Normalize Persian text for storage, searching and alphabetical sorting.

Persian arrives typed on Arabic keyboards, pasted from Word or PDFs and sent from
phones, so one word reaches us in several encodings.  ``normalize`` makes the stored
form canonical without changing how it reads; ``search_key`` folds further, losing
information on purpose, so that every spelling of a name finds the others.
"""
import re

from tracker.persian.digits import ARABIC_INDIC_DIGITS, ASCII_DIGITS, PERSIAN_DIGITS, to_persian_digits

ZWNJ = "\u200c"
TATWEEL = "\u0640"

# Storage: Arabic yeh/alef maksura and Arabic kaf are the same letters to a Persian
# reader. Digits in text are stored Persian, as the interface and the PDFs show them;
# phones and national IDs are cleaned to ASCII by the validators, and search keys fold
# every digit to ASCII so any typed form still matches.
_STORAGE_TABLE = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک
        TATWEEL: None,  # stretching only, never meaning
        **dict(zip(ASCII_DIGITS, PERSIAN_DIGITS)),
        **dict(zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)),
    }
)

# A run of spaces and ZWNJs: any whitespace in it makes it one space (a ZWNJ next to a
# space joins nothing), otherwise it is a single ZWNJ.
_GAP = re.compile(r"[\s\u200c]+")

# Searching: drop invisible and vowel marks people type inconsistently, and fold letter
# variants that spell the same word (خانۀ / خانه, مسئله / مسأله-style alef forms).
_INVISIBLE = (
    "\u200c\u200d"  # ZWNJ, ZWJ: "می‌روم" and "میروم" must meet
    "\u200b\u2060\u2061\u2062\u2063\u2064\u180e"  # zero-width space, word joiner, invisible operators
    "\u200e\u200f\u061c\ufeff"  # LRM, RLM, Arabic letter mark, BOM from pasted text
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings/isolates
)
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
_LETTER_FOLDS = {
    "\u06c0": "\u0647",  # ۀ -> ه
    "\u0629": "\u0647",  # ة -> ه
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u0624": "\u0648",  # ؤ -> و
}
_DROPPED = dict.fromkeys(_INVISIBLE + _DIACRITICS)
# Keys compare digits as ASCII, whichever digits the stored text or the query used.
_DIGITS_TO_ASCII = dict(zip(PERSIAN_DIGITS, ASCII_DIGITS))
_SEARCH_TABLE = str.maketrans(
    {**_DROPPED, **_LETTER_FOLDS, **_DIGITS_TO_ASCII, "\u0622": "\u0627", "\u066a": "%"}  # آ -> ا, ٪ -> %
)
# Sorting keeps آ: it is a letter of its own that dictionaries list first.
_SORT_TABLE = str.maketrans({**_DROPPED, **_LETTER_FOLDS, **_DIGITS_TO_ASCII})
_DECOMPOSED_ALEF_MADDA = "\u0627\u0653"

# Persian dictionary order, as in CLDR's "fa" collation: آ is its own letter before ا.
# Hamza forms come right after ی so they stay among the letters, before Latin text.
PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءئ"
_RANK = {" ": 0}
_RANK.update({d: 1 + i for i, d in enumerate(ASCII_DIGITS)})
_RANK.update({c: 20 + i for i, c in enumerate(PERSIAN_ALPHABET)})
_UNKNOWN_BASE = 100


# What typed text may not hold: C0 controls but tab and line breaks, DEL, the C1 controls, and lone
# surrogates (JSON can carry them; UTF-8 cannot store them). PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_REFUSED = re.compile(f"[{CONTROL_CHARACTERS}\ud800-\udfff]")
# Invisible characters removed from typed text: every one in _INVISIBLE but ZWNJ, which Persian
# spelling needs ("می‌روم"). Bidi overrides would turn the text after them around wherever it is shown.
_STRIPPED = dict.fromkeys(map(ord, _INVISIBLE.replace(ZWNJ, "")))
REFUSED_MESSAGE = "این متن نویسهٔ کنترلی یا نویسهٔ نامعتبر دارد."
TOO_LONG_MESSAGE = "این متن بیش از {} نویسه است."


class TextRefused(ValueError):
    """Typed text that cannot be stored; str() is a Persian message."""


def clean_text(s: str | None, max_length: int | None = None) -> str:
    """Return typed text without bidi controls and zero-width characters, refusing control ones or past max_length.

    Every door calls it on what a person typed or sent: the web forms, the API's Text type, the
    command line and the household import. Lines and spaces are kept; ``normalize`` tidies them.
    """
    if s is None:
        return ""
    s = str(s)
    if _REFUSED.search(s):
        raise TextRefused(REFUSED_MESSAGE)
    s = s.translate(_STRIPPED)
    if max_length is not None and len(s) > max_length:
        raise TextRefused(TOO_LONG_MESSAGE.format(to_persian_digits(max_length)))
    return s


def _fold(s: str | None, table: dict[int, str | None]) -> str:
    """Return normalize(s) with the table applied, Latin case folded and spaces re-tidied."""
    # Madda typed as a separate mark must become آ before the marks are dropped.
    s = normalize(s).replace(_DECOMPOSED_ALEF_MADDA, "\u0622").translate(table).casefold()
    # Removing invisible marks can leave spaces side by side or at the ends.
    return " ".join(s.split())


def _tidy_gaps(line: str) -> str:
    """Collapse whitespace/ZWNJ runs and trim them from the ends of one line."""
    line = _GAP.sub(lambda m: ZWNJ if set(m.group()) == {ZWNJ} else " ", line)
    return line.strip(" " + ZWNJ)


def normalize(s: str | None, *, multiline: bool = False) -> str:
    """Return s in the canonical stored form; with multiline=True keep line breaks.

    Idempotent.  Single-line mode (the default, for names and titles) turns every
    whitespace run into one space.  Multiline mode (for notes and feedback bodies)
    tidies each line the same way and keeps at most one blank line between paragraphs.
    """
    if s is None:
        return ""
    s = str(s).translate(_STORAGE_TABLE)
    if not multiline:
        return _tidy_gaps(s)
    lines: list[str] = []
    for line in s.splitlines():
        line = _tidy_gaps(line)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def search_key(s: str | None) -> str:
    """Return the folded form of s used to find and de-duplicate records.

    Idempotent, and ``search_key(normalize(x)) == search_key(x)``.  ZWNJ is removed,
    so "می‌روم" and "میروم" share a key, but "می روم" (with a space) is a different key:
    a space separates words and folding it away would merge unrelated names.
    """
    return _fold(s, _SEARCH_TABLE)


def sort_key(s: str | None) -> tuple[tuple[int, ...], str]:
    """Return a key that sorts Persian text in dictionary order (digits first, then letters).

    The key folds the same variants as search_key except آ, which sorts as its own letter
    before ا.  Characters outside the Persian alphabet sort after it by code point; ties
    fall back to the stored form so the order is stable.
    """
    ranks = tuple(_RANK.get(c, _UNKNOWN_BASE + ord(c)) for c in _fold(s, _SORT_TABLE))
    return ranks, normalize(s)


def sort_column(s: str | None) -> str:
    """Return sort_key(s) as a string that sorts the same way in any database collation.

    Each character's rank becomes four hex digits: ASCII digits and a-f order alike under
    SQLite's binary comparison and PostgreSQL's locale collations, so ORDER BY and keyset
    paging follow Persian dictionary order.
    """
    return "".join(f"{min(rank, 0xFFFF):04x}" for rank in sort_key(s)[0])
