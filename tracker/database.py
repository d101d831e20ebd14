"""Database engine set-up and schema upgrades."""
from flask import current_app
from sqlalchemy import event

from tracker.extensions import db


def configure_engine(app):
    """Turn on WAL, a busy timeout and foreign keys for SQLite connections."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets readers work while a visit is being saved; the timeout waits out writers.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def upgrade_to_head():
    """Apply every Alembic migration to the configured database."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
