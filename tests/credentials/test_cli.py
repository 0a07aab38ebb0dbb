"""`studio keys dev-cert` and `studio verify FILE` through the real CLI entry point: the dev
chain it writes signs a brief's files, and verify's exit code says whether they validate."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytest.importorskip("c2pa")


def test_dev_cert_signs_a_run_that_verify_trusts_and_only_with_its_root(
    cli, studio_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stranger
) -> None:
    keys = tmp_path / "dev"
    made = cli("keys", "dev-cert", "--out", str(keys))
    assert made.code == 0, made.err
    env = dict(line.split("=", 1) for line in made.out.strip().splitlines())
    assert sorted(env) == ["STUDIO_C2PA_CERT", "STUDIO_C2PA_KEY", "STUDIO_C2PA_TRUST_ANCHORS"]
    assert stat.S_IMODE(os.stat(env["STUDIO_C2PA_KEY"]).st_mode) == 0o600
    key_text = Path(env["STUDIO_C2PA_KEY"]).read_text()
    assert "PRIVATE KEY" in key_text and key_text not in made.out + made.err
    again = cli("keys", "dev-cert", "--out", str(keys))
    assert again.code != 0 and "--force" in again.err

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = cli("run", "A Polaroid storyboard of a lighthouse", "--size", "320x240", "--json")
    assert run.code == 0, run.err
    board = next(studio_env.glob("*/polaroid-storyboard.png"))

    ok = cli("verify", str(board))
    assert ok.code == 0, ok.out + ok.err
    assert "Studio development signer" in ok.out and "c2pa.placed" in ok.out
    assert "componentOf" in ok.out and "valid: trusted by" in ok.out

    other = tmp_path / "other-root.pem"
    other.write_bytes(stranger.root_pem)
    refused = cli("verify", str(board), "--trust-anchors", str(other))
    assert refused.code == 1 and "signingCredential.untrusted" in refused.out

    as_json = cli("verify", str(board), "--json").json()
    assert as_json["trusted"] is True and len(as_json["ingredients"]) >= 2


def test_verify_says_when_a_file_has_no_credentials(cli, studio_env: Path) -> None:
    run = cli("run", "A Polaroid storyboard of a lighthouse", "--size", "320x240", "--json")
    assert run.code == 0, run.err
    board = next(studio_env.glob("*/polaroid-storyboard.png"))
    r = cli("verify", str(board))
    assert r.code == 1 and "no Content Credentials" in r.err
    missing = cli("verify", str(studio_env / "nope.png"))
    assert missing.code == 2 and "no file at" in missing.err
