"""/v1/briefs: submit (JSON with upload ids, or multipart with the files), list, read,
cancel, the manifest, and the live events as Server-Sent Events."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from studio import service
from studio.api import webhooks
from studio.api.app import Api, Owner, State, api_of
from studio.api.errors import ApiError
from studio.api.idempotency import digest
from studio.api.uploading import resolve_uploads, save

router = APIRouter(prefix="/v1", tags=["briefs"])


class BriefBody(BaseModel):
    """A brief as JSON: BriefRequest's fields, with uploads (POST /v1/uploads) by id."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="What you want, in plain words")
    documents: list[str] = Field(default_factory=list, description="Upload ids of PDFs")
    references: list[str] = Field(default_factory=list, description="Upload ids of images")
    template: str | None = Field(None, description="Template id (skips template choice)")
    generator: str | None = Field(None, description="Generator name (default: auto)")
    aspect: str | None = Field(None, description="Aspect ratio W:H, e.g. 16:9")
    size: str | None = Field(None, description="Exact deliverable size WxH, e.g. 1920x1080")
    seed: int | None = Field(None, description="Seed (same seed, same images)")
    brand: str | None = Field(None, description="Brand kit id")
    password: str | None = Field(None, description="Password of encrypted PDFs", repr=False)
    budget: float | None = Field(None, description="Most the plan may cost (USD)")
    planner: str | None = Field(None, description="offline, or provider:model")
    review: bool = Field(False, description="Stop after planning: edit the plan, then approve")
    webhook: str | None = Field(None, description="An http(s) URL told of the brief's events")
    webhook_events: list[str] | None = Field(
        None, description="Which: planned, job_started, job_finished, stage, finished"
    )


API_FIELDS = ("review", "webhook", "webhook_events")


def urls(brief_id: str) -> dict[str, str]:
    base = f"/v1/briefs/{brief_id}"
    return {"self": base, "events": f"{base}/events", "cancel": f"{base}/cancel"}


def public(view: service.BriefView) -> dict[str, Any]:
    """A BriefView for a client: API URLs instead of the server's paths."""
    data = view.model_dump()
    data["out_dir"] = None
    data["manifest"] = f"/v1/briefs/{view.id}/manifest" if view.manifest else None
    base = (view.manifest or "").rsplit("/", 1)[0] + "/"
    data["assets"] = [f"/v1/assets/{view.id}/{a.removeprefix(base)}" for a in view.assets]
    data["urls"] = urls(view.id)
    return data


def _submit(api: Api, owner: str, body: BriefBody, key: str | None, body_hash: str) -> Any:
    if key is not None:
        existing = api.idempotency.reserve(owner, key, body_hash)
        if existing is not None:
            return existing
    try:
        hook = webhooks.checked(api, body.webhook, body.webhook_events)
        fields = body.model_dump(exclude=set(API_FIELDS))
        fields["documents"] = resolve_uploads(api, owner, body.documents, "documents")
        fields["references"] = resolve_uploads(api, owner, body.references, "references")
        request = service.BriefRequest(**fields, owner=owner)
        sub = service.submit_brief(
            request,
            settings=api.settings,
            dispatcher=api.dispatcher,
            review=body.review,
            check=lambda brief, plan: service.check_limits(api.settings, owner, brief, plan),
            lock=service.owner_lock(owner),
        )
    except BaseException:
        if key is not None:
            api.idempotency.release(owner, key)
        raise
    if key is not None:
        api.idempotency.fill(owner, key, sub.id)
    webhooks.subscribe(api, owner, sub.id, hook)
    return sub.id


async def _parse(request: Request, api: Api, owner: str) -> tuple[BriefBody, str]:
    """The body of POST /v1/briefs and its hash: JSON, or multipart with `text`, `options`
    (a JSON object of the other fields) and `documents` / `references` files."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form()
        try:
            options = json.loads(str(form.get("options") or "{}"))
        except ValueError as exc:
            raise ApiError(400, "BadRequest", "`options` is not JSON", field="options") from exc
        if not isinstance(options, dict):
            raise ApiError(400, "BadRequest", "`options` must be a JSON object", field="options")
        files: dict[str, list[str]] = {"documents": [], "references": []}
        hashes: dict[str, list[str]] = {"documents": [], "references": []}
        for name in files:
            for item in form.getlist(name):
                if isinstance(item, UploadFile):
                    raw = await item.read()
                    await item.seek(0)
                    hashes[name].append(hashlib.sha256(raw).hexdigest())
                    upload = await run_in_threadpool(save, api, owner, item, name)
                    files[name].append(upload.id)
                else:  # an upload id given as a form field
                    files[name].append(str(item))
                    hashes[name].append(str(item))
        fields = {**options, "text": form.get("text")}
        fields["documents"] = [*options.get("documents", []), *files["documents"]]
        fields["references"] = [*options.get("references", []), *files["references"]]
        body = BriefBody.model_validate(fields)
        return body, digest({**options, "text": fields["text"], "files": hashes})
    try:
        payload = await request.json()
    except ValueError as exc:
        raise ApiError(
            400, "BadRequest", "the body is not JSON", hint="send a JSON object"
        ) from exc
    body = BriefBody.model_validate(payload)
    return body, digest(body.model_dump())


@router.post(
    "/briefs",
    status_code=202,
    summary="Submit a brief",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": BriefBody.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["text"],
                        "properties": {
                            "text": {"type": "string"},
                            "options": {"type": "string", "description": "JSON of the rest"},
                            "documents": {"type": "array", "items": {"format": "binary"}},
                            "references": {"type": "array", "items": {"format": "binary"}},
                        },
                    }
                },
            },
        }
    },
)
async def create_brief(
    request: Request,
    owner: Owner,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Plan the brief and start it; answers at once (202) with the brief and its URLs."""
    api = api_of(request)
    body, body_hash = await _parse(request, api, owner)
    brief_id = await run_in_threadpool(_submit, api, owner, body, idempotency_key, body_hash)
    view = await run_in_threadpool(service.status, brief_id, settings=api.settings, owner=owner)
    return JSONResponse(public(view), status_code=202, headers={"Location": urls(brief_id)["self"]})


@router.get("/briefs", summary="My briefs, newest first")
def list_briefs(
    api: State,
    owner: Owner,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: str | None = None,
    state: str | None = None,
) -> dict[str, Any]:
    views, after = service.page_briefs(
        settings=api.settings, owner=owner, limit=limit, state=state, after=cursor
    )
    return {"briefs": [public(v) for v in views], "next_cursor": after}


@router.get("/briefs/{brief_id}", summary="One brief, with its deliverables")
def get_brief(brief_id: str, api: State, owner: Owner) -> dict[str, Any]:
    view = service.status(brief_id, settings=api.settings, owner=owner)
    data = public(view)
    data["deliverables"] = []
    if view.manifest:
        done = service.result(
            brief_id, settings=api.settings, store_url=lambda key: f"/v1/assets/{key}"
        )
        data["deliverables"] = [d.model_dump() for d in done.deliverables]
    return data


@router.post("/briefs/{brief_id}/cancel", summary="Stop a brief")
def cancel_brief(brief_id: str, api: State, owner: Owner) -> dict[str, Any]:
    view = service.cancel(brief_id, settings=api.settings, owner=owner, dispatcher=api.dispatcher)
    if not view.cancelled:
        why = f"it has already {view.state}" if view.ended else f"it is {view.stage or view.state}"
        raise ApiError(409, "NotCancellable", f"brief {brief_id} cannot be cancelled: {why}")
    return view.model_dump()


@router.get("/briefs/{brief_id}/manifest", summary="The manifest of a finished brief")
def get_manifest(brief_id: str, api: State, owner: Owner) -> dict[str, Any]:
    return service.manifest(brief_id, settings=api.settings, owner=owner)


@router.get(
    "/briefs/{brief_id}/events",
    summary="Live events (Server-Sent Events); Last-Event-ID resumes",
    response_class=StreamingResponse,
)
def brief_events(
    brief_id: str,
    api: State,
    owner: Owner,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    try:
        after = max(0, int(last_event_id)) if last_event_id else 0
    except ValueError as exc:
        raise ApiError(400, "BadRequest", "Last-Event-ID must be a number") from exc
    events = service.brief_events(
        brief_id, settings=api.settings, owner=owner, dispatcher=api.dispatcher, after=after
    )
    first = next(events, None)  # not found / not yours: a 404 before the stream starts

    def stream() -> Iterator[str]:
        yield "retry: 2000\n\n"
        item: Any = first
        while True:
            if item is None:
                yield ": keep-alive\n\n"
            else:
                number, event = item
                data = json.dumps(event, default=str)
                yield f"id: {number}\nevent: {event.get('type', 'message')}\ndata: {data}\n\n"
                if event.get("type") == "end":
                    return
            try:
                item = next(events)
            except StopIteration:
                return

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
