"""The honest labels on every draft: the subject's words (and under them the plan: style,
kind, layout, text zone) on a plate bottom-left, or out of the text zone's way, and a DRAFT
tag top-right. A panel shows its caption, the words the composer will write under it."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

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


def _wrap(text: str, f: ImageFont.FreeTypeFont, room: float, lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines, the last one shortened with an ellipsis."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and f.getlength(line + " " + words[0]) <= room:
            line += " " + words.pop(0)
        out.append(line)
    if words and out:
        out[-1] += " …"
    for i, line in enumerate(out):
        while len(line) > 1 and f.getlength(line) > room:
            line = line[:-2].rstrip() + "…"
        out[i] = line
    return [line for line in out if line]


def _plate(img: Image.Image, title: str, plan: str, corner: str, room: float) -> None:
    """The draft label: the subject's words big enough to read at a glance (and by OCR), the
    plan in a smaller line under them, on a dark translucent plate in `corner`."""
    big = max(9, round(min(img.size) * 0.045))
    small = max(8, round(big * 0.55))
    fb, fs = font("DejaVu Sans:bold", big), font("DejaVu Sans", small)
    margin, pad = max(3, round(min(img.size) * 0.025)), max(2, round(big * 0.4))
    lines = [(t, fb) for t in _wrap(title, fb, room - 2 * pad, 2)]
    lines += [(t, fs) for t in _wrap(plan, fs, room - 2 * pad, 1)]
    heights = [sum(f.getmetrics()) for _, f in lines]
    bw = int(max((f.getlength(t) for t, f in lines), default=0)) + 2 * pad
    bh = sum(heights) + 2 * pad
    if not lines or bh > img.height - 2 * margin or bw > img.width - 2 * margin:
        return
    x = img.width - margin - bw if corner.endswith("right") else margin
    y = margin if corner.startswith("top") else img.height - margin - bh
    patch = Image.new("RGBA", (bw, bh), (0, 0, 0, 0))
    pd = ImageDraw.Draw(patch)
    pd.rounded_rectangle((0, 0, bw - 1, bh - 1), radius=max(1, pad), fill=(16, 16, 20, 170))
    ty = pad
    for (text, f), lh in zip(lines, heights, strict=True):
        ink = (255, 255, 255, 245) if f is fb else (250, 204, 21, 235)
        pd.text((pad, ty), text, font=f, fill=ink)
        ty += lh
    region = img.crop((x, y, x + bw, y + bh)).convert("RGBA")
    img.paste(Image.alpha_composite(region, patch).convert("RGB"), (x, y))


# text zone -> (the subject plate's corner, the DRAFT tag's corner): both keep out of the zone
_CORNERS = {
    None: ("bottom-left", "top-right"),
    "bottom": ("top-left", "top-right"),
    "left": ("bottom-right", "top-right"),
    "top": ("bottom-left", "bottom-right"),
    "right": ("bottom-left", "top-left"),
}


def _label(img: Image.Image, job: JobSpec, plan: str = "", zone: str | None = None) -> None:
    """Write the subject (with the plan under it) and the DRAFT tag onto the finished image,
    in place, both out of the text zone's way."""
    size = max(9, round(min(img.size) * 0.03))
    tag = TAG if font("DejaVu Sans:bold", size).getlength(TAG) < img.width * 0.5 else "DRAFT"
    plate_at, tag_at = _CORNERS.get(zone, _CORNERS[None])
    # backgrounds, and pictures the composer letters a template's words on, carry its text
    if job.role != "background" and not job.params.get("composer_text"):
        room = img.width * 0.66
        if plate_at.split("-")[0] == tag_at.split("-")[0]:  # on one row: share it
            tag_w = font("DejaVu Sans:bold", size).getlength(tag) + size * 2
            room = min(room, img.width - tag_w - img.width * 0.08)
        _plate(img, _subject(job), plan, plate_at, room)
    _pill(
        img,
        tag,
        "DejaVu Sans:bold",
        size,
        right=tag_at.endswith("right"),
        top=tag_at.startswith("top"),
        fill=(250, 204, 21, 225),
        ink=(24, 24, 24, 255),
    )
