"""Content Credentials (C2PA): every PNG Studio writes is signed with the configured
certificate chain and key (STUDIO_C2PA_CERT, STUDIO_C2PA_KEY, STUDIO_C2PA_ALG) when
c2pa-python is installed (`pip install 'studio[c2pa]'`). The manifest embedded in the file says

    a job output    c2pa.created + the IPTC digital source type its generator declares, or,
                    when the provider signed its own bytes (originals/), c2pa.opened of that
                    original (parentOf ingredient) + c2pa.converted
    a deliverable   one picture made into the deliverable: c2pa.opened (parentOf) + c2pa.edited;
                    pictures placed on a layout: c2pa.created (composite source type) +
                    c2pa.placed per picture (componentOf ingredients) + c2pa.edited (the layout)
    both            studio.generation {generator, model, seed, template, template_version}
                    and studio.manifest {brief_id, manifest, asset}: the link to manifest.json

Signing never fails a brief: without the package or a key Studio writes the XMP provenance of
studio/metadata.py only, and says why once per process (logger "studio.credentials"). The key
is read from its file when signing and never logged or written anywhere."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio import __version__
from studio.config import Settings

if TYPE_CHECKING:
    from studio.domain import Plan

log = logging.getLogger("studio.credentials")
CREATED, OPENED, CONVERTED = "c2pa.created", "c2pa.opened", "c2pa.converted"
PLACED, EDITED = "c2pa.placed", "c2pa.edited"
_said: set[str] = set()


def _say_once(level: int, reason: str) -> None:
    if reason not in _said:
        _said.add(reason)
        log.log(level, "%s", reason)


def forget_notices() -> None:
    """Say the why-not-signed notices again (tests; a process that reloads settings)."""
    _said.clear()


def unsigned_reason(settings: Settings) -> str | None:
    """Why this process signs nothing with these settings; None when it signs."""
    if settings.c2pa_cert is None or settings.c2pa_key is None:
        return (
            "Content Credentials: nothing is signed (STUDIO_C2PA_CERT and STUDIO_C2PA_KEY are "
            "not set; `studio keys dev-cert` makes a development chain); outputs carry XMP "
            "provenance only"
        )
    try:
        import c2pa  # noqa: F401
    except ImportError:
        return (
            "Content Credentials: nothing is signed (c2pa-python is not installed: "
            "pip install 'studio[c2pa]')"
        )
    for name, path in (
        ("STUDIO_C2PA_CERT", settings.c2pa_cert),
        ("STUDIO_C2PA_KEY", settings.c2pa_key),
    ):
        if not path.is_file():
            return f"Content Credentials: nothing is signed ({name} {path} is not a readable file)"
    return None


def _active(settings: Settings) -> bool:
    reason = unsigned_reason(settings)
    if reason is None:
        return True
    configured = settings.c2pa_cert is not None or settings.c2pa_key is not None
    _say_once(logging.WARNING if configured else logging.INFO, reason)
    return False


def _signer(settings: Settings) -> Any:
    import c2pa

    info = c2pa.C2paSignerInfo(
        settings.c2pa_alg,
        Path(settings.c2pa_cert).read_bytes(),  # type: ignore[arg-type]
        Path(settings.c2pa_key).read_bytes(),  # type: ignore[arg-type]
        settings.c2pa_tsa_url,
    )
    return c2pa.Signer.from_info(info)


def _anchors(path: Path | None) -> str | None:
    return path.read_text(encoding="utf-8") if path is not None else None


def context_settings(trust_anchors: str | None) -> dict[str, Any]:
    """c2pa settings: no thumbnails (a noisy 1024 px picture's JPEG thumbnail is bigger than
    the manifest and 10x slower to sign); ingredients checked against `trust_anchors` (PEM)
    when given, else only for integrity."""
    trust: dict[str, Any] = {"verify": {"verify_trust": trust_anchors is not None}}
    if trust_anchors is not None:
        trust["trust"] = {"trust_anchors": trust_anchors}
    return {"builder": {"thumbnail": {"enabled": False}}, **trust}


def _template(plan: Plan | None) -> tuple[str | None, str | None]:
    """The template and its version a plan (studio.domain.Plan) was made from."""
    return (getattr(plan, "template_id", None), getattr(plan, "template_version", None))


def _links(*, brief_id: str, manifest: str, asset: str, generation: dict[str, Any]) -> list:
    return [
        {
            "label": "studio.generation",
            "data": {k: v for k, v in generation.items() if v is not None},
        },
        {
            "label": "studio.manifest",
            "data": {"brief_id": brief_id, "manifest": manifest, "asset": asset},
        },
    ]


def _sign(
    settings: Settings,
    data: bytes,
    definition: dict[str, Any],
    ingredients: Sequence[tuple[dict[str, Any], str, bytes]] = (),
) -> bytes:
    """Embed a signed manifest in PNG `data`; the bytes unchanged (and the reason said once)
    when signing is off or fails."""
    if not _active(settings):
        return data
    try:
        import c2pa

        context = c2pa.Context.from_dict(context_settings(_anchors(settings.c2pa_trust_anchors)))
        with _signer(settings) as signer, c2pa.Builder(definition, context=context) as builder:
            for ingredient, media_type, raw in ingredients:
                builder.add_ingredient(ingredient, media_type, io.BytesIO(raw))
            out = io.BytesIO()
            builder.sign(signer, "image/png", io.BytesIO(data), out)
        return out.getvalue()
    except Exception as exc:  # never fail a brief for its credentials
        _say_once(
            logging.WARNING,
            f"Content Credentials: signing failed, files are written unsigned "
            f"({type(exc).__name__}: {exc}); check STUDIO_C2PA_CERT, STUDIO_C2PA_KEY and "
            f"STUDIO_C2PA_ALG ({settings.c2pa_alg})",
        )
        return data


def _definition(asset: str, actions: list[dict[str, Any]], assertions: list) -> dict[str, Any]:
    return {
        "claim_generator_info": [{"name": "Studio", "version": __version__}],
        "title": asset,
        "format": "image/png",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}, *assertions],
    }


def has_manifest(data: bytes, media_type: str) -> bool:
    """Does `data` carry C2PA credentials (a provider's own)? False without c2pa-python."""
    try:
        import c2pa
    except ImportError:
        return False
    try:
        reader = c2pa.Reader.try_create(media_type, io.BytesIO(data))
    except Exception:  # unreadable, or a format c2pa does not know
        return False
    if reader is None:
        return False
    reader.close()
    return True


def sign_output(
    data: bytes,
    *,
    settings: Settings,
    brief_id: str,
    asset: str,
    manifest: str,
    source_type: str,
    generator: str,
    model: str | None,
    seed: int | None,
    plan: Plan | None = None,
    original: bytes | None = None,
    original_media_type: str | None = None,
) -> bytes:
    """A job output (PNG from studio.metadata.png_bytes) with its credentials: made by
    `generator`/`model` (c2pa.created with `source_type`), or converted from the provider's
    own signed `original`, which becomes its parentOf ingredient."""
    if not _active(settings):
        return data
    agent = {"name": generator, **({"version": model} if model else {})}
    ingredients: list[tuple[dict[str, Any], str, bytes]] = []
    media_type = original_media_type or "image/png"
    if original is not None and has_manifest(original, media_type):
        ingredient = {"title": f"provider original ({generator})", "relationship": "parentOf"}
        ingredients.append(({**ingredient, "label": "original"}, media_type, original))
        actions = [
            {"action": OPENED, "parameters": {"ingredientIds": ["original"]}},
            {"action": CONVERTED, "softwareAgent": {"name": "Studio", "version": __version__},
             "digitalSourceType": source_type, "description": "re-encoded as PNG"},
        ]  # fmt: skip
    else:
        actions = [{"action": CREATED, "digitalSourceType": source_type, "softwareAgent": agent}]
    template_id, template_version = _template(plan)
    generation = {
        "generator": generator,
        "model": model,
        "seed": seed,
        "template": template_id,
        "template_version": template_version,
    }
    links = _links(brief_id=brief_id, manifest=manifest, asset=asset, generation=generation)
    return _sign(settings, data, _definition(asset, actions, links), ingredients)


def sign_deliverable(
    data: bytes,
    *,
    settings: Settings,
    brief_id: str,
    asset: str,
    manifest: str,
    source_type: str,
    layout: str,
    inputs: Sequence[str],
    read: Callable[[str], bytes],
    plan: Plan | None = None,
    size: tuple[int, int] | None = None,
) -> bytes:
    """A deliverable (PNG) with its credentials, listing its pictures as ingredients: `inputs`
    are their storage keys (`<brief>/jobs/<job>-0.png`), `read` reads one. One input at the
    deliverable's own `size` is an edit of that picture (parentOf); otherwise the pictures are
    placed on the layout (componentOf)."""
    if not _active(settings):
        return data
    from PIL import Image

    pictures = [(key.split("/", 1)[-1], read(key)) for key in inputs]
    single = len(pictures) == 1 and size is not None
    if single:
        with Image.open(io.BytesIO(pictures[0][1])) as im:
            single = im.size == size
    relationship = "parentOf" if single else "componentOf"
    ingredients = [
        (
            {"title": title, "relationship": relationship, "label": f"ingredient-{n}"},
            "image/png",
            raw,
        )
        for n, (title, raw) in enumerate(pictures)
    ]
    studio_agent = {"name": "Studio", "version": __version__}
    edited = {"action": EDITED, "softwareAgent": studio_agent, "description": f"{layout} layout"}
    if single:
        edited["digitalSourceType"] = source_type
        actions = [{"action": OPENED, "parameters": {"ingredientIds": ["ingredient-0"]}}, edited]
    else:
        actions = [
            {"action": CREATED, "digitalSourceType": source_type, "softwareAgent": studio_agent},
            *(
                {"action": PLACED, "parameters": {"ingredientIds": [i[0]["label"]]}}
                for i in ingredients
            ),
            edited,
        ]
    template_id, template_version = _template(plan)
    generation = {"generator": "studio", "layout": layout, "template": template_id,
                  "template_version": template_version}  # fmt: skip
    links = _links(brief_id=brief_id, manifest=manifest, asset=asset, generation=generation)
    return _sign(settings, data, _definition(asset, actions, links), ingredients)
