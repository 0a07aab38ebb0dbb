"""`studio run --generator openai|gemini` end to end against OpenAI-/Gemini-compatible
endpoints on loopback: the real SDKs, the real CLI, scripted HTTP answers."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from studio.domain import Manifest
from tests.generators.hosted_support import png

pytest.importorskip("openai")
pytest.importorskip("google.genai")

KEY = "sk-test-DO-NOT-LEAK-1234567890"
BRIEF = "a photoreal fashion portrait of a woman in a red coat"


class Provider:
    """Scripted answers: each path pops the next (status, body) or repeats the last one."""

    def __init__(self) -> None:
        self.script: dict[str, list[tuple[int, dict]]] = {}
        self.requests: list[tuple[str, dict]] = []

    def answer(self, path: str) -> tuple[int, dict]:
        for prefix, answers in self.script.items():
            if path.startswith(prefix):
                return answers.pop(0) if len(answers) > 1 else answers[0]
        return 404, {"error": {"message": "not scripted", "type": "invalid_request_error"}}


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch):
    state = Provider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("content-length", 0))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"raw": len(raw)}
            state.requests.append((self.path, body))
            status, payload = state.answer(self.path)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{base}/v1")
    monkeypatch.setenv("GOOGLE_API_KEY", KEY)
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", base)
    yield state
    server.shutdown()


def _openai_ok(color=(200, 30, 30)) -> tuple[int, dict]:
    image = base64.b64encode(png(1024, 1536, color, credentials=False)).decode()
    return 200, {
        "created": 1,
        "data": [{"b64_json": image}],
        "usage": {
            "input_tokens": 50,
            "output_tokens": 1000,
            "total_tokens": 1050,
            "input_tokens_details": {"text_tokens": 50, "image_tokens": 0},
        },
    }


def _gemini_ok(color=(30, 30, 200)) -> tuple[int, dict]:
    image = base64.b64encode(png(896, 1152, color, credentials=False)).decode()
    return 200, {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [{"inlineData": {"mimeType": "image/png", "data": image}}],
                },
                "finishReason": "STOP",
            }
        ]
    }


def _manifest(out: str) -> Manifest:
    return Manifest.model_validate(json.loads(out))


def test_openai_run_through_the_cli(cli, provider, studio_env: Path) -> None:
    provider.script["/v1/images/generations"] = [_openai_ok()]
    r = cli("run", BRIEF, "--generator", "openai", "--json")
    assert r.code == 0, r.err
    m = _manifest(r.out)
    job = m.jobs[0]
    assert job.generator == "openai" and job.model and job.state.value == "succeeded"
    (deliverable,) = [a for a in m.assets if a.kind == "deliverable"]
    with Image.open(studio_env / m.brief.id / deliverable.path) as im:
        assert im.size == (deliverable.width, deliverable.height)
        assert "compositeWithTrainedAlgorithmicMedia" in im.info["XML:com.adobe.xmp"]
        assert im.getpixel((im.width // 2, im.height // 3))[0] > 150  # the provider's red
    (original,) = [a for a in m.assets if a.kind == "original"]  # provider bytes kept, listed
    sent = base64.b64decode(_openai_ok()[1]["data"][0]["b64_json"])
    assert (studio_env / m.brief.id / original.path).read_bytes() == sent
    assert original.sha256 == __import__("hashlib").sha256(sent).hexdigest()
    path, body = provider.requests[0]
    assert "Avoid:" in body["prompt"] and "(" not in body["prompt"].split("Avoid:")[0][:5]
    assert m.plan.jobs[0].route == "openai chosen by --generator"
    assert KEY not in r.out and KEY not in (studio_env / m.brief.id / "manifest.json").read_text()


def test_gemini_run_through_the_cli(cli, provider, studio_env: Path) -> None:
    provider.script["/v1/models/"] = [_gemini_ok()]
    r = cli("run", BRIEF, "--generator", "gemini", "--json")
    assert r.code == 0, (r.err, provider.requests[:1] and provider.requests[0][0])
    m = _manifest(r.out)
    assert m.jobs[0].generator == "gemini" and m.state.value == "succeeded"
    path, body = provider.requests[0]
    assert ":generateContent" in path
    assert KEY not in r.out


def test_a_refusal_ends_the_brief_refused_with_the_providers_reason(
    cli, provider, studio_env
) -> None:
    provider.script["/v1/images/generations"] = [
        (
            400,
            {
                "error": {
                    "message": "Your request was rejected by the safety system.",
                    "type": "image_generation_user_error",
                    "code": "moderation_blocked",
                    "param": None,
                }
            },
        )
    ]
    r = cli("run", BRIEF, "--generator", "openai", "--json")
    assert r.code != 0
    m = _manifest(r.out)
    assert m.state.value == "refused" and "safety" in (m.error or "").lower()
    assert len(provider.requests) == 1  # never retried
    status = cli("status", m.brief.id, "--json").json()
    assert status["state"] == "refused" and status["error"]


def test_auto_routing_uses_a_configured_hosted_model(cli, provider, studio_env) -> None:
    provider.script["/v1/images/generations"] = [_openai_ok()]
    r = cli("plan", BRIEF, "--json")
    plan = json.loads(r.out)
    assert plan["jobs"][0]["generator"] == "openai"
    assert "first usable generator" in plan["jobs"][0]["route"]
    assert plan["estimated_cost_usd"] > 0
    r = cli("plan", BRIEF, "--max-cost", "0.001")
    assert r.code != 0 and "over the limit" in r.err


def test_rate_limited_then_success_is_retried_after_retry_after(
    cli, provider, studio_env, monkeypatch
) -> None:
    monkeypatch.setenv("STUDIO_RETRY_BACKOFF_S", "0.05")
    provider.script["/v1/images/generations"] = [
        (
            429,
            {
                "error": {
                    "message": "Rate limit reached",
                    "type": "requests",
                    "code": "rate_limit_exceeded",
                }
            },
        ),
        _openai_ok(),
    ]
    r = cli("run", BRIEF, "--generator", "openai", "--json")
    assert r.code == 0, r.err
    m = _manifest(r.out)
    assert m.state.value == "succeeded" and m.jobs[0].attempts == 2
    assert len(provider.requests) == 2


def test_a_permanent_failure_falls_back_to_the_next_generator(cli, provider, studio_env) -> None:
    provider.script["/v1/images/generations"] = [
        (
            400,
            {
                "error": {
                    "message": "Invalid size for this model",
                    "type": "invalid_request_error",
                    "code": "invalid_value",
                }
            },
        )
    ]
    provider.script["/v1/models/"] = [_gemini_ok()]
    r = cli("run", BRIEF, "--json")  # auto: openai first, gemini as fallback
    assert r.code == 0, r.err
    m = _manifest(r.out)
    job = m.jobs[0]
    assert (
        job.generator == "gemini" and job.fallbacks and job.fallbacks[0].startswith("openai failed")
    )
    gemini_body = next(body for path, body in provider.requests if ":generateContent" in path)
    assert "Avoid:" in json.dumps(gemini_body)  # natural dialect for the hosted fallback
