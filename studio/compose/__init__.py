"""Deterministic layouts that turn job outputs into deliverables and draw the text that must
be right (titles, captions, numbers) with real fonts. A layout is one module with a
`compose(composition, images, brand) -> PIL.Image` function plus one line in LAYOUTS."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from studio.domain import Composition
from studio.prompts import BrandKit

LayoutFn = Callable[[Composition, list[Image.Image], BrandKit], Image.Image]


def _layouts() -> dict[str, LayoutFn]:
    from studio.compose import contact_sheet, creative, infographic, polaroid, single

    return {
        "single": single.compose,
        "polaroid_board": polaroid.compose,
        "infographic": infographic.compose,
        "contact_sheet": contact_sheet.compose,
        "creative": creative.compose,
    }


Box = tuple[int, int, int, int]


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    """Render one deliverable at exactly composition.width x composition.height (RGB)."""
    return compose_with_boxes(composition, images, brand)[0]


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    """The deliverable plus, for layouts that draw facts, where each fact's figure was drawn
    (keyed by infographic.fact_id) so verification can read exactly there."""
    boxes: dict[str, Box] = {}
    if composition.layout == "infographic":
        from studio.compose.infographic import compose_with_boxes as infographic

        out, boxes = infographic(composition, images, brand)
    else:
        out = _layouts()[composition.layout](composition, images, brand)
    if out.size != (composition.width, composition.height):
        raise AssertionError(
            f"layout {composition.layout} drew {out.size}, wanted "
            f"{(composition.width, composition.height)}"
        )
    return out.convert("RGB"), boxes
