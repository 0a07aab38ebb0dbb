"""The labelled scene and blueprint layouts draw every required string where they say, legibly
(OCR reads each back inside its box), never cut, never overlapping, at every template size."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.compose import compose_with_boxes, lettering
from studio.compose.text.extent import find_subject
from studio.documents.ocr import available, lines_to_text, ocr_image
from studio.domain import Composition
from studio.prompts import Library
from studio.words import parse_words, required_strings
from studio.words.check import found
from studio.words.model import unsourced_facts

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = Library(ROOT / "prompts")
BRAND = LIBRARY.brand("default")
needs_ocr = pytest.mark.skipif(not available(), reason="OCR extra not installed")

OBJECTS = [  # en, es, zh
    ("kettle", "la tetera", "水壶"),
    ("sink", "el fregadero", "水槽"),
    ("fridge", "la nevera", "冰箱"),
    ("table", "la mesa", "桌子"),
    ("chair", "la silla", "椅子"),
    ("window", "la ventana", "窗户"),
]
REGION = (600, 300, 700, 400)  # the kettle, in the picture's pixels (1024 x 768)


def sizes(template: str) -> list[tuple[int, int]]:
    return [tuple(s) for s in LIBRARY.get(template).outputs.sizes.values()]


def scene_picture() -> Image.Image:
    img = Image.new("RGB", (1024, 768), (214, 224, 232))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 520, 1024, 768), fill=(150, 128, 110))
    d.rounded_rectangle((360, 440, 660, 540), radius=16, fill=(224, 88, 96))
    return img


def scene(
    langs: list[str], objects: list[tuple[str, ...]], regions: dict[int, tuple] | None = None
):
    return {
        "kind": "labelled_scene",
        "scene": "a kitchen",
        "languages": langs,
        "objects": [
            {
                "key": o[0],
                "labels": dict(zip(langs, o, strict=False)),
                "region": (regions or {}).get(i),
            }
            for i, o in enumerate(objects)
        ],
    }


def render(layout: str, words: dict, size: tuple[int, int], picture: Image.Image, **data):
    comp = Composition(
        id="c",
        layout=layout,
        output="o.png",
        width=size[0],
        height=size[1],
        data={"words": words, **data},
    )
    return compose_with_boxes(comp, [picture], BRAND)


def assert_boxes_sound(img: Image.Image, boxes: dict, n: int) -> None:
    assert sorted(boxes) == sorted(f"text:{i}" for i in range(n))
    items = list(boxes.values())
    for x0, y0, x1, y1 in items:
        assert 0 <= x0 < x1 <= img.width and 0 <= y0 < y1 <= img.height
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def assert_reads(img: Image.Image, boxes: dict, strings: list[str], skip=lambda s: False) -> None:
    """OCR the image once; the lines read inside string i's box (by their centres) must
    contain string i, as verification judges it (check.found). Strings skipped: a script
    with no font installed here."""
    lines = ocr_image(img)
    bad = []
    for i, want in enumerate(strings):
        if skip(want):
            continue
        x0, y0, x1, y1 = boxes[f"text:{i}"]
        inside = [
            (text, box, score)
            for text, box, score in lines
            if x0 - 4 <= (box[0] + box[2]) / 2 <= x1 + 4
            and y0 - 4 <= (box[1] + box[3]) / 2 <= y1 + 4
        ]
        read = lines_to_text(inside, min_confidence=0.3).replace("\n", " ")
        # OCR drops the narrow gap between a number and its unit ("330 m" reads "330m"):
        # such a string is held to its characters in order, spaces aside
        squeezed = re.sub(r"\s+", "", want) in re.sub(r"\s+", "", read) and re.search(r"\d", want)
        if not (found(want, read) or squeezed):
            bad.append((want, read))
    assert not bad, bad


# -- labelled scene --------------------------------------------------------------------------
@needs_ocr
@pytest.mark.parametrize("size", sizes("multilingual-labelled-scene"))
def test_scene_legend_reads_back_every_label_at_every_size(size) -> None:
    words = scene(["en", "es", "zh"], OBJECTS)
    img, boxes = render("labelled_scene", words, size, scene_picture())
    strings = required_strings(parse_words(words))
    assert img.size == size and len(strings) == 18
    assert_boxes_sound(img, boxes, len(strings))
    chinese = lettering.coverage("水壶冰箱")  # without a CJK font only Latin is checked
    assert_reads(
        img, boxes, strings, skip=lambda s: not chinese and lettering.script_of(s) == "han"
    )


def test_scene_callout_only_where_a_region_is_given() -> None:
    accent = tuple(int(BRAND.palette["accent"].lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    picture = scene_picture()
    ImageDraw.Draw(picture).rectangle(REGION, fill=(0, 200, 0))  # the kettle, unmistakable
    with_region, _ = render(
        "labelled_scene", scene(["en"], OBJECTS, {0: REGION}), (2048, 1536), picture
    )
    without, _ = render("labelled_scene", scene(["en"], OBJECTS), (2048, 1536), picture)
    a, b = np.asarray(with_region).astype(int), np.asarray(without).astype(int)
    # without regions nothing of the accent is on the picture (the legend's badges aside)
    green = np.abs(b - (0, 200, 0)).sum(axis=2) < 40
    ys, xs = np.nonzero(green)
    kettle = (xs.min(), ys.min(), xs.max(), ys.max())  # where the region landed on the canvas
    changed = np.abs(a - b).sum(axis=2) > 0
    cy, cx = np.nonzero(changed)
    assert cx.size > 0 and cx.max() < 2048 * 0.6  # only the picture changed, not the legend
    # the callout (accent pixels) touches the region: its leader ends on the region's centre
    callout = (np.abs(a - accent).sum(axis=2) < 30) & changed
    ys, xs = np.nonzero(callout)
    assert xs.size > 200
    x0, y0, x1, y1 = kettle
    on_region = callout[y0 : y1 + 1, x0 : x1 + 1]
    assert on_region.sum() > 20, "no callout pixels on the region"
    mid = ((x0 + x1) // 2, (y0 + y1) // 2)
    assert callout[mid[1] - 3 : mid[1] + 4, mid[0] - 3 : mid[0] + 4].any()  # the dot


def test_sixteen_objects_three_languages_and_a_long_label_fit_the_smallest_size() -> None:
    long_label = "a very long handmade ceramic kettle with a wooden handle and lid"  # ~60 chars
    objects = [(f"object {i}", f"objeto número {i}", f"objet numéro {i}") for i in range(16)]
    objects[3] = (long_label, "una tetera de cerámica hecha a mano con asa de madera", "bouilloire")
    words = scene(["en", "es", "fr"], objects)
    smallest = min(sizes("multilingual-labelled-scene"), key=lambda s: s[0] * s[1])
    img, boxes = render("labelled_scene", words, smallest, scene_picture())
    strings = required_strings(parse_words(words))
    assert_boxes_sound(img, boxes, len(strings))
    if available():  # every word of the long label reads back, in order, inside its box
        i = strings.index(long_label)
        assert_reads(img, {"text:0": boxes[f"text:{i}"]}, [long_label])


@pytest.mark.parametrize("text", ["やかん", "غلاية"])
def test_other_scripts_are_drawn_in_a_font_that_covers_them(text: str) -> None:
    if not lettering.coverage(text):
        pytest.skip(f"no installed font covers {lettering.script_of(text)} (install Noto fonts)")
    words = scene(["en", "xx"], [("kettle", text), ("sink", text + text)])
    img, boxes = render("labelled_scene", words, (1920, 1080), scene_picture())
    x0, y0, x1, y1 = boxes["text:1"]
    ink = np.asarray(img.crop((x0, y0, x1, y1)).convert("L")) < 128
    assert ink.sum() > 50  # glyphs drawn, not empty


def test_model_painted_words_return_the_picture_as_is() -> None:
    img, boxes = render(
        "labelled_scene", scene(["en"], OBJECTS), (1536, 1536), scene_picture(), text_by="model"
    )
    assert boxes == {} and img.size == (1536, 1536)
    img, boxes = render("blueprint", facts(2), (1600, 1200), blueprint_picture(), text_by="model")
    assert boxes == {} and img.size == (1600, 1200)


# -- blueprint -------------------------------------------------------------------------------
TOWER = (560, 120, 840, 900)  # where the drawn tower is in the 1400 x 1000 picture


def blueprint_picture() -> Image.Image:
    img = Image.new("RGB", (1400, 1000), (23, 69, 127))
    d = ImageDraw.Draw(img)
    for x in range(0, 1400, 50):  # a faint grid the extent must ignore
        d.line((x, 0, x, 1000), fill=(40, 86, 142))
    for y in range(0, 1000, 50):
        d.line((0, y, 1400, y), fill=(40, 86, 142))
    x0, y0, x1, y1 = TOWER
    mid = (x0 + x1) // 2
    d.line((x0, y1, mid, y0), fill=(240, 248, 255), width=4)
    d.line((x1, y1, mid, y0), fill=(240, 248, 255), width=4)
    for y in range(y0 + 120, y1, 110):
        half = (y - y0) / (y1 - y0) * (x1 - x0) / 2
        d.line((mid - half, y, mid + half, y), fill=(240, 248, 255), width=3)
    d.rectangle((1300, 40, 1330, 60), outline=(240, 248, 255), width=2)  # a stray mark
    return img


def facts(n: int) -> dict:
    table = [
        ("Height", "330 m", "SETE, 2022"),
        ("Base width", "125 m", "SETE, 2022"),
        ("Completed", "1889", None),
        ("Designer", "Gustave Eiffel", None),
        ("Wrought iron", "7300 tonnes", "Musée d'Orsay"),
        ("Rivets", "2.5 million", None),
        ("Platforms", "3 levels", None),
        ("Steps", "1665 steps", None),
    ]
    return {
        "kind": "blueprint",
        "landmark": "Eiffel Tower",
        "location": "Paris, France",
        "facts": [{"label": a, "value": b, "source": c} for a, b, c in table[:n]],
    }


def test_subject_extent_is_found_where_the_drawing_is() -> None:
    box = find_subject(blueprint_picture()).box
    assert all(abs(a - b) < 30 for a, b in zip(box, TOWER, strict=True)), box


@needs_ocr
@pytest.mark.parametrize("size", sizes("landmark-blueprint"))
def test_blueprint_reads_back_landmark_and_every_value(size) -> None:
    words = facts(4)
    img, boxes = render("blueprint", words, size, blueprint_picture())
    strings = required_strings(parse_words(words))
    assert img.size == size
    assert_boxes_sound(img, boxes, len(strings))
    assert_reads(img, boxes, strings)


def test_eight_facts_fit_without_overlap_and_unsourced_numbers_are_named() -> None:
    words = facts(8)
    for size in sizes("landmark-blueprint"):
        img, boxes = render("blueprint", words, size, blueprint_picture())
        assert_boxes_sound(img, boxes, 9)
    assert [f.value for f in unsourced_facts(parse_words(words))] == [
        "1889",
        "2.5 million",
        "3 levels",
        "1665 steps",
    ]
