"""Consistent online backups of the database, and their restoration."""
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    """A backup could not be made, read or restored; str() tells the operator why and what to do."""


@dataclass
class Summary:
    """What a backup file holds: its kind, schema revision, tables and (when known) rows per table."""

    path: Path
    kind: str  # "SQLite" or "PostgreSQL"
    revision: str
    size: int
    tables: list[str]
    rows: dict[str, int] | None = None

    def describe(self) -> str:
        """Return a one-line account of the backup for the operator."""
        parts = [self.kind, human_size(self.size), f"schema revision {self.revision}", f"{len(self.tables)} tables"]
        if self.rows is not None:
            parts.append(f"{sum(self.rows.values())} rows")
        return ", ".join(parts)


def human_size(size: int) -> str:
    """Return a byte count as B, KB or MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
