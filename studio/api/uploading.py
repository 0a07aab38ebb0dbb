"""Uploads through studio.uploads: saving a posted file as its owner's, turning upload ids
into the local paths a BriefRequest reads, and the JSON a client sees of an upload."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from studio.api.app import Api
from studio.errors import StudioError, UserInputError

KINDS = {"documents": "document", "references": "reference"}


def save(api: Api, owner: str, file: UploadFile, field: str | None) -> Any:
    """Store one posted file for `owner` (UploadTooLargeError, UnsupportedMediaError)."""
    from studio import uploads

    kind = KINDS.get(field or "", field) or None
    if kind not in (None, *KINDS.values()):
        raise UserInputError(
            f"unknown upload kind {field!r}",
            hint="send kind document (a PDF) or reference (an image), or leave it out",
            field="kind",
        )
    return uploads.save_upload(
        file.file,
        filename=file.filename or "upload",
        root=api.upload_root,
        owner=owner,
        kind=kind,  # type: ignore[arg-type]
        max_bytes=api.settings.max_upload_bytes,
    )


def load(api: Api, owner: str, upload_id: str) -> Any:
    from studio import uploads

    return uploads.load_upload(api.upload_root, owner, upload_id)


def resolve_uploads(api: Api, owner: str, ids: list[str], field: str) -> list[str]:
    """The local paths of the owner's uploads (another owner's id is not found)."""
    paths = []
    for upload_id in ids:
        try:
            upload = load(api, owner, upload_id)
        except StudioError as exc:
            exc.field = exc.field or field
            raise
        paths.append(str(upload.file(api.upload_root)))
    return paths


def view(upload: Any) -> dict[str, Any]:
    """An upload as a client sees it: its fields, but no path on this server."""
    if hasattr(upload, "model_dump"):
        data = upload.model_dump(mode="json")
    elif dataclasses.is_dataclass(upload):
        data = dataclasses.asdict(upload)
    else:
        data = {k: v for k, v in vars(upload).items() if not k.startswith("_")}
    data.pop("path", None)
    data.pop("owner", None)
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in data.items()}
