"""Order people's names as a Persian office lists them: by surname, honorifics ignored."""
from tracker.persian.text import normalize, sort_key

# Titles written before a name; they say nothing about where the name belongs in a list.
HONORIFICS = frozenset(normalize(w) for w in (
    "آقای", "آقا", "خانم", "سرکار", "جناب", "مهندس", "دکتر", "حاج", "حاجی", "حاجیه", "سید", "سیده",
    "استاد", "سردار", "سرهنگ", "شهید", "حجت‌الاسلام", "حجت‌الاسلام‌والمسلمین", "آیت‌الله", "میرزا",
))


def without_honorifics(name: str | None) -> list[str]:
    """Return the words of name with the leading honorifics left out (the name itself if all are)."""
    words = normalize(name or "").split()
    rest = list(words)
    while rest and rest[0] in HONORIFICS:
        rest.pop(0)
    return rest or words


def surname_key(name: str | None):
    """Return a key sorting names by surname (the last word), then given names, in dictionary order."""
    words = without_honorifics(name)
    if not words:
        return sort_key(""), sort_key("")
    return sort_key(words[-1]), sort_key(" ".join(words[:-1]))
