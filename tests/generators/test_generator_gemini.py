"""The Gemini generator against the real google-genai SDK, with scripted HTTP at the transport
(an httpx2.MockTransport in HttpOptions.httpx_client): aspect ratios, exact sizes, provider
bytes kept, reference images sent as parts, and every failure classified once — rate limit
(Retry-After or RetryInfo), quota, refusals (finish reasons, prompt feedback, no image),
5xx, malformed answers — with the key never in a message. Imagen runs only in Vertex mode."""

from __future__ import annotations

import base64
import io
import json
import warnings
from functools import partial

import pytest
from PIL import Image

from studio.config import Settings, reset_settings_cache
from studio.errors import (
    GeneratorError,
    GeneratorUnavailableError,
    QuotaExhaustedError,
    RateLimitedError,
    RefusedError,
    TransientGeneratorError,
)
from studio.generators import get_generator
from studio.generators.gemini_gen import GeminiGenerator
from tests.generators import hosted_support

pytest.importorskip("google.genai", reason="needs the hosted extra: pip install 'studio[hosted]'")
httpx2 = pytest.importorskip("httpx2")  # the SDKs' HTTP client; its MockTransport is the seam

KEY = "AIzaTestSecret0123456789abcdefghijklmnop"
GATEWAY = "http://gemini.test/"
MODEL_URL = f"{GATEWAY}v1/models/gemini-2.5-flash-image:generateContent"


class Script(hosted_support.Script[GeminiGenerator]):
    generator_class = GeminiGenerator


png = partial(hosted_support.png, color=(30, 120, 220))


def image_answer(
    picture: bytes, *, text: str | None = None, finish: str = "STOP"
) -> httpx2.Response:
    parts = [{"text": text}] if text else []
    parts.append(
        {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(picture).decode()}}
    )
    body = {
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish}],
        "usageMetadata": {
            "promptTokenCount": 12,
            "candidatesTokenCount": 1290,
            "totalTokenCount": 1302,
        },
        "modelVersion": "gemini-2.5-flash-image",
    }
    return httpx2.Response(200, json=body)


def candidate_answer(finish: str, text: str | None = None, **extra) -> httpx2.Response:
    candidate = {"finishReason": finish, **extra}
    if text:
        candidate["content"] = {"role": "model", "parts": [{"text": text}]}
    return httpx2.Response(200, json={"candidates": [candidate]})


def error_answer(
    status: int, state: str, message: str, details: list | None = None, **headers
) -> httpx2.Response:
    body = {
        "error": {"code": status, "message": message, "status": state, "details": details or []}
    }
    return httpx2.Response(status, json=body, headers=headers)


def quota_failure(quota_id: str, retry: str | None = None) -> list:
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [
                {
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_requests",
                    "quotaId": quota_id,
                }
            ],
        }
    ]
    if retry:
        details.append({"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry})
    return details


EXCEEDED = "You exceeded your current quota, please check your plan and billing details."


make_job = partial(
    hosted_support.hosted_job,
    prompt="A banana-shaped lighthouse at dawn",
    width=1600,
    height=900,
    seed=7,
    generator="gemini",
)


@pytest.fixture(autouse=True)
def env(studio_env, monkeypatch: pytest.MonkeyPatch):
    """A clean environment (no real keys, no .env) with a test key and a gateway URL."""
    hosted_support.use_provider_env(
        monkeypatch,
        {
            "GOOGLE_API_KEY": KEY,
            "GOOGLE_GEMINI_BASE_URL": GATEWAY,
            "STUDIO_PRICES": '{"gemini:gemini-2.5-flash-image": 0.039}',
        },
    )
    yield
    reset_settings_cache()


assert_no_key = partial(hosted_support.assert_no_secret, secrets=(KEY, "AIza"))


# --- success ---------------------------------------------------------------------------------


def test_generate_aspect_exact_size_original_bytes_model_and_cost() -> None:
    provider = png(1344, 768)  # what 16:9 gives at 1K
    script = Script(image_answer(provider, text="Here it is"), image_answer(provider))
    progress = []
    images = script.generator().generate(
        make_job(count=2), progress=lambda s, t: progress.append((s, t))
    )

    assert len(script.requests) == 2 and progress == [(1, 2), (2, 2)]  # one image per call
    request = script.requests[0]
    assert str(request.url) == MODEL_URL  # GOOGLE_GEMINI_BASE_URL honoured
    assert request.headers["x-goog-api-key"] == KEY
    body = script.json(0)
    assert body["generationConfig"] == {
        "responseModalities": ["IMAGE"],
        "imageConfig": {"aspectRatio": "16:9"},
    }
    assert body["contents"][0]["parts"] == [{"text": "A banana-shaped lighthouse at dawn"}]
    for i, generated in enumerate(images):
        assert generated.image.size == (1600, 900)
        assert generated.original == provider and b"caBX" in generated.original
        assert generated.original_media_type == "image/png"
        assert generated.model == "gemini-2.5-flash-image"
        assert generated.cost_usd == pytest.approx(0.039)
        assert generated.seed == 7 + i and "no seed" in generated.info["seed_note"]
        assert (
            generated.info["upscaled"] and generated.info["usage"]["candidates_token_count"] == 1290
        )
        assert generated.image.getpixel((800, 450)) == (30, 120, 220)


@pytest.mark.parametrize(
    ("size", "aspect"),
    [((1080, 1920), "9:16"), ((1200, 1200), "1:1"), ((900, 1200), "3:4"), ((2520, 1080), "21:9")],
)
def test_aspect_ratio_follows_the_job(size, aspect) -> None:
    script = Script(image_answer(png(1024, 1024)))
    [generated] = script.generator().generate(make_job(width=size[0], height=size[1]))
    assert script.json()["generationConfig"]["imageConfig"]["aspectRatio"] == aspect
    assert generated.image.size == size


def test_reference_images_are_sent_as_parts(tmp_path) -> None:
    jpeg = tmp_path / "ref.jpg"
    Image.new("RGB", (320, 240), (250, 200, 0)).save(jpeg, format="JPEG")
    bmp = tmp_path / "ref.bmp"  # not sendable as is: re-encoded as PNG
    Image.new("RGB", (64, 64), (0, 0, 0)).save(bmp, format="BMP")
    script = Script(image_answer(png(1344, 768)))
    [generated] = script.generator().generate(make_job(), references=[jpeg, bmp])

    parts = script.json()["contents"][0]["parts"]
    assert parts[0] == {"text": "A banana-shaped lighthouse at dawn"}
    inline = [p["inlineData"] for p in parts[1:]]
    # this SDK writes the blob's type as mime_type (the API reads both spellings)
    assert [b.get("mimeType") or b.get("mime_type") for b in inline] == ["image/jpeg", "image/png"]
    assert base64.urlsafe_b64decode(inline[0]["data"]) == jpeg.read_bytes()  # URL-safe alphabet
    sent = Image.open(io.BytesIO(base64.urlsafe_b64decode(inline[1]["data"])))
    assert sent.format == "PNG" and sent.size == (64, 64)
    assert generated.info["references"] == 2


def test_gemini_api_key_and_dotenv(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GOOGLE_API_KEY")
    generator = Script().generator()
    ok, why = generator.available()
    assert (
        not ok and why == "No key found — set GOOGLE_API_KEY (or GEMINI_API_KEY) or add it to .env"
    )
    with pytest.raises(GeneratorUnavailableError, match="No key found"):
        generator.generate(make_job())

    monkeypatch.setenv("GEMINI_API_KEY", "AIzaOtherKey0123456789")
    script = Script(image_answer(png(1344, 768)))
    script.generator().generate(make_job())
    assert script.requests[0].headers["x-goog-api-key"] == "AIzaOtherKey0123456789"

    monkeypatch.delenv("GEMINI_API_KEY")
    monkeypatch.delenv("GOOGLE_GEMINI_BASE_URL")
    (tmp_path / ".env").write_text(
        f"GOOGLE_API_KEY={KEY}\nGOOGLE_GEMINI_BASE_URL=http://dotenv.test/\n"
    )
    script = Script(image_answer(png(1344, 768)))
    script.generator().generate(make_job())
    assert str(script.requests[0].url).startswith("http://dotenv.test/v1/models/")
    assert script.requests[0].headers["x-goog-api-key"] == KEY


def test_registered_with_capabilities() -> None:
    generator = get_generator("gemini", Settings())
    assert isinstance(generator, GeminiGenerator)
    caps = generator.capabilities  # from the instance's settings
    assert (caps.references, caps.dialect, caps.queue, caps.text_quality) == (
        True,
        "natural",
        "api",
        "good",
    )
    assert (1344, 768) in caps.sizes and caps.price_per_image == pytest.approx(0.039)
    assert generator.model_name == "gemini-2.5-flash-image"


# --- failures --------------------------------------------------------------------------------


def test_rate_limit_carries_retry_after_then_succeeds() -> None:
    script = Script(
        error_answer(
            429,
            "RESOURCE_EXHAUSTED",
            EXCEEDED,
            quota_failure("GenerateRequestsPerMinutePerProjectPerModel", "33s"),
            **{"retry-after": "7"},
        ),
        error_answer(
            429,
            "RESOURCE_EXHAUSTED",
            EXCEEDED,
            quota_failure("GenerateRequestsPerMinutePerProjectPerModel", "33s"),
        ),
        image_answer(png(1344, 768)),
    )
    generator = script.generator()
    with pytest.raises(RateLimitedError) as caught:
        generator.generate(make_job())
    assert caught.value.retry_after == 7 and caught.value.retryable  # the header first
    with pytest.raises(RateLimitedError) as caught:
        generator.generate(make_job())
    assert caught.value.retry_after == 33  # then google.rpc.RetryInfo
    assert len(script.requests) == 2  # the SDK did not retry on its own
    assert len(generator.generate(make_job())) == 1


@pytest.mark.parametrize(
    ("message", "details"),
    [
        (EXCEEDED, quota_failure("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "20s")),
        (
            "Quota exceeded for metric: generate_content_free_tier_requests, limit: 0, model: gemini-2.5-flash-image",
            [],
        ),
        ("Your prepayment credits are depleted. Add credit in AI Studio.", []),
    ],
    ids=["per-day", "limit-0", "prepaid"],
)
def test_quota_exhausted_parks_the_job(message, details) -> None:
    script = Script(error_answer(429, "RESOURCE_EXHAUSTED", message, details))
    with pytest.raises(QuotaExhaustedError) as caught:
        script.generator().generate(make_job())
    assert not caught.value.retryable and "quota is used up" in str(caught.value)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (candidate_answer("IMAGE_SAFETY"), "IMAGE_SAFETY"),
        (candidate_answer("PROHIBITED_CONTENT"), "PROHIBITED_CONTENT"),
        (
            candidate_answer(
                "IMAGE_PROHIBITED_CONTENT", text="Unable to show the generated image."
            ),
            "IMAGE_PROHIBITED_CONTENT: Unable to show",
        ),
        (candidate_answer("SAFETY"), "SAFETY"),
        (
            httpx2.Response(200, json={"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}),
            "prompt blocked (PROHIBITED_CONTENT)",
        ),
        (
            candidate_answer("STOP", text="I can't create images of real people."),
            "I can't create images of real people.",
        ),
        (candidate_answer("NO_IMAGE"), "no image returned (finish reason NO_IMAGE)"),
    ],
    ids=[
        "image-safety",
        "prohibited",
        "image-prohibited",
        "safety",
        "prompt-feedback",
        "text-only",
        "no-image",
    ],
)
def test_refusals_are_final_with_the_providers_reason(answer, reason) -> None:
    script = Script(answer)
    with pytest.raises(RefusedError) as caught:
        script.generator().generate(make_job())
    assert not caught.value.retryable and reason in str(caught.value)


def test_server_error_is_transient_then_succeeds() -> None:
    script = Script(
        error_answer(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        image_answer(png(1344, 768)),
    )
    generator = script.generator()
    with pytest.raises(TransientGeneratorError) as caught:
        generator.generate(make_job())
    assert caught.value.retryable and "overloaded" in str(caught.value)
    assert len(generator.generate(make_job())) == 1 and len(script.requests) == 2


def test_timeout_is_transient() -> None:
    with pytest.raises(TransientGeneratorError, match="did not answer within 180 s"):
        Script(httpx2.ReadTimeout("timed out")).generator().generate(make_job())


@pytest.mark.parametrize(
    "answer",
    [
        httpx2.Response(200, json={}),
        httpx2.Response(
            200,
            json={
                "candidates": [
                    {
                        "content": {
                            "parts": [
                                {"inlineData": {"mimeType": "image/png", "data": "!!not base64!!"}}
                            ]
                        }
                    }
                ]
            },
        ),
        image_answer(b"this is not a png"),
        httpx2.Response(200, text="<html>proxy error</html>"),
        candidate_answer("MALFORMED_RESPONSE"),
    ],
    ids=["no-candidates", "bad-base64", "not-an-image", "not-json", "malformed-finish"],
)
def test_malformed_answers_are_transient(answer) -> None:
    with pytest.raises(TransientGeneratorError) as caught:
        Script(answer).generator().generate(make_job())
    assert caught.value.retryable and caught.value.message.startswith("Gemini")


def test_bad_key_says_which_variable_and_never_echoes_it() -> None:
    details = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]
    script = Script(
        error_answer(
            400,
            "INVALID_ARGUMENT",
            f"API key not valid ({KEY}). Please pass a valid API key.",
            details,
        ),
        error_answer(403, "PERMISSION_DENIED", f"Key {KEY} has no access to this model."),
        error_answer(404, "NOT_FOUND", "models/gemini-9-image is not found for API version v1"),
    )
    generator = script.generator()
    for _ in range(2):
        with pytest.raises(GeneratorUnavailableError) as caught:
            generator.generate(make_job())
        assert "GOOGLE_API_KEY" in caught.value.hint
        assert_no_key(caught.value)
    with pytest.raises(GeneratorUnavailableError) as caught:
        generator.generate(make_job(model="gemini-9-image"))
    assert "STUDIO_GEMINI_IMAGE_MODEL" in caught.value.hint


def test_key_appears_in_no_error_and_no_result() -> None:
    answers = [
        error_answer(
            429,
            "RESOURCE_EXHAUSTED",
            f"slow {KEY}",
            quota_failure("PerMinute"),
            **{"retry-after": "1"},
        ),
        error_answer(429, "RESOURCE_EXHAUSTED", f"limit: 0 {KEY}"),
        error_answer(400, "INVALID_ARGUMENT", f"bad request {KEY}"),
        error_answer(500, "INTERNAL", f"oops {KEY}"),
        candidate_answer("IMAGE_SAFETY", text=f"blocked {KEY}"),
        httpx2.ConnectError(f"refused {KEY}"),
    ]
    script = Script(*answers, image_answer(png(1344, 768)))
    generator = script.generator()
    for _ in answers:
        with pytest.raises(GeneratorError) as caught:
            generator.generate(make_job())
        assert_no_key(caught.value)
    [generated] = generator.generate(make_job())
    assert KEY not in json.dumps(generated.info) and KEY not in repr(generated)
    assert KEY not in generator.settings.model_dump_json()


# --- Imagen ----------------------------------------------------------------------------------


def test_imagen_needs_vertex_mode(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_GEMINI_IMAGE_MODEL", "imagen-4.0-generate-001")
    reset_settings_cache()
    generator = Script().generator()
    ok, why = generator.available()
    assert not ok and "Vertex mode" in why
    with pytest.raises(GeneratorUnavailableError, match="Vertex mode") as caught:
        generator.generate(make_job())
    assert "GOOGLE_GENAI_USE_VERTEXAI" in caught.value.hint


def test_imagen_in_vertex_mode_uses_generate_images(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_GEMINI_IMAGE_MODEL", "imagen-4.0-generate-001")
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")  # express mode: Vertex with a key
    monkeypatch.setenv("GOOGLE_VERTEX_BASE_URL", "http://vertex.test/")
    reset_settings_cache()
    provider = png(1408, 768)
    predictions = [
        {"bytesBase64Encoded": base64.b64encode(provider).decode(), "mimeType": "image/png"}
    ]
    script = Script(
        httpx2.Response(200, json={"predictions": predictions * 2}),
        httpx2.Response(200, json={"predictions": [{"raiFilteredReason": "Filtered: violence"}]}),
    )
    generator = script.generator()
    assert generator.available() == (True, "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # generate_images is deprecated in google-genai
        images = generator.generate(make_job(count=2))
        with pytest.raises(RefusedError, match="Filtered: violence"):
            generator.generate(make_job())
    request = script.requests[0]
    assert str(request.url).startswith("http://vertex.test/")
    assert str(request.url).endswith("imagen-4.0-generate-001:predict")
    assert script.json(0)["parameters"]["sampleCount"] == 2
    assert script.json(0)["parameters"]["aspectRatio"] == "16:9"
    assert [g.image.size for g in images] == [(1600, 900)] * 2
    assert images[0].original == provider and images[0].model == "imagen-4.0-generate-001"


def test_without_the_sdk_it_says_which_extra_to_install(monkeypatch) -> None:
    import sys

    from studio.generators import gemini_gen

    monkeypatch.setattr(gemini_gen, "_sdk_installed", lambda: False)
    ok, why = GeminiGenerator(Settings()).available()
    assert not ok and "pip install 'studio[hosted]'" in why
    monkeypatch.setitem(sys.modules, "google.genai", None)
    with pytest.raises(GeneratorUnavailableError, match="google-genai package is not installed"):
        GeminiGenerator(Settings()).generate(make_job())
