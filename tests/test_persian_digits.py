"""Persian digits and the one way numbers are written for people."""
import pytest

from tracker.persian.digits import format_number, to_ascii_digits, to_persian_digits


def test_digits_convert_both_ways_from_any_script():
    assert to_persian_digits("1403/01/31 ٢٠") == "۱۴۰۳/۰۱/۳۱ ۲۰"
    assert to_ascii_digits("۰۹۱۲ ٣٤") == "0912 34"
    assert to_persian_digits(None) == "" and to_ascii_digits(None) == ""


@pytest.mark.parametrize(("value", "options", "written"), [
    (12, {}, "۱۲"),
    (3.5, {}, "۳٫۵"),
    (45.0, {}, "۴۵"),  # no needless decimal part
    (2.96, {}, "۳"),  # rounds to a whole number: no "۳٫۰"
    (66.7, {"percent": True}, "۶۶٫۷٪"),
    (-12, {}, "\u2212۱۲"),  # a true minus, which bidi keeps on the left as the pages show it
    (3, {"signed": True}, "+۳"),
    (0, {"signed": True}, "۰"),
    (-0.01, {}, "۰"),  # what rounds to zero carries no sign
    (None, {}, "—"),
    (None, {"empty": ""}, ""),
])
def test_numbers_are_written_one_way(value, options, written):
    assert format_number(value, **options) == written


def test_read_number_takes_persian_arabic_and_ascii_digits_only():
    import pytest

    from tracker.persian.digits import read_number

    assert read_number(" ۱۲ ") == 12 and read_number("٣٤") == 34 and read_number("0056") == 56
    for bad in ("²", "۱²", "-3", "+3", "1.5", "", None, "١٢a"):
        with pytest.raises(ValueError):
            read_number(bad)
