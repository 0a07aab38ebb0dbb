"""Where a diffusion pipeline comes from, where it runs, and how long it stays loaded.

    STUDIO_DIFFUSERS_MODEL ──locate()──► a diffusers folder, or a hub id in the local cache
    STUDIO_DIFFUSERS_DEVICE/DTYPE ──placement()──► ("cuda", "bfloat16"), ("mps", "float16"), ...
    (model, task, device, dtype) ──PIPELINES.get()──► a loaded, placed, optimised pipeline

Loading a model takes seconds to minutes, so a worker process keeps its pipelines in a small
LRU cache (STUDIO_DIFFUSERS_CACHE_SIZE). Text-to-image and image-to-image pipelines of one model
share their weights: the second is made from the first with `from_pipe`, not loaded again.
torch and diffusers are imported only here and only when a pipeline is needed, so a base
install (no torch) imports this module and reports the generator as not installed.
"""

from __future__ import annotations

import gc
import importlib.util
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.errors import GeneratorUnavailableError, TransientGeneratorError

INSTALL_HINT = "install the diffusion extra: pip install 'studio[diffusion]'"
MODEL_HINT = (
    "set STUDIO_DIFFUSERS_MODEL=/path/to/model (a diffusers folder with model_index.json) "
    "or to a hub id already in the local Hugging Face cache"
)
REQUIRED = ("torch", "diffusers", "transformers", "accelerate", "compel")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def missing_packages() -> list[str]:
    """The diffusion extra's packages that are not installed (found without importing)."""
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


# --- where the weights are -------------------------------------------------------------------


def locate(model: str | None, *, download: bool = False) -> tuple[str | None, str]:
    """(what to pass to from_pretrained, why not): a local folder first, then a hub id."""
    if not model:
        return None, f"no diffusion model configured — {MODEL_HINT}"
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "model_index.json").is_file():
            return None, (
                f"{path} is not a diffusers model folder (no model_index.json) — {MODEL_HINT}"
            )
        return str(path.resolve()), ""
    if not _HUB_ID.match(model):
        return None, f"model folder {path} does not exist — {MODEL_HINT}"
    if download:
        return model, ""
    from huggingface_hub import try_to_load_from_cache

    if isinstance(try_to_load_from_cache(model, "model_index.json"), str):
        return model, ""
    return None, (
        f"{model} is not in the local Hugging Face cache — download it first "
        f"(hf download {model}), {MODEL_HINT}, or set STUDIO_DIFFUSERS_DOWNLOAD=true"
    )


# --- where it runs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    device: str  # cpu | mps | cuda | cuda:N
    dtype: str  # float32 | float16 | bfloat16

    @property
    def accelerator(self) -> bool:
        return self.device != "cpu"


def placement(settings: Settings) -> Placement:
    """The device and dtype to run on: CUDA bf16 (fp16 without bf16), MPS fp16, CPU fp32."""
    import torch

    device = settings.diffusers_device
    if device == "auto":
        if torch.cuda.is_available():
            device = "cuda"
        elif torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
    elif device.startswith("cuda") and not torch.cuda.is_available():
        raise GeneratorUnavailableError(
            f"STUDIO_DIFFUSERS_DEVICE={device}, but torch {torch.__version__} sees no CUDA device",
            hint="install a CUDA build of torch, or set STUDIO_DIFFUSERS_DEVICE=auto",
        )
    elif device == "mps" and not torch.backends.mps.is_available():
        raise GeneratorUnavailableError(
            "STUDIO_DIFFUSERS_DEVICE=mps, but this torch has no Apple MPS device",
            hint="set STUDIO_DIFFUSERS_DEVICE=auto",
        )
    dtype = settings.diffusers_dtype
    if dtype == "auto":
        if device.startswith("cuda"):
            dtype = "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
        else:
            dtype = "float16" if device == "mps" else "float32"
    elif dtype == "float16" and device == "cpu":
        raise GeneratorUnavailableError(
            "STUDIO_DIFFUSERS_DTYPE=float16 needs a GPU", hint="use float32 or bfloat16 on CPU"
        )
    return Placement(device, dtype)


def is_out_of_memory(exc: BaseException) -> bool:
    import torch

    if isinstance(exc, getattr(torch, "OutOfMemoryError", torch.cuda.OutOfMemoryError)):
        return True  # torch.OutOfMemoryError since 2.5; CUDA's own class before
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and (
        "out of memory" in text or "can't allocate memory" in text
    )


def out_of_memory(what: str, where: Placement) -> TransientGeneratorError:
    free_memory()
    return TransientGeneratorError(
        f"out of memory {what} on {where.device} ({where.dtype})",
        hint="fewer images per job or a smaller size, or set STUDIO_DIFFUSERS_CPU_OFFLOAD=model "
        "and STUDIO_DIFFUSERS_VAE_TILING=true",
    )


def free_memory() -> None:
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    if torch.backends.mps.is_available():
        torch.mps.empty_cache()


@contextmanager
def quiet() -> Iterator[None]:
    """Keep diffusers' and transformers' chatter off the user's terminal while a job loads and
    runs: loading progress bars, notes about optional backends, and the tokenizer's "longer
    than 77 tokens" warning, which compel's chunking makes moot. Errors still raise."""
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    libraries = (diffusers_logging, transformers_logging)
    before = [(lib.get_verbosity(), lib.is_progress_bar_enabled()) for lib in libraries]
    for lib in libraries:
        lib.set_verbosity_error()
        lib.disable_progress_bar()
    try:
        yield
    finally:
        for lib, (level, bars) in zip(libraries, before, strict=True):
            lib.set_verbosity(level)
            if bars:
                lib.enable_progress_bar()


# --- loading and keeping pipelines -----------------------------------------------------------


@dataclass
class Loaded:
    """One cached pipeline and what generation needs to know about it."""

    pipe: Any
    key: tuple[str, str, str, str]  # (model, task, device, dtype)
    scheduler_config: dict[str, Any]  # the model's own scheduler, restored for every job
    encoder: Any = None  # the compel wrapper, made on first use
    encoder_ready: bool = False
    notes: list[str] = field(default_factory=list)


def _dtype_kwarg() -> str:
    # diffusers renamed from_pretrained(torch_dtype=) to dtype= in 2026; older ones know only
    # torch_dtype, newer ones warn on it
    from diffusers.pipelines import pipeline_utils

    return "dtype" if hasattr(pipeline_utils, "_resolve_dtype") else "torch_dtype"


def denoiser(pipe: Any) -> Any:
    return getattr(pipe, "unet", None) or getattr(pipe, "transformer", None)


class PipelineCache:
    """LRU of loaded pipelines keyed by (model, task, device, dtype); one per worker process.

    `lock` is held for a whole generation: one process drives one accelerator, and a job swaps
    the scheduler of a pipeline it shares with others."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._entries: OrderedDict[tuple[str, str, str, str], Loaded] = OrderedDict()
        self._offloaded: Loaded | None = None  # the pipeline the offload hooks belong to
        self.loads = 0  # from_pretrained calls
        self.derived = 0  # pipelines made from a loaded one (shared weights)
        self.hits = 0

    def info(self) -> dict[str, Any]:
        return {
            "loads": self.loads,
            "derived": self.derived,
            "hits": self.hits,
            "entries": [list(key) for key in self._entries],
        }

    def loaded(self) -> list[Loaded]:
        """The cached pipelines, least recently used first."""
        return list(self._entries.values())

    def clear(self) -> None:
        with self.lock:
            had = bool(self._entries)
            self._entries.clear()
            self._offloaded = None
            self.loads = self.derived = self.hits = 0
            if had:
                free_memory()

    def get(
        self, *, model: str, ref: str, task: str, where: Placement, settings: Settings
    ) -> Loaded:
        key = (model, task, where.device, where.dtype)
        with self.lock:
            entry = self._entries.get(key)
            if entry is not None:
                self.hits += 1
                self._entries.move_to_end(key)
            else:
                sibling = next(
                    (e for k, e in self._entries.items() if k[0] == model and k[2:] == key[2:]),
                    None,
                )
                entry = self._derive(sibling, key) if sibling else self._load(ref, key, settings)
                self._entries[key] = entry
                while len(self._entries) > settings.diffusers_cache_size:
                    _, evicted = self._entries.popitem(last=False)
                    if self._offloaded is evicted:
                        self._offloaded = None
                    del evicted
                    free_memory()
            self._activate(entry, where, settings)
            return entry

    def _load(self, ref: str, key: tuple[str, str, str, str], settings: Settings) -> Loaded:
        import torch
        from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image

        model, task, device, dtype = key
        auto = AutoPipelineForText2Image if task == "text2img" else AutoPipelineForImage2Image
        kwargs: dict[str, Any] = {
            _dtype_kwarg(): getattr(torch, dtype),
            "local_files_only": not settings.diffusers_download,
        }
        if settings.diffusers_variant:
            kwargs["variant"] = settings.diffusers_variant
        where = Placement(device, dtype)
        try:
            pipe = auto.from_pretrained(ref, **kwargs)
        except Exception as exc:
            if is_out_of_memory(exc):
                raise out_of_memory(f"loading {model}", where) from exc
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise GeneratorUnavailableError(
                f"could not load diffusion model {model!r} for {task}: {first}", hint=MODEL_HINT
            ) from exc
        self.loads += 1
        entry = Loaded(pipe=pipe, key=key, scheduler_config=dict(pipe.scheduler.config))
        self._optimise(entry, where, settings)
        return entry

    def _derive(self, sibling: Loaded, key: tuple[str, str, str, str]) -> Loaded:
        """The other task's pipeline over the same modules: no second copy of the weights."""
        from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image

        model, task = key[0], key[1]
        auto = AutoPipelineForText2Image if task == "text2img" else AutoPipelineForImage2Image
        try:
            pipe = auto.from_pipe(sibling.pipe)
        except ValueError as exc:
            raise GeneratorUnavailableError(
                f"diffusion model {model!r} has no {task} pipeline in diffusers: {exc}"
            ) from exc
        self.derived += 1
        pipe.set_progress_bar_config(disable=True)
        return Loaded(
            pipe=pipe,
            key=key,
            scheduler_config=dict(sibling.scheduler_config),
            notes=list(sibling.notes),
        )

    def _optimise(self, entry: Loaded, where: Placement, settings: Settings) -> None:
        import torch

        pipe, notes = entry.pipe, entry.notes
        pipe.set_progress_bar_config(disable=True)
        net, vae = denoiser(pipe), getattr(pipe, "vae", None)
        # 1. attention: diffusers uses PyTorch SDPA by default; off = the classic processors
        if not settings.diffusers_sdpa:
            for module in (net, vae):
                with suppress(AttributeError, ValueError):  # no such switch on this model
                    module.set_default_attn_processor()
            notes.append("attention: classic")
        # 2. memory layout for convolutions (UNet, VAE)
        if settings.diffusers_channels_last:
            for module in (net, vae):
                if module is not None:
                    module.to(memory_format=torch.channels_last)
            notes.append("channels_last")
        # 3. placement: on the device, or offloaded to RAM and moved in when used
        if settings.diffusers_cpu_offload != "none" and where.accelerator:
            notes.append(f"cpu offload: {settings.diffusers_cpu_offload}")
        else:
            if settings.diffusers_cpu_offload != "none":
                notes.append("cpu offload ignored on cpu")
            pipe.to(where.device)
        # 4. tiled VAE decoding: large images in bounded memory
        if settings.diffusers_vae_tiling and vae is not None and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()
            notes.append("vae tiling")
        # 5. compile the denoiser; regional (its repeated blocks) where the model declares them
        if settings.diffusers_compile and net is not None:
            if getattr(net, "_repeated_blocks", None):
                net.compile_repeated_blocks(fullgraph=True)
            else:
                net.compile()
            notes.append("torch.compile")

    def _activate(self, entry: Loaded, where: Placement, settings: Settings) -> None:
        """CPU offload hooks sit on the shared modules: (re)attach them for the pipeline about
        to run when it is not the one they were attached for."""
        mode = settings.diffusers_cpu_offload
        if mode == "none" or not where.accelerator or self._offloaded is entry:
            return
        if mode == "model":
            entry.pipe.enable_model_cpu_offload(device=where.device)
        else:
            entry.pipe.enable_sequential_cpu_offload(device=where.device)
        self._offloaded = entry


PIPELINES = PipelineCache()


def cache_info() -> dict[str, Any]:
    """loads (from_pretrained calls), derived (from_pipe), hits, entries [(model, task, ...)]."""
    return PIPELINES.info()


def clear_cache() -> None:
    PIPELINES.clear()
