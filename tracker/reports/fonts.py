"""Register static Regular and Bold instances of Noto Sans Arabic with reportlab.

The PyPI package ships only a variable font, which reportlab cannot read, so
fontTools cuts two static instances out of it.  They are cached on disk, keyed by
the package version, so only the first process on a machine pays for the cut.
"""

import importlib.metadata
import os
import tempfile
import threading
from functools import cache
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont as ToolsFont
from fontTools.varLib import instancer
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "Peyvand Noto Sans Arabic"
REGULAR = "PeyvandNotoSansArabic-Regular"
BOLD = "PeyvandNotoSansArabic-Bold"
_PACKAGE = "fontpkg-noto-sans-arabic"
_VARIABLE_FILE = "NotoSansArabic[wdth,wght].ttf"
# (registered name, subfamily, weight axis value)
_INSTANCES = ((REGULAR, "Regular", 400), (BOLD, "Bold", 700))
_lock = threading.Lock()


def _variable_font_path() -> Path:
    """Return the path of the variable font inside the installed package."""
    files = resources.files("fontpkg_noto_sans_arabic") / "files" / _VARIABLE_FILE
    return Path(str(files))


def _cache_dir() -> Path:
    """Return the directory holding static instances for the installed font version."""
    version = importlib.metadata.version(_PACKAGE)
    base = os.environ.get("TRACKER_FONT_CACHE") or os.path.join(
        tempfile.gettempdir(), f"peyvand-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    return Path(base) / version


def _rename(font: ToolsFont, ps_name: str, subfamily: str) -> None:
    """Give an instance its own family, full and PostScript names."""
    full = f"{FAMILY} {subfamily}"
    names = {1: FAMILY, 2: subfamily, 4: full, 6: ps_name, 16: FAMILY, 17: subfamily}
    table = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17, 25):
        table.removeNames(nameID=name_id)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    table.setName(f"{ps_name};peyvand-instance", 3, 3, 1, 0x409)
    if subfamily == "Bold":
        font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0x20) & ~0x40
        font["head"].macStyle |= 0x1
        font["OS/2"].usWeightClass = 700


def _build_instance(target: Path, ps_name: str, subfamily: str, weight: int) -> None:
    """Cut one static instance out of the variable font and write it atomically."""
    variable = ToolsFont(str(_variable_font_path()))
    static = instancer.instantiateVariableFont(variable, {"wght": weight, "wdth": 100})
    _rename(static, ps_name, subfamily)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".ttf.part")
    try:
        with os.fdopen(fd, "wb") as fh:
            static.save(fh)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def font_file(ps_name: str) -> Path:
    """Return the path of a static instance, building it first if it is not cached."""
    for name, subfamily, weight in _INSTANCES:
        if name == ps_name:
            target = _cache_dir() / f"{name}.ttf"
            if not target.exists():
                _build_instance(target, name, subfamily, weight)
            return target
    raise KeyError(ps_name)


def register_fonts() -> tuple[str, str]:
    """Register the Regular and Bold fonts once per process and return their names."""
    with _lock:
        registered = pdfmetrics.getRegisteredFontNames()
        for name, _subfamily, _weight in _INSTANCES:
            if name not in registered:
                # Shaping is done by tracker.reports.rtl; reportlab's own (harfbuzz)
                # shaping would lay Persian out left to right, so it stays off.
                pdfmetrics.registerFont(TTFont(name, str(font_file(name)), shapable=False))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
    return REGULAR, BOLD


@cache
def font_characters() -> frozenset[str]:
    """Return the characters the fonts have glyphs for (Regular and Bold cover the same ones)."""
    register_fonts()
    return frozenset(map(chr, pdfmetrics.getFont(REGULAR).face.charToGlyph))
