"""Peyvand (پیوند): outreach, feedback and follow-up for a district's public-relations office."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

def create_app(test_config=None):
    """Create and configure the application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from tracker import config

    config.make_instance_folder(app.instance_path)
    app.config.from_mapping(config.load(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config._secret_key(app.instance_path)

    trust_proxies(app)
    register_extensions(app)
    register_input_checks(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_headers(app)
    register_safe_output(app)
    register_commands(app)
    register_template_helpers(app)
    register_caches(app)
    return app


def trust_proxies(app):
    """Take the client address from X-Forwarded-For when PROXY_COUNT proxies stand in front."""
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def register_extensions(app):
    """Bind the extensions to the app."""
    from tracker import database
    from tracker.extensions import cache, csrf, db, login_manager, migrate

    db.init_app(app)
    cache.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    database.configure_engine(app)


def register_input_checks(app):
    """Refuse impossible ids in paths and query strings before any view (the blueprints' rules use the converter)."""
    from tracker.web import ids

    ids.register(app)


def register_blueprints(app):
    """Mount each area's blueprint, listed by name (no auto-discovery)."""
    # Imported here, not at the top: importing tracker.models must not load every view.
    from tracker import assets
    from tracker.admin import access_views as admin_access
    from tracker.admin import audit_views as admin_audit
    from tracker.admin import views as admin
    from tracker import api
    from tracker.auth import views as auth
    from tracker.campaigns import views as campaigns
    from tracker.city import views as city
    from tracker.directory import views as directory
    from tracker.events import views as events
    from tracker.feedback import views as feedback
    from tracker.help import views as help_page
    from tracker.households import views as households
    from tracker.households.importing import views as household_import
    from tracker.main import views as main
    from tracker.occasions import views as occasions
    from tracker.reports import export_views as exports
    from tracker.reports import views as reports
    from tracker.search import views as search

    for area in (assets, auth, main, campaigns, events, households, household_import, feedback, directory, search,
                 admin, admin_access, admin_audit, reports, exports, api, occasions, city, help_page):
        app.register_blueprint(area.bp)


def register_errorhandlers(app):
    """Show Persian error pages instead of Flask's English ones."""
    from tracker.errors import register

    register(app)


def register_headers(app):
    """Send the security headers, and no-store on anything that may carry personal data."""
    from tracker import headers

    headers.register(app)


def register_safe_output(app):
    """Show stored text without letting a control character or a bidi override break or turn a page."""
    from tracker.web import safe_output

    safe_output.register(app)


def register_commands(app):
    """Add the CLI commands (init-db, seed-district, seed-demo, create-user, create-token, holidays, digest)."""
    from tracker.cli import commands

    for command in commands:
        app.cli.add_command(command)


def register_template_helpers(app):
    """Expose the Persian formatting helpers to templates."""
    from tracker import templating

    templating.register(app)


def register_caches(app):
    """Give a district a new data stamp on every commit that writes to it: what pages keep is keyed by it."""
    from tracker import stamps

    stamps.register()
