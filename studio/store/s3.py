"""S3-compatible asset store: AWS S3, MinIO, Ceph, R2... so workers on several hosts share
job outputs, deliverables and manifests.

    STUDIO_STORAGE_URL=s3://bucket/prefix

Credentials and region come from the standard AWS variables (AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_PROFILE...); AWS_ENDPOINT_URL points at a
non-AWS server, which is then addressed path-style (http://host:9000/bucket/key). The bucket
must exist; Studio never creates buckets.

Same interface and key rules as LocalStore: a key is checked part by part (studio.store.base.
check_key) and always lands under the prefix. An S3 PUT is atomic (readers see the old
object or the new one, never half of it), which is what the temp-file-and-rename of the local
store gives.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from typing import Any

from studio.errors import StorageError
from studio.store.base import NOT_FOUND_CODES, check_key, error_code, sha256_bytes

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_CONTENT_TYPES = {
    ".png": "image/png",
    ".json": "application/json",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
_HINT = (
    "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL and that the bucket exists"
)

# timeouts everywhere; a few retries (with backoff) ride out a blip before Studio's own retry
_CONFIG: dict[str, Any] = {
    "connect_timeout": 5,
    "read_timeout": 60,
    "retries": {"max_attempts": 5, "mode": "standard"},
}
_clients: dict[tuple, Any] = {}  # one boto3 client per process and endpoint (not across fork)
_clients_lock = threading.Lock()


def _client() -> Any:
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    key = (
        os.getpid(),
        endpoint,
        os.environ.get("AWS_ACCESS_KEY_ID"),
        os.environ.get("AWS_PROFILE"),
    )
    with _clients_lock:
        if key not in _clients:
            try:
                import boto3
                from botocore.config import Config
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise StorageError(
                    "STUDIO_STORAGE_URL is s3://... but boto3 is not installed",
                    hint="pip install 'studio[workers]' (or boto3)",
                ) from exc
            # a custom endpoint (MinIO, a test server) has no per-bucket DNS names
            config = Config(**_CONFIG, s3={"addressing_style": "path" if endpoint else "auto"})
            _clients[key] = boto3.client("s3", endpoint_url=endpoint or None, config=config)
        return _clients[key]


def parse_s3_url(url: str) -> tuple[str, str]:
    """s3://bucket/some/prefix -> ("bucket", "some/prefix"); the prefix may be empty."""
    if not url.startswith("s3://"):
        raise StorageError(f"not an s3:// URL: {url!r}", hint="write it as s3://bucket/prefix")
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    if not _BUCKET.match(bucket):
        raise StorageError(
            f"invalid S3 bucket name {bucket!r} in {url!r}",
            hint="bucket names are 3-63 lowercase letters, digits, dots and hyphens",
        )
    prefix = prefix.strip("/")
    if prefix:
        check_key(prefix)
    return bucket, prefix


def _not_found(exc: Exception) -> bool:
    return error_code(exc) in NOT_FOUND_CODES


def read_s3_url(url: str) -> bytes:
    bucket, key = parse_s3_url(url)
    try:
        return _client().get_object(Bucket=bucket, Key=key)["Body"].read()
    except Exception as exc:
        raise StorageError(f"cannot read {url}: {exc}", hint=_HINT) from exc


class S3Store:
    """A store under s3://bucket/prefix (see the module docstring)."""

    def __init__(self, bucket: str, prefix: str = "") -> None:
        self.bucket, self.prefix = parse_s3_url(f"s3://{bucket}/{prefix}")

    @classmethod
    def from_url(cls, url: str) -> S3Store:
        bucket, prefix = parse_s3_url(url)
        return cls(bucket, prefix)

    def _object(self, key: str) -> str:
        parts = check_key(key)
        return "/".join([self.prefix, *parts] if self.prefix else parts)

    def url(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._object(key)}"

    def exists(self, key: str) -> bool:
        name = self._object(key)
        try:
            _client().head_object(Bucket=self.bucket, Key=name)
            return True
        except Exception as exc:
            if _not_found(exc):
                return False
            raise StorageError(
                f"cannot reach s3://{self.bucket}/{name}: {exc}", hint=_HINT
            ) from exc

    def read(self, key: str) -> bytes:
        name = self._object(key)
        try:
            return _client().get_object(Bucket=self.bucket, Key=name)["Body"].read()
        except Exception as exc:
            if _not_found(exc):
                raise StorageError(
                    f"missing asset {key!r} in s3://{self.bucket}/{self.prefix}"
                ) from exc
            raise StorageError(f"cannot read s3://{self.bucket}/{name}: {exc}", hint=_HINT) from exc

    def write(self, key: str, data: bytes) -> str:
        """One PUT with a Content-MD5 the server checks: atomic and verified. Returns sha256."""
        import base64

        name = self._object(key)
        ext = os.path.splitext(name)[1].lower()
        try:
            _client().put_object(
                Bucket=self.bucket,
                Key=name,
                Body=data,
                ContentType=_CONTENT_TYPES.get(ext, "application/octet-stream"),
                ContentMD5=base64.b64encode(hashlib.md5(data).digest()).decode(),  # noqa: S324
            )
        except Exception as exc:
            raise StorageError(
                f"cannot write s3://{self.bucket}/{name}: {exc}", hint=_HINT
            ) from exc
        return sha256_bytes(data)

    def write_all(self, items: list[tuple[str, bytes]]) -> list[str]:
        """Several PUTs: all but the last at once, then the last (a job's record), so a reader
        that sees it finds every earlier object. Returns their sha256s."""
        for key, _ in items:  # every key checked before anything is written
            self._object(key)
        if len(items) > 2:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=min(8, len(items) - 1)) as pool:
                list(pool.map(lambda kv: self.write(*kv), items[:-1]))
        else:
            for key, data in items[:-1]:
                self.write(key, data)
        if items:
            self.write(*items[-1])
        return [sha256_bytes(data) for _, data in items]

    def list(self, prefix: str) -> list[str]:
        """Keys under `prefix`, relative to the store (like LocalStore.list), sorted."""
        base = self._object(prefix) + "/"
        strip = len(self.prefix) + 1 if self.prefix else 0
        out: list[str] = []
        try:
            for page in (
                _client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base)
            ):
                out += [obj["Key"][strip:] for obj in page.get("Contents", [])]
        except Exception as exc:
            raise StorageError(f"cannot list s3://{self.bucket}/{base}: {exc}", hint=_HINT) from exc
        return sorted(out)

    def delete_prefix(self, prefix: str) -> None:
        keys = [self._object(k) for k in self.list(prefix)]
        for i in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            chunk = [{"Key": k} for k in keys[i : i + 1000]]
            try:
                _client().delete_objects(
                    Bucket=self.bucket, Delete={"Objects": chunk, "Quiet": True}
                )
            except Exception as exc:
                raise StorageError(
                    f"cannot delete under s3://{self.bucket}/{prefix}: {exc}", hint=_HINT
                ) from exc
