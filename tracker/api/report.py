"""The campaign report over the API: the numbers of reports.queries.campaign_summary, as JSON or PDF."""
from typing import Annotated

from flask import current_app
from pydantic import BeforeValidator, Field

from tracker import audit
from tracker.api.auth import READ, current_user, get_or_404
from tracker.api.registry import route
from tracker.api.shapes import CampaignOut, Out, out_of
from tracker.extensions import db
from tracker.models import Campaign, District
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
# A section's CountRows (every code of its vocabulary) as {code: count}.
Counts = Annotated[dict[str, int], BeforeValidator(lambda rows: {r.key: r.count for r in rows})]


class FeedbackCounts(Out):
    total: int
    by_kind: Counts
    by_status: Counts
    by_topic: list[TopicCount]
    by_department: list[DepartmentCount]


class CampaignReport(Out):
    """A campaign's numbers (no personal data: names of officials only)."""

    campaign: CampaignOut
    totals: dict[str, int]
    events_by_status: Counts
    events_by_kind: Counts
    events_by_phase: list[PhaseEvents]
    households_by_category: Counts
    coverage: list[Coverage]
    officials: list[OfficialVisits]
    feedback: FeedbackCounts
    response_times: ResponseTimes
    sla: list[Sla]
    commitments: Commitments


@route("GET", "/campaigns/{campaign_id}/report", roles=READ, answer=CampaignReport)
def campaign_report(campaign_id):
    """Give the campaign summary's numbers: coverage per neighborhood, events, officials, feedback, SLA."""
    campaign = get_or_404(Campaign, campaign_id)
    summary = campaign_summary(campaign)
    sec, top = summary.sections, summary.sections.headline
    return CampaignReport.model_validate({
        **{name: getattr(sec, name) for name in CampaignReport.model_fields if hasattr(sec, name)},
        "campaign": campaign,
        "totals": {"visits": top.visits, "households_reached": top.households, "target": summary.target_total,
                   "untouched_neighborhoods": len(sec.untouched), "feedback": top.feedback, "answered": top.answered},
        "feedback": {"total": top.feedback, "by_kind": sec.feedback_by_kind, "by_status": sec.feedback_by_status,
                     "by_topic": sec.feedback_by_topic, "by_department": sec.feedback_by_department},
    })


@route("GET", "/campaigns/{campaign_id}/report.pdf", roles=READ, answer="application/pdf")
def campaign_report_pdf(campaign_id):
    """Return the campaign summary as a PDF, the same document the report page offers."""
    campaign = get_or_404(Campaign, campaign_id)
    summary = campaign_summary(campaign)
    user = current_user()
    audit.read("campaign", campaign, count=summary.listed_households, actor=user)
    doc = build.campaign_document(summary, build.filter_text(summary.filter, campaign=campaign.title),
                                  db.session.get(District, campaign.district_id).name, user.display_name,
                                  now_tehran(), masked=not user.sees_personal_data)
    # Bytes, not a spooled file: a campaign summary is bounded (a row per neighborhood, department, topic).
    response = current_app.response_class(render_pdf(doc), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{download_name(f"campaign-{campaign_id}", "pdf")}"'
    return response
