"""What the hosted generators (openai_gen.py, gemini_gen.py) share: keys and base URLs from the
environment, the provider's sizes for a job's aspect, the exact-size crop, reference images
as bytes, prices, and ONE classification of provider failures into Studio's error tree.

    provider HTTP status / SDK error ──classify()──► StudioError
        refusal (policy)            RefusedError               final, never retried
        quota used up               QuotaExhaustedError        park the job
        429                         RateLimitedError           retry after Retry-After
        5xx, 408, timeouts, resets  TransientGeneratorError    retry with backoff
        401, 403, 404 model         GeneratorUnavailableError  check the key / model
        other 4xx                   GeneratorError             a bad request: fix, not retry

The SDKs' own retries are switched off (max_retries=0 / HttpRetryOptions(attempts=1)); the
executor owns retrying, so a failure is classified here once and `retryable`/`retry_after`
tell the executor what to do.

Keys: read from the environment (or the working directory's `.env`, the file Settings reads),
handed straight to the SDK client, and never stored in Settings, logged, or put into a message:
every provider message passes through `redact()` first.
"""

from __future__ import annotations

import io
import math
import os
import re
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from studio.config import Settings
from studio.errors import (
    GeneratorError,
    GeneratorUnavailableError,
    QuotaExhaustedError,
    RateLimitedError,
    RefusedError,
    TransientGeneratorError,
)
from studio.generators.base import Capabilities

SEED_NOTE = "hosted API: the provider takes no seed; recorded for the manifest only"
MAX_MESSAGE_CHARS = 300  # of a provider's message quoted in an error

# --- keys and base URLs ----------------------------------------------------------------------


def provider_env(*names: str) -> str | None:
    """First non-empty value among `names`: the process environment first, then `.env` in
    the working directory (read, never copied into os.environ)."""
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    dotenv = _dotenv()
    for name in names:
        value = (dotenv.get(name) or "").strip()
        if value:
            return value
    return None


def _dotenv() -> Mapping[str, str | None]:
    path = Path(".env")
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # installed with pydantic-settings

    return dotenv_values(path)


def no_key(*names: str) -> str:
    """The line a user sees when a key is missing."""
    first, *others = names
    also = f" (or {' or '.join(others)})" if others else ""
    return f"No key found — set {first}{also} or add it to .env"


def missing_sdk(package: str) -> str:
    return f"the {package} package is not installed — pip install 'studio[hosted]'"


# Key-shaped strings a provider may echo back (OpenAI masks all but a few characters, which
# is still more than a manifest should hold).
_KEY_PATTERNS = (
    re.compile(r"\bsk-[A-Za-z0-9_\-*.]{4,}"),  # OpenAI
    re.compile(r"\bAIza[0-9A-Za-z_\-]{10,}"),  # Google
)


def redact(text: str, *secrets: str | None) -> str:
    """`text` with every secret, and anything shaped like a provider key, replaced by ***."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    for pattern in _KEY_PATTERNS:
        text = pattern.sub("***", text)
    return text


def short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


class SettingsCapabilities:
    """`capabilities` computed from the instance's own settings (the configured model decides
    the sizes and the price). Read on the class it is this descriptor, not a Capabilities:
    what a hosted generator can do depends on the settings it was made with."""

    def __init__(self, build: Callable[[Settings], Capabilities]) -> None:
        self.build = build

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return self.build(obj.settings)


# --- prices ----------------------------------------------------------------------------------


def price_per_image(settings: Settings, generator: str, model: str, default: float) -> float:
    """USD per image: STUDIO_PRICES "generator:model", then "generator", then `default`."""
    table = getattr(settings, "prices", None) or {}
    for key in (f"{generator}:{model}", generator):
        if key in table:
            return float(table[key])
    return default


# --- sizes -----------------------------------------------------------------------------------


def nearest_size(width: int, height: int, sizes: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The size whose aspect is closest to width:height (compared as log ratios, so 2:1 and
    1:2 are equally far from 1:1); on a tie, the larger one."""
    want = math.log(width / height)
    return min(sizes, key=lambda s: (abs(math.log(s[0] / s[1]) - want), -s[0] * s[1]))


def nearest_aspect(width: int, height: int, ratios: tuple[str, ...]) -> str:
    """The "W:H" string closest to width:height, e.g. 1920x1080 -> "16:9"."""

    def value(ratio: str) -> tuple[int, int]:
        w, h = ratio.split(":")
        return int(w), int(h)

    sizes = {value(r): r for r in ratios}
    return sizes[nearest_size(width, height, tuple(sizes))]


def flexible_size(
    width: int,
    height: int,
    *,
    multiple: int = 16,
    min_pixels: int = 1024 * 1024,
    max_pixels: int = 2560 * 1440,
    max_ratio: float = 3.0,
    max_side: int = 3840,
) -> tuple[int, int]:
    """A size for models that take any WIDTHxHEIGHT: the job's aspect (clamped to
    1:max_ratio..max_ratio:1), about the job's area kept between min_pixels and max_pixels,
    each side a multiple of `multiple`."""
    ratio = min(max(width / height, 1 / max_ratio), max_ratio)
    area = min(max(width * height, min_pixels), max_pixels)
    h = math.sqrt(area / ratio)
    w = h * ratio

    def snap(x: float) -> int:
        return max(multiple, min(max_side, int(round(x / multiple)) * multiple))

    return snap(w), snap(h)


def parse_size(text: str) -> tuple[int, int]:
    w, h = text.lower().split("x")
    return int(w), int(h)


def cover_fit(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale to cover width x height and crop the centre: the exact deliverable size, no
    padding, nothing stretched."""
    if image.size == (width, height):
        return image.copy()
    return ImageOps.fit(image, (width, height), method=Image.Resampling.LANCZOS)


def decode_image(data: bytes, *, provider: str) -> Image.Image:
    """Provider bytes as a loaded PIL image; unreadable bytes are a malformed response."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise TransientGeneratorError(
            f"{provider} returned image data that is not a readable image ({type(exc).__name__})",
            hint="a malformed response; Studio retries it",
        ) from None
    return image


# --- reference images ------------------------------------------------------------------------

_SENDABLE = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def reference_bytes(
    path: Path, *, max_side: int = 2048, max_bytes: int = 8 * 1024 * 1024
) -> tuple[bytes, str]:
    """(bytes, media type) of a reference image to upload: the file itself when it is a PNG,
    JPEG or WebP of sensible size, else a PNG re-encoded at most max_side on its long side."""
    try:
        raw = Path(path).read_bytes()
        with Image.open(io.BytesIO(raw)) as image:
            fmt = image.format or ""
            if fmt in _SENDABLE and max(image.size) <= max_side and len(raw) <= max_bytes:
                return raw, _SENDABLE[fmt]
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            if image.mode not in ("RGB", "RGBA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            return out.getvalue(), "image/png"
    except (OSError, UnidentifiedImageError) as exc:
        raise GeneratorError(
            f"reference image {Path(path).name} cannot be read ({type(exc).__name__})",
            hint="attach a PNG, JPEG or WebP file",
        ) from None


# --- errors ----------------------------------------------------------------------------------


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `Retry-After` (seconds or an HTTP date)."""
    if not headers:
        return None
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    try:
        if "retry-after-ms" in lower:
            return max(0.0, float(lower["retry-after-ms"]) / 1000)
    except ValueError:
        pass
    value = lower.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def parse_duration(text: str | None) -> float | None:
    """A protobuf Duration as JSON ("33s", "1.5s") in seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)s\s*", text or "")
    return float(match.group(1)) if match else None


def classify(
    *,
    provider: str,
    status: int | None,
    message: str,
    key_env: str,
    model: str,
    model_env: str,
    retry_after: float | None = None,
    refused: bool = False,
    quota: bool = False,
) -> GeneratorError:
    """One provider failure as the Studio error the executor acts on. `message` must already
    be redacted; `refused` and `quota` are the provider-specific verdicts."""
    said = f": {short(message)}" if message else ""
    code = f" ({status})" if status else ""
    if refused:
        return RefusedError(
            f"{provider} refused the request{said}",
            hint="rephrase the brief or pick another template; a refusal is not retried",
        )
    if quota:
        return QuotaExhaustedError(
            f"{provider} quota is used up{code}{said}",
            hint=f"add credit or raise the quota for {key_env}'s account, then run again",
        )
    if status == 429:
        wait = f"after {retry_after:g} s" if retry_after is not None else "with backoff"
        return RateLimitedError(
            f"{provider} rate limit{code}{said}",
            retry_after=retry_after,
            hint=f"Studio retries {wait}",
        )
    if status in (401, 403):
        what = "rejected the key" if status == 401 else "refused access"
        detail = "" if status == 401 else said  # a 401 may echo part of the key: say nothing
        return GeneratorUnavailableError(
            f"{provider} {what}{code}{detail}",
            hint=f"check {key_env} (and that its account may use {model})",
        )
    if status == 404:
        return GeneratorUnavailableError(
            f"{provider} does not know model {model!r}{code}{said}",
            hint=f"set {model_env} to a model this key can use",
        )
    if status is None or status == 408 or status >= 500:
        return TransientGeneratorError(
            f"{provider} failed{code}{said}", hint="a provider-side error; Studio retries it"
        )
    return GeneratorError(f"{provider} rejected the request{code}{said}")


def transport_error(exc: BaseException, *, provider: str, timeout_s: float) -> GeneratorError:
    """A timeout or a connection that failed before any HTTP status: worth another try."""
    if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower():
        return TransientGeneratorError(
            f"{provider} did not answer within {timeout_s:g} s",
            hint="Studio retries it; raise STUDIO_HOSTED_TIMEOUT_S for slow, large images",
        )
    return TransientGeneratorError(
        f"could not reach {provider} ({type(exc).__name__})",
        hint="check the network, or the base URL variable if you use a gateway",
    )


def is_transport_error(exc: BaseException) -> bool:
    """httpx / httpx2 / requests connection and timeout errors, by class, without importing
    a client library the SDK did not load."""
    for cls in type(exc).__mro__:
        package = (cls.__module__ or "").split(".")[0]
        if package in ("httpx", "httpx2") and cls.__name__ == "TransportError":
            return True
        if package == "requests" and cls.__name__ in ("ConnectionError", "Timeout"):
            return True
    return False
