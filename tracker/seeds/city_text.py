"""The stored form and search-key columns of generated text, exactly as @searchable writes them."""
from functools import lru_cache

from tracker.persian.text import normalize, search_key, sort_column


@lru_cache(maxsize=300_000)
def keyed(value: str | None) -> tuple[str | None, str | None]:
    """Return (stored text, search key) as @searchable derives them when the attribute is set."""
    cleaned = normalize(value) or None if value is not None else None
    return cleaned, search_key(cleaned) if cleaned else None


@lru_cache(maxsize=100_000)
def sort_of(stored: str | None) -> str | None:
    """Return the Persian dictionary-order column of an already stored (normalized) name."""
    return sort_column(stored) if stored else None
