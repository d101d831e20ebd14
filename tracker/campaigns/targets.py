"""Writers of a campaign's named target list: add the households a filter picks, add or remove one."""
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from tracker.audit import record
from tracker.campaigns.services import CampaignError
from tracker.extensions import db
from tracker.stamps import note_written
from tracker.lists.households import HouseholdFilter, household_list
from tracker.models import Campaign, Household, Neighborhood, campaign_household
from tracker.models.choices import HOUSEHOLD_CATEGORIES
from tracker.persian.digits import format_number


@dataclass(frozen=True)
class Preview:
    """What adding a filter's households would do: how many match, are listed already, would be added."""

    found: int
    listed: int

    @property
    def new(self) -> int:
        """Return how many matching households are not on the list yet."""
        return self.found - self.listed


def target_filter(campaign: Campaign, neighborhood_id: int | None, category: str | None,
                  q: str | None = None) -> HouseholdFilter:
    """Return the households filter of a pick by neighborhood and category, or raise CampaignError beside the field."""
    if neighborhood_id is not None:
        neighborhood = db.session.get(Neighborhood, neighborhood_id)
        if neighborhood is None or neighborhood.district_id != campaign.district_id or neighborhood.deleted_at:
            raise CampaignError("محله را از فهرست محله‌های منطقه انتخاب کنید.", "neighborhood_id")
    if category and category not in HOUSEHOLD_CATEGORIES:
        raise CampaignError("دسته را از فهرست انتخاب کنید.", "category")
    return HouseholdFilter(campaign.district_id, q=(q or "").strip() or None, neighborhood_id=neighborhood_id,
                           category=category or None)


def _listed(campaign: Campaign):
    return select(campaign_household.c.household_id).where(campaign_household.c.campaign_id == campaign.id)


def preview(campaign: Campaign, flt: HouseholdFilter) -> Preview:
    """Count the households the filter picks and how many of them are on the list already."""
    picked = household_list(flt).with_only_columns(Household.id).subquery()
    found = db.session.scalar(select(func.count()).select_from(picked))
    listed = db.session.scalar(select(func.count()).select_from(picked).where(picked.c.id.in_(_listed(campaign))))
    return Preview(found, listed)


def not_listed(campaign: Campaign, flt: HouseholdFilter, limit: int = 50) -> list[Household]:
    """Return up to limit households the filter picks that are not on the list, by name."""
    stmt = (household_list(flt).where(Household.id.not_in(_listed(campaign)))
            .order_by(Household.name_sort, Household.id).limit(limit))
    return list(db.session.scalars(stmt))


def add_matching(campaign: Campaign, flt: HouseholdFilter, actor=None) -> int:
    """Put every household the filter picks on the list (those on it already stay once); return how many were added."""
    ids = list(db.session.scalars(household_list(flt).with_only_columns(Household.id)
                                  .where(Household.id.not_in(_listed(campaign))).order_by(Household.id)))
    if not ids:
        raise CampaignError("خانوار تازه‌ای با این انتخاب پیدا نشد؛ همه پیش‌تر در فهرست هستند یا خانواری نیست.",
                            "neighborhood_id")
    db.session.execute(insert(campaign_household), [{"campaign_id": campaign.id, "household_id": i} for i in ids])
    note_written(db.session, campaign.district_id)
    record("add_targets", campaign, actor=actor, after={
        "neighborhood_id": flt.neighborhood_id, "category": flt.category, "q": flt.q, "added": len(ids)})
    return len(ids)


def _household(campaign: Campaign, household_id: int | None) -> Household:
    household = db.session.get(Household, household_id) if household_id else None
    if household is None or household.district_id != campaign.district_id or household.deleted_at:
        raise CampaignError("این خانوار در منطقه پیدا نشد.", "household_id")
    return household


def add_household(campaign: Campaign, household_id: int | None, actor=None) -> Household:
    """Put one household on the list."""
    household = _household(campaign, household_id)
    if db.session.scalar(_listed(campaign).where(campaign_household.c.household_id == household.id)) is not None:
        raise CampaignError(f"«{household.name}» پیش‌تر در فهرست هدف است.", "household_id")
    db.session.execute(insert(campaign_household).values(campaign_id=campaign.id, household_id=household.id))
    note_written(db.session, campaign.district_id)
    record("add_targets", campaign, actor=actor, after={"household_id": household.id, "added": 1})
    return household


def remove_household(campaign: Campaign, household_id: int | None, actor=None) -> Household:
    """Take one household off the list (its visits stay)."""
    household = _household(campaign, household_id)
    gone = db.session.execute(delete(campaign_household).where(
        campaign_household.c.campaign_id == campaign.id, campaign_household.c.household_id == household.id))
    if not gone.rowcount:
        raise CampaignError(f"«{household.name}» در فهرست هدف نیست.", "household_id")
    note_written(db.session, campaign.district_id)
    record("remove_target", campaign, actor=actor, before={"household_id": household.id})
    return household


def added_message(count: int) -> str:
    """Return the Persian notice of how many households were put on the list."""
    return f"{format_number(count)} خانوار به فهرست هدف افزوده شد."
