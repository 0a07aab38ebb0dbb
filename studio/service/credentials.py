"""Content Credentials operations for the faces: `dev_cert` (a development signing chain on
disk, and the settings that use it) and `verify` (a file's credentials read back and checked
against the configured trust anchors). Signing itself happens in the executor
(studio/credentials.py), whenever STUDIO_C2PA_CERT and STUDIO_C2PA_KEY are set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from studio.config import Settings
from studio.errors import AttachmentError, ConfigError, ExtraMissingError, StorageError


class DevCertView(BaseModel):
    chain: str  # STUDIO_C2PA_CERT
    key: str  # STUDIO_C2PA_KEY
    trust_anchors: str  # STUDIO_C2PA_TRUST_ANCHORS
    env: dict[str, str]  # the lines to set, in order


class IngredientView(BaseModel):
    title: str
    relationship: str
    signer: str | None = None


class CredentialsView(BaseModel):
    """A file's credentials. `trusted`: intact and signed by a chain the anchors hold;
    `found` False: the file carries none."""

    path: str
    found: bool
    trusted: bool = False
    state: str | None = None  # c2pa's word: Trusted, Valid (intact, signer unknown), Invalid
    signer: str | None = None
    issuer: str | None = None
    alg: str | None = None
    signed_at: str | None = None
    actions: list[dict[str, Any]] = Field(default_factory=list)
    ingredients: list[IngredientView] = Field(default_factory=list)
    assertions: dict[str, Any] = Field(default_factory=dict)
    failures: list[str] = Field(default_factory=list)
    trust_anchors: str | None = None  # the PEM file checked against; None: none configured


CHAIN, KEY, ROOT = "c2pa-chain.pem", "c2pa-signer.key", "c2pa-root.pem"


def dev_cert(*, out_dir: Path, force: bool = False) -> DevCertView:
    """Write a fresh development chain into `out_dir` (the key readable by its owner only)
    and return the settings that sign with it and trust it. Existing files are kept unless
    `force`."""
    from studio.credentials_keys import make_dev_chain

    out_dir = Path(out_dir)
    paths = {name: (out_dir / name).resolve() for name in (CHAIN, KEY, ROOT)}
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing and not force:
        raise StorageError(
            f"{', '.join(existing)} already exist",
            hint="choose another --out, or pass --force to replace them",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise StorageError(f"{out_dir} is a file", hint="choose another --out")
    chain = make_dev_chain()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths[CHAIN].write_bytes(chain.chain_pem)
    paths[ROOT].write_bytes(chain.root_pem)
    fd = os.open(paths[KEY], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(chain.key_pem)
    os.chmod(paths[KEY], 0o600)  # an existing file replaced with --force keeps no wider mode
    env = {
        "STUDIO_C2PA_CERT": str(paths[CHAIN]),
        "STUDIO_C2PA_KEY": str(paths[KEY]),
        "STUDIO_C2PA_TRUST_ANCHORS": str(paths[ROOT]),
    }
    return DevCertView(
        chain=str(paths[CHAIN]), key=str(paths[KEY]), trust_anchors=str(paths[ROOT]), env=env
    )


def verify(*, path: Path, settings: Settings, trust_anchors: Path | None = None) -> CredentialsView:
    """The credentials of the image at `path`, checked against `trust_anchors` (a PEM file;
    default STUDIO_C2PA_TRUST_ANCHORS). Without anchors a file is at best intact, never
    trusted."""
    try:
        import c2pa  # noqa: F401

        from studio.credentials_read import read_credentials
    except ImportError as exc:
        raise ExtraMissingError("Reading Content Credentials", "c2pa") from exc
    path = Path(path)
    if not path.is_file():
        raise AttachmentError(f"no file at {path}", hint="give the path of an image")
    anchors_path = trust_anchors or settings.c2pa_trust_anchors
    anchors = None
    if anchors_path is not None:
        try:
            anchors = Path(anchors_path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"cannot read the trust anchors {anchors_path}: {exc.strerror or exc}",
                hint="set STUDIO_C2PA_TRUST_ANCHORS (or --trust-anchors) to a PEM file",
            ) from exc
    found = read_credentials(path.read_bytes(), trust_anchors=anchors)
    return CredentialsView(
        path=str(path),
        found=found.found,
        trusted=found.trusted,
        state=found.state,
        signer=found.signer,
        issuer=found.issuer,
        alg=found.alg,
        signed_at=found.signed_at,
        actions=found.actions,
        ingredients=[IngredientView(**vars(i)) for i in found.ingredients],
        assertions=found.assertions,
        failures=found.failures,
        trust_anchors=str(anchors_path) if anchors_path is not None else None,
    )
