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
    from studio.compose import contact_sheet, infographic, polaroid, single

    return {
        "single": single.compose,
        "polaroid_board": polaroid.compose,
        "infographic": infographic.compose,
        "contact_sheet": contact_sheet.compose,
    }


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    """Render one deliverable at exactly composition.width x composition.height (RGB)."""
    layout = _layouts()[composition.layout]
    out = layout(composition, images, brand)
    if out.size != (composition.width, composition.height):
        raise AssertionError(f"layout {composition.layout} drew {out.size}, wanted "
                             f"{(composition.width, composition.height)}")
    return out.convert("RGB")
