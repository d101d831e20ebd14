"""Write generated rows in batches: executemany through SQLAlchemy Core, or COPY on PostgreSQL."""
from collections.abc import Callable

from sqlalchemy import Connection, func, select, text

from tracker.models import Base

# Parents before children, so every batch satisfies the foreign keys when it lands.
TABLE_ORDER = (
    "household", "event", "event_official", "event_household", "feedback_item", "feedback_update",
    "commitment", "campaign_target",
)


class BulkWriter:
    """Buffer rows per table and write them in batches, in foreign-key order."""

    def __init__(self, connection: Connection, *, copy: bool = False, batch: int = 20_000,
                 on_write: Callable[[str, int], None] | None = None):
        self.connection = connection
        self.copy = copy and connection.dialect.name == "postgresql"
        self.batch = batch
        self.on_write = on_write
        self.buffers: dict[str, list[dict]] = {name: [] for name in TABLE_ORDER}
        self.pending = 0
        self.written: dict[str, int] = dict.fromkeys(TABLE_ORDER, 0)

    def add(self, table: str, row: dict) -> None:
        """Queue one row (every row of a table carries the same keys); write when the batch is full."""
        self.buffers[table].append(row)
        self.pending += 1
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write every queued row, parents first."""
        for name in TABLE_ORDER:
            rows = self.buffers[name]
            if not rows:
                continue
            if self.copy:
                self._copy(name, rows)
            else:
                self.connection.execute(Base.metadata.tables[name].insert(), rows)
            self.written[name] += len(rows)
            if self.on_write:
                self.on_write(name, len(rows))
            self.buffers[name] = []
        self.pending = 0

    def _copy(self, name: str, rows: list[dict]) -> None:
        columns = list(rows[0])
        raw = self.connection.connection.driver_connection
        with raw.cursor() as cursor:
            statement = f'COPY "{name}" ({", ".join(columns)}) FROM STDIN'
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])


def next_id(connection: Connection, table: str) -> int:
    """Return the first free id of a table whose ids the seeder assigns itself."""
    column = Base.metadata.tables[table].c.id
    return (connection.scalar(select(func.max(column))) or 0) + 1


def finish(connection: Connection) -> None:
    """Move PostgreSQL's id sequences past the ids written, and gather planner statistics."""
    if connection.dialect.name != "postgresql":
        # Without statistics SQLite guesses join orders, and at city size it guesses wrong
        # (a campaign's feedback read through every item of the district).
        connection.execute(text("ANALYZE"))
        return
    for name in TABLE_ORDER:
        if "id" not in Base.metadata.tables[name].c:
            continue
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"GREATEST((SELECT max(id) FROM \"{name}\"), 1))"
        ))
    connection.execute(text("ANALYZE"))
