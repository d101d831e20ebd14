"""Stored text reaches pages and answers without breaking them or turning them around."""
import json

from flask import render_template_string
from markupsafe import Markup


def test_template_values_lose_overrides_and_unwritable_characters(app):
    with app.test_request_context():
        html = render_template_string("<p>{{ name }} ثبت شد</p>{{ markup }}{{ 7 }}",
                                      name="علی\u202e 1 \x00\x1b\ud800 <b>", markup=Markup("<i>\u2067x\x07</i>"))
    assert html == "<p>علی 1 \ufffd\ufffd\ufffd &lt;b&gt; ثبت شد</p><i>x\ufffd</i>7"


def test_an_answer_with_a_lone_surrogate_is_still_sent(app):
    body = json.dumps({"name": "نام \ud800"}, ensure_ascii=False)
    response = app.response_class(body, mimetype="application/json")
    assert json.loads(response.get_data()) == {"name": "نام \ufffd"}
    assert app.response_class(b"\xff\xfe raw bytes").get_data() == b"\xff\xfe raw bytes"


def test_a_form_shows_a_stored_override_free_so_saving_it_removes_it(client, auth, district):
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import Household, Neighborhood

    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()
    household = Household(district_id=district.id, neighborhood_id=hood.id, category="citizen",
                          name="خانواده \u202eرضایی", address="کوچه \u2066یاس\u2069")
    db.session.add(household)
    db.session.commit()
    auth.login("admin")
    for url in ("/households/", f"/households/{household.id}", f"/households/{household.id}/edit"):
        html = client.get(url).get_data(as_text=True)
        assert "خانواده رضایی" in html and not {"\u202e", "\u2066", "\u2069"} & set(html), url
