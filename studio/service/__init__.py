"""The application layer: every front end (the CLI now, the HTTP service next) calls these
operations and renders the views they return; none of them reaches below this layer.

    BriefRequest                 what a user asks for, validated in one place (request.py)
    plan / submit / run          plan a brief; hand it to a dispatcher; and wait for it
    follow / result              live progress of a brief; its state and deliverables
    status / list_briefs / cancel
    templates / template / render_template / lint_templates / facts / start_worker
    golden_tests / diff_template / lint_warnings / template_matrix / last_matrix_sheet /
    template_page                the prompt engineer's workbench (workbench.py)
    page_briefs / manifest / asset / brief_events / serve   what the HTTP service reads (access.py)
    submit_brief / edit_plan / approve / rerun   review mode and reruns (review.py)
    check_limits / usage         per-user limits at submit (limits.py)
    WebhookDeliverer / sign / verify   webhooks per brief (webhooks.py)
    add_user / list_users / revoke_user / create_key / list_keys / revoke_key / authenticate
                                 accounts and API keys (accounts.py; settings first)
    start_batch / run_batch / resume_batch / batch_status / list_batches / cancel_batch /
    batch_report / write_batch_report   one brief per input file (batches.py, batch_run.py)

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
from studio.service.batch_run import run_batch
from studio.service.batches import (
    BatchItemView,
    BatchRequest,
    BatchStart,
    BatchView,
    batch_report,
    batch_report_text,
    batch_status,
    cancel_batch,
    list_batches,
    resume_batch,
    start_batch,
    write_batch_report,
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
from studio.service.limits import LimitExceededError, Usage, check_limits, owner_lock, usage
from studio.service.request import BriefRequest
from studio.service.review import (
    JobEdit,
    NotInReviewError,
    PlanEdit,
    approve,
    brief_plan,
    edit_plan,
    rerun,
    submit_brief,
)
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
from studio.service.webhooks import (
    Subscription,
    WebhookDeliverer,
    check_events,
    sign,
    verify,
)
from studio.service.webhooks import check_url as check_webhook_url
from studio.service.workbench import (
    diff_template,
    golden_tests,
    last_matrix_sheet,
    lint_warnings,
    template_matrix,
    template_page,
)

__all__ = [
    "BatchItemView",
    "BatchRequest",
    "BatchStart",
    "BatchView",
    "batch_report",
    "batch_report_text",
    "batch_status",
    "cancel_batch",
    "list_batches",
    "resume_batch",
    "run_batch",
    "start_batch",
    "write_batch_report",
    "golden_tests",
    "template_page",
    "template_matrix",
    "lint_warnings",
    "last_matrix_sheet",
    "diff_template",
    "AssetView",
    "BriefRequest",
    "BriefView",
    "CancelView",
    "Dispatcher",
    "DuplicateUserError",
    "JobEdit",
    "JobView",
    "KeyView",
    "LimitExceededError",
    "LocalDispatcher",
    "NotInReviewError",
    "PlanEdit",
    "PlanView",
    "ProgressView",
    "ResumeView",
    "RunView",
    "Submitted",
    "Subscription",
    "TemplateView",
    "Usage",
    "UserLimits",
    "UserView",
    "WebhookDeliverer",
    "add_user",
    "approve",
    "brief_plan",
    "asset",
    "authenticate",
    "brief_events",
    "cancel",
    "check_events",
    "check_limits",
    "check_webhook_url",
    "create_key",
    "dispatcher_for",
    "edit_plan",
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
    "owner_lock",
    "page_briefs",
    "plan",
    "plan_brief",
    "render_template",
    "rerun",
    "result",
    "resume",
    "revoke_key",
    "revoke_user",
    "run",
    "serve",
    "set_limits",
    "sign",
    "start_worker",
    "status",
    "submit",
    "submit_brief",
    "template",
    "templates",
    "usage",
    "user_limits",
    "verify",
    "webhook_secret",
]
