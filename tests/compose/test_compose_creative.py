"""The `creative` layout (issue 10): headline, sub-line and CTA badge drawn inside the
channel's safe margins at the exact size, read back by OCR, wrapped rather than cut, and the
brand logo drawn when the kit has one."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from studio.compose import compose
from studio.compose.creative import compose_with_boxes, safe_box
from studio.documents.ocr import available as ocr_available
from studio.documents.ocr import ocr_image
from studio.domain import Composition
from studio.errors import TemplateError
from studio.prompts import BrandKit, Library
from studio.verify import check_text
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
BRAND = LIB.brand("default")
SAFE = {
    e["name"]: e["safe"]
    for e in yaml.safe_load((REPO / "prompts" / "formats.yaml").read_text())["formats"]
    if "safe" in e
}
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="OCR engine not installed")

HEADLINE, SUBLINE, CTA = "Summer Sale", "30% off until 31 July", "Shop now"


def photo(w: int, h: int, seed: int = 0) -> Image.Image:
    """A busy stand-in for a generated image: colour gradients with noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    arr = np.stack([x / w * 200 + 30, y / h * 180 + 40, (x + y) % 97 * 2.0], -1)
    arr = arr + rng.normal(0, 25, (h, w, 3))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def creative(w: int, h: int, channel: str | None = None, **data: object) -> Composition:
    if channel in SAFE:
        data.setdefault("safe", SAFE[channel])
    return Composition(
        id="c00",
        layout="creative",
        output="creative.png",
        width=w,
        height=h,
        inputs=["j00"],
        data={"channel": channel, **data},
    )


def inside(box: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


CASES = [
    (1080, 1080, "Instagram post"),
    (1080, 1920, "Instagram story"),
    (1920, 1080, "Presentation slide"),
    (1456, 180, "Web banner"),
    (728, 90, "Leaderboard"),
    (2480, 3508, "A4 poster"),
]


@needs_ocr
@pytest.mark.parametrize(("w", "h", "channel"), CASES, ids=[f"{w}x{h}" for w, h, _ in CASES])
def test_headline_subline_and_cta_fit_the_safe_area_and_read_back(
    w: int, h: int, channel: str
) -> None:
    texts = [HEADLINE, SUBLINE, CTA]
    comp = creative(w, h, channel, headline=HEADLINE, subline=SUBLINE, cta=CTA, on_image_text=texts)
    out, boxes = compose_with_boxes(comp, [photo(w // 2 + 7, h // 2 + 3)], BRAND)
    assert out.size == (w, h) and out.mode == "RGB"
    assert set(boxes) == {"headline", "subline", "cta"}
    safe = safe_box(comp)
    if channel == "Instagram story":  # the story keeps text out of the top 14%, bottom 20%
        assert safe == (65, 269, 1015, 1536)
    for key, box in boxes.items():
        assert inside(box, safe), (key, box, safe)
    report = check_text(out, texts)
    assert report["status"] == "verified", report


@pytest.mark.parametrize(("w", "h", "channel"), CASES, ids=[f"{w}x{h}" for w, h, _ in CASES])
def test_every_drawn_pixel_of_text_is_inside_the_safe_margins(w: int, h: int, channel: str) -> None:
    """On a flat grey picture only the words are near-white (the scrim only darkens, the
    badge is the brand accent): their extent must lie inside the safe box."""
    comp = creative(w, h, channel, headline=HEADLINE, subline=SUBLINE, cta=CTA)
    out = np.asarray(compose(comp, [Image.new("RGB", (64, 64), (128, 128, 128))], BRAND))
    ys, xs = np.nonzero((out > 225).all(axis=2))
    assert len(xs) > 50, "no text drawn"
    left, top, right, bottom = safe_box(comp)
    assert (xs.min(), ys.min()) >= (left, top) and (xs.max(), ys.max()) < (right, bottom)


def read_at(image: Image.Image, box: tuple[int, int, int, int], text: str) -> bool:
    """The OCR lines whose centres fall where an element was drawn read as its whole text
    (every word, in order; spaces ignored, since OCR may join tightly set words)."""
    x0, y0, x1, y1 = box
    seen = [
        t
        for t, (a, b, c, d), _ in ocr_image(image)
        if x0 <= (a + c) / 2 <= x1 and y0 <= (b + d) / 2 <= y1
    ]
    squash = lambda s: "".join(re.findall(r"\w+", s.lower()))  # noqa: E731
    return squash(text) == squash(" ".join(seen))


@needs_ocr
@pytest.mark.parametrize(("w", "h"), [(1080, 1080), (1456, 180), (1080, 1920), (728, 90)])
def test_a_long_headline_wraps_and_still_fits(w: int, h: int) -> None:
    long = "Everything you need for a perfect summer weekend by the lake"
    comp = creative(w, h, headline=long, cta="Book now", on_image_text=[long, "Book now"])
    out, boxes = compose_with_boxes(comp, [photo(300, 300, 1)], BRAND)
    one_line = compose_with_boxes(
        creative(w, h, headline="Summer", cta="Book now"), [photo(300, 300, 1)], BRAND
    )[1]["headline"]
    assert boxes["headline"][3] - boxes["headline"][1] > 1.5 * (one_line[3] - one_line[1])
    assert all(inside(b, (0, 0, w, h)) for b in boxes.values())
    assert boxes["headline"][2] < boxes["cta"][0] or boxes["headline"][3] < boxes["cta"][1]
    if h >= 180:  # every word is there, none cut or ellipsised (728x90: too small to OCR)
        assert read_at(out, boxes["headline"], long)
        assert read_at(out, boxes["cta"], "Book now")


@needs_ocr
def test_on_image_text_alone_is_all_drawn_verbatim() -> None:
    """A plan that only lists the strings still gets every one of them on the image (the
    OCR model reads no euro sign, so the price here is in dollars)."""
    words = ["Rebajas de enero", "-40%", "¿Gatos en Marte?", "Tickets $15"]
    comp = creative(1456, 180, "Web banner", on_image_text=words)
    out, boxes = compose_with_boxes(comp, [photo(400, 60)], BRAND)
    assert set(boxes) == {"headline", "subline"}
    assert check_text(out, words)["status"] == "verified"


def _logo(path: Path) -> Path:
    mark = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    mark.paste((255, 0, 255, 255), (0, 0, 40, 20))
    mark.save(path)
    return path


def test_a_brand_logo_is_drawn_inside_the_safe_area(tmp_path: Path) -> None:
    brand = BrandKit(id="acme", name="Acme", palette=dict(BRAND.palette), logo=str(_logo(tmp_path / "logo.png")))  # fmt: skip
    grey = [Image.new("RGB", (64, 64), (128, 128, 128))]
    for w, h, channel in [(1080, 1920, "Instagram story"), (728, 90, "Leaderboard"), (1920, 1080, None)]:  # fmt: skip
        comp = creative(w, h, channel, headline=HEADLINE, cta=CTA)
        out, boxes = compose_with_boxes(comp, grey, brand)
        arr = np.asarray(out).astype(int)
        magenta = (arr[..., 0] > 200) & (arr[..., 1] < 60) & (arr[..., 2] > 200)
        ys, xs = np.nonzero(magenta)
        assert len(xs) > 20, (w, h)
        x0, y0, x1, y1 = boxes["logo"]
        assert x0 <= xs.min() and xs.max() < x1 and y0 <= ys.min() and ys.max() < y1
        assert inside(boxes["logo"], safe_box(comp))
        assert not any(  # the logo overlaps none of the words
            boxes["logo"][2] > b[0] and b[2] > boxes["logo"][0]
            and boxes["logo"][3] > b[1] and b[3] > boxes["logo"][1]
            for k, b in boxes.items() if k != "logo"
        )  # fmt: skip
        plain = np.asarray(compose(comp, grey, BRAND)).astype(int)
        assert not ((plain[..., 0] > 200) & (plain[..., 1] < 60) & (plain[..., 2] > 200)).any()


def test_a_relative_logo_path_is_found_next_to_the_brand_file(tmp_path: Path) -> None:
    (tmp_path / "brands").mkdir()
    _logo(tmp_path / "brands" / "acme-logo.png")
    kit = yaml.safe_load((REPO / "prompts" / "brands" / "default.yaml").read_text())
    kit.update(id="acme", name="Acme", logo="acme-logo.png")
    (tmp_path / "brands" / "acme.yaml").write_text(yaml.safe_dump(kit))
    brand = Library(tmp_path).brand("acme")
    _, boxes = compose_with_boxes(creative(1080, 1080, headline=HEADLINE), [photo(90, 90)], brand)
    assert "logo" in boxes
    missing = brand.model_copy(update={"logo": "nope.png"})
    with pytest.raises(TemplateError, match="logo file 'nope.png' not found"):
        compose(creative(1080, 1080, headline=HEADLINE), [photo(90, 90)], missing)


def test_no_text_gives_the_picture_alone_and_bad_data_is_named() -> None:
    img = photo(200, 200)
    out = compose(creative(400, 500), [img], BRAND)
    assert out.size == (400, 500)
    from studio.compose.common import cover

    assert np.array_equal(np.asarray(out), np.asarray(cover(img, (400, 500))))
    with pytest.raises(TemplateError, match="safe margins"):
        compose(creative(400, 500, headline="Hi", safe=[0.6, 0, 0, 0]), [img], BRAND)
    with pytest.raises(TemplateError, match="text_zone"):
        compose(creative(400, 500, headline="Hi", text_zone="middle"), [img], BRAND)


def test_the_text_zone_moves_the_words() -> None:
    grey = [Image.new("RGB", (64, 64), (128, 128, 128))]
    top = compose_with_boxes(creative(1080, 1350, headline=HEADLINE, text_zone="top"), grey, BRAND)
    bottom = compose_with_boxes(creative(1080, 1350, headline=HEADLINE), grey, BRAND)
    assert top[1]["headline"][3] < 1350 / 2 < bottom[1]["headline"][1]
    right = compose_with_boxes(creative(1920, 1080, headline=HEADLINE, text_zone="right"), grey, BRAND)  # fmt: skip
    left = compose_with_boxes(creative(1920, 1080, headline=HEADLINE), grey, BRAND)
    assert left[1]["headline"][2] <= 1920 / 2 <= right[1]["headline"][0]


def test_the_arrangement_agrees_with_the_planners_text_zone() -> None:
    """The planner asks the image for calm space on the left of anything wider than 1.3:1
    and along the bottom otherwise; the words go exactly there."""
    grey = [Image.new("RGB", (64, 64), (128, 128, 128))]
    for w, h, zone in [(1024, 768, "left"), (1200, 627, "left"), (300, 250, "bottom")]:
        _, boxes = compose_with_boxes(creative(w, h, headline=HEADLINE, cta=CTA), grey, BRAND)
        if zone == "left":
            assert max(b[2] for b in boxes.values()) <= w / 2, (w, h, boxes)
        else:
            assert min(b[1] for b in boxes.values()) >= h / 2, (w, h, boxes)


def test_a_poster_headline_is_capped_where_ocr_would_split_it() -> None:
    """PP-OCR scales an A4 page to 2000 px on its long side and splits words set much above
    100 px there: its capitals stay under 0.8 x 175 px on a 2480x3508 poster (uncapped: 178)."""
    grey = [Image.new("RGB", (64, 64), (40, 44, 52))]
    _, boxes = compose_with_boxes(creative(2480, 3508, "A4 poster", headline="SALE"), grey, BRAND)
    x0, y0, x1, y1 = boxes["headline"]
    assert 100 < y1 - y0 <= 0.8 * 175
