"""The composer layouts other than the infographic (single, polaroid_board, contact_sheet) and
the drawing helpers they share. Inputs are solid-colour PIL images, so every assertion is
about pixels we can predict: sizes, determinism, where the photos landed, that text was drawn."""

from __future__ import annotations

import colorsys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.compose import common, contact_sheet, noise, polaroid, single
from studio.compose.fonts import font
from studio.domain import Composition
from studio.prompts import Library

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
BRAND = Library(PROMPTS).brand("default")
CAPTIONS = [
    "Rick's Café Américain opens its doors",
    "Letters of transit go missing",
    "Ilsa walks in with Victor Laszlo",
    "Sam plays 'As Time Goes By' again",
    "Flashback: Paris, before the Germans came",
    "Rick sticks his neck out for nobody",
    "La Marseillaise drowns out the Germans",
    "Fog at the airport: here's looking at you, kid",
]


def colours(n: int) -> list[tuple[int, int, int]]:
    """n saturated colours spread round the hue circle, away from cork brown and paper white."""
    return [
        tuple(round(c * 255) for c in colorsys.hsv_to_rgb((0.55 + i / n) % 1, 0.9, 0.95))
        for i in range(n)
    ]


def solid_images(n: int, size: tuple[int, int] = (320, 320)) -> list[Image.Image]:
    return [Image.new("RGB", size, c) for c in colours(n)]


def comp(layout: str, w: int, h: int, **kw) -> Composition:
    kw.setdefault("title", "Casablanca")
    return Composition(id="c1", layout=layout, output="out.png", width=w, height=h, **kw)


def packed(img: Image.Image) -> np.ndarray:
    """Each pixel as one 0xRRGGBB integer, so finding a colour is one comparison."""
    arr = np.asarray(img.convert("RGB"), dtype=np.uint32)
    return (arr[..., 0] << 16) | (arr[..., 1] << 8) | arr[..., 2]


def colour_mask(pixels: Image.Image | np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """Where exactly `colour` is (solid inputs keep their colour through resizing and tilt)."""
    keys = packed(pixels) if isinstance(pixels, Image.Image) else pixels
    return keys == ((colour[0] << 16) | (colour[1] << 8) | colour[2])


def colour_counts(img: Image.Image) -> dict[tuple[int, int, int], int]:
    """Exact pixel count of every colour present (fast enough for 4096 x 4096)."""
    keys, counts = np.unique(packed(img), return_counts=True)
    return {
        ((k >> 16) & 255, (k >> 8) & 255, k & 255): int(c)
        for k, c in zip(keys.tolist(), counts.tolist(), strict=True)
    }


def centroid(mask: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(mask)
    return float(xs.mean()), float(ys.mean())


# -- polaroid board ------------------------------------------------------------------------
@pytest.mark.parametrize("n", [8, 12])
def test_board_places_every_photo_on_the_board_in_story_order(n: int) -> None:
    w, h = 2000, 1500
    board = polaroid.compose(
        comp("polaroid_board", w, h, captions=CAPTIONS, seed=3), solid_images(n), BRAND
    )
    assert board.size == (w, h) and board.mode == "RGB"
    centres, keys = [], packed(board)
    for colour in colours(n):
        mask = colour_mask(keys, colour)
        # each picture shows as a big patch of its own colour (pins and strings are tiny)
        assert mask.sum() > 0.004 * w * h, f"photo {colour} missing or mostly covered"
        x, y = centroid(mask)
        assert (
            0.03 * w < x < 0.97 * w and 0.15 * h < y < 0.97 * h
        )  # inside the frame, below the title band
        centres.append((x, y))
    # story order reads left to right, top to bottom
    assert centres[0][0] < centres[1][0]
    assert centres[0][1] < centres[-1][1] - 0.2 * h
    # photos do not pile up: every pair of centres is well apart
    for i in range(n):
        for j in range(i + 1, n):
            assert np.hypot(
                centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]
            ) > 0.1 * min(w, h)


def test_board_background_is_warm_cork() -> None:
    board = polaroid.compose(comp("polaroid_board", 1200, 900, seed=1), solid_images(2), BRAND)
    arr = np.asarray(board, dtype=np.float32)
    r, g, b = (np.median(arr[..., i]) for i in range(3))
    assert r > g > b and 90 < r < 220  # brown: red over green over blue, mid brightness


def test_board_captions_are_drawn_in_the_white_chin_under_each_photo() -> None:
    images = solid_images(4)
    base = comp("polaroid_board", 1600, 1200, seed=5)
    bare = np.asarray(polaroid.compose(base, images, BRAND), dtype=np.int16)
    captioned_img = polaroid.compose(
        base.model_copy(update={"captions": CAPTIONS[:4]}), images, BRAND
    )
    captioned = np.asarray(captioned_img, dtype=np.int16)
    changed = np.abs(captioned - bare).sum(axis=2) > 60
    for colour in colours(4):
        ys, xs = np.nonzero(colour_mask(captioned_img, colour))
        pic = ys.max() - ys.min()
        chin = changed[ys.max() : ys.max() + int(pic * 0.3), xs.min() : xs.max()]
        assert chin.sum() > 200, "no caption ink under the photo"
        inky = np.asarray(captioned_img, dtype=np.int16)[
            ys.max() : ys.max() + int(pic * 0.3), xs.min() : xs.max()
        ]
        dark = (inky.sum(axis=2) < 300) & (inky[..., 2] > inky[..., 0])  # blue-black ink on white
        assert dark.sum() > 100


@pytest.mark.parametrize(("n", "size"), [(8, (2000, 1500)), (7, (700, 2100)), (5, (2400, 700))])
def test_board_strings_never_cross_a_caption(n: int, size: tuple[int, int]) -> None:
    captions = ["x"] * n  # tiny captions: the chin is paper and a little ink
    board = polaroid.compose(
        comp("polaroid_board", *size, captions=captions, seed=1), solid_images(n), BRAND
    )
    keys, arr = packed(board), np.asarray(board, dtype=np.int16)
    for colour in colours(n):
        ys, xs = np.nonzero(colour_mask(keys, colour))
        pic = ys.max() - ys.min()
        chin = arr[ys.max() + 3 : ys.max() + int(pic * 0.3), xs.min() + 3 : xs.max() - 3]
        string_like = [
            (np.abs(chin - np.array(s, np.int16)).max(axis=2) < 50).sum() for s in polaroid.STRINGS
        ]
        assert sum(string_like) < 10, f"a string crosses the caption under photo {colour}"


def test_board_is_deterministic_and_follows_the_seed() -> None:
    images = solid_images(6)
    c = comp("polaroid_board", 1000, 750, captions=CAPTIONS[:6], seed=11)
    first = polaroid.compose(c, images, BRAND).tobytes()
    assert polaroid.compose(c, images, BRAND).tobytes() == first
    assert polaroid.compose(c.model_copy(update={"seed": 12}), images, BRAND).tobytes() != first


@pytest.mark.parametrize(
    ("n", "size"),
    [
        (1, (2000, 1500)),
        (16, (2000, 1500)),
        (16, (640, 480)),
        (8, (1500, 2000)),
        (5, (1800, 600)),
        (3, (600, 1800)),
    ],
)
def test_board_sizes_and_counts(n: int, size: tuple[int, int]) -> None:
    c = comp(
        "polaroid_board", *size, captions=CAPTIONS[: n // 2], seed=2
    )  # fewer captions than photos
    board = polaroid.compose(c, solid_images(n), BRAND)
    assert board.size == size and board.mode == "RGB"
    counts = colour_counts(board)
    visible = sum(counts.get(col, 0) > 0.15 * (min(size) / (n**0.5 + 1)) ** 2 for col in colours(n))
    assert visible == n


def test_board_handles_odd_inputs() -> None:
    odd = [
        Image.new("RGB", (2000, 90), (20, 120, 220)),
        Image.new("RGBA", (60, 900), (220, 40, 120, 255)),
        Image.new("L", (5, 5), 128),
    ]
    c = comp(
        "polaroid_board",
        900,
        900,
        title="A " * 80 + "very long title",
        subtitle="x" * 300,
        captions=["word" * 60, "", "a b c"],
        seed=4,
        data={"frame": False, "note": "Play it, Sam"},
    )
    board = polaroid.compose(c, odd, BRAND)
    assert board.size == (900, 900)
    assert colour_mask(board, (20, 120, 220)).sum() > 2000  # a 22:1 strip still fills its square


def test_board_refuses_too_few_or_too_many_photos() -> None:
    with pytest.raises(ValueError, match="1 to 16 images, got 0"):
        polaroid.compose(comp("polaroid_board", 800, 600), [], BRAND)
    with pytest.raises(ValueError, match="got 17"):
        polaroid.compose(comp("polaroid_board", 800, 600), solid_images(17), BRAND)


def plain(text: str) -> str:
    """Lower case, accents off: OCR reads 'é' as 'e' about as often as not."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def test_board_captions_read_back_with_ocr() -> None:
    from studio.documents import ocr

    if not ocr.available():
        pytest.skip("OCR extra not installed")
    board = polaroid.compose(
        comp("polaroid_board", 2000, 1500, captions=CAPTIONS, seed=3), solid_images(8), BRAND
    )
    for colour, caption in zip(colours(8)[:3], CAPTIONS[:3], strict=True):
        ys, xs = np.nonzero(colour_mask(board, colour))
        pic = ys.max() - ys.min()
        chin = board.crop((xs.min() - 20, ys.max(), xs.max() + 20, ys.max() + int(pic * 0.33)))
        read = plain(" ".join(line[0] for line in ocr.ocr_image(chin))).replace(" ", "")
        words = plain(caption).split()
        found = [word for word in words if word in read]
        assert len(found) >= 0.8 * len(words), f"read {read!r} for {caption!r}"


# -- contact sheet -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "size"), [(1, (640, 480)), (8, (2000, 1500)), (12, (1500, 2000)), (30, (4096, 4096))]
)
def test_contact_sheet_shows_every_frame(n: int, size: tuple[int, int]) -> None:
    sheet = contact_sheet.compose(
        comp("contact_sheet", *size, captions=CAPTIONS, subtitle="Roll 1"),
        solid_images(n, (300, 200)),
        BRAND,
    )
    assert sheet.size == size and sheet.mode == "RGB"
    counts = colour_counts(sheet)
    for colour in colours(n):
        assert counts.get(colour, 0) > 0.2 * size[0] * size[1] / (n * 4)


def test_contact_sheet_is_deterministic_and_themed() -> None:
    images = solid_images(6, (400, 300))
    c = comp("contact_sheet", 1200, 900, captions=CAPTIONS)
    light = contact_sheet.compose(c, images, BRAND)
    assert contact_sheet.compose(c, images, BRAND).tobytes() == light.tobytes()
    dark = contact_sheet.compose(c.model_copy(update={"data": {"theme": "dark"}}), images, BRAND)
    assert np.asarray(dark)[5, 5].sum() < 150 < np.asarray(light)[5, 5].sum()
    midnight = (
        Library(PROMPTS).brand("midnight")
        if (PROMPTS / "brands" / "midnight.yaml").is_file()
        else None
    )
    if midnight:
        assert np.asarray(contact_sheet.compose(c, images, midnight))[5, 5].sum() < 150
    with pytest.raises(ValueError, match="theme"):
        contact_sheet.compose(c.model_copy(update={"data": {"theme": "sepia"}}), images, BRAND)


def test_contact_sheet_captions_and_title_draw_ink() -> None:
    images = solid_images(4, (300, 300))
    bare = comp("contact_sheet", 1200, 900, title=None)
    plain = np.asarray(contact_sheet.compose(bare, images, BRAND), dtype=np.int16)
    full = np.asarray(
        contact_sheet.compose(
            bare.model_copy(update={"title": "Roll 7", "captions": CAPTIONS}), images, BRAND
        ),
        dtype=np.int16,
    )
    assert (np.abs(full - plain).sum(axis=2) > 60).sum() > 2000


def test_contact_sheet_needs_images() -> None:
    with pytest.raises(ValueError, match="at least one image"):
        contact_sheet.compose(comp("contact_sheet", 800, 600), [], BRAND)


# -- single --------------------------------------------------------------------------------
def gradient(w: int = 600, h: int = 400) -> Image.Image:
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :, None]
    y = np.linspace(0, 255, h, dtype=np.float32)[:, None, None]
    return Image.fromarray(
        np.concatenate(
            [
                np.broadcast_to(x, (h, w, 1)),
                np.broadcast_to(y, (h, w, 1)),
                np.full((h, w, 1), 128, np.float32),
            ],
            axis=2,
        ).astype(np.uint8)
    )


@pytest.mark.parametrize("size", [(640, 480), (1080, 1920), (4096, 4096), (2000, 300)])
def test_single_cover_fits_and_titles(size: tuple[int, int]) -> None:
    w, h = size
    plain = single.compose(comp("single", w, h, title=None), [gradient()], BRAND)
    assert plain.size == size
    assert plain.tobytes() == common.cover(gradient(), size).tobytes()  # nothing but the picture
    titled = single.compose(
        comp("single", w, h, data={"caption": "Rick's Café"}), [gradient()], BRAND
    )
    assert titled.size == size
    a, b = np.asarray(plain, np.int16), np.asarray(titled, np.int16)
    assert (a[: h // 3] == b[: h // 3]).all()  # the top of the picture is untouched
    assert b[-2:].mean() < a[-2:].mean() - 40  # the band darkens the bottom
    assert (b[h // 2 :] > 235).all(axis=2).sum() > 50  # white title text


def test_single_caption_only_and_determinism() -> None:
    c = comp("single", 800, 600, title=None, data={"caption": "Fog at the airport"})
    out = single.compose(c, [gradient()], BRAND)
    assert out.tobytes() == single.compose(c, [gradient()], BRAND).tobytes()
    assert out.tobytes() != common.cover(gradient(), (800, 600)).tobytes()
    with pytest.raises(ValueError, match="one image"):
        single.compose(c, [], BRAND)


# -- common helpers --------------------------------------------------------------------------
def test_hex_colours() -> None:
    assert common.hex_rgb("#3B5BDB") == (59, 91, 219)
    assert common.hex_rgb("3b5bdb") == (59, 91, 219)
    assert common.hex_rgba("#35d") == (51, 85, 221, 255)
    assert common.hex_rgba("#3B5BDB80") == (59, 91, 219, 128)
    for bad in ("#12345", "blue", "", "#GGGGGG"):
        with pytest.raises(ValueError, match="hex"):
            common.hex_rgb(bad)
    assert common.brand_color(BRAND, "no-such-key", "#010203") == (1, 2, 3)
    assert common.readable_ink((255, 255, 255)) == (20, 24, 32)
    assert common.readable_ink((10, 10, 30)) == (250, 250, 250)


def test_wrapping_and_fitting_stay_inside_the_box() -> None:
    fnt = font("DejaVu Sans", 20)
    text = "Supercalifragilisticexpialidocious is a long word in a long sentence"
    for width in (40, 120, 400):
        lines = common.wrap_text(text, fnt, width)
        assert all(fnt.getlength(line) <= width for line in lines if len(line) > 1)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        balanced = common.wrap_balanced(text, fnt, width)
        assert len(balanced) == len(lines)
    assert common.wrap_text("", fnt, 100) == []
    fitted, lines = common.fit_text(text, "DejaVu Serif:italic", (300, 80), max_size=60, min_size=8)
    assert len(lines) * common.line_height(fitted) <= 81 and all(
        fitted.getlength(x) <= 300 for x in lines
    )
    fitted, lines = common.fit_text(text * 20, "DejaVu Sans", (100, 30), max_size=20, min_size=10)
    assert fitted.size == 10 and lines[-1].endswith("…")


def test_resizing_and_drawing_helpers() -> None:
    img = gradient(300, 100)
    assert common.cover(img, (50, 50)).size == (50, 50)
    assert common.contain(img, (50, 50)).size == (50, 17)
    assert common.contain(img, (50, 50), background=(0, 0, 0)).size == (50, 50)
    canvas = Image.new("RGBA", (200, 200), (255, 255, 255, 255))
    common.rounded_box(
        canvas,
        (40, 40, 160, 120),
        16,
        (255, 0, 0),
        shadow_offset=(0, 10),
        shadow_blur=6,
        shadow_opacity=0.5,
    )
    arr = np.asarray(canvas)
    assert tuple(arr[80, 100, :3]) == (255, 0, 0)
    assert arr[128, 100, 0] < 250  # shadow below the card
    assert tuple(arr[41, 41, :3]) != (255, 0, 0)  # rounded corner
    common.composite_at(
        canvas, Image.new("RGBA", (50, 50), (0, 0, 255, 255)), (-25, 180)
    )  # clipped, no error
    assert tuple(np.asarray(canvas)[190, 10, :3]) == (0, 0, 255)
    rotated = common.rotate_rgba(Image.new("RGBA", (100, 50), (255, 255, 255, 255)), 10)
    assert (
        rotated.size[0] > 100
        and np.asarray(rotated)[..., :3][np.asarray(rotated)[..., 3] > 0].min() > 200
    )
    ImageDraw.Draw(canvas)  # still a normal image


def test_noise_is_deterministic_and_in_range() -> None:
    a = noise.value_noise(120, 80, 7.5, np.random.default_rng(1))
    b = noise.value_noise(120, 80, 7.5, np.random.default_rng(1))
    assert a.shape == (80, 120) and (a == b).all() and a.min() >= 0 and a.max() <= 1
    f = noise.fractal_noise(64, 48, np.random.default_rng(2), cell=16)
    assert f.shape == (48, 64) and abs(f.min()) < 1e-6 and abs(f.max() - 1) < 1e-6
    v = noise.vignette(50, 40, strength=0.3)
    assert v[20, 25] > 0.99 and v[0, 0] == pytest.approx(0.7, abs=0.01)


def test_layouts_come_from_one_registry() -> None:
    """studio.compose's registry is the one list of layouts: compositions and templates accept
    exactly its names, and an unknown name is refused with the known ones listed."""
    from pydantic import ValidationError

    from studio.compose import compose, layout_fn, layout_names
    from studio.prompts import CompositionSpec

    names = layout_names()
    assert set(names) == {
        "single", "polaroid_board", "infographic", "contact_sheet", "creative",
        "labelled_scene", "blueprint", "whiteboard", "recipe_card",
    }  # fmt: skip
    assert layout_fn("single") is single.compose and layout_fn("polaroid_board") is polaroid.compose
    for name in names:
        assert comp(name, 400, 300).layout == CompositionSpec(layout=name).layout == name
    for make in (lambda: comp("collage", 400, 300), lambda: CompositionSpec(layout="collage")):
        with pytest.raises(ValidationError) as err:
            make()
        assert "unknown layout 'collage'" in str(err.value)
        assert all(name in str(err.value) for name in names)
    out = compose(comp("single", 320, 240, title=None), [gradient()], BRAND)
    assert out.size == (320, 240) and out.mode == "RGB"
