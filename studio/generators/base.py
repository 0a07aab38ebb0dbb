"""The one call every generator shares: `generate(job) -> list[GeneratedImage]`.

A generator is one file: a class with a `name`, declared `capabilities`, and `generate`.
It registers itself with one line in studio/generators/__init__.py.

Settings travel explicitly: a generator is made with the Settings it works under (per
request or per tenant) and reads models, prices and capabilities from `self.settings`, never
from a process-wide global. `get_generator(name, settings)` keeps one warm instance per
(name, settings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from studio import metadata
from studio.domain import JobSpec, Queue
from studio.errors import GeneratorError, SizeError

if TYPE_CHECKING:
    from studio.config import Settings

# progress(step, total) — per denoising step or per image; reaches Studio's progress events.
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Capabilities:
    weights: bool = False  # understands (token:1.3)
    negative_prompt: bool = False
    references: bool = False  # image-to-image / reference images
    max_side: int = 4096
    sizes: tuple[tuple[int, int], ...] = ()  # fixed sizes only (hosted APIs); () = any
    text_quality: str = "none"  # none | poor | good: can it render legible text?
    price_per_image: float = 0.0  # USD
    dialect: str = "natural"  # which prompt dialect it wants
    queue: Queue = "cpu"  # where its jobs run: gpu | api | cpu


@dataclass
class GeneratedImage:
    image: Image.Image
    seed: int
    model: str | None = None
    original: bytes | None = None  # provider bytes kept unmodified (content credentials)
    original_media_type: str | None = None
    cost_usd: float = 0.0
    info: dict = field(default_factory=dict)


class Generator:
    name: str = ""
    capabilities: Capabilities = Capabilities()
    # IPTC digital source type written into outputs; trained model unless a generator says not
    digital_source_type: str = metadata.TRAINED

    def __init__(self, settings: Settings | None = None) -> None:
        """`settings=None` only for tools that inspect class-level metadata (name, queue,
        dialect); anything that reads `self.settings` then says what is missing."""
        self._settings = settings

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise RuntimeError(
                f"{type(self).__name__} was made without settings: pass a Settings, "
                f"or use get_generator({self.name!r}, settings)"
            )
        return self._settings

    def available(self) -> tuple[bool, str]:
        """(usable now?, why not) — keys present, weights found, extra installed."""
        return True, ""

    def check_request(self, job: JobSpec) -> None:
        """The checks every generator makes before spending anything: a size it can make
        and at least one image."""
        side = self.capabilities.max_side
        if not (1 <= job.width <= side and 1 <= job.height <= side):
            raise SizeError(
                f"width and height must be between 1 and {side}, got {job.width}x{job.height}",
                hint="pick a smaller size or aspect",
            )
        if job.count < 1:
            raise GeneratorError(f"count must be at least 1, got {job.count}")

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        """`job.count` images of exactly job.width x job.height; seed of image i is job.seed + i."""
        raise NotImplementedError
