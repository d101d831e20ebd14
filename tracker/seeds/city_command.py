"""The district and city scales of `flask seed-demo`: a progress bar, one commit, the counts."""
import time

import click
from flask import current_app

from tracker.extensions import db
from tracker.seeds.city import SCALES, CitySeedError, seed_city, total_rows


def seed_city_scale(scale_name: str, seed: int) -> None:
    """Seed the named scale into the configured database and print what was written."""
    scale = SCALES[scale_name]
    began = time.perf_counter()
    with click.progressbar(length=total_rows(scale), label=f"seeding the {scale_name} scale",
                           show_eta=True, show_percent=True) as bar:
        try:
            counts = seed_city(scale, seed=seed, default_district=current_app.config["DISTRICT_CODE"],
                               progress=bar.update)
        except CitySeedError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
    for key, value in counts.items():
        click.echo(f"{key}: {value}")
    click.echo(f"seconds: {time.perf_counter() - began:.0f}")
