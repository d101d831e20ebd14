"""Campaign writes (create, update, soft delete) and the campaign queries other areas reuse."""
from datetime import date

from sqlalchemy import func, select

from tracker.audit import record, snapshot
from tracker.extensions import db
from tracker.models import Campaign, CampaignTarget, Event, Neighborhood, Phase
from tracker.models.base import check_version
from tracker.occasions.queries import visible_occasion
from tracker.persian.digits import to_persian_digits
# The counting lives in the report queries, so the campaign page and the reports agree.
from tracker.reports.queries import CoverageRow, ReportFilter, coverage_rows

FIELDS = ("title", "occasion", "occasion_id", "status", "starts_on", "ends_on", "goals")


class CampaignError(ValueError):
    """A campaign rule was broken; the message is Persian and meant for the user, field names the field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _state(campaign: Campaign) -> dict:
    state = snapshot(campaign, FIELDS)
    state["phases"] = [
        {"number": p.number, "title": p.title, "starts_on": _iso(p.starts_on), "ends_on": _iso(p.ends_on)}
        for p in campaign.phases
    ]
    state["targets"] = {f"{t.neighborhood_id}:{t.category}": t.count for t in campaign.targets}
    return state


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _link_occasion(data: dict, district_id: int, current_id: int | None = None) -> dict:
    """Check the linked occasion is one the district sees, and name the campaign's occasion after it when unnamed."""
    occasion_id = data.get("occasion_id")
    if occasion_id is None:
        return {**data, "occasion_id": None}
    occasion = visible_occasion(district_id, occasion_id)
    if occasion is None and occasion_id != current_id:  # a link kept to an occasion since removed is fine
        raise CampaignError("این مناسبت در تقویم منطقه نیست؛ از فهرست انتخاب کنید.", "occasion_id")
    if occasion is not None and not data.get("occasion"):
        return {**data, "occasion": occasion.title}
    return data


def _targets(rows: list[dict], district_id: int) -> dict:
    """Return {(neighborhood_id, category): count} of target rows, each a neighborhood of the district, none twice."""
    ours = set(db.session.scalars(select(Neighborhood.id).where(
        Neighborhood.live_where(district_id))))
    targets = {}
    for i, row in enumerate(rows):
        key = row["neighborhood_id"], row["category"]
        if key[0] not in ours:
            raise CampaignError("محله را از محله‌های همین منطقه انتخاب کنید.", f"targets[{i}].neighborhood_id")
        if key in targets:
            raise CampaignError("این محله و دسته دو بار آمده است.", f"targets[{i}]")
        targets[key] = row["count"]
    return targets


def _completed(data: dict, district_id: int) -> dict:
    """Return data with its target rows checked, and one phase covering the campaign when no phases were given."""
    data = {**data, "targets": _targets(data.get("targets") or [], district_id)}
    if data.get("phases") is None:
        data["phases"] = [{"number": 1, "title": data["title"], "starts_on": None, "ends_on": None}]
    return data


def _values(campaign: Campaign) -> dict:
    """Return the campaign's values as create_campaign takes them (its occasion link is kept unless sent)."""
    values = {name: getattr(campaign, name) for name in FIELDS if name != "occasion_id"}
    values["phases"] = [{"number": p.number, "title": p.title, "starts_on": p.starts_on, "ends_on": p.ends_on}
                        for p in campaign.phases]
    values["targets"] = [{"neighborhood_id": t.neighborhood_id, "category": t.category, "count": t.count}
                         for t in campaign.targets]
    return values


def _check(data: dict) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise CampaignError("تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد.")
    if not data["phases"]:
        raise CampaignError("دست‌کم یک مرحله لازم است.")
    numbers = [p["number"] for p in data["phases"]]
    if len(numbers) != len(set(numbers)):
        raise CampaignError("شمارهٔ مرحله‌ها نباید تکراری باشد.")
    if any(count < 0 for count in data["targets"].values()):
        raise CampaignError("هدف نمی‌تواند منفی باشد.")


def _apply(campaign: Campaign, data: dict) -> None:
    """Copy the fields, phases (kept by number) and targets (kept by cell) onto the campaign."""
    wanted = {p["number"]: p for p in data["phases"]}
    existing = {p.number: p for p in campaign.phases}
    dropped = [p for number, p in existing.items() if number not in wanted]
    if dropped and campaign.id is not None:
        used = db.session.scalars(
            select(Phase.number).join(Event, Event.phase_id == Phase.id)
            .where(Phase.id.in_([p.id for p in dropped])).distinct()
        ).all()
        if used:
            numbers = "، ".join(to_persian_digits(n) for n in sorted(used))
            raise CampaignError(f"مرحلهٔ {numbers} رویداد ثبت‌شده دارد و نمی‌توان آن را حذف کرد.")
    for name in FIELDS:
        if name in data or name != "occasion_id":  # a door that does not send the link keeps it
            setattr(campaign, name, data.get(name))
    for phase in dropped:
        campaign.phases.remove(phase)
    for number, values in sorted(wanted.items()):
        phase = existing.get(number)
        if phase is None:
            phase = Phase(number=number)
            campaign.phases.append(phase)
        phase.title = values["title"]
        phase.starts_on = values.get("starts_on")
        phase.ends_on = values.get("ends_on")

    cells = {key: count for key, count in data["targets"].items() if count}
    current = {(t.neighborhood_id, t.category): t for t in campaign.targets}
    for key, target in current.items():
        if key not in cells:
            campaign.targets.remove(target)
    for (neighborhood_id, category), count in cells.items():
        target = current.get((neighborhood_id, category))
        if target is None:
            campaign.targets.append(CampaignTarget(neighborhood_id=neighborhood_id, category=category, count=count))
        else:
            target.count = count


def create_campaign(district_id: int, data: dict, actor=None) -> Campaign:
    """Create a campaign with its phases and target rows (one phase covering it if none are given), and audit it."""
    data = _completed({"status": "draft", "occasion": None, "goals": None, **data}, district_id)
    _check(data)
    data = _link_occasion(data, district_id)
    campaign = Campaign(district_id=district_id)
    _apply(campaign, data)
    db.session.add(campaign)
    db.session.flush()
    record("create", campaign, actor=actor, after=_state(campaign))
    return campaign


def update_campaign(campaign: Campaign, changes: dict, actor=None) -> Campaign:
    """Change the fields named in changes, keeping phases by number so their events stay attached, and audit it."""
    check_version(campaign, changes.get("version"),
                  lambda: CampaignError("این پویش در این فاصله تغییر کرده است؛ صفحه را دوباره باز کنید."))
    data = _completed({**_values(campaign), **changes}, campaign.district_id)
    _check(data)
    data = _link_occasion(data, campaign.district_id, campaign.occasion_id) if "occasion_id" in data else data
    before = _state(campaign)
    _apply(campaign, data)
    db.session.flush()
    record("update", campaign, actor=actor, before=before, after=_state(campaign))
    return campaign


def delete_campaign(campaign: Campaign, actor=None) -> None:
    """Hide the campaign from every list and page, and audit it."""
    before = _state(campaign)
    campaign.soft_delete()
    record("delete", campaign, actor=actor, before=before, after={"deleted_at": campaign.deleted_at})


def campaigns_query(district_id: int, status: str | None = None):
    """Return a select of the district's campaigns with their event counts."""
    events = (
        select(func.count(Event.id))
        .where(Event.campaign_id == Campaign.id, Event.deleted_at.is_(None))
        .correlate(Campaign)
        .scalar_subquery()
    )
    stmt = select(Campaign, events.label("event_count")).where(
        Campaign.live_where(district_id)
    )
    if status:
        stmt = stmt.where(Campaign.status == status)
    return stmt


def _active(district_id: int):
    return select(Campaign).where(Campaign.district_id == district_id, Campaign.status == "active",
                                  Campaign.deleted_at.is_(None))


def active_campaign(district_id: int, today: date) -> Campaign | None:
    """Return the district's running campaign (active, not past its end date) that started last, or None."""
    return db.session.scalar(
        _active(district_id).where(Campaign.ends_on >= today)
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
        .limit(1)
    )


def ended_active_campaigns(district_id: int, today: date) -> list[Campaign]:
    """Return the campaigns still marked active although their end date has passed, latest end first."""
    return list(db.session.scalars(
        _active(district_id).where(Campaign.ends_on < today).order_by(Campaign.ends_on.desc(), Campaign.id.desc())))


def current_phase(campaign: Campaign, today: date) -> Phase | None:
    """Return the campaign's phase whose dates include today (the latest to start when several do)."""
    running = [p for p in campaign.phases if p.window[0] <= today <= p.window[1]]
    return max(running, key=lambda p: (p.window[0], p.number), default=None)


def current_campaign(district_id: int, today: date) -> Campaign | None:
    """Return the district's running campaign: active, with today within its dates (the latest to start)."""
    return db.session.scalar(
        select(Campaign)
        .where(Campaign.district_id == district_id, Campaign.status == "active", Campaign.deleted_at.is_(None),
               Campaign.starts_on <= today, Campaign.ends_on >= today)
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
        .limit(1)
    )


def coverage(campaign: Campaign) -> list[CoverageRow]:
    """Return each neighborhood's done events and households reached against its targets, untouched ones too."""
    return coverage_rows(ReportFilter(campaign.district_id, campaign_id=campaign.id))
