"""Files a user uploads (through the HTTP API) before they are attached to a brief: earnings
releases (PDF documents) and reference images (PNG, JPEG, WebP).

`save_upload` streams the upload in chunks into `ROOT/uploads/<owner-hash>/<id>.<ext>`: the
name on disk is always the server's (`up_` + 32 hex digits and the extension of the sniffed
type), never the client's, whose file name is kept only as sanitised metadata for display.
The size limit is enforced while reading (nothing over it is kept), the type comes from the
file's first bytes (never its name or the client's Content-Type), and the file is written
atomically (a temporary name fsynced and moved into place), 0644. Its metadata (an `Upload`)
is stored beside it as `<id>.json`, written last, so an upload without one never happened.

`load_upload` finds an upload again by id, only among its owner's: a malformed id, another
owner's id or an unknown one are all NotFoundError, and nothing in an id can reach outside
the owner's folder. `Upload.file(root)` is the local path to give `BriefRequest`; the file's
contents are checked (a PDF that opens, an image that decodes) by studio.attachments when the
brief is made, as for any other attachment."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError

from studio.errors import NotFoundError, StorageError, UnsupportedMediaError, UploadTooLargeError
from studio.store.local import LocalStore

Kind = Literal["document", "reference"]

CHUNK = 1024 * 1024
NAME_MAX = 128
FILE_MODE = 0o644
UPLOADS = "uploads"
_ID = re.compile(r"up_[0-9a-f]{32}")
_FIELD: dict[Kind, str] = {"document": "documents", "reference": "references"}
# media type -> (kind, extension on disk)
_TYPES: dict[str, tuple[Kind, str]] = {
    "application/pdf": ("document", "pdf"),
    "image/png": ("reference", "png"),
    "image/jpeg": ("reference", "jpg"),
    "image/webp": ("reference", "webp"),
}
_SNIFF_BYTES = 12  # enough for every signature below (WebP's is RIFF....WEBP)


class Readable(Protocol):
    def read(self, n: int = ..., /) -> bytes: ...


class Upload(BaseModel):
    """One uploaded file, as stored beside it in `<id>.json` and returned to the client."""

    id: str
    owner: str
    kind: Kind
    media_type: str
    size: int
    sha256: str
    original_name: str
    path: str  # server-side, relative to the uploads root (a store key)
    created_at: datetime

    def file(self, root: Path) -> Path:
        """The absolute path of the uploaded file under `root` (re-checked: a store key)."""
        return LocalStore(root).path(self.path)


def sniff(head: bytes) -> str | None:
    """The media type a file's first bytes say it is, or None for anything Studio refuses."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


_DROP = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def sanitise_name(name: str | None) -> str:
    """A client's file name made safe to show and to store as metadata: percent-encoding
    decoded, NFKC-normalised (fullwidth dots and slashes become plain ones), only its last
    path component kept, control and format characters (NUL, RTL overrides, zero-width
    characters) removed, every ".." removed, leading and trailing dots and spaces trimmed, at
    most 128 characters (the extension kept), "upload" when nothing is left."""
    text = name or ""
    for _ in range(8):  # %252e%252e → %2e%2e → .. ; stop once it is stable
        decoded = unicodedata.normalize("NFKC", unquote(text, errors="replace"))
        if decoded == text:
            break
        text = decoded
    text = "".join(" " if c.isspace() else c for c in text if unicodedata.category(c) not in _DROP)
    parts = [p for p in re.split(r"[/\\]", text) if p.strip(" .")]
    text = parts[-1] if parts else ""
    while ".." in text:
        text = text.replace("..", ".")
    text = " ".join(text.split()).strip(" .")
    if len(text) > NAME_MAX:
        stem, dot, ext = text.rpartition(".")
        if dot and stem and len(ext) <= 16:
            text = f"{stem[: NAME_MAX - len(ext) - 1].rstrip(' .')}.{ext}"
        else:
            text = text[:NAME_MAX].rstrip(" .")
    return text or "upload"


def owner_folder(owner: str) -> str:
    """The owner's folder under uploads/: a hash, so no owner name reaches the file system."""
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()[:32]


def _field(kind: Kind | None) -> str | None:
    return _FIELD[kind] if kind else None


def _open_temp(folder: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = folder / f".tmp-{secrets.token_hex(8)}.part"
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:
            continue
        os.fchmod(fd, FILE_MODE)  # 0644 whatever the umask
        return fd, tmp
    raise StorageError(f"no free temporary name in {folder}")


def _read(stream: Readable, n: int) -> bytes:
    data = stream.read(n)
    if data is None:  # a non-blocking stream with nothing yet: treated as the end
        return b""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"upload stream returned {type(data).__name__}, not bytes")
    return bytes(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _too_large(max_bytes: int, kind: Kind | None) -> UploadTooLargeError:
    return UploadTooLargeError(
        f"upload is over the {max_bytes / 1e6:.1f} MB limit",
        hint="upload a smaller file",
        field=_field(kind),
    )


def _check_type(head: bytes, kind: Kind | None) -> tuple[str, Kind, str]:
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedMediaError(
            "upload is not a PDF, PNG, JPEG or WebP file",
            hint="upload a PDF as one of the `documents` or an image as one of the `references`",
            field=_field(kind),
        )
    found, ext = _TYPES[media_type]
    if kind is not None and found != kind:
        what = "a PDF" if found == "document" else "an image"
        raise UnsupportedMediaError(
            f"upload is {what}, which cannot be a {kind}",
            hint="send a PDF as one of the `documents` and images as `references`",
            field=_field(kind),
        )
    return media_type, found, ext


def _write_json(folder: Path, target: Path, text: str) -> None:
    fd, tmp = _open_temp(folder)
    try:
        _write_all(fd, text.encode("utf-8"))
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise


def save_upload(
    stream: Readable,
    *,
    filename: str | None,
    root: Path,
    owner: str,
    kind: Kind | None = None,
    max_bytes: int,
) -> Upload:
    """Stream `stream` (anything with a binary `.read(n)`) into the owner's uploads under
    `root` (see the module docstring). `kind` None takes a PDF as a document and an image as
    a reference. UploadTooLargeError past `max_bytes`, UnsupportedMediaError for any other
    type or the wrong kind; nothing is left behind by a refused or failed upload."""
    store = LocalStore(root)
    upload_id = f"up_{secrets.token_hex(16)}"
    folder_key = f"{UPLOADS}/{owner_folder(owner)}"
    folder = store.path(folder_key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the uploads folder {folder}: {exc}") from exc

    # the first bytes say what it is: refuse before writing anything
    head = b""
    while len(head) < _SNIFF_BYTES:
        chunk = _read(stream, _SNIFF_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    media_type, found, ext = _check_type(head, kind)
    if len(head) > max_bytes:
        raise _too_large(max_bytes, found)

    key = f"{folder_key}/{upload_id}.{ext}"
    target = store.path(key)
    digest = hashlib.sha256(head)
    size = len(head)
    fd, tmp = _open_temp(folder)
    try:
        _write_all(fd, head)
        while chunk := _read(stream, CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes, found)
            digest.update(chunk)
            _write_all(fd, chunk)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        tmp.unlink(missing_ok=True)
        raise

    upload = Upload(
        id=upload_id,
        owner=owner,
        kind=found,
        media_type=media_type,
        size=size,
        sha256=digest.hexdigest(),
        original_name=sanitise_name(filename),
        path=key,
        created_at=datetime.now(UTC),
    )
    try:
        _write_json(folder, store.path(f"{folder_key}/{upload_id}.json"), upload.model_dump_json())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return upload


def load_upload(root: Path, owner: str, upload_id: str) -> Upload:
    """The owner's upload `upload_id`, or NotFoundError: for an id that is malformed, unknown
    or another owner's alike (so an id tells nothing about anyone else's uploads)."""
    missing = NotFoundError(
        f"no upload {upload_id!r}" if len(str(upload_id)) <= 64 else "no such upload",
        hint="upload the file again, or use an id an upload of yours returned",
    )
    if not isinstance(upload_id, str) or not _ID.fullmatch(upload_id):
        raise missing
    store = LocalStore(root)
    folder_key = f"{UPLOADS}/{owner_folder(owner)}"
    try:
        text = store.path(f"{folder_key}/{upload_id}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise missing from None
    except OSError as exc:
        raise StorageError(f"cannot read upload {upload_id}: {exc}") from exc
    try:
        upload = Upload.model_validate_json(text)
    except ValidationError as exc:
        raise StorageError(f"upload {upload_id} has damaged metadata") from exc
    ext = _TYPES.get(upload.media_type, (None, ""))[1]
    if (
        upload.id != upload_id
        or upload.owner != owner
        or upload.path != f"{folder_key}/{upload_id}.{ext}"
        or not store.path(upload.path).is_file()
    ):
        raise missing
    return upload
