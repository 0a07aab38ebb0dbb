"""`Idempotency-Key`: a repeated identical request gets the brief the first one made; the
same key with a different body is refused (422). Keys are per owner, kept in a small JSON
file beside the ledger (<output dir>/api/idempotency.json), read and written under an
exclusive file lock so that threads and processes sharing the directory agree.

A key is reserved before the brief is submitted and filled in after; a second request
arriving meanwhile gets 409 (try again), and a reservation left by a crash expires."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from studio.api.errors import ApiError

PENDING_S = 600.0  # a reservation older than this was left by a request that died
KEEP = 10_000  # most keys remembered (the oldest are forgotten first)


def digest(payload: Any) -> str:
    """The hash of a request body (any JSON-able value, keys sorted)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class IdempotencyLedger:
    def __init__(self, root: Path) -> None:
        self.path = Path(root) / "api" / "idempotency.json"

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                try:
                    data = json.loads(self.path.read_text() or "{}")
                except (FileNotFoundError, ValueError):
                    data = {}
                before = json.dumps(data, sort_keys=True)
                yield data
                if json.dumps(data, sort_keys=True) != before:
                    if len(data) > KEEP:
                        oldest = sorted(data, key=lambda k: data[k].get("at", 0))
                        for k in oldest[: len(data) - KEEP]:
                            del data[k]
                    tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
                    tmp.write_text(json.dumps(data))
                    os.replace(tmp, self.path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _name(owner: str, key: str) -> str:
        return hashlib.sha256(f"{owner}\0{key}".encode()).hexdigest()

    def reserve(self, owner: str, key: str, body_hash: str) -> str | None:
        """The brief id this key already made (same body), or None after reserving it for a
        new brief. 422 when the key was used with another body, 409 while it is in flight."""
        if not key or len(key) > 255:
            raise ApiError(
                400,
                "BadRequest",
                "Idempotency-Key must be 1 to 255 characters",
                field="Idempotency-Key",
            )
        name = self._name(owner, key)
        with self._locked() as data:
            entry = data.get(name)
            if entry is not None:
                if entry["hash"] != body_hash:
                    raise ApiError(
                        422,
                        "IdempotencyKeyReused",
                        "this Idempotency-Key was used with a different request",
                        hint="use a new key for a new request",
                        field="Idempotency-Key",
                    )
                if entry.get("brief_id"):
                    return str(entry["brief_id"])
                if time.time() - entry.get("at", 0) < PENDING_S:
                    raise ApiError(
                        409,
                        "IdempotencyKeyInFlight",
                        "a request with this Idempotency-Key is still being handled",
                        hint="retry in a moment",
                        field="Idempotency-Key",
                    )
            data[name] = {"hash": body_hash, "brief_id": None, "at": time.time()}
        return None

    def fill(self, owner: str, key: str, brief_id: str) -> None:
        with self._locked() as data:
            entry = data.setdefault(self._name(owner, key), {"at": time.time()})
            entry["brief_id"] = brief_id

    def release(self, owner: str, key: str) -> None:
        """Forget a reservation whose request failed (the key may be used again)."""
        with self._locked() as data:
            entry = data.get(self._name(owner, key))
            if entry is not None and not entry.get("brief_id"):
                del data[self._name(owner, key)]
