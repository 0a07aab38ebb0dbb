"""Scaffolding the hosted-generator tests share (test_generator_openai.py,
test_generator_gemini.py, test_hosted_cli.py): a scripted server at the SDKs' HTTP transport,
PNG bytes as a provider sends them, a provider environment with no real keys, and the job
those tests generate for.

Nothing here needs the hosted extra at import: httpx2 is imported only when a generator is
made, so each test module still skips itself (with its own reason) when the extra is missing.
"""

from __future__ import annotations

import io
import json
import os
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from studio.config import Settings, reset_settings_cache
from studio.domain import JobSpec

if TYPE_CHECKING:
    import httpx2

#: Every variable a provider SDK reads: removed so no real key on this machine is ever used.
PROVIDER_ENV = ("OPENAI_", "GOOGLE_", "GEMINI_")

G = TypeVar("G")


class Script(Generic[G]):
    """A scripted server at the transport: answers in order, records every request.

    A test module subclasses it with the generator under test as `generator_class`."""

    generator_class: ClassVar[type]

    def __init__(self, *answers: httpx2.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def generator(self, settings: Settings | None = None) -> G:
        """The generator under test, made with `settings` (by default: the test's env)."""
        import httpx2

        client = httpx2.Client(transport=httpx2.MockTransport(self))
        return self.generator_class(settings or Settings(), http_client=client)

    def json(self, i: int = -1) -> dict:
        return json.loads(self.requests[i].content)


def png(
    width: int,
    height: int,
    color: tuple[int, int, int],
    *,
    bands: int = 0,
    credentials: bool = True,
) -> bytes:
    """A PNG as a provider sends it: `credentials` adds a C2PA-style private chunk that must
    survive untouched; `bands` paints blue bands top and bottom (a cover-crop to a wider
    aspect removes them)."""
    image = Image.new("RGB", (width, height), color)
    if bands:
        image.paste((0, 0, 255), (0, 0, width, bands))
        image.paste((0, 0, 255), (0, height - bands, width, height))
    meta = None
    if credentials:
        meta = PngInfo()
        meta.add(b"caBX", b"content-credentials-manifest")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=meta)
    return out.getvalue()


def use_provider_env(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]) -> None:
    """A clean provider environment: every OPENAI_/GOOGLE_/GEMINI_ variable removed, then
    `variables` set, and the settings cache reset so the next Settings() reads them."""
    for name in list(os.environ):
        if name.startswith(PROVIDER_ENV):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    reset_settings_cache()


def assert_no_secret(exc: BaseException, secrets: tuple[str, ...]) -> None:
    """No text an error shows (str, repr, hint, message) contains any of `secrets`."""
    for text in (str(exc), repr(exc), getattr(exc, "hint", "") or "", getattr(exc, "message", "")):
        assert all(secret not in text for secret in secrets), text


def hosted_job(**fields: Any) -> JobSpec:
    """One hosted job of brief b-1 on the api queue; `fields` set the rest (generator, prompt,
    size, seed) and override any default."""
    defaults: dict[str, Any] = dict(
        id="b-1-j00",
        brief_id="b-1",
        template_id="poster",
        template_version="v1",
        queue="api",
    )
    return JobSpec(**{**defaults, **fields})
