"""Offline drafts preview the plan (issue 10): the subject's kind shapes the picture, the
setting's words its light, a reference image stands in the scene, the text zone stays calm,
and the subject's words are readable. All assertions are on pixels or OCR'd text."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.domain import JobSpec
from studio.errors import GeneratorError
from studio.generators.offline import OfflineGenerator
from studio.generators.offline.reference import load_cutout
from studio.generators.offline.stage import free_box, zone_box

W, H = 640, 480


def make_job(subject: str = "", *, prompt: str = "a draft", **params_and_fields) -> JobSpec:
    fields = {
        k: params_and_fields.pop(k)
        for k in ("width", "height", "seed", "caption", "role")
        if k in params_and_fields
    }
    params = {"style": "photo", **params_and_fields}
    if subject:
        params["subject"] = subject
    return JobSpec(
        id="b-9-j00",
        brief_id="b-9",
        template_id="generic-image",
        template_version="v1",
        prompt=prompt,
        width=fields.pop("width", W),
        height=fields.pop("height", H),
        seed=fields.pop("seed", 11),
        params=params,
        **fields,
    )


def render(job: JobSpec, **kwargs):
    [out] = OfflineGenerator().generate(job, **kwargs)
    return out


def grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"), dtype=np.float32)


def edges(img: Image.Image) -> np.ndarray:
    """Strong luminance edges on a 4x reduced copy (so film grain is no edge), the labels'
    bands (top and bottom 16%) left out."""
    g = grey(img.reduce(4))
    mag = np.hypot(np.diff(g, axis=1)[:-1], np.diff(g, axis=0)[:, :-1])
    band = round(g.shape[0] * 0.16)
    return mag[band:-band] > 12


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


# --- subject kinds ---------------------------------------------------------------------------


def test_kinds_have_different_structure_not_just_colours():
    subjects = ["ceramic mug", "woman in a grey coat", "old town hall building", "vintage car"]
    outs = {s: render(make_job(s, prompt="one prompt for all")) for s in subjects}
    assert [outs[s].info["subject_kind"] for s in subjects] == [
        "product",
        "person",
        "building",
        "vehicle",
    ]
    maps = {s: edges(o.image) for s, o in outs.items()}
    for s, m in maps.items():
        assert m.mean() > 0.003, s  # each draws a shape with real outlines
    for i, a in enumerate(subjects):
        for b in subjects[i + 1 :]:
            inter = (maps[a] & maps[b]).sum()
            union = (maps[a] | maps[b]).sum()
            assert inter / union < 0.25, (a, b, inter / union)


def test_poster_double_exposure_takes_the_subjects_outline():
    wolf = render(make_job("wolf", prompt="p", style="poster"))
    car = render(make_job("vintage car", prompt="p", style="poster"))
    a, b = edges(wolf.image), edges(car.image)
    assert (a & b).sum() / (a | b).sum() < 0.3
    # the car's outline is wide and low: its top edge sits well below the wolf's ears
    rows = [np.flatnonzero(e.any(1)).min() for e in (a, b)]
    assert rows[1] > rows[0] + 5


def test_person_is_framed_as_a_portrait_and_mug_stands_on_a_surface():
    # the flat illustration look: no vignette, so a row's backdrop is one colour
    person = render(make_job("fashion model", prompt="p", style="illustration")).image
    mug = render(make_job("coffee mug", prompt="p", style="illustration")).image

    def busy_rows(img: Image.Image) -> np.ndarray:
        """Rows whose middle fifth differs in colour from the same row's backdrop (sampled
        at 80-88% of the width: clear of the subject and the labels)."""
        a = np.asarray(img.reduce(2), dtype=np.float32)
        h, w = a.shape[:2]
        backdrop = np.median(a[:, w * 80 // 100 : w * 88 // 100], axis=1, keepdims=True)
        return np.sqrt(((a[:, 2 * w // 5 : 3 * w // 5] - backdrop) ** 2).sum(-1)).mean(1) > 40

    rows_person, rows_mug = busy_rows(person), busy_rows(mug)
    h = rows_person.shape[0]
    # the portrait's shoulders run down to the frame's bottom edge; the mug is a compact
    # object standing on a surface: there is only table under it
    assert rows_person[int(h * 0.9) : int(h * 0.97)].all()
    assert not rows_mug[int(h * 0.92) : int(h * 0.97)].any()
    assert rows_mug[int(h * 0.5) : int(h * 0.6)].all()
    assert not rows_person[int(h * 0.1) : int(h * 0.15)].any()  # headroom above the head


@pytest.mark.parametrize(
    ("words", "kind", "shape"),
    [
        ("Kaffeetasse", "product", "mug"),
        ("taza de café", "product", "mug"),
        ("mug", "product", "mug"),
        ("rote Turnschuhe", "product", "shoe"),
        ("zapatillas rojas", "product", "shoe"),
        ("Schloss Neuschwanstein", "building", "castle"),
        ("perro en la playa", "animal", "beast"),
        ("Frau im gelben Regenmantel", "person", "figure"),
        ("plato de paella", "food", "plate"),
        ("glass skyscraper", "building", "tower"),
        ("a dog in a car", "animal", "beast"),
        ("Eiffel Tower", "building", "lattice"),
        ("Apollo 11 mission", "group", "event"),
        ("Menschenmenge auf dem Markt", "crowd", "people"),
    ],
)
def test_subject_words_in_english_german_spanish(words, kind, shape):
    out = render(make_job(words))
    assert (out.info["subject_kind"], out.info["subject_shape"]) == (kind, shape)


def figures_across(img: Image.Image) -> int:
    """How many separate figures stand side by side: runs of columns that differ from the
    row's backdrop (its left edge) in the band between the labels and the ground."""
    a = np.asarray(img, dtype=np.float32)[int(H * 0.25) : int(H * 0.75)]
    backdrop = np.median(a[:, : W // 30], axis=1, keepdims=True)
    busy = (np.sqrt(((a - backdrop) ** 2).sum(-1)) > 40).any(0).astype(np.int8)
    starts = np.flatnonzero(np.diff(np.concatenate([[0], busy])) == 1)
    ends = np.flatnonzero(np.diff(np.concatenate([busy, [0]])) == -1)
    return int(((ends - starts) >= 4).sum())


def test_a_couple_is_two_figures_and_a_family_a_group():
    couple = render(make_job("wedding couple", prompt="p", style="illustration"))
    family = render(make_job("Familie", prompt="p", style="illustration"))
    assert couple.info["subject_kind"] == family.info["subject_kind"] == "group"
    assert figures_across(couple.image) == 2
    assert 4 <= figures_across(family.image) <= 7


def test_same_kind_in_another_language_draws_the_same_picture():
    a = np.asarray(render(make_job("coffee mug", prompt="p")).image)
    b = np.asarray(render(make_job("Kaffeetasse", prompt="p")).image)
    differs = np.abs(a.astype(int) - b.astype(int)).max(-1) > 0
    assert differs[: int(H * 0.75)].sum() == 0  # only the label (bottom-left) differs
    assert differs.sum() > 100


def test_setting_words_set_the_light():
    night = render(make_job("old castle", setting="bei Nacht", prompt="p"))
    snow = render(make_job("old castle", setting="en la nieve", prompt="p"))
    assert (night.info["light"], snow.info["light"]) == ("night", "snow")
    assert grey(night.image).mean() + 60 < grey(snow.image).mean()
    # the first light word named sets it, whatever words follow ("golden" is no sunset here)
    assert render(make_job("Golden Gate bridge", setting="in fog")).info["light"] == "fog"


def test_unrecognised_subject_keeps_the_landscape():
    out = render(make_job("Rick and Ilsa"))
    assert out.info["subject_kind"] == "none"
    assert out.image.size == (W, H)


# --- reference images ------------------------------------------------------------------------

MAGENTA = np.array([230, 20, 200], dtype=np.float32)


def packshot(path: Path) -> Path:
    """A teal product with a magenta label on a white backdrop."""
    a = np.full((300, 200, 3), 250, np.uint8)
    a[40:280, 50:150] = (20, 120, 130)
    a[120:200, 60:140] = MAGENTA.astype(np.uint8)
    Image.fromarray(a).save(path)
    return path


def magenta_mask(img: Image.Image) -> np.ndarray:
    a = np.asarray(img, dtype=np.float32)
    return np.sqrt(((a - MAGENTA) ** 2).sum(-1)) < 60


def test_reference_is_placed_on_the_surface_out_of_the_text_zone(tmp_path):
    ref = packshot(tmp_path / "serum.png")
    job = make_job("serum bottle", text_zone="bottom")
    plain, placed = render(job), render(job, references=[ref])
    assert placed.info["reference_placed"] is True
    assert magenta_mask(plain.image).sum() < 20
    mask = magenta_mask(placed.image)
    assert mask.sum() > 800  # the label's colour is there, not just a palette hint
    ys, xs = np.nonzero(mask)
    x0, y0, x1, y1 = free_box(W, H, "bottom")
    assert x0 + (x1 - x0) * 0.25 < xs.mean() < x0 + (x1 - x0) * 0.75  # mid-frame
    assert ys.max() < zone_box(W, H, "bottom")[1]  # above the text zone
    # the white backdrop was cut away: just outside the product, the scene shows, not white
    a = np.asarray(placed.image, dtype=np.float32)
    left = int(xs.min()) - 25
    beside = a[int(ys.mean()) - 5 : int(ys.mean()) + 5, max(0, left - 5) : left]
    assert beside.min(-1).mean() < 240 or np.ptp(beside) > 0


def test_cutout_uses_alpha_corners_or_a_soft_card(tmp_path):
    cut = load_cutout(packshot(tmp_path / "p.png"))
    alpha = np.asarray(cut.getchannel("A"))
    assert cut.size == (100, 240)  # cropped to the product
    assert alpha[120, 50] == 255 and alpha.min() >= 0
    rgba = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
    ImageDraw.Draw(rgba).ellipse((10, 10, 70, 70), fill=(10, 200, 30, 255))
    rgba.save(tmp_path / "a.png")
    disc = np.asarray(load_cutout(tmp_path / "a.png").getchannel("A"))
    assert disc[0, 0] == 0 and disc[30, 30] == 255
    noise = np.random.default_rng(0).integers(0, 256, (90, 120, 3), dtype=np.uint8)
    Image.fromarray(noise).save(tmp_path / "n.png")
    card = np.asarray(load_cutout(tmp_path / "n.png").getchannel("A"))
    assert card.shape == (90, 120)
    assert card[0, 0] < 40 and card[45, 60] == 255  # soft rounded corners, solid middle


# --- text zone -------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["bottom", "top", "left", "right"])
def test_text_zone_is_calm_and_the_subject_stays_out(zone):
    job = make_job("old castle", setting="at night", text_zone=zone)
    g = grey(render(job).image)
    zx0, zy0, zx1, zy1 = (round(v) for v in zone_box(W, H, zone))
    inner = g[zy0:zy1, zx0:zx1]
    ih, iw = inner.shape
    inner = inner[round(ih * 0.2) : round(ih * 0.8), round(iw * 0.2) : round(iw * 0.8)]
    fx0, fy0, fx1, fy1 = (round(v) for v in free_box(W, H, zone))
    rest = g[fy0:fy1, fx0:fx1]
    assert inner.std() < 0.35 * rest.std(), (inner.std(), rest.std())
    # the subject was staged out of the zone, not merely washed over: next to no edges there
    e = edges(render(job).image)  # rows 16%..84%, at 1/4 scale
    top = round(H / 4 * 0.16)
    ex0, ey0, ex1, ey1 = (round(v / 4) for v in zone_box(W, H, zone))
    ey0, ey1 = max(ey0 - top, 0), max(ey1 - top, 0)
    pad = round(min(W, H) / 4 * 0.08)  # clear of the dashed outline and the TEXT tag
    in_zone = e[ey0 + pad : ey1 - pad, ex0 + pad : ex1 - pad].sum()
    assert in_zone < 0.05 * e.sum(), (in_zone, e.sum())
    # and it is marked: a dashed outline one margin in from the zone's edge
    m = max(2, round(min(W, H) * 0.02))
    line = g[zy0 + m, zx0 + m : zx1 - m] if zone != "top" else g[zy1 - m - 1, zx0 + m : zx1 - m]
    assert np.ptp(line) > 20


@pytest.mark.parametrize("style", ["crowd", "whiteboard", "poster"])
def test_text_zone_is_calmed_even_on_a_busy_style(style):
    g = grey(render(make_job(style=style, text_zone="bottom")).image)
    zone_top = round(zone_box(W, H, "bottom")[1])
    inner = g[zone_top + round(H * 0.06) : H - round(H * 0.06), round(W * 0.1) : round(W * 0.9)]
    assert inner.std() < 0.35 * g[:zone_top].std(), (inner.std(), g[:zone_top].std())


def test_a_bad_text_zone_is_refused():
    with pytest.raises(GeneratorError, match="text_zone"):
        render(make_job("mug", text_zone="middle"))


# --- words and determinism -------------------------------------------------------------------


def _ocr_text(img: Image.Image) -> str:
    ocr = pytest.importorskip("studio.documents.ocr")
    if not ocr.available():
        pytest.skip("OCR extra not installed")
    return " ".join(t for t, _, _ in ocr.ocr_image(img)).lower()


def test_subject_words_are_readable_at_1024():
    out = render(make_job("ceramic mug", width=1024, height=1024, layout="single"))
    text = _ocr_text(out.image)
    assert "ceramic mug" in text
    assert "draft" in text


def test_panel_shows_its_caption_out_of_a_bottom_text_zone():
    job = make_job(
        "coffee mug",
        width=1024,
        height=1024,
        role="panel",
        caption="We'll always have Paris",
        text_zone="bottom",
    )
    assert "always have paris" in _ocr_text(render(job).image)


def test_same_job_gives_identical_bytes(tmp_path):
    ref = packshot(tmp_path / "r.png")
    job = make_job("perfume bottle", setting="at dawn", text_zone="left", layout="polaroid_board")
    assert png(render(job, references=[ref]).image) == png(render(job, references=[ref]).image)
    other = make_job("woman", setting="foggy", text_zone="right", style="illustration")
    assert png(render(other).image) == png(render(other).image)


def test_identical_across_processes_with_subject_zone_and_reference(tmp_path):
    ref = packshot(tmp_path / "r.png")
    job = make_job("Kaffeetasse", setting="im Nebel", text_zone="right", layout="single")
    here = hashlib.sha256(png(render(job, references=[ref]).image)).hexdigest()
    script = (
        "import hashlib, io, sys\n"
        "from studio.domain import JobSpec\n"
        "from studio.generators.offline import OfflineGenerator\n"
        "job = JobSpec.model_validate_json(sys.stdin.read())\n"
        "buf = io.BytesIO()\n"
        f"OfflineGenerator().generate(job, references=[{str(ref)!r}])[0].image.save(buf, 'PNG')\n"
        "print(hashlib.sha256(buf.getvalue()).hexdigest())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=job.model_dump_json(),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "777"},  # hash() must play no part
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == here


def test_the_text_zone_sits_inside_the_channels_safe_margins() -> None:
    from studio.generators.offline.stage import free_box, zone_box

    plain = zone_box(1080, 1920, "bottom")
    story = zone_box(1080, 1920, "bottom", [0.14, 0.0, 0.20, 0.0])
    assert plain is not None and story is not None
    assert plain[3] == 1920 and story[3] == round(1920 * 0.80)  # above the story's bottom fifth
    assert free_box(1080, 1920, "bottom", [0.14, 0.0, 0.20, 0.0])[3] == story[1]
    assert zone_box(1080, 1920, "bottom", "nonsense") == plain  # bad margins are ignored
