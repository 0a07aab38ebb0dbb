"""Deterministic layouts that turn job outputs into deliverables and draw the text that must
be right (titles, captions, numbers) with real fonts.

A layout is one module with a `compose(composition, images, brand) -> PIL.Image` function
plus one `register_layout` line below; the name registered there is the only list of layouts
(templates and compositions validate `layout` against it, see studio.domain.Layout). A layout
that draws facts registers with fact_boxes=True and also defines `compose_with_boxes`, which
returns where each fact's figure was drawn. Layout modules are imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from studio.domain import Composition
from studio.prompts import BrandKit

Box = tuple[int, int, int, int]
LayoutFn = Callable[[Composition, list[Image.Image], BrandKit], Image.Image]
BoxesFn = Callable[[Composition, list[Image.Image], BrandKit], tuple[Image.Image, dict[str, Box]]]


@dataclass(frozen=True)
class _Entry:
    module: str  # imported on first use
    fact_boxes: bool  # module.compose_with_boxes returns {fact_id: box}


_LAYOUTS: dict[str, _Entry] = {}


def register_layout(name: str, module: str, *, fact_boxes: bool = False) -> None:
    """Make `name` a layout drawn by `module`'s compose() (imported on first use)."""
    if name in _LAYOUTS:
        raise ValueError(f"layout {name!r} is already registered")
    _LAYOUTS[name] = _Entry(module, fact_boxes)


register_layout("single", "studio.compose.single")
register_layout("polaroid_board", "studio.compose.polaroid")
register_layout("infographic", "studio.compose.infographic", fact_boxes=True)
register_layout("contact_sheet", "studio.compose.contact_sheet")
register_layout("creative", "studio.compose.creative")
register_layout("labelled_scene", "studio.compose.text.labelled", fact_boxes=True)
register_layout("blueprint", "studio.compose.text.blueprint", fact_boxes=True)
register_layout("whiteboard", "studio.compose.text.whiteboard", fact_boxes=True)
register_layout("recipe_card", "studio.compose.text.recipe", fact_boxes=True)


def layout_names() -> tuple[str, ...]:
    """Every registered layout, in registration order."""
    return tuple(_LAYOUTS)


def check_layout(name: str) -> str:
    """`name` if it is a registered layout, else ValueError listing the known ones."""
    if name not in _LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; known layouts: {', '.join(_LAYOUTS)}")
    return name


def layout_fn(name: str) -> LayoutFn:
    """The compose function of a registered layout."""
    return importlib.import_module(_LAYOUTS[check_layout(name)].module).compose


def compose(composition: Composition, images: list[Image.Image], brand: BrandKit) -> Image.Image:
    """Render one deliverable at exactly composition.width x composition.height (RGB)."""
    return compose_with_boxes(composition, images, brand)[0]


def compose_with_boxes(
    composition: Composition, images: list[Image.Image], brand: BrandKit
) -> tuple[Image.Image, dict[str, Box]]:
    """The deliverable plus, for layouts that draw facts, where each fact's figure was drawn
    (keyed by infographic.fact_id) so verification can read exactly there."""
    entry = _LAYOUTS[check_layout(composition.layout)]
    module = importlib.import_module(entry.module)
    boxes: dict[str, Box] = {}
    if entry.fact_boxes:
        with_boxes: BoxesFn = module.compose_with_boxes
        out, boxes = with_boxes(composition, images, brand)
    else:
        out = module.compose(composition, images, brand)
    if out.size != (composition.width, composition.height):
        raise AssertionError(
            f"layout {composition.layout} drew {out.size}, wanted "
            f"{(composition.width, composition.height)}"
        )
    return out.convert("RGB"), boxes
