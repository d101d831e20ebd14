"""The backup and restore commands: which store to use, schema revisions, confirmation."""
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, inspect, select, table

from tracker import audit, stamps
from tracker.backup import BackupError, Summary, postgres, sqlite
from tracker.backup.files import kind_of
from tracker.extensions import db
from tracker.models.base import tehran_now

STORES = {"sqlite": sqlite, "postgresql": postgres}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


def _store(dialect: str):
    if dialect not in STORES:
        raise BackupError(f"backups of {dialect} databases are not supported")
    return STORES[dialect]


def _code_revisions() -> tuple[str, set[str]]:
    """Return the newest schema revision this code knows, and every revision it knows."""
    scripts = ScriptDirectory(current_app.extensions["migrate"].directory)
    return scripts.get_current_head(), {script.revision for script in scripts.walk_revisions()}


def check_revision(summary: Summary) -> str | None:
    """Refuse a backup from a newer schema; return a reminder to upgrade when it is older."""
    head, known = _code_revisions()
    if summary.revision == head:
        return None
    if summary.revision not in known:
        raise BackupError(
            f"{summary.path} is at schema revision {summary.revision}, which this version of Peyvand "
            f"does not know (its newest is {head}): it was made by a newer version. "
            "Restore it with that version, or upgrade Peyvand first."
        )
    return (
        f"The backup's schema revision {summary.revision} is older than this code's {head}: "
        "run `flask --app app init-db` now to bring the database up to date."
    )


def read_backup(path: Path, dialect: str) -> Summary:
    """Describe a backup file, refusing one that is not a Peyvand backup for this kind of database."""
    kind = kind_of(path)
    if kind is None:
        raise BackupError(
            f"{path} is not a Peyvand backup: it is neither a SQLite database "
            "nor a pg_dump custom-format archive"
        )
    if kind != dialect:
        raise BackupError(
            f"{path} is a {NAMES[kind]} backup, but this database is {NAMES.get(dialect, dialect)}; "
            "restore it into a database of its own kind"
        )
    return _store(dialect).read(path)


def _live_rows() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table(name)))
            for name in inspect(conn).get_table_names()
        }


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
def backup_command(path: Path, overwrite: bool):
    """Write a consistent copy of the database to PATH (a file, or a folder for a dated name) while the app runs."""
    dialect = db.engine.dialect.name
    if path.is_dir():
        path = path / f"peyvand-{tehran_now():%Y-%m-%d-%H%M%S}{SUFFIXES.get(dialect, '')}"
    if path.exists() and not overwrite:
        raise click.ClickException(f"{path} exists; choose another name or add --overwrite")
    try:
        summary = _store(dialect).backup(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    audit.record("database.backup", entity="database",
                 after={"file": str(path.resolve()), "bytes": summary.size, "revision": summary.revision})
    db.session.commit()
    click.echo(f"backup written: {path} ({summary.describe()})")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def restore_command(path: Path, yes: bool):
    """Replace everything in the database with the contents of the backup at PATH, after a confirmation."""
    engine = db.engine
    dialect = engine.dialect.name
    db.session.remove()  # a transaction left open here would hold locks the restore must take
    try:
        summary = read_backup(path, dialect)
        reminder = check_revision(summary)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    later_tables = sorted(set(inspect(engine).get_table_names()) - set(summary.tables))
    click.echo(f"backup: {path} ({summary.describe()})")
    click.echo(f"database: {engine.url.render_as_string(hide_password=True)}")
    if later_tables:
        click.echo(f"tables not in the backup, to be dropped: {', '.join(later_tables)}")
    if not yes:
        click.confirm("Every record in the database will be replaced by the backup's. Restore?", abort=True)
    try:
        _store(dialect).restore(engine, path, later_tables)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    audit.record("database.restore", entity="database",
                 after={"file": str(path.resolve()), "revision": summary.revision})
    if "data_stamp" in summary.tables:  # pages kept under the backup's stamps may show what came after it
        stamps.restamp_every(db.session.connection())
    db.session.commit()
    rows = _live_rows()
    click.echo(f"restored {path}: {len(rows)} tables, {sum(rows.values())} rows")
    if reminder:
        click.echo(reminder)
