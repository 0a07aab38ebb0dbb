"""Drawing for the `creative` layout (creative.py has the contract): text fitted without
cutting a word, a feathered scrim, the CTA badge, the logo plate, and the two arrangements —
one row for banners, a stacked column or band for everything else. Each drawn element's box
is recorded so tests and verification can look exactly there."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.compose.common import (
    Box,
    brand_color,
    contain,
    fit_text,
    font_spec,
    line_height,
    readable_ink,
    rounded_box,
)
from studio.prompts import BrandKit

_SPACING = 1.08
_INK = (250, 250, 250)
_SUB_INK = (234, 236, 240)
_WORD_GAP = 0.6  # of a space, in headlines: display type, and OCR keeps big words on one line
Fitted = tuple[ImageFont.FreeTypeFont, list[str]]
_OCR_SIDE, _OCR_TEXT = 2000, 100


def _fit(text: str, spec: str, box: tuple[float, float], size: int, low: int, lines: int) -> Fitted:
    """fit_text that never cuts words: if the text only fits with '…', allow one more line
    and a smaller minimum, and so on, before giving up."""
    for extra in range(4):
        fnt, out = fit_text(
            text,
            spec,
            box,
            max_size=size,
            min_size=max(6, round(low * 0.85**extra)),
            max_lines=lines + extra,
            spacing=_SPACING,
            balance="\n" not in text,
        )
        if "".join(out).replace(" ", "") == text.replace(" ", "").replace("\n", ""):
            return fnt, out
    return fnt, out


def _gap(key: str) -> float:
    return _WORD_GAP if key == "headline" else 0.9


def _width(fnt: ImageFont.FreeTypeFont, line: str, key: str = "cta") -> int:
    """Width of a line as drawn, with the word gap of its element."""
    words = line.split(" ")
    gaps = fnt.getlength(" ") * _gap(key) * (len(words) - 1)
    return round(sum(fnt.getlength(w) for w in words) + gaps)


def _block_h(fitted: Fitted) -> int:
    fnt, lines = fitted
    ascent, descent = fnt.getmetrics()
    return line_height(fnt, _SPACING) * (len(lines) - 1) + ascent + descent


class Layout:
    """One creative being drawn: the RGBA canvas, the content box and the boxes drawn."""

    def __init__(self, canvas: Image.Image, brand: BrandKit, content: Box, unit: int) -> None:
        self.canvas, self.brand, self.content, self.unit = canvas, brand, content, unit
        self.boxes: dict[str, Box] = {}
        self.draw = ImageDraw.Draw(canvas)
        # OCR (PP-OCR) scales a page to 2000 px on its long side and splits words set much
        # above ~100 px there: cap the headline so verification reads it as one line
        self.max_head = round(_OCR_TEXT * max(1.0, max(canvas.size) / _OCR_SIDE))

    # -- the pieces ----------------------------------------------------------------------
    def scrim(self, side: str, extent: int, feather: int, strength: float = 0.68) -> None:
        """Darken towards one edge: full strength within `extent` px of it, fading out over
        `feather` px beyond, so the words sit on a calm, dark ground."""
        w, h = self.canvas.size
        n = h if side in ("top", "bottom") else w
        dist = np.arange(n, dtype=np.float32)
        if side in ("bottom", "right"):
            dist = dist[::-1]
        extent, feather = max(1, extent), max(1, feather)
        alpha = np.where(
            dist <= extent,
            strength + 0.1 * (1 - dist / extent),
            strength * np.clip(1 - (dist - extent) / feather, 0, 1) ** 1.6,
        )
        alpha = alpha[:, None, None] if side in ("top", "bottom") else alpha[None, :, None]
        rgb = np.asarray(self.canvas.convert("RGB"), dtype=np.float32)
        rgb = rgb * (1 - alpha) + np.array([8, 10, 16], np.float32) * alpha
        self.canvas.paste(Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).convert("RGBA"))

    def text(
        self, key: str, fitted: Fitted, xy: tuple[int, int], fill: tuple[int, ...], width: int = 0
    ) -> None:
        """Draw the lines from `xy` down, left-aligned, or centred in `width` when given."""
        fnt, lines = fitted
        x, y = xy
        boxes = []
        for line in lines:
            lx = x + (width - _width(fnt, line, key)) / 2 if width else x
            for word in line.split(" "):  # tight word spacing: OCR reads a line as one
                self.draw.text((lx, y), word, font=fnt, fill=fill, anchor="la")
                boxes.append(self.draw.textbbox((lx, y), word, font=fnt, anchor="la"))
                lx += fnt.getlength(word) + fnt.getlength(" ") * _gap(key)
            y += line_height(fnt, _SPACING)
        self._record(key, boxes)

    def badge_size(self, fitted: Fitted) -> tuple[int, int]:
        fnt, lines = fitted
        pad_x, pad_y = round(fnt.size * 0.8), round(fnt.size * 0.42)
        return max(_width(fnt, line) for line in lines) + 2 * pad_x, _block_h(fitted) + 2 * pad_y

    def badge(self, fitted: Fitted, xy: tuple[int, int]) -> None:
        """The call to action: a rounded button in the brand accent, text in the colour that
        contrasts best with it."""
        bw, bh = self.badge_size(fitted)
        x, y = xy
        accent = brand_color(self.brand, "accent", "#3B5BDB")
        rounded_box(self.canvas, (x, y, x + bw, y + bh), bh * 0.28, (*accent, 255),
                    shadow_blur=max(1, bh * 0.12), shadow_opacity=0.3)  # fmt: skip
        self.draw = ImageDraw.Draw(self.canvas)
        pad_y = round(fitted[0].size * 0.42)
        self.text("cta", fitted, (x, y + pad_y), readable_ink(accent), width=bw)

    def logo(self, logo: Image.Image, box: Box) -> int:
        """The logo contained in `box` on a light rounded plate; returns the plate width."""
        left, top, right, bottom = box
        pad = max(2, round((bottom - top) * 0.14))
        mark = contain(logo, (max(1, right - left - 2 * pad), max(1, bottom - top - 2 * pad)))
        pw, ph = mark.width + 2 * pad, mark.height + 2 * pad
        surface = brand_color(self.brand, "surface", "#FFFFFF")
        rounded_box(self.canvas, (left, top, left + pw, top + ph), pad, (*surface, 235),
                    shadow_opacity=0.2, shadow_blur=max(1, pad))  # fmt: skip
        self.canvas.alpha_composite(mark, (left + pad, top + pad))
        self.draw = ImageDraw.Draw(self.canvas)
        self.boxes["logo"] = (left, top, left + pw, top + ph)
        return pw

    def _record(self, key: str, boxes: list[tuple[float, ...]]) -> None:
        if boxes:
            self.boxes[key] = (
                int(min(b[0] for b in boxes)),
                int(min(b[1] for b in boxes)),
                int(np.ceil(max(b[2] for b in boxes))),
                int(np.ceil(max(b[3] for b in boxes))),
            )

    # -- arrangements --------------------------------------------------------------------
    def row(self, headline: str, subline: str, cta: str, logo: Image.Image | None) -> None:
        """Banners: logo, then headline over sub-line, then the CTA at the right end."""
        x0, y0, x1, y1 = self.content
        cw, ch = x1 - x0, y1 - y0
        gap = max(4, round(ch * 0.25))
        spec = font_spec(self.brand, "heading")
        cta_fit = cta_w = None
        if cta:
            size = max(8, round(ch * 0.3))
            cta_fit = _fit(cta, spec, (cw * 0.3, ch * 0.5), size, max(8, round(ch * 0.16)), 1)
            cta_w, cta_h = self.badge_size(cta_fit)
        left = x0
        logo_h = round(ch * 0.8)
        logo_box = (left, y0 + (ch - logo_h) // 2, left + round(cw * 0.16), y0 + (ch + logo_h) // 2)
        text_right = x1 - (cta_w + gap if cta_w else 0)
        text_left = left + (logo_box[2] - logo_box[0] + gap if logo else 0)
        head_fit = sub_fit = None
        col_w, share = text_right - text_left, 0.6 if (headline and subline) else 1.0
        if headline:
            size = max(8, round(ch * (0.42 if subline else 0.5)))
            head_fit = _fit(headline, spec, (col_w, ch * share), size, max(8, round(ch * 0.2)), 2)
        if subline:
            size = max(8, round(ch * (0.24 if headline else 0.4)))
            low = max(8, round(ch * 0.14))
            sub_fit = _fit(subline, font_spec(self.brand, "body"), (col_w, ch * (1 - share) * 0.95), size, low, 1)  # fmt: skip
        if sub_fit and head_fit and sub_fit[0].size > head_fit[0].size * 0.85:
            size = max(8, round(head_fit[0].size * 0.85))
            sub_fit = _fit(subline, font_spec(self.brand, "body"), (col_w, ch), size, 8, 1)
        if cta_fit and head_fit and cta_fit[0].size > head_fit[0].size:  # never louder than it
            cta_fit = _fit(cta, spec, (cw * 0.3, ch * 0.5), head_fit[0].size, 8, 1)
            cta_w, cta_h = self.badge_size(cta_fit)
        heights = [_block_h(f) for f in (head_fit, sub_fit) if f]
        inner = max(2, round(ch * 0.06))
        block = sum(heights) + inner * (len(heights) - 1)
        self.scrim("left", text_right, round(self.canvas.width * 0.2), 0.62)
        if logo is not None:
            self.logo(logo, logo_box)
        y = y0 + (ch - block) // 2
        if head_fit:
            self.text("headline", head_fit, (text_left, y), _INK)
            y += _block_h(head_fit) + inner
        if sub_fit:
            self.text("subline", sub_fit, (text_left, y), _SUB_INK)
        if cta_fit and cta_w:
            self.badge(cta_fit, (x1 - cta_w, y0 + (ch - cta_h) // 2))

    def stack(
        self,
        headline: str,
        subline: str,
        cta: str,
        logo: Image.Image | None,
        arrangement: str,
        side: str,
    ) -> None:
        """Column (landscape, left/right) or band (square/portrait, bottom/top): headline,
        sub-line and CTA stacked, left-aligned; the logo at the far end of the column or in
        the corner opposite the band."""
        x0, y0, x1, y1 = self.content
        cw, ch = x1 - x0, y1 - y0
        u = self.unit
        logo_h = round(u * 0.085) if logo is not None else 0
        if arrangement == "column":
            tw = round(cw * 0.5)
            tx = x0 if side == "left" else x1 - tw
            room = ch - (logo_h + round(u * 0.04) if logo_h else 0)
        else:
            tw, tx = cw, x0
            room = round(ch * 0.5)
        scale = 1.0
        for _ in range(10):  # shrink everything together until the stack fits its room
            parts = self._measure(headline, subline, cta, tw, room, scale)
            total = sum(h for _, h in parts) + round(u * 0.028 * scale) * (len(parts) - 1)
            if total <= room:
                break
            scale *= 0.88
        gap = round(u * 0.028 * scale)
        canvas_w, canvas_h = self.canvas.size
        if arrangement == "column":
            top = y0 + (logo_h + round(u * 0.04) if logo_h else 0)
            top += max(0, (y1 - top - total) // 2)
            extent = tx + tw if side == "left" else canvas_w - tx
            self.scrim(side, extent + round(u * 0.03), round(canvas_w * 0.22))
            if logo is not None:
                self.logo(logo, (tx, y0, tx + round(tw * 0.5), y0 + logo_h))
        else:
            top = max(y0, y1 - total) if side == "bottom" else y0
            extent = canvas_h - top if side == "bottom" else top + total
            self.scrim(side, extent + round(u * 0.03), round(total * 0.7))
            if logo is not None:
                ly = y0 if side == "bottom" else y1 - logo_h
                self.logo(logo, (x0, ly, x0 + round(cw * 0.4), ly + logo_h))
        y = top
        for (key, fitted), (_, height) in zip(self._fitted, parts, strict=True):
            if key == "cta":
                self.badge(fitted, (tx, y))
            else:
                self.text(key, fitted, (tx, y), _INK if key == "headline" else _SUB_INK)
            y += height + gap

    def _measure(
        self, headline: str, subline: str, cta: str, tw: int, room: int, scale: float
    ) -> list[tuple[str, int]]:
        """Fit each part at `scale` of its natural size; keeps the fits in self._fitted."""
        u = self.unit
        head, body = font_spec(self.brand, "heading"), font_spec(self.brand, "body")
        self._fitted: list[tuple[str, Fitted]] = []
        if headline:
            size = min(round(u * 0.095 * scale), self.max_head)
            fit = _fit(headline, head, (tw, room * 0.6), max(10, size), max(10, round(size * 0.45)), 3)  # fmt: skip
            self._fitted.append(("headline", fit))
        if subline:
            size = round(u * 0.045 * scale)
            fit = _fit(subline, body, (tw, room * 0.3), max(10, size), max(9, round(size * 0.6)), 3)  # fmt: skip
            self._fitted.append(("subline", fit))
        if cta:
            size = round(u * 0.042 * scale)
            fit = _fit(cta, head, (tw * 0.9, room * 0.25), max(10, size), max(9, round(size * 0.6)), 1)  # fmt: skip
            self._fitted.append(("cta", fit))
        return [
            (key, self.badge_size(f)[1] if key == "cta" else _block_h(f)) for key, f in self._fitted
        ]
