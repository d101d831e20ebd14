"""Reference lists, campaigns, search and the document, with the paging and version answers shared."""

from tracker import audit
from tracker.api import shapes as s
from tracker.api.auth import READ, WRITE, ApiError, current_district_id, current_user, get_or_404
from tracker.api.registry import respond, route
from tracker.campaigns.services import campaigns_query, create_campaign as create, update_campaign as update
from tracker.models import Campaign, Department, Neighborhood, Official, Topic
from tracker.models.people import hidden_household_fields
from tracker.search.queries import search as run_search
from tracker.web.paging import BadCursor, keyset_page


def page(stmt, columns, shape, query: s.Paging, *, descending=True, dump=lambda record: record):
    """Return the page of stmt's records after query's cursor, in keyset order on columns, as shape's page."""
    try:
        found = keyset_page(stmt, columns, after=query.after, limit=query.limit, descending=descending, count=False,
                            strict=True)
    except BadCursor as error:
        raise ApiError(400, {"after": str(error)}) from error
    return s.page_of(shape).model_validate({"items": [dump(r) for r in found.items], "next": found.next})


def household_out(household) -> s.HouseholdOut:
    """Describe a household, its personal fields null for a reader whose role may not see them."""
    return s.HouseholdOut.model_validate(household).model_copy(
        update=dict.fromkeys(hidden_household_fields(current_user())))


def _reference_list(name: str, model, shape, summary: str) -> None:
    """Declare GET /name: the district's records of model, in the order they were added."""

    def view(query):
        return page(model.live_in(current_district_id()), [model.id], shape, query, descending=False)

    view.__name__, view.__doc__ = name, summary
    route("GET", f"/{name}", roles=READ, query=s.Paging, answer=s.page_of(shape))(view)


_reference_list("neighborhoods", Neighborhood, s.NeighborhoodOut, "List the district's neighborhoods with their areas.")
_reference_list("departments", Department, s.DepartmentOut, "List the district's departments.")
_reference_list("officials", Official, s.OfficialOut, "List the district's officials.")
_reference_list("topics", Topic, s.TopicOut, "List the district's feedback topics with their departments and "
                "response times.")


@route("GET", "/campaigns", roles=READ, query=s.CampaignQuery, answer=s.page_of(s.CampaignOut))
def campaigns(query):
    """List the district's campaigns, latest start first, optionally by status."""
    stmt = campaigns_query(current_district_id(), query.status).with_only_columns(Campaign)
    return page(stmt, [Campaign.starts_on, Campaign.id], s.CampaignOut, query)


@route("POST", "/campaigns", roles=WRITE, body=s.CampaignIn, answer=s.CampaignOut, status=201)
def create_campaign(body):
    """Create a campaign with its phases and targets."""
    return s.CampaignOut.model_validate(create(current_district_id(), body.model_dump(exclude_unset=True),
                                               current_user()))


@route("GET", "/campaigns/{campaign_id}", roles=READ, answer=s.CampaignOut)
def campaign(campaign_id):
    """Show one campaign."""
    return s.CampaignOut.model_validate(get_or_404(Campaign, campaign_id))


@route("PATCH", "/campaigns/{campaign_id}", roles=WRITE, body=s.CampaignPatch, answer=s.CampaignOut, conflicts=True)
def update_campaign(campaign_id, body):
    """Change a campaign; only the fields sent change, and a stale version is refused."""
    changes = body.model_dump(exclude_unset=True)  # with the version read, which the service checks
    return s.CampaignOut.model_validate(update(get_or_404(Campaign, campaign_id), changes, current_user()))


@route("GET", "/search", roles=READ, query=s.SearchQuery, answer=s.SearchOut)
def search(query):
    """Find households, events and feedback by the fields the caller may see, whatever letters and digits were typed."""
    found = run_search(current_district_id(), query.q, hidden=hidden_household_fields(current_user()))
    audit.read("household", count=len(found.households), actor=current_user())
    return s.SearchOut.model_validate({"households": [household_out(h) for h in found.households],
                                       "events": found.events, "feedback": found.feedback})


@route("GET", "/openapi.json")
def openapi():
    """Serve the OpenAPI 3.1 document describing this API (no token needed)."""
    from tracker.api.openapi import document  # it reads every module's routes, this one's included

    return respond(document())
