"""Describe a report to draw: plain data gathered elsewhere, with no database objects."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Table:
    """A table drawn right to left; rows may be a generator so big reports stream."""

    headers: list[str]
    rows: Iterable[list[str]]
    # Fractions of the content width, first column right-most; None means equal.
    col_widths: list[float] | None = None
    # Indexes of columns whose values are numbers, written with Persian digits.
    numeric_columns: set[int] = field(default_factory=set)
    # Smaller type, for long listings that should fit more rows on a page.
    compact: bool = False


@dataclass
class BarChart:
    """A horizontal bar chart: one bar per label, growing from right to left."""

    title: str
    labels: list[str]
    # None is "nothing to count" (a month with no answers): drawn as «—» with no bar, never as 0.
    values: list[float | None]
    max_value: float | None = None
    percent: bool = False


@dataclass
class Section:
    """A titled part of a report: paragraphs, then tables, then charts."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[BarChart] = field(default_factory=list)


@dataclass
class ReportDocument:
    """Everything the PDF shows: the header, the footer and the sections."""

    title: str
    district_name: str
    filter_text: str
    user_name: str
    generated_at: datetime
    sections: list[Section] = field(default_factory=list)
    sensitive_masked: bool = False
    landscape: bool = False
