"""Backup files: what kind a file is, and writing one so it is never seen half-written."""
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tracker.backup import BackupError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


def kind_of(path: Path) -> str | None:
    """Return "sqlite" or "postgresql" from the file's first bytes, or None for anything else."""
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return None


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def private_temp(target: Path):
    """Yield a new owner-only file beside target; it becomes target only if the block succeeds."""
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(f"the folder {folder} does not exist; create it first (mode 700)")
    # mkstemp creates the file 0600, so personal data is never readable by others, even half-written.
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o600)
        _fsync(temp)
        os.replace(temp, target)
        _fsync(folder, os.O_RDONLY | os.O_DIRECTORY)
    finally:
        temp.unlink(missing_ok=True)
