"""A development chain made in the test (studio/credentials_keys.py), written where the
settings point, and a second, unrelated one to trust instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config import Settings, reset_settings_cache
from studio.credentials import forget_notices
from studio.credentials_keys import DevChain, make_dev_chain


def write_chain(chain: DevChain, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "cert": folder / "chain.pem",
        "key": folder / "signer.key",
        "root": folder / "root.pem",
    }
    paths["cert"].write_bytes(chain.chain_pem)
    paths["key"].write_bytes(chain.key_pem)
    paths["root"].write_bytes(chain.root_pem)
    return paths


@pytest.fixture(autouse=True)
def _notices_again() -> None:
    forget_notices()  # each test sees the once-per-process notice afresh


@pytest.fixture(scope="session")
def chain() -> DevChain:
    return make_dev_chain(org="Studio test")


@pytest.fixture(scope="session")
def stranger() -> DevChain:
    return make_dev_chain(org="Someone else")


@pytest.fixture
def chain_files(chain: DevChain, tmp_path: Path) -> dict[str, Path]:
    return write_chain(chain, tmp_path / "keys")


@pytest.fixture
def signing(chain_files: dict[str, Path]) -> Settings:
    """Settings that sign with the test chain and trust its root."""
    return Settings(
        c2pa_cert=chain_files["cert"],
        c2pa_key=chain_files["key"],
        c2pa_trust_anchors=chain_files["root"],
    )


@pytest.fixture
def signing_env(
    studio_env: Path, chain_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """studio_env with STUDIO_C2PA_* set to the test chain."""
    monkeypatch.setenv("STUDIO_C2PA_CERT", str(chain_files["cert"]))
    monkeypatch.setenv("STUDIO_C2PA_KEY", str(chain_files["key"]))
    monkeypatch.setenv("STUDIO_C2PA_TRUST_ANCHORS", str(chain_files["root"]))
    reset_settings_cache()
    return studio_env
