"""Deterministic noise and textures for the layouts: value and fractal noise, vignettes and a
paper grain. Randomness comes only from the numpy Generator the caller seeds
(composition.seed), so the same composition gives the same pixels."""

from __future__ import annotations

import numpy as np
from PIL import Image


def value_noise(width: int, height: int, cell: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth noise in 0..1, shape (height, width): a random grid with one value every `cell`
    pixels, upscaled bicubically. Deterministic for a given rng state."""
    gw = max(2, int(np.ceil(width / max(cell, 1))) + 2)
    gh = max(2, int(np.ceil(height / max(cell, 1))) + 2)
    grid = rng.random((gh, gw), dtype=np.float32)
    img = Image.fromarray(grid, mode="F").resize(
        (round(gw * cell), round(gh * cell)), Image.BICUBIC
    )
    arr = np.asarray(img, dtype=np.float32)[:height, :width]
    if arr.shape != (height, width):  # cell < 1: pad by edge values
        arr = np.pad(arr, ((0, height - arr.shape[0]), (0, width - arr.shape[1])), mode="edge")
    return np.clip(arr, 0.0, 1.0)


def fractal_noise(
    width: int,
    height: int,
    rng: np.random.Generator,
    *,
    cell: float,
    octaves: int = 4,
    persistence: float = 0.5,
) -> np.ndarray:
    """Sum of value-noise octaves (cell halves each octave), normalised to 0..1."""
    total = np.zeros((height, width), dtype=np.float32)
    amp, norm = 1.0, 0.0
    for i in range(octaves):
        total += amp * value_noise(width, height, max(1.0, cell / 2**i), rng)
        norm += amp
        amp *= persistence
    total /= norm
    lo, hi = float(total.min()), float(total.max())
    return (total - lo) / (hi - lo) if hi > lo else total


def vignette(width: int, height: int, strength: float = 0.35, softness: float = 2.2) -> np.ndarray:
    """Multiplier in (1-strength)..1, shape (height, width): 1 at the centre, darker corners."""
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :]
    r = np.sqrt(xs**2 + ys**2) / np.sqrt(2.0)
    return 1.0 - strength * np.clip(r, 0, 1) ** softness


def to_image(rgb: np.ndarray) -> Image.Image:
    """float array (h, w, 3) in 0..255 -> RGB image, clipped."""
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def paper_texture(
    size: tuple[int, int], colour: tuple[int, ...], rng: np.random.Generator, grain: float = 0.04
) -> Image.Image:
    """An RGBA sheet of `colour` with a faint paper grain (+-grain/2 brightness)."""
    noise = fractal_noise(size[0], size[1], rng, cell=max(2.0, min(size) * 0.05), octaves=2)
    tone = np.array(colour[:3], np.float32) * (1 - grain * 0.75 + grain * noise[..., None])
    return to_image(tone).convert("RGBA")
