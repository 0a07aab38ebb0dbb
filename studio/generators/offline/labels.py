"""The honest labels on every draft: the subject, small, bottom-left, and a DRAFT tag
top-right."""

from __future__ import annotations

from PIL import Image, ImageDraw

from studio.compose.fonts import font
from studio.domain import JobSpec

TAG = "DRAFT · offline renderer"


def _pill(
    img: Image.Image,
    text: str,
    spec: str,
    size: int,
    *,
    right: bool,
    top: bool,
    fill: tuple[int, ...],
    ink: tuple[int, ...],
) -> None:
    """A small translucent label in a corner; shortened with an ellipsis, skipped if it can't
    fit at all."""
    f, margin, pad = font(spec, size), max(3, round(min(img.size) * 0.025)), max(2, round(size / 2))
    room = img.width - 2 * margin - 2 * pad
    while text and f.getlength(text) > room:
        text = text[:-2].rstrip() + "…" if len(text) > 2 else ""
    ascent, descent = f.getmetrics()
    bw, bh = int(f.getlength(text)) + 2 * pad, ascent + descent + pad
    if not text or bh > img.height - 2 * margin:
        return
    x = img.width - margin - bw if right else margin
    y = margin if top else img.height - margin - bh
    patch = Image.new("RGBA", (bw, bh), (0, 0, 0, 0))
    pd = ImageDraw.Draw(patch)
    pd.rounded_rectangle((0, 0, bw - 1, bh - 1), radius=bh // 3, fill=fill)
    pd.text((pad, bh / 2), text, font=f, fill=ink, anchor="lm")
    region = img.crop((x, y, x + bw, y + bh)).convert("RGBA")
    img.paste(Image.alpha_composite(region, patch).convert("RGB"), (x, y))


def _subject(job: JobSpec) -> str:
    """What the picture is of, in a few words: the caption, else the planner's subject, else
    the prompt's opening."""
    if job.caption:
        return " ".join(job.caption.split())
    if job.params.get("subject"):
        return " ".join(str(job.params["subject"]).split())
    text = " ".join(job.prompt.split())
    return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _label(img: Image.Image, job: JobSpec) -> None:
    """Write the subject and the DRAFT tag onto the finished image, in place."""
    size = max(9, round(min(img.size) * 0.024))
    if job.role != "background":  # backgrounds carry the composer's text, not ours
        _pill(
            img,
            _subject(job),
            "DejaVu Sans",
            size,
            right=False,
            top=False,
            fill=(16, 16, 20, 150),
            ink=(255, 255, 255, 240),
        )
    tag = TAG if font("DejaVu Sans:bold", size).getlength(TAG) < img.width * 0.5 else "DRAFT"
    _pill(
        img,
        tag,
        "DejaVu Sans:bold",
        size,
        right=True,
        top=True,
        fill=(250, 204, 21, 215),
        ink=(24, 24, 24, 255),
    )
