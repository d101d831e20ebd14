"""Command-line tasks: init-db, seeds, users and tokens, holidays, the digest and feedback actions."""
import click
from flask import current_app
from sqlalchemy import select

from tracker.backup.commands import backup_command, restore_command
from tracker.extensions import db
from tracker.feedback.commands import feedback_action_command
from tracker.feedback.digest import digest_command
from tracker.holidays.cli import holidays_command
from tracker.households.importing.command import import_households_command
from tracker.models import Department, District, User
from tracker.models.choices import ROLES
from tracker.occasions.cli import occasions_command
from tracker.persian.text import search_key
from tracker.cli_params import TypedText, commit_or_fail
from tracker.models.limits import NAME_MAX, USERNAME_MAX


def _district(number: int | None = None) -> District:
    number = number or current_app.config["DISTRICT_CODE"]
    district = db.session.scalar(select(District).where(District.number == number))
    if district is None:
        raise click.ClickException(f"District {number} is not loaded; run `flask seed-district` first.")
    return district


@click.command("init-db")
def init_db():
    """Upgrade the database schema to the newest migration."""
    from tracker.database import upgrade_to_head

    upgrade_to_head()
    click.echo("database is at the newest schema")


@click.command("seed-district")
@click.option("--number", type=int, default=None, help="District number (default: TRACKER_DISTRICT or 21).")
def seed_district_command(number):
    """Load the district, its areas, neighborhoods, departments, topics and holidays (idempotent)."""
    from tracker.seeds.district import UnknownDistrict, seed_district

    try:
        district = seed_district(number or current_app.config["DISTRICT_CODE"])
    except UnknownDistrict as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"district {district.number} loaded: {len(district.areas)} areas")


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Load the demo even into a database that holds other users or data.")
@click.option("--scale", type=click.Choice(["demo", "district", "city"]), default="demo", show_default=True,
              help="demo: one small campaign; district: one district's share of a city; city: 22 districts, "
                   "five years, a million feedback items.")
@click.option("--seed", type=int, default=1405, show_default=True, help="Random seed of the district and city scales.")
def seed_demo_command(force, scale, seed):
    """Load demo data and demo accounts into the district (for trying the product, never production)."""
    from tracker.seeds.demo import seed_demo
    from tracker.seeds.guard import DemoRefused, check_demo_allowed

    if not force:
        try:
            check_demo_allowed()
        except DemoRefused as error:
            raise click.ClickException(str(error)) from error
    if scale != "demo":
        from tracker.seeds.city_command import seed_city_scale

        return seed_city_scale(scale, seed)
    summary = seed_demo(_district())
    db.session.commit()
    for key, value in summary.items():
        click.echo(f"{key}: {value}")


@click.command("create-user")
@click.argument("username", type=TypedText(USERNAME_MAX))
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--password", default=None, help="Prompted for (hidden) when absent.")
@click.option("--full-name", type=TypedText(NAME_MAX), default=None)
@click.option("--department", default=None, help="Department name, for managers.")
@click.option("--district", "district_number", type=int, default=None)
def create_user_command(username, role, password, full_name, department, district_number):
    """Create a user with a role in a district."""
    from tracker.auth.services import UserError, create_user, role_refusal

    district = _district(district_number)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    department_id = None
    if department:
        department_id = db.session.scalar(
            select(Department.id).where(
                Department.district_id == district.id, Department.name_key == search_key(department)
            )
        )
        if department_id is None:
            raise click.ClickException(f"no department named {department!r}")
    refusal = role_refusal(role, department_id)
    if refusal:
        raise click.ClickException(refusal[0])
    commit_or_fail(lambda: create_user(username, password, role, district.id, full_name=full_name,
                                       department_id=department_id), UserError)
    click.echo(f"user {username} created with role {role}")


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    return user


@click.command("create-token")
@click.argument("username")
@click.option("--days", type=click.IntRange(1, 365), default=90, show_default=True,
              help="How many days the token stays valid.")
def create_token_command(username, days):
    """Print a new API token for the user on the last line (only its hash is stored)."""
    from tracker.auth.tokens import create_token

    user = _user(username)
    token = create_token(user, days=days)
    db.session.commit()
    click.echo(f"token for {username}, valid for {days} days (shown once):")
    click.echo(token)


@click.command("revoke-tokens")
@click.argument("username")
def revoke_tokens_command(username):
    """Revoke every API token of the user."""
    from tracker.auth.tokens import revoke_tokens

    revoked = revoke_tokens(_user(username), None, "revoked")
    db.session.commit()
    click.echo(f"{revoked} token(s) of {username} revoked")



# The holidays and digest commands live with their areas; this list is what the factory registers.
commands = [
    init_db, seed_district_command, seed_demo_command, create_user_command, create_token_command,
    revoke_tokens_command,
    holidays_command, digest_command, feedback_action_command, backup_command, restore_command,
    import_households_command,
    occasions_command,
]
