"""The asset store: where deliverables, job outputs and manifests live. Local directory by
default (OUT/<brief-id>/...), or S3-compatible storage (store_s3.py) that workers on several
hosts share: `open_store(settings)` picks one from STUDIO_STORAGE_URL.

Keys are relative ("b-.../jobs/j-0.png"), checked by one rule for every store, and can never
escape the store's root or prefix. Writes are atomic (a temporary name moved into place; on
S3 one PUT), so a reader never sees a half-written file and a redelivered job can tell its
output already exists."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from studio.errors import StorageError

if TYPE_CHECKING:
    from studio.config import Settings

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_pool: ThreadPoolExecutor | None = None


def _fsync_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None or getattr(_pool, "_studio_pid", None) != os.getpid():  # not across fork
        _pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="studio-fsync")
        _pool._studio_pid = os.getpid()  # type: ignore[attr-defined]
    return _pool


def check_key(key: str) -> list[str]:
    """The parts of a safe key, or StorageError. Every part is a plain name: no empty parts,
    no "." or "..", no leading dot (temporary files), no separators of any kind."""
    parts = key.split("/") if isinstance(key, str) else []
    if not parts or any(not _SAFE_PART.match(p) or p in (".", "..") for p in parts):
        raise StorageError(f"refusing unsafe storage key {key!r}")
    return parts


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
    url = settings.storage_url
    if url and url.startswith("s3://"):
        from studio.store_s3 import S3Store

        return S3Store.from_url(url)
    if url:
        return LocalStore(Path(url.removeprefix("file://")).expanduser())
    return LocalStore(Path(root or settings.output_dir))


def store_of(brief_url: str) -> Store:
    """The store holding a brief, from the URL the ledger recorded for its folder
    (`out_dir`): s3://bucket/prefix/<brief-id> or /some/root/<brief-id>."""
    parent = brief_url.rstrip("/").rsplit("/", 1)[0]
    if parent.startswith("s3://"):
        from studio.store_s3 import S3Store

        return S3Store.from_url(parent)
    return LocalStore(Path(parent.removeprefix("file://")))


def read_url(url: str) -> bytes:
    """Read an asset by the URL a store gave for it (manifest paths in the ledger)."""
    if url.startswith("s3://"):
        from studio.store_s3 import read_s3_url

        return read_s3_url(url)
    try:
        return Path(url.removeprefix("file://")).read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {url}: {exc.strerror}") from exc


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def url(self, key: str) -> str:
        return str(self.path(key))

    def path(self, key: str) -> Path:
        """Resolve a store key like "b-.../storyboard.png" inside the root, or refuse."""
        parts = check_key(key)
        path = (self.root / Path(*parts)).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"refusing storage key {key!r}: it escapes the store root")
        return path

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def read(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"missing asset {key!r} in {self.root}") from exc

    def write(self, key: str, data: bytes) -> str:
        """Atomic write: temp file in the same directory, fsync, rename. Returns sha256."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256_bytes(data)

    def write_all(self, items: list[tuple[str, bytes]]) -> list[str]:
        """Several atomic writes, made durable together (the fsyncs run at once, so the disk
        flushes them as one) and moved into place in the given order: a reader that sees the
        last one (a job's record) finds every earlier one whole. Returns their sha256s."""
        staged: list[tuple[Path, str]] = []
        fds: list[int] = []
        try:
            for key, data in items:
                path = self.path(key)
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
                fds.append(fd)
                staged.append((path, tmp))
                _write_fd(fd, data)
            if len(fds) > 1:
                list(_fsync_pool().map(os.fsync, fds))
            elif fds:
                os.fsync(fds[0])
            while fds:
                os.close(fds.pop())
            for path, tmp in staged:
                os.replace(tmp, path)
        except BaseException:
            while fds:
                with contextlib.suppress(OSError):
                    os.close(fds.pop())
            for _path, tmp in staged:
                Path(tmp).unlink(missing_ok=True)
            raise
        return [sha256_bytes(data) for _, data in items]

    def delete_prefix(self, prefix: str) -> None:
        """Remove a brief's directory (used when a run fails before producing anything)."""
        import shutil

        path = self.path(prefix)
        if path.is_dir():
            shutil.rmtree(path)

    def list(self, prefix: str) -> list[str]:
        base = self.path(prefix)
        if not base.is_dir():
            return []
        return sorted(
            str(p.relative_to(self.root))
            for p in base.rglob("*")
            if p.is_file() and not p.name.startswith(".tmp-")
        )
