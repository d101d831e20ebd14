"""Turn logical Persian text into visual strings that a plain PDF canvas draws correctly.

reportlab draws glyphs left to right with no shaping, so each line goes through:
contextual letter forms (arabic_reshaper), word wrapping in logical order measured
on the shaped text, then the bidi algorithm per line with a right-to-left base
(python-bidi's pure-Python module, which mirrors brackets and guillemets).

Any stored text must go through.  Characters no PDF string can hold (controls, lone
surrogates, noncharacters) and those the font has no glyph for (emoji, U+FFFD) are drawn
as a dotted circle, invisible ones the font lacks are dropped.  python-bidi reads each character's
class from Python's unicodedata, which answers "" for a code point newer than its
Unicode tables (🩷, U+1FA77, is Unicode 15; Python 3.11 has 14), and then fails an
assertion; such characters get the default class Unicode gives unassigned code points.
"""

import re
import unicodedata
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi import algorithm as bidi
from reportlab.pdfbase.pdfmetrics import stringWidth

from tracker.output_text import writable
from tracker.reports.fonts import font_characters

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


# DerivedBidiClass.txt's @missing lines: the class of a code point not yet assigned, by
# range (right-to-left scripts' blocks, the currency block), L elsewhere.  The pictographic
# blocks, where new emoji arrive, are ON as every character assigned there is.
_MISSING_CLASSES = (
    (0x0590, 0x05FF, "R"), (0x0600, 0x07BF, "AL"), (0x07C0, 0x085F, "R"), (0x0860, 0x08FF, "AL"),
    (0x20A0, 0x20CF, "ET"), (0xFB1D, 0xFB4F, "R"), (0xFB50, 0xFDCF, "AL"), (0xFDF0, 0xFDFF, "AL"),
    (0xFE70, 0xFEFF, "AL"), (0xFFF0, 0xFFF8, "BN"), (0x10800, 0x10CFF, "R"), (0x10D00, 0x10D3F, "AL"),
    (0x10D40, 0x10EBF, "R"), (0x10EC0, 0x10EFF, "AL"), (0x10F00, 0x10F2F, "R"), (0x10F30, 0x10F6F, "AL"),
    (0x10F70, 0x10FFF, "R"), (0x1E800, 0x1EC6F, "R"), (0x1EC70, 0x1ECBF, "AL"), (0x1ECC0, 0x1ECFF, "R"),
    (0x1ED00, 0x1ED4F, "AL"), (0x1ED50, 0x1EDFF, "R"), (0x1EE00, 0x1EEFF, "AL"), (0x1EF00, 0x1EFFF, "R"),
    (0x1F000, 0x1FBFF, "ON"), (0xE0000, 0xE0FFF, "BN"),
)


def missing_class(char: str) -> str:
    """Return the bidi class Unicode gives a code point that Python's tables do not know."""
    code = ord(char)
    for start, end, klass in _MISSING_CLASSES:
        if start <= code <= end:
            return klass
    return "L"


# Drawn where the font has no glyph: the font's own .notdef is blank, which would hide
# that anything was there.
MISSING_GLYPH = "\u25cc"


def _stand_in(char: str, known: frozenset[str]) -> str:
    """Return what to draw for one character the font may lack."""
    if char in known or char in "\t\n\r":
        return char
    category = unicodedata.category(char)
    if category == "Cf":
        return ""  # invisible by nature (a word joiner, a tag)
    if category == "Zs":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    return MISSING_GLYPH


def drawable(text: str) -> str:
    """Return text with what a PDF string cannot hold, or the font cannot draw, as a dotted circle."""
    text = writable(text)
    known = font_characters()
    if known.issuperset(text):
        return text
    return "".join(_stand_in(char, known) for char in text)


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
    """Run the bidi algorithm (with bracket mirroring) on one line, RTL base.

    These are the steps of bidi.algorithm.get_display, with the classes Python's tables
    lack filled in between reading the characters and resolving their levels.
    """
    storage = bidi.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 1, "R"
    bidi.get_embedding_levels(shaped, storage)
    for char in storage["chars"]:
        if not char["type"]:
            char["type"] = char["orig"] = missing_class(char["ch"])
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    return "".join(char["ch"] for char in storage["chars"])


def shape(text) -> str:
    """Return the visual string for one line of logical text."""
    text = "" if text is None else " ".join(_SPACES.split(drawable(str(text)).strip()))
    return visual(reshape(text))


def _word_width(word: str, font: str, size: float) -> float:
    """Return the drawn width of one logical word."""
    return stringWidth(reshape(word), font, size)


# A real word, however long, keeps its line even if it is wider than the column (cutting
# it would disjoin its letters); a longer run (a pasted link, a key held down) is cut.
LONGEST_WORD = 40


def _piece_width(piece: str, font: str, size: float) -> float:
    """Return the drawn width of a piece of a cut word (not cached: pieces do not repeat)."""
    return stringWidth(_reshape_word.__wrapped__(piece), font, size)


def _pieces(word: str, font: str, size: float, width: float) -> list[str]:
    """Cut a word wider than width into pieces that fit (a pasted link, a run of letters)."""
    # Start from the word's average letter width, then shrink or grow to fit: a few
    # measurements per piece, however long the word.
    guess = max(1, int(width * len(word) / max(_piece_width(word, font, size), 1.0)))
    pieces, start = [], 0
    while start < len(word):
        end = min(len(word), start + guess)
        while end > start + 1 and _piece_width(word[start:end], font, size) > width:
            end -= 1
        while end < len(word) and _piece_width(word[start:end + 1], font, size) <= width:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces


def _words(paragraph: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
    """Return the paragraph's words with their widths, a too-wide run of letters cut into pieces."""
    out = []
    for word in _SPACES.split(paragraph.strip()):
        if not word:
            continue
        w = _word_width(word, font, size)
        if w <= width or len(word) <= LONGEST_WORD:
            out.append((word, w))
        else:
            out += [(piece, _piece_width(piece, font, size)) for piece in _pieces(word, font, size, width)]
    return out


def wrap_logical(text, font: str, size: float, width: float) -> list[str]:
    """Split text into logical lines no wider than width, never breaking a word (a run past LONGEST_WORD is cut)."""
    text = "" if text is None else drawable(str(text))
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = _words(paragraph, font, size, width)
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word, w in words:
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
