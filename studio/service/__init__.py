"""The application layer: every front end (the CLI now, the HTTP service next) calls these
operations and renders the views they return; none of them reaches below this layer.

    BriefRequest                 what a user asks for, validated in one place (request.py)
    plan / submit / run          plan a brief; hand it to a dispatcher; and wait for it
    follow / result              live progress of a brief; its state and deliverables
    status / list_briefs / cancel
    templates / template / render_template / lint_templates / facts / start_worker

Operations are keyword-only, take the Settings they run with (per request, per tenant) and
raise StudioErrors whose `field` names the request field at fault."""

from __future__ import annotations

from studio.context import ledger_error, open_context
from studio.dispatch import Dispatcher, LocalDispatcher
from studio.service.briefs import (
    Submitted,
    cancel,
    dispatcher_for,
    follow,
    list_briefs,
    make_brief,
    plan,
    plan_brief,
    result,
    resume,
    run,
    status,
    submit,
)
from studio.service.catalog import (
    facts,
    facts_table,
    lint_templates,
    render_template,
    start_worker,
    template,
    templates,
)
from studio.service.request import BriefRequest
from studio.service.views import (
    AssetView,
    BriefView,
    CancelView,
    JobView,
    PlanView,
    ProgressView,
    ResumeView,
    RunView,
    TemplateView,
)

__all__ = [
    "AssetView",
    "BriefRequest",
    "BriefView",
    "CancelView",
    "Dispatcher",
    "JobView",
    "LocalDispatcher",
    "PlanView",
    "ProgressView",
    "ResumeView",
    "RunView",
    "Submitted",
    "TemplateView",
    "cancel",
    "dispatcher_for",
    "facts",
    "facts_table",
    "follow",
    "ledger_error",
    "lint_templates",
    "list_briefs",
    "make_brief",
    "open_context",
    "plan",
    "plan_brief",
    "render_template",
    "result",
    "resume",
    "run",
    "start_worker",
    "status",
    "submit",
    "template",
    "templates",
]
