"""Which storage errors are transient (studio.store.is_transient_storage_error): the store
unreachable for now is worth a later retry, a missing asset or a refused key is not. The
classification must match the storage part of executor.is_infrastructure_error."""

from __future__ import annotations

import errno

import pytest

from studio.errors import StorageError
from studio.store import is_transient_storage_error


class _ClientError(Exception):
    """Shaped like botocore's ClientError: the code lives in response["Error"]["Code"]."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


def _storage_error(cause: BaseException | None) -> StorageError:
    try:
        raise StorageError("cannot read s3://bucket/b-1/x.png") from cause
    except StorageError as exc:
        return exc


CASES: list[tuple[str, BaseException, bool]] = [
    ("unsafe key (no cause)", _storage_error(None), False),
    ("missing local file", _storage_error(FileNotFoundError(errno.ENOENT, "gone")), False),
    ("S3 404", _storage_error(_ClientError("404")), False),
    ("S3 NoSuchKey", _storage_error(_ClientError("NoSuchKey")), False),
    ("S3 NotFound", _storage_error(_ClientError("NotFound")), False),
    ("S3 NoSuchBucket", _storage_error(_ClientError("NoSuchBucket")), False),
    ("S3 AccessDenied", _storage_error(_ClientError("AccessDenied")), False),
    ("S3 SlowDown", _storage_error(_ClientError("SlowDown")), True),
    ("S3 500", _storage_error(_ClientError("InternalError")), True),
    ("connection refused", _storage_error(ConnectionRefusedError(errno.ECONNREFUSED, "x")), True),
    ("timeout behind StorageError", _storage_error(TimeoutError()), True),
    ("any other cause", _storage_error(ValueError("odd")), True),
    ("bare OSError (disk full)", OSError(errno.ENOSPC, "No space left on device"), True),
    ("bare timeout", TimeoutError(), True),
    ("bare FileNotFoundError", FileNotFoundError(errno.ENOENT, "gone"), False),
    ("bare PermissionError", PermissionError(errno.EACCES, "denied"), False),
    ("a bug", ValueError("bug"), False),
    ("some other error", RuntimeError("not storage"), False),
]


@pytest.mark.parametrize(("exc", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_transient_storage_errors(exc: BaseException, expected: bool) -> None:
    assert is_transient_storage_error(exc) is expected


@pytest.mark.parametrize("exc", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_matches_the_storage_part_of_is_infrastructure_error(exc: BaseException) -> None:
    from studio.executor import is_infrastructure_error

    assert is_transient_storage_error(exc) is is_infrastructure_error(exc)


def test_a_real_botocore_client_error() -> None:
    exceptions = pytest.importorskip("botocore.exceptions")
    missing = exceptions.ClientError({"Error": {"Code": "NoSuchKey"}}, "GetObject")
    busy = exceptions.ClientError({"Error": {"Code": "SlowDown"}}, "PutObject")
    assert not is_transient_storage_error(_storage_error(missing))
    assert is_transient_storage_error(_storage_error(busy))
    assert not is_transient_storage_error(missing)  # not an OSError, not wrapped: a bug
