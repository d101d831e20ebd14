"""Jalali parsing, formatting and date ranges."""
from datetime import date, datetime, time, timedelta, UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.persian.dates import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    JalaliDateError,
    JalaliPeriod,
    JalaliTimeError,
    add_months,
    format_jalali,
    is_leap,
    jalali_str,
    jalali_to_date,
    jalali_weekday,
    jalali_year_month,
    month_length,
    month_range,
    month_weeks,
    now_tehran,
    parse_date_any,
    parse_jalali_date,
    parse_jalali_time,
    period_range,
    season_range,
    today_tehran,
    week_range,
    weekday_name,
    year_range,
)

ARABIC_INDIC = str.maketrans("0123456789۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩" * 2)
gregorian_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
jalali_months = st.tuples(st.integers(1330, 1470), st.integers(1, 12))


def test_known_conversions():
    assert parse_jalali_date("1403/01/01") == date(2024, 3, 20)
    assert parse_jalali_date("1404/01/01") == date(2025, 3, 21)
    assert parse_jalali_date("1403/01/31") == date(2024, 4, 19)
    assert jalali_str(date(2024, 4, 19)) == "1403/01/31"


def test_esfand_30_exists_only_in_leap_years():
    assert is_leap(1403) and not is_leap(1404)
    assert parse_jalali_date("1403/12/30") == date(2025, 3, 20)
    assert parse_jalali_date("1403/12/30") + timedelta(days=1) == parse_jalali_date("1404/01/01")
    with pytest.raises(JalaliDateError) as excinfo:
        parse_jalali_date("1404/12/30")
    message = str(excinfo.value)
    assert "اسفند" in message and "۲۹" in message and "کبیسه" in message


def test_day_past_month_end_names_the_month_and_its_length():
    with pytest.raises(JalaliDateError, match="مهر ۱۴۰۴ فقط ۳۰ روز دارد"):
        parse_jalali_date("1404/07/31")


@pytest.mark.parametrize("text", ["1403/01/31", "۱۴۰۳/۰۱/۳۱", "١٤٠٣-١-٣١", " 1403-1-31 ", "۱۴۰۳/1/٣١",
                                  "1403.01.31", "۱۴۰۳٫۰۱٫۳۱", "\u200f1403/01/31\u200e"])
def test_parse_jalali_date_accepts_common_spellings(text):
    assert parse_jalali_date(text) == date(2024, 4, 19)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "تاریخ را وارد کنید."),
        ("   ", "تاریخ را وارد کنید."),
        (None, "تاریخ را وارد کنید."),
        ("03/01/31", "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید."),
        ("1403/01", "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید."),
        ("فردا", "تاریخ را به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید."),
        ("1403/13/01", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1403/00/10", "ماه باید بین ۱ و ۱۲ باشد."),
        ("1403/01/00", "روز باید بین ۱ و ۳۱ باشد."),
    ],
)
def test_parse_jalali_date_rejects_with_persian_messages(text, message):
    with pytest.raises(JalaliDateError) as excinfo:
        parse_jalali_date(text)
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


@given(gregorian_dates)
def test_formatted_dates_parse_back(d):
    assert parse_jalali_date(format_jalali(d)) == d
    assert parse_jalali_date(jalali_str(d)) == d
    assert parse_jalali_date(jalali_str(d).translate(ARABIC_INDIC)) == d
    assert parse_jalali_date(format_jalali(d).translate(ARABIC_INDIC)) == d
    assert parse_date_any(format_jalali(d)) == d
    assert parse_date_any(d.isoformat()) == d


@given(jalali_months, st.integers(1, 31))
def test_jalali_to_date_accepts_exactly_the_days_of_the_month(month, day):
    jy, jm = month
    if day <= month_length(jy, jm):
        assert jalali_year_month(jalali_to_date(jy, jm, day)) == (jy, jm)
    else:
        with pytest.raises(JalaliDateError, match=MONTH_NAMES[jm - 1]):
            jalali_to_date(jy, jm, day)


@pytest.mark.parametrize(("text", "expected"), [("14:30", time(14, 30)), ("۱۴:۳۰", time(14, 30)),
                                                 ("9:05", time(9, 5)), (" ۹:۵ ", time(9, 5)),
                                                 ("٠٨:٠٠:١٥", time(8, 0, 15)), ("0:00", time(0, 0))])
def test_parse_jalali_time_accepts_any_digits(text, expected):
    assert parse_jalali_time(text) == expected


@pytest.mark.parametrize(("text", "message"), [("", "ساعت را وارد کنید."),
                                               ("ظهر", "ساعت را به شکل ۱۴:۳۰ وارد کنید."),
                                               ("1430", "ساعت را به شکل ۱۴:۳۰ وارد کنید."),
                                               ("24:00", "ساعت باید بین ۰ و ۲۳ باشد."),
                                               ("12:60", "دقیقه باید بین ۰ و ۵۹ باشد.")])
def test_parse_jalali_time_rejects_with_persian_messages(text, message):
    with pytest.raises(JalaliTimeError) as excinfo:
        parse_jalali_time(text)
    assert str(excinfo.value) == message


def test_parse_date_any_tells_gregorian_from_jalali_by_year():
    assert parse_date_any("2024-04-19") == date(2024, 4, 19)
    assert parse_date_any("۱۴۰۳/۰۱/۳۱") == date(2024, 4, 19)
    with pytest.raises(JalaliDateError):
        parse_date_any("2024-02-30")
    with pytest.raises(JalaliDateError):
        parse_date_any("yesterday")


def test_format_jalali_styles():
    friday = date(2024, 4, 19)
    assert format_jalali(friday) == "۱۴۰۳/۰۱/۳۱"
    assert format_jalali(friday, "long") == "جمعه ۳۱ فروردین ۱۴۰۳"
    assert format_jalali(friday, "month") == "فروردین ۱۴۰۳"
    assert format_jalali(datetime(2024, 4, 19, 14, 30), "datetime") == "۱۴۰۳/۰۱/۳۱ ساعت ۱۴:۳۰"
    assert format_jalali(friday, "datetime") == "۱۴۰۳/۰۱/۳۱"
    assert format_jalali(None) == ""
    with pytest.raises(ValueError):
        format_jalali(friday, "fancy")


def test_format_jalali_shows_aware_times_in_tehran():
    # 22:00 UTC on 19 April is 01:30 on 20 April in Tehran (UTC+03:30): the day changes too.
    late_utc = datetime(2024, 4, 19, 22, 0, tzinfo=UTC)
    assert format_jalali(late_utc, "datetime") == "۱۴۰۳/۰۲/۰۱ ساعت ۰۱:۳۰"
    assert jalali_str(late_utc) == "1403/02/01"


def test_weekdays_start_on_saturday():
    assert WEEKDAY_NAMES[0] == "شنبه" and WEEKDAY_NAMES[6] == "جمعه"
    assert WEEKDAY_NAMES[3] == "سه\u200cشنبه"
    assert jalali_weekday(date(2024, 4, 20)) == 0  # a Saturday
    assert weekday_name(date(2024, 4, 19)) == "جمعه"
    assert len(MONTH_NAMES) == 12 and MONTH_NAMES[0] == "فروردین" and MONTH_NAMES[11] == "اسفند"


def test_ranges_of_month_season_and_year():
    assert month_range(1403, 12) == (date(2025, 2, 19), date(2025, 3, 20))
    assert month_range(1404, 12) == (date(2026, 2, 20), date(2026, 3, 20))
    assert season_range(1403, 1) == (date(2024, 3, 20), date(2024, 6, 20))
    assert season_range(1403, 4)[1] == date(2025, 3, 20)
    assert year_range(1404) == (date(2025, 3, 21), date(2026, 3, 20))
    assert week_range(date(2024, 4, 17)) == (date(2024, 4, 13), date(2024, 4, 19))
    with pytest.raises(ValueError):
        season_range(1403, 5)


@given(gregorian_dates)
def test_every_range_contains_its_day(d):
    jy, jm = jalali_year_month(d)
    first, last = month_range(jy, jm)
    assert first <= d <= last and (last - first).days + 1 == month_length(jy, jm)
    assert year_range(jy)[0] <= d <= year_range(jy)[1]
    season_first, season_last = season_range(jy, (jm - 1) // 3 + 1)
    assert season_first <= d <= season_last
    saturday, friday = week_range(d)
    assert saturday <= d <= friday and weekday_name(saturday) == "شنبه" and weekday_name(friday) == "جمعه"


@given(jalali_months, st.integers(-500, 500))
def test_add_months_moves_by_whole_months(month, n):
    jy, jm = month
    ny, nm = add_months(jy, jm, n)
    assert 1 <= nm <= 12
    assert (ny * 12 + nm) - (jy * 12 + jm) == n
    assert add_months(ny, nm, -n) == (jy, jm)


def test_add_months_wraps_the_year():
    assert add_months(1403, 12, 1) == (1404, 1)
    assert add_months(1403, 1, -1) == (1402, 12)


@given(jalali_months)
def test_month_weeks_is_a_saturday_first_grid_of_the_month(month):
    jy, jm = month
    rows = month_weeks(*month)
    days = [d for row in rows for d in row if d is not None]
    assert all(len(row) == 7 for row in rows)
    assert days == [month_range(jy, jm)[0] + timedelta(days=i) for i in range(month_length(jy, jm))]
    for row in rows:
        for column, d in enumerate(row):
            assert d is None or jalali_weekday(d) == column
    assert rows[0][6] is not None and rows[-1][0] is not None  # no empty leading/trailing week


def test_tehran_clock_has_no_daylight_saving():
    now = now_tehran()
    assert now.utcoffset() == timedelta(hours=3, minutes=30)
    assert today_tehran() in {now.date(), now.date() + timedelta(days=1)}


def test_period_range_turns_a_month_season_or_year_into_dates():
    assert period_range(1404, month=4) == month_range(1404, 4) == (date(2025, 6, 22), date(2025, 7, 22))
    assert period_range(1404, season=2) == (date(2025, 6, 22), date(2025, 9, 22))
    assert period_range(1403) == (date(2024, 3, 20), date(2025, 3, 20))
    # Winter of a leap year ends on 30 Esfand.
    assert period_range(1403, season=4) == (date(2024, 12, 21), date(2025, 3, 20))


def test_periods_are_named_in_persian_and_step_back_across_years():
    summer = JalaliPeriod(1404, "season", 2)
    assert summer.title == "تابستان ۱۴۰۴" and summer.unit == "فصل"
    assert JalaliPeriod(1404, "season", 1).previous() == JalaliPeriod(1403, "season", 4)
    assert JalaliPeriod(1404, "season", 1).previous().title == "زمستان ۱۴۰۳"
    assert JalaliPeriod(1404, "month", 1).previous() == JalaliPeriod(1403, "month", 12)
    assert JalaliPeriod(1404, "month", 4).title == "تیر ۱۴۰۴"
    assert JalaliPeriod(1404).previous() == JalaliPeriod(1403)
    assert JalaliPeriod(1404).title == "سال ۱۴۰۴"


@given(gregorian_dates, st.sampled_from(["month", "season", "year"]))
def test_a_period_and_the_one_before_it_meet_without_a_gap(d, kind):
    jy, jm = jalali_year_month(d)
    number = {"month": jm, "season": (jm - 1) // 3 + 1, "year": None}[kind]
    period = JalaliPeriod(jy, kind, number)
    first, last = period.bounds()
    assert first <= d <= last
    assert period.previous().bounds()[1] + timedelta(days=1) == first


def test_typed_dates_must_fall_in_the_jalali_years_1300_to_1500():
    import pytest

    from tracker.persian.dates import JalaliDateError, parse_date_any, parse_jalali_date

    assert parse_jalali_date("1300/01/01") == date(1921, 3, 21)
    assert parse_date_any("2122-03-20") == parse_jalali_date("۱۵۰۰/۱۲/۲۹")
    for bad in ("1299/12/29", "1501/01/01", "0001/01/01", "9999/12/31", "9999-12-31", "1921-03-20", "2122-03-21"):
        with pytest.raises(JalaliDateError, match="سال باید میان ۱۳۰۰ تا ۱۵۰۰ باشد"):
            parse_date_any(bad)
