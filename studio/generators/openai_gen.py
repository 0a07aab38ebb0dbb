"""OpenAI's GPT Image models through the official SDK: `images.generate`, or `images.edit`
when the job has reference images.

    job ──► size for the model (standard sizes, or any WxH for gpt-image-2 and later)
        ──► images.generate / images.edit, n ≤ 10 per call, SDK retries off
        ──► b64_json ──► original bytes kept ──► cover-crop to job.width x job.height

Model, quality, background, output format and moderation come from settings
(STUDIO_OPENAI_*); a job's own `model` wins, and `params["quality"]` / `params["background"]`
may override per template. The key is OPENAI_API_KEY and the endpoint OPENAI_BASE_URL (any
OpenAI-compatible gateway), both from the environment or `.env`. Failures are classified once,
in hosted.classify(): the executor retries, not this file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import JobSpec
from studio.errors import GeneratorError, GeneratorUnavailableError
from studio.errors import TransientGeneratorError as Transient
from studio.generators import hosted
from studio.generators.base import Capabilities, GeneratedImage, Generator, ProgressFn

PROVIDER = "OpenAI"
KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
MODEL_ENV = "STUDIO_OPENAI_IMAGE_MODEL"

STANDARD_SIZES = ((1024, 1024), (1536, 1024), (1024, 1536))  # every GPT Image model
FLEXIBLE_MODELS = ("gpt-image-2",)  # prefixes: any WxH, sides % 16, aspect 1:3..3:1
MAX_PER_CALL = 10  # `n`
MAX_REFERENCES = 16
# USD per image when STUDIO_PRICES lists neither "openai:<model>" nor "openai":
# gpt-image-2, medium quality, 1024x1024 (OpenAI's published example).
DEFAULT_PRICE = 0.053
REFUSAL_CODES = {"moderation_blocked", "content_policy_violation"}
QUOTA_CODES = {"insufficient_quota", "billing_hard_limit_reached", "billing_not_active"}


def is_flexible(model: str) -> bool:
    return model.startswith(FLEXIBLE_MODELS)


def request_size(model: str, width: int, height: int) -> tuple[int, int]:
    """What to ask the provider for: the job's aspect where the model takes any size, else
    the nearest standard size (the result is cover-cropped to the exact size either way)."""
    if is_flexible(model):
        return hosted.flexible_size(width, height)
    return hosted.nearest_size(width, height, STANDARD_SIZES)


def _capabilities(settings: Settings) -> Capabilities:
    model = settings.openai_image_model
    return Capabilities(
        weights=False,
        negative_prompt=False,
        references=True,
        sizes=() if is_flexible(model) else STANDARD_SIZES,
        text_quality="good",
        price_per_image=hosted.price_per_image(settings, "openai", model, DEFAULT_PRICE),
        dialect="natural",
        queue="api",
    )


def _token_prices(settings: Settings, model: str) -> dict[str, float] | None:
    """USD per 1M tokens for `model` (or the model it is a dated snapshot of)."""
    for name, prices in settings.openai_token_prices.items():
        if model == name or model.startswith(name + "-"):
            return prices
    return None


def _usage_cost(usage: Any, prices: dict[str, float] | None) -> float | None:
    """USD for one call from the response's token usage, or None when it cannot be priced."""
    if usage is None or not prices:
        return None
    details = getattr(usage, "input_tokens_details", None)
    text_in = details.text_tokens if details else usage.input_tokens
    image_in = details.image_tokens if details else 0
    return (
        text_in * prices.get("text_in", 0.0)
        + image_in * prices.get("image_in", 0.0)
        + usage.output_tokens * prices.get("image_out", 0.0)
    ) / 1_000_000


class OpenAIGenerator(Generator):
    """gpt-image-* over the Images API. `http_client` (an httpx2.Client) is the transport
    seam: gateways and tests plug in there; by default the SDK makes its own."""

    name = "openai"
    capabilities = hosted.SettingsCapabilities(_capabilities)

    def __init__(self, settings: Settings | None = None, *, http_client: Any = None) -> None:
        super().__init__(settings)
        self._http_client = http_client
        self._client: Any = None
        self._client_config: tuple | None = None

    @property
    def model_name(self) -> str:
        return self.settings.openai_image_model

    def available(self) -> tuple[bool, str]:
        if find_spec("openai") is None:
            return False, hosted.missing_sdk("openai")
        if not hosted.provider_env(KEY_ENV):
            return False, hosted.no_key(KEY_ENV)
        return True, ""

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        settings = self.settings
        model = job.model or settings.openai_image_model
        references = list(references or [])
        # 1. check the request
        self.check_request(job)
        if not job.prompt.strip():
            raise GeneratorError("the prompt is empty")
        if len(references) > MAX_REFERENCES:
            raise GeneratorError(
                f"{model} takes at most {MAX_REFERENCES} reference images, got {len(references)}",
                hint="attach fewer reference images",
            )
        quality = job.params.get("quality") or settings.openai_image_quality
        background = job.params.get("background") or settings.openai_image_background
        output_format = settings.openai_output_format
        if background == "transparent" and output_format == "jpeg":
            raise GeneratorError(
                "a transparent background needs png or webp output, got jpeg",
                hint="set STUDIO_OPENAI_OUTPUT_FORMAT=png (or webp)",
            )
        # 2. the request: one set of arguments for every call of this job
        client, key = self._client_for(settings)
        width, height = request_size(model, job.width, job.height)
        args: dict[str, Any] = {
            "model": model,
            "prompt": job.prompt,
            "size": f"{width}x{height}",
            "quality": quality,
            "background": background,
            "output_format": output_format,
        }
        if references:
            endpoint = "images.edit"
            args["image"] = [(Path(p).name, *hosted.reference_bytes(Path(p))) for p in references]
            call = client.images.edit
        else:
            endpoint = "images.generate"
            args["moderation"] = settings.openai_moderation
            call = client.images.generate
        price = hosted.price_per_image(settings, "openai", model, DEFAULT_PRICE)
        token_prices = _token_prices(settings, model)
        # 3. up to 10 images a call until the job has its count
        images: list[GeneratedImage] = []
        while len(images) < job.count:
            n = min(MAX_PER_CALL, job.count - len(images))
            response = self._call(call, {**args, "n": n}, key=key, model=model, settings=settings)
            data = self._check(response)
            usage_cost = _usage_cost(getattr(response, "usage", None), token_prices)
            fmt = getattr(response, "output_format", None) or output_format
            for item in data[: job.count - len(images)]:
                raw = _decode_b64(item)
                picture = hosted.decode_image(raw, provider=PROVIDER)
                i = len(images)
                info = {
                    "provider": "openai",
                    "endpoint": endpoint,
                    "requested_size": f"{width}x{height}",
                    "returned_size": f"{picture.width}x{picture.height}",
                    "upscaled": picture.width < job.width or picture.height < job.height,
                    "quality": quality,
                    "background": background,
                    "references": len(references),
                    "cost_source": "usage" if usage_cost is not None else "price_table",
                    "seed_note": hosted.SEED_NOTE,
                }
                if getattr(item, "revised_prompt", None):
                    info["revised_prompt"] = item.revised_prompt
                if getattr(response, "usage", None) is not None:
                    info["usage"] = response.usage.model_dump(exclude_none=True)
                if job.negative_prompt:
                    info["negative_prompt_ignored"] = True  # the natural dialect folds it in
                images.append(
                    GeneratedImage(
                        image=hosted.cover_fit(picture, job.width, job.height),
                        seed=job.seed + i,
                        model=model,
                        original=raw,
                        original_media_type=f"image/{fmt}",
                        cost_usd=usage_cost / len(data) if usage_cost is not None else price,
                        info=info,
                    )
                )
            if progress is not None:
                progress(len(images), job.count)
        return images

    # --- the SDK, and everything that can go wrong with it -----------------------------------

    def _client_for(self, settings: Settings) -> tuple[Any, str]:
        """One SDK client per (key, base URL, timeout), kept between jobs for its connections."""
        try:
            import openai
        except ImportError:
            raise GeneratorUnavailableError(hosted.missing_sdk("openai")) from None
        key = hosted.provider_env(KEY_ENV)
        if not key:
            raise GeneratorUnavailableError(hosted.no_key(KEY_ENV))
        base_url = hosted.provider_env(BASE_URL_ENV)  # None: the SDK's default endpoint
        config = (hashlib.sha256(key.encode()).hexdigest(), base_url, settings.hosted_timeout_s)
        if self._client is None or self._client_config != config:
            self._client = openai.OpenAI(
                api_key=key,
                base_url=base_url,
                timeout=settings.hosted_timeout_s,
                max_retries=0,  # Studio's executor retries, after classifying once
                http_client=self._http_client,
            )
            self._client_config = config
        return self._client, key

    def _call(self, call: Any, args: dict, *, key: str, model: str, settings: Settings) -> Any:
        import openai

        try:
            return call(**args)
        except openai.APIStatusError as exc:
            raise _classify(exc, key=key, model=model) from None
        except openai.APIConnectionError as exc:  # timeouts included
            raise hosted.transport_error(
                exc, provider=PROVIDER, timeout_s=settings.hosted_timeout_s
            ) from None
        except openai.OpenAIError as exc:
            raise GeneratorUnavailableError(
                f"{PROVIDER} client error: {hosted.short(hosted.redact(str(exc), key))}",
                hint=f"check {KEY_ENV} and {BASE_URL_ENV}",
            ) from None

    @staticmethod
    def _check(response: Any) -> list:
        from openai.types import ImagesResponse

        if not isinstance(response, ImagesResponse):  # e.g. an HTML page from a proxy
            raise Transient(
                f"{PROVIDER} answered with something that is not an images response",
                hint=f"a malformed response; Studio retries it (check {BASE_URL_ENV} if it persists)",
            )
        if not response.data:
            raise Transient(f"{PROVIDER} returned no images", hint="Studio retries it")
        return response.data


def _decode_b64(item: Any) -> bytes:
    b64 = getattr(item, "b64_json", None)
    if not b64 and getattr(item, "url", None):
        raise GeneratorError(
            f"{PROVIDER} returned an image URL instead of image bytes",
            hint="use a GPT Image model (they return base64) or a gateway that does",
        )
    if not b64:
        raise Transient(
            f"{PROVIDER} returned an image without data",
            hint="a malformed response; Studio retries it",
        )
    try:
        return base64.b64decode("".join(b64.split()), validate=True)
    except (binascii.Error, ValueError):
        raise Transient(
            f"{PROVIDER} returned image data that is not valid base64",
            hint="a malformed response; Studio retries it",
        ) from None


def _classify(exc: Any, *, key: str, model: str) -> GeneratorError:
    body = exc.body if isinstance(exc.body, dict) else {}
    code = str(exc.code or body.get("code") or "")
    kind = str(exc.type or body.get("type") or "")
    message = body.get("message") or (exc.body if isinstance(exc.body, str) else "")
    return hosted.classify(
        provider=PROVIDER,
        status=exc.status_code,
        message=hosted.redact(str(message or ""), key),
        key_env=KEY_ENV,
        model=model,
        model_env=MODEL_ENV,
        retry_after=hosted.parse_retry_after(exc.response.headers),
        refused=code in REFUSAL_CODES,
        quota=code in QUOTA_CODES or kind in QUOTA_CODES,
    )


__all__ = ["DEFAULT_PRICE", "STANDARD_SIZES", "OpenAIGenerator", "request_size"]
