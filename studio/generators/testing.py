"""Generators for tests and benchmarks, registered only with STUDIO_TEST_GENERATORS=1 (never
in production: `poison` kills the process that runs it).

    delay    sleeps params["delay_ms"] (default 200) per image, standing in for a GPU, and
             draws a simple deterministic image (same seed, same bytes); params["noise"]:
             RGB noise instead (incompressible: what encoding a real photo costs), made
             within the delay
    fail     a permanent GeneratorError for jobs whose index is in params["fail_indices"];
             other jobs draw like `delay`
    flaky    a transient error on the first params["fail_times"] calls (default 2), counted in
             a file per job id so it holds across the worker processes of one host;
             params["retry_after"] makes it a RateLimitedError carrying that many seconds
    poison   os.kill(own pid, SIGKILL), every time: a job that kills its worker
    lettering  a text-capable model (text_quality "good"): letters the job's
             params["spell"] strings on a plain board, misspelling params["misspell"]
             (a word) on its first params["misspell_times"] calls (default: every call);
             counts its calls per job id like `flaky`

Plans target them with `--generator NAME` (params then take their defaults) or, in tests, by
setting JobSpec.generator and params directly.
"""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from studio import metadata
from studio.domain import JobSpec
from studio.errors import GeneratorError, RateLimitedError, TransientGeneratorError
from studio.generators.base import Capabilities, GeneratedImage, Generator, ProgressFn

MODEL = "test-pattern-v1"


def draw(job: JobSpec, seed: int) -> Image.Image:
    """A flat colour and a bar, both from the seed and the prompt: deterministic and cheap."""
    digest = hashlib.sha256(f"{seed}:{job.prompt}".encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    bg, fg = (tuple(int(c) for c in rng.integers(0, 256, 3)) for _ in range(2))
    image = Image.new("RGB", (job.width, job.height), bg)
    x = int(rng.integers(0, max(1, job.width // 2)))
    ImageDraw.Draw(image).rectangle(
        [x, job.height // 3, x + job.width // 3, 2 * job.height // 3], fill=fg
    )
    return image


def noise(job: JobSpec, seed: int) -> Image.Image:
    """Uniform RGB noise from the seed (deterministic)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (job.height, job.width, 3), dtype=np.uint8))


class DelayGenerator(Generator):
    name = "delay"
    capabilities = Capabilities(references=True, queue="cpu")
    digital_source_type = metadata.ALGORITHMIC

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        self.check_request(job)
        delay = float(job.params.get("delay_ms", 200)) / 1000
        images = []
        for i in range(job.count):
            started = time.perf_counter()
            image = noise(job, job.seed + i) if job.params.get("noise") else draw(job, job.seed + i)
            time.sleep(max(0.0, delay - (time.perf_counter() - started)))
            images.append(
                GeneratedImage(
                    image=image,
                    seed=job.seed + i,
                    model=MODEL,
                    info={"delay_s": delay},
                )
            )
            if progress is not None:
                progress(i + 1, job.count)
        return images


class FailGenerator(DelayGenerator):
    name = "fail"

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        if job.index in set(job.params.get("fail_indices", [0])):
            raise GeneratorError(
                f"simulated permanent failure of job index {job.index}",
                hint="the `fail` test generator fails these on purpose",
            )
        return super().generate(job, references=references, progress=progress)


class FlakyGenerator(DelayGenerator):
    name = "flaky"

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        attempt = _count_call(job.id)
        if attempt <= int(job.params.get("fail_times", 2)):
            message = f"simulated transient failure, attempt {attempt}"
            if job.params.get("retry_after") is not None:
                raise RateLimitedError(message, retry_after=float(job.params["retry_after"]))
            raise TransientGeneratorError(message)
        return super().generate(job, references=references, progress=progress)


def _count_call(job_id: str) -> int:
    """Calls so far for this job, this one included, across the processes of one host: one
    byte appended per call to a file named after the (unique) job id."""
    folder = Path(tempfile.gettempdir()) / "studio-flaky"
    folder.mkdir(exist_ok=True)
    fd = os.open(folder / job_id, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, b".")
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


class PoisonGenerator(DelayGenerator):
    name = "poison"

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")  # pragma: no cover


class LetteringGenerator(DelayGenerator):
    name = "lettering"
    capabilities = Capabilities(text_quality="good", queue="cpu")

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        from studio.compose.lettering import draw_fitted, fit

        self.check_request(job)
        call = _count_call(f"lettering-{job.id}")
        wrong = str(job.params.get("misspell") or "")
        times = job.params.get("misspell_times")
        misspell = bool(wrong) and (times is None or call <= int(times))
        strings = [str(s) for s in job.params.get("spell", [])]
        image = Image.new("RGB", (job.width, job.height), (250, 250, 247))
        pen = ImageDraw.Draw(image)
        row = job.height / max(1, len(strings))
        for i, text in enumerate(strings):
            if misspell and wrong in text:  # drop a letter, as models do: "eggs" -> "egs"
                text = text.replace(wrong, wrong[:-2] + wrong[-1], 1)
            box = (20, int(i * row) + 4, job.width - 20, int((i + 1) * row) - 4)
            fitted = fit(text, box[2] - box[0], box[3] - box[1], max_size=40, min_size=10)
            draw_fitted(pen, fitted, box, (20, 20, 20), valign="middle")
        return [
            GeneratedImage(image=image, seed=job.seed, model="lettering-v1", info={"call": call})
        ]


ALL = (DelayGenerator, FailGenerator, FlakyGenerator, PoisonGenerator, LetteringGenerator)


def enabled() -> bool:
    from studio.config import Settings

    try:
        return Settings().test_generators
    except Exception:  # a broken setting elsewhere is reported where it is used, not here
        return os.environ.get("STUDIO_TEST_GENERATORS", "").lower() in ("1", "true", "yes")


def register_all() -> None:
    """Tests and benchmarks in one process can call this directly."""
    from studio.generators import register

    for cls in ALL:
        register(cls)


def register_if_enabled() -> None:
    if enabled():
        register_all()
