"""Lettering: a covering font per string (any script), fitting that shrinks and wraps but
never cuts, right-to-left drawing, and the handwriting face OCR can read back."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image, ImageDraw

from studio.compose import lettering, typefaces
from studio.compose.lettering import (
    coverage,
    draw_fitted,
    draw_stack,
    fit,
    fit_lines,
    font_face,
    is_rtl,
    missing_font_hint,
    script_of,
)

LONG = (
    "The recursive resolver asks a root server, which refers it to the top-level domain "
    "servers for .com, which refer it to the authoritative name server for example.com"
)
SAMPLES = {  # script: (text, Debian package that covers it)
    "kana": ("オムレツの作り方：卵を溶きほぐす。", "fonts-noto-cjk"),
    "han": ("法式煎蛋卷的做法", "fonts-noto-cjk"),
    "arabic": ("طريقة عمل العجة الفرنسية", "fonts-noto-core"),
    "devanagari": ("फ्रेंच आमलेट कैसे बनाएं", "fonts-noto-core"),
    "cyrillic": ("Омлет по-французски", "fonts-dejavu (always there)"),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def needs_noto(script: str) -> None:
    if not typefaces.script_files(script, "sans"):
        pytest.skip(f"no Noto font for {script} here; install {typefaces.PACKAGES[script][0]}")


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    dark = np.asarray(image.convert("L")) < 128
    ys, xs = np.nonzero(dark)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


# -- fitting: shrink, wrap, never cut ------------------------------------------------------


def test_a_long_string_is_shrunk_and_wrapped_with_every_word_kept() -> None:
    fitted = fit(LONG, 420, 200, role="hand", max_size=48, min_size=12)
    assert not fitted.overflow
    assert fitted.size < 48 and len(fitted.lines) >= 3
    assert squash("".join(fitted.lines)) == squash(LONG)
    assert " ".join(fitted.lines).split() == LONG.split()
    assert fitted.width <= 420 and fitted.height <= 200


def test_overflow_is_flagged_when_even_the_smallest_size_does_not_fit() -> None:
    fitted = fit(LONG, 200, 40, max_size=30, min_size=14)
    assert fitted.overflow and fitted.size == 14
    assert " ".join(fitted.lines).split() == LONG.split()  # nothing cut or ellipsized
    assert fitted.height > 40  # its real height, for the caller to grow the box

    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    alone = fit(word, 120, 200, max_size=30, min_size=14)
    assert alone.overflow and alone.lines == [word]  # a word wider than the box is not split


def test_fit_lines_gives_every_item_one_size_that_fits_them_all() -> None:
    steps = ["Crack three eggs into a bowl", "Whisk", "Melt butter over medium heat", "Serve"]
    fitted = fit_lines(steps, 360, 260, gap=0.5, role="hand", max_size=44, min_size=12)
    assert len({f.size for f in fitted}) == 1 and not any(f.overflow for f in fitted)
    size = fitted[0].size
    total = sum(f.height for f in fitted) + round(0.5 * size) * (len(steps) - 1)
    assert total <= 260 and all(f.width <= 360 for f in fitted)
    assert [" ".join(f.lines) for f in fitted] == steps
    more = fit_lines(steps * 3, 360, 260, gap=0.5, role="hand", max_size=44, min_size=12)
    assert more[0].size < size  # a longer list gets a smaller size, the same for all

    image = Image.new("RGB", (400, 300), "white")
    boxes = draw_stack(ImageDraw.Draw(image), fitted, (20, 20, 380, 280), (0, 0, 0), gap=0.5)
    assert len(boxes) == 4 and all(a[3] <= b[1] for a, b in zip(boxes, boxes[1:], strict=False))
    assert boxes[-1][3] <= 280


def test_japanese_wraps_between_characters_and_keeps_punctuation_off_line_starts() -> None:
    text = "卵を三つ割り、よく溶きほぐす。バターを中火で溶かし、卵液を流し入れる。"
    for width in range(70, 420, 9):
        fitted = fit(text, width, 2000, max_size=24, min_size=24)
        assert "".join(fitted.lines) == text
        assert not any(line[0] in "、。" for line in fitted.lines), (width, fitted.lines)
    assert len(fit(text, 120, 2000, max_size=24, min_size=24).lines) > 3


# -- scripts, direction, fonts -------------------------------------------------------------


def test_script_and_direction_detection() -> None:
    assert [script_of(t) for t, _ in SAMPLES.values()] == list(SAMPLES)
    assert script_of("오믈렛 만들기") == "hangul" and script_of("Whisk 2 eggs") == "latin"
    assert is_rtl("طريقة عمل العجة") and is_rtl("איך מכינים חביתה") and is_rtl("3 שלבים")
    assert not is_rtl("Whisk the eggs") and not is_rtl("法式煎蛋卷") and not is_rtl("42")


def test_the_hand_role_uses_the_bundled_handwriting_face_for_latin_with_accents() -> None:
    path, _ = font_face("Crème brûlée, jalapeño, Müller, smørrebrød, Straße", "hand")
    assert path.name == "ComicNeue-Regular.otf" and path.parent == typefaces.BUNDLED
    assert font_face("Whisk", "hand", bold=True)[0].name == "ComicNeue-Bold.otf"
    assert (typefaces.BUNDLED / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1
    # what Comic Neue lacks goes to DejaVu, never to boxes
    assert font_face("Омлет", "hand")[0].name == "DejaVuSans.ttf" and coverage("Омлет", "hand")


@pytest.mark.parametrize("script", list(SAMPLES))
def test_each_script_gets_a_font_that_covers_it(script: str) -> None:
    if script != "cyrillic":
        needs_noto(script)
    text = SAMPLES[script][0]
    for role in ("hand", "sans", "serif"):
        path, index = font_face(text, role)
        assert lettering.covers(path, text), (role, path)
        assert coverage(text, role) and missing_font_hint(text, role) is None
    if script in ("kana", "han"):  # the collection's Japanese / Simplified Chinese face
        assert font_face(text)[1] == {"kana": 0, "han": 2}[script]


def test_without_noto_a_script_falls_back_to_dejavu_and_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A base install: only the bundled face and DejaVu."""
    base = {p.name: p for p in typefaces.BUNDLED.glob("*.otf")}
    base.update({p.name: p for p in lettering.font_dir().glob("DejaVu*.ttf")})
    monkeypatch.setattr(typefaces, "installed", lambda: base)
    font_face.cache_clear()
    try:
        text = SAMPLES["kana"][0]
        assert font_face(text)[0].name == "DejaVuSans.ttf" and not coverage(text)
        hint = missing_font_hint(text)
        assert hint and "fonts-noto-cjk" in hint and "Noto Sans CJK JP" in hint
        hint = missing_font_hint(SAMPLES["devanagari"][0])
        assert hint and "fonts-noto-core" in hint and "Noto Sans Devanagari" in hint
        assert missing_font_hint("Whisk the eggs") is None
        fitted = fit(text, 200, 100)  # still fitted and drawable, never an exception
        assert "".join(fitted.lines) == text
    finally:
        font_face.cache_clear()


# -- pixels: direction and shaping ---------------------------------------------------------


def test_arabic_is_drawn_right_aligned_in_a_right_to_left_box() -> None:
    needs_noto("arabic")
    box = (20, 20, 580, 120)
    fitted = fit(SAMPLES["arabic"][0], 560, 100, max_size=36)
    assert fitted.rtl and not fitted.overflow
    image = Image.new("RGB", (600, 140), "white")
    drawn = draw_fitted(ImageDraw.Draw(image), fitted, box, (0, 0, 0), align="left")
    x0, _, x1, _ = ink_box(image)
    assert x1 >= 580 - 6 and x0 > 20 + 100  # starts at the right edge, ragged on the left
    assert drawn[0] - 4 <= x0 and x1 <= drawn[2] + 4

    latin = Image.new("RGB", (600, 140), "white")
    draw_fitted(ImageDraw.Draw(latin), fit("Whisk the eggs", 560, 100), box, (0, 0, 0))
    assert ink_box(latin)[0] <= 20 + 6 and ink_box(latin)[2] < 580 - 100


def test_arabic_and_devanagari_are_shaped() -> None:
    needs_noto("arabic")
    needs_noto("devanagari")
    arabic = lettering.load(font_face("لا")[0], 40)
    # lam + alef join into one ligature: narrower than the two letters drawn apart
    assert arabic.getlength("لا") < arabic.getlength("ل") + arabic.getlength("ا") - 4
    hindi = lettering.load(font_face("क्ष")[0], 40)
    # ka + virama + ssa form a conjunct: narrower than the three glyphs side by side
    parts = sum(hindi.getlength(ch) for ch in "क्ष")
    assert hindi.getlength("क्ष") < parts - 4


# -- OCR reads what was drawn --------------------------------------------------------------


def ocr_lines(image: Image.Image) -> list[str]:
    from studio.documents import ocr

    if not ocr.available():
        pytest.skip("OCR is not installed (rapidocr-onnxruntime)")
    return ocr.lines_to_text(ocr.ocr_image(image)).splitlines()


def test_ocr_reads_back_latin_drawn_in_the_handwriting_face() -> None:
    phrases = ["Whisk the eggs", "Fold the omelette in half", "Step 3: query the TLD"]
    fitted = fit_lines(phrases, 700, 330, gap=1.2, role="hand", max_size=40, min_size=28)
    assert all(f.path.name == "ComicNeue-Regular.otf" for f in fitted)
    image = Image.new("RGB", (900, 420), (250, 248, 240))
    draw_stack(ImageDraw.Draw(image), fitted, (100, 50, 800, 380), (30, 30, 40), gap=1.2)
    read = [squash(line) for line in ocr_lines(image)]
    assert read == [squash(p) for p in phrases], read


def test_ocr_reads_back_chinese_drawn_in_the_cjk_face() -> None:
    needs_noto("han")
    text = SAMPLES["han"][0]
    fitted = fit(text, 600, 100, max_size=40)
    assert "CJK" in fitted.path.name and fitted.index == 2
    image = Image.new("RGB", (800, 200), "white")
    draw_fitted(ImageDraw.Draw(image), fitted, (100, 50, 700, 150), (20, 20, 20))
    assert [squash(line) for line in ocr_lines(image)] == [text]
