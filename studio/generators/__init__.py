"""Generator registry. A new generator is one file plus one `register(...)` line below."""

from __future__ import annotations

from studio.errors import GeneratorUnavailableError
from studio.generators.base import Capabilities, GeneratedImage, Generator

_REGISTRY: dict[str, type[Generator]] = {}
_INSTANCES: dict[str, Generator] = {}


def register(cls: type[Generator]) -> type[Generator]:
    _REGISTRY[cls.name] = cls
    return cls


def names() -> list[str]:
    return sorted(_REGISTRY)


def get_generator(name: str) -> Generator:
    """One instance per process (generators keep loaded models warm)."""
    if name not in _REGISTRY:
        raise GeneratorUnavailableError(
            f"unknown generator {name!r}", hint=f"choose one of: {', '.join(names())}"
        )
    if name not in _INSTANCES:
        _INSTANCES[name] = _REGISTRY[name]()
    return _INSTANCES[name]


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

__all__ = ["Capabilities", "GeneratedImage", "Generator", "get_generator", "names", "register"]
