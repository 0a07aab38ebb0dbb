"""The asset store: where deliverables, job outputs and manifests live. Local directory by
default (OUT/<brief-id>/...). Paths are always relative to the store root and can never
escape it. Writes go to a temporary name and are moved into place, so a reader never sees a
half-written file and a redelivered job can tell its output already exists."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from studio.errors import StorageError

_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def url(self, key: str) -> str:
        return str(self.path(key))

    def path(self, key: str) -> Path:
        """Resolve a store key like "b-.../storyboard.png" inside the root, or refuse."""
        parts = key.split("/")
        if not parts or any(not _SAFE_PART.match(p) or p in (".", "..") for p in parts):
            raise StorageError(f"refusing unsafe storage key {key!r}")
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
            str(p.relative_to(self.root)) for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")
        )
