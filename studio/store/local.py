"""The local asset store: a directory (OUT/<brief-id>/... by default) holding deliverables,
job outputs and manifests.

Keys are checked by the one rule every store shares (base.check_key) and can never escape
the root. Writes are atomic (a temporary name moved into place), so a reader never sees a
half-written file and a redelivered job can tell its output already exists. Files are
created 0666 and directories 0777 less the umask (0644 / 0755 under the usual 022), as any
tool writes them: deliverables are meant to be shared."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from studio.errors import StorageError
from studio.store.base import check_key, sha256_bytes


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _open_temp(folder: Path, suffix: str) -> tuple[int, str]:
    """A new temporary file in `folder` (like tempfile.mkstemp, whose files are always 0600),
    created 0666 less the umask so the file moved into place has a normal tool's mode."""
    for _ in range(100):
        name = folder / f".tmp-{secrets.token_hex(8)}{suffix}"
        try:
            return os.open(name, _TEMP_FLAGS, 0o666), str(name)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _usable(folder: Path) -> bool:
    """Whether this process may list, read and create files in `folder`."""
    return os.access(folder, os.R_OK | os.W_OK | os.X_OK)


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

    def open_root(self, *, hint: str | None = None) -> None:
        """Create the root if needed and check it is a directory this process can read and
        write, or StorageError naming the problem (an operator's to fix, said at once instead
        of as a failed write in the middle of a run). `hint` says where the root came from."""
        root = self.root
        hint = hint or "choose a directory you can write (--out, STUDIO_OUTPUT_DIR)"
        for parent in (root, *root.parents):
            if parent.exists():
                if not parent.is_dir():
                    what = "is a file" if parent == root else f"is inside {parent}, a file"
                    raise StorageError(
                        f"output directory {root} {what}, not a directory", hint=hint
                    )
                break
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create output directory {root}: {exc.strerror or exc}", hint=hint
            ) from exc
        if not _usable(root):
            raise StorageError(
                f"output directory {root} is not readable and writable by this user", hint=hint
            )

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
        fd, tmp = _open_temp(path.parent, path.suffix)
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
                fd, tmp = _open_temp(path.parent, path.suffix)
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
