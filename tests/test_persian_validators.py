"""National ID and mobile number validation."""
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tracker.persian.digits import to_persian_digits
from tracker.persian.validators import (
    clean_national_id,
    is_valid_mobile,
    is_valid_national_id,
    normalize_mobile,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def with_check_digit(first_nine: str) -> str:
    """Complete nine digits into a national ID, following DOMAIN.md independently of the code."""
    remainder = sum(int(first_nine[i]) * (10 - i) for i in range(9)) % 11
    check = remainder if remainder < 2 else 11 - remainder
    return first_nine + str(check)


def test_ids_built_by_the_rule_are_valid_in_any_digits_and_spacing():
    code = with_check_digit("123456789")
    assert is_valid_national_id(code)
    assert is_valid_national_id(to_persian_digits(code))
    assert is_valid_national_id(f"{code[:3]}-{code[3:9]}-{code[9]}")
    assert is_valid_national_id(f" {code[:3]} {code[3:]} ")
    assert clean_national_id(to_persian_digits(code)) == code


def test_leading_zeros_are_kept():
    code = with_check_digit("001234567")
    assert code.startswith("00")
    assert clean_national_id(to_persian_digits(code)) == code
    # The same number without its zeros is a different length, not the same ID.
    assert not is_valid_national_id(code.lstrip("0"))


@given(nine_digits)
def test_check_digit_decides_validity(first_nine):
    code = with_check_digit(first_nine)
    assume(len(set(code)) > 1)
    assert is_valid_national_id(code)
    for wrong in set("0123456789") - {code[9]}:
        assert not is_valid_national_id(code[:9] + wrong)


@pytest.mark.parametrize("digit", "0123456789")
def test_repeated_digit_ids_are_invalid(digit):
    assert not is_valid_national_id(digit * 10)
    with pytest.raises(ValueError, match="کد ملی معتبر نیست"):
        clean_national_id(digit * 10)


@pytest.mark.parametrize("text", ["", None, "12345678", "123456789", "12345678901", "12345678x9", "کد ملی"])
def test_wrong_length_ids_get_the_length_message(text):
    assert not is_valid_national_id(text)
    with pytest.raises(ValueError, match="کد ملی باید ۱۰ رقم باشد"):
        clean_national_id(text)


def test_wrong_check_digit_gets_the_invalid_message():
    code = with_check_digit("123456789")
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    with pytest.raises(ValueError, match="کد ملی معتبر نیست"):
        clean_national_id(wrong)


@pytest.mark.parametrize(
    "text",
    ["09123456789", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "٠٩١٢٣٤٥٦٧٨٩", "+989123456789", "+98 912 345 6789", "00989123456789",
     "989123456789", "9123456789", "0912-345-6789", "(0912) 345 6789", "+98 0912 345 6789", "\u200e09123456789"],
)
def test_mobile_forms_normalize_to_09(text):
    assert normalize_mobile(text) == "09123456789"
    assert is_valid_mobile(text)


@pytest.mark.parametrize(
    "text",
    ["", None, "0912345678", "091234567890", "08123456789", "02112345678", "+18123456789", "+9123456789",
     "98912345678", "0912abc6789", "شماره ندارم"],
)
def test_bad_mobiles_are_rejected_in_persian(text):
    assert not is_valid_mobile(text)
    with pytest.raises(ValueError, match="شماره همراه باید با ۰۹ شروع شود و ۱۱ رقم باشد"):
        normalize_mobile(text)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from(["0", "+98", "0098", "98", ""]))
def test_any_prefix_gives_the_same_number(rest, prefix):
    number = normalize_mobile(prefix + "9" + to_persian_digits(rest))
    assert number == "09" + rest
