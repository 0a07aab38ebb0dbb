"""Checking what the user attached before anything is planned: the file exists and is
readable, a document is a PDF Studio can open (under limits), a reference is an image."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from studio.config import Settings
from studio.domain import Attachment
from studio.errors import AttachmentError

MAX_REFERENCE_BYTES = 40 * 1024 * 1024
MAX_REFERENCE_PIXELS = 80_000_000


def _read(path: Path, what: str, limit: int) -> bytes:
    if not path.exists():
        raise AttachmentError(f"{what} {str(path)!r} does not exist", hint="check the path")
    if not path.is_file():
        raise AttachmentError(
            f"{what} {str(path)!r} is not a file", hint="give a file, not a directory"
        )
    size = path.stat().st_size
    if size > limit:
        raise AttachmentError(
            f"{what} {path.name} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit",
            hint="attach a smaller file",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AttachmentError(
            f"cannot read {what} {str(path)!r}: {exc.strerror}", hint="check its permissions"
        ) from exc


def document(path: str | Path, settings: Settings, *, password: str | None = None) -> Attachment:
    """A PDF the planner may read. Opening it here (under the parser's limits) means a
    broken or encrypted file is reported before any work starts."""
    p = Path(path).expanduser()
    data = _read(p, "document", settings.pdf_max_bytes)
    from studio.documents import read_pdf

    doc = read_pdf(p, password=password, settings=settings)
    return Attachment(
        kind="document",
        path=str(p.resolve()),
        name=p.name,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        pages=doc.pages,
        password=password,
    )


def reference(path: str | Path) -> Attachment:
    p = Path(path).expanduser()
    data = _read(p, "reference image", MAX_REFERENCE_BYTES)
    try:
        import io

        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_REFERENCE_PIXELS:
                raise AttachmentError(
                    f"reference image {p.name} is {im.width}x{im.height}, too large",
                    hint="use an image under 80 megapixels",
                )
            im.verify()
            width, height = im.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise AttachmentError(
            f"reference {p.name} is not an image Studio can read",
            hint="attach a PNG, JPEG or WebP file",
        ) from exc
    return Attachment(
        kind="reference",
        path=str(p.resolve()),
        name=p.name,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        width=width,
        height=height,
    )
