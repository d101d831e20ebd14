"""Configuration: defaults, then the environment (TRACKER_*), then a test mapping."""
import os
import secrets
from pathlib import Path

TIMEZONE = "Asia/Tehran"


def _secret_key(instance_path: str) -> str:
    """Return the configured secret key, or one generated once and kept in the instance folder."""
    configured = os.environ.get("TRACKER_SECRET_KEY")
    if configured:
        return configured
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write with 0600 so other local users cannot forge sessions.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def make_instance_folder(instance_path: str) -> None:
    """Create the instance folder (the SQLite file and the key live there) readable by its owner only."""
    folder = Path(instance_path)
    if folder.exists():
        return  # an existing folder may be shared or chosen by the operator; its files are narrowed instead
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    folder.chmod(0o700)  # mkdir's mode is filtered by the umask


def load(instance_path: str) -> dict:
    """Build the configuration mapping from defaults and the environment."""
    default_db = "sqlite:///" + str(Path(instance_path) / "peyvand.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("TRACKER_DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": None,  # filled lazily by create_app unless a test supplies one
        "TIMEZONE": TIMEZONE,
        "DISTRICT_CODE": int(os.environ.get("TRACKER_DISTRICT", "21")),
        "PAGE_SIZE": int(os.environ.get("TRACKER_PAGE_SIZE", "50")),
        "DUE_SOON_WORKING_DAYS": int(os.environ.get("TRACKER_DUE_SOON_DAYS", "2")),
        # Working days PR has to refer an item heard without a department.
        "TRIAGE_WORKING_DAYS": int(os.environ.get("TRACKER_TRIAGE_DAYS", "2")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("TRACKER_SECURE_COOKIES", "0") == "1",
        # Server-side sign-in sessions end after this long unused, and this long at most.
        "SESSION_IDLE_MINUTES": int(os.environ.get("TRACKER_SESSION_IDLE_MINUTES", "60")),
        "SESSION_MAX_HOURS": int(os.environ.get("TRACKER_SESSION_MAX_HOURS", "12")),
        # How many reverse proxies in front append to X-Forwarded-For (0: none; trust no header).
        "PROXY_COUNT": int(os.environ.get("TRACKER_PROXY_COUNT", "0")),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
        # What pages keep between requests (tracker/kept.py): each process its own by default;
        # "FileSystemCache" with CACHE_DIR, or a Redis, shares it between processes.
        "CACHE_TYPE": os.environ.get("TRACKER_CACHE_TYPE", "SimpleCache"),
        "CACHE_DIR": os.environ.get("TRACKER_CACHE_DIR"),
        "CACHE_DEFAULT_TIMEOUT": 300,
        "CACHE_THRESHOLD": 500,  # entries per process; pages run 20-60 KB, so some 10-30 MB
    }
