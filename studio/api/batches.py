"""/v1/batches: one brief per uploaded PDF (POST /v1/uploads first), its state, its report
(report.csv, the report.html contact sheet) and cancelling it. A batch runs on the service's
dispatcher, driven by a thread of this process; another user's batch answers 404."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from studio import service
from studio.api.app import Api, Owner, State
from studio.api.uploading import load, resolve_uploads

router = APIRouter(prefix="/v1", tags=["batches"])


class BatchBody(BaseModel):
    """A batch as JSON: the PDFs by upload id, and what to make of each."""

    model_config = ConfigDict(extra="forbid")

    documents: list[str] = Field(min_length=1, description="Upload ids of PDFs, one brief each")
    template: str = Field("earnings-infographic", description="Template id")
    formats: list[str] = Field(default_factory=list, description="W:H ratios or WxH sizes")
    text: str | None = Field(None, description="The brief (default: the template's example)")
    brand: str | None = Field(None, description="Brand kit id")
    generator: str | None = Field(None, description="Generator name (default: auto)")
    seed: int | None = Field(None, description="Seed (same seed, same images)")
    planner: str | None = Field(None, description="offline, or provider:model")
    password: str | None = Field(None, description="Password of encrypted PDFs", repr=False)


def public(view: service.BatchView) -> dict[str, Any]:
    """A BatchView for a client: API URLs instead of the server's folder."""
    data = view.model_dump(mode="json")
    data["report_dir"] = None
    base = f"/v1/batches/{view.id}"
    data["urls"] = {
        "self": base,
        "report_csv": f"{base}/report.csv",
        "report_html": f"{base}/report.html",
        "cancel": f"{base}/cancel",
        "resume": f"{base}/resume",
    }
    for item in data["items"]:
        item["brief"] = f"/v1/briefs/{item['brief_id']}" if item["brief_id"] else None
    return data


def _drive(api: Api, batch_id: str, password: str | None) -> None:
    """Run the batch to its end on the service's dispatcher (a thread of its own)."""

    def run() -> None:
        import logging

        try:
            service.run_batch(
                batch_id, settings=api.settings, dispatcher=api.dispatcher, password=password
            )
        except Exception:  # the ledger keeps what was done; resume picks the rest up
            logging.getLogger("studio.api").exception("batch %s stopped", batch_id)

    threading.Thread(target=run, name=f"studio-{batch_id}", daemon=True).start()


@router.post("/batches", status_code=202, summary="Start a batch: one brief per PDF")
def create_batch(body: BatchBody, api: State, owner: Owner) -> JSONResponse:
    fields = body.model_dump(exclude={"documents"})
    paths = resolve_uploads(api, owner, body.documents, "documents")
    names = [load(api, owner, u).original_name or u for u in body.documents]
    request = service.BatchRequest(**fields, inputs=paths, names=names, owner=owner)
    started = service.start_batch(request, settings=api.settings)
    if started.batch.state == "running":
        _drive(api, started.batch.id, body.password)
    data = public(started.batch) | {"new": started.new, "duplicates": started.duplicates}
    return JSONResponse(data, status_code=202, headers={"Location": data["urls"]["self"]})


@router.get("/batches/{batch_id}", summary="A batch and every input's state")
def get_batch(batch_id: str, api: State, owner: Owner) -> dict[str, Any]:
    return public(service.batch_status(batch_id, settings=api.settings, owner=owner))


@router.get("/batches/{batch_id}/report.csv", summary="The batch's report as CSV")
async def report_csv(batch_id: str, api: State, owner: Owner) -> PlainTextResponse:
    text = await run_in_threadpool(
        service.batch_report_text, batch_id, "csv", settings=api.settings, owner=owner
    )
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8")


@router.get("/batches/{batch_id}/report.html", summary="The batch's contact sheet")
async def report_html(batch_id: str, api: State, owner: Owner) -> HTMLResponse:
    text = await run_in_threadpool(
        service.batch_report_text, batch_id, "html", settings=api.settings, owner=owner
    )
    return HTMLResponse(text)


@router.post(
    "/batches/{batch_id}/resume",
    status_code=202,
    summary="Run a batch's unfinished, failed and cancelled inputs again (after a restart)",
)
def resume_batch(batch_id: str, api: State, owner: Owner) -> dict[str, Any]:
    view = service.resume_batch(batch_id, settings=api.settings, owner=owner)
    if view.state == "running":
        _drive(api, batch_id, None)
    return public(view)


@router.post("/batches/{batch_id}/cancel", summary="Stop a batch")
def cancel_batch(batch_id: str, api: State, owner: Owner) -> dict[str, Any]:
    view = service.cancel_batch(
        batch_id, settings=api.settings, owner=owner, dispatcher=api.dispatcher
    )
    return public(view)
