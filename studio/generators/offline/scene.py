"""The subject-aware painter for the photo, illustration and scene styles: stage the subject
the job names (subjects.py) out of the text zone, in its setting's light, or stand the reference
image there instead (the poster borrows its outline: silhouette()).

    Subject ──► stage for its kind (backdrop, ground line, the hero's box)
            ──► hero: the reference cut-out, else the kind's shape (objects, beings, places)
            ──► weather (stars, snow, rain, fog)

Kinds it does not stage (crowd, landscape, nothing recognised) keep the older painters, so a
draft of "a foggy mountain lake" is still a landscape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from studio.generators.offline.beings import BEINGS, portrait
from studio.generators.offline.canvas import _person, _Scene
from studio.generators.offline.common import _mix
from studio.generators.offline.food import dish
from studio.generators.offline.objects import SHAPES, Pen
from studio.generators.offline.places import BUILDINGS, room
from studio.generators.offline.reference import place
from studio.generators.offline.stage import (
    Light,
    free_box,
    hero_colour,
    light_for,
    shade,
    sky_and_ground,
    soft_shadow,
    weather,
)
from studio.generators.offline.subjects import Subject

STAGED = ("person", "product", "food", "building", "vehicle", "animal", "interior", "group")
_DEFAULT_LIGHT = {"product": "studio", "person": "studio", "food": "studio"}
_STONE = (206, 196, 176)
_PAIR = frozenset(
    ["couple", "pair", "two", "paar", "zwei", "pareja", "dos", "couple", "deux", "coppia", "due"]
)


def effective_light(subj: Subject, referenced: bool = False) -> str:
    """The light the stage uses: the setting's, else the kind's usual one (a packshot or a
    portrait in a studio, anything else by day)."""
    if subj.light != "day":
        return subj.light
    kind = subj.kind if subj.kind in STAGED else ("product" if referenced else subj.kind)
    return _DEFAULT_LIGHT.get(kind, "day")


@dataclass
class _Hero:
    """Where the subject stands: its foot (cx, base) and the box it must fit in."""

    cx: float
    base: float
    max_w: float
    max_h: float


def _backdrop(
    sc: _Scene, lt: Light, gy: float, glow: tuple[float, float], flat: bool
) -> Image.Image:
    if not flat:
        return sky_and_ground(sc, lt, gy, glow)
    img = Image.new("RGB", (sc.w, sc.h), _mix(lt.top, lt.horizon, 0.5))  # flat bands
    d = ImageDraw.Draw(img)
    d.rectangle((0, gy - (gy * 0.3), sc.w, gy), fill=lt.horizon)
    d.rectangle((0, gy, sc.w, sc.h), fill=lt.ground)
    d.rectangle((0, gy + (sc.h - gy) * 0.55, sc.w, sc.h), fill=lt.near)
    return img


def _group(img: Image.Image, sc: _Scene, hero: _Hero, colour: tuple, n: int) -> None:
    """People standing together on the ground, as in a group or historical photograph: a
    row of figures of a few heights, the hero's colour on one of them."""
    rng, u = sc.rng, sc.u
    n = n or int(rng.integers(4, 8))
    d = ImageDraw.Draw(img)
    span = min(hero.max_w, hero.max_h * 0.45 * n)
    xs = (
        hero.cx
        - span / 2
        + span * (np.arange(n) + 0.5) / n
        + rng.uniform(-0.15, 0.15, n) * span / n
    )
    soft_shadow(
        img, (hero.cx - span * 0.55, hero.base - 2 * u, hero.cx + span * 0.55, hero.base + 2 * u)
    )
    body = _mix(sc.pal.ink, (60, 56, 60), 0.5)
    for i, x in enumerate(xs.tolist()):
        shirt = colour if i == n // 2 else _mix(sc.pal.accents[i % 3], (90, 90, 96), 0.45)
        tall = hero.max_h * float(rng.uniform(0.82, 1.0))
        _person(d, x, hero.base + float(rng.uniform(-1, 1)) * u, tall, body, shirt)


def paint_subject(
    sc: _Scene,
    subj: Subject,
    zone: str | None,
    cut: Image.Image | None,
    flat: bool,
    safe: object = None,
) -> Image.Image:
    """The whole canvas for a staged subject (or any subject when a reference is given)."""
    rng, w, h, u = sc.rng, sc.w, sc.h, sc.u
    kind = subj.kind if subj.kind in STAGED else "product"  # a reference with no kind: a packshot
    lt = light_for(sc, effective_light(subj, cut is not None))
    fx0, fy0, fx1, fy1 = free_box(w, h, zone, safe)
    fw, fh = fx1 - fx0, fy1 - fy0
    cx = fx0 + fw * (0.5 + rng.uniform(-0.06, 0.06))
    colour = hero_colour(sc, subj.colour)
    pen = Pen(
        ImageDraw.Draw(Image.new("RGB", (1, 1))),
        sc.pal.ink if flat else None,
        max(1, round(0.35 * u)),
    )
    lit = (255, 212, 140) if lt.dark else (150, 176, 196)

    # 1. the stage: backdrop and the hero's box
    if kind == "food":
        img = Image.new("RGB", (w, h), _mix(lt.ground, (236, 226, 210), 0.5))
        d = ImageDraw.Draw(img)
        for y in range(0, h, max(2, round(6 * u))):  # the table's grain
            d.line(
                (0, y, w, y), fill=shade(img.getpixel((0, 0)), -0.04), width=max(1, round(0.15 * u))
            )
        r = min(fh * 0.4, fw * 0.3)
        hero = _Hero(cx, fy0 + fh / 2 + r, 2 * r, 2 * r)
    elif kind == "interior":
        img = Image.new("RGB", (w, h), _mix(lt.horizon, (236, 228, 214), 0.6))
        pen.d = ImageDraw.Draw(img)
        wall = _mix(lt.horizon, (236, 228, 214), 0.6)
        bx0, by0, bx1, by1 = room(
            pen,
            rng,
            (fx0, fy0, fx1, fy1),
            wall,
            lt.glow if not lt.dark else lit,
            colour if cut is None else shade(wall, -0.2),
        )
        hero = _Hero((bx0 + bx1) / 2, by1 + fh * 0.06, (bx1 - bx0) * 0.6, (by1 - by0) * 0.9)
    else:
        share = {"person": 0.92, "building": 0.8, "group": 0.72}.get(kind, 0.7)
        gy = fy0 + fh * share
        img = _backdrop(sc, lt, gy, (cx, fy0 + fh * 0.35), flat)
        if kind == "vehicle" and subj.shape == "boat" or subj.shape == "bridge":
            ImageDraw.Draw(img).rectangle((0, gy, w, h), fill=_mix(lt.top, lt.near, 0.5))  # water
        if kind == "vehicle" and subj.shape in ("car", "bike"):
            ImageDraw.Draw(img).rectangle(
                (0, gy + (h - gy) * 0.25, w, gy + (h - gy) * 0.7), fill=shade(lt.near, -0.25)
            )  # road
        base = gy + (h - gy) * {"person": 0.0, "building": 0.1}.get(kind, 0.45)
        room_h = {"building": 0.72, "vehicle": 0.4, "animal": 0.5, "group": 0.55}.get(kind, 0.52)
        hero = _Hero(cx, min(base, fy1 - fh * 0.04), fw * 0.8, fh * room_h)
    pen.d = ImageDraw.Draw(img)

    # 2. the hero: the reference, or the kind's shape
    if cut is not None:
        mw, mh = (hero.max_w, hero.max_h) if kind != "person" else (fw * 0.6, fh * 0.75)
        base = hero.base if kind != "person" else fy1
        scale = min(mw / cut.width, mh / cut.height)
        half = cut.width * scale / 2
        soft_shadow(
            img, (hero.cx - half * 1.05, base - 2 * u, hero.cx + half * 1.05, base + 2.5 * u)
        )
        place(img, cut, hero.cx, base, mw, mh)
    elif kind == "person":
        r = min(fh * 0.13, fw * 0.17)
        portrait(pen, rng, cx, fy0 + fh * 0.36, r, h, colour, subj.feminine)
    elif kind == "food":
        s = hero.max_h / 2
        soft_shadow(
            img,
            (cx - s * 0.95, hero.base - 2 * s + s * 0.1, cx + s * 1.1, hero.base + s * 0.08),
            0.35,
        )
        dish(
            pen,
            rng,
            subj.shape if subj.shape in ("plate", "bowl", "pizza") else "plate",
            cx,
            hero.base - s,
            s * 0.95,
            colour,
        )
    elif kind == "interior":
        pass  # the room is the subject
    elif kind == "group":
        _group(img, sc, hero, colour, 2 if subj.words & _PAIR else 0)
    else:
        table = {"product": SHAPES, "vehicle": BEINGS, "animal": BEINGS}.get(kind)
        if kind == "building":
            painter, ratio = BUILDINGS.get(subj.shape, BUILDINGS["facade"])
        else:
            painter, ratio = (table or SHAPES).get(subj.shape, SHAPES["box"])
        s = min(hero.max_h, hero.max_w / ratio)
        if subj.shape != "plane":
            soft_shadow(
                img,
                (
                    cx - ratio * s * 0.55,
                    hero.base - 0.05 * s,
                    cx + ratio * s * 0.55,
                    hero.base + 0.06 * s,
                ),
            )
        if kind == "building":
            painter(pen, cx, hero.base, s, _mix(colour, _STONE, 0.6), lit)  # type: ignore[call-arg]
        else:
            painter(pen, cx, hero.base, s, colour)  # type: ignore[call-arg]
    return weather(img, sc, lt, fy0 + fh * 0.6)


def silhouette(sc: _Scene, subj: Subject) -> Image.Image | None:
    """The subject's outline as an "L" mask filling most of the canvas, for the poster's
    double exposure (a wolf's shape filled with a landscape); None for a person (the poster's
    own profile) or a kind with no single outline."""
    kind, shape = subj.kind, subj.shape
    if kind == "product":
        painter, ratio = SHAPES.get(shape, SHAPES["box"])
    elif kind in ("vehicle", "animal"):
        painter, ratio = BEINGS.get(shape, BEINGS["beast"])
    elif kind == "building":
        building, ratio = BUILDINGS.get(shape, BUILDINGS["facade"])
        painter = lambda p, x, y, s, c: building(p, x, y, s, c, c)  # noqa: E731
    else:
        return None
    canvas = Image.new("RGB", (sc.w, sc.h), (0, 0, 0))
    pen = Pen(ImageDraw.Draw(canvas), None, 1)
    s = min(sc.h * 0.8, sc.w * 0.86 / ratio)
    painter(pen, sc.w / 2, sc.h * 0.9, s, (200, 200, 200))
    return canvas.convert("L").point(lambda v: 255 if v > 0 else 0)
