"""Translating prompts between dialects.

- `sd` (Stable Diffusion-style models): comma-separated tags with `(token:1.3)` weights and a
  separate negative prompt; the diffusers generator translates the weights into compel's
  syntax (generators/diffusion/weights.py) before encoding.
- `natural` (hosted models: gpt-image, Gemini, Imagen): plain language. They take no weights
  and no negative prompt, so weights are removed and negatives are folded into an
  "Avoid ..." sentence.
"""

from __future__ import annotations

import re

_WEIGHTED = re.compile(r"\(([^():]+):\s*-?\d+(?:\.\d+)?\)")  # (token:1.3) -> token
_EMPHASIS = re.compile(r"[()\[\]]")  # (token) / [token] emphasis without a number
_SPACES = re.compile(r"\s+")


def strip_weights(text: str) -> str:
    """'(polaroid photo:1.2), (film grain)' -> 'polaroid photo, film grain'."""
    text = _WEIGHTED.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"\s*,\s*(?:,\s*)+", ", ", text)
    return _SPACES.sub(" ", text).strip(" ,")


def fold_negative(prompt: str, negative: str) -> str:
    """Append the negative prompt as plain language: 'Avoid: blurry, watermark.'"""
    items = [i.strip() for i in strip_weights(negative).split(",") if i.strip()]
    if not items:
        return prompt
    sentence = "Avoid: " + ", ".join(items) + "."
    return f"{prompt.rstrip()} {sentence}" if prompt else sentence


def to_natural(prompt: str, negative: str = "") -> str:
    return fold_negative(strip_weights(prompt), negative)
