"""Reading what Gemini answered: the image of the first candidate, or the refusal, block or
malformed response that took its place, and the SDK's API errors classified once through
hosted.classify() (a bad key, a rate limit with its retry delay, a quota used up)."""

from __future__ import annotations

import json
import re
from typing import Any

from studio.errors import GeneratorError, GeneratorUnavailableError
from studio.errors import TransientGeneratorError as Transient
from studio.generators import hosted

PROVIDER = "Gemini"
KEY_ENVS = ("GOOGLE_API_KEY", "GEMINI_API_KEY")  # the SDK's own order of precedence
MODEL_ENV = "STUDIO_GEMINI_IMAGE_MODEL"

# finish reasons and prompt block reasons that are policy refusals (final, never retried)
REFUSAL_REASONS = {
    "SAFETY",
    "PROHIBITED_CONTENT",
    "BLOCKLIST",
    "SPII",
    "RECITATION",
    "IMAGE_SAFETY",
    "IMAGE_PROHIBITED_CONTENT",
    "IMAGE_RECITATION",
    "MODEL_ARMOR",
    "JAILBREAK",
}
MALFORMED_REASONS = {"MALFORMED_RESPONSE"}
# RESOURCE_EXHAUSTED is both "slow down" and "used up": these say used up (a daily quota, a
# tier with no quota for the model, prepaid credit gone)
_QUOTA_USED_UP = re.compile(r"perday|per_day|per day|daily|limit:\s*0\b|depleted|billing account")


def _value(enum: Any) -> str:
    return str(getattr(enum, "value", enum) or "")


def _image_from(response: Any, *, key: str | None) -> tuple[bytes, str]:
    """The final image of the first candidate, or the refusal that took its place."""
    feedback = getattr(response, "prompt_feedback", None)
    if feedback is not None and feedback.block_reason:
        reason = _value(feedback.block_reason)
        said = f": {feedback.block_reason_message}" if feedback.block_reason_message else ""
        raise _refused(f"prompt blocked ({reason}){said}", key)
    candidates = getattr(response, "candidates", None) or []
    if not candidates:
        raise Transient(
            f"{PROVIDER} returned no candidates and gave no reason",
            hint="a malformed response; Studio retries it",
        )
    candidate = candidates[0]
    parts = (candidate.content.parts if candidate.content else None) or []
    finish = _value(candidate.finish_reason)
    blobs = [
        p.inline_data
        for p in parts
        if p.inline_data is not None
        and p.inline_data.data
        and (p.inline_data.mime_type or "").startswith("image/")
        and not p.thought  # interim "thinking" images of the pro models
    ]
    if blobs:
        return blobs[-1].data, blobs[-1].mime_type
    if finish in MALFORMED_REASONS:
        raise Transient(f"{PROVIDER} reported {finish}", hint="Studio retries it")
    text = " ".join(p.text for p in parts if p.text and not p.thought)
    why = candidate.finish_message or text
    said = f": {why}" if why else ""
    if finish in REFUSAL_REASONS:
        raise _refused(f"{finish}{said}", key)
    raise _refused(f"no image returned (finish reason {finish or 'none'}){said}", key)


def _refused(message: str, key: str | None) -> GeneratorError:
    return hosted.classify(
        provider=PROVIDER,
        status=None,
        message=hosted.redact(message, key),
        key_env=KEY_ENVS[0],
        model="",
        model_env=MODEL_ENV,
        refused=True,
    )


def _classify(exc: Any, *, key: str | None, model: str) -> GeneratorError:
    status = exc.code if isinstance(exc.code, int) else None
    state = str(exc.status or "")
    message = hosted.redact(str(exc.message or ""), key)
    details = json.dumps(exc.details, default=str) if exc.details else ""
    response = getattr(exc, "response", None)
    retry_after = hosted.parse_retry_after(getattr(response, "headers", None))
    if retry_after is None:  # google.rpc.RetryInfo {"retryDelay": "33s"}
        match = re.search(r'"retryDelay":\s*"([^"]+)"', details)
        retry_after = hosted.parse_duration(match.group(1)) if match else None
    if status == 400 and ("API_KEY_INVALID" in details or "API key not valid" in message):
        status = 401  # Google answers a bad key with 400 INVALID_ARGUMENT
    quota = (status == 429 or state == "RESOURCE_EXHAUSTED") and bool(
        _QUOTA_USED_UP.search((details + " " + message).lower())
    )
    return hosted.classify(
        provider=PROVIDER,
        status=status,
        message=message,
        key_env=KEY_ENVS[0],
        model=model,
        model_env=MODEL_ENV,
        retry_after=retry_after,
        quota=quota,
    )


def _imagen_needs_vertex(model: str) -> GeneratorUnavailableError:
    return GeneratorUnavailableError(
        f"{model} runs through generate_images, which the installed google-genai allows only "
        "in Vertex mode, not on the Gemini Developer API",
        hint="set GOOGLE_GENAI_USE_VERTEXAI=true with GOOGLE_CLOUD_PROJECT and "
        f"GOOGLE_CLOUD_LOCATION, or set {MODEL_ENV} to a Gemini image model "
        "such as gemini-2.5-flash-image",
    )
