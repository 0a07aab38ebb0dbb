"""The local asset store: a directory (OUT/<brief-id>/... by default) holding deliverables,
job outputs and manifests.

Keys are checked by the one rule every store shares (base.check_key) and can never escape
the root. Writes are atomic (a temporary name moved into place), so a reader never sees a
half-written file and a redelivered job can tell its output already exists."""

from __future__ import annotations

import contextlib
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from studio.errors import StorageError
from studio.store.base import check_key, sha256_bytes


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


class LocalStore:
    """A store in a local directory (see the module docstring)."""

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
