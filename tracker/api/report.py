"""The campaign report over the API: the numbers of reports.queries.campaign_summary, as JSON or PDF."""
from flask import current_app

from tracker.api.auth import READ, current_user, get_or_404, roles
from tracker.api.schemas import campaign_json
from tracker.api.views import bp, respond
from tracker.models import Campaign
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES
from tracker.persian.dates import now_tehran
from tracker.reports import build
from tracker.reports.pdf import render_pdf
from tracker.reports.queries import CampaignSummary, campaign_summary


@bp.get("/campaigns/<int:campaign_id>/report")
@roles(*READ)
def campaign_report(campaign_id):
    """Give the campaign summary's numbers: coverage per neighborhood, events, officials, feedback, SLA."""
    campaign = get_or_404(Campaign, campaign_id)
    return respond(report_json(campaign, campaign_summary(campaign)))


@bp.get("/campaigns/<int:campaign_id>/report.pdf")
@roles(*READ)
def campaign_report_pdf(campaign_id):
    """Return the campaign summary as a PDF, the same document the report page offers."""
    campaign = get_or_404(Campaign, campaign_id)
    summary = campaign_summary(campaign)
    user = current_user()
    doc = build.campaign_document(summary, build.filter_text(summary.filter, campaign=campaign.title),
                                  user.district.name, user.full_name or user.username, now_tehran(),
                                  masked=not user.sees_personal_data)
    # A campaign summary is bounded (one row per neighborhood, department, topic), so bytes will do.
    response = current_app.response_class(render_pdf(doc), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="campaign-{campaign_id}.pdf"'
    return response


def _counts(rows) -> dict:
    return {r.key: r.count for r in rows}


def report_json(campaign: Campaign, s: CampaignSummary) -> dict:
    """Describe a campaign summary as JSON (no personal data: names of officials only)."""
    sec = s.sections
    rt = sec.response_times
    return {
        "campaign": campaign_json(campaign),
        "totals": {
            "visits": sec.headline.visits,
            "households_reached": sec.headline.households,
            "target": s.target_total,
            "untouched_neighborhoods": len(sec.untouched),
            "feedback": sec.headline.feedback,
            "answered": sec.headline.answered,
        },
        "events_by_status": {code: n for code, n in _counts(sec.events_by_status).items() if code in EVENT_STATUSES},
        "events_by_kind": {code: n for code, n in _counts(sec.events_by_kind).items() if code in EVENT_KINDS},
        "events_by_phase": [{"phase_id": p.phase_id, "title": p.title, "by_kind": p.by_kind, "total": p.total}
                            for p in sec.events_by_phase],
        "households_by_category": _counts(sec.households_by_category),
        "coverage": [
            {"neighborhood_id": r.neighborhood_id, "name": r.name, "area": r.area_name, "visits": r.visits_done,
             "households_reached": r.households_reached, "target": r.target_total, "untouched": r.untouched,
             "percent": r.percent,
             "by_category": {c: {"reached": v.reached, "target": v.target} for c, v in r.by_category.items()}}
            for r in sec.coverage
        ],
        "officials": [{"official_id": o.official_id, "name": o.name, "title": o.title, "visits": o.visits}
                      for o in sec.officials],
        "feedback": {
            "total": sec.headline.feedback,
            "by_kind": {code: n for code, n in _counts(sec.feedback_by_kind).items() if code in FEEDBACK_KINDS},
            "by_status": {code: n for code, n in _counts(sec.feedback_by_status).items() if code in FEEDBACK_STATUSES},
            "by_topic": [{"topic_id": r.key, "name": r.label, "count": r.count} for r in sec.feedback_by_topic],
            "by_department": [{"department_id": r.key, "name": r.label, "count": r.count}
                              for r in sec.feedback_by_department],
        },
        "response_times": {"answered": rt.answered, "median_working_days": rt.median, "p90_working_days": rt.p90},
        "sla": [{"department_id": r.department_id, "department": r.department, "answered": r.answered,
                 "on_time": r.on_time, "percent": r.percent, "open_overdue": r.open_overdue} for r in sec.sla],
        "commitments": {"open": sec.commitments.open, "overdue": sec.commitments.overdue,
                        "done": sec.commitments.done},
    }
