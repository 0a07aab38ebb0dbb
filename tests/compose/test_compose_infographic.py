"""The earnings infographic: real renders, checked by size, pixels and where text landed."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.compose.infographic import compose, compose_with_boxes, fact_id, layout_boxes, render
from studio.compose.infographic.parts import badge_text
from studio.prompts import Library
from tests import infographic_samples as samples

Box = tuple[int, int, int, int]
BRAND = Library(Path(__file__).resolve().parents[2] / "prompts").brand("default")
SECTIONS = {"segments", "drivers", "cash", "outlook"}


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def assert_clean_layout(out, composition) -> None:
    """Every fact drawn once, verbatim, inside the canvas and its card; no text touches another."""
    w, h = composition.width, composition.height
    ids = {fact_id(f, i): f for i, f in enumerate(composition.facts)}
    assert list(out.fact_boxes) == list(ids)  # in the order of composition.facts
    drawn = [d for d in out.texts if d.role == "fact"]
    assert sorted(d.fact_id for d in drawn) == sorted(ids)  # each exactly once
    for d in drawn:
        assert d.text == ids[d.fact_id].display
    for fid, box in out.fact_boxes.items():
        assert inside(box, (0, 0, w, h)), (fid, box)
        assert any(inside(box, card) for card in out.sections.values()), (fid, box)
    for a, b in combinations(out.fact_boxes.items(), 2):
        assert not overlap(a[1], b[1]), (a, b)
    texts = [d for d in out.texts if d.box[2] > d.box[0] and d.box[3] > d.box[1]]
    for d in texts:
        assert inside(d.box, (0, 0, w, h)), d
    for a, b in combinations(texts, 2):
        assert not overlap(a.box, b.box), (a, b)
    for a, b in combinations(out.sections.items(), 2):
        assert not overlap(a[1], b[1]), (a, b)


def assert_clearance(out, pad: int = 4) -> None:
    """A verifier may crop a little around each figure: nothing else within `pad` pixels."""
    for fid, (x0, y0, x1, y1) in out.fact_boxes.items():
        padded = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        for d in out.texts:
            if not (d.role == "fact" and d.fact_id == fid):
                assert not overlap(padded, d.box), (fid, d)


@pytest.fixture(scope="module", params=list(samples.SIZES.values()), ids=list(samples.SIZES))
def size(request) -> tuple[int, int]:
    return request.param


@pytest.fixture(scope="module")
def rich_out(size):
    comp = samples.rich(width=size[0], height=size[1])
    return comp, render(comp, [], BRAND)


@pytest.fixture(scope="module")
def sparse_out(size):
    comp = samples.sparse(width=size[0], height=size[1])
    return comp, render(comp, [], BRAND)


def test_exact_size_and_mode(rich_out, sparse_out, size):
    for _, out in (rich_out, sparse_out):
        assert out.image.size == size
        assert out.image.mode == "RGB"


def test_rich_layout_is_clean(rich_out):
    comp, out = rich_out
    assert_clean_layout(out, comp)
    assert_clearance(out)
    assert set(out.sections) >= SECTIONS
    assert {"revenue", "operating_income", "net_income", "eps", "margins"} <= set(out.sections)


def test_sparse_layout_has_only_its_cards(sparse_out):
    comp, out = sparse_out
    assert_clean_layout(out, comp)
    assert_clearance(out)
    assert set(out.sections) == {"revenue", "net_income"}
    assert not {d.role for d in out.texts} & {"quote"}


def test_badges_carry_one_decimal_and_the_sign_as_an_arrow(rich_out):
    comp, out = rich_out
    badges = {(d.fact_id, d.text): d.box for d in out.texts if d.role == "badge"}
    rev, op = fact_id(comp.facts[0], 0), fact_id(comp.facts[1], 1)
    assert (rev, "12.6% YoY") in badges and (rev, "3.1% QoQ") in badges
    assert (op, "3.1% YoY") in badges
    assert badge_text(-3.14, "YoY") == "3.1% YoY" and badge_text(0.0, "QoQ") == "0.0% QoQ"
    # the arrow left of the text: green pointing up for growth, red pointing down for decline
    img = np.asarray(out.image).astype(int)
    for key, want in (((rev, "12.6% YoY"), "green"), ((op, "3.1% YoY"), "red")):
        x0, y0, x1, y1 = badges[key]
        arrow = img[y0 - 4 : y1 + 4, max(0, x0 - (y1 - y0) * 2) : x0 - 2]
        r, g = arrow[..., 0], arrow[..., 1]
        strong = np.abs(r - g) > 60
        assert strong.any()
        assert ((g > r) if want == "green" else (r > g))[strong].mean() > 0.9


def test_every_figure_has_a_page_citation_beside_it(rich_out):
    comp, out = rich_out
    cites = [d for d in out.texts if d.role == "cite"]
    for i, f in enumerate(comp.facts):
        fid = fact_id(f, i)
        box = out.fact_boxes[fid]
        mine = [c for c in cites if c.fact_id == fid]
        assert [c.text for c in mine] == [f"p.{f.page}"]
        c = mine[0].box
        assert c[0] >= box[2] and c[1] < box[3] and c[3] > box[1]  # to the right, same line


def test_deterministic_and_seeded():
    comp = samples.rich()
    a, b = compose(comp, [], BRAND), compose(comp, [], BRAND)
    assert a.tobytes() == b.tobytes()
    c = compose(samples.rich(seed=8), [], BRAND)
    assert a.tobytes() != c.tobytes()  # the noise follows the seed
    diff = np.abs(np.asarray(a, dtype=int) - np.asarray(c, dtype=int))
    assert diff.max() <= 20  # ...and only the noise


def test_compose_with_boxes_matches_layout_boxes():
    comp = samples.rich()
    image, boxes = compose_with_boxes(comp, [], BRAND)
    assert image.size == (1920, 1080)
    assert boxes == layout_boxes(comp, BRAND) == render(comp, [], BRAND).fact_boxes


def illustration(size: tuple[int, int] = (640, 360)) -> Image.Image:
    pic = Image.new("RGB", size, (30, 60, 150))
    draw = ImageDraw.Draw(pic)
    for i in range(8):
        draw.ellipse(
            (i * 80 - 40, 120 - i * 10, i * 80 + 120, 300 - i * 10), fill=(80 + i * 20, 140, 230)
        )
    return pic


def test_generated_image_changes_pixels_only_subtly():
    comp = samples.rich()
    plain = render(comp, [], BRAND)
    with_pic = render(comp, [illustration()], BRAND)
    a = np.asarray(plain.image, dtype=int)
    b = np.asarray(with_pic.image, dtype=int)
    diff = np.abs(a - b)
    assert diff.max() > 10  # it is visible...
    assert diff.mean() < 3  # ...but faint overall
    assert with_pic.fact_boxes == plain.fact_boxes
    for x0, y0, x1, y1 in plain.fact_boxes.values():  # and never under a figure
        assert diff[y0:y1, x0:x1].max() == 0
    for d in plain.texts:
        if d.role in ("title", "subtitle"):
            x0, y0, x1, y1 = d.box
            assert diff[y0:y1, x0:x1].mean() < 4


@pytest.mark.parametrize(
    "size",
    [(1080, 1080), (1280, 720), (800, 600), (2400, 1000), (800, 1000), (320, 320), (360, 640)],
)
def test_other_sizes_degrade_gracefully(size):
    for make in (samples.rich, samples.sparse):
        comp = make(width=size[0], height=size[1])
        out = render(comp, [], BRAND)
        assert out.image.size == size
        assert_clean_layout(out, comp)


def test_long_displays_shrink_instead_of_clipping():
    facts = samples.rich_facts()
    facts[0] = samples.fact(
        "revenue",
        "Total net revenue and other operating income",
        180.2e9,
        "$180,234,567,890.12 thousand (restated)",
        1,
        yoy=12.6,
        qoq=3.1,
    )
    facts[-1] = samples.fact(
        "guidance_revenue",
        "Full-year revenue outlook",
        None,
        "$700.0 billion to $720.0 billion, excluding currency effects",
        4,
    )
    comp = samples.composition(facts, highlights=samples.RICH_HIGHLIGHTS)
    out = render(comp, [], BRAND)
    assert_clean_layout(out, comp)
    box = out.fact_boxes[fact_id(facts[0], 0)]
    assert box[3] - box[1] >= 12  # still legible


def test_many_long_quotes_are_dropped_rather_than_crammed():
    long = (
        "Demand for our enterprise platform remained strong across every region and product line "
        * 3
    )
    highlights = [{"kind": "driver", "page": i + 1, "text": long} for i in range(8)]
    highlights += [{"kind": "risk", "page": 9, "text": long}]
    comp = samples.composition(samples.rich_facts(), highlights=highlights)
    out = render(comp, [], BRAND)
    assert_clean_layout(out, comp)
    quotes = [d for d in out.texts if d.role == "quote"]
    assert quotes and min(d.box[3] - d.box[1] for d in quotes) >= 9


def test_unknown_and_repeated_keys_still_get_drawn():
    facts = samples.sparse_facts() + [
        samples.fact("revenue", "Six-month revenue", 350.0e9, "$350.0 billion", 2),
        samples.fact("backlog", "Backlog", 12.0e9, "$12.0 billion", 3, yoy=4.0),
        samples.fact("share_repurchases", "Share repurchases", 5.0e9, "$5.0 billion", 3),
        samples.fact("dividends", "Dividends paid", 2.5e9, "$2.5 billion", 3),
    ]
    comp = samples.composition(facts)
    out = render(comp, [], BRAND)
    assert_clean_layout(out, comp)
    assert {"other", "cash"} <= set(out.sections)
    assert "segments" not in out.sections


def test_highlights_without_guidance_make_an_outlook_card():
    highlights = [
        {"kind": "outlook", "page": 2, "text": "We expect growth to continue next quarter."}
    ]
    comp = samples.composition(samples.sparse_facts(), highlights=highlights)
    out = render(comp, [], BRAND)
    assert_clean_layout(out, comp)
    assert set(out.sections) == {"revenue", "net_income", "outlook"}


def test_rejects_tiny_canvases():
    with pytest.raises(ValueError, match="at least 320"):
        render(samples.sparse(width=200, height=1080), [], BRAND)
