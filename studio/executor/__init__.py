"""Run a plan. The same steps serve the in-process path (`studio run`) and the distributed
one (workers/ call them by id; this package knows nothing of Celery):

    submit(brief, plan)            brief.json + plan.json into storage, rows into the ledger
    run_job(brief_id, job_id)      one generator call; idempotent (existing outputs are kept)
    finish_brief(brief_id)         compose deliverables, write the manifest, final state

Outputs are keyed by job id and image index and written atomically, so a redelivered job
whose outputs exist does not run (or pay a provider) again.

The distributed path wraps them in the checks a message that may arrive twice, late, or
after its brief was cancelled needs, with the ledger as the only truth:

    enqueue(brief, plan)           submit + references into storage; brief running/generating
    run_job_once(brief_id, job_id) brief cancelled? job settled? started too often (poison)?
                                   then run_job; transient errors come back as "retry in N s"
    job_settled(brief_id)          the last job to finish (exactly one) sends the fan-in
    settle_brief(brief_id)         the fan-in: claim the compositions, compose or record the
                                   first failure; duplicates and late copies are harmless
    cancel(brief_id)               the brief cancelled, its remaining jobs with it

The package, by concern: loading.py (storage keys, brief and plan, submit/enqueue, references
and source documents), jobs.py (one job, its fallbacks and retries), finishing.py (compose,
assets, manifest), delivery.py (in-process run, fan-in, cancel). Import from here.
"""

from __future__ import annotations

from studio.context import Context, EventFn
from studio.executor.delivery import (
    cancel,
    fail_job,
    job_settled,
    release_job,
    run_inprocess,
    settle_brief,
)
from studio.executor.finishing import finish_brief
from studio.executor.jobs import (
    JobOutcome,
    is_infrastructure_error,
    retry_delay,
    run_job,
    run_job_once,
)
from studio.executor.loading import (
    MANIFEST,
    _reference_paths,
    enqueue,
    load_brief,
    load_plan,
    output_key,
    submit,
)

__all__ = [
    "MANIFEST",
    "Context",
    "EventFn",
    "JobOutcome",
    "_reference_paths",
    "cancel",
    "enqueue",
    "fail_job",
    "finish_brief",
    "is_infrastructure_error",
    "job_settled",
    "load_brief",
    "load_plan",
    "output_key",
    "release_job",
    "retry_delay",
    "run_inprocess",
    "run_job",
    "run_job_once",
    "settle_brief",
    "submit",
]
