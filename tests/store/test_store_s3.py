"""The S3-compatible store against a real S3 server on loopback (moto's), through boto3 and
the standard AWS variables, the way workers on several hosts would share assets."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from studio.errors import StorageError
from tests.workers_support import free_port

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch):
    """A fresh bucket; AWS_* pointed at the server as a deployment would set them."""
    for key, value in {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    bucket = f"studio-{secrets.token_hex(4)}"
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=bucket)
    return client, bucket


def test_round_trip_under_the_prefix(s3) -> None:
    from studio.store.s3 import S3Store

    client, bucket = s3
    store = S3Store.from_url(f"s3://{bucket}/team/assets/")
    assert store.prefix == "team/assets"
    digest = store.write("b-1/jobs/j-0.png", b"abc")
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    store.write("b-1/manifest.json", b"{}")
    store.write("b-2/plan.json", b"{}")
    assert store.exists("b-1/jobs/j-0.png") and not store.exists("b-1/jobs/j-1.png")
    assert store.read("b-1/jobs/j-0.png") == b"abc"
    assert store.list("b-1") == ["b-1/jobs/j-0.png", "b-1/manifest.json"]
    assert store.url("b-1/manifest.json") == f"s3://{bucket}/team/assets/b-1/manifest.json"
    head = client.head_object(Bucket=bucket, Key="team/assets/b-1/jobs/j-0.png")
    assert head["ContentType"] == "image/png"
    keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == [
        "team/assets/b-1/jobs/j-0.png",
        "team/assets/b-1/manifest.json",
        "team/assets/b-2/plan.json",
    ]
    store.delete_prefix("b-1")
    assert store.list("b-1") == [] and store.list("b-2") == ["b-2/plan.json"]


def test_keys_never_escape_the_prefix(s3) -> None:
    from studio.store.s3 import S3Store

    client, bucket = s3
    store = S3Store(bucket, "tenant-a")
    for key in (
        "../evil.png",
        "b/../../evil",
        "/etc/passwd",
        "b/.hidden",
        "",
        "a//b",
        "b/%2e%2e/x",
        "b\\..\\x",
    ):
        with pytest.raises(StorageError):
            store.write(key, b"x")
    assert "Contents" not in client.list_objects_v2(Bucket=bucket)
    for url in (
        "s3://Bad_Bucket/x",
        "s3://ok-bucket/../up",
        "s3://ok-bucket/a//b",
        "http://ok-bucket/x",
    ):
        with pytest.raises(StorageError):
            S3Store.from_url(url)


def test_missing_and_unreachable_are_different_errors(s3, monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.executor import is_infrastructure_error
    from studio.store.s3 import S3Store

    _, bucket = s3
    store = S3Store(bucket, "p")
    with pytest.raises(StorageError, match="missing asset 'b-1/x.png'") as missing:
        store.read("b-1/x.png")
    assert not is_infrastructure_error(missing.value)  # retrying will not make it appear

    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nobody there
    monkeypatch.setattr(
        "studio.store.s3._CONFIG", {"connect_timeout": 0.5, "retries": {"max_attempts": 1}}
    )
    with pytest.raises(StorageError, match="AWS_ENDPOINT_URL") as down:
        S3Store(bucket, "p").exists("b-1/x.png")
    assert is_infrastructure_error(down.value)  # a worker retries this later


def test_open_store_and_read_url_follow_the_settings(s3, tmp_path) -> None:
    from studio.config import Settings
    from studio.store import open_store, read_url
    from studio.store.s3 import S3Store

    _, bucket = s3
    store = open_store(
        Settings(_env_file=None, output_dir=tmp_path, storage_url=f"s3://{bucket}/out")
    )
    assert isinstance(store, S3Store)
    store.write("b-9/manifest.json", b'{"ok": true}')
    assert read_url(f"s3://{bucket}/out/b-9/manifest.json") == b'{"ok": true}'


def test_a_whole_run_on_s3(s3, tmp_path) -> None:
    """The executor only speaks the store interface: a storyboard runs with nothing local."""
    from studio import executor
    from studio.config import Settings
    from studio.context import open_context
    from studio.domain import Manifest, State
    from studio.store import read_url
    from tests.workers_support import storyboard

    _, bucket = s3
    settings = Settings(
        _env_file=None,
        output_dir=tmp_path / "unused",
        storage_url=f"s3://{bucket}/runs",
        database_url=f"sqlite:///{tmp_path / 'l.db'}",
    )
    ctx = open_context(settings)
    brief, plan = storyboard(settings, panels=3)
    manifest = executor.run_inprocess(ctx, brief, plan)
    assert manifest.state is State.succeeded
    row = ctx.ledger.get(brief.id)
    assert row.manifest == f"s3://{bucket}/runs/{brief.id}/manifest.json"
    assert row.out_dir == f"s3://{bucket}/runs/{brief.id}"
    stored = Manifest.model_validate_json(read_url(row.manifest))
    assert [a.sha256 for a in stored.assets] == [a.sha256 for a in manifest.assets]
    assert not (tmp_path / "unused").exists()


@pytest.mark.parametrize("kind", ["local", "s3"])
def test_both_stores_keep_the_same_contract(kind: str, s3, tmp_path) -> None:
    from studio.store import LocalStore
    from studio.store.s3 import S3Store

    _, bucket = s3
    store = LocalStore(tmp_path / "root") if kind == "local" else S3Store(bucket, "contract")
    digests = store.write_all(
        [("b-1/jobs/j-0.png", b"png"), ("b-1/jobs/j-1.png", b"png2"), ("b-1/jobs/j.json", b"{}")]
    )
    assert digests == [hashlib.sha256(b).hexdigest() for b in (b"png", b"png2", b"{}")]
    assert store.list("b-1") == ["b-1/jobs/j-0.png", "b-1/jobs/j-1.png", "b-1/jobs/j.json"]
    assert [store.read(k) for k in store.list("b-1")] == [b"png", b"png2", b"{}"]
    with pytest.raises(StorageError):  # one bad key: nothing of the batch is written
        store.write_all([("b-2/ok.png", b"x"), ("b-2/../../escape", b"y")])
    assert store.list("b-2") == [] and not store.exists("b-2/ok.png")
    assert store.url("b-1/jobs/j.json").endswith("b-1/jobs/j.json")
    store.delete_prefix("b-1")
    assert store.list("b-1") == []
