"""Database engine set-up and schema upgrades."""
import contextlib
import logging
import os
import stat
from pathlib import Path

from flask import current_app
from sqlalchemy import event

from tracker.extensions import db

# The database holds families' phones, addresses and national IDs: its files are the owner's only.
PRIVATE_FILE = 0o600
log = logging.getLogger(__name__)


def _sqlite_file(engine) -> Path | None:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def make_private(path: Path) -> None:
    """Create the SQLite file 0600 if missing, and narrow it and its -wal and -shm files to 0600."""
    if not path.exists() and path.parent.is_dir():
        with contextlib.suppress(FileExistsError):  # another worker made it first
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if stat.S_IMODE(companion.stat().st_mode) != PRIVATE_FILE:
                os.chmod(companion, PRIVATE_FILE)
        except FileNotFoundError:
            pass
        except PermissionError:
            log.warning("cannot narrow %s to mode 600: it belongs to another user", companion)


def configure_engine(app):
    """Turn on WAL, a busy timeout and foreign keys for SQLite connections, and keep its files private."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine
        path = _sqlite_file(engine)
        if path is not None:
            make_private(path)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            if path is not None:
                # SQLite gives the -wal and -shm files the database file's mode, so narrow it first.
                make_private(path)
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
