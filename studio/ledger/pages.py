"""One owner's briefs a page at a time, newest first, paged in the database by keyset: the
page after a brief is the briefs ordered before it by (created_at, id) descending, which the
index ix_briefs_owner_created_at_id serves without reading the pages before it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select

from studio.ledger.schema import BriefRow, JobRow, _brief_row, _job_row, briefs, jobs

if TYPE_CHECKING:
    from studio.ledger import Ledger


def page_briefs(
    ledger: Ledger,
    *,
    owner: str,
    limit: int,
    state: str | None = None,
    before: tuple[datetime, str] | None = None,
) -> list[BriefRow]:
    """Up to `limit` of the owner's briefs (with their jobs), newest first; only those in
    `state` when it is given, only those ordered after `before` = (created_at, id) of the
    last brief of the previous page when that is."""
    query = select(briefs).where(briefs.c.owner == owner)
    if state is not None:
        query = query.where(briefs.c.state == state)
    if before is not None:
        created_at, brief_id = before
        query = query.where(
            or_(
                briefs.c.created_at < created_at,
                and_(briefs.c.created_at == created_at, briefs.c.id < brief_id),
            )
        )
    query = query.order_by(briefs.c.created_at.desc(), briefs.c.id.desc()).limit(limit)
    with ledger.engine.connect() as conn:
        out = [_brief_row(r) for r in conn.execute(query).mappings()]
        if out:
            found = conn.execute(select(jobs).where(jobs.c.brief_id.in_([b.id for b in out])))
            by_brief: dict[str, list[JobRow]] = {}
            for j in found.mappings():
                by_brief.setdefault(j["brief_id"], []).append(_job_row(j))
            for b in out:
                b.jobs = sorted(by_brief.get(b.id, []), key=lambda j: j.id)
    return out
