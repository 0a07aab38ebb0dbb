import pytest

from studio.domain import State, utcnow
from studio.errors import NotFoundError, StorageError
from studio.ledger import Ledger
from studio.store import LocalStore


def test_store_refuses_paths_that_escape_its_root(tmp_path) -> None:
    store = LocalStore(tmp_path / "root")
    for key in ("../evil.png", "b/../../evil", "/etc/passwd", "b/.hidden", "", "a//b"):
        with pytest.raises(StorageError):
            store.write(key, b"x")
    assert not (tmp_path / "evil.png").exists()


def test_store_writes_atomically_and_lists(tmp_path) -> None:
    store = LocalStore(tmp_path)
    digest = store.write("b-1/jobs/j-0.png", b"abc")
    assert store.read("b-1/jobs/j-0.png") == b"abc"
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert store.list("b-1") == ["b-1/jobs/j-0.png"]
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_ledger_states_and_owner_isolation(tmp_path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'l.db'}")
    ledger.create_brief(brief_id="b-1", owner="ann", text="t", created_at=utcnow())
    ledger.record_plan(
        "b-1",
        plan_json="{}",
        template_id="t",
        planner="offline",
        out_dir="/o",
        jobs_spec=[("b-1-j00", "generate", "offline"), ("b-1-c00", "compose", None)],
    )
    ledger.set_brief("b-1", state=State.running)
    assert ledger.start_job("b-1-j00") == 1
    assert ledger.start_job("b-1-j00") == 2  # attempts are counted
    ledger.finish_job("b-1-j00", state=State.failed, error="boom", seconds=0.5)
    ledger.set_brief("b-1", state=State.failed, error="job b-1-j00 failed: boom")
    row = ledger.get("b-1", owner="ann")
    assert row.state is State.failed and row.error.endswith("boom")
    assert row.started_at and row.finished_at and row.finished_at >= row.started_at
    job = row.jobs[1] if row.jobs[1].id == "b-1-j00" else row.jobs[0]
    assert (job.state, job.attempts, job.error) == (State.failed, 2, "boom")
    with pytest.raises(NotFoundError):
        ledger.get("b-1", owner="bob")
    assert ledger.list(owner="bob") == []
    assert [b.id for b in ledger.list(owner="ann")] == ["b-1"]
