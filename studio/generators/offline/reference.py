"""The reference image as the draft's subject: cut it out and stand it in the scene.

A product shot with an attached product photo should preview that product, not only borrow
its colours. Cutting out, simply and deterministically:

    alpha channel with transparency  -> use it
    near-uniform corners (a packshot on white or a sweep)  -> drop pixels near the corners'
        colour (a soft ramp on the distance, so edges are not jagged)
    anything else (a photo with a scene behind)  -> a soft-edged rounded card of the photo

then fit it in a box, standing on the surface, with a soft contact shadow under it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from studio.compose.common import rounded_mask
from studio.errors import AttachmentError

MAX_SIDE = 1024  # bigger references are reduced first: the draft never needs more
CORNER_SPREAD = 30.0  # corners closer than this (RGB distance) count as one backdrop colour
CUT_FROM, CUT_TO = 28.0, 60.0  # distance from the backdrop colour: transparent .. opaque


def load_cutout(path: Path) -> Image.Image:
    """The reference as RGBA with its background made transparent (see the module doc)."""
    try:
        with Image.open(path) as im:
            im.load()
            rgba = im.convert("RGBA")
    except (OSError, ValueError) as exc:
        raise AttachmentError(
            f"cannot read reference image {path}: {exc}",
            hint="attach a PNG or JPEG file that exists",
        ) from exc
    if max(rgba.size) > MAX_SIDE:
        scale = MAX_SIDE / max(rgba.size)
        size = (max(1, round(rgba.width * scale)), max(1, round(rgba.height * scale)))
        rgba = rgba.resize(size, Image.Resampling.LANCZOS)
    a = np.asarray(rgba)
    if a[..., 3].min() < 250:  # it has its own transparency
        return _crop_to_alpha(rgba)
    rgb = a[..., :3].astype(np.float32)
    h, w = rgb.shape[:2]
    k = max(1, min(h, w) // 20)
    corners = np.stack(
        [
            np.median(c.reshape(-1, 3), axis=0)
            for c in (rgb[:k, :k], rgb[:k, -k:], rgb[-k:, :k], rgb[-k:, -k:])
        ]
    )
    spread = float(np.abs(corners[:, None] - corners[None]).max())
    if spread <= CORNER_SPREAD and min(h, w) >= 8:
        bg = corners.mean(0)
        dist = np.sqrt(((rgb - bg) ** 2).sum(-1))
        alpha = np.clip((dist - CUT_FROM) / (CUT_TO - CUT_FROM), 0, 1)
        if alpha.mean() > 0.02:  # something is left once the backdrop is gone
            mask = Image.fromarray((alpha * 255 + 0.5).astype(np.uint8), "L")
            mask = mask.filter(ImageFilter.MedianFilter(3)) if min(h, w) >= 16 else mask
            rgba.putalpha(mask)
            return _crop_to_alpha(rgba)
    radius = max(1, round(min(w, h) * 0.08))
    feather = max(0.5, min(w, h) * 0.015)  # a soft edge: a photo laid in, not a hard sticker
    inset = Image.new("L", (w, h), 0)
    pad = round(feather)
    inset.paste(rounded_mask((max(1, w - 2 * pad), max(1, h - 2 * pad)), radius), (pad, pad))
    rgba.putalpha(inset.filter(ImageFilter.GaussianBlur(feather)))
    return rgba


def _crop_to_alpha(rgba: Image.Image) -> Image.Image:
    box = rgba.getchannel("A").point(lambda v: 255 if v > 8 else 0).getbbox()
    return rgba.crop(box) if box else rgba


def place(
    canvas: Image.Image, cut: Image.Image, cx: float, base: float, max_w: float, max_h: float
) -> tuple[float, float, float, float]:
    """Fit `cut` in max_w x max_h standing on (cx, base), paste it, and return its box."""
    scale = min(max_w / cut.width, max_h / cut.height)
    w, h = max(1, round(cut.width * scale)), max(1, round(cut.height * scale))
    fitted = cut.resize((w, h), Image.Resampling.LANCZOS)
    x, y = round(cx - w / 2), round(base - h)
    canvas.paste(fitted.convert("RGB"), (x, y), fitted.getchannel("A"))
    return (float(x), float(y), float(x + w), float(y + h))
