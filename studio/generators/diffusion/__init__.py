"""Local diffusion models through Hugging Face diffusers: SD 1.5, SDXL, SDXL-Turbo, SD3, FLUX
and the rest of what diffusers' Auto pipelines load, from a local folder or the hub cache.

    job ──► 1. check the request: sizes, count, steps, guidance, strength
            2. the pipeline: text-to-image, or image-to-image with a reference image; loaded
               once per process and kept (runtime.py)
            3. the scheduler the job names (a diffusers class), on a fresh copy every job
            4. the prompt: `(word:1.3)` weights and prompts of any length, through compel
               (weights.py), as embeddings the pipeline repeats per image
            5. one batched call for `count` images; image i draws its noise from a CPU
               torch.Generator seeded `seed + i`, so the same seed gives the same image in any
               batch and on any device (up to the device's arithmetic)
            6. each image centre-cropped to the exact size when the pipeline needed a multiple
               of 8 (16 for transformer models)

Settings: STUDIO_DIFFUSERS_* in studio/config.py. Needs `pip install 'studio[diffusion]'`.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from studio.config import Settings
from studio.domain import JobSpec
from studio.errors import (
    AttachmentError,
    GeneratorError,
    GeneratorUnavailableError,
    RefusedError,
    SizeError,
)
from studio.generators.base import Capabilities, GeneratedImage, Generator, ProgressFn
from studio.generators.diffusion import runtime
from studio.generators.diffusion.runtime import INSTALL_HINT, cache_info, clear_cache

DEFAULT_STRENGTH = 0.6  # image-to-image: how far from the reference the result may move
MAX_STEPS = 500


@dataclass(frozen=True)
class Request:
    """The job's generation parameters, checked: params first, then settings."""

    steps: int
    guidance: float
    strength: float
    scheduler: str | None = None
    scheduler_options: dict[str, Any] = field(default_factory=dict)


class DiffusersGenerator(Generator):
    """Diffusion pipelines on this machine's GPU (or CPU): weights, negatives, img2img."""

    name = "diffusers"
    capabilities = Capabilities(
        weights=True,
        negative_prompt=True,
        references=True,
        text_quality="poor",
        price_per_image=0.0,
        dialect="sd",
        queue="gpu",
    )

    @property
    def model_name(self) -> str | None:
        return self.settings.diffusers_model

    def available(self) -> tuple[bool, str]:
        missing = runtime.missing_packages()
        if missing:
            return False, f"{', '.join(missing)} not installed — {INSTALL_HINT}"
        settings = self.settings
        ref, why = runtime.locate(settings.diffusers_model, download=settings.diffusers_download)
        if ref is None:
            return False, why
        if (settings.diffusers_device, settings.diffusers_dtype) != ("auto", "auto"):
            try:  # an explicit device or dtype: check it exists here (imports torch)
                runtime.placement(settings)
            except GeneratorUnavailableError as exc:
                return False, str(exc)
        return True, ""

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        settings = self.settings
        # 1. check the request before touching torch
        request = _request(job, settings, image_to_image=bool(references))
        model = job.model or settings.diffusers_model
        missing = runtime.missing_packages()
        if missing:
            raise GeneratorUnavailableError(
                f"{', '.join(missing)} not installed", hint=INSTALL_HINT
            )
        ref, why = runtime.locate(model, download=settings.diffusers_download)
        if ref is None or model is None:
            raise GeneratorUnavailableError(why)
        try:
            with runtime.quiet():
                from studio.generators.diffusion import weights  # noqa: F401 - torch, compel
        except ImportError as exc:  # installed but broken (mismatched versions)
            raise GeneratorUnavailableError(
                f"cannot import {exc.name}: {exc}", hint=INSTALL_HINT
            ) from exc
        where = runtime.placement(settings)
        task = "img2img" if references else "text2img"

        with runtime.PIPELINES.lock, runtime.quiet():
            # 2. the pipeline, loaded once per process
            entry = runtime.PIPELINES.get(
                model=model, ref=ref, task=task, where=where, settings=settings
            )
            try:
                run = _run(entry, job, request, references, progress)
            except Exception as exc:
                if runtime.is_out_of_memory(exc):
                    what = f"generating {job.count} image(s) of {job.width}x{job.height}"
                    raise runtime.out_of_memory(what, where) from exc
                if isinstance(exc, ValueError):  # diffusers' own checks of the arguments
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    raise GeneratorError(f"{model}: {first}") from exc
                raise
        output = run.output

        # 7. the model's safety checker (SD 1.x ships one) blacks out what it flags: a refusal
        flagged = getattr(output, "nsfw_content_detected", None) or []
        if any(flagged):
            which = ", ".join(str(i + 1) for i, hit in enumerate(flagged) if hit)
            raise RefusedError(
                f"the model's safety checker blocked image {which} of {job.count}",
                hint="change the prompt; the checker ships with the model's weights",
            )
        info: dict[str, Any] = {
            "task": task,
            "steps": request.steps,
            "guidance": request.guidance,
            "scheduler": run.scheduler,
            "device": where.device,
            "dtype": where.dtype,
            "prompt_encoding": run.conditioning.method,
            "prompt_tokens": run.conditioning.tokens,
        }
        if task == "img2img":
            info["strength"] = request.strength
            info["reference"] = Path(references[0]).name  # type: ignore[index]
            if len(references) > 1:  # type: ignore[arg-type]
                info["references_unused"] = len(references) - 1  # type: ignore[arg-type]
        if run.size != (job.width, job.height):
            info["generated_size"] = list(run.size)
        if entry.notes:
            info["optimisations"] = list(entry.notes)
        if run.ignored:
            info["ignored"] = run.ignored  # arguments this pipeline does not take
        return [
            GeneratedImage(
                image=_crop(image, job.width, job.height),
                seed=job.seed + i,
                model=model,
                info=dict(info),
            )
            for i, image in enumerate(output.images)
        ]


# --- the steps -------------------------------------------------------------------------------


def _number(params: dict[str, Any], name: str, default: float, kind: type) -> Any:
    value = params.get(name, default)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise GeneratorError(f"params.{name} must be a number, got {value!r}") from None
    if kind is int and number != float(value):
        raise GeneratorError(f"params.{name} must be a whole number, got {value!r}")
    return number


def _request(job: JobSpec, settings: Settings, *, image_to_image: bool) -> Request:
    side = Capabilities().max_side
    if not (8 <= job.width <= side and 8 <= job.height <= side):
        raise SizeError(
            f"width and height must be between 8 and {side}, got {job.width}x{job.height}",
            hint="pick a smaller size or aspect",
        )
    if job.count < 1:
        raise GeneratorError(f"count must be at least 1, got {job.count}")
    params = job.params
    steps = _number(params, "steps", settings.diffusers_steps, int)
    guidance = _number(params, "guidance", settings.diffusers_guidance, float)
    strength = _number(params, "strength", DEFAULT_STRENGTH, float)
    if not 1 <= steps <= MAX_STEPS:
        raise GeneratorError(f"params.steps must be between 1 and {MAX_STEPS}, got {steps}")
    if guidance < 0:
        raise GeneratorError(f"params.guidance must be 0 or more, got {guidance}")
    if not 0 < strength <= 1:
        raise GeneratorError(f"params.strength must be above 0 and at most 1, got {strength}")
    if image_to_image and int(steps * strength) < 1:
        raise GeneratorError(
            f"image-to-image runs steps x strength denoising steps: {steps} x {strength} is "
            "below 1",
            hint="raise params.steps or params.strength",
        )
    scheduler = params.get("scheduler") or None
    options = params.get("scheduler_options") or {}
    if not isinstance(options, dict):
        raise GeneratorError(f"params.scheduler_options must be a mapping, got {options!r}")
    return Request(steps, guidance, strength, str(scheduler) if scheduler else None, options)


@dataclass
class Run:
    output: Any  # the pipeline's output: .images, and .nsfw_content_detected where it checks
    scheduler: str
    conditioning: Any  # weights.Conditioning
    size: tuple[int, int]  # what the pipeline generated, before cropping
    ignored: list[str]


def _run(
    entry: runtime.Loaded,
    job: JobSpec,
    request: Request,
    references: list[Path] | None,
    progress: ProgressFn | None,
) -> Run:
    from studio.generators.diffusion import weights

    pipe = entry.pipe
    # 3. a fresh scheduler: the job's choice, else the model's own
    scheduler = _scheduler(entry, request)
    # 4. a size the pipeline accepts; the images are cropped back to the job's size
    multiple = _multiple(pipe)
    size = (_round_up(job.width, multiple), _round_up(job.height, multiple))
    # 5. the prompt, as embeddings (compel: weights, any length)
    if not entry.encoder_ready:
        entry.encoder = weights.make_encoder(pipe, device=str(pipe._execution_device))
        entry.encoder_ready = True
    conditioning = weights.encode(pipe, entry.encoder, job.prompt, job.negative_prompt)
    # 6. one call for every image, each with its own seeded noise
    call, ignored = _call_arguments(
        pipe, job, request, conditioning.kwargs, size, references, progress
    )
    return Run(pipe(**call), scheduler, conditioning, size, ignored)


def _scheduler(entry: runtime.Loaded, request: Request) -> str:
    """Give the pipeline a new scheduler for this job; returns its class name."""
    import diffusers

    config = entry.scheduler_config
    base = getattr(diffusers, config.get("_class_name", ""), None) or type(entry.pipe.scheduler)
    cls = base
    if request.scheduler:
        compatible = sorted(c.__name__ for c in base.from_config(config).compatibles)
        cls = getattr(diffusers, request.scheduler, None)
        if not (isinstance(cls, type) and request.scheduler in compatible):
            raise GeneratorError(
                f"scheduler {request.scheduler!r} does not fit model {entry.key[0]!r}",
                hint=f"use one of: {', '.join(compatible)}",
            )
    entry.pipe.scheduler = cls.from_config(config, **request.scheduler_options)
    return cls.__name__


def _multiple(pipe: Any) -> int:
    """Pixel sizes must divide by the VAE's scale (8), and transformers' 2x2 patches (16)."""
    scale = int(getattr(pipe, "vae_scale_factor", 8) or 8)
    patches = 2 if getattr(pipe, "transformer", None) is not None else 1
    return max(8, scale * patches)


def _round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def _crop(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    left, top = (image.width - width) // 2, (image.height - height) // 2
    return image.crop((left, top, left + width, top + height))


def _init_image(path: Path, width: int, height: int) -> Image.Image:
    """The reference, upright, RGB, scaled and centre-cropped to cover the generation size."""
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (OSError, ValueError) as exc:
        raise AttachmentError(f"reference image {path.name} cannot be read: {exc}") from exc
    return ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)


def _call_arguments(
    pipe: Any,
    job: JobSpec,
    request: Request,
    conditioning: dict[str, Any],
    size: tuple[int, int],
    references: list[Path] | None,
    progress: ProgressFn | None,
) -> tuple[dict[str, Any], list[str]]:
    """Keyword arguments for pipe(...), keeping only those this pipeline's __call__ takes."""
    import torch

    width, height = size
    seeds = [(job.seed + i) & 0xFFFF_FFFF_FFFF_FFFF for i in range(job.count)]
    call: dict[str, Any] = {
        **conditioning,
        "num_inference_steps": request.steps,
        "guidance_scale": request.guidance,
        "num_images_per_prompt": job.count,
        "generator": [torch.Generator("cpu").manual_seed(s) for s in seeds],
        "height": height,
        "width": width,
        "output_type": "pil",
    }
    if references:
        call["image"] = _init_image(Path(references[0]), width, height)
        call["strength"] = request.strength
    if progress is not None:

        def on_step(pipeline: Any, step: int, timestep: Any, tensors: dict) -> dict:
            progress(step + 1, int(getattr(pipeline, "num_timesteps", 0) or request.steps))
            return tensors

        call["callback_on_step_end"] = on_step
    accepted = inspect.signature(pipe.__call__).parameters
    ignored = sorted(name for name in call if name not in accepted)
    if references:  # most image-to-image pipelines take their size from the image
        ignored = [name for name in ignored if name not in ("height", "width")]
    if "image" in ignored:
        raise GeneratorError(f"{type(pipe).__name__} takes no reference image")
    return {k: v for k, v in call.items() if k in accepted}, ignored


__all__ = ["DiffusersGenerator", "cache_info", "clear_cache"]
