"""Deliverable sizes: --size WxH, --aspect W:H or the template's default, checked against
Settings limits with a message that says what is allowed. An explicit size obeys the same
aspect-ratio limit as --aspect (between 1:4 and 4:1); a template's own sizes need not."""

from __future__ import annotations

import re

from studio.config import Settings
from studio.domain import BriefOptions
from studio.errors import SizeError
from studio.prompts import Template

MAX_RATIO = 4  # the most extreme aspect ratio, either way (4:1 or 1:4)


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,6})\s*[xX×]\s*(\d{1,6})\s*", text)
    if not m:
        raise SizeError(
            f"size {text!r} is not of the form WIDTHxHEIGHT", hint="e.g. `size` 1920x1080"
        )
    return int(m.group(1)), int(m.group(2))


def check_size(width: int, height: int, settings: Settings) -> None:
    lo = settings.min_side
    if not (lo <= width <= settings.max_width and lo <= height <= settings.max_height):
        raise SizeError(
            f"size {width}x{height} is impossible",
            hint=f"each side must be between {lo} and {settings.max_width}x{settings.max_height} pixels",
        )


def check_ratio(width: int, height: int) -> None:
    """A size the user gives (--size, checked by BriefRequest) obeys the aspect limit of
    --aspect. Sizes a template or a named channel brings (a 728x90 leaderboard, an 8:1 web
    banner) are exempt: they are exact formats someone chose."""
    if not (1 / MAX_RATIO <= width / height <= MAX_RATIO):
        g = _gcd(width, height)
        raise SizeError(
            f"size {width}x{height} is too extreme (aspect {width // g}:{height // g})",
            hint=f"keep width:height between 1:{MAX_RATIO} and {MAX_RATIO}:1, as for `aspect`",
        )


def check_aspect(aspect: str) -> None:
    m = re.fullmatch(r"(\d{1,2}):(\d{1,2})", aspect or "")
    if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
        raise SizeError(
            f"aspect {aspect!r} is not of the form W:H", hint="e.g. `aspect` 16:9, 3:4 or 1:1"
        )
    ratio = int(m.group(1)) / int(m.group(2))
    if not (1 / MAX_RATIO <= ratio <= MAX_RATIO):
        raise SizeError(
            f"aspect {aspect} is too extreme",
            hint=f"keep it between 1:{MAX_RATIO} and {MAX_RATIO}:1",
        )


def deliverable_size(
    template: Template, options: BriefOptions, settings: Settings, brief_aspect: str | None = None
) -> tuple[str, tuple[int, int]]:
    if options.width is not None or options.height is not None:
        if options.width is None or options.height is None:
            raise SizeError("give both width and height", hint="e.g. `size` 1920x1080")
        check_size(options.width, options.height, settings)
        g = _gcd(options.width, options.height)
        return f"{options.width // g}:{options.height // g}", (options.width, options.height)
    aspect = options.aspect or brief_aspect
    if aspect:
        check_aspect(aspect)
    aspect, (w, h) = template.size_for(aspect)
    check_size(w, h, settings)
    return aspect, (w, h)


def _gcd(a: int, b: int) -> int:
    import math

    return math.gcd(a, b) or 1
