"""Fair share on the real queues: one owner's batch is sent before another owner's single
brief, and a single worker then starts; the single brief's jobs run among the first, not
after the whole batch (message priorities on real Redis, studio/fairness.py)."""

from __future__ import annotations

import pytest

from tests.workers_support import Cluster, make_cluster, need_redis_and_celery, storyboard

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    need_redis_and_celery()
    folder = tmp_path_factory.mktemp("fairness")
    c = make_cluster(folder, {"STUDIO_DATABASE_URL": f"sqlite:///{folder / 'ledger.db'}"})
    try:
        yield c
    finally:
        c.shutdown()


def test_a_single_brief_is_not_starved_by_another_owners_batch(cluster: Cluster) -> None:
    settings = cluster.settings
    assert settings.fair_share_step == 2
    batch = []
    for seed in range(3):
        brief, plan = storyboard(settings, panels=4, seed=seed, panel_size=96)
        batch.append(cluster.submit(brief.model_copy(update={"owner": "ann"}), plan))
    single, plan = storyboard(settings, panels=2, seed=11, panel_size=96)
    single_id = cluster.submit(single.model_copy(update={"owner": "bob"}), plan)

    cluster.ensure_workers(1)  # one worker, one process: the order it takes jobs is visible
    rows = cluster.wait([*batch, single_id], timeout=150)
    assert all(r.state.value == "succeeded" for r in rows.values()), cluster.logs()

    jobs = [(j.started_at, r.owner) for r in rows.values() for j in r.jobs if j.kind == "generate"]
    order = [owner for _, owner in sorted(jobs)]
    assert order.count("bob") == 2 and order.count("ann") == 12
    # ann's first two jobs are at level 0 as bob's are; everything else of ann's comes later.
    # Without fair share bob's jobs would be the 13th and 14th.
    assert order[:4].count("bob") == 2, order
