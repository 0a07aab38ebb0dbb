"""The OpenAI generator against the real openai SDK, with scripted HTTP at the transport (an
httpx2.MockTransport in the SDK's http_client): exact sizes, provider bytes kept, model and
cost recorded, the edit endpoint for references, and every failure classified once —
rate limit (Retry-After), quota, refusal, 5xx, timeouts, malformed answers — with the key
never in a message."""

from __future__ import annotations

import base64
import io
import json
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
from studio.generators.openai_gen import OpenAIGenerator, request_size
from tests.generators import hosted_support

pytest.importorskip("openai", reason="needs the hosted extra: pip install 'studio[hosted]'")
httpx2 = pytest.importorskip("httpx2")  # the SDKs' HTTP client; its MockTransport is the seam

KEY = "sk-test-Secret0123456789abcdef"
GATEWAY = "http://gateway.test/v1"


class Script(hosted_support.Script[OpenAIGenerator]):
    generator_class = OpenAIGenerator


png = partial(hosted_support.png, color=(200, 40, 40))


def images_answer(*pictures: bytes, usage: dict | None = None, **extra) -> httpx2.Response:
    body = {"created": 1, "data": [{"b64_json": base64.b64encode(p).decode()} for p in pictures]}
    if usage is not None:
        body["usage"] = usage
    body.update(extra)
    return httpx2.Response(200, json=body)


def error_answer(
    status: int, message: str, code: str | None, kind: str = "invalid_request_error", **headers
) -> httpx2.Response:
    body = {"error": {"message": message, "type": kind, "code": code, "param": None}}
    return httpx2.Response(status, json=body, headers=headers)


USAGE = {
    "input_tokens": 20,
    "input_tokens_details": {"text_tokens": 20, "image_tokens": 0},
    "output_tokens": 1756,
    "total_tokens": 1776,
}


make_job = partial(
    hosted_support.hosted_job,
    prompt="A lighthouse at dawn, poster style",
    width=1920,
    height=1080,
    seed=42,
    generator="openai",
)


@pytest.fixture(autouse=True)
def env(studio_env, monkeypatch: pytest.MonkeyPatch):
    """A clean environment (no real keys, no .env) with a test key and a gateway URL."""
    hosted_support.use_provider_env(
        monkeypatch,
        {
            "OPENAI_API_KEY": KEY,
            "OPENAI_BASE_URL": GATEWAY,
            "STUDIO_PRICES": '{"openai:gpt-image-1-mini": 0.011}',
        },
    )
    yield
    reset_settings_cache()


assert_no_key = partial(hosted_support.assert_no_secret, secrets=(KEY, "sk-"))


# --- success ---------------------------------------------------------------------------------


def test_generate_exact_size_original_bytes_model_and_cost_from_usage() -> None:
    provider = png(1920, 1088)
    script = Script(images_answer(provider, provider, usage=USAGE, output_format="png"))
    images = script.generator().generate(make_job(count=2))

    assert len(images) == 2 and len(script.requests) == 1  # one call, n=2
    request = script.requests[0]
    assert str(request.url) == f"{GATEWAY}/images/generations"  # OPENAI_BASE_URL honoured
    assert request.headers["authorization"] == f"Bearer {KEY}"
    body = script.json()
    assert body["model"] == "gpt-image-2" and body["n"] == 2
    assert body["size"] == "1920x1088"  # gpt-image-2 takes the job's aspect, sides % 16
    assert body["quality"] == "medium" and body["output_format"] == "png"
    assert body["moderation"] == "auto" and body["background"] == "auto"
    for i, generated in enumerate(images):
        assert generated.image.size == (1920, 1080)
        assert generated.original == provider and b"caBX" in generated.original
        assert generated.original_media_type == "image/png"
        assert generated.model == "gpt-image-2"
        assert generated.seed == 42 + i and "no seed" in generated.info["seed_note"]
        # usage: 20 text tokens at $5/M + 1756 output tokens at $30/M, shared by 2 images
        assert generated.cost_usd == pytest.approx((20 * 5 + 1756 * 30) / 1e6 / 2)
        assert generated.info["cost_source"] == "usage"
        assert generated.image.getpixel((960, 540)) == (200, 40, 40)


def test_standard_sizes_model_maps_aspect_and_cover_crops(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_OPENAI_IMAGE_MODEL", "gpt-image-1-mini")
    reset_settings_cache()
    # 1600x900 (16:9) -> 1536x1024 is the nearest standard size; cropping it to 16:9 cuts
    # 80 px from top and bottom, so 60 px blue bands there must vanish
    script = Script(images_answer(png(1536, 1024, bands=60)))
    generator = script.generator()
    assert generator.capabilities.sizes == ((1024, 1024), (1536, 1024), (1024, 1536))
    [generated] = generator.generate(make_job(width=1600, height=900))

    assert script.json()["size"] == "1536x1024" and script.json()["model"] == "gpt-image-1-mini"
    assert generated.image.size == (1600, 900)
    colors = {c for _, c in generated.image.getcolors(maxcolors=1 << 20)}
    assert all(b < 128 for (_, _, b) in colors), "the bands should have been cropped away"
    assert generated.cost_usd == pytest.approx(0.011)  # STUDIO_PRICES, no token prices
    assert generated.info["cost_source"] == "price_table"
    assert request_size("gpt-image-1-mini", 900, 1600) == (1024, 1536)
    assert request_size("gpt-image-1-mini", 1000, 1000) == (1024, 1024)


def test_more_than_ten_images_take_two_calls() -> None:
    picture = png(1024, 1024)
    script = Script(images_answer(*[picture] * 10), images_answer(picture, picture))
    progress = []
    images = script.generator().generate(
        make_job(width=512, height=512, count=12), progress=lambda s, t: progress.append((s, t))
    )
    assert [script.json(i)["n"] for i in range(2)] == [10, 2]
    assert len(images) == 12 and [g.seed for g in images] == list(range(42, 54))
    assert progress == [(10, 12), (12, 12)]


def test_references_go_to_the_edit_endpoint(tmp_path) -> None:
    refs = []
    for i, color in enumerate([(10, 200, 10), (10, 10, 200)]):
        path = tmp_path / f"ref{i}.png"
        Image.new("RGB", (300, 200), color).save(path)
        refs.append(path)
    script = Script(images_answer(png(1920, 1088)))
    [generated] = script.generator().generate(make_job(), references=refs)

    request = script.requests[0]
    assert str(request.url) == f"{GATEWAY}/images/edits"
    assert request.headers["content-type"].startswith("multipart/form-data")
    body = request.content
    assert body.count(b'name="image[]"') == 2
    for path in refs:  # the reference files themselves, byte for byte
        assert path.read_bytes() in body
    assert b"A lighthouse at dawn" in body and b'name="moderation"' not in body
    assert generated.info["endpoint"] == "images.edit" and generated.info["references"] == 2


def test_key_and_base_url_from_dotenv(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL")
    generator = Script().generator()
    assert generator.available() == (False, "No key found — set OPENAI_API_KEY or add it to .env")
    with pytest.raises(GeneratorUnavailableError, match="No key found"):
        generator.generate(make_job())

    (tmp_path / ".env").write_text(f"OPENAI_API_KEY={KEY}\nOPENAI_BASE_URL=http://dotenv.test/v1\n")
    script = Script(images_answer(png(1920, 1088)))
    assert script.generator().available() == (True, "")
    script.generator().generate(make_job())
    assert str(script.requests[0].url) == "http://dotenv.test/v1/images/generations"
    assert script.requests[0].headers["authorization"] == f"Bearer {KEY}"
    import os

    assert "OPENAI_API_KEY" not in os.environ  # read, not exported


def test_registered_with_capabilities() -> None:
    generator = get_generator("openai", Settings())
    assert isinstance(generator, OpenAIGenerator)
    caps = generator.capabilities  # from the instance's settings
    assert (caps.weights, caps.negative_prompt, caps.references) == (False, False, True)
    assert (caps.dialect, caps.queue, caps.text_quality) == ("natural", "api", "good")
    assert caps.sizes == ()  # gpt-image-2: any size
    assert generator.model_name == "gpt-image-2"


def test_settings_travel_with_the_generator_one_instance_per_settings() -> None:
    """Different settings (another request's or tenant's) get their own generator reporting
    their own model and price; equal settings reuse the warm instance."""
    mini = Settings(openai_image_model="gpt-image-1-mini", prices={"openai:gpt-image-1-mini": 0.02})
    default = Settings(prices={"openai:gpt-image-2": 0.07})
    a, b = get_generator("openai", mini), get_generator("openai", default)
    assert a is not b
    assert (a.model_name, a.capabilities.price_per_image) == ("gpt-image-1-mini", 0.02)
    assert (b.model_name, b.capabilities.price_per_image) == ("gpt-image-2", 0.07)
    assert a.capabilities.sizes == ((1024, 1024), (1536, 1024), (1024, 1536))
    assert b.capabilities.sizes == ()
    same = Settings(openai_image_model="gpt-image-1-mini", prices={"openai:gpt-image-1-mini": 0.02})
    assert get_generator("openai", same) is a  # equal settings, the warm instance
    from studio.generators.router import price

    assert (price("openai", mini), price("openai", default)) == (0.02, 0.07)
    with pytest.raises(RuntimeError, match="without settings"):
        OpenAIGenerator().model_name  # noqa: B018 - settings never come from a global


# --- failures --------------------------------------------------------------------------------


def test_rate_limit_carries_retry_after_then_succeeds() -> None:
    script = Script(
        error_answer(
            429,
            "Rate limit reached for images per minute",
            "rate_limit_exceeded",
            "requests",
            **{"retry-after": "7"},
        ),
        images_answer(png(1920, 1088)),
    )
    generator = script.generator()
    with pytest.raises(RateLimitedError) as caught:
        generator.generate(make_job())
    assert caught.value.retry_after == 7 and caught.value.retryable
    assert len(script.requests) == 1  # the SDK did not retry on its own
    [generated] = generator.generate(make_job())
    assert generated.image.size == (1920, 1080) and len(script.requests) == 2


def test_quota_exhausted_parks_the_job() -> None:
    script = Script(
        error_answer(
            429,
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        )
    )
    with pytest.raises(QuotaExhaustedError) as caught:
        script.generator().generate(make_job())
    assert not caught.value.retryable and "quota" in str(caught.value)
    assert "OPENAI_API_KEY" in caught.value.hint and len(script.requests) == 1


def test_moderation_blocked_is_a_refusal_with_the_providers_reason() -> None:
    reason = "Your request was rejected by the safety system. safety_violations=[violence]."
    script = Script(error_answer(400, reason, "moderation_blocked", "image_generation_user_error"))
    with pytest.raises(RefusedError) as caught:
        script.generator().generate(make_job())
    assert not caught.value.retryable and "safety_violations=[violence]" in str(caught.value)


def test_server_error_is_transient_then_succeeds() -> None:
    script = Script(
        httpx2.Response(
            500,
            json={
                "error": {
                    "message": "The server had an error",
                    "type": "server_error",
                    "code": None,
                }
            },
        ),
        images_answer(png(1920, 1088)),
    )
    generator = script.generator()
    with pytest.raises(TransientGeneratorError) as caught:
        generator.generate(make_job())
    assert caught.value.retryable and "(500)" in str(caught.value)
    assert len(generator.generate(make_job())) == 1 and len(script.requests) == 2


def test_timeout_is_transient() -> None:
    script = Script(httpx2.ReadTimeout("timed out"))
    with pytest.raises(TransientGeneratorError, match="did not answer within 180 s"):
        script.generator().generate(make_job())


@pytest.mark.parametrize(
    "answer",
    [
        images_answer(b""),  # empty b64_json decodes to no bytes
        httpx2.Response(200, json={"created": 1, "data": [{"b64_json": "%%%not-base64%%%"}]}),
        httpx2.Response(
            200,
            json={"created": 1, "data": [{"b64_json": base64.b64encode(b"not an image").decode()}]},
        ),
        httpx2.Response(200, json={"created": 1, "data": []}),
        httpx2.Response(
            200, text="<html>gateway error</html>", headers={"content-type": "text/html"}
        ),
    ],
    ids=["empty", "bad-base64", "not-an-image", "no-data", "html"],
)
def test_malformed_answers_are_transient(answer) -> None:
    with pytest.raises(TransientGeneratorError) as caught:
        Script(answer).generator().generate(make_job())
    assert caught.value.retryable
    assert caught.value.message.startswith(("OpenAI returned", "OpenAI answered"))


def test_an_image_url_instead_of_bytes_is_not_retried() -> None:
    answer = httpx2.Response(200, json={"created": 1, "data": [{"url": "https://x.test/a.png"}]})
    with pytest.raises(GeneratorError, match="URL instead of image bytes") as caught:
        Script(answer).generator().generate(make_job())
    assert not caught.value.retryable


def test_bad_key_says_which_variable_and_never_echoes_the_key() -> None:
    echoed = f"Incorrect API key provided: {KEY[:8]}****{KEY[-4:]}. Full: {KEY}"
    script = Script(
        error_answer(401, echoed, "invalid_api_key"),
        error_answer(403, f"key {KEY} may not use this model", None),
    )
    generator = script.generator()
    with pytest.raises(GeneratorUnavailableError) as caught:
        generator.generate(make_job())
    assert "OPENAI_API_KEY" in caught.value.hint
    assert_no_key(caught.value)
    with pytest.raises(GeneratorUnavailableError) as caught:
        generator.generate(make_job())
    assert "may not use this model" in str(caught.value)
    assert_no_key(caught.value)


def test_key_appears_in_no_error_and_no_result() -> None:
    answers = [
        error_answer(429, f"slow down {KEY}", "rate_limit_exceeded", **{"retry-after": "1"}),
        error_answer(429, f"quota {KEY}", "insufficient_quota"),
        error_answer(400, f"blocked {KEY}", "moderation_blocked"),
        error_answer(400, f"bad size {KEY}", "invalid_value"),
        httpx2.Response(502, text=f"upstream {KEY}"),
        httpx2.ConnectError(f"refused {KEY}"),
    ]
    script = Script(*answers, images_answer(png(1920, 1088), usage=USAGE))
    generator = script.generator()
    for _ in answers:
        with pytest.raises(GeneratorError) as caught:
            generator.generate(make_job())
        assert_no_key(caught.value)
    [generated] = generator.generate(make_job())
    assert KEY not in json.dumps(generated.info) and KEY not in repr(generated)
    assert KEY not in repr(generator) and KEY not in repr(generator.capabilities)
    assert KEY not in generator.settings.model_dump_json()


def test_template_params_and_format_are_sent_and_checked(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_OPENAI_OUTPUT_FORMAT", "webp")
    reset_settings_cache()
    webp = io.BytesIO()
    Image.new("RGBA", (1024, 1024), (0, 0, 0, 0)).save(webp, format="WEBP")
    script = Script(images_answer(webp.getvalue(), output_format="webp"))
    job = make_job(width=800, height=800, params={"quality": "high", "background": "transparent"})
    [generated] = script.generator().generate(job)
    body = script.json()
    assert (body["quality"], body["background"], body["output_format"]) == (
        "high",
        "transparent",
        "webp",
    )
    assert generated.original == webp.getvalue() and generated.original_media_type == "image/webp"
    assert generated.image.size == (800, 800) and generated.image.mode == "RGBA"

    monkeypatch.setenv("STUDIO_OPENAI_OUTPUT_FORMAT", "jpeg")
    reset_settings_cache()
    with pytest.raises(GeneratorError, match="transparent background needs png or webp"):
        Script().generator().generate(job)  # refused before any request


def test_shared_helpers() -> None:
    from studio.generators import hosted

    assert hosted.parse_retry_after({"Retry-After": "12"}) == 12
    assert hosted.parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert (
        hosted.parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:30 GMT"}, now=1445412480)
        == 30
    )
    assert hosted.parse_retry_after({"Retry-After": "soon"}) is None
    assert hosted.parse_retry_after({}) is None
    assert hosted.parse_duration("33s") == 33 and hosted.parse_duration("1.5s") == 1.5
    assert hosted.flexible_size(1920, 1080) == (1920, 1088)
    assert hosted.flexible_size(512, 512) == (1024, 1024)  # at least ~1 MP
    w, h = hosted.flexible_size(6000, 1000)  # 6:1 clamped to 3:1, at most 2560x1440 pixels
    assert abs(w / h - 3) < 0.05
    assert w * h <= 2560 * 1440 and w % 16 == h % 16 == 0
    assert hosted.nearest_aspect(1920, 1080, ("1:1", "16:9", "21:9")) == "16:9"
    assert hosted.redact(f"key {KEY} and sk-abc****wxyz", KEY) == "key *** and ***"


def test_without_the_sdk_it_says_which_extra_to_install(monkeypatch) -> None:
    import sys

    from studio.generators import openai_gen

    monkeypatch.setattr(openai_gen, "find_spec", lambda name: None)
    ok, why = OpenAIGenerator().available()
    assert not ok and "pip install 'studio[hosted]'" in why
    monkeypatch.setitem(sys.modules, "openai", None)  # import openai -> ImportError
    with pytest.raises(GeneratorUnavailableError, match="openai package is not installed"):
        OpenAIGenerator(Settings()).generate(make_job())
