"""Google's Gemini image models ("Nano Banana") through google-genai `generate_content`, and
Imagen through `generate_images` where the installed SDK still allows it (Vertex mode only).

    job ──► nearest aspect ratio ("16:9", "3:4", ...) ──► generate_content(
                contents=[prompt, *reference image parts],
                config=GenerateContentConfig(response_modalities=["IMAGE"],
                                             image_config=ImageConfig(aspect_ratio=...)))
        ──► inline_data bytes ──► original kept ──► cover-crop to job.width x job.height

One call per image (image models return one). The model is STUDIO_GEMINI_IMAGE_MODEL or the
job's own; the key GOOGLE_API_KEY or GEMINI_API_KEY, the endpoint GOOGLE_GEMINI_BASE_URL, all
from the environment or `.env`. Vertex mode (GOOGLE_GENAI_USE_VERTEXAI=true and the SDK's own
GOOGLE_CLOUD_* variables) is left entirely to the SDK. Failures are classified once, in
hosted.classify(); refusals come back as finish reasons or prompt feedback, not HTTP errors.
"""

from __future__ import annotations

import hashlib
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import JobSpec
from studio.errors import GeneratorError, GeneratorUnavailableError
from studio.errors import TransientGeneratorError as Transient
from studio.generators import hosted
from studio.generators.base import Capabilities, GeneratedImage, Generator, ProgressFn
from studio.generators.gemini_response import (  # noqa: F401  (re-exported)
    _QUOTA_USED_UP,
    KEY_ENVS,
    MALFORMED_REASONS,
    MODEL_ENV,
    PROVIDER,
    REFUSAL_REASONS,
    _classify,
    _image_from,
    _imagen_needs_vertex,
    _refused,
    _value,
)

BASE_URL_ENV = "GOOGLE_GEMINI_BASE_URL"
VERTEX_ENVS = ("GOOGLE_GENAI_USE_ENTERPRISE", "GOOGLE_GENAI_USE_VERTEXAI")

# ImageConfig.aspect_ratio values of the installed SDK, and the pixels each gives at 1K
GEMINI_SIZES = {
    "1:1": (1024, 1024),
    "2:3": (832, 1248),
    "3:2": (1248, 832),
    "3:4": (864, 1184),
    "4:3": (1184, 864),
    "9:16": (768, 1344),
    "16:9": (1344, 768),
    "21:9": (1536, 672),
}
IMAGEN_SIZES = {
    "1:1": (1024, 1024),
    "3:4": (896, 1280),
    "4:3": (1280, 896),
    "9:16": (768, 1408),
    "16:9": (1408, 768),
}
IMAGEN_MAX_PER_CALL = 4
# USD per image when STUDIO_PRICES lists neither "gemini:<model>" nor "gemini":
# gemini-2.5-flash-image, 1290 output tokens at $30 per 1M.
DEFAULT_PRICE = 0.039


def is_imagen(model: str) -> bool:
    return model.startswith("imagen")


def vertex_mode() -> bool:
    """What the SDK will decide from GOOGLE_GENAI_USE_ENTERPRISE / _VERTEXAI."""
    for name in VERTEX_ENVS:
        value = os.environ.get(name)
        if value is not None:
            return value.strip().lower() in ("true", "1")
    return False


def _capabilities(settings: Settings) -> Capabilities:
    model = settings.gemini_image_model
    sizes = IMAGEN_SIZES if is_imagen(model) else GEMINI_SIZES
    return Capabilities(
        weights=False,
        negative_prompt=False,
        references=not is_imagen(model),
        sizes=tuple(sizes.values()),
        text_quality="good",
        price_per_image=hosted.price_per_image(settings, "gemini", model, DEFAULT_PRICE),
        dialect="natural",
        queue="api",
    )


def _sdk_installed() -> bool:
    try:
        return find_spec("google.genai") is not None
    except ModuleNotFoundError:  # no google namespace package at all
        return False


class GeminiGenerator(Generator):
    """Gemini image models (and Imagen in Vertex mode). `http_client` (an httpx2.Client) is
    the transport seam: tests and special networks plug in there."""

    name = "gemini"
    capabilities = hosted.SettingsCapabilities(_capabilities)

    def __init__(self, settings: Settings | None = None, *, http_client: Any = None) -> None:
        super().__init__(settings)
        self._http_client = http_client
        self._client: Any = None
        self._client_config: tuple | None = None

    @property
    def model_name(self) -> str:
        return self.settings.gemini_image_model

    def available(self) -> tuple[bool, str]:
        if not _sdk_installed():
            return False, hosted.missing_sdk("google-genai")
        model = self.settings.gemini_image_model
        if vertex_mode():
            if not (hosted.provider_env(*KEY_ENVS) or os.environ.get("GOOGLE_CLOUD_PROJECT")):
                return False, (
                    "Vertex mode needs GOOGLE_CLOUD_PROJECT (with application default "
                    "credentials) or GOOGLE_API_KEY"
                )
            return True, ""
        if is_imagen(model):
            return False, _imagen_needs_vertex(model).message
        if not hosted.provider_env(*KEY_ENVS):
            return False, hosted.no_key(*KEY_ENVS)
        return True, ""

    def generate(
        self,
        job: JobSpec,
        *,
        references: list[Path] | None = None,
        progress: ProgressFn | None = None,
    ) -> list[GeneratedImage]:
        settings = self.settings
        model = job.model or settings.gemini_image_model
        references = list(references or [])
        # 1. check the request
        self.check_request(job)
        if not job.prompt.strip():
            raise GeneratorError("the prompt is empty")
        # 2. the client, then Imagen or Gemini
        client, key = self._client_for(settings)
        price = hosted.price_per_image(settings, "gemini", model, DEFAULT_PRICE)
        if is_imagen(model):
            return self._imagen(client, key, job, model, references, price, settings, progress)
        from google.genai import types

        aspect = hosted.nearest_aspect(job.width, job.height, tuple(GEMINI_SIZES))
        parts: list[Any] = [job.prompt]
        for path in references:
            data, media_type = hosted.reference_bytes(Path(path))
            parts.append(types.Part.from_bytes(data=data, mime_type=media_type))
        config = types.GenerateContentConfig(
            response_modalities=["IMAGE"],
            image_config=types.ImageConfig(
                aspect_ratio=aspect, image_size=settings.gemini_image_size
            ),
        )
        # 3. one call per image
        images: list[GeneratedImage] = []
        for i in range(job.count):
            response = self._call(
                lambda: client.models.generate_content(model=model, contents=parts, config=config),
                key=key,
                model=model,
                settings=settings,
            )
            raw, media_type = _image_from(response, key=key)
            picture = hosted.decode_image(raw, provider=PROVIDER)
            info = {
                "provider": "gemini",
                "endpoint": "models.generate_content",
                "aspect_ratio": aspect,
                "returned_size": f"{picture.width}x{picture.height}",
                "upscaled": picture.width < job.width or picture.height < job.height,
                "references": len(references),
                "cost_source": "price_table",
                "seed_note": hosted.SEED_NOTE,
            }
            usage = getattr(response, "usage_metadata", None)
            if usage is not None:
                info["usage"] = usage.model_dump(exclude_none=True, mode="json")
            if getattr(response, "model_version", None):
                info["model_version"] = response.model_version
            if job.negative_prompt:
                info["negative_prompt_ignored"] = True  # the natural dialect folds it in
            images.append(
                GeneratedImage(
                    image=hosted.cover_fit(picture, job.width, job.height),
                    seed=job.seed + i,
                    model=model,
                    original=raw,
                    original_media_type=media_type,
                    cost_usd=price,
                    info=info,
                )
            )
            if progress is not None:
                progress(i + 1, job.count)
        return images

    def _imagen(
        self,
        client: Any,
        key: str | None,
        job: JobSpec,
        model: str,
        references: list[Path],
        price: float,
        settings: Settings,
        progress: ProgressFn | None,
    ) -> list[GeneratedImage]:
        """Imagen through generate_images: deprecated in google-genai and Vertex-only."""
        from google.genai import types

        if not client.vertexai:
            raise _imagen_needs_vertex(model)
        if not hasattr(client.models, "generate_images"):
            raise GeneratorUnavailableError(
                f"the installed google-genai has no generate_images, so {model} cannot run",
                hint=f"set {MODEL_ENV} to a Gemini image model such as gemini-2.5-flash-image",
            )
        if references:
            raise GeneratorError(
                f"{model} (Imagen) takes no reference images",
                hint=f"use a Gemini image model for jobs with reference images ({MODEL_ENV})",
            )
        aspect = hosted.nearest_aspect(job.width, job.height, tuple(IMAGEN_SIZES))
        images: list[GeneratedImage] = []
        while len(images) < job.count:
            n = min(IMAGEN_MAX_PER_CALL, job.count - len(images))
            config = types.GenerateImagesConfig(
                number_of_images=n,
                aspect_ratio=aspect,
                include_rai_reason=True,
                output_mime_type="image/png",
            )
            response = self._call(
                lambda config=config: client.models.generate_images(
                    model=model, prompt=job.prompt, config=config
                ),
                key=key,
                model=model,
                settings=settings,
            )
            made = [g for g in (response.generated_images or []) if g.image and g.image.image_bytes]
            if not made:
                reasons = sorted(
                    {
                        g.rai_filtered_reason
                        for g in response.generated_images or []
                        if g.rai_filtered_reason
                    }
                )
                raise hosted.classify(
                    provider=PROVIDER,
                    status=None,
                    message=hosted.redact("; ".join(reasons) or "no image returned", key),
                    key_env=KEY_ENVS[0],
                    model=model,
                    model_env=MODEL_ENV,
                    refused=True,
                )
            for generated in made[: job.count - len(images)]:
                raw = generated.image.image_bytes
                picture = hosted.decode_image(raw, provider=PROVIDER)
                images.append(
                    GeneratedImage(
                        image=hosted.cover_fit(picture, job.width, job.height),
                        seed=job.seed + len(images),
                        model=model,
                        original=raw,
                        original_media_type=generated.image.mime_type or "image/png",
                        cost_usd=price,
                        info={
                            "provider": "gemini",
                            "endpoint": "models.generate_images",
                            "aspect_ratio": aspect,
                            "returned_size": f"{picture.width}x{picture.height}",
                            "upscaled": picture.width < job.width or picture.height < job.height,
                            "cost_source": "price_table",
                            "seed_note": hosted.SEED_NOTE,
                        },
                    )
                )
            if progress is not None:
                progress(len(images), job.count)
        return images

    # --- the SDK, and everything that can go wrong with it -----------------------------------

    def _client_for(self, settings: Settings) -> tuple[Any, str | None]:
        """One SDK client per (key, base URL, timeout, mode), kept between jobs."""
        try:
            from google import genai
            from google.genai import types
        except ImportError:
            raise GeneratorUnavailableError(hosted.missing_sdk("google-genai")) from None
        vertex = vertex_mode()
        key = hosted.provider_env(*KEY_ENVS)
        if not vertex and not key:
            raise GeneratorUnavailableError(hosted.no_key(*KEY_ENVS))
        # Developer API: hand over the key and base URL found here (.env included). Vertex
        # mode: the SDK reads its own variables and decides between key and project.
        base_url = None if vertex else hosted.provider_env(BASE_URL_ENV)
        fingerprint = hashlib.sha256((key or "").encode()).hexdigest()
        config = (fingerprint, base_url, settings.hosted_timeout_s, vertex)
        if self._client is None or self._client_config != config:
            options = types.HttpOptions(
                base_url=base_url,
                timeout=int(settings.hosted_timeout_s * 1000),  # milliseconds
                retry_options=types.HttpRetryOptions(attempts=1),  # the executor retries
                httpx_client=self._http_client,
            )
            try:
                self._client = genai.Client(
                    vertexai=True if vertex else None,  # so GOOGLE_VERTEX_BASE_URL applies
                    api_key=None if vertex else key,
                    http_options=options,
                )
            except Exception as exc:  # Vertex mode without a project or credentials, ...
                raise GeneratorUnavailableError(
                    f"{PROVIDER} client cannot start: {hosted.short(hosted.redact(str(exc), key))}"
                ) from None
            self._client_config = config
        return self._client, key

    def _call(self, fn: Any, *, key: str | None, model: str, settings: Settings) -> Any:
        from google.genai import errors

        try:
            return fn()
        except errors.APIError as exc:
            raise _classify(exc, key=key, model=model) from None
        except ValueError as exc:  # the response did not parse: bad JSON, bad base64
            raise Transient(
                f"{PROVIDER} returned a malformed response ({type(exc).__name__})",
                hint="Studio retries it",
            ) from None
        except Exception as exc:
            if hosted.is_transport_error(exc):
                raise hosted.transport_error(
                    exc, provider=PROVIDER, timeout_s=settings.hosted_timeout_s
                ) from None
            if type(exc).__module__.startswith("google.auth"):  # Vertex credentials
                raise GeneratorUnavailableError(
                    f"Google credentials failed: {hosted.short(hosted.redact(str(exc), key))}",
                    hint="check application default credentials (gcloud auth "
                    "application-default login) or GOOGLE_API_KEY",
                ) from None
            raise


__all__ = ["DEFAULT_PRICE", "GEMINI_SIZES", "IMAGEN_SIZES", "GeminiGenerator"]
