"""The web studio's template page: the template, its variables, its first example rendered
in each dialect, and its last matrix sheet (the real service on a loopback port)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio import service
from tests.api.conftest import Server, embedded_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with embedded_server(tmp_path_factory.mktemp("web")) as running:
        yield running


def test_template_page_shows_inputs_prompts_and_the_last_sheet(server: Server) -> None:
    import httpx

    page = httpx.get(f"{server.url}/templates/landmark-blueprint", timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    html = page.text
    assert "<code>landmark</code>" in html and "<code>facts</code>" in html  # variables
    assert 'data-dialect="natural"' in html and 'data-dialect="sd"' in html
    assert "(architect blueprint:1.3)" in html  # the sd prompt of the first example
    assert "the Eiffel Tower" in html and 'version <span id="template-version">1.0.0' in html
    assert "No matrix yet" in html
    assert httpx.get(f"{server.url}/templates/landmark-blueprint/matrix.png").status_code == 404

    result = service.template_matrix(
        "landmark-blueprint", settings=server.settings, cases_file=None,
        generators=["offline"], seeds=[1], size="128x128",
    )  # fmt: skip
    html = httpx.get(f"{server.url}/templates/landmark-blueprint", timeout=30).text
    assert 'src="/templates/landmark-blueprint/matrix.png"' in html
    png = httpx.get(f"{server.url}/templates/landmark-blueprint/matrix.png", timeout=30)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content == Path(result.sheet).read_bytes()

    missing = httpx.get(f"{server.url}/templates/no-such-template", timeout=30)
    assert missing.status_code == 404
    assert httpx.get(f"{server.url}/templates/..%2Fbrands%2Fdefault").status_code == 404
