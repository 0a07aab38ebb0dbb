"""Where the subject of a drawing is: the pixels that differ clearly from the background
colour (the median of the picture's border), grouped into cells, and the largest group of
touching cells. Small marks elsewhere (a stamp, a tag, noise, a faint grid) are left out.

    found = find_subject(picture)
    found.box               # (x0, y0, x1, y1) in the picture's pixels
    found.edge(y, "left")   # the subject's leftmost x on row y (nearest row that has one)
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]
SAMPLE = 256  # the long side the picture is analysed at
CELL = 4  # sample pixels per cell side


@dataclass
class Subject:
    box: Box
    cells: np.ndarray  # bool grid: which cells belong to the subject
    cell_px: float  # picture pixels per cell side

    def edge(self, y: float, side: str) -> int:
        """The subject's outermost x on `side` ("left"/"right") at picture row y, taken from
        the nearest row of cells that has any subject in it."""
        rows = np.nonzero(self.cells.any(axis=1))[0]
        if rows.size == 0:
            return self.box[0] if side == "left" else self.box[2]
        row = int(rows[np.argmin(np.abs(rows - y / self.cell_px))])
        cols = np.nonzero(self.cells[row])[0]
        col = int(cols.min()) if side == "left" else int(cols.max()) + 1
        return int(round(col * self.cell_px))


def find_subject(picture: Image.Image) -> Subject:
    """The subject's extent: see the module docstring. A picture with nothing on it gives
    its middle half."""
    w, h = picture.size
    scale = SAMPLE / max(w, h)
    small = picture.convert("RGB").resize((max(1, round(w * scale)), max(1, round(h * scale))))
    arr = np.asarray(small, dtype=np.int16)
    ring = np.concatenate(
        [
            arr[:2].reshape(-1, 3),
            arr[-2:].reshape(-1, 3),
            arr[:, :2].reshape(-1, 3),
            arr[:, -2:].reshape(-1, 3),
        ]
    )
    background = np.median(ring, axis=0)
    diff = np.abs(arr - background).max(axis=2)
    strong = diff > max(48.0, 0.45 * float(np.percentile(diff, 99.5)))

    # cells with enough strong pixels, then the largest 8-connected group (gaps of one cell
    # bridged, so a line drawing with thin gaps stays one subject)
    gh, gw = -(-strong.shape[0] // CELL), -(-strong.shape[1] // CELL)
    padded = np.zeros((gh * CELL, gw * CELL), bool)
    padded[: strong.shape[0], : strong.shape[1]] = strong
    counts = padded.reshape(gh, CELL, gw, CELL).sum(axis=(1, 3))
    cells = counts >= 2
    group = _largest_group(cells)
    cell_px = CELL / scale
    if not group.any():
        return Subject((w // 4, h // 4, 3 * w // 4, 3 * h // 4), group, cell_px)
    ys, xs = np.nonzero(group)
    box = (
        max(0, int(xs.min() * cell_px)),
        max(0, int(ys.min() * cell_px)),
        min(w, int(round((xs.max() + 1) * cell_px))),
        min(h, int(round((ys.max() + 1) * cell_px))),
    )
    return Subject(box, group, cell_px)


def _largest_group(cells: np.ndarray) -> np.ndarray:
    seen = np.zeros_like(cells)
    best: list[tuple[int, int]] = []
    gh, gw = cells.shape
    for start in zip(*np.nonzero(cells), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        queue, group = deque([start]), []
        while queue:
            y, x = queue.popleft()
            group.append((y, x))
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    ny, nx = y + dy, x + dx
                    if 0 <= ny < gh and 0 <= nx < gw and cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
        if len(group) > len(best):
            best = group
    out = np.zeros_like(cells)
    for y, x in best:
        out[y, x] = True
    return out
