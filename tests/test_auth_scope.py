"""Which district a request names: city-wide staff any that exists, everyone else only their own."""
from types import SimpleNamespace

import pytest

from tests.factories import other_district
from tracker.auth.scope import DistrictRefused, district_named, live_record
from tracker.models import Neighborhood


def test_a_district_user_names_only_their_own_district_and_learns_nothing_of_others(app, district):
    other = other_district()
    pr = SimpleNamespace(role="pr_staff", district_id=district.id)
    assert district_named(pr, district.number) == district.id
    for number in (other.district.number, 999):
        with pytest.raises(DistrictRefused) as refused:
            district_named(pr, number)
        assert refused.value.args == ("other",)


def test_city_wide_staff_name_any_district_there_is(app, district):
    other = other_district()
    city = SimpleNamespace(role="city", district_id=district.id)
    assert district_named(city, other.district.number) == other.district.id
    with pytest.raises(DistrictRefused) as refused:
        district_named(city, 999)
    assert refused.value.args == ("unknown",)


def test_a_record_is_found_only_in_its_own_district_and_alive(app, district):
    other = other_district()
    hood = other.neighborhood
    assert live_record(Neighborhood, hood.id, other.district.id) is hood
    assert live_record(Neighborhood, hood.id, district.id) is None
    assert live_record(Neighborhood, 2**40, other.district.id) is None  # beyond any id: not looked up
    hood.soft_delete()
    assert live_record(Neighborhood, hood.id, other.district.id) is None
