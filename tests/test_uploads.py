"""Uploads (studio/uploads.py): hostile client file names never reach the file system, the
size limit holds while streaming, the type comes from the bytes, and an owner finds only
their own uploads."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from PIL import Image

from studio.config import REPO_ROOT, Settings
from studio.errors import NotFoundError, UnsupportedMediaError, UploadTooLargeError
from studio.uploads import Upload, load_upload, sanitise_name, save_upload

PDF = REPO_ROOT / "examples" / "northwind-q3-fy2026-release.pdf"
MB = 1024 * 1024


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def _save(root: Path, data: bytes, **kw: object) -> Upload:
    args: dict[str, object] = {"filename": "x", "owner": "alice", "max_bytes": 10 * MB}
    args.update(kw)
    return save_upload(io.BytesIO(data), root=root, **args)  # type: ignore[arg-type]


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


HOSTILE = [
    "../../etc/passwd",
    "..\\..\\x",
    "%2e%2e%2fsecret",
    "%252e%252e%252fsecret",
    "a\x00b.pdf",
    "n" * 10_000 + ".pdf",
    "\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd",  # fullwidth ．．／
    "invoice\u202efdp.exe",  # RTL override: shows as "invoiceexe.pdf"
    "..",
    "",
    None,
    "/",
    "C:\\fakepath\\report.pdf",
    "\u2024\u2024\u2215x",  # one-dot leaders and division slash
    "  .hidden . ",
    "line\nbreak\r\t.pdf",
]


@pytest.mark.parametrize("name", HOSTILE, ids=lambda n: repr(n)[:40])
def test_a_hostile_name_never_reaches_the_file_system(tmp_path: Path, name: str | None) -> None:
    up = _save(tmp_path, _image("PNG"), filename=name)
    file = up.file(tmp_path)
    assert _inside(tmp_path, file) and file.is_file()
    assert file.name == f"{up.id}.png" and up.path == file.relative_to(tmp_path).as_posix()
    assert up.path.startswith("uploads/") and up.path.count("/") == 2
    clean = up.original_name
    assert clean and len(clean) <= 128
    for bad in ("/", "\\", "..", "\x00", "\u202e", "\n", "\r", "\t", "%2e", "%2f"):
        assert bad not in clean.lower()
    assert all(c.isprintable() for c in clean)
    assert not clean.startswith((".", " ")) and not clean.endswith((".", " "))
    # only the upload and its metadata, both inside the owner's folder
    assert [p.name for p in _files(tmp_path)] == sorted([f"{up.id}.json", f"{up.id}.png"])
    assert load_upload(tmp_path, "alice", up.id) == up


def test_the_clean_names_are_useful_for_display() -> None:
    assert sanitise_name("../../etc/passwd") == "passwd"
    assert sanitise_name("..\\..\\x") == "x"
    assert sanitise_name("%2e%2e%2fsecret") == "secret"
    assert sanitise_name("a\x00b.pdf") == "ab.pdf"
    assert sanitise_name("\uff0e\uff0e\uff0fetc\uff0fpasswd") == "passwd"
    assert sanitise_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert sanitise_name("C:\\fakepath\\Q3 release.pdf") == "Q3 release.pdf"
    assert sanitise_name("Ｑ３ résumé.pdf") == "Q3 résumé.pdf"
    long = sanitise_name("n" * 10_000 + ".pdf")
    assert len(long) == 128 and long.endswith(".pdf")
    for empty in ("", None, "..", "/", "%2e%2e%2f", "\u202e"):
        assert sanitise_name(empty) == "upload"


def test_an_oversize_stream_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + b"0" * (3 * MB)

    class Counting(io.BytesIO):
        def read(self, n: int | None = -1, /) -> bytes:
            assert n is not None and 0 < n <= MB  # chunks, never the whole stream
            return super().read(n)

    with pytest.raises(UploadTooLargeError) as err:
        save_upload(
            Counting(data), filename="big.pdf", root=tmp_path, owner="alice", max_bytes=2 * MB
        )
    assert err.value.field == "documents" and err.value.exit_code == 2
    assert _files(tmp_path) == []
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_stream_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    data = _image("PNG")
    up = _save(tmp_path, data, max_bytes=len(data), kind="reference")
    assert up.size == len(data)
    with pytest.raises(UploadTooLargeError) as err:
        _save(tmp_path, data, max_bytes=len(data) - 1, kind="reference")
    assert err.value.field == "references"
    with pytest.raises(UploadTooLargeError):  # smaller than the sniffed head
        _save(tmp_path, data, max_bytes=4)
    assert len(_files(tmp_path)) == 2  # the first one only


def test_a_failing_stream_leaves_no_partial_file(tmp_path: Path) -> None:
    class Broken:
        calls = 0

        def read(self, n: int) -> bytes:
            self.calls += 1
            if self.calls > 2:
                raise ConnectionResetError("client went away")
            return b"%PDF-1.7\n" if self.calls == 1 else b"x" * n

    with pytest.raises(ConnectionResetError):
        save_upload(Broken(), filename="a.pdf", root=tmp_path, owner="alice", max_bytes=MB * 9)
    assert _files(tmp_path) == []


def test_a_png_named_pdf_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedMediaError) as err:
        _save(tmp_path, _image("PNG"), filename="release.pdf", kind="document")
    assert err.value.field == "documents"
    assert _files(tmp_path) == []


def test_a_pdf_is_not_a_reference(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedMediaError) as err:
        _save(tmp_path, PDF.read_bytes(), filename="logo.png", kind="reference")
    assert err.value.field == "references"
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a" + b"\0" * 40, b"<html><script>", b"PK\x03\x04zip", b"RIFF\0\0\0\0WAVEfmt "],
    ids=["empty", "gif", "html", "zip", "wav"],
)
def test_anything_else_is_unsupported(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(UnsupportedMediaError):
        _save(tmp_path, data, filename="x.png")
    assert _files(tmp_path) == []


@pytest.mark.parametrize(
    ("fmt", "media_type", "ext"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
)
def test_images_are_references(tmp_path: Path, fmt: str, media_type: str, ext: str) -> None:
    data = _image(fmt)
    for kind in ("reference", None):
        up = _save(tmp_path, data, filename=f"ref.{ext}", kind=kind)
        assert (up.kind, up.media_type, up.size) == ("reference", media_type, len(data))
        assert up.file(tmp_path).read_bytes() == data
        assert up.original_name == f"ref.{ext}"


def test_a_real_pdf_is_a_document_the_service_can_attach(tmp_path: Path) -> None:
    import hashlib

    from studio import attachments

    data = PDF.read_bytes()
    up = _save(tmp_path, data, filename=PDF.name, kind="document")
    assert (up.kind, up.media_type, up.original_name) == ("document", "application/pdf", PDF.name)
    assert up.id.startswith("up_") and up.path.endswith(f"{up.id}.pdf")
    assert up.sha256 == hashlib.sha256(data).hexdigest()
    att = attachments.document(up.file(tmp_path), Settings())
    assert att.sha256 == up.sha256 and att.pages >= 1


def test_files_are_written_0644(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        up = _save(tmp_path, _image("JPEG"))
    finally:
        os.umask(old)
    for path in (up.file(tmp_path), up.file(tmp_path).with_suffix(".json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_an_owner_finds_only_their_own_uploads(tmp_path: Path) -> None:
    mine = _save(tmp_path, _image("PNG"), owner="alice")
    theirs = _save(tmp_path, _image("PNG"), owner="bob")
    assert load_upload(tmp_path, "alice", mine.id) == mine
    assert load_upload(tmp_path, "bob", theirs.id) == theirs
    with pytest.raises(NotFoundError):
        load_upload(tmp_path, "alice", theirs.id)
    with pytest.raises(NotFoundError):
        load_upload(tmp_path, "bob", mine.id)
    assert Path(mine.path).parent != Path(theirs.path).parent
    assert "alice" not in mine.path and "bob" not in theirs.path


@pytest.mark.parametrize(
    "crafted",
    [
        "../x",
        "up_../../",
        "up_../../etc/passwd",
        "",
        "up_",
        "up_" + "0" * 31,
        "up_" + "0" * 33,
        "UP_" + "0" * 32,
        "up_" + "A" * 32,
        "up_" + "0" * 32 + "\n",
        "up_" + "0" * 32 + ".json",
        "up_" + "0" * 30 + "/.",
        "up_%2e%2e%2f" + "0" * 20,
        "x" * 10_000,
    ],
    ids=lambda s: repr(s)[:30],
)
def test_crafted_ids_are_refused(tmp_path: Path, crafted: str) -> None:
    _save(tmp_path, _image("PNG"))
    with pytest.raises(NotFoundError) as err:
        load_upload(tmp_path, "alice", crafted)
    assert len(str(err.value)) < 300


def test_tampered_metadata_cannot_point_outside(tmp_path: Path) -> None:
    up = _save(tmp_path, _image("PNG"))
    meta = up.file(tmp_path).with_suffix(".json")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nsecret")
    meta.write_text(up.model_copy(update={"path": "secret.png"}).model_dump_json())
    with pytest.raises(NotFoundError):
        load_upload(tmp_path, "alice", up.id)


def test_the_limit_setting_defaults_to_50_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDIO_MAX_UPLOAD_BYTES", raising=False)
    assert Settings().max_upload_bytes == 50 * MB
    monkeypatch.setenv("STUDIO_MAX_UPLOAD_BYTES", "1024")
    assert Settings().max_upload_bytes == 1024
