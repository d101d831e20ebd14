"""PostgreSQL backups with pg_dump's custom format, restored by pg_restore in one transaction."""
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import URL, text

from tracker.backup import BackupError, Summary
from tracker.backup.files import private_temp

CHUNK = 1 << 16


def _libpq(engine) -> tuple[str, dict]:
    """Return the libpq URI of the engine's database without its password, and an environment holding it."""
    url = engine.url
    env = dict(os.environ)
    if url.password is not None:
        # In the environment, not on the command line, where any local user could read it in ps.
        env["PGPASSWORD"] = url.password
    # URL.set() ignores None, so build the URL afresh without the password.
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query)
    return bare.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict | None = None) -> str:
    """Run a client tool and return its output; raise BackupError with its message if it fails."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")
    return done.stdout


def _server_major(engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SHOW server_version_num"))) // 10000


def _tool(name: str, server_major: int | None = None) -> str:
    """Return the path of a PostgreSQL client tool, refusing a missing one or one older than the server."""
    package = f"postgresql-client-{server_major}" if server_major else "postgresql-client"
    hint = f"install the PostgreSQL client tools (Debian: apt install {package})"
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found on PATH; {hint}")
    if server_major is not None:
        found = re.search(r"\(PostgreSQL\)\s+(\d+)", _run([path, "--version"]))
        if found is None:
            raise BackupError(f"{path} did not tell its version; {hint}")
        if int(found.group(1)) < server_major:
            raise BackupError(f"{name} {found.group(1)} is older than the PostgreSQL {server_major} server; {hint}")
    return path


def _row_counts(conn) -> dict[str, int]:
    names = conn.scalars(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )).all()
    quote = conn.dialect.identifier_preparer.quote
    return {name: conn.scalar(text(f"SELECT count(*) FROM {quote(name)}")) for name in names}


def backup(engine, target: Path) -> Summary:
    """Dump the database to target from one snapshot, while the app keeps writing."""
    pg_dump = _tool("pg_dump", _server_major(engine))
    uri, env = _libpq(engine)
    with private_temp(target) as temp, engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            # pg_dump reads the snapshot this transaction exports, so the rows counted are the rows dumped.
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            rows = _row_counts(conn)
            if "alembic_version" not in rows:
                raise BackupError("the database has no schema yet: run `flask --app app init-db` first")
            # A cron job should fail, not hang, behind a migration holding a table's lock.
            _run([pg_dump, "--format=custom", "--no-password", "--lock-wait-timeout=60s",
                  f"--snapshot={snapshot}", f"--file={temp}", f"--dbname={uri}"], env)
        summary = read(temp)  # a dump that cannot be read back never gets the final name
    summary.path, summary.size, summary.rows = target, target.stat().st_size, rows
    return summary


def read(path: Path) -> Summary:
    """Check that path is a pg_dump custom-format archive of Peyvand's schema, and describe it."""
    pg_restore = _tool("pg_restore")
    try:
        listing = _run([pg_restore, "--list", str(path)])
    except BackupError as error:
        raise BackupError(f"{path} cannot be read as a pg_dump archive ({error})") from error
    tables = sorted(set(re.findall(r"^\d+; \d+ \d+ TABLE DATA \S+ (\S+) ", listing, re.M)))
    revision = None
    if "alembic_version" in tables:
        data = _run([pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)])
        found = re.search(r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n([^\\\n]+)\n", data, re.M)
        revision = found.group(1) if found else None
    if revision is None:
        raise BackupError(f"{path} is a pg_dump archive but not a Peyvand backup: it has no schema revision")
    return Summary(path, "PostgreSQL", revision, path.stat().st_size, tables)


def _tail(log) -> str:
    log.seek(0)
    lines = [line for line in log.read().decode(errors="replace").splitlines() if not line.startswith("NOTICE")]
    return "\n".join(lines[-5:])


def restore(engine, path: Path, later_tables: list[str]) -> None:
    """Replace the database's contents with the backup's in one transaction, or change nothing."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    uri, env = _libpq(engine)
    quote = engine.dialect.identifier_preparer.quote
    engine.dispose()
    # Tables made after the backup (by a newer migration) may reference the backup's tables, which
    # pg_restore --clean must drop; they go first, in the same transaction as the restore.
    opening = "BEGIN;\n" + "".join(f"DROP TABLE IF EXISTS {quote(name)} CASCADE;\n" for name in later_tables)
    committed = False
    with tempfile.TemporaryFile() as restore_log, tempfile.TemporaryFile() as psql_log:
        producer = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--file=-", str(path)],
            stdout=subprocess.PIPE, stderr=restore_log,
        )
        consumer = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", f"--dbname={uri}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_log, env=env,
        )
        try:
            consumer.stdin.write(opening.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
            # COMMIT only after pg_restore read the whole archive: a truncated file commits nothing.
            if producer.wait() == 0:
                consumer.stdin.write(b"COMMIT;\n")
                committed = True
        except BrokenPipeError:
            pass  # psql stopped at an error; its log says which
        finally:
            producer.stdout.close()
            if producer.poll() is None:
                producer.kill()
            producer.wait()
            try:
                consumer.stdin.close()
            except BrokenPipeError:
                committed = False
            consumer.wait()
        if consumer.returncode != 0:
            raise BackupError(f"the restore failed and was rolled back: {_tail(psql_log)}")
        if not committed:
            raise BackupError(
                f"pg_restore could not read {path}; the database was left as it was: {_tail(restore_log)}")
