"""Parse, format and slice Jalali (Solar Hijri) dates; the app stores Gregorian dates.

Jalali exists only at the edges: forms and the API parse it into ``datetime.date``,
templates, PDFs and exports format it back.  Reports use the ranges below to turn a
Jalali month, season or year into Gregorian bounds for queries.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jdatetime

from tracker.persian.digits import format_number, to_ascii_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

MONTH_NAMES = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
SEASON_NAMES = ("بهار", "تابستان", "پاییز", "زمستان")
# The lunar (Hijri) months, for occasions kept on the lunar calendar.
HIJRI_MONTH_NAMES = (
    "محرم", "صفر", "ربیع\u200cالاول", "ربیع\u200cالثانی", "جمادی\u200cالاول", "جمادی\u200cالثانی",
    "رجب", "شعبان", "رمضان", "شوال", "ذی\u200cالقعده", "ذی\u200cالحجه",
)
# Indexed Saturday=0, since the Iranian week starts on Saturday.
WEEKDAY_NAMES = ("شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه")

# Gregorian years above this are never Jalali years we meet (Jalali is now ~1400).
GREGORIAN_YEAR_FLOOR = 1700
# The Jalali years a typed or sent date may fall in, both ends included: a wider year is a typo
# (1043 for 1403) or a probe, and the databases and the PDFs never see it.
YEARS = (1300, 1500)
_FIRST_DAY = jdatetime.date(YEARS[0], 1, 1).togregorian()
_LAST_DAY = jdatetime.date(YEARS[1] + 1, 1, 1).togregorian() - timedelta(days=1)
OUT_OF_RANGE = f"سال باید میان {to_persian_digits(YEARS[0])} تا {to_persian_digits(YEARS[1])} باشد."

_SEP = r"\s*[/\-.\u066b]\s*"  # / - . and the Arabic decimal separator ٫ seen on phones
_DATE_RE = re.compile(rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})")
_TIME_RE = re.compile(r"([0-9]{1,2})\s*[:\u066b.]\s*([0-9]{1,2})(?:\s*:\s*([0-9]{1,2}))?")
# Pasted RTL text often carries invisible direction marks around the numbers.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\ufeff"))


class JalaliDateError(ValueError):
    """A date or time the user typed could not be understood; str() is a Persian message."""


class JalaliTimeError(JalaliDateError):
    """A time of day the user typed could not be understood; str() is a Persian message."""


def _clean(s: str | None) -> str:
    return to_ascii_digits(s).translate(_INVISIBLE).strip()


def _as_date(d: date | datetime) -> date:
    """Return the Tehran calendar day of d (aware datetimes are converted first)."""
    if isinstance(d, datetime):
        return (d.astimezone(TEHRAN) if d.tzinfo else d).date()
    return d


def _to_jalali(d: date | datetime) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=_as_date(d))


def is_leap(jy: int) -> bool:
    """Return whether Jalali year jy is a leap year (Esfand has 30 days)."""
    return jdatetime.date(jy, 1, 1).isleap()


def month_length(jy: int, jm: int) -> int:
    """Return the number of days in Jalali month jm of year jy."""
    if not 1 <= jm <= 12:
        raise JalaliDateError("ماه باید بین ۱ و ۱۲ باشد.")
    if jm == 12 and is_leap(jy):
        return 30
    return jdatetime.j_days_in_month[jm - 1]


def jalali_to_date(jy: int, jm: int, jd: int) -> date:
    """Return the Gregorian date of Jalali jy/jm/jd, or raise JalaliDateError in Persian."""
    if not jdatetime.MINYEAR <= jy <= jdatetime.MAXYEAR:
        raise JalaliDateError("سال معتبر نیست.")
    length = month_length(jy, jm)
    if not 1 <= jd <= length:
        if jd < 1:
            raise JalaliDateError(f"روز باید بین ۱ و {format_number(length)} باشد.")
        message = f"{MONTH_NAMES[jm - 1]} {format_number(jy)} فقط {format_number(length)} روز دارد"
        # The common surprise is 30 Esfand, so say why it is missing this year.
        if jm == 12 and jd == 30:
            message += f"؛ {format_number(jy)} کبیسه نیست"
        raise JalaliDateError(message + ".")
    try:
        return jdatetime.date(jy, jm, jd).togregorian()
    except (ValueError, OverflowError) as exc:  # beyond Python's Gregorian range
        raise JalaliDateError("سال معتبر نیست.") from exc


def in_years(day: date) -> date:
    """Return day if its Jalali year is within YEARS, else raise JalaliDateError in Persian."""
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise JalaliDateError(OUT_OF_RANGE)
    return day


def parse_jalali_date(s: str | None) -> date:
    """Parse a Jalali date such as "1403/01/31" or "۱۴۰۳-۱-۳۱" (a year within YEARS) into a Gregorian date."""
    text = _clean(s)
    if not text:
        raise JalaliDateError("تاریخ را وارد کنید.")
    match = _DATE_RE.fullmatch(text)
    if not match:
        raise JalaliDateError("تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید.")
    year, month, day = map(int, match.groups())
    if not YEARS[0] <= year <= YEARS[1]:
        raise JalaliDateError(OUT_OF_RANGE)
    return jalali_to_date(year, month, day)


def parse_jalali_time(s: str | None) -> time:
    """Parse a time of day such as "14:30" or "۹:۵" (seconds optional)."""
    text = _clean(s)
    if not text:
        raise JalaliTimeError("ساعت را وارد کنید.")
    match = _TIME_RE.fullmatch(text)
    if not match:
        raise JalaliTimeError("ساعت را به شکل ۱۴:۳۰ وارد کنید.")
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3]) if match[3] else 0
    if hour > 23:
        raise JalaliTimeError("ساعت باید بین ۰ و ۲۳ باشد.")
    if minute > 59 or second > 59:
        raise JalaliTimeError("دقیقه باید بین ۰ و ۵۹ باشد.")
    return time(hour, minute, second)


def parse_date_any(s: str | None) -> date:
    """Parse an ISO Gregorian date ("2024-04-19") or a Jalali date in any digits, its Jalali year within YEARS."""
    text = _clean(s)
    match = _DATE_RE.fullmatch(text)
    if match and int(match[1]) > GREGORIAN_YEAR_FLOOR:
        try:
            day = date(*map(int, match.groups()))
        except ValueError as exc:
            raise JalaliDateError("تاریخ میلادی معتبر نیست.") from exc
        return in_years(day)
    return parse_jalali_date(text)


# The Jalali years a person types into a form (anything else is a slip of the keyboard), and the
# Gregorian years that, typed into a Jalali field, can only be a Gregorian date.
TYPED_GREGORIAN_YEARS = (1900, 2100)


@dataclass(frozen=True)
class TypedDate:
    """A date read from a Jalali field; gregorian holds the typed text when it was a Gregorian date."""

    day: date
    gregorian: str | None = None


def read_typed_date(s: str | None) -> TypedDate:
    """Read a date typed into a Jalali field: Jalali in 1300-1500, or a Gregorian date recognized by its year."""
    text = _clean(s)
    match = _DATE_RE.fullmatch(text)
    if not match:
        return TypedDate(parse_jalali_date(text))
    year, month, day = map(int, match.groups())
    if TYPED_GREGORIAN_YEARS[0] <= year <= TYPED_GREGORIAN_YEARS[1]:
        try:
            day_ = date(year, month, day)
        except ValueError as exc:
            raise JalaliDateError("تاریخ میلادی معتبر نیست.") from exc
        return TypedDate(in_years(day_), gregorian=f"{year:04d}-{month:02d}-{day:02d}")
    # The one rule for a Jalali date's years (YEARS) and its message, as at every other door.
    return TypedDate(parse_jalali_date(text))


def jalali_str(d: date | datetime) -> str:
    """Return d as a zero-padded Jalali date with ASCII digits, e.g. "1403/01/31"."""
    j = _to_jalali(d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def jalali_weekday(d: date | datetime) -> int:
    """Return the weekday of d counted from Saturday=0 to Friday=6."""
    return (_as_date(d).weekday() + 2) % 7


def weekday_name(d: date | datetime) -> str:
    """Return the Persian weekday name of d."""
    return WEEKDAY_NAMES[jalali_weekday(d)]


def format_jalali(d: date | datetime | None, style: str = "short") -> str:
    """Format d in Jalali with Persian digits; style is short, long, month or datetime.

    Aware datetimes are shown in Tehran time; naive ones are assumed to be Tehran
    time already.  The datetime style applied to a plain date falls back to short.
    """
    if d is None:
        return ""
    j = _to_jalali(d)
    short = to_persian_digits(jalali_str(d))
    if style == "short":
        return short
    if style == "long":
        return f"{weekday_name(d)} {format_number(j.day)} {MONTH_NAMES[j.month - 1]} {format_number(j.year)}"
    if style == "month":
        return f"{MONTH_NAMES[j.month - 1]} {format_number(j.year)}"
    if style == "datetime":
        if not isinstance(d, datetime):
            return short
        local = d.astimezone(TEHRAN) if d.tzinfo else d
        return f"{short} ساعت {to_persian_digits(local.strftime('%H:%M'))}"
    raise ValueError(f"unknown Jalali format style: {style!r}")


def jalali_year_month(d: date | datetime) -> tuple[int, int]:
    """Return the Jalali (year, month) that d falls in."""
    j = _to_jalali(d)
    return j.year, j.month


def add_months(jy: int, jm: int, n: int) -> tuple[int, int]:
    """Return the Jalali (year, month) n months after (jy, jm); n may be negative."""
    year, month0 = divmod(jy * 12 + (jm - 1) + n, 12)
    return year, month0 + 1


def month_range(jy: int, jm: int) -> tuple[date, date]:
    """Return the first and last Gregorian dates of Jalali month jm of jy, inclusive."""
    return jalali_to_date(jy, jm, 1), jalali_to_date(jy, jm, month_length(jy, jm))


def season_range(jy: int, season: int) -> tuple[date, date]:
    """Return the inclusive Gregorian bounds of a Jalali season (1 spring … 4 winter)."""
    if not 1 <= season <= 4:
        raise ValueError("season must be 1 (spring) to 4 (winter)")
    first_month = 3 * (season - 1) + 1
    return month_range(jy, first_month)[0], month_range(jy, first_month + 2)[1]


def year_range(jy: int) -> tuple[date, date]:
    """Return the first and last Gregorian dates of Jalali year jy, inclusive."""
    return month_range(jy, 1)[0], month_range(jy, 12)[1]


def period_range(jy: int, *, season: int | None = None, month: int | None = None) -> tuple[date, date]:
    """Return the inclusive Gregorian bounds of a Jalali month, a season, or (neither given) the whole year."""
    if month is not None:
        return month_range(jy, month)
    if season is not None:
        return season_range(jy, season)
    return year_range(jy)


PERIOD_UNITS = {"month": "ماه", "season": "فصل", "year": "سال"}


@dataclass(frozen=True)
class JalaliPeriod:
    """A Jalali month, season or whole year: what a period report covers."""

    year: int
    kind: str = "year"  # month, season or year
    number: int | None = None  # the month (1-12) or season (1-4); None for a year

    def bounds(self) -> tuple[date, date]:
        """Return the first and last Gregorian dates of the period, inclusive."""
        if self.kind == "month":
            return period_range(self.year, month=self.number)
        if self.kind == "season":
            return period_range(self.year, season=self.number)
        return period_range(self.year)

    def previous(self) -> "JalaliPeriod":
        """Return the period of the same kind just before this one."""
        if self.kind == "month":
            year, month = add_months(self.year, self.number, -1)
            return JalaliPeriod(year, "month", month)
        if self.kind == "season":
            year, season = divmod(self.year * 4 + self.number - 2, 4)
            return JalaliPeriod(year, "season", season + 1)
        return JalaliPeriod(self.year - 1)

    @property
    def unit(self) -> str:
        """Return the Persian name of the period's kind: ماه, فصل or سال."""
        return PERIOD_UNITS[self.kind]

    @property
    def title(self) -> str:
        """Return the period's Persian name, e.g. «تیر ۱۴۰۴», «تابستان ۱۴۰۴» or «سال ۱۴۰۴»."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.number - 1]} {format_number(self.year)}"
        if self.kind == "season":
            return f"{SEASON_NAMES[self.number - 1]} {format_number(self.year)}"
        return f"سال {format_number(self.year)}"


def week_range(d: date | datetime) -> tuple[date, date]:
    """Return the Saturday and Friday of the Iranian week containing d."""
    day = _as_date(d)
    saturday = day - timedelta(days=jalali_weekday(day))
    return saturday, saturday + timedelta(days=6)


def month_weeks(jy: int, jm: int) -> list[list[date | None]]:
    """Return a calendar grid of month jm: rows of 7 days, Saturday first, None padding."""
    first, last = month_range(jy, jm)
    cells: list[date | None] = [None] * jalali_weekday(first)
    cells += [first + timedelta(days=i) for i in range((last - first).days + 1)]
    cells += [None] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def now_tehran() -> datetime:
    """Return the current time as an aware datetime in Asia/Tehran."""
    return datetime.now(TEHRAN)


def today_tehran() -> date:
    """Return today's date in Tehran, whatever the server's time zone."""
    return now_tehran().date()
