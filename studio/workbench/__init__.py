"""The prompt engineer's workbench: golden tests for prompts (golden.py), what an edit does to
the rendered prompts (diff.py), and grids of images across cases, generators, seeds and
parameters (matrix.py, sheet.py). The CLI and the web studio reach it through
studio/service/workbench.py."""
