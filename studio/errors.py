"""The error tree. Every error a user can see is a StudioError with a message that says
what was wrong and what to do next; the CLI prints it as one line and exits non-zero.

    StudioError
    ├── UserInputError            the user can fix it (exit code 2)
    │   ├── BriefError            empty or unusable brief text
    │   ├── TemplateError         unknown template, bad template file
    │   ├── VariableError         a template variable missing or of the wrong type
    │   ├── SizeError             impossible width/height/aspect
    │   ├── AttachmentError       missing or unreadable file
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
    └── StorageError              a path escaping its root, a failed write
"""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error Studio raises on purpose. `hint` says what to do next."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


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
