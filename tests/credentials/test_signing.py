"""Signing and reading back (c2pa-python's Builder, Signer and Reader): what a job output and
a deliverable say about themselves, and that validation holds only for the right anchors and
the untouched bytes."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("c2pa")

from studio import credentials, metadata  # noqa: E402
from studio.config import Settings  # noqa: E402
from studio.credentials_read import read_credentials  # noqa: E402

TRAINED = metadata.TRAINED


def _picture(seed: int, size: tuple[int, int] = (32, 24), level: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    if level == 1:
        return metadata.png_bytes(
            Image.fromarray(pixels), source_type=TRAINED, manifest="../manifest.json",
            brief_id="b-test", asset=f"jobs/j{seed}-0.png",
        )  # fmt: skip
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG", compress_level=level)
    return buf.getvalue()


def _output(settings: Settings, data: bytes, **extra: object) -> bytes:
    fields: dict = {
        "brief_id": "b-test", "asset": "jobs/j1-0.png", "manifest": "../manifest.json",
        "source_type": TRAINED, "generator": "diffusers", "model": "sdxl-base", "seed": 7,
    }  # fmt: skip
    return credentials.sign_output(data, settings=settings, **{**fields, **extra})


def test_a_signed_output_reads_back_and_validates_only_against_its_own_root(
    signing: Settings, chain, stranger
) -> None:
    signed = _output(signing, _picture(1))
    # the XMP provenance of studio/metadata.py is still there, beside the credentials
    assert metadata.read_provenance(signed)["DigitalSourceType"] == TRAINED

    mine = read_credentials(signed, trust_anchors=chain.root_pem.decode())
    assert mine.found and mine.state == "Trusted" and mine.trusted and mine.failures == []
    assert mine.signer == "Studio test signer" and mine.alg == "Es256"
    assert mine.actions == [
        {
            "action": "c2pa.created",
            "digitalSourceType": TRAINED,
            "softwareAgent": "diffusers sdxl-base",
        }
    ]
    assert mine.assertions["studio.generation"] == {
        "generator": "diffusers", "model": "sdxl-base", "seed": 7,
    }  # fmt: skip
    assert mine.assertions["studio.manifest"] == {
        "brief_id": "b-test", "manifest": "../manifest.json", "asset": "jobs/j1-0.png",
    }  # fmt: skip

    theirs = read_credentials(signed, trust_anchors=stranger.root_pem.decode())
    assert theirs.found and not theirs.trusted
    assert theirs.state == "Valid" and "signingCredential.untrusted" in theirs.failures
    assert not read_credentials(signed).trusted  # no anchors: intact at best, never trusted


def _tamper_one_pixel_byte(png: bytes) -> bytes:
    """The PNG with the last byte of its pixel data changed, the zlib stream and the chunk
    CRC recomputed so that it still decodes: only the pixels differ."""
    out, pos = bytearray(png[:8]), 8
    idats = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IDAT":
            idats += 1
            raw = bytearray(zlib.decompress(body))
            raw[-1] ^= 0x01  # last byte of the last row: no other pixel depends on it
            body = zlib.compress(bytes(raw), 0)
        out += struct.pack(">I", len(body)) + kind + body
        out += struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        pos += 12 + length
    assert idats == 1
    return bytes(out)


def test_one_changed_byte_of_pixel_data_fails_validation(signing: Settings, chain) -> None:
    signed = _output(signing, _picture(2, level=0))
    assert read_credentials(signed, trust_anchors=chain.root_pem.decode()).trusted
    tampered = _tamper_one_pixel_byte(signed)

    before = np.asarray(Image.open(io.BytesIO(signed)).convert("RGB"))
    after = np.asarray(Image.open(io.BytesIO(tampered)).convert("RGB"))
    assert int((before != after).sum()) == 1  # one value of one pixel, nothing else

    found = read_credentials(tampered, trust_anchors=chain.root_pem.decode())
    assert found.found and not found.trusted and found.state == "Invalid"
    assert "assertion.dataHash.mismatch" in found.failures


def test_a_composed_deliverable_lists_its_pictures_as_ingredients(signing: Settings, chain) -> None:
    store = {
        f"b-test/jobs/j{n}-0.png": _output(signing, _picture(n), asset=f"jobs/j{n}-0.png", seed=n)
        for n in (1, 2, 3)
    }
    board = credentials.sign_deliverable(
        _picture(9, size=(96, 32)), settings=signing, brief_id="b-test", asset="board.png",
        manifest="manifest.json", source_type=metadata.COMPOSITE_TRAINED, layout="grid",
        inputs=list(store), read=store.__getitem__, size=(96, 32),
    )  # fmt: skip
    found = read_credentials(board, trust_anchors=chain.root_pem.decode())
    assert found.trusted
    assert [(i.title, i.relationship, i.signer) for i in found.ingredients] == [
        (f"jobs/j{n}-0.png", "componentOf", "Studio test signer") for n in (1, 2, 3)
    ]
    assert [a["action"] for a in found.actions] == [
        "c2pa.created", "c2pa.placed", "c2pa.placed", "c2pa.placed", "c2pa.edited",
    ]  # fmt: skip
    assert found.actions[0]["digitalSourceType"] == metadata.COMPOSITE_TRAINED
    assert [a.get("ingredients") for a in found.actions[1:4]] == [
        [f"jobs/j{n}-0.png"] for n in (1, 2, 3)
    ]

    # one picture made into a deliverable of its own size is an edit of it (parentOf)
    one = credentials.sign_deliverable(
        _picture(8), settings=signing, brief_id="b-test", asset="card.png",
        manifest="manifest.json", source_type=metadata.COMPOSITE_TRAINED, layout="card",
        inputs=["b-test/jobs/j1-0.png"], read=store.__getitem__, size=(32, 24),
    )  # fmt: skip
    found = read_credentials(one, trust_anchors=chain.root_pem.decode())
    assert found.trusted and [a["action"] for a in found.actions] == ["c2pa.opened", "c2pa.edited"]
    assert [(i.title, i.relationship) for i in found.ingredients] == [("jobs/j1-0.png", "parentOf")]


def test_a_provider_signed_original_is_the_parent_ingredient(
    signing: Settings, chain, stranger, tmp_path
) -> None:
    from tests.credentials.conftest import write_chain

    provider = write_chain(stranger, tmp_path / "provider")
    provider_settings = Settings(c2pa_cert=provider["cert"], c2pa_key=provider["key"])
    original = _output(provider_settings, _picture(4, level=6), generator="openai")
    ours = _output(signing, _picture(4), generator="openai", model="gpt-image-2",
                   original=original, original_media_type="image/png")  # fmt: skip
    found = read_credentials(ours, trust_anchors=chain.root_pem.decode())
    assert found.trusted
    assert [(i.relationship, i.signer) for i in found.ingredients] == [
        ("parentOf", "Someone else signer")
    ]
    assert [a["action"] for a in found.actions] == ["c2pa.opened", "c2pa.converted"]
    assert found.actions[1]["digitalSourceType"] == TRAINED
    # an original without credentials is no ingredient: the output is created, as any other
    plain = _output(signing, _picture(4), original=_picture(4, level=6))
    found = read_credentials(plain, trust_anchors=chain.root_pem.decode())
    assert found.ingredients == [] and found.actions[0]["action"] == "c2pa.created"


def test_a_key_that_cannot_sign_leaves_the_file_unsigned_and_says_so_once(
    chain_files, caplog: pytest.LogCaptureFixture
) -> None:
    chain_files["key"].write_text("not a key")
    settings = Settings(c2pa_cert=chain_files["cert"], c2pa_key=chain_files["key"])
    png = _picture(5)
    with caplog.at_level("INFO", logger="studio.credentials"):
        assert _output(settings, png) == png
        assert _output(settings, png) == png
    said = [r for r in caplog.records if r.name == "studio.credentials"]
    assert len(said) == 1 and said[0].levelname == "WARNING"
    assert "signing failed" in said[0].getMessage() and "not a key" not in said[0].getMessage()
