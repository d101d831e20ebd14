"""The campaign summary's numbers, computed by hand-written SQL: the baseline of the report query.

``hand_numbers`` and ``report_numbers`` return the same plain structure, so the benchmark can both
time them and check that they agree.
"""
import statistics
from datetime import date

from sqlalchemy import text

from tracker.extensions import db
from tracker.models.choices import (
    EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES, HOUSEHOLD_CATEGORIES,
)
from tracker.persian.dates import add_months, jalali_year_month, month_range
from tracker.persian.text import sort_key
from tracker.persian.workdays import working_days_between
from tracker.reports.queries import percentile_nearest_rank

LIVE_EVENTS = "e.district_id = :d AND e.campaign_id = :c AND e.deleted_at IS NULL"
OPEN = "('new', 'referred', 'in_progress')"


def report_numbers(summary) -> dict:
    """Return the numbers of a CampaignSummary in the shape hand_numbers returns."""
    s = summary.sections
    return {
        "coverage": [(r.neighborhood_id, r.visits_done, r.households_reached, r.target_total,
                      tuple((c, v.reached, v.target) for c, v in sorted(r.by_category.items())))
                     for r in s.coverage],
        "households_by_category": {r.key: r.count for r in s.households_by_category},
        "events_by_kind": {r.key: r.count for r in s.events_by_kind},
        "events_by_status": {r.key: r.count for r in s.events_by_status},
        "events_by_phase": {r.phase_id: r.by_kind for r in s.events_by_phase},
        "officials": {r.official_id: r.visits for r in s.officials},
        "feedback_by_kind": {r.key: r.count for r in s.feedback_by_kind},
        "feedback_by_status": {r.key: r.count for r in s.feedback_by_status},
        "feedback_by_topic": {r.key: r.count for r in s.feedback_by_topic},
        "feedback_by_department": {r.key: r.count for r in s.feedback_by_department},
        "response_times": (s.response_times.answered, s.response_times.median, s.response_times.p90),
        "sla": {r.department_id: (r.answered, r.on_time, r.open_overdue) for r in s.sla},
        "commitments": (s.commitments.open, s.commitments.overdue, s.commitments.done),
        "open_commitments": [r.id for r in s.open_commitments],
        "headline": (s.headline.visits, s.headline.households, s.headline.neighborhoods, s.headline.feedback,
                     s.headline.answered, s.headline.commitments_done),
        "trend": [(p.jy, p.jm, p.answered, p.on_time) for p in summary.trend],
        "target_total": summary.target_total,
    }


def _rows(sql: str, **params):
    return db.session.execute(text(sql), params).all()


def _day(value) -> date:
    """Return a date column's value as a date (SQLite hands untyped results back as text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def hand_numbers(district_id: int, campaign_id: int, today: date) -> dict:
    """Return the campaign summary's numbers from a handful of aggregate SQL queries."""
    p = {"d": district_id, "c": campaign_id, "today": today}
    events = _rows(f"""SELECT e.neighborhood_id, e.kind, e.status, e.phase_id, count(*) FROM event e
                       WHERE {LIVE_EVENTS} GROUP BY 1, 2, 3, 4""", **p)
    reached = _rows(f"""SELECT h.neighborhood_id, h.category, h.deleted_at IS NULL, count(DISTINCT h.id)
                        FROM event_household eh JOIN event e ON e.id = eh.event_id
                        JOIN household h ON h.id = eh.household_id
                        WHERE {LIVE_EVENTS} AND e.status = 'done' GROUP BY 1, 2, 3""", **p)
    officials = _rows(f"""SELECT eo.official_id, count(DISTINCT e.id) FROM event_official eo
                          JOIN event e ON e.id = eo.event_id WHERE {LIVE_EVENTS} AND e.status = 'done'
                          GROUP BY 1""", **p)
    feedback = _rows(f"""SELECT f.kind, f.status, f.topic_id, f.department_id, e.deleted_at IS NULL, count(*),
               sum(CASE WHEN f.answered_on IS NOT NULL THEN 1 ELSE 0 END),
               sum(CASE WHEN f.referred_on IS NOT NULL THEN 1 ELSE 0 END),
               sum(CASE WHEN f.referred_on IS NOT NULL AND f.answered_on IS NOT NULL THEN 1 ELSE 0 END),
               sum(CASE WHEN f.referred_on IS NOT NULL AND f.answered_on <= f.due_on THEN 1 ELSE 0 END),
               sum(CASE WHEN f.referred_on IS NOT NULL AND f.status IN {OPEN} AND f.due_on < :today
                   THEN 1 ELSE 0 END)
        FROM feedback_item f JOIN event e ON e.id = f.event_id
        WHERE f.district_id = :d AND f.deleted_at IS NULL AND e.campaign_id = :c GROUP BY 1, 2, 3, 4, 5""", **p)
    answered_pairs = _rows(f"""SELECT f.received_on, f.answered_on FROM feedback_item f
                               JOIN event e ON e.id = f.event_id WHERE {LIVE_EVENTS} AND f.district_id = :d
                               AND f.deleted_at IS NULL AND f.answered_on IS NOT NULL""", **p)
    months = []
    jy, jm = jalali_year_month(today)
    for back in range(5, -1, -1):
        months.append((*add_months(jy, jm, -back), *month_range(*add_months(jy, jm, -back))))
    cases = " ".join(f"WHEN f.received_on BETWEEN :s{i} AND :e{i} THEN {i}" for i in range(6))
    bounds = {f"s{i}": m[2] for i, m in enumerate(months)} | {f"e{i}": m[3] for i, m in enumerate(months)}
    trend = {m: (a, o) for m, a, o in _rows(f"""SELECT CASE {cases} END,
               sum(CASE WHEN f.answered_on IS NOT NULL THEN 1 ELSE 0 END),
               sum(CASE WHEN f.answered_on <= f.due_on THEN 1 ELSE 0 END)
        FROM feedback_item f JOIN event e ON e.id = f.event_id
        WHERE f.district_id = :d AND f.deleted_at IS NULL AND f.referred_on IS NOT NULL AND e.campaign_id = :c
          AND f.received_on BETWEEN :s0 AND :e5 GROUP BY 1""", **p, **bounds)}
    live, overdue, done = _rows(f"""SELECT sum(CASE WHEN c.status IN ('open', 'in_progress') THEN 1 ELSE 0 END),
               sum(CASE WHEN c.status IN ('open', 'in_progress') AND c.due_on < :today THEN 1 ELSE 0 END),
               sum(CASE WHEN c.status = 'done' THEN 1 ELSE 0 END)
        FROM commitment c JOIN event e ON e.id = c.event_id WHERE {LIVE_EVENTS} AND c.deleted_at IS NULL""", **p)[0]
    open_commitments = _rows(f"""SELECT c.id, c.text, o.name, n.name, c.due_on, c.status, c.done_on
        FROM commitment c JOIN event e ON e.id = c.event_id JOIN official o ON o.id = c.official_id
        JOIN neighborhood n ON n.id = e.neighborhood_id
        WHERE {LIVE_EVENTS} AND c.deleted_at IS NULL AND c.status IN ('open', 'in_progress')
        ORDER BY c.due_on, c.id LIMIT 200""", **p)
    targets = _rows("SELECT neighborhood_id, category, count FROM campaign_target WHERE campaign_id = :c", **p)
    places = _rows("""SELECT n.id, n.name, a.name FROM neighborhood n JOIN area a ON a.id = n.area_id
                      WHERE n.district_id = :d AND n.deleted_at IS NULL""", **p)
    holidays = {_day(day) for (day,) in _rows("SELECT day FROM holiday")}
    weekend = frozenset(int(x) for x in _rows("SELECT weekend FROM district WHERE id = :d", **p)[0][0].split(",") if x)

    by_kind, by_status, by_phase, visits = dict.fromkeys(EVENT_KINDS, 0), dict.fromkeys(EVENT_STATUSES, 0), {}, {}
    for neighborhood, kind, status, phase, n in events:
        by_status[status] += n
        if status == "done":
            by_kind[kind] += n
            by_phase.setdefault(phase, dict.fromkeys(EVENT_KINDS, 0))[kind] += n
            visits[neighborhood] = visits.get(neighborhood, 0) + n
    live_reached = {(nb, cat): n for nb, cat, alive, n in reached if alive}
    target = {(nb, cat): n for nb, cat, n in targets}
    coverage = []
    for nid, _name, _area in sorted(places, key=lambda r: (sort_key(r[2]), sort_key(r[1]))):
        cells = tuple((c, live_reached.get((nid, c), 0), target.get((nid, c), 0))
                      for c in sorted(HOUSEHOLD_CATEGORIES))
        coverage.append((nid, visits.get(nid, 0), sum(c[1] for c in cells), sum(c[2] for c in cells), cells))
    fb_kind, fb_status = dict.fromkeys(FEEDBACK_KINDS, 0), dict.fromkeys(FEEDBACK_STATUSES, 0)
    fb_topic, fb_dep, sla = {}, {}, {}
    total = answered_total = 0
    for kind, status, topic, department, alive, n, answered, referred, sla_answered, on_time, late in feedback:
        if referred:
            a, o, v = sla.get(department, (0, 0, 0))
            sla[department] = (a + sla_answered, o + on_time, v + late)
        if not alive:
            continue
        fb_kind[kind] += n
        fb_status[status] += n
        fb_topic[topic] = fb_topic.get(topic, 0) + n
        fb_dep[department] = fb_dep.get(department, 0) + n
        total += n
        answered_total += answered
    durations = sorted(max(0, working_days_between(_day(r), _day(a), holidays, weekend))
                       for r, a in answered_pairs)
    return {
        "coverage": coverage,
        "households_by_category": {c: sum(n for (_nb, cat), n in live_reached.items() if cat == c)
                                   for c in HOUSEHOLD_CATEGORIES},
        "events_by_kind": by_kind, "events_by_status": by_status, "events_by_phase": by_phase,
        "officials": dict(officials),
        "feedback_by_kind": fb_kind, "feedback_by_status": fb_status,
        "feedback_by_topic": fb_topic, "feedback_by_department": fb_dep,
        "response_times": (len(durations), statistics.median(durations) if durations else None,
                           percentile_nearest_rank(durations, 90)),
        "sla": sla,
        "commitments": (int(live or 0), int(overdue or 0), int(done or 0)),
        "open_commitments": [row[0] for row in open_commitments],
        "headline": (sum(visits.values()), sum(n for *_k, n in reached), len(visits), total, answered_total,
                     int(done or 0)),
        "trend": [(y, m, int(trend.get(i, (0, 0))[0] or 0), int(trend.get(i, (0, 0))[1] or 0))
                  for i, (y, m, _s, _e) in enumerate(months)],
        "target_total": sum(target.values()),
    }
