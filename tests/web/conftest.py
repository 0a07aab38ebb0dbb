"""The web studio in a real browser: the real service (tests.api.conftest.serving, one per
module) and Playwright driving Debian's chromium, headless. Skips cleanly when
/usr/bin/chromium or the `playwright` package is missing (`make install-test` installs
chromium with apt-get where it can; Playwright's own browser download is never used)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Server, embedded_server

CHROMIUM = Path(os.environ.get("STUDIO_TEST_CHROMIUM", "/usr/bin/chromium"))
SHOTS = os.environ.get("STUDIO_WEB_SCREENSHOTS")  # a folder: save screenshots there


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The embedded mode on a loopback port, with users alice and bob."""
    folder = tmp_path_factory.mktemp("web")
    with embedded_server(folder, keep=("STUDIO_TEST_CHROMIUM",)) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless chromium from /usr/bin (skipped when it or playwright is absent)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab (its own sessionStorage), 1280 wide, downloads accepted."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        bypass_csp=True,  # lets wait_for_function evaluate its predicate
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def sign_in(page: Any, server: Server, user: str = "alice", *, key: str | None = None) -> None:
    """Sign in through the form (the gallery is the page after)."""
    page.goto(f"{server.url}/signin")
    page.fill("#key", key or server.keys[user])
    page.click("button[type=submit]")


def shot(page: Any, name: str) -> None:
    """A full-page screenshot into $STUDIO_WEB_SCREENSHOTS (nothing when it is unset)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
