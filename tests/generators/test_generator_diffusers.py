"""The diffusers generator against tiny, randomly initialised pipelines
(tests/generators/tiny_pipeline.py) saved to a temp dir and loaded through diffusers' real
from_pretrained: exact sizes, seeds, batching, image-to-image, compel weighting and long
prompts, the process cache, progress, schedulers and the errors a user sees. Real weights on
a GPU: the `gpu` test at the end."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("diffusers")
pytest.importorskip("compel")
torch = pytest.importorskip("torch")

from compel import Compel  # noqa: E402

from studio.config import Settings, reset_settings_cache  # noqa: E402
from studio.domain import JobSpec  # noqa: E402
from studio.errors import (  # noqa: E402
    GeneratorError,
    GeneratorUnavailableError,
    TransientGeneratorError,
)
from studio.generators import get_generator  # noqa: E402
from studio.generators.diffusion import DiffusersGenerator, cache_info, clear_cache  # noqa: E402
from studio.generators.diffusion import weights as weighting  # noqa: E402
from studio.generators.diffusion.runtime import PIPELINES  # noqa: E402
from tests.generators import tiny_pipeline  # noqa: E402

LONG = (
    "A Polaroid photograph of Rick and Ilsa saying goodbye at the foggy airport in Casablanca, "
    "1940s, warm nostalgic light, soft film grain, the plane waiting on the runway behind them"
)  # one token per character in the tiny tokenizer: well over CLIP's 77


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny models run fastest on one thread, and stay fast when other tests share the CPUs."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("models")
    return {
        "sd": tiny_pipeline.build_sd(root / "tiny-sd"),
        "sdxl": tiny_pipeline.build_sdxl(root / "tiny-sdxl"),
    }


@pytest.fixture
def gen(studio_env: Path, models: dict[str, Path], monkeypatch: pytest.MonkeyPatch):
    """The registered generator, pointed at the tiny SD model, with an empty pipeline cache."""
    monkeypatch.setenv("STUDIO_DIFFUSERS_MODEL", str(models["sd"]))
    reset_settings_cache()
    clear_cache()
    yield get_generator("diffusers", Settings())
    clear_cache()


def reconfigured(gen: DiffusersGenerator, **changes: object) -> DiffusersGenerator:
    """The registered generator under gen's settings with `changes` (settings travel with the
    generator: new settings, another instance)."""
    return get_generator("diffusers", Settings(**{**gen.settings.model_dump(), **changes}))


def job(**overrides) -> JobSpec:
    fields = dict(
        id="b-1-j00",
        brief_id="b-1",
        template_id="polaroid-storyboard",
        template_version="v1",
        prompt="(red:1.5) apple on a table",
        negative_prompt="blurry",
        dialect="sd",
        generator="diffusers",
        width=32,
        height=32,
        seed=7,
        params={"steps": 2},
    )
    fields.update(overrides)
    return JobSpec(**fields)


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.int16)


def test_registered_with_its_capabilities(gen: DiffusersGenerator) -> None:
    caps = gen.capabilities
    assert gen.name == "diffusers" and isinstance(gen, DiffusersGenerator)
    assert (caps.weights, caps.negative_prompt, caps.references) == (True, True, True)
    assert (caps.dialect, caps.queue, caps.text_quality, caps.price_per_image) == (
        "sd",
        "gpu",
        "poor",
        0.0,
    )
    assert gen.available() == (True, "")


def test_loads_from_the_folder_and_sizes_are_exact(gen: DiffusersGenerator) -> None:
    for width, height in [(32, 32), (36, 30), (64, 48)]:
        [image] = gen.generate(job(width=width, height=height))
        assert image.image.size == (width, height) and image.image.mode == "RGB"
        assert image.info["device"] == "cpu" and image.info["dtype"] == "float32"
    odd = gen.generate(job(width=36, height=30))[0]
    assert odd.info["generated_size"] == [40, 32]  # rounded up to multiples of 8, then cropped
    assert odd.model == os.environ["STUDIO_DIFFUSERS_MODEL"]
    [entry] = PIPELINES.loaded()
    assert type(entry.pipe).__name__ == "StableDiffusionPipeline"  # what model_index.json says
    assert cache_info()["loads"] == 1


def test_same_seed_same_pixels_different_seeds_differ(gen: DiffusersGenerator) -> None:
    a = gen.generate(job(seed=11))[0]
    b = gen.generate(job(seed=11))[0]
    c = gen.generate(job(seed=12))[0]
    assert a.seed == b.seed == 11 and c.seed == 12
    assert np.array_equal(pixels(a.image), pixels(b.image))
    assert np.abs(pixels(a.image) - pixels(c.image)).mean() > 1


def test_count_is_one_batched_call_with_a_seed_per_image(gen: DiffusersGenerator) -> None:
    steps: list[tuple[int, int]] = []
    batch = gen.generate(
        job(seed=20, count=3, params={"steps": 3}),
        progress=lambda step, total: steps.append((step, total)),
    )
    assert [g.seed for g in batch] == [20, 21, 22]
    assert steps == [(1, 3), (2, 3), (3, 3)]  # one denoising loop for all three images
    arrays = [pixels(g.image) for g in batch]
    assert all(np.abs(arrays[i] - arrays[j]).mean() > 1 for i, j in [(0, 1), (0, 2), (1, 2)])
    # an image depends on its seed, not on its place in the batch
    alone = gen.generate(job(seed=21, params={"steps": 3}))[0]
    assert np.abs(pixels(alone.image) - arrays[1]).max() <= 1


def test_image_to_image_from_a_reference(gen: DiffusersGenerator, tmp_path: Path) -> None:
    reference = tmp_path / "ref.png"
    Image.new("RGB", (50, 40), (200, 30, 30)).save(reference)
    text = gen.generate(job(params={"steps": 4}))[0]
    steps: list[tuple[int, int]] = []
    image = gen.generate(
        job(params={"steps": 4, "strength": 0.5}),
        references=[reference],
        progress=lambda step, total: steps.append((step, total)),
    )[0]
    assert image.image.size == (32, 32)
    assert image.info["task"] == "img2img" and image.info["strength"] == 0.5
    assert steps == [(1, 2), (2, 2)]  # img2img denoises steps x strength
    assert np.abs(pixels(image.image) - pixels(text.image)).mean() > 1
    stronger = gen.generate(job(params={"steps": 4, "strength": 1.0}), references=[reference])[0]
    assert not np.array_equal(pixels(stronger.image), pixels(image.image))
    assert (
        gen.generate(job(params={"steps": 4, "strength": 0.5}), references=[reference])[
            0
        ].image.tobytes()
        == image.image.tobytes()
    )
    # the image-to-image pipeline shares the loaded weights: made with from_pipe, not loaded
    info = cache_info()
    assert (info["loads"], info["derived"]) == (1, 1)


def test_the_process_cache_holds_and_is_bounded(gen: DiffusersGenerator, models) -> None:
    gen.generate(job())
    gen.generate(job(seed=8, prompt="a blue bird"))
    info = cache_info()
    assert info["loads"] == 1 and info["hits"] == 1 and len(info["entries"]) == 1
    # a second model with a cache of one: loaded, and the first one dropped
    reconfigured(gen, diffusers_cache_size=1).generate(job(model=str(models["sdxl"])))
    info = cache_info()
    assert info["loads"] == 2 and [e[0] for e in info["entries"]] == [str(models["sdxl"])]


def test_weights_change_the_embeddings(gen: DiffusersGenerator) -> None:
    gen.generate(job())  # loads the pipeline
    [entry] = PIPELINES.loaded()
    encoder = weighting.make_encoder(entry.pipe, device="cpu")

    def embeds(prompt: str) -> torch.Tensor:
        return weighting.encode(entry.pipe, encoder, prompt, "").kwargs["prompt_embeds"]

    plain, weighted = embeds("red apple"), embeds("(red:1.5) apple")
    assert plain.shape == weighted.shape
    assert not torch.allclose(plain, weighted)
    assert torch.equal(plain, embeds("(red:1.0) apple"))  # weight 1 is the plain prompt
    a = gen.generate(job(prompt="red apple"))[0]
    b = gen.generate(job(prompt="(red:1.5) apple"))[0]
    assert b.info["prompt_encoding"] == "compel-sd"
    assert not np.array_equal(pixels(a.image), pixels(b.image))


def test_long_prompts_are_not_truncated(gen: DiffusersGenerator) -> None:
    gen.generate(job())
    [entry] = PIPELINES.loaded()
    encoder = weighting.make_encoder(entry.pipe, device="cpu")
    assert len(entry.pipe.tokenizer(LONG).input_ids) > 77
    conditioning = weighting.encode(entry.pipe, encoder, LONG, "blurry")
    positive = conditioning.kwargs["prompt_embeds"]
    negative = conditioning.kwargs["negative_prompt_embeds"]
    assert positive.shape[1] > 77 and positive.shape[1] % 77 == 0
    assert negative.shape == positive.shape  # padded to the same length for guidance
    # words past the 77th token still change the embeddings, and the picture
    changed = LONG.replace("behind them", "beside a red car")
    tail = weighting.encode(entry.pipe, encoder, changed, "blurry").kwargs["prompt_embeds"]
    assert torch.equal(positive[:, :77], tail[:, :77]) and not torch.equal(positive, tail)
    first, second = (gen.generate(job(prompt=p))[0] for p in (LONG, changed))
    assert first.info["prompt_tokens"] == positive.shape[1]
    assert not np.array_equal(pixels(first.image), pixels(second.image))


def test_sdxl_pipelines_use_compel_for_both_encoders(gen: DiffusersGenerator, models) -> None:
    plain = gen.generate(job(model=str(models["sdxl"]), prompt="red apple", negative_prompt=""))[0]
    weighted = gen.generate(job(model=str(models["sdxl"]), prompt="(red:1.5) apple"))[0]
    long = gen.generate(job(model=str(models["sdxl"]), prompt=LONG, width=36, height=30))[0]
    assert weighted.info["prompt_encoding"] == "compel-sdxl"
    assert long.image.size == (36, 30) and long.info["prompt_tokens"] > 77
    assert not np.array_equal(pixels(plain.image), pixels(weighted.image))


def test_scheduler_by_class_name_for_one_job_only(gen: DiffusersGenerator) -> None:
    ddim = gen.generate(job())[0]
    euler = gen.generate(job(params={"steps": 2, "scheduler": "EulerDiscreteScheduler"}))[0]
    again = gen.generate(job())[0]
    assert (ddim.info["scheduler"], euler.info["scheduler"]) == (
        "DDIMScheduler",
        "EulerDiscreteScheduler",
    )
    assert not np.array_equal(pixels(ddim.image), pixels(euler.image))
    assert again.info["scheduler"] == "DDIMScheduler"  # the next job gets the model's own back
    assert np.array_equal(pixels(ddim.image), pixels(again.image))
    with pytest.raises(GeneratorError, match="EulerDiscreteScheduler") as err:
        gen.generate(job(params={"steps": 2, "scheduler": "NoSuchScheduler"}))
    assert "does not fit" in str(err.value)


def test_speed_and_memory_options(gen: DiffusersGenerator) -> None:
    plain = gen.generate(job(width=64, height=64))[0]
    clear_cache()
    options = dict(
        diffusers_sdpa=False, diffusers_channels_last=True, diffusers_cpu_offload="model"
    )
    tuned = reconfigured(gen, **options).generate(job(width=64, height=64))[0]
    assert tuned.info["optimisations"] == [
        "attention: classic",
        "channels_last",
        "cpu offload ignored on cpu",
    ]
    # the same picture: attention and memory layout change speed, not the result
    assert np.abs(pixels(tuned.image) - pixels(plain.image)).max() <= 2
    clear_cache()
    tiling = reconfigured(gen, **options, diffusers_vae_tiling=True)
    tiled = tiling.generate(job(width=96, height=80))[0]  # decoded in tiles bigger than 32x32
    assert tiled.image.size == (96, 80) and "vae tiling" in tiled.info["optimisations"]


HUB_RUN = """
import json, sys
from studio.config import Settings
from studio.domain import JobSpec
from studio.generators import get_generator
from studio.generators.diffusion import cache_info
gen = get_generator("diffusers", Settings())
spec = JobSpec(id="j", brief_id="b", template_id="t", template_version="1", prompt="a red apple",
               width=32, height=32, seed=3, params={"steps": 2})
image = gen.generate(spec)[0]
print(json.dumps({"available": gen.available(), "size": image.image.size, "model": image.model,
                  "loads": cache_info()["loads"]}))
"""


def test_a_hub_id_loads_from_the_local_cache_offline(models, tmp_path: Path) -> None:
    """The hub's cache layout, read by huggingface_hub itself, with the network switched off."""
    import json
    import shutil
    import subprocess

    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--studio-tests--tiny-sd"
    shutil.copytree(models["sd"], repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDIO_", "HF_"))}
    env.update(
        HF_HUB_CACHE=str(tmp_path / "hub"),
        HF_HUB_OFFLINE="1",
        OMP_NUM_THREADS="1",
        STUDIO_DIFFUSERS_MODEL="studio-tests/tiny-sd",
        STUDIO_OUTPUT_DIR=str(tmp_path / "out"),
    )
    done = subprocess.run(
        [sys.executable, "-c", HUB_RUN],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "available": [True, ""],
        "size": [32, 32],
        "model": "studio-tests/tiny-sd",
        "loads": 1,
    }


@pytest.mark.parametrize(
    "params, message",
    [
        ({"steps": 0}, "params.steps must be between 1"),
        ({"steps": "many"}, "params.steps must be a number"),
        ({"steps": 2.5}, "whole number"),
        ({"steps": 2, "guidance": -1}, "params.guidance"),
        ({"steps": 2, "strength": 0}, "params.strength"),
    ],
)
def test_bad_parameters_are_refused_up_front(gen: DiffusersGenerator, params, message) -> None:
    with pytest.raises(GeneratorError, match=message):
        gen.generate(job(params=params))
    assert cache_info()["loads"] == 0  # checked before anything was loaded


def test_out_of_memory_is_transient(gen: DiffusersGenerator, monkeypatch) -> None:
    gen.generate(job())
    [entry] = PIPELINES.loaded()

    def no_memory(*args, **kwargs):  # what a full GPU raises from inside the UNet
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(entry.pipe.unet, "forward", no_memory)
    with pytest.raises(TransientGeneratorError, match="out of memory generating 2 image") as err:
        gen.generate(job(count=2))
    assert err.value.retryable and "STUDIO_DIFFUSERS_CPU_OFFLOAD" in str(err.value)


def test_missing_model_says_how_to_point_at_weights(
    studio_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    cases = {
        None: "no diffusion model configured",
        str(tmp_path / "nowhere"): "does not exist",
        str(empty): "not a diffusers model folder (no model_index.json)",
        "someone/some-model": "not in the local Hugging Face cache",
    }
    for model, problem in cases.items():
        generator = DiffusersGenerator(Settings(diffusers_model=model))
        ok, why = generator.available()
        assert not ok and problem in why and "\n" not in why
        assert "STUDIO_DIFFUSERS_MODEL=/path/to/model" in why
        with pytest.raises(GeneratorUnavailableError) as err:
            generator.generate(job())
        assert str(err.value) == why


def test_without_the_extra_available_says_what_to_install(gen, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "compel", None)  # as if `pip install studio` only
    ok, why = gen.available()
    assert not ok
    assert (
        why == "compel not installed — install the diffusion extra: pip install 'studio[diffusion]'"
    )
    with pytest.raises(GeneratorUnavailableError, match=r"pip install 'studio\[diffusion\]'"):
        gen.generate(job())


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks a machine without CUDA")
def test_a_device_or_dtype_this_machine_lacks(gen: DiffusersGenerator) -> None:
    for name, value, problem in [
        ("device", "cuda", "STUDIO_DIFFUSERS_DEVICE=cuda, but torch"),
        ("dtype", "float16", "STUDIO_DIFFUSERS_DTYPE=float16 needs a GPU"),
    ]:
        lacking = reconfigured(gen, **{f"diffusers_{name}": value})
        ok, why = lacking.available()
        assert not ok and why.startswith(problem)
        with pytest.raises(GeneratorUnavailableError, match=problem):
            lacking.generate(job())
    assert cache_info()["loads"] == 0


@pytest.mark.parametrize(
    "a1111",
    [
        "(red:1.5) apple",
        "(cork board storyboard:1.3), 8 (polaroid photos:1.2) of Casablanca, push pins",
        "(film grain), [blurry], ((double))",
        "C++ and a + b = c, well- done, red-haired",
        r"a \(literal\) paren, (85mm, f/1.8:1.2)",
        "(a - b:1.2), (C++ code:0.8)",
        "(unclosed",
    ],
)
def test_a1111_weights_become_compel_weights(a1111: str) -> None:
    """Every run keeps its weight and its words through the translation (compel falls back to
    reading the whole prompt as plain text when it cannot parse it)."""

    def words(text: str) -> list[str]:
        spelled = text.replace("+", " plus ").replace("=", " equals ")
        return re.findall(r"[A-Za-z0-9]+", spelled)

    expected = [(words(text), round(w, 3)) for text, w in weighting.fragments(a1111)]
    parsed = Compel.parse_prompt_string(weighting.to_compel(a1111)).prompts[0].children
    got = [(words(f.text), round(f.weight, 3)) for f in parsed]
    assert [w for ws, w in got if ws] == [w for ws, w in expected if ws]
    assert sum((ws for ws, _ in got), []) == sum((ws for ws, _ in expected), [])


# --- real weights ----------------------------------------------------------------------------

REAL_MODEL = os.environ.get("STUDIO_DIFFUSERS_MODEL")  # read before fixtures clear STUDIO_*


@pytest.mark.gpu
@pytest.mark.skipif(
    not (torch.cuda.is_available() and REAL_MODEL),
    reason="needs CUDA and STUDIO_DIFFUSERS_MODEL pointing at real weights",
)
def test_real_weights_on_a_gpu(studio_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_DIFFUSERS_MODEL", str(REAL_MODEL))
    reset_settings_cache()
    clear_cache()
    generator = DiffusersGenerator(Settings())
    assert generator.available() == (True, "")
    spec = job(
        prompt=f"(polaroid photo:1.2) of {LONG}",
        width=500,
        height=380,
        count=2,
        params={"steps": 8},
    )
    first = generator.generate(spec)
    again = generator.generate(spec)
    assert [g.image.size for g in first] == [(500, 380)] * 2
    assert first[0].info["device"].startswith("cuda") and first[0].info["prompt_tokens"] > 77
    assert np.abs(pixels(first[0].image) - pixels(again[0].image)).mean() < 1  # same seed
    assert np.abs(pixels(first[0].image) - pixels(first[1].image)).mean() > 5  # next seed
    assert pixels(first[0].image).std() > 10  # a picture, not a black (NaN) frame
    assert cache_info()["loads"] == 1
