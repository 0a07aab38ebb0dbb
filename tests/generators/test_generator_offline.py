"""The offline renderer: exact sizes, byte-identical determinism (also across processes),
visible variety by seed, prompt and style, palettes from params and reference images, and the
honest labels (subject bottom-left, DRAFT tag top-right)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from studio.config import Settings
from studio.domain import JobSpec
from studio.errors import AttachmentError, GeneratorError, SizeError
from studio.generators import get_generator
from studio.generators.offline import MODEL, STYLES, OfflineGenerator

PROMPT = "A Polaroid photograph of Rick and Ilsa saying goodbye at the foggy airport, 1940s"


def make_job(**overrides) -> JobSpec:
    fields = dict(
        id="b-1-j00",
        brief_id="b-1",
        template_id="polaroid-storyboard",
        template_version="v1",
        prompt=PROMPT,
        width=256,
        height=192,
        seed=7,
        params={"style": "photo"},
    )
    fields.update(overrides)
    return JobSpec(**fields)


def render(job: JobSpec, **kwargs) -> list:
    return OfflineGenerator().generate(job, **kwargs)


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.float32)


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(pixels(a) - pixels(b)).mean())


def test_registered_with_declared_capabilities():
    generator = get_generator("offline", Settings(_env_file=None))
    assert isinstance(generator, OfflineGenerator)
    caps = generator.capabilities
    assert (caps.weights, caps.negative_prompt, caps.references) == (False, False, True)
    assert (caps.text_quality, caps.price_per_image) == ("none", 0.0)
    assert (caps.dialect, caps.queue) == ("natural", "cpu")
    assert generator.available() == (True, "")


SIZES = [(768, 768), (1000, 562), (562, 1000), (1001, 667), (97, 41), (1, 1)]


@pytest.mark.parametrize("size", SIZES)
def test_output_is_exactly_the_requested_size(size):
    [out] = render(make_job(width=size[0], height=size[1]))
    assert out.image.size == size
    assert out.image.mode == "RGB"
    assert (out.seed, out.model, out.cost_usd) == (7, MODEL, 0.0)


@pytest.mark.parametrize("style", STYLES)
def test_every_style_renders_at_an_odd_size(style):
    [out] = render(make_job(width=333, height=187, params={"style": style}))
    assert out.image.size == (333, 187)
    assert out.info["style"] == style
    assert pixels(out.image).std() > 15  # a picture, not a flat fill


def test_styles_look_different_from_each_other():
    images = {s: render(make_job(params={"style": s}))[0].image for s in STYLES}
    for i, a in enumerate(STYLES):
        for b in STYLES[i + 1 :]:
            assert mean_abs_diff(images[a], images[b]) > 10, (a, b)


def test_same_job_gives_identical_png_bytes():
    job = make_job(params={"style": "crowd"})
    assert png_bytes(render(job)[0].image) == png_bytes(render(job)[0].image)


def test_identical_across_processes():
    job = make_job(width=200, height=150, params={"style": "poster"})
    here = hashlib.sha256(png_bytes(render(job)[0].image)).hexdigest()
    script = (
        "import hashlib, io, sys\n"
        "from studio.domain import JobSpec\n"
        "from studio.generators.offline import OfflineGenerator\n"
        "job = JobSpec.model_validate_json(sys.stdin.read())\n"
        "buf = io.BytesIO()\n"
        "OfflineGenerator().generate(job)[0].image.save(buf, format='PNG')\n"
        "print(hashlib.sha256(buf.getvalue()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # hash() must play no part
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=job.model_dump_json(),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == here


@pytest.mark.parametrize("style", STYLES)
def test_different_seed_or_prompt_changes_the_picture(style):
    base = render(make_job(params={"style": style}))[0].image
    other_seed = render(make_job(seed=8, params={"style": style}))[0].image
    other_prompt = render(
        make_job(prompt="The train leaves Paris in the rain", params={"style": style})
    )[0].image
    assert mean_abs_diff(base, other_seed) > 5
    assert mean_abs_diff(base, other_prompt) > 5


def test_count_gives_consecutive_seeds_and_distinct_images():
    calls = []
    outs = render(make_job(count=3, seed=41), progress=lambda i, total: calls.append((i, total)))
    assert [o.seed for o in outs] == [41, 42, 43]
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert all(o.model == MODEL and o.info["draft"] for o in outs)
    assert mean_abs_diff(outs[0].image, outs[1].image) > 5
    assert mean_abs_diff(outs[1].image, outs[2].image) > 5
    # image i of a batch is the same picture as a single job with seed + i
    single = render(make_job(seed=42))[0].image
    assert png_bytes(single) == png_bytes(outs[1].image)


def test_palette_param_is_used():
    reds = ["#fff1ec", "#f4a582", "#d6604d", "#b2182b", "#67001f"]
    plain = render(make_job(params={"style": "illustration"}))[0]
    red = render(make_job(params={"style": "illustration", "palette": reds}))[0]
    assert red.info["palette_source"] == "params"
    assert plain.info["palette_source"] == "prompt"
    r, g, b = pixels(red.image).reshape(-1, 3).mean(0)
    assert r > g + 30 and r > b + 30  # the picture is as red as its palette
    assert mean_abs_diff(plain.image, red.image) > 20


def test_reference_image_sets_the_palette(tmp_path):
    ref = tmp_path / "ref.png"
    stripes = np.zeros((60, 90, 3), dtype=np.uint8)
    stripes[:, :30] = (18, 110, 120)  # teal
    stripes[:, 30:60] = (240, 150, 40)  # orange
    stripes[:, 60:] = (250, 240, 220)  # cream
    Image.fromarray(stripes).save(ref)
    job = make_job(params={"style": "photo"})
    plain = render(job)[0]
    first = render(job, references=[ref])[0]
    again = render(job, references=[ref])[0]
    assert first.info["palette_source"] == "reference"
    assert png_bytes(first.image) == png_bytes(again.image)
    assert first.info["palette"] != plain.info["palette"]
    assert mean_abs_diff(plain.image, first.image) > 10


def test_caption_is_written_bottom_left_and_draft_tag_top_right():
    w, h = 640, 480
    one = pixels(render(make_job(width=w, height=h, caption="Here's looking at you, kid"))[0].image)
    two = pixels(render(make_job(width=w, height=h, caption="We'll always have Paris"))[0].image)
    changed = np.argwhere(np.abs(one - two).max(-1) > 0)
    assert len(changed) > 200  # the caption is really drawn
    assert changed[:, 0].min() > h * 0.8 and changed[:, 1].max() < w * 0.7  # bottom-left only
    corner = one[: h // 8, w // 2 :].reshape(-1, 3)  # the yellow DRAFT tag, top-right
    yellow = (corner[:, 0] > 200) & (corner[:, 1] > 160) & (corner[:, 2] < 90)
    assert yellow.sum() > 200


def test_backgrounds_carry_no_caption_but_keep_the_tag():
    w, h = 640, 480
    one = pixels(render(make_job(width=w, height=h, role="background", caption="A"))[0].image)
    two = pixels(render(make_job(width=w, height=h, role="background", caption="B"))[0].image)
    assert np.array_equal(one, two)


def test_unknown_style_falls_back_and_says_so():
    [out] = render(make_job(params={"style": "comic"}))
    assert out.info["style"] == "illustration"
    assert out.info["requested_style"] == "comic"


def test_bad_requests_are_refused_with_a_reason(tmp_path):
    with pytest.raises(SizeError, match="between 1 and 4096"):
        render(make_job(width=5000))
    with pytest.raises(GeneratorError, match="count must be at least 1"):
        render(make_job(count=0))
    with pytest.raises(GeneratorError, match="palette"):
        render(make_job(params={"palette": ["#12345", "not a colour"]}))
    with pytest.raises(AttachmentError, match="cannot read reference image"):
        render(make_job(), references=[tmp_path / "missing.png"])
