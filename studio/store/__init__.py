"""The asset store: where deliverables, job outputs and manifests live. Local directory by
default (OUT/<brief-id>/..., local.py), or S3-compatible storage (s3.py) that workers on
several hosts share: `open_store(settings)` picks one from STUDIO_STORAGE_URL.

Keys are relative ("b-.../jobs/j-0.png"), checked by one rule for every store (base.py), and
can never escape the store's root or prefix. Writes are atomic (a temporary name moved into
place; on S3 one PUT), so a reader never sees a half-written file and a redelivered job can
tell its output already exists."""

from studio.store.base import (
    Store,
    check_key,
    error_code,
    is_transient_storage_error,
    open_store,
    read_url,
    sha256_bytes,
    store_of,
)
from studio.store.local import LocalStore
from studio.store.s3 import S3Store, parse_s3_url, read_s3_url

__all__ = [
    "LocalStore",
    "S3Store",
    "Store",
    "check_key",
    "error_code",
    "is_transient_storage_error",
    "open_store",
    "parse_s3_url",
    "read_s3_url",
    "read_url",
    "sha256_bytes",
    "store_of",
]
