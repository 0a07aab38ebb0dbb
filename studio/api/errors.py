"""One JSON shape for every error the HTTP service answers with:

    {"error": {"type": "SizeError", "message": "...", "field": "size", "hint": "..."}}

StudioErrors map to statuses by their place in the tree (errors.py); request validation
errors say the field at fault; anything else is a 500 with a generic message (the details
go to the log, never to the client)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from studio import errors
from studio.errors import name_fields

log = logging.getLogger("studio.api")


class ApiError(Exception):
    """An error the API itself answers with (no key, a bad cursor, a conflict)."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        hint: str | None = None,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.type, self.message = status, type_, message
        self.hint, self.field, self.headers = hint, field, headers


def body(type_: str, message: str, field: str | None = None, hint: str | None = None) -> dict:
    return {"error": {"type": type_, "message": message, "field": field, "hint": hint}}


def status_of(exc: errors.StudioError) -> int:
    """The HTTP status of a StudioError, most specific first."""
    too_large = getattr(errors, "UploadTooLargeError", None)
    unsupported = getattr(errors, "UnsupportedMediaError", None)
    if too_large is not None and isinstance(exc, too_large):
        return 413
    if unsupported is not None and isinstance(exc, unsupported):
        return 415
    if isinstance(exc, errors.RateLimitedError):
        return 429
    if isinstance(exc, errors.NotFoundError):
        return 404
    if isinstance(exc, errors.ConfigError):
        return 500  # the server's settings: nothing the client can change
    if isinstance(exc, errors.UserInputError | errors.BudgetError):
        return 422
    if isinstance(exc, errors.ExtraMissingError):
        return 501
    return 500


def studio_error_response(exc: errors.StudioError) -> JSONResponse:
    status = status_of(exc)
    if status == 500:
        log.error("internal error: %s", errors.describe(exc))
        return JSONResponse(body("InternalError", "internal error"), status_code=500)
    headers = {}
    if isinstance(exc, errors.RateLimitedError) and exc.retry_after:
        headers["Retry-After"] = str(int(exc.retry_after + 0.999))
    return JSONResponse(
        body(
            type(exc).__name__,
            name_fields(exc.message),
            exc.field,
            name_fields(exc.hint) if exc.hint else None,
        ),
        status_code=status,
        headers=headers,
    )


def _field(loc: Any) -> str | None:
    parts = [str(p) for p in loc or () if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or None


def validation_response(problems: list[dict[str, Any]]) -> JSONResponse:
    first = problems[0] if problems else {"loc": (), "msg": "invalid request"}
    field = _field(first.get("loc"))
    message = f"{field}: {first.get('msg')}" if field else str(first.get("msg"))
    hint = (
        "; ".join(f"{_field(p.get('loc')) or 'body'}: {p.get('msg')}" for p in problems[1:5])
        or None
    )
    return JSONResponse(body("ValidationError", message, field, hint), status_code=422)


def install(app: FastAPI) -> None:
    """Every error handler on `app`."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            body(exc.type, exc.message, exc.field, exc.hint),
            status_code=exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(errors.StudioError)
    async def _studio(_: Request, exc: errors.StudioError) -> JSONResponse:
        return studio_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(list(exc.errors()))

    @app.exception_handler(ValidationError)
    async def _model(_: Request, exc: ValidationError) -> JSONResponse:
        return validation_response(list(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        names = {404: "NotFound", 405: "MethodNotAllowed", 400: "BadRequest"}
        return JSONResponse(
            body(names.get(exc.status_code, "HTTPError"), str(exc.detail)),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return JSONResponse(body("InternalError", "internal error"), status_code=500)
