"""The shared end of a write page: saved and redirected, or nothing saved at all."""
import pytest
from sqlalchemy import select

from tracker.admin import services
from tracker.extensions import db
from tracker.models import Area
from tracker.web.flow import save_or_report


def test_a_redirect_that_cannot_be_built_leaves_nothing_saved(app, district):
    # The error page says «کار شما ذخیره نشد»; it must be true even when the write itself worked.
    def no_address(_area):
        raise LookupError("the page to go back to is gone")

    with app.test_request_context("/admin/areas/new", method="POST"), pytest.raises(LookupError):
        save_or_report(None, lambda: services.create_area(district, "ناحیهٔ آزمایشی"),
                       success="ذخیره شد.", back=no_address)
    db.session.rollback()  # what the error handler does before it renders the page
    assert db.session.scalar(select(Area).where(Area.name == "ناحیهٔ آزمایشی")) is None


def test_a_saved_write_is_committed_and_redirected(app, district):
    with app.test_request_context("/admin/areas/new", method="POST"):
        response = save_or_report(None, lambda: services.create_area(district, "ناحیهٔ آزمایشی"),
                                  success=lambda area: f"«{area.name}» افزوده شد.", back="/admin/places")
    db.session.rollback()
    assert response.status_code == 302 and response.headers["Location"] == "/admin/places"
    assert db.session.scalar(select(Area).where(Area.name == "ناحیهٔ آزمایشی")) is not None
