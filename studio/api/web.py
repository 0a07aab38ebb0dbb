"""The web studio at `/`: server-rendered pages (Jinja2) and a little plain JavaScript that
talks to the /v1 API. Sign-in keeps the API key in the tab's sessionStorage and every call
sends it as `Authorization: Bearer <key>`: the key is never in a URL or a cookie, and the
pages themselves hold no data, so they need no auth. Live progress reads the SSE stream
with fetch (EventSource cannot send the header); images are fetched the same way and shown
from blob URLs, so downloads carry the key too."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from studio.api.errors import ApiError

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

STATIC = {"studio.css": "text/css", "studio.js": "text/javascript", "plan.js": "text/javascript"}
# the pages run only their own script and styles, and load images from blob: URLs
POLICY = (
    "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _page(request: Request, name: str, page: str, **context: object) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, f"web/{name}", {"page": page, **context}, headers={"Cache-Control": "no-store"}
    )
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/", response_class=HTMLResponse)
def gallery(request: Request) -> HTMLResponse:
    """My briefs, newest first, with thumbnails of their deliverables."""
    return _page(request, "gallery.html", "gallery", title="Your briefs")


@router.get("/signin", response_class=HTMLResponse)
def signin(request: Request) -> HTMLResponse:
    return _page(request, "signin.html", "signin", title="Sign in")


@router.get("/new", response_class=HTMLResponse)
def new_brief(request: Request) -> HTMLResponse:
    """The brief form: text, PDFs and reference images, template, size, brand, generator."""
    return _page(request, "new.html", "new", title="New brief")


@router.get("/briefs/{brief_id}", response_class=HTMLResponse)
def brief_page(request: Request, brief_id: str) -> HTMLResponse:
    """One brief: its plan (editable while in review), live progress, the deliverables,
    facts and verification, and reruns."""
    return _page(request, "brief.html", "brief", title="Brief", brief_id=brief_id)


@router.get("/templates/{template_id}", response_class=HTMLResponse)
def template_page(request: Request, template_id: str) -> HTMLResponse:
    """One template for prompt engineers: its inputs, its first example rendered in each
    dialect, and its last matrix sheet (`studio templates matrix`). The template library is
    shared by every user, like this page's script and styles."""
    from studio import service
    from studio.errors import TemplateError

    settings = request.app.state.studio.settings
    try:
        view = service.template_page(template_id, settings=settings)
    except TemplateError as exc:
        raise ApiError(404, "NotFound", f"no template {template_id!r}") from exc
    return _page(request, "template.html", "template", title=view["template"].title, **view)


@router.get("/templates/{template_id}/matrix.png")
def template_sheet(request: Request, template_id: str) -> Response:
    """The template's newest matrix sheet (under the output folder's matrix/)."""
    from studio import service
    from studio.errors import TemplateError

    try:
        sheet = service.last_matrix_sheet(template_id, settings=request.app.state.studio.settings)
    except TemplateError:
        sheet = None
    if sheet is None:
        raise ApiError(404, "NotFound", f"no matrix sheet for {template_id!r}")
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    return FileResponse(sheet, media_type="image/png", headers=headers)


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in STATIC:
        raise ApiError(404, "NotFound", f"no static file {name}")
    body = (HERE / "static" / name).read_bytes()
    return Response(
        body,
        media_type=STATIC[name],
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )
