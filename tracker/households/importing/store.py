"""Keep an upload between the web steps: in the instance folder, under a random name, mode 600.

The file and its notes (the column choice and the last report, which hold personal data) never
travel in the session cookie. The uploaded file is deleted once imported; anything older than a
day is deleted whenever the import pages or the import command run.
"""
import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask import current_app

FOLDER = "imports"
LIFETIME_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


class UploadGone(LookupError):
    """The uploaded file is no longer there: imported already, being imported, or expired."""


@dataclass
class Upload:
    """One uploaded file's notes: whose it is, its name, the columns chosen and the last report."""

    token: str
    user_id: int
    district_id: int
    filename: str
    uploaded_at: float
    mapping: dict[str, str] | None = None  # column index (as text, for JSON) -> field
    defaults: dict | None = None  # neighborhood_id, category
    report: dict | None = None
    imported: bool = False
    landed: dict | None = None  # while importing: the last row of the last committed batch, rows stored

    def column_mapping(self) -> dict[int, str]:
        """Return the chosen mapping with integer column indexes."""
        return {int(index): name for index, name in (self.mapping or {}).items()}


def _folder() -> Path:
    folder = Path(current_app.instance_path) / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _paths(token: str) -> tuple[Path, Path, Path]:
    folder = _folder()
    return folder / f"{token}.upload", folder / f"{token}.running", folder / f"{token}.json"


def _write_private(path: Path, data: bytes) -> None:
    """Write data readable by the owner only, replacing path whole (never half-written)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def save(data: bytes, filename: str, user) -> Upload:
    """Keep an uploaded file for the user; return its notes."""
    purge()
    upload = Upload(secrets.token_urlsafe(16), user.id, user.district_id, filename, time.time())
    upload_path, _, _ = _paths(upload.token)
    _write_private(upload_path, data)
    update(upload)
    return upload


def update(upload: Upload) -> None:
    """Save the upload's notes."""
    _write_private(_paths(upload.token)[2], json.dumps(asdict(upload), ensure_ascii=False).encode("utf-8"))


def load(token: str, user) -> Upload | None:
    """Return the user's upload with this token, or None (unknown, expired, or someone else's)."""
    purge()
    if not _TOKEN.fullmatch(token or ""):
        return None
    try:
        upload = Upload(**json.loads(_paths(token)[2].read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if upload.user_id != user.id or upload.district_id != user.district_id:
        return None
    return upload


def read(upload: Upload) -> bytes:
    """Return the uploaded file's bytes."""
    try:
        return _paths(upload.token)[0].read_bytes()
    except FileNotFoundError as error:
        raise UploadGone(upload.token) from error


def claim(upload: Upload) -> bytes:
    """Take the file for importing, so a second click cannot import it again at the same time."""
    waiting, running, _ = _paths(upload.token)
    try:
        os.rename(waiting, running)
    except FileNotFoundError as error:
        raise UploadGone(upload.token) from error
    return running.read_bytes()


def finish(upload: Upload) -> None:
    """Delete the imported file; the notes (the report) stay until they expire."""
    _paths(upload.token)[1].unlink(missing_ok=True)


def purge(now: float | None = None) -> int:
    """Delete every upload and note older than a day; return how many files went."""
    limit = (now or time.time()) - LIFETIME_SECONDS
    removed = 0
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another worker removed it first
    return removed
