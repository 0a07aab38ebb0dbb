"""PDF producers: each lays the same release blocks out the way one real tool does.

    platypus     reportlab platypus with Table (cells drawn one by one)
    canvas2col   reportlab canvas, prose in two text columns, tables across the width; it can
                 draw every kind of hidden plant (white, 1 pt, off-page, covered, render mode 3)
    chromium     HTML printed to PDF by headless Chromium (Debian's `chromium`)
    libreoffice  a flat OpenDocument text file converted by `libreoffice --headless`

A producer module has NAME, SUPPORTS (the plant kinds it can draw), missing() (why it cannot
run here, or None) and render(releases, out_dir) (writes out_dir/<release.name>.pdf for
each). make_releases.py skips a producer whose tool is missing, with its message.
"""

from __future__ import annotations

from types import ModuleType

from bench.releases.producers import canvas2col, chromium, libreoffice, platypus

PRODUCERS: dict[str, ModuleType] = {
    module.NAME: module for module in (platypus, canvas2col, chromium, libreoffice)
}
