"""Every report number, aggregated in SQL and returned as plain dataclasses.

The pages, PDFs, exports and the API all read these functions, so their numbers agree. One
query layer, split by report into modules of readable size; import from this package.
"""
from tracker.reports.queries.sla import (
    CommitmentCounts, DeadlineRow, Inbox, RUNNING, SlaRow, commitment_counts, deadline_rows,
    department_inbox, sla_compliance, triage_rows,
)
from tracker.reports.queries.scope import CountRow, ReportFilter
from tracker.reports.queries.coverage import (
    CategoryCoverage, CoverageRow, coverage_rows, district_neighborhoods,
)
from tracker.reports.queries.sections import (
    CommitmentRow, Headline, OfficialRow, PhaseRow, ResponseTimes, Sections, TrendPoint, headline,
    open_commitments, percentile_nearest_rank, report_sections, response_times, sla_trend,
)
from tracker.reports.queries.summaries import (
    HEADLINE_LABELS, CampaignSummary, Change, FeedbackRow, HouseholdRow, MonthlyActivity,
    NeighborhoodProfile, OfficialActivity, PeriodActivity, VisitRow, campaign_summary, monthly_activity,
    neighborhood_profile, official_activity, period_activity,
)
from tracker.reports.queries.ledger import MASK, LedgerRow, TimelineEntry, feedback_ledger
from tracker.reports.queries.press import PressFacts, press_facts
from tracker.reports.queries.targets import TargetGroup, TargetHousehold, target_list

__all__ = [
    "HEADLINE_LABELS",
    "MASK",
    "CampaignSummary",
    "CategoryCoverage",
    "Change",
    "CommitmentCounts",
    "CommitmentRow",
    "CountRow",
    "CoverageRow",
    "DeadlineRow",
    "FeedbackRow",
    "Headline",
    "HouseholdRow",
    "Inbox",
    "LedgerRow",
    "MonthlyActivity",
    "NeighborhoodProfile",
    "OfficialActivity",
    "OfficialRow",
    "PeriodActivity",
    "PhaseRow",
    "PressFacts",
    "RUNNING",
    "ReportFilter",
    "ResponseTimes",
    "Sections",
    "SlaRow",
    "TargetGroup",
    "TargetHousehold",
    "TimelineEntry",
    "TrendPoint",
    "VisitRow",
    "campaign_summary",
    "commitment_counts",
    "coverage_rows",
    "deadline_rows",
    "department_inbox",
    "triage_rows",
    "district_neighborhoods",
    "feedback_ledger",
    "headline",
    "monthly_activity",
    "neighborhood_profile",
    "official_activity",
    "open_commitments",
    "percentile_nearest_rank",
    "period_activity",
    "press_facts",
    "report_sections",
    "response_times",
    "sla_compliance",
    "sla_trend",
    "target_list",
]
