"""SQLite backups and restores through SQLite's online backup API."""
import sqlite3
from pathlib import Path
from urllib.parse import quote

from tracker.backup import BackupError, Summary
from tracker.backup.files import private_temp

# Writers wait this long (seconds) for the app's own write transactions to finish.
BUSY_TIMEOUT = 30


def database_path(engine) -> Path:
    """Return the file of the engine's SQLite database; refuse an in-memory one."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("this SQLite database is not a plain file, so there is nothing to back up or restore")
    return Path(name)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _contents(conn: sqlite3.Connection) -> tuple[str | None, dict[str, int]]:
    """Return the Alembic revision (None if absent) and the rows of every table."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )]
    rows = {name: conn.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0] for name in names}
    revision = None
    if "alembic_version" in rows:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    return revision, rows


def backup(engine, target: Path) -> Summary:
    """Copy the live database to target in one consistent step, while the app keeps writing."""
    source_path = database_path(engine)
    with private_temp(target) as temp:
        source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT)
        copy = sqlite3.connect(temp)
        try:
            # pages=-1 copies everything in one step under one read transaction: a single snapshot.
            source.backup(copy)
            # The copy inherits WAL mode; a backup should be one self-contained file.
            copy.execute("PRAGMA journal_mode=DELETE")
            revision, rows = _contents(copy)
        except sqlite3.Error as error:
            raise BackupError(f"the SQLite backup failed: {error}") from error
        finally:
            copy.close()
            source.close()
        if revision is None:
            raise BackupError("the database has no schema yet: run `flask --app app init-db` first")
    return Summary(target, "SQLite", revision, target.stat().st_size, sorted(rows), rows)


def read(path: Path) -> Summary:
    """Check that path is an intact SQLite database with a schema revision, and describe it."""
    try:
        conn = _read_only(path)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{path} is damaged (SQLite reports: {check}); use another backup")
            revision, rows = _contents(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}") from error
    if revision is None:
        raise BackupError(f"{path} is a SQLite database but not a Peyvand backup: it has no schema revision")
    return Summary(path, "SQLite", revision, path.stat().st_size, sorted(rows), rows)


def restore(engine, path: Path, later_tables: list[str]) -> None:
    """Replace the live database's contents with the backup's in one transaction.

    The backup API replaces the whole file, so later_tables (made after the backup) go with it.
    """
    live_path = database_path(engine)
    engine.dispose()
    source = _read_only(path)
    live = sqlite3.connect(live_path, timeout=BUSY_TIMEOUT)
    try:
        # One step: SQLite writes every page in a single write transaction and keeps WAL mode,
        # so a failure leaves the database as it was and other connections see old or new, never half.
        source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"the restore failed and the database was left as it was: {error}") from error
    finally:
        live.close()
        source.close()
