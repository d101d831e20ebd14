"""Peyvand (پیوند): outreach, feedback and follow-up for a district's public-relations office."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# One blueprint per area, listed explicitly (no auto-discovery).
BLUEPRINTS = [
    "assets", "auth.views", "main.views", "campaigns.views", "events.views",
    "households.views", "feedback.views", "directory.views", "search.views", "admin.views",
    "admin.access_views",
    "reports.views", "reports.export_views", "api.views",
]


def create_app(test_config=None):
    """Create and configure the application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from tracker import config

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config._secret_key(app.instance_path)

    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
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
    from tracker.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    database.configure_engine(app)


def register_blueprints(app):
    """Mount each area's blueprint."""
    from importlib import import_module

    for module in BLUEPRINTS:
        app.register_blueprint(import_module(f"tracker.{module}").bp)


def register_errorhandlers(app):
    """Show Persian error pages instead of Flask's English ones."""
    from tracker.errors import register

    register(app)


def register_commands(app):
    """Add the CLI commands (init-db, seed-district, seed-demo, create-user, create-token, digest)."""
    from tracker.cli import commands

    for command in commands:
        app.cli.add_command(command)


def register_template_helpers(app):
    """Expose the Persian formatting helpers to templates."""
    from tracker import templating

    templating.register(app)
