"""Files and the catalogue: uploads, a brief's assets (the bytes, with the right media type
and nosniff), the facts of a PDF, and the templates."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from studio import service
from studio.api.app import Owner, State
from studio.api.uploading import load, save, view
from studio.errors import DocumentError

router = APIRouter(prefix="/v1")


@router.post("/uploads", status_code=201, tags=["files"], summary="Upload a PDF or an image")
def create_upload(
    api: State,
    owner: Owner,
    file: Annotated[UploadFile, File(description="The file")],
    kind: Annotated[
        str | None, Form(description="document (a PDF) or reference (an image); default: by type")
    ] = None,
) -> dict[str, Any]:
    return view(save(api, owner, file, kind))


@router.get("/uploads/{upload_id}", tags=["files"], summary="One of my uploads")
def get_upload(upload_id: str, api: State, owner: Owner) -> dict[str, Any]:
    return view(load(api, owner, upload_id))


@router.get("/assets/{brief_id}/{path:path}", tags=["files"], summary="A file of a brief")
def get_asset(brief_id: str, path: str, api: State, owner: Owner) -> Response:
    data, media = service.asset(brief_id, path, settings=api.settings, owner=owner)
    name = path.rsplit("/", 1)[-1]
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/facts", tags=["files"], summary="The headline facts of a PDF")
def post_facts(
    api: State,
    owner: Owner,
    file: Annotated[UploadFile, File(description="A PDF")],
    password: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    data = file.file.read(api.settings.pdf_max_bytes + 1)
    if len(data) > api.settings.pdf_max_bytes:
        from studio.errors import PdfLimitError

        raise PdfLimitError(
            f"the PDF is larger than {api.settings.pdf_max_bytes} bytes", field="file"
        )
    if not data.startswith(b"%PDF"):
        raise DocumentError("the file is not a PDF", hint="send a PDF", field="file")
    with tempfile.TemporaryDirectory(prefix="studio-facts-") as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(data)
        sheet = service.facts(pdf, password=password)
    return sheet.model_dump(mode="json") if hasattr(sheet, "model_dump") else dict(sheet)


@router.get("/templates", tags=["templates"], summary="Every template")
def list_templates(api: State, owner: Owner) -> dict[str, Any]:
    return {"templates": [t.model_dump() for t in service.templates(settings=api.settings)]}


@router.get("/templates/{template_id}", tags=["templates"], summary="One template, whole")
def get_template(template_id: str, api: State, owner: Owner) -> dict[str, Any]:
    t = service.template(template_id, settings=api.settings)
    return t.model_dump(mode="json") if hasattr(t, "model_dump") else dict(vars(t))
