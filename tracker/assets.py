"""Serve Bootstrap's RTL build, the Persian font and the app's own CSS and scripts (no CDN).

Every URL of a file carries a fingerprint of its content (?v=...), so the day-long browser
cache never keeps an old script after a new version is installed.
"""
import hashlib
import importlib.util
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.security import safe_join

bp = Blueprint("assets", __name__, url_prefix="/assets")
STATIC = Path(__file__).resolve().parent / "static"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _roots() -> dict[str, Path]:
    return {
        "bootstrap": _package_dir("bootstrap"),
        "font": _package_dir("fontpkg_noto_sans_arabic") / "files",
        "app": STATIC,
    }


@cache
def _digest(path: str, _mtime_ns: int) -> str:
    """Return a short digest of a file's content (the modification time keys the cache)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def fingerprint(root: str, filename: str) -> str | None:
    """Return the content fingerprint of one served file, or None when there is no such file."""
    if current_app.debug:  # files change under a developer: look at them every time
        return _fingerprint(root, filename)
    return _kept_fingerprint(root, filename)


@cache
def _kept_fingerprint(root: str, filename: str) -> str | None:
    # Served files change only with a new installation, which restarts the processes.
    return _fingerprint(root, filename)


def _fingerprint(root: str, filename: str) -> str | None:
    base = _roots().get(root)
    path = safe_join(str(base), filename) if base else None
    if path is None or not Path(path).is_file():
        return None
    return _digest(path, Path(path).stat().st_mtime_ns)


@bp.url_defaults
def add_fingerprint(endpoint, values):
    """Give url_for('assets.asset', ...) the file's fingerprint as ?v=."""
    if "v" not in values and "root" in values and "filename" in values:
        version = fingerprint(values["root"], values["filename"])
        if version:
            values["v"] = version


@bp.route("/<root>/<path:filename>")
def asset(root, filename):
    """Send one static file from an installed package, cached for a day."""
    roots = _roots()
    if root not in roots:
        abort(404)
    return send_from_directory(roots[root], filename, max_age=86400)
