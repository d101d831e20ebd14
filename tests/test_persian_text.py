"""Digits, normalization, search keys and Persian sort order."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.persian.digits import to_ascii_digits, to_persian_digits
from tracker.persian.text import normalize, search_key, sort_key

ZWNJ = "\u200c"

# Text biased toward the characters the folding rules care about, mixed with anything.
TRICKY = "يىكةۀأإٱآؤ\u0640\u064e\u0650\u0651\u0654\u0670\u200c\u200d\u200e\u200f\u202b\u2067 \t\n\u00a0۱٢3اهیکبپ"
tricky_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters())


def test_to_persian_digits_converts_ascii_and_arabic_indic():
    assert to_persian_digits("1403/01/31") == "۱۴۰۳/۰۱/۳۱"
    assert to_persian_digits("٠١٢٣٤٥٦٧٨٩") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits(42) == "۴۲"
    assert to_persian_digits(None) == ""


def test_to_ascii_digits_converts_persian_and_arabic_indic():
    assert to_ascii_digits("۰۹۱۲ ٣٤٥ 6789") == "0912 345 6789"
    assert to_ascii_digits("متن") == "متن"


@given(st.integers())
def test_digit_conversions_round_trip(n):
    assert to_ascii_digits(to_persian_digits(n)) == str(n)


def test_normalize_unifies_arabic_letters_and_digits():
    assert normalize("علي كريمي") == "علی کریمی"
    assert normalize("موسى") == "موسی"
    assert normalize("پلاک 12 و ١٣") == "پلاک ۱۲ و ۱۳"
    assert search_key("پلاک ۱۲ و ١٣") == search_key("پلاک 12 و 13") == "پلاک 12 و 13"


def test_normalize_collapses_whitespace_and_tatweel():
    assert normalize("  شهرک \t\n  دریا\u00a0 ") == "شهرک دریا"
    assert normalize("سـلام") == "سلام"
    assert normalize(None) == ""


def test_normalize_keeps_zwnj_but_tidies_it():
    assert normalize("می" + ZWNJ + "روم") == "می" + ZWNJ + "روم"
    assert normalize("می" + ZWNJ * 3 + "روم") == "می" + ZWNJ + "روم"
    assert normalize("خانه" + ZWNJ + " ها") == "خانه ها"
    assert normalize(ZWNJ + "کتاب" + ZWNJ) == "کتاب"


def test_normalize_multiline_keeps_paragraphs():
    text = "  سلام  \r\n\r\n\r\n  خدا\u200c  نگهدار\n\n"
    assert normalize(text, multiline=True) == "سلام\n\nخدا نگهدار"


@given(tricky_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    once_multiline = normalize(text, multiline=True)
    assert normalize(once_multiline, multiline=True) == once_multiline


@given(tricky_text)
def test_search_key_is_idempotent_and_ignores_normalization(text):
    key = search_key(text)
    assert search_key(key) == key
    assert search_key(normalize(text)) == key
    assert search_key(normalize(text, multiline=True)) == key


def test_search_key_matches_arabic_and_persian_spellings():
    assert search_key("علي كريمي") == search_key("علی کریمی")
    assert search_key("  علی   کریمی ") == search_key("علی کریمی")


def test_search_key_folds_invisible_and_decorative_marks():
    assert search_key("می" + ZWNJ + "روم") == search_key("میروم")
    assert search_key("محمّد") == search_key("محمد")
    assert search_key("مُحَمَّد") == search_key("محمد")
    assert search_key("ســلام") == search_key("سلام")
    assert search_key("\u200fعلی\u200e") == search_key("علی")
    assert search_key("علی \u200f کریمی") == search_key("علی کریمی")  # no double space left
    assert search_key("ر\u200dضا") == search_key("رضا")


def test_search_key_folds_letter_variants():
    assert search_key("خانۀ ما") == search_key("خانه ما")
    assert search_key("خانهٔ ما") == search_key("خانه ما")
    assert search_key("فاطمة") == search_key("فاطمه")
    assert search_key("آرش") == search_key("ارش")
    assert search_key("أحمد") == search_key("احمد")
    assert search_key("مسؤول") == search_key("مسوول")
    assert search_key("Tehran") == search_key("TEHRAN")


def test_search_key_keeps_a_typed_space_as_a_word_break():
    assert search_key("می روم") != search_key("میروم")


def test_sort_key_follows_persian_alphabet_not_code_points():
    letters = ["ی", "گ", "ک", "پ", "ب", "چ", "ژ", "ز"]
    assert sorted(letters, key=sort_key) == ["ب", "پ", "چ", "ز", "ژ", "ک", "گ", "ی"]
    # Code-point order would put the Persian-only letters last; the key must not.
    assert sorted(letters) != sorted(letters, key=sort_key)


def test_sort_key_orders_names_like_a_directory():
    names = ["یزدانی", "کریمی", "گودرزی", "پارسا", "آقایی", "احمدی", "ژیان", "چمران", "علیرضا", "علی اکبری"]
    expected = ["آقایی", "احمدی", "پارسا", "چمران", "ژیان", "علی اکبری", "علیرضا", "کریمی", "گودرزی", "یزدانی"]
    assert sorted(names, key=sort_key) == expected


def test_sort_key_lists_alef_madda_as_its_own_first_letter():
    # CLDR "fa" and Persian dictionaries put every آ word before the ا words.
    assert sorted(["ابر", "اب", "آسمان", "آب"], key=sort_key) == ["آب", "آسمان", "اب", "ابر"]
    assert sort_key("ا\u0653ب")[0] == sort_key("آب")[0]  # madda typed as a separate mark


def test_sort_key_puts_digits_first_and_foreign_text_last():
    assert sorted(["ب", "Zed", "12", "الف"], key=sort_key) == ["12", "الف", "ب", "Zed"]


def test_sort_key_ignores_encoding_differences():
    assert sort_key("علي")[0] == sort_key("علی")[0]


@given(tricky_text, tricky_text)
def test_texts_sorting_as_equals_share_a_search_key(a, b):
    if sort_key(a)[0] == sort_key(b)[0]:
        assert search_key(a) == search_key(b)
    assert sort_key(a) == sort_key(normalize(a))


def test_clean_text_refuses_control_characters_and_removes_invisible_ones_but_zwnj():
    from tracker.persian.text import TextRefused, clean_text

    assert clean_text("می\u200cروم\u200b \u202eعلی\u2060\u200f") == "می\u200cروم علی"
    assert clean_text("سطر یک\nسطر\tدو\r\n") == "سطر یک\nسطر\tدو\r\n"
    for bad in ("a\x00", "a\x1b", "a\x7f", "a\x85", "a\ud800"):
        with pytest.raises(TextRefused, match="نویسهٔ کنترلی"):
            clean_text(bad)
    with pytest.raises(TextRefused, match="بیش از ۵ نویسه"):
        clean_text("شش حرف", max_length=5)
    assert clean_text("\u200bپنج\u200bحرف", max_length=7) == "پنجحرف"


@given(tricky_text)
def test_search_key_ignores_zero_width_and_bidi_characters(s):
    hidden = "\u200b\u2060\u202e\u2066\ufeff"
    assert search_key(s) == search_key("".join(c + hidden[i % len(hidden)] for i, c in enumerate(s)))
