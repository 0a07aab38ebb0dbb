"""What every asset store shares: the Store interface, the one key rule (check_key), the
sha256 of what was written, which storage errors are worth retrying, and the functions that
pick a store from a URL (open_store, store_of, read_url).

The concrete stores (local.py, s3.py) import this module; it imports them only lazily,
inside the functions that pick one, so there is no import circle."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from studio.errors import StorageError

if TYPE_CHECKING:
    from studio.config import Settings

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

# S3 error codes that mean "not there": retrying will not make the object appear
NOT_FOUND_CODES = ("404", "NoSuchKey", "NotFound")
# ...and those a retry cannot fix either (a missing bucket, no permission)
_FINAL_CODES = (*NOT_FOUND_CODES, "NoSuchBucket", "AccessDenied")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_key(key: str) -> list[str]:
    """The parts of a safe key, or StorageError. Every part is a plain name: no empty parts,
    no "." or "..", no leading dot (temporary files), no separators of any kind."""
    parts = key.split("/") if isinstance(key, str) else []
    if not parts or any(not _SAFE_PART.match(p) or p in (".", "..") for p in parts):
        raise StorageError(f"refusing unsafe storage key {key!r}")
    return parts


def error_code(exc: BaseException) -> str:
    """The error code of a botocore ClientError ("NoSuchKey", "404"...), "" for any other."""
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


def is_transient_storage_error(exc: BaseException) -> bool:
    """The store unreachable or failing for now (a timeout, a refused connection, a 5xx, a
    full disk): retry later, it is not the job's fault. A missing asset, a missing bucket,
    no permission, an unsafe key or any other error is not (retrying would not help)."""
    if isinstance(exc, StorageError):
        cause = exc.__cause__
        if cause is None or isinstance(cause, FileNotFoundError):
            return False
        return error_code(cause) not in _FINAL_CODES
    return isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | PermissionError)


class Store(Protocol):
    """What the executor needs from a store; LocalStore and S3Store both provide it."""

    def url(self, key: str) -> str: ...
    def exists(self, key: str) -> bool: ...
    def read(self, key: str) -> bytes: ...
    def write(self, key: str, data: bytes) -> str: ...
    def write_all(self, items: list[tuple[str, bytes]]) -> list[str]: ...
    def list(self, prefix: str) -> list[str]: ...
    def delete_prefix(self, prefix: str) -> None: ...


def open_store(settings: Settings, root: Path | None = None) -> Store:
    """The store STUDIO_STORAGE_URL names: s3://bucket/prefix, a directory (or file:// URL),
    or by default `root` / the output directory."""
    from studio.store.local import LocalStore

    url = settings.storage_url
    if url and url.startswith("s3://"):
        from studio.store.s3 import S3Store

        return S3Store.from_url(url)
    if url:
        return LocalStore(Path(url.removeprefix("file://")).expanduser())
    return LocalStore(Path(root or settings.output_dir))


def store_of(brief_url: str) -> Store:
    """The store holding a brief, from the URL the ledger recorded for its folder
    (`out_dir`): s3://bucket/prefix/<brief-id> or /some/root/<brief-id>."""
    parent = brief_url.rstrip("/").rsplit("/", 1)[0]
    if parent.startswith("s3://"):
        from studio.store.s3 import S3Store

        return S3Store.from_url(parent)
    from studio.store.local import LocalStore

    return LocalStore(Path(parent.removeprefix("file://")))


def read_url(url: str) -> bytes:
    """Read an asset by the URL a store gave for it (manifest paths in the ledger)."""
    if url.startswith("s3://"):
        from studio.store.s3 import read_s3_url

        return read_s3_url(url)
    try:
        return Path(url.removeprefix("file://")).read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {url}: {exc.strerror}") from exc
