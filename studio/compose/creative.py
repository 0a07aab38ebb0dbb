"""Marketing creatives (social post, ad, web banner, poster): one image cover-fitted to the
channel's size with a headline, a sub-line (offer, price, date), a call-to-action badge and
the brand logo, all inside the channel's safe margins. The words are drawn here, never by
the image model, so they are spelled exactly as briefed and OCR can read them back.

The planner's contract (every key of `data` is optional):

    Composition(layout="creative", width=W, height=H, inputs=[one job id],
                title=<headline or None>, brand=<brand id>,
                data={"headline": str | None,        # falls back to composition.title
                      "subline": str | None,         # offers, prices, dates
                      "cta": str | None,             # drawn as a badge in the brand accent
                      "on_image_text": [str, ...],   # all strings, verbatim; any not covered
                                                     # by the three above join the sub-line
                      "channel": str | None,         # "Instagram story", "Leaderboard"...
                      "safe": [top, right, bottom, left],  # fractions of H, W, H, W
                      "text_zone": "bottom" | "top" | "left" | "right"})  # calm image area

The arrangement follows the shape: height:width <= 1:3 (web banners, leaderboards) is one
row — logo, headline over sub-line, CTA at the right end; landscapes wider than 1.3:1 (4:3,
16:9, 1.91:1) put a text column on the `text_zone` side (left unless it says right; top/bottom
give a band); squarer shapes and portraits stack the text in a band at the bottom (or top),
logo in the opposite corner. A dark scrim, feathered into the picture, sits under the words.
Text shrinks before it wraps and wraps to at most 2-3 lines; it is never cut. With no text
at all the image is returned as is."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from studio.compose.common import Box, cover
from studio.compose.creative_draw import Layout
from studio.domain import Composition
from studio.errors import TemplateError
from studio.prompts import BrandKit

ZONES = ("bottom", "top", "left", "right")
WIDE = 1 / 3  # height:width at or below this is laid out as a single row
COLUMN = 1.3  # width:height above this (and not a row) gets a text column; as planner.text_zone


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    return compose_with_boxes(composition, images, brand)[0]


def texts(composition: Composition) -> tuple[str, str, str]:
    """(headline, sub-line, CTA). Strings of on_image_text that none of them contains are
    added to the sub-line, one per line, so every word the brief asked for is drawn."""
    data = composition.data
    headline = _clean(data.get("headline")) or _clean(composition.title)
    subline, cta = _clean(data.get("subline")), _clean(data.get("cta"))
    drawn = [t for t in (headline, subline, cta) if t]
    extras = [
        t
        for t in (_clean(x) for x in data.get("on_image_text") or [])
        if t and not any(t in d for d in drawn)
    ]
    if not headline and extras:
        headline = extras.pop(0)
    return headline, "\n".join(t for t in (subline, *extras) if t), cta


def safe_box(composition: Composition) -> Box:
    """The part of the canvas the channel shows unobstructed, from data["safe"]."""
    w, h = composition.width, composition.height
    safe = composition.data.get("safe")
    if safe is None:
        return 0, 0, w, h
    ok = isinstance(safe, list | tuple) and len(safe) == 4
    if ok:
        try:
            top, right, bottom, left = (float(v) for v in safe)
        except (TypeError, ValueError):
            ok = False
    if not ok or not all(0 <= v < 0.5 for v in (top, right, bottom, left)):
        raise TemplateError(
            f"composition {composition.id!r}: safe margins must be [top, right, bottom, left] "
            f"fractions in 0..0.5, got {safe!r}",
            hint="fix the channel's `safe` entry in prompts/formats.yaml",
        )
    return round(left * w), round(top * h), w - round(right * w), h - round(bottom * h)


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    """The creative plus where each element was drawn: "headline", "subline", "cta",
    "logo" (only those present)."""
    if not images:
        raise ValueError("the creative layout needs one image, got none")
    w, h = composition.width, composition.height
    canvas = cover(images[0].convert("RGB"), (w, h))
    headline, subline, cta = texts(composition)
    if not (headline or subline or cta):
        return canvas, {}
    zone = composition.data.get("text_zone")
    if zone is not None and zone not in ZONES:
        raise TemplateError(
            f"composition {composition.id!r}: text_zone {zone!r} is not one of {', '.join(ZONES)}",
            hint="leave it out to let the layout choose from the aspect ratio",
        )
    logo = load_logo(brand)
    sx0, sy0, sx1, sy1 = safe_box(composition)
    ratio = h / w
    if ratio <= WIDE:  # banners: margins from the height, one row
        my, mx = max(3, round(h * 0.12)), max(4, round(h * 0.22), round(w * 0.012))
    else:
        my = mx = max(4, round(min(w, h) * 0.05))
    content = (sx0 + mx, sy0 + my, sx1 - mx, sy1 - my)
    if content[2] - content[0] < 16 or content[3] - content[1] < 12:
        raise TemplateError(
            f"composition {composition.id!r}: {w}x{h} leaves no room for text inside its "
            "safe margins",
            hint="use a larger size or smaller safe margins",
        )
    if ratio <= WIDE:
        arrangement, side = "row", "left"
    elif w > COLUMN * h and zone not in ("top", "bottom"):
        arrangement, side = "column", zone or "left"
    else:
        arrangement, side = "band", "top" if zone == "top" else "bottom"
    layout = Layout(canvas.convert("RGBA"), brand, content, min(w, h))
    if arrangement == "row":
        layout.row(headline, subline, cta, logo)
    else:
        layout.stack(headline, subline, cta, logo, arrangement, side)
    return layout.canvas.convert("RGB"), layout.boxes


def load_logo(brand: BrandKit) -> Image.Image | None:
    """The brand's logo (RGBA), or None when the kit has none. A relative path is looked up
    next to the brand file, then in the prompts folder above it."""
    if not brand.logo:
        return None
    path = Path(brand.logo).expanduser()
    bases = [Path(brand.path).parent, Path(brand.path).parent.parent] if brand.path else []
    for candidate in [path] if path.is_absolute() else [*(b / path for b in bases), path]:
        if candidate.is_file():
            try:
                with Image.open(candidate) as img:
                    return img.convert("RGBA")
            except OSError as exc:
                raise TemplateError(
                    f"brand kit {brand.id!r}: logo {str(candidate)!r} is not a readable image",
                    hint="use a PNG (transparent background) or JPEG",
                ) from exc
    raise TemplateError(
        f"brand kit {brand.id!r}: logo file {brand.logo!r} not found",
        hint="give a path relative to the brand file, or set `logo: null`",
    )


def _clean(value: object) -> str:
    return str(value).strip() if value is not None else ""
