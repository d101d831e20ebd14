"""Turn logical Persian text into visual strings that a plain PDF canvas draws correctly.

reportlab draws glyphs left to right with no shaping, so each line goes through:
contextual letter forms (arabic_reshaper), word wrapping in logical order measured
on the shaped text, then the bidi algorithm per line with a right-to-left base
(python-bidi's pure-Python module, which mirrors brackets and guillemets).
"""

import re
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

ZWNJ = "\u200c"
# Names such as عبدالله must keep their letters: the ﷲ word ligature is off.
# Letter ligatures (لا) stay on because the font has no shaping tables we can use.
_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": True,
        "support_zwj": True,
        "support_ligatures": True,
        "ARABIC LIGATURE ALLAH": False,
    }
)
# Heh + hamza above (مرحلهٔ) has a precomposed letter with its own presentation
# forms; composing it keeps the hamza that delete_harakat would otherwise drop.
_COMPOSE = (("\u0647\u0654", "\u06c0"), ("\u06d5\u0654", "\u06c0"))
_SPACES = re.compile(r"[ \t\u00a0]+")
_CONTROL = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Lines made only of Arabic-script letters and spaces, or only of digits.
_ONLY_ARABIC = re.compile(
    r"[\u0621-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\ufb50-\ufd3d\ufd50-\ufdc7\ufdf0-\ufdfc\ufe70-\ufefc ]+"
)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# A bare number, perhaps signed: drawn as written, sign on the left as the web pages show it
# (the bidi algorithm would move a leading sign to the right of the digits).
_ONLY_DIGITS = re.compile(r"[+\u2212-]?[0-9\u06f0-\u06f9]+")


def _prepare(text: str) -> str:
    """Compose letters with hamza and drop explicit direction controls."""
    for seq, letter in _COMPOSE:
        text = text.replace(seq, letter)
    return _CONTROL.sub("", text)


@lru_cache(maxsize=20000)
def _reshape_word(word: str) -> str:
    """Return one space-free logical word in joined letter forms, without ZWNJ."""
    # ZWNJ is unknown to the reshaper, so it breaks the join as it should; once
    # the forms are chosen it has done its job and must not be drawn.
    if not _ARABIC_LETTER.search(word):
        return _CONTROL.sub("", word).replace(ZWNJ, "")
    return _RESHAPER.reshape(_prepare(word)).replace(ZWNJ, "")


def reshape(text: str) -> str:
    """Return text (logical order) with Arabic letters in their joined forms and no ZWNJ."""
    # Joining and the enabled ligatures never cross a space, so shaping word by
    # word (cached: report cells repeat the same words) gives the same result.
    return " ".join(_reshape_word(word) for word in text.split(" "))


def visual(shaped: str) -> str:
    """Reorder one already-shaped logical line for left-to-right drawing, RTL base."""
    if not shaped:
        return ""
    if _ONLY_ARABIC.fullmatch(shaped):
        return shaped[::-1]  # nothing to embed or mirror: plain reversal is exact
    if _ONLY_DIGITS.fullmatch(shaped):
        return shaped
    return _display(shaped)


@lru_cache(maxsize=4096)
def _display(shaped: str) -> str:
    """Run the bidi algorithm (with bracket mirroring) on one line, RTL base."""
    return get_display(shaped, base_dir="R")


def shape(text) -> str:
    """Return the visual string for one line of logical text."""
    text = "" if text is None else " ".join(_SPACES.split(str(text).strip()))
    return visual(reshape(text))


def _word_width(word: str, font: str, size: float) -> float:
    """Return the drawn width of one logical word."""
    return stringWidth(reshape(word), font, size)


def wrap_logical(text, font: str, size: float, width: float) -> list[str]:
    """Split text into logical lines no wider than width, never breaking a word."""
    text = "" if text is None else str(text)
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = [w for w in _SPACES.split(paragraph.strip()) if w]
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            w = _word_width(word, font, size)
            if current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            used = w if not current else used + space + w
            current.append(word)
        lines.append(" ".join(current))
    return lines


def wrap(text, font: str, size: float, width: float) -> list[str]:
    """Return the visual lines of text wrapped to width; a too-long word gets a line of its own."""
    return [visual(reshape(line)) for line in wrap_logical(text, font, size, width)]
