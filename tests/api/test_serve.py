"""`studio serve`: the command exists with --host and --port, prints the URL, and without
the `api` extra says which extra to install instead of a traceback."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_serve_without_the_api_extra_names_it(cli, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = cli("serve", "--port", "8765")
    assert result.code == 2
    assert "http://127.0.0.1:8765" in result.out
    assert "pip install 'studio[api]'" in result.err


def test_serve_help_and_the_service_layer_import_without_fastapi() -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "import studio.cli, studio.service\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "serve", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0 and "--host" in done.stdout and "--port" in done.stdout
