"""Date fields in Chromium: the format hint reads in the order digits are typed; an error is shown once."""
import io

from PIL import Image, ImageChops, ImageStat

from tests.browser.conftest import sign_in

# Lay text out in a left-to-right box like the date input and return where "year" and "day" start.
MEASURE = """(text) => {
  const box = document.createElement('span');
  box.dir = 'ltr';
  box.style.unicodeBidi = 'isolate';
  box.textContent = text;
  document.body.appendChild(box);
  const node = box.firstChild;
  const at = (word) => {
    const range = document.createRange();
    const start = text.indexOf(word);
    range.setStart(node, start);
    range.setEnd(node, start + word.length);
    return range.getBoundingClientRect().left;
  };
  const place = {year: at('سال'), day: at('روز')};
  box.remove();
  return place;
}"""


# Three inputs drawn alike: the hint as a placeholder, and the same words as a value with each word
# isolated, the year on the left (as 1404/04/14 is typed) or on the right.
SAMPLES = """<html dir="rtl"><head><style>
input {{ font: 32px sans-serif; width: 360px; color: #000; border: 0; }}
input::placeholder {{ color: #000; opacity: 1; }}
</style></head><body>
<input id="hint" dir="ltr" placeholder="{hint}"><br>
<input id="left" dir="ltr" value="\u2066سال\u2069/\u2066ماه\u2069/\u2066روز\u2069"><br>
<input id="right" dir="ltr" value="\u2066روز\u2069/\u2066ماه\u2069/\u2066سال\u2069">
</body></html>"""


def test_the_date_hint_puts_the_year_on_the_left_as_typed_digits_do(page, live_server, users):
    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/events/new")
    hint = page.get_attribute("#held_on", "placeholder")
    assert page.get_attribute("#held_on", "dir") == "ltr"
    assert page.evaluate(MEASURE, hint)["year"] < page.evaluate(MEASURE, hint)["day"]
    assert _nearer_sample(page, hint) == "left"
    # Without the marks the words form one right-to-left run: the year lands on the right.
    assert _nearer_sample(page, "سال/ماه/روز") == "right"


def _nearer_sample(page, hint: str) -> str:
    """Return which sample ("left" or "right") the drawn placeholder looks like, pixel by pixel."""
    page.set_content(SAMPLES.format(hint=hint))
    drawn = _gray(page.locator("#hint").screenshot())
    distance = {side: ImageStat.Stat(ImageChops.difference(drawn, _gray(page.locator(f"#{side}").screenshot()))).sum[0]
                for side in ("left", "right")}
    assert distance["left"] != distance["right"]
    return min(distance, key=distance.get)


def _gray(png: bytes):
    return Image.open(io.BytesIO(png)).convert("L")


def test_an_invalid_date_error_is_shown_once(page, live_server, users):
    sign_in(page, live_server, "pr_staff")
    page.goto(live_server + "/events/new")
    page.fill("#held_on", "1404/12/30")
    page.click("#event-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the live preview, had it run, would have answered by now
    # Beside the field (the summary at the top of the form names it too, as a link to the field).
    message = page.locator("div.col-md-3:has(#held_on)").get_by_text("اسفند ۱۴۰۴ فقط ۲۹ روز دارد")
    assert sum(1 for i in range(message.count()) if message.nth(i).is_visible()) == 1
    # Typing again replaces the server's message with the live one, still once.
    page.fill("#held_on", "")
    page.locator("#held_on").press_sequentially("1404/12/30")
    page.wait_for_timeout(800)
    assert sum(1 for i in range(message.count()) if message.nth(i).is_visible()) == 1
