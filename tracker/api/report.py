"""The campaign report over the API: the numbers of reports.queries.campaign_summary, as JSON or PDF."""
from flask import current_app
from pydantic import Field

from tracker import audit
from tracker.api.auth import READ, current_user, get_or_404
from tracker.api.registry import route
from tracker.api.shapes import CampaignOut, Out, out_of
from tracker.extensions import db
from tracker.models import Campaign, District
from tracker.models.choices import EVENT_KINDS, EVENT_STATUSES, FEEDBACK_KINDS, FEEDBACK_STATUSES
from tracker.persian.dates import now_tehran
from tracker.reports import build
from tracker.reports.downloads import download_name
from tracker.reports.pdf import render_pdf
from tracker.reports import queries
from tracker.reports.queries import campaign_summary


# The report rows' own fields and types (tracker.reports.queries), under the API's names.
CategoryCoverage = out_of(queries.CategoryCoverage, "reached target", title="CategoryCoverage")
Coverage = out_of(queries.CoverageRow, "neighborhood_id name area=area_name visits=visits_done households_reached "
                  "target=target_total untouched percent by_category", title="Coverage",
                  by_category=(dict[str, CategoryCoverage], ...))
PhaseEvents = out_of(queries.PhaseRow, "phase_id title by_kind total", title="PhaseEvents")
OfficialVisits = out_of(queries.OfficialRow, "official_id name title visits", title="OfficialVisits")
TopicCount = out_of(queries.CountRow, "topic_id=key name=label count", title="TopicCount",
                    topic_id=(int | None, Field(validation_alias="key")))
DepartmentCount = out_of(queries.CountRow, "department_id=key name=label count", title="DepartmentCount",
                         department_id=(int | None, Field(validation_alias="key")))
ResponseTimes = out_of(queries.ResponseTimes, "answered median_working_days=median p90_working_days=p90",
                       title="ResponseTimes")
Sla = out_of(queries.SlaRow, "department_id department answered on_time percent open_overdue", title="Sla")
Commitments = out_of(queries.CommitmentCounts, "open overdue done", title="Commitments")


class FeedbackCounts(Out):
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_topic: list[TopicCount]
    by_department: list[DepartmentCount]


class CampaignReport(Out):
    """A campaign's numbers (no personal data: names of officials only)."""

    campaign: CampaignOut
    totals: dict[str, int]
    events_by_status: dict[str, int]
    events_by_kind: dict[str, int]
    events_by_phase: list[PhaseEvents]
    households_by_category: dict[str, int]
    coverage: list[Coverage]
    officials: list[OfficialVisits]
    feedback: FeedbackCounts
    response_times: ResponseTimes
    sla: list[Sla]
    commitments: Commitments


def _counts(rows, vocabulary=None) -> dict:
    return {r.key: r.count for r in rows if vocabulary is None or r.key in vocabulary}


@route("GET", "/campaigns/{campaign_id}/report", roles=READ, answer=CampaignReport)
def campaign_report(campaign_id):
    """Give the campaign summary's numbers: coverage per neighborhood, events, officials, feedback, SLA."""
    campaign = get_or_404(Campaign, campaign_id)
    s = campaign_summary(campaign)
    sec = s.sections
    return CampaignReport.model_validate({
        "campaign": campaign,
        "totals": {"visits": sec.headline.visits, "households_reached": sec.headline.households,
                   "target": s.target_total, "untouched_neighborhoods": len(sec.untouched),
                   "feedback": sec.headline.feedback, "answered": sec.headline.answered},
        "events_by_status": _counts(sec.events_by_status, EVENT_STATUSES),
        "events_by_kind": _counts(sec.events_by_kind, EVENT_KINDS), "events_by_phase": sec.events_by_phase,
        "households_by_category": _counts(sec.households_by_category), "coverage": sec.coverage,
        "officials": sec.officials,
        "feedback": {"total": sec.headline.feedback, "by_kind": _counts(sec.feedback_by_kind, FEEDBACK_KINDS),
                     "by_status": _counts(sec.feedback_by_status, FEEDBACK_STATUSES),
                     "by_topic": sec.feedback_by_topic, "by_department": sec.feedback_by_department},
        "response_times": sec.response_times, "sla": sec.sla, "commitments": sec.commitments,
    })


@route("GET", "/campaigns/{campaign_id}/report.pdf", roles=READ, answer="application/pdf")
def campaign_report_pdf(campaign_id):
    """Return the campaign summary as a PDF, the same document the report page offers."""
    campaign = get_or_404(Campaign, campaign_id)
    summary = campaign_summary(campaign)
    user = current_user()
    audit.read("campaign", campaign, count=summary.listed_households, actor=user)
    doc = build.campaign_document(summary, build.filter_text(summary.filter, campaign=campaign.title),
                                  db.session.get(District, campaign.district_id).name,
                                  user.full_name or user.username, now_tehran(),
                                  masked=not user.sees_personal_data)
    # A campaign summary is bounded (one row per neighborhood, department, topic), so bytes will do.
    response = current_app.response_class(render_pdf(doc), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{download_name(f"campaign-{campaign_id}", "pdf")}"'
    return response
