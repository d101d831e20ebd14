"""The domain model; import models from here."""
from tracker.models.access import LoginAttempt, UserSession
from tracker.models.audit import AuditEntry
from tracker.models.base import Base
from tracker.models.calendar import DistrictDayOff, Holiday, Occasion
from tracker.models.feedback import Commitment, FeedbackItem, FeedbackUpdate, TextTemplate, Topic
from tracker.models.outreach import (
    Campaign, CampaignTarget, Event, Phase, campaign_household, event_household, event_official,
)
from tracker.models.people import ApiToken, Department, Household, Official, User
from tracker.models.places import Area, District, Neighborhood
from tracker.models.stamps import DataStamp

__all__ = [
    "ApiToken", "Area", "AuditEntry", "Base", "Campaign", "CampaignTarget", "Commitment", "DataStamp",
    "Department", "District", "DistrictDayOff", "Event", "FeedbackItem", "FeedbackUpdate", "Holiday",
    "Household", "LoginAttempt", "Neighborhood", "Occasion", "Official", "Phase", "TextTemplate", "Topic", "User",
    "UserSession",
    "campaign_household", "event_household", "event_official",
]
