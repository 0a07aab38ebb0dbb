"""Review mode and reruns over HTTP: PATCH /v1/briefs/{id}/plan edits the plan of a brief
submitted with `review: true`, POST /v1/briefs/{id}/approve starts it, POST
/v1/briefs/{id}/rerun makes a new brief with the same plan and new seeds (or, with
`keep_seeds`, the same ones)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from studio import service
from studio.api import webhooks
from studio.api.app import Api, Owner, State
from studio.api.errors import ApiError

router = APIRouter(prefix="/v1", tags=["review"])


class RerunBody(BaseModel):
    """At most one field to change; none: the same plan with new seeds."""

    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(None, ge=0, le=2**31 - 1, description="A seed for the new images")
    generator: str | None = Field(None, description="Another generator")
    size: str | None = Field(None, description="Another deliverable size WxH (plans again)")
    review: bool = Field(False, description="Stop the new brief after planning, for review")
    keep_seeds: bool = Field(
        False, description="Keep the brief's seeds (the same images again) instead of new ones"
    )


def _view(api: Api, owner: str, brief_id: str) -> JSONResponse:
    from studio.api.briefs import public, urls

    view = service.status(brief_id, settings=api.settings, owner=owner)
    return JSONResponse(public(view), status_code=202, headers={"Location": urls(brief_id)["self"]})


def _conflict(exc: service.NotInReviewError) -> ApiError:
    return ApiError(409, "NotInReview", exc.message, hint=exc.hint)


@router.patch("/briefs/{brief_id}/plan", summary="Edit the plan of a brief in review")
def patch_plan(brief_id: str, edit: service.PlanEdit, api: State, owner: Owner) -> dict[str, Any]:
    try:
        view = service.edit_plan(
            brief_id, edit, settings=api.settings, owner=owner, dispatcher=api.dispatcher
        )
    except service.NotInReviewError as exc:
        raise _conflict(exc) from exc
    return view.model_dump(mode="json")


@router.get("/briefs/{brief_id}/plan", summary="The plan of a brief")
def get_plan(brief_id: str, api: State, owner: Owner) -> dict[str, Any]:
    return service.brief_plan(brief_id, settings=api.settings, owner=owner).model_dump(mode="json")


@router.post("/briefs/{brief_id}/approve", status_code=202, summary="Start a brief in review")
def approve_brief(brief_id: str, api: State, owner: Owner) -> JSONResponse:
    try:
        service.approve(brief_id, settings=api.settings, owner=owner, dispatcher=api.dispatcher)
    except service.NotInReviewError as exc:
        raise _conflict(exc) from exc
    webhooks.watch_again(api, brief_id)
    return _view(api, owner, brief_id)


@router.post("/briefs/{brief_id}/rerun", status_code=202, summary="The same plan, new seeds")
def rerun_brief(
    brief_id: str, api: State, owner: Owner, body: RerunBody | None = None
) -> JSONResponse:
    body = body or RerunBody()
    change = body.model_dump(exclude={"review", "keep_seeds"}, exclude_none=True)
    sub = service.rerun(
        brief_id,
        settings=api.settings,
        owner=owner,
        dispatcher=api.dispatcher,
        change=change,
        review=body.review,
        keep_seeds=body.keep_seeds,
        check=lambda brief, plan: service.check_limits(api.settings, owner, brief, plan),
        lock=service.owner_lock(owner),
    )
    webhooks.copy_subscription(api, brief_id, sub.id)
    return _view(api, owner, sub.id)
