"""Which font files this machine has, for lettering: the faces bundled with Studio (a
handwriting face, Comic Neue, under `studio/compose/fonts/`), DejaVu (inside matplotlib, so
always there), and the Noto families a system may have for the other scripts.

Searched, once per process: the folders in STUDIO_FONT_DIRS (os.pathsep-separated), the
usual system and user font folders, and the folders `fc-list` reports when fontconfig is
installed. On Debian, `apt-get install fonts-noto-core fonts-noto-cjk` gives every script
`lettering` knows (the Makefile's `fonts` target does it for the tests); without them a
string in those scripts is drawn with DejaVu and `lettering.coverage` says False."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from studio.compose.fonts import font_dir

BUNDLED = Path(__file__).parent / "fonts"  # Comic Neue (SIL OFL 1.1, see OFL.txt there)
HAND, HAND_BOLD = BUNDLED / "ComicNeue-Regular.otf", BUNDLED / "ComicNeue-Bold.otf"

_SYSTEM_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "C:/Windows/Fonts",
)
_SUFFIXES = (".ttf", ".otf", ".ttc")

# Font file names per script, best first (chosen before DejaVu, which draws some of these
# scripts but without the care of a dedicated face): (regular, bold), for the sans and serif roles.
# Debian's names first (fonts-noto-core, fonts-noto-cjk), then those of Google's downloads.
_CJK = (("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),)
_CJK_SERIF = (("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),)
_CJK_OTHERS = (
    ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"),
    ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"),
    ("NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"),
    ("NotoSansKR-Regular.otf", "NotoSansKR-Bold.otf"),
    ("wqy-zenhei.ttc", "wqy-zenhei.ttc"),
    ("DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf"),
)
SCRIPT_FILES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "han": {"sans": _CJK + _CJK_OTHERS, "serif": _CJK_SERIF},
    "kana": {"sans": _CJK + _CJK_OTHERS, "serif": _CJK_SERIF},
    "hangul": {"sans": _CJK + _CJK_OTHERS, "serif": _CJK_SERIF},
    "arabic": {
        "sans": (("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),),
        "serif": (("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),),
    },
    "hebrew": {
        "sans": (("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),),
        "serif": (("NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf"),),
    },
    "devanagari": {
        "sans": (("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),),
        "serif": (("NotoSerifDevanagari-Regular.ttf", "NotoSerifDevanagari-Bold.ttf"),),
    },
    "thai": {
        "sans": (("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),),
        "serif": (("NotoSerifThai-Regular.ttf", "NotoSerifThai-Bold.ttf"),),
    },
}  # Latin, Cyrillic, Greek: DejaVu covers them (and any other installed font may)

# What to install when a script has no font: (Debian package, Noto family)
PACKAGES = {
    "han": ("fonts-noto-cjk", "Noto Sans CJK SC"),
    "kana": ("fonts-noto-cjk", "Noto Sans CJK JP"),
    "hangul": ("fonts-noto-cjk", "Noto Sans CJK KR"),
    "arabic": ("fonts-noto-core", "Noto Sans Arabic"),
    "hebrew": ("fonts-noto-core", "Noto Sans Hebrew"),
    "devanagari": ("fonts-noto-core", "Noto Sans Devanagari"),
    "thai": ("fonts-noto-core", "Noto Sans Thai"),
    "cyrillic": ("fonts-noto-core", "Noto Sans"),
    "greek": ("fonts-noto-core", "Noto Sans"),
}


def _font_dirs() -> list[Path]:
    dirs = [Path(d).expanduser() for d in os.environ.get("STUDIO_FONT_DIRS", "").split(os.pathsep)]
    dirs += [Path(d).expanduser() for d in _SYSTEM_DIRS]
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":", "file"], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        dirs += sorted({Path(line.split(":")[0].strip()).parent for line in out.splitlines()})
    return [d for d in dirs if str(d) not in ("", ".") and d.is_dir()]


@lru_cache(maxsize=1)
def installed() -> dict[str, Path]:
    """Every font file found, by file name (the first folder searched wins, so
    STUDIO_FONT_DIRS overrides the system's copy of a file)."""
    found: dict[str, Path] = {}
    for folder in [BUNDLED, font_dir(), *_font_dirs()]:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in _SUFFIXES and path.name not in found and path.is_file():
                found[path.name] = path
    return found


def script_files(script: str, role: str, *, bold: bool = False) -> list[Path]:
    """The installed fonts for `script` (see SCRIPT_FILES) in `role`, best first; the serif
    role falls back to the sans faces, every role ends with the sans faces."""
    table = SCRIPT_FILES.get(script, {})
    names = [*table.get(role, ()), *table.get("sans", ())]
    have = installed()
    return [have[pair[bold]] for pair in names if pair[bold] in have]


def cjk_face(text: str) -> int:
    """The face of a Noto CJK collection for `text`: 0 JP when it has kana, 1 KR for hangul,
    2 SC when its characters are in GB 2312, else 3 TC (the glyph shapes differ by region)."""
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return 0
    if any("\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" for ch in text):
        return 1
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return 3
    return 2
