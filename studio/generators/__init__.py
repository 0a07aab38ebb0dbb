"""Generator registry. A new generator is one file plus one `register(...)` line below.

`get_generator(name, settings)` keeps one instance per (name, settings): the same settings
reuse the warm instance (loaded models, open clients), different settings (another request's
or tenant's) get their own.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from studio.config import Settings
from studio.errors import GeneratorUnavailableError
from studio.generators.base import Capabilities, GeneratedImage, Generator

MAX_INSTANCES = 64  # least recently used instances beyond this are dropped

_REGISTRY: dict[str, type[Generator]] = {}
_INSTANCES: OrderedDict[tuple[str, str], Generator] = OrderedDict()
_LOCK = threading.Lock()


def register(cls: type[Generator]) -> type[Generator]:
    _REGISTRY[cls.name] = cls
    return cls


def names() -> list[str]:
    return sorted(_REGISTRY)


def text_quality(name: str) -> str:
    """How well generator `name` letters text ("none", "poor", "good"; "none" if unknown)."""
    cls = _REGISTRY.get(name)
    return cls.capabilities.text_quality if cls is not None else "none"


def settings_fingerprint(settings: Settings) -> str:
    """A stable key for a Settings object: equal settings, equal fingerprint."""
    return hashlib.sha256(settings.model_dump_json().encode()).hexdigest()


def get_generator(name: str, settings: Settings) -> Generator:
    """The generator `name` made with `settings`, one instance per (name, settings)."""
    if name not in _REGISTRY:
        raise GeneratorUnavailableError(
            f"unknown generator {name!r}", hint=f"choose one of: {', '.join(names())}"
        )
    key = (name, settings_fingerprint(settings))
    with _LOCK:
        generator = _INSTANCES.get(key)
        if generator is None:
            generator = _INSTANCES[key] = _REGISTRY[name](settings)
            while len(_INSTANCES) > MAX_INSTANCES:
                _INSTANCES.popitem(last=False)
        else:
            _INSTANCES.move_to_end(key)
        return generator


def _register_builtins() -> None:
    from studio.generators.offline import OfflineGenerator

    register(OfflineGenerator)

    # local diffusion: torch/diffusers load only when used; without the extra available() says so
    from studio.generators.diffusion import DiffusersGenerator

    register(DiffusersGenerator)

    # hosted APIs: their SDKs load only when used; without the `hosted` extra available() says so
    from studio.generators.gemini_gen import GeminiGenerator
    from studio.generators.openai_gen import OpenAIGenerator

    register(OpenAIGenerator)
    register(GeminiGenerator)

    from studio.generators.testing import register_if_enabled

    register_if_enabled()  # delay, fail, flaky, poison: only with STUDIO_TEST_GENERATORS=1


_register_builtins()

__all__ = [
    "Capabilities",
    "GeneratedImage",
    "Generator",
    "get_generator",
    "names",
    "register",
    "settings_fingerprint",
]
