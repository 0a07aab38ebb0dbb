"""What a prompt's words ask of the draft: a hue hint, scene flags and a landmark."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.generators.offline.landmarks import _LANDMARKS

# Prompt words that steer the draft: a hue hint (0..1 on the colour wheel) and scene flags.
_HUE_WORDS = {
    0.06: "sunset dusk golden autumn desert sand dune fire warm amber harvest",
    0.93: "dawn sunrise rose romance romantic love pink blossom",
    0.54: "ocean sea beach coast lake river harbor harbour rain fog winter snow ice",
    0.30: "forest jungle garden park spring meadow green tree trees",
    0.66: "night moon midnight space stars noir storm",
}
_FLAG_WORDS = {
    "night": "night moon midnight stars space",
    "mono": "black-and-white monochrome b&w noir greyscale grayscale 1920s 1930s 1940s",
    "faded": "vintage retro nostalgic polaroid faded sepia 1950s 1960s 1970s",
    "city": "city street urban downtown skyline town paris london york tokyo rome metropolis",
    "water": "ocean sea beach coast lake river harbor harbour",
}


@dataclass(frozen=True)
class _Mood:
    """What the prompt's words ask for."""

    hue: float | None
    night: bool
    mono: bool
    faded: bool
    city: bool
    water: bool
    landmark: str | None  # a building the prompt names (blueprints draw it)


def _mood(prompt: str) -> _Mood:
    text = prompt.lower().replace("black and white", "black-and-white")
    words = set(re.findall(r"[a-z0-9&]+(?:-[a-z0-9&]+)*", text))
    hits = {hue: len(words & set(keys.split())) for hue, keys in _HUE_WORDS.items()}
    best = max(hits, key=hits.__getitem__)  # ties go to the first listed
    flags = {name: bool(words & set(keys.split())) for name, keys in _FLAG_WORDS.items()}
    named = [k for k, (_, keys, _) in _LANDMARKS.items() if words & set(keys.split())]
    return _Mood(hue=best if hits[best] else None, landmark=(named or [None])[0], **flags)
