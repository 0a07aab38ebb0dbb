"""The application layer: every front end (the CLI now, the HTTP service next) calls these
operations and renders the views they return; none of them reaches below this layer.

    BriefRequest                 what a user asks for, validated in one place (request.py)
    plan / submit / run          plan a brief; hand it to a dispatcher; and wait for it
    follow / result              live progress of a brief; its state and deliverables
    status / list_briefs / cancel
    templates / template / render_template / lint_templates / facts / start_worker
    page_briefs / manifest / asset / brief_events / serve   what the HTTP service reads (access.py)
    add_user / list_users / revoke_user / create_key / list_keys / revoke_key / authenticate
                                 accounts and API keys (accounts.py; settings first)

Operations are keyword-only, take the Settings they run with (per request, per tenant) and
raise StudioErrors whose `field` names the request field at fault."""

from __future__ import annotations

from studio.context import ledger_error, open_context
from studio.dispatch import Dispatcher, LocalDispatcher
from studio.service.access import asset, brief_events, manifest, page_briefs, serve
from studio.service.accounts import (
    DuplicateUserError,
    KeyView,
    UserLimits,
    UserView,
    add_user,
    authenticate,
    create_key,
    get_user,
    list_keys,
    list_users,
    revoke_key,
    revoke_user,
    set_limits,
    user_limits,
    webhook_secret,
)
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
    "DuplicateUserError",
    "JobView",
    "KeyView",
    "LocalDispatcher",
    "PlanView",
    "ProgressView",
    "ResumeView",
    "RunView",
    "Submitted",
    "TemplateView",
    "UserLimits",
    "UserView",
    "add_user",
    "asset",
    "authenticate",
    "brief_events",
    "cancel",
    "create_key",
    "dispatcher_for",
    "facts",
    "facts_table",
    "follow",
    "get_user",
    "ledger_error",
    "lint_templates",
    "list_briefs",
    "list_keys",
    "list_users",
    "make_brief",
    "manifest",
    "open_context",
    "page_briefs",
    "plan",
    "plan_brief",
    "render_template",
    "result",
    "resume",
    "revoke_key",
    "revoke_user",
    "run",
    "serve",
    "set_limits",
    "start_worker",
    "status",
    "submit",
    "template",
    "templates",
    "user_limits",
    "webhook_secret",
]
