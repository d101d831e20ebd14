"""Official holidays and working-day arithmetic."""
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.persian.dates import jalali_year_month, parse_jalali_date, year_range
from tracker.persian.workdays import (
    FIXED_SOLAR_HOLIDAYS,
    FRIDAY,
    LUNAR_HOLIDAYS,
    THURSDAY,
    add_working_days,
    is_working_day,
    lunar_dates,
    lunar_holidays,
    solar_holidays,
    working_days_between,
)

J = parse_jalali_date


def holiday_dates(*years: int) -> set[date]:
    return {d for jy in years for d, _title in solar_holidays(jy)}


def test_solar_holidays_fall_on_their_jalali_days():
    holidays = solar_holidays(1404)
    assert len(holidays) == len(FIXED_SOLAR_HOLIDAYS) == 10
    assert [d for d, _ in holidays[:4]] == [J("1404/01/01"), J("1404/01/02"), J("1404/01/03"), J("1404/01/04")]
    assert (J("1404/11/22"), "پیروزی انقلاب اسلامی") in holidays
    first, last = year_range(1404)
    assert all(first <= d <= last for d, _ in holidays)


def test_esfand_29_is_a_holiday_and_esfand_30_is_not():
    # Leap 1403: 29 Esfand is the oil holiday, 30 Esfand (a Thursday) is an ordinary day.
    assert J("1403/12/29") in holiday_dates(1403)
    assert J("1403/12/30") not in holiday_dates(1403, 1404)
    assert is_working_day(J("1403/12/30"), holiday_dates(1403, 1404))
    # Common 1404: 29 Esfand is the last day of the year and still the holiday.
    assert J("1404/12/29") in holiday_dates(1404)
    assert J("1404/12/29") == year_range(1404)[1]


def test_adding_working_days_across_nowruz():
    holidays = holiday_dates(1403, 1404)
    start = J("1403/12/25")  # Saturday 2025-03-15
    # Counting from the day after start: Sun 26 (1), Mon 27 (2), Tue 28 (3), Wed 29 Esfand
    # is the oil holiday, Thu 30 Esfand (4, leap year), Fri 1 Farvardin is Friday and
    # Nowruz, Sat-Mon 2-4 Farvardin are Nowruz, Tue 5 Farvardin (5).
    assert add_working_days(start, 5, holidays) == J("1404/01/05")
    assert working_days_between(start, J("1404/01/05"), holidays) == 5


def test_adding_working_days_skips_friday():
    thursday = date(2024, 4, 18)
    assert add_working_days(thursday, 1) == date(2024, 4, 20)  # Friday skipped, Saturday
    # With a Thursday-and-Friday weekend, Wednesday + 1 lands on Saturday as well.
    assert add_working_days(date(2024, 4, 17), 1, weekend={THURSDAY, FRIDAY}) == date(2024, 4, 20)


def test_holiday_on_a_friday_is_not_counted_twice():
    friday = J("1404/01/01")  # Nowruz on a Friday
    assert friday.weekday() == FRIDAY
    thursday, saturday = friday - timedelta(days=1), friday + timedelta(days=1)
    # Only one non-working day separates Thursday and Saturday, so Saturday is 1 working day on.
    assert working_days_between(thursday, saturday, {friday}) == 1
    assert add_working_days(thursday, 1, [friday]) == saturday


def test_zero_working_days_is_the_start_even_on_a_holiday():
    friday = date(2024, 4, 19)
    assert add_working_days(friday, 0, {friday}) == friday


def test_working_days_between_is_signed():
    holidays = {date(2024, 4, 16)}  # a Tuesday
    saturday, next_saturday = date(2024, 4, 13), date(2024, 4, 20)
    # Sun, Mon, Wed, Thu and Sat are working; Tue is a holiday and Fri the weekend.
    assert working_days_between(saturday, next_saturday, holidays) == 5
    assert working_days_between(next_saturday, saturday, holidays) == -5
    assert working_days_between(saturday, saturday, holidays) == 0


def test_a_week_without_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2024, 1, 1), 1, weekend=range(7))


holiday_sets = st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)), max_size=40)
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))
weekends = st.sets(st.integers(0, 6), max_size=3)


@given(starts, st.integers(0, 60), holiday_sets, weekends)
def test_add_then_count_round_trips(start, n, holidays, weekend):
    end = add_working_days(start, n, holidays, weekend)
    assert working_days_between(start, end, holidays, weekend) == n
    assert n == 0 or is_working_day(end, holidays, weekend)


@given(starts, starts, holiday_sets, weekends)
def test_working_days_between_is_antisymmetric(a, b, holidays, weekend):
    forward = working_days_between(a, b, holidays, weekend)
    assert forward == -working_days_between(b, a, holidays, weekend)
    assert abs(forward) <= abs((b - a).days)


@given(starts, st.integers(0, 2000), holiday_sets, weekends)
def test_counting_across_years_agrees_with_walking_day_by_day(a, span, holidays, weekend):
    b = a + timedelta(days=span)
    walked = sum(is_working_day(a + timedelta(days=i), holidays, weekend) for i in range(1, span + 1))
    assert working_days_between(a, b, holidays, weekend) == walked


@given(starts, st.integers(1, 60), holiday_sets)
def test_counting_backwards_mirrors_forwards(start, n, holidays):
    earlier = add_working_days(start, -n, holidays)
    assert earlier < start and is_working_day(earlier, holidays)
    # Exactly n - 1 working days lie strictly between, so going forward n lands on start
    # when start is a working day, else on the first working day after it.
    assert add_working_days(earlier, n - 1, holidays) < start
    forward = add_working_days(earlier, n, holidays)
    assert forward == start if is_working_day(start, holidays) else forward > start


def test_lunar_holidays_1404_include_ashura_in_tir():
    ashura = [d for d, title in lunar_holidays(1404) if title == "عاشورای حسینی"]
    # Official 1404 calendar: 15 Tir (2025-07-06); the tabular calendar may be a day off.
    assert len(ashura) == 1
    assert ashura[0] in {date(2025, 7, 5), date(2025, 7, 6)}
    assert jalali_year_month(ashura[0]) == (1404, 4)


def test_lunar_holidays_1404_count():
    holidays = lunar_holidays(1404)
    # A solar year is ~11 days longer than a lunar one, so each of the 17 holidays occurs
    # at least once, and those in the year's first ~11 days recur at its end: in 1404,
    # 21 Ramadan (1 Farvardin) and Eid al-Fitr come back in late Esfand.  Allowing for a
    # day's drift either way, that leaves 17 to 19 entries.
    assert 17 <= len(holidays) <= 19
    assert {title for _, title in holidays} == {title for _, _, title in LUNAR_HOLIDAYS}


@given(st.integers(1304, 1455))
def test_lunar_holidays_cover_the_year_once_or_twice(jy):
    holidays = lunar_holidays(jy)
    first, last = year_range(jy)
    assert holidays == sorted(set(holidays))
    assert all(first <= d <= last for d, _ in holidays)
    assert len({d for d, _ in holidays}) == len(holidays)  # never two titles on one day
    counts = Counter(title for _, title in holidays)
    assert set(counts) == {title for _, _, title in LUNAR_HOLIDAYS}
    for title, count in counts.items():
        assert count <= 2
        if count == 2:
            first_seen, second_seen = sorted(d for d, t in holidays if t == title)
            # One Hijri year apart: 354 or 355 days, 353 or 356 in a few old Umm al-Qura years.
            assert 353 <= (second_seen - first_seen).days <= 356


def test_imam_reza_falls_on_the_last_day_of_safar():
    # hijridate: Safar 1447 has 29 days, so the 30 Safar holiday moves to the 29th.
    from hijridate import Hijri

    assert Hijri(1447, 2, 1).month_length() == 29
    reza = [d for d, title in lunar_holidays(1404) if title == "شهادت امام رضا (ع)"]
    assert reza == [Hijri(1447, 2, 29).to_gregorian()]


def test_lunar_dates_find_each_yearly_return_within_a_range():
    from hijridate import Hijri

    # 13 Rajab (Father's day in Iran) in Jalali 1403, 1404 and 1405: one lunar year apart.
    first, last = year_range(1403)[0], year_range(1405)[1]
    found = lunar_dates(7, 13, first, last)
    assert found == [Hijri(1446, 7, 13).to_gregorian(), Hijri(1447, 7, 13).to_gregorian(),
                     Hijri(1448, 7, 13).to_gregorian()]
    assert [jalali_year_month(d) for d in found] == [(1403, 10), (1404, 10), (1405, 10)]
    assert lunar_dates(7, 13, found[0] + timedelta(days=1), found[1] - timedelta(days=1)) == []


def test_lunar_dates_put_a_missing_30th_on_the_month_end():
    from hijridate import Hijri

    assert lunar_dates(2, 30, *year_range(1404)) == [Hijri(1447, 2, 29).to_gregorian()]


@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(-800, 800),
    st.frozensets(st.dates(date(2020, 1, 1), date(2030, 12, 31)), max_size=60),
    st.frozensets(st.integers(0, 6), max_size=3),
)
def test_a_district_calendar_counts_as_the_plain_arithmetic(a, span, holidays, weekend):
    from tracker.workcalendar import WorkCalendar

    b = a + timedelta(days=span)
    assert WorkCalendar(holidays, weekend).between(a, b) == working_days_between(a, b, holidays, weekend)
