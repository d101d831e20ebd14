"""Draft a Persian press release from a campaign phase or one visit, through an admin-edited template.

The template is plain text with Jinja placeholders, rendered in a sandbox so an admin's
text can read values but never reach into the application.  The facts come from
queries.press_facts, which names only households that consented to publicity.
"""
from dataclasses import dataclass
from datetime import datetime

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select

from tracker.audit import record
from tracker.extensions import db
from tracker.models import TextTemplate
from tracker.persian.dates import format_jalali, today_tehran
from tracker.persian.digits import format_number
from tracker.reports.document import ReportDocument, Section

TEMPLATE_KEY = "press_release"

DEFAULT_TITLE = (
    "دیدار مدیران {{ district }} با {{ households_count }} خانوار در {{ place }}"
    "{% if occasion %} به مناسبت {{ occasion }}{% endif %}"
)

DEFAULT_BODY = """\
به گزارش روابط عمومی {{ district }}، {% if campaign %}در چارچوب {{ campaign }}{% if phase %} و در {{ phase }}{% endif %}، {% endif %}{% if officials %}{{ officials }}{% else %}مدیران شهرداری{% endif %} {{ when }} با {{ households_count }} خانوار در {{ place }} دیدار و گفت‌وگو {{ did }}.

{% if occasion %}{{ these_visits }} به مناسبت {{ occasion }} انجام شد تا سخن خانواده‌های شهدا، ایثارگران و معتمدان محله‌ها بی‌واسطه شنیده شود و خواسته‌هایشان پیگیری شود.{% else %}{{ these_visits }} برای شنیدن بی‌واسطهٔ سخن شهروندان و پیگیری خواسته‌هایشان انجام شد.{% endif %}

{% if themes %}در {{ these_visits }} بیش از همه از {{ themes }} سخن گفته شد؛ هر موضوع با مهلت مشخص به معاونت مربوط ارجاع‌شده است.{% endif %}

{% if families %}میزبان {{ hosted }} {{ families }} {{ were }}.{% endif %}

روابط عمومی {{ district }} نتیجهٔ رسیدگی به این خواسته‌ها را به آگاهی شهروندان خواهد رساند.
"""  # noqa: E501  (one line per paragraph: the line breaks are the draft's paragraphs)

# What each placeholder holds, shown to the admin beside the template form.
PLACEHOLDERS = {
    "district": "نام منطقه",
    "occasion": "مناسبت پویش",
    "campaign": "عنوان پویش",
    "phase": "عنوان مرحله (در صورت انتخاب)",
    "neighborhoods_count": "شمار محله‌های دیدارشده (تا ده به حروف: «سه»)",
    "households_count": "شمار خانوارهای دیدارشده (تا ده به حروف: «یک»)",
    "visits_count": "شمار دیدارها (تا ده به حروف)",
    "place": "«محلهٔ …» برای یک محله، «سه محلهٔ منطقه» برای چند محله",
    "when": "«روز …» برای یک روز، «از … تا …» برای چند روز",
    "these_visits": "«این دیدار» یا «این دیدارها»",
    "hosted": "«این دیدار» یا «بخشی از این دیدارها»",
    "did": "«کرد» برای یک مدیر، «کردند» برای چند مدیر",
    "were": "«بود» برای یک خانواده، «بودند» برای چند خانواده",
    "officials": "مدیران حاضر با سمت، مانند «شهردار منطقه آقای …، … و …»",
    "themes": "موضوعات اصلی بازخوردها",
    "date_jalali": "تاریخ آخرین دیدار به خورشیدی، با نام روز و ماه",
    "families": "نام خانواده‌هایی که به انتشار نام رضایت داده‌اند (و فقط آنها)",
}

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


class PressTemplateError(ValueError):
    """A template an admin typed cannot be rendered; field names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class Draft:
    """An editable news draft: title, lead paragraph and body."""

    title: str
    lead: str
    body: str

    def text(self) -> str:
        """Return the draft as plain text: the title, the lead, then the body."""
        return "\n\n".join(part for part in (self.title, self.lead, self.body) if part) + "\n"


def join_persian(items: list[str]) -> str:
    """Join items the Persian way: «الف، ب و پ»."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "، ".join(items[:-1]) + " و " + items[-1]


def _first(items: list[str], limit: int, rest: str) -> str:
    """Join the first limit items the Persian way, ending with rest when some were left out."""
    if len(items) <= limit:
        return join_persian(items)
    return join_persian([*items[:limit], rest])


# Persian style writes small counts in words: «یک محله»، «سه خانوار».
COUNT_WORDS = ("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده")


def count_in_words(n: int) -> str:
    """Return a count as running text writes it: in words up to ten, else in Persian digits."""
    return COUNT_WORDS[n] if 0 <= n < len(COUNT_WORDS) else format_number(n)


def _when(first, last) -> str:
    if first is None or last is None or first == last:
        return f"روز {format_jalali(last or first or today_tehran(), 'long')}"
    return f"از {format_jalali(first, 'long')} تا {format_jalali(last, 'long')}"


def context(facts, district_name: str, themes: int = 3, officials: int = 4, families: int = 5) -> dict[str, str]:
    """Return the template's placeholders filled from press facts, in singular or plural as the facts are.

    Long lists are cut (officials come most-visits first) so the draft reads like news.
    """
    day = facts.last_date or facts.first_date or today_tehran()
    one_visit = facts.visits <= 1
    names = [f"{title} {name}".strip() for name, title in facts.officials]
    hosts = [f"خانوادهٔ {name}" for name in facts.consenting_families]
    place = (f"محلهٔ {facts.neighborhood_names[0]}" if len(facts.neighborhood_names) == 1
             else f"{count_in_words(facts.neighborhoods)} محلهٔ منطقه")
    return {
        "district": district_name,
        "occasion": facts.occasion or "",
        "campaign": facts.campaign_title or "",
        "phase": facts.phase_title or "",
        "neighborhoods_count": count_in_words(facts.neighborhoods),
        "households_count": count_in_words(facts.households),
        "visits_count": count_in_words(facts.visits),
        "place": place,
        "when": _when(facts.first_date, facts.last_date),
        "these_visits": "این دیدار" if one_visit else "این دیدارها",
        "hosted": "این دیدار" if one_visit else "بخشی از این دیدارها",
        # No official named means «مدیران شهرداری»: plural.
        "did": "کرد" if len(names) == 1 else "کردند",
        "were": "بود" if len(hosts) == 1 else "بودند",
        "officials": _first(names, officials, "دیگر مدیران منطقه"),
        "themes": join_persian([name for name, _count in facts.topics[:themes]]),
        "date_jalali": format_jalali(day, "long"),
        "families": _first(hosts, families, "چند خانوادهٔ دیگر"),
    }


SAMPLE_CONTEXT = dict.fromkeys(PLACEHOLDERS, "نمونه")


def _render(source: str, values: dict[str, str]) -> str:
    return _env.from_string(source.replace("\r\n", "\n")).render(values)


def render_draft(title_source: str, body_source: str, values: dict[str, str]) -> Draft:
    """Render the title and body templates; the body's first paragraph becomes the lead."""
    title = " ".join(_render(title_source, values).split())
    paragraphs = [" ".join(p.split()) for p in _render(body_source, values).split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    return Draft(title, paragraphs[0] if paragraphs else "", "\n\n".join(paragraphs[1:]))


def stored_template(district_id: int) -> TextTemplate | None:
    """Return the district's saved press-release template, if an admin has saved one."""
    return db.session.scalar(
        select(TextTemplate).where(TextTemplate.district_id == district_id, TextTemplate.key == TEMPLATE_KEY)
    )


def template_sources(district_id: int) -> tuple[str, str]:
    """Return the (title, body) template in use: the saved one, else the default."""
    saved = stored_template(district_id)
    return (saved.title, saved.body) if saved else (DEFAULT_TITLE, DEFAULT_BODY)


def check_template(title: str, body: str) -> None:
    """Raise PressTemplateError naming the field when either template fails to render."""
    for field, source in (("title", title), ("body", body)):
        try:
            _render(source, SAMPLE_CONTEXT)
        except TemplateError as error:
            line = getattr(error, "lineno", None)
            where = f" (سطر {format_number(line)})" if line else ""
            raise PressTemplateError(
                field, f"قالب قابل ساختن نیست{where}: فقط نشانه‌های فهرست‌شده را به کار ببرید و "
                       "هر {{ }} و {% %} را درست ببندید."
            ) from error


def save_template(district_id: int, title: str, body: str, actor) -> TextTemplate:
    """Store the district's press-release template (created on the first save) and audit the change."""
    check_template(title, body)
    saved = stored_template(district_id)
    before = {"title": saved.title, "body": saved.body} if saved else None
    if saved is None:
        saved = TextTemplate(district_id=district_id, key=TEMPLATE_KEY, title=title, body=body)
        db.session.add(saved)
    else:
        saved.title, saved.body = title, body
    db.session.flush()
    record("update" if before else "create", saved, actor=actor, before=before,
           after={"title": title, "body": body})
    return saved


def draft_from_facts(facts, district_id: int, district_name: str) -> Draft:
    """Return the district's draft for the facts."""
    title, body = template_sources(district_id)
    return render_draft(title, body, context(facts, district_name))


def press_document(draft: Draft, district_name: str, source_text: str, user_name: str,
                   generated_at: datetime) -> ReportDocument:
    """Return the draft as a report document: its title, and one section of lead and body."""
    paragraphs = [draft.lead, *draft.body.replace("\r\n", "\n").split("\n")]
    return ReportDocument(
        title=draft.title,
        district_name=district_name,
        filter_text=source_text,
        user_name=user_name,
        generated_at=generated_at,
        sections=[Section(heading="پیش‌نویس خبر", paragraphs=[p.strip() for p in paragraphs if p.strip()])],
    )
