"""The HTTP service (FastAPI; the `api` extra): `create_app(settings)`.

    app.py          create_app, the API key check, what every route shares
    errors.py       one JSON error shape, statuses from the error tree
    briefs.py       /v1/briefs: submit, list, read, cancel, manifest, events (SSE)
    files.py        /v1/uploads, /v1/assets, /v1/facts, /v1/templates
    uploading.py    uploads through studio.uploads
    idempotency.py  Idempotency-Key: the same request, the same brief

Run it with `studio serve`; the OpenAPI document is at /openapi.json, the docs at /docs."""

from __future__ import annotations

from studio.api.app import create_app

__all__ = ["create_app"]
