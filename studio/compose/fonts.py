"""Real fonts for text that must be right. DejaVu ships inside matplotlib, so every install
has it; a brand kit names fonts as "Family[:style]" (e.g. "DejaVu Sans:bold")."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

_FILES = {
    ("dejavu sans", ""): "DejaVuSans.ttf",
    ("dejavu sans", "bold"): "DejaVuSans-Bold.ttf",
    ("dejavu sans", "italic"): "DejaVuSans-Oblique.ttf",
    ("dejavu sans", "bolditalic"): "DejaVuSans-BoldOblique.ttf",
    ("dejavu serif", ""): "DejaVuSerif.ttf",
    ("dejavu serif", "bold"): "DejaVuSerif-Bold.ttf",
    ("dejavu serif", "italic"): "DejaVuSerif-Italic.ttf",
    ("dejavu serif", "bolditalic"): "DejaVuSerif-BoldItalic.ttf",
    ("dejavu sans mono", ""): "DejaVuSansMono.ttf",
    ("dejavu sans mono", "bold"): "DejaVuSansMono-Bold.ttf",
}


@lru_cache(maxsize=1)
def font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_path(spec: str) -> Path:
    """'DejaVu Sans:bold' -> path of the TTF. A path to a .ttf/.otf file is taken as is."""
    if spec.lower().endswith((".ttf", ".otf")) and Path(spec).is_file():
        return Path(spec)
    family, _, style = spec.partition(":")
    name = _FILES.get((family.strip().lower(), style.strip().lower().replace(" ", "")))
    if name is None:
        name = (
            _FILES[("dejavu sans", style.strip().lower())]
            if style.strip().lower() in ("", "bold", "italic", "bolditalic")
            else _FILES[("dejavu sans", "")]
        )
    return font_dir() / name


@lru_cache(maxsize=4096)
def font(spec: str, size: int) -> ImageFont.FreeTypeFont:
    """The font `spec` at `size` pixels, loaded once per (spec, size): the only place in
    the composer that loads or caches a font."""
    return ImageFont.truetype(str(font_path(spec)), size=max(1, int(size)))
