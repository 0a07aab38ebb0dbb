"""The whiteboard and recipe_card layouts (issue 14): rendered on real offline-generator
pictures at every size their templates offer, every required string is read back by OCR
inside the box the layout reports; boxes lie inside the image and never overlap; a caption
too long for its box and a 20-ingredient recipe are fitted with every word present; with
text_by "model" the picture comes back unchanged. The full OCR check runs at the smallest
size, the other sizes check dimensions, boxes and a few strings (OCR costs ~1 s a page)."""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations

import pytest
from PIL import Image

from studio.compose import compose_with_boxes
from studio.compose.common import cover
from studio.config import Settings
from studio.documents.ocr import available as ocr_available
from studio.documents.ocr import lines_to_text, ocr_image
from studio.domain import Composition, JobSpec
from studio.generators import get_generator
from studio.prompts import Library
from studio.words.model import parse_words, required_strings
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="OCR engine not installed")

WHITEBOARD = {
    "kind": "whiteboard",
    "title": "How DNS works",
    "steps": [
        {"caption": "Browser asks resolver"},
        {"caption": "Resolver asks root", "note": "13 root names"},
        {"caption": "Root points to TLD"},
        {"caption": "TLD names the server"},
        {"caption": "Answer comes back"},
    ],
}
RECIPE = {
    "kind": "recipe",
    "dish": "French omelette",
    "servings": "Serves 2",
    "ingredients": [
        {"quantity": "3", "item": "eggs"},
        {"quantity": "15 g", "item": "butter"},
        {"quantity": "1 pinch", "item": "salt"},
        {"quantity": "1 tbsp", "item": "chives"},
        {"item": "black pepper"},
        {"quantity": "20 g", "item": "cheese"},
    ],
    "steps": ["Whisk the eggs", "Melt the butter", "Stir until just set", "Fold and serve"],
    "times": {"prep": "5 min", "cook": "3 min"},
}
PANTRY = [
    ("4", "eggs"), ("30 g", "butter"), ("1 tsp", "salt"), ("2 tbsp", "chives"), ("1 pinch", "pepper"),
    ("50 g", "cheese"), ("100 ml", "cream"), ("2", "shallots"), ("200 g", "mushrooms"),
    ("1 clove", "garlic"), ("3 sprigs", "thyme"), ("1 bunch", "parsley"), ("80 g", "spinach"),
    ("6", "cherry tomatoes"), ("40 g", "ham"), ("1 tbsp", "olive oil"), ("1", "lemon"),
    ("2 slices", "toast"), ("1 handful", "rocket"), ("20 g", "parmesan"),
]  # fmt: skip
LONG = (
    "The resolver asks each name server in turn, from the root down to the domain's own "
    "server, and caches the answer"
)  # 120 characters


def sizes(template_id: str) -> list[tuple[int, int]]:
    return [tuple(s) for s in LIB.get(template_id).outputs.sizes.values()]  # type: ignore[misc]


def smallest(template_id: str) -> tuple[int, int]:
    return min(sizes(template_id), key=lambda s: s[0] * s[1])


def picture(w: int, h: int, style: str, prompt: str) -> Image.Image:
    job = JobSpec(
        id="j00", brief_id="b", template_id="t", template_version="1", prompt=prompt,
        width=w, height=h, seed=11, params={"style": style},
    )  # fmt: skip
    return get_generator("offline", Settings(_env_file=None)).generate(job)[0].image


def render(layout: str, w: int, h: int, words: dict, **data: object):
    style, prompt = (
        ("whiteboard", "a clean whiteboard")
        if layout == "whiteboard"
        else ("photo", "an appetising photo of an omelette on a plate")
    )
    comp = Composition(
        id="c00", layout=layout, output="out.png", width=w, height=h, inputs=["j00"],
        data={"words": words, **data}, seed=5,
    )  # fmt: skip
    image = picture(w, h, style, prompt)
    out, boxes = compose_with_boxes(comp, [image], LIB.brand("default"))
    return out, boxes, image


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text)
    return re.findall(r"\w+", "".join(c for c in folded if not unicodedata.combining(c)).lower())


def reads(lines: list, text: str, box: tuple[int, int, int, int]) -> str | None:
    """None when `text` reads back from the OCR lines whose centre lies in `box` (12 px of
    slack), else what was read there. Case and punctuation are normalised away."""
    x0, y0, x1, y1 = box
    inside = [
        line
        for line in lines
        if x0 - 12 <= (line[1][0] + line[1][2]) / 2 <= x1 + 12
        and y0 - 12 <= (line[1][1] + line[1][3]) / 2 <= y1 + 12
    ]
    seen = " ".join(tokens(lines_to_text(inside)))
    # every letter and digit, in order; not the spaces: this OCR model drops some between
    # words ("4eggs") whatever the spacing, even double spaces (measured)
    return None if "".join(tokens(text)) in seen.replace(" ", "") else seen


def check_boxes(out: Image.Image, boxes: dict, strings: list[str]) -> None:
    assert sorted(boxes) == sorted(f"text:{i}" for i in range(len(strings)))
    for key, (x0, y0, x1, y1) in boxes.items():
        assert 0 <= x0 < x1 <= out.width and 0 <= y0 < y1 <= out.height, (key, boxes[key])
    for (ka, a), (kb, b) in combinations(boxes.items(), 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (ka, a, kb, b)


def check_reads(out: Image.Image, boxes: dict, strings: list[str], which: list[int]) -> None:
    """OCR the page once; each string in `which` must read back inside its box."""
    lines = ocr_image(out)
    misses = {
        strings[i]: got for i in which if (got := reads(lines, strings[i], boxes[f"text:{i}"]))
    }
    assert not misses, misses


CASES = [
    ("whiteboard", "whiteboard-explainer", WHITEBOARD),
    ("recipe_card", "recipe-infographic", RECIPE),
]


@needs_ocr
@pytest.mark.parametrize(("layout", "template", "words"), CASES, ids=["whiteboard", "recipe"])
def test_every_string_reads_back_at_the_smallest_size(
    layout: str, template: str, words: dict
) -> None:
    w, h = smallest(template)
    out, boxes, _ = render(layout, w, h, words)
    strings = required_strings(parse_words(words))
    assert out.size == (w, h) and out.mode == "RGB"
    check_boxes(out, boxes, strings)
    check_reads(out, boxes, strings, list(range(len(strings))))


@needs_ocr
@pytest.mark.parametrize(
    ("layout", "size", "words"),
    [(layout, size, words) for layout, template, words in CASES for size in sizes(template)],
    ids=lambda v: (
        "x".join(map(str, v)) if isinstance(v, tuple) else v if isinstance(v, str) else ""
    ),
)
def test_every_size_of_the_template(layout: str, size: tuple[int, int], words: dict) -> None:
    out, boxes, _ = render(layout, *size, words)
    strings = required_strings(parse_words(words))
    assert out.size == size
    check_boxes(out, boxes, strings)
    check_reads(out, boxes, strings, [0, len(strings) // 2, len(strings) - 1])


@needs_ocr
def test_a_step_caption_too_long_for_its_box_is_fitted_never_cut() -> None:
    words = {
        **WHITEBOARD,
        "steps": [*WHITEBOARD["steps"][:2], {"caption": LONG}, *WHITEBOARD["steps"][3:]],
    }
    w, h = smallest("whiteboard-explainer")
    out, boxes, _ = render("whiteboard", w, h, words)
    strings = required_strings(parse_words(words))
    check_boxes(out, boxes, strings)
    x0, y0, x1, y1 = boxes["text:3"]
    assert y1 - y0 > 60  # wrapped onto several lines rather than run off the box
    check_reads(out, boxes, strings, list(range(len(strings))))


@needs_ocr
def test_twenty_ingredients_and_long_steps_fit_the_smallest_card() -> None:
    words = {
        **RECIPE,
        "ingredients": [{"quantity": q, "item": i} for q, i in PANTRY],
        "steps": [f"{LONG} {k}" for k in range(1, 9)],
    }
    w, h = smallest("recipe-infographic")
    out, boxes, _ = render("recipe_card", w, h, words)
    strings = required_strings(parse_words(words))
    check_boxes(out, boxes, strings)
    check_reads(out, boxes, strings, list(range(len(strings))))


def test_text_by_model_returns_the_picture_as_is() -> None:
    for layout, template, words in CASES:
        w, h = smallest(template)
        out, boxes, image = render(layout, w, h, words, text_by="model")
        assert boxes == {}
        assert out.tobytes() == cover(image, (w, h)).tobytes()


@needs_ocr
def test_a_board_without_steps_shows_the_title_alone_centred() -> None:
    w, h = 1920, 1080
    out, boxes, _ = render("whiteboard", w, h, {"kind": "whiteboard", "title": "Compound interest"})
    assert list(boxes) == ["text:0"]
    x0, y0, x1, y1 = boxes["text:0"]
    assert abs((x0 + x1) / 2 - w / 2) < w * 0.05 and abs((y0 + y1) / 2 - h / 2) < h * 0.08
    assert y1 - y0 > h * 0.1  # large
    check_reads(out, boxes, ["Compound interest"], [0])
