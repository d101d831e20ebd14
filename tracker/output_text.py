"""Make stored text safe to write out: into pages, JSON, spreadsheets and PDFs.

Rows stored before input was checked may hold anything a string can: NUL and other control
characters, lone surrogates (which UTF-8 cannot encode), noncharacters (which XML refuses)
and bidi overrides (which turn the text after them around).  Output never fails on them and
never lets them act: the unwritable ones become U+FFFD, the overrides are dropped.
"""
import re

REPLACEMENT = "\ufffd"
# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates;
# the noncharacters (U+FDD0..U+FDEF and the last two code points of every plane).
_UNWRITABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
# The same, with every character beyond the first plane let in: one range scans a page ten times
# faster than the list of noncharacters, and most pages hold no such character at all.
_MAYBE_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                               "\U00010000-\U0010ffff]")
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).  The marks
# LRM, RLM and ALM stay: they set the direction of one spot, as a letter would.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def writable(text: str) -> str:
    """Return text with every character that UTF-8 or XML cannot carry replaced by U+FFFD."""
    if _MAYBE_UNWRITABLE.search(text) is None:
        return text
    return _UNWRITABLE.sub(REPLACEMENT, text)


def shown(text: str) -> str:
    """Return text as it may be shown: writable, and without bidi embeddings, overrides or isolates."""
    text = writable(text)
    return BIDI_CONTROLS.sub("", text) if BIDI_CONTROLS.search(text) else text
