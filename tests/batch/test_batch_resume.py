"""A batch killed mid-way (SIGKILL, after its first input was made) is finished by
`studio batch resume ID`: only the unfinished inputs run, nothing is made twice."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.batch.conftest import SIZE, STUDIO, batch_json, deliverables, inputs, studio, studio_env


def _wait_for(predicate, timeout: float, what: str):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise TimeoutError(what)


def test_a_killed_batch_resumes_with_only_the_unfinished_inputs(tmp_path: Path) -> None:
    src = inputs(tmp_path / "releases", good=3)
    out = tmp_path / "out"
    env = studio_env(tmp_path, STUDIO_LEASE_S="2")  # a dead runner's leases end in 2 s
    log = (tmp_path / "first.log").open("w")
    proc = subprocess.Popen(
        [STUDIO, "batch", str(src), "--formats", SIZE, "--out", str(out), "--threads", "1"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        text = lambda: (tmp_path / "first.log").read_text()  # noqa: E731
        batch_id = _wait_for(
            lambda: (m := re.search(r"batch-\d{8}-\d{6}-[0-9a-f]{8}", text())) and m.group(0),
            120,
            "the batch id",
        )
        _wait_for(lambda: "✓ q1.pdf" in text(), 300, "the first input to be made")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    killed = batch_json(out, batch_id, env)
    states = {i["name"]: i["state"] for i in killed["items"]}
    assert states["q1.pdf"] == "succeeded" and killed["state"] == "running"
    assert any(s != "succeeded" for s in states.values()), "killed too late to test resume"
    made_before = deliverables(out)
    first_brief = next(i["brief_id"] for i in killed["items"] if i["name"] == "q1.pdf")

    done = studio("batch", "resume", batch_id, "--out", str(out), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    view = batch_json(out, batch_id, env)
    assert view["state"] == "succeeded"
    assert {i["name"]: i["state"] for i in view["items"]} == dict.fromkeys(
        ("q1.pdf", "q2.pdf", "q3.pdf"), "succeeded"
    )
    q1 = next(i for i in view["items"] if i["name"] == "q1.pdf")
    assert q1["brief_id"] == first_brief and q1["attempts"] == 1  # not made again
    made = deliverables(out)
    names = sorted(Path(p).name for p in made)
    assert names == ["infographic-q1.png", "infographic-q2.png", "infographic-q3.png"]
    for path, (mtime, data) in made_before.items():  # what was made stays untouched
        assert made[path] == (mtime, data)
    # each input's brief made exactly one deliverable; the briefs the kill cut short were
    # finished (their ids kept), not started again
    briefs = {i["brief_id"] for i in view["items"]}
    assert {Path(p).parts[0] for p in made} == briefs
    assert (out / "batches" / batch_id / "report.csv").is_file()
