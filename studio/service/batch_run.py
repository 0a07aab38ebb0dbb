"""`run_batch`: drive a batch to its end on a dispatcher. The same loop serves the CLI (a
pool of local threads, or the Celery workers with --queue) and the HTTP service:

    1. take the next item under a lease (ledger.take_item: pending, or one whose holder died)
    2. an item whose brief already exists is adopted: a succeeded brief settles it (nothing
       is made twice), a live one is followed, one that a dead process was running here is
       finished here (its finished jobs kept); otherwise a new brief is checked and planned
       (a broken input fails its item with the reason, the rest go on), its id written to
       the item, and the brief handed to the dispatcher
    3. the briefs handed over are looked at in the ledger until each has ended; its item
       ends with it (succeeded, or failed / cancelled with the brief's reason)
    4. when no item is pending or running the batch ends: succeeded, or failed

Items are leased to this process and renewed by a heartbeat: a process killed mid-way stops
renewing, and the next `studio batch resume` (or the same command again) takes them over."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.config import Settings
from studio.context import Context, open_context
from studio.dispatch import Dispatcher
from studio.errors import StudioError, describe
from studio.executor.lease import heartbeat, runner_token
from studio.ledger.batches import (
    CANCELLED,
    FAILED,
    PENDING,
    RUNNING,
    SUCCEEDED,
    BatchRow,
    ItemRow,
)
from studio.service.batches import BatchItemView, BatchView, brief_request
from studio.service.briefs import make_brief, plan_brief
from studio.store import store_of

ItemFn = Callable[[BatchItemView], None]
_ENDED = {"succeeded": SUCCEEDED, "failed": FAILED, "refused": FAILED, "cancelled": CANCELLED}


@dataclass
class _Watched:
    item: ItemRow
    brief_id: str
    mine: bool  # handed to our dispatcher (else adopted from a process that stopped)


def _view(item: ItemRow, state: str, **changes: object) -> BatchItemView:
    fields = {
        "name": item.name,
        "state": state,
        "error": item.error,
        "brief_id": item.brief_id,
        "sha256": item.sha256,
        "attempts": item.attempts,
        "seconds": item.seconds,
    }
    return BatchItemView(**(fields | changes))


def run_batch(
    batch_id: str,
    *,
    settings: Settings,
    dispatcher: Dispatcher,
    out_dir: Path | None = None,
    password: str | None = None,
    on_item: ItemFn | None = None,
    poll_s: float = 0.3,
) -> BatchView:
    """Run what is left of a batch and return it once it has ended (or was cancelled)."""
    ctx = open_context(settings, out_dir=out_dir, events=dispatcher.sinks())
    ledger = ctx.ledger
    batch = ledger.batch(batch_id)
    token, lease_s = runner_token(), settings.lease_s
    watched: dict[str, _Watched] = {}
    resuming: set[str] = set()
    tell = on_item or (lambda _view: None)

    def renew() -> bool:
        ledger.renew_items(owner=token, lease_s=lease_s)
        return True

    with heartbeat(renew, lease_s):
        while True:
            # 1. take every item there is to take (planning each one), then look at briefs
            item = ledger.take_item(batch_id, owner=token, lease_s=lease_s)
            if item is not None:
                took = _take(ctx, dispatcher, batch, item, token, password)
                if isinstance(took, _Watched):
                    watched[item.id] = took
                    tell(_view(item, RUNNING, brief_id=took.brief_id))
                elif took is not None:
                    tell(took)
            # 2. the briefs that ended end their items
            _settle(ctx, watched, token, tell, resuming)
            if item is not None:
                continue
            if not watched:  # 3. done, unless another live process still holds some items
                now = ledger.batch(batch_id)
                if not any(i.state == RUNNING for i in now.items):
                    break
            time.sleep(poll_s)
    ledger.end_batch(batch_id)
    return BatchView.of(ledger.batch(batch_id))


def _take(
    ctx: Context,
    dispatcher: Dispatcher,
    batch: BatchRow,
    item: ItemRow,
    token: str,
    password: str | None,
) -> _Watched | BatchItemView | None:
    """Adopt the item's brief, or make, plan and hand over a new one."""
    ledger = ctx.ledger
    if item.brief_id:
        state = ledger.brief_states([item.brief_id]).get(item.brief_id)
        if state is not None and state[0] not in ("failed", "refused", "cancelled"):
            return _Watched(item, item.brief_id, mine=False)  # succeeded, or still going
    started = time.monotonic()
    try:
        request = brief_request(
            batch.options,
            template=batch.template,
            document=item.path,
            owner=batch.owner,
            settings=ctx.settings,
        ).model_copy(update={"password": password})
        settings = request.settings_for(ctx.settings)
        brief = make_brief(request, settings=settings)
        plan = plan_brief(brief, settings=settings)
    except StudioError as exc:  # this input is broken; the others go on
        seconds = time.monotonic() - started
        error = describe(exc)
        if ledger.finish_item(item.id, owner=token, state=FAILED, error=error, seconds=seconds):
            return _view(item, FAILED, error=error, seconds=seconds, brief_id=None)
        return None
    ledger.set_item_brief(item.id, brief_id=brief.id, dispatcher=dispatcher.name)
    try:
        dispatcher.submit(ctx, brief, plan)
    except StudioError as exc:
        error = describe(exc)
        ledger.finish_item(item.id, owner=token, state=FAILED, error=error)
        return _view(item, FAILED, error=error, brief_id=brief.id)
    return _Watched(item, brief.id, mine=True)


def _settle(
    ctx: Context,
    watched: dict[str, _Watched],
    token: str,
    tell: ItemFn,
    resuming: set[str],
) -> None:
    ledger = ctx.ledger
    states = ledger.brief_states([w.brief_id for w in watched.values()])
    for item_id, w in list(watched.items()):
        found = states.get(w.brief_id)
        if found is None:  # handed over by a process that died first: make it anew
            del watched[item_id]
            ledger.set_item_brief(item_id, brief_id=None, dispatcher="")
            ledger.finish_item(item_id, owner=token, state=PENDING)
            continue
        state, error, seconds = found
        if state in _ENDED:
            del watched[item_id]
            ended = _ENDED[state]
            error = None if ended == SUCCEEDED else (error or f"the brief was {state}")
            if ledger.finish_item(item_id, owner=token, state=ended, error=error, seconds=seconds):
                tell(_view(w.item, ended, error=error, seconds=seconds, brief_id=w.brief_id))
        elif (
            not w.mine
            and w.item.dispatcher == "local"
            and w.brief_id not in resuming
            and ledger.brief_holder(w.brief_id) is None  # its process is gone: finish it here
        ):
            resuming.add(w.brief_id)
            threading.Thread(
                target=_finish_here, args=(ctx.settings, w.brief_id), daemon=True
            ).start()


def _finish_here(settings: Settings, brief_id: str) -> None:
    """Run what is left of a brief another process was running here (its jobs that
    finished are kept); its end is in the ledger either way."""
    from studio.executor import load_brief, load_plan, run_inprocess

    ctx = open_context(settings)
    row = ctx.ledger.get(brief_id)
    if row.out_dir:
        ctx.store = store_of(row.out_dir)
    with contextlib.suppress(Exception):  # the ledger has the brief's end and its reason
        run_inprocess(ctx, load_brief(ctx, brief_id), load_plan(ctx, brief_id), submitted=True)
