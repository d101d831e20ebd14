"""Pages and answers never fail on, nor act on, what is stored.

Every {{ value }} of a template is shown through tracker.output_text.shown: a stored NUL,
control character or noncharacter becomes U+FFFD and a stored bidi override is dropped, so
it can neither break the page's HTML nor turn the text after it around (a name shown in a
sentence, a list or a flash message included).  Every text body is encoded with what UTF-8
cannot carry (a lone surrogate) replaced, so no answer, JSON included, fails on it.
"""
from flask import Response
from markupsafe import Markup

from tracker.output_text import shown, writable


class Rendered(Markup):
    """A page part our templates rendered and a page keeps: every value in it went through finalize already."""

    __slots__ = ()


class SafeResponse(Response):
    """A response whose text body is always encodable."""

    def set_data(self, value):
        """Set the body; text is made writable first (a lone surrogate would raise)."""
        if isinstance(value, str):
            value = writable(value)
        super().set_data(value)


def finalize(value):
    """Return a template value as it may be shown (Markup stays Markup)."""
    if not isinstance(value, str) or isinstance(value, Rendered):  # a kept part was finalized as it was made
        return value
    cleaned = shown(value)
    if cleaned == value:
        return value
    return Markup(cleaned) if isinstance(value, Markup) else cleaned


def register(app):
    """Make app's templates show stored text safely and its text bodies always encode."""
    app.response_class = SafeResponse
    app.jinja_env.finalize = finalize
