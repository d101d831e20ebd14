"""The in-process figures: the campaign-summary query against hand-written SQL, and the PDF ledger."""
import io
import time
from datetime import datetime
from itertools import islice

from sqlalchemy import func, select

from campaign_sql import hand_numbers, report_numbers
from plain_pdf import draw_table
from tracker.extensions import db
from tracker.lists.feedback import FeedbackFilter
from tracker.models import Campaign, District, Event
from tracker.persian.dates import today_tehran
from tracker.reports import rtl
from tracker.reports.build import ledger_document
from tracker.reports.fonts import register_fonts
from tracker.reports.pdf import render_pdf_to
from tracker.reports.queries import campaign_summary, feedback_ledger


def _best(fn, repeats: int) -> tuple[float, object]:
    """Run fn once to warm up, then repeats times; return the fastest time and the last result."""
    result = fn()
    best = float("inf")
    for _ in range(repeats):
        db.session.expire_all()
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    return best, result


def _differences(a: dict, b: dict) -> list[str]:
    return [f"{key}: report {a[key]!r} != SQL {b.get(key)!r}" for key in a if a[key] != b.get(key)]


def campaign_figure(district_number: int, repeats: int) -> dict:
    """Time campaign_summary on the district's busiest campaign against hand-written SQL."""
    district = db.session.scalar(select(District).where(District.number == district_number))
    campaign_id, events = db.session.execute(
        select(Event.campaign_id, func.count(Event.id)).where(Event.district_id == district.id,
                                                             Event.campaign_id.is_not(None))
        .group_by(Event.campaign_id).order_by(func.count(Event.id).desc()).limit(1)).one()
    today = today_tehran()

    def report():
        return report_numbers(campaign_summary(db.session.get(Campaign, campaign_id), today=today))

    report_time, from_report = _best(report, repeats)
    sql_time, from_sql = _best(lambda: hand_numbers(district.id, campaign_id, today), repeats)
    differences = _differences(from_report, from_sql)
    return {"campaign_id": campaign_id, "events": events, "report_s": report_time, "sql_s": sql_time,
            "ratio": report_time / sql_time, "agree": not differences, "differences": differences[:5],
            "feedback": from_report["headline"][3]}


def pdf_figure(district_number: int, rows: int, repeats: int) -> dict:
    """Render rows of the district's feedback ledger with the report renderer and with a plain canvas."""
    regular, bold = register_fonts()
    district = db.session.scalar(select(District).where(District.number == district_number))
    ledger = list(islice(feedback_ledger(FeedbackFilter(district.id)), rows))
    doc = ledger_document(ledger, "همهٔ بازخوردها", district.name, "سنجه", datetime(2026, 1, 1), masked=False)
    table = doc.sections[0].tables[0]
    cells = list(table.rows)

    def renderer():
        # Start cold, as a request in a fresh worker would: the shaping caches are emptied.
        rtl._reshape_word.cache_clear()
        rtl._display.cache_clear()
        table.rows = iter(cells)
        out = io.BytesIO()
        render_pdf_to(doc, out)
        return out.tell()

    def plain():
        out = io.BytesIO()
        draw_table(out, table.headers, cells, table.col_widths, regular, bold)
        return out.tell()

    def best(fn):
        times, size = [], 0
        for _ in range(repeats):
            began = time.perf_counter()
            size = fn()
            times.append(time.perf_counter() - began)
        return min(times), size

    report_time, report_bytes = best(renderer)
    plain_time, plain_bytes = best(plain)
    return {"rows": len(cells), "report_rps": len(cells) / report_time, "plain_rps": len(cells) / plain_time,
            "ratio": plain_time / report_time, "report_bytes": report_bytes, "plain_bytes": plain_bytes}
