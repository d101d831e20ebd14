"""Serve Bootstrap's RTL build and the Persian font from their installed packages (no CDN)."""
import importlib.util
from functools import cache
from pathlib import Path

from flask import Blueprint, abort, send_from_directory

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


@bp.route("/<root>/<path:filename>")
def asset(root, filename):
    """Send one static file from an installed package, cached for a day."""
    roots = _roots()
    if root not in roots:
        abort(404)
    return send_from_directory(roots[root], filename, max_age=86400)
