"""The built-in offline renderer: honest draft art for a job, with no model, key or GPU.

It never pretends to be a photo model, but its draft previews the plan (issue 10): what the
subject is, where it stands, where the composer's text will go, what the panel says. The
photo, illustration and scene styles stage the subject the job names (params["subject"], then
"setting"/"details", the template id, the prompt) as one of a few drawable kinds: a portrait,
an object on a surface (mug, bottle, can, box, sneaker, phone, laptop, chair...), a dish from
above, a building, a vehicle, an animal, a room; the setting's words set the light (dawn,
night, fog, snow, rain, beach, studio). A reference image is cut out and stands in the scene
as the subject. The poster's double exposure takes the subject's outline (a wolf, a car)
instead of a head in profile. Other styles (crowd, scene, infographic, whiteboard, blueprint)
and subjects it cannot sort keep their own painters.

    seed + sha256(prompt) ──► rng, mood (prompt words), palette (params > reference > prompt)
        + subject kind and light (subjects.py), text zone (params["text_zone"])
        ──► painter on a 2x canvas (Pillow): scene.py for a staged subject, else the style's
        ──► reduce to size (anti-aliasing) ──► finish (numpy: period tint, vignette, grain)
        ──► the text zone calmed and outlined (marks.py) ──► labels ──► GeneratedImage

Same job fields and seed give byte-identical pixels in any process: everything random comes
from numpy's default_rng seeded by the job, never from hash() or the clock.

The package, one module per step:

    mood.py      what the prompt's words ask for (hue, flags, landmark)
    subjects.py  what the plan's words name: a kind and shape to draw, a light, a colour
    palette.py   the palette: params > reference image > prompt and seed
    canvas.py    drawing helpers the styles share (common.py: colours and points)
    styles_scenic.py, styles_drawn.py   the per-style painters (landmarks.py: blueprints)
    scene.py     the staged subject: stage.py (light, free area, shadows, weather) with
                 objects.py, food.py, beings.py, places.py; reference.py cuts out a reference
    finish.py    period tint, vignette, grain;  marks.py: the text zone
    labels.py    the subject's words and the plan on a plate, and the DRAFT tag
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from PIL import Image

from studio import metadata
from studio.domain import JobSpec
from studio.generators.base import Capabilities, GeneratedImage, Generator, ProgressFn
from studio.generators.offline.canvas import _Scene
from studio.generators.offline.finish import _finish
from studio.generators.offline.labels import TAG, _label
from studio.generators.offline.marks import WASH_OTHER, WASH_STAGED, reserve_zone
from studio.generators.offline.mood import _mood
from studio.generators.offline.palette import (
    Palette,
    _parse_palette,
    _prompt_palette,
    _reference_palette,
)
from studio.generators.offline.reference import load_cutout
from studio.generators.offline.scene import STAGED, effective_light, paint_subject, silhouette
from studio.generators.offline.stage import text_zone
from studio.generators.offline.styles_drawn import (
    _paint_blueprint,
    _paint_infographic,
    _paint_whiteboard,
)
from studio.generators.offline.styles_scenic import (
    _landscape,
    _paint_crowd,
    _paint_illustration,
    _paint_poster,
    _paint_scene,
)
from studio.generators.offline.subjects import Subject, read_subject

MODEL = "offline-draft-v1"
STYLES = (
    "photo",
    "infographic",
    "whiteboard",
    "blueprint",
    "poster",
    "illustration",
    "crowd",
    "scene",
)
SUBJECT_STYLES = ("photo", "illustration", "scene")  # styles that stage the named subject
FALLBACK_STYLE = "illustration"  # for a template kind this renderer does not know yet
SUPERSAMPLE_MAX_PIXELS = 2_500_000  # bigger outputs are drawn at 1x, to bound time and memory

_PAINTERS = {
    "photo": lambda sc: _landscape(sc, figures=True),
    "poster": _paint_poster,
    "crowd": _paint_crowd,
    "infographic": _paint_infographic,
    "illustration": _paint_illustration,
    "scene": _paint_scene,
    "whiteboard": _paint_whiteboard,
    "blueprint": _paint_blueprint,
}


# --- the pipeline ----------------------------------------------------------------------------


def _plan_line(style: str, subj: Subject, job: JobSpec, zone: str | None, referenced: bool) -> str:
    """The plan in a few words for the draft's label: style, what is drawn, layout, text."""
    parts = [style]
    if subj.kind:
        shown = subj.kind in ("product", "food", "building", "vehicle", "animal")
        parts.append(f"{subj.kind}: {subj.shape}" if shown and subj.shape else subj.kind)
    light = effective_light(subj, referenced) if style in SUBJECT_STYLES else subj.light
    if light != "day":
        parts.append(light)
    if referenced:
        parts.append("reference placed")
    if job.params.get("layout"):
        parts.append(str(job.params["layout"]).replace("_", " "))
    if zone:
        parts.append(f"text {zone}")
    return " · ".join(parts)


def _render(
    job: JobSpec, seed: int, style: str, palette: Palette | None, cut: Image.Image | None = None
) -> tuple[Image.Image, Palette, Subject]:
    # 1. all randomness for this image: the seed and a digest of the prompt, nothing else
    digest = hashlib.sha256(job.prompt.encode("utf-8")).digest()
    entropy = [seed & 0xFFFF_FFFF_FFFF_FFFF, int.from_bytes(digest[:16], "big")]
    layout_rng, grain_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(entropy).spawn(2)
    )
    # 2. what the prompt asks for, what the plan says is shown, and the colours to say it in
    mood = _mood(job.prompt)
    p = job.params
    subj = read_subject(
        str(p.get("subject") or ""),
        str(p.get("setting") or ""),
        str(p.get("details") or ""),
        job.template_id,
        job.prompt,
    )
    zone = text_zone(p.get("text_zone"))
    pal = palette or _prompt_palette(layout_rng, mood, digest)
    # 3. paint at 2x and reduce: cheap anti-aliasing for every shape
    k = 2 if job.width * job.height <= SUPERSAMPLE_MAX_PIXELS else 1
    sc = _Scene(layout_rng, pal, mood, job.width * k, job.height * k, k)
    placed = style in SUBJECT_STYLES and cut is not None
    staged = style in SUBJECT_STYLES and (subj.kind in STAGED or placed)
    if staged:
        img = paint_subject(sc, subj, zone, cut, flat=style != "photo", safe=p.get("safe"))
    elif style == "poster" and (shape := silhouette(sc, subj)) is not None:
        img = _paint_poster(sc, shape)  # the subject's own outline holds the double exposure
    elif style in ("photo", "illustration") and subj.kind in ("landscape", "crowd"):
        img = _paint_crowd(sc) if subj.kind == "crowd" else _landscape(sc, figures=False)
    else:
        img = _PAINTERS[style](sc)
    img = img.reduce(k) if k > 1 else img
    # 4. finish, keep the text zone calm, then say what this is: the subject, the plan, DRAFT
    img = _finish(img, style, mood, grain_rng)
    reserve_zone(img, zone, WASH_STAGED if staged else WASH_OTHER, safe=p.get("safe"))
    _label(img, job, _plan_line(style, subj, job, zone, placed), zone)
    return img, pal, subj


class OfflineGenerator(Generator):
    """Draft art on the CPU in well under a second: no key, no weights, no network."""

    name = "offline"
    capabilities = Capabilities(
        weights=False,
        negative_prompt=False,
        references=True,
        text_quality="none",
        price_per_image=0.0,
        dialect="natural",
        queue="cpu",
    )
    digital_source_type = metadata.ALGORITHMIC  # IPTC: drawn by an algorithm, no trained model

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        # 1. check the request
        self.check_request(job)
        requested = str(job.params.get("style") or "photo").lower()
        style = requested if requested in _PAINTERS else FALLBACK_STYLE
        text_zone(job.params.get("text_zone"))  # a bad zone is refused before any drawing
        # 2. palette: the job's own colours, else the first reference image, else the prompt
        if job.params.get("palette") is not None:
            palette, source = _parse_palette(job.params["palette"]), "params"
        elif references:
            palette, source = _reference_palette(Path(references[0])), "reference"
        else:
            palette, source = None, "prompt"
        # 3. the first reference, cut out, stands in the scene as its subject
        cut = load_cutout(Path(references[0])) if references and style in SUBJECT_STYLES else None
        # 4. one image per seed
        images = []
        for i in range(job.count):
            image, pal, subj = _render(job, job.seed + i, style, palette, cut)
            info = {"style": style, "palette": pal.hex(), "palette_source": source, "draft": True}
            info["subject_kind"] = subj.kind or "none"
            if subj.shape:
                info["subject_shape"] = subj.shape
            info["light"] = effective_light(subj, cut is not None)
            if cut is not None:
                info["reference_placed"] = True
            if style != requested:
                info["requested_style"] = requested  # a kind this renderer does not know yet
            images.append(GeneratedImage(image=image, seed=job.seed + i, model=MODEL, info=info))
            if progress is not None:
                progress(i + 1, job.count)
        return images


__all__ = [
    "FALLBACK_STYLE",
    "MODEL",
    "STYLES",
    "SUPERSAMPLE_MAX_PIXELS",
    "TAG",
    "OfflineGenerator",
    "Palette",
]
