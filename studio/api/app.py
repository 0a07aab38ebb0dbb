"""`create_app(settings)`: the FastAPI application. Every route but the docs needs
`Authorization: Bearer <key>` (studio.accounts); every brief, asset, upload and event stream
belongs to the user whose key made it, and another user's ids answer 404. Work runs on a
dispatcher so that no request waits for a brief: a thread pool here (the embedded mode), or
the Celery workers when STUDIO_REDIS_URL is set."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request

from studio import service
from studio.api import errors
from studio.api.errors import ApiError
from studio.api.idempotency import IdempotencyLedger
from studio.config import Settings


@dataclass
class Api:
    """What every route shares: the settings, the dispatcher, where uploads and keys live."""

    settings: Settings
    dispatcher: service.Dispatcher
    idempotency: IdempotencyLedger
    webhooks: service.WebhookDeliverer | None = None  # studio.api.webhooks.deliverer

    @property
    def upload_root(self) -> Path:
        return Path(self.settings.output_dir)  # studio.uploads keeps them in ROOT/uploads/


def api_of(request: Request) -> Api:
    return request.app.state.studio


def current_user(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """The user whose API key is in `Authorization: Bearer <key>` (401 otherwise)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "Unauthorized",
            "an API key is needed",
            hint="send the header Authorization: Bearer <key>, with a key an operator made for you",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = service.authenticate(api_of(request).settings, token.strip())
    if not user:
        raise ApiError(
            401,
            "Unauthorized",
            "this API key is not valid",
            hint="it may have been revoked; create a new one",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return user


Owner = Annotated[str, Depends(current_user)]
State = Annotated[Api, Depends(api_of)]


def create_app(
    settings: Settings,
    *,
    dispatcher: service.Dispatcher | None = None,
    threads: int = 2,
) -> FastAPI:
    """The HTTP service for `settings`. Without a dispatcher: the workers when
    STUDIO_REDIS_URL is set, else a pool of `threads` threads in this process."""
    from studio.api import batches, briefs, files, web
    from studio.api.limits import install as install_limits
    from studio.api.review import router as review_router

    if dispatcher is None:
        dispatcher = (
            service.dispatcher_for(settings, queue=True)
            if settings.redis_url
            else service.LocalDispatcher(threads=threads)
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _start_webhooks(app.state.studio)
        try:
            yield
        finally:
            if app.state.studio.webhooks is not None:  # what is left is sent after a restart
                await asyncio.to_thread(app.state.studio.webhooks.stop)

    app = FastAPI(
        lifespan=lifespan,
        title="Studio",
        version="1",
        summary="Briefs in, verified image assets and manifests out.",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.studio = Api(
        settings=settings,
        dispatcher=dispatcher,
        idempotency=IdempotencyLedger(Path(settings.output_dir)),
    )
    errors.install(app)
    install_limits(app, settings)
    app.include_router(briefs.router)
    app.include_router(batches.router)
    app.include_router(files.router)
    app.include_router(review_router)
    app.include_router(web.router)  # the web studio at /

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True}

    return app


def _start_webhooks(api: Api) -> None:
    """Deliver again the webhooks a previous run of the service had not finished (they are in
    the ledger); a failure here is logged, never a reason not to serve."""
    import logging

    try:
        api.webhooks = api.webhooks or service.WebhookDeliverer(api.settings, api.dispatcher)
        api.webhooks.resume()
    except Exception:
        logging.getLogger("studio.webhooks").exception("webhooks were not resumed")
