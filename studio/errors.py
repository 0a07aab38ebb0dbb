"""The error tree. Every error a user can see is a StudioError with a message that says
what was wrong and what to do next; the CLI prints it as one line and exits non-zero.

    StudioError
    ├── UserInputError            the user can fix it (exit code 2)
    │   ├── BriefError            empty or unusable brief text
    │   ├── TemplateError         unknown template, bad template file
    │   ├── VariableError         a template variable missing or of the wrong type
    │   ├── SizeError             impossible width/height/aspect
    │   ├── AttachmentError       missing or unreadable file
    │   ├── UploadTooLargeError   an upload over STUDIO_MAX_UPLOAD_BYTES (HTTP 413)
    │   ├── UnsupportedMediaError an upload that is not a PDF/PNG/JPEG/WebP, or of the
    │   │                         wrong kind for its field (HTTP 415)
    │   ├── ConfigError           a setting that cannot work (a malformed STUDIO_REDIS_URL or
    │   │                         STUDIO_DATABASE_URL, a database driver not installed)
    │   └── DocumentError         a PDF that cannot be read
    │       ├── NotAPdfError
    │       ├── EncryptedPdfError  (needs --password)
    │       ├── PdfLimitError      too large / too many pages / too slow / too much memory
    │       └── NoTextError        no readable text, OCR included
    ├── GeneratorError            a generator could not produce images
    │   ├── TransientGeneratorError   retry with backoff (5xx, timeouts, rate limits)
    │   │   └── RateLimitedError      carries retry_after seconds
    │   ├── QuotaExhaustedError       park the job; retrying will not help today
    │   ├── RefusedError              safety refusal: final, never retried
    │   └── GeneratorUnavailableError not configured (no key, no weights, extra not installed)
    ├── BudgetError               a plan over its cost limit, refused before spending
    ├── NotFoundError             unknown brief id (or not yours)
    ├── StorageError              a path escaping its root, a failed write, an output
    │   │                         directory that is a file or cannot be written
    │   └── LedgerError               the ledger cannot be opened or written (read-only,
    │                                 damaged, unreachable database)
    ├── PlannerError              the planner agent could not make a valid plan
    │   └── PlannerLimitError         its steps, tokens or time per brief ran out
    ├── OcrUnavailableError       OCR is needed (verification, scans) but cannot run
    └── ExtraMissingError         a capability whose optional extra is not installed

Hints name the request field a user can change in backticks ("e.g. `size` 1920x1080"); each
front end says it in its own words: `describe(exc, names=...)` maps `size` to "--size" for the
CLI, and an API leaves the field name. `field` (when known) is the request field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# the request fields a hint may name (service.BriefRequest and the template operations)
FIELDS = frozenset((
    "text", "documents", "references", "template", "generator", "aspect", "size", "seed",
    "brand", "password", "budget", "owner", "planner", "variables", "dialect", "queues",
))  # fmt: skip
_FIELD = re.compile(r"`([a-z_]+)`")


def name_fields(text: str, names: Mapping[str, str] | None = None) -> str:
    """A hint with its `field` references in a front end's words (the field name itself
    when the front end has no other name for it). Other backticked words (`fail`, a
    command) are left as they are."""

    def say(m: re.Match[str]) -> str:
        field = m.group(1)
        if field not in FIELDS:
            return m.group(0)
        return (names or {}).get(field, field)

    return _FIELD.sub(say, text)


def describe(exc: BaseException, *, names: Mapping[str, str] | None = None) -> str:
    """The one line a user (or the ledger) gets for any error: a StudioError's message and
    hint; anything else as "Type: message"."""
    if isinstance(exc, StudioError):
        text = f"{exc.message} — {exc.hint}" if exc.hint else exc.message
        return name_fields(text, names)
    return f"{type(exc).__name__}: {exc}"


class StudioError(Exception):
    """Base of every error Studio raises on purpose. `hint` says what to do next."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    def __str__(self) -> str:
        return describe(self)


class UserInputError(StudioError):
    exit_code = 2


class BriefError(UserInputError):
    pass


class TemplateError(UserInputError):
    pass


class VariableError(UserInputError):
    pass


class SizeError(UserInputError):
    pass


class AttachmentError(UserInputError):
    pass


class UploadTooLargeError(UserInputError):
    """An uploaded file over the size limit, refused while it streamed in (HTTP 413)."""


class UnsupportedMediaError(UserInputError):
    """An uploaded file whose bytes are not a type Studio takes, or not the kind its
    field wants, e.g. a PDF sent as a reference (HTTP 415)."""


class ConfigError(UserInputError):
    """A setting (environment variable or option) that cannot work as given."""


class DocumentError(UserInputError):
    pass


class NotAPdfError(DocumentError):
    pass


class EncryptedPdfError(DocumentError):
    pass


class PdfLimitError(DocumentError):
    pass


class NoTextError(DocumentError):
    pass


class GeneratorError(StudioError):
    """A generator failed. `retryable` tells the executor whether another attempt may help."""

    retryable = False


class TransientGeneratorError(GeneratorError):
    retryable = True


class RateLimitedError(TransientGeneratorError):
    def __init__(self, message: str, *, retry_after: float | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class QuotaExhaustedError(GeneratorError):
    pass


class RefusedError(GeneratorError):
    pass


class GeneratorUnavailableError(GeneratorError):
    pass


class BudgetError(StudioError):
    exit_code = 2


class NotFoundError(StudioError):
    exit_code = 3


class StorageError(StudioError):
    pass


class LedgerError(StorageError):
    """The ledger's database cannot be opened or written: the operator's to fix."""


class PlannerError(StudioError):
    """The agent could not produce a valid plan (make_plan falls back to offline)."""


class PlannerLimitError(PlannerError):
    """A per-brief limit of the agent (steps, tokens, wall time) was reached."""


class OcrUnavailableError(StudioError):
    """The OCR engine is not installed."""


class ExtraMissingError(StudioError):
    """A capability whose optional dependencies are not installed: the hint names the extra."""

    exit_code = 2

    def __init__(self, capability: str, extra: str) -> None:
        super().__init__(
            f"{capability} needs the optional '{extra}' dependencies, which are not installed",
            hint=f"pip install 'studio[{extra}]'",
        )
