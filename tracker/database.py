"""Database engine set-up and schema upgrades."""
import contextlib
import logging
import os
import stat
from pathlib import Path

from flask import current_app
from sqlalchemy import event, text

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


# Advisory-lock classes of PostgreSQL's two-key pg_advisory_xact_lock(class, key); one per rule guarded.
LOCK_CLASSES = {"household identity": 1}


def hold_write_lock(name: str, key: int) -> None:
    """Hold the lock (name, key) until the transaction ends, so a check-then-insert of that rule runs one at a time.

    PostgreSQL takes an advisory transaction lock; another request waits for it at this line and
    then sees what the first one committed. SQLite allows one writer at a time: its write transaction
    is begun now, before the check, instead of at the first INSERT after it.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:lock_class, :key)"),
                           {"lock_class": LOCK_CLASSES[name], "key": key})
        return
    connection = db.session.connection().connection.dbapi_connection
    if not connection.in_transaction:
        connection.execute("BEGIN IMMEDIATE")
