"""The web studio, as a marketing user uses it: sign in with a key, write a brief with a
PDF, watch it reach succeeded, see the infographic full size with its verdict and facts,
download it, find it in the gallery; another user's brief is not found, a bad key is
refused with a message, and the key never shows in a URL."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from PIL import Image

from tests.api.conftest import Server
from tests.conftest import EXAMPLE_PDF
from tests.web.conftest import SHOTS, shot, sign_in


def test_a_bad_key_is_refused_with_a_message(page: Any, server: Server) -> None:
    sign_in(page, server, key="sk_studio_not-a-real-key")
    error = page.locator("#signin-error")
    error.wait_for(state="visible")
    assert "not accepted" in error.inner_text()
    assert page.url.endswith("/signin")
    assert page.evaluate("sessionStorage.getItem('studio.key')") is None
    shot(page, "signin-error")


def test_pages_need_a_key_and_come_back_after_signing_in(page: Any, server: Server) -> None:
    page.goto(f"{server.url}/new")
    page.wait_for_url(re.compile(r"/signin\?next=%2Fnew$"))
    sign_in_here = page.locator("#key")
    sign_in_here.fill(server.keys["alice"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/new")
    # the templates select is filled from /v1/templates
    page.wait_for_function("document.querySelectorAll('#template option').length > 1")
    assert page.locator("#template option[value='earnings-infographic']").count() == 1


def test_a_pdf_brief_runs_to_a_verified_infographic_to_download(
    page: Any, server: Server, tmp_path: Path
) -> None:
    seen_urls: list[str] = []
    page.on("request", lambda r: seen_urls.append(r.url))
    sign_in(page, server)
    page.wait_for_url(f"{server.url}/")
    page.click("text=New brief")
    page.wait_for_url(f"{server.url}/new")
    page.fill("#text", "Infographic of the quarter from this earnings PDF")
    page.set_input_files("#documents", str(EXAMPLE_PDF))
    page.select_option("#size", "800x800")
    shot(page, "new-brief")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/briefs/b-[\w-]+$"))
    brief_id = page.url.rsplit("/", 1)[-1]

    # the plan's jobs show at once; progress runs live to succeeded
    page.locator("#jobs .job").first.wait_for()
    assert page.locator("#jobs .job").count() == 2
    shot(page, "brief-running")
    page.wait_for_selector("#brief-state[data-state='succeeded']", timeout=180_000)
    assert page.locator("#jobs .job[data-state='succeeded']").count() == 2
    assert page.locator("#bar").get_attribute("aria-valuenow") == "100"

    # the infographic, full size, verified at a glance, with its facts cited by page
    image = page.locator(".deliverable img")
    image.wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('.deliverable img'); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )
    assert image.is_visible()
    natural = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert natural == [800, 800]
    assert page.locator(".verdict.ok").inner_text().strip() == "✓ Verified"
    page.locator("#facts tr").first.wait_for()
    revenue = page.locator("#facts tr", has_text="Revenue").first
    assert "$4.82 billion" in revenue.inner_text() and "p. 1" in revenue.inner_text()
    assert page.locator("#rationale li").count() > 0
    assert "earnings-infographic" in page.locator("#brief-meta").inner_text()
    shot(page, "brief-done")
    if SHOTS:  # and on a phone
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "brief-done-phone")
        page.set_viewport_size({"width": 1280, "height": 900})

    # download: the PNG's bytes
    with page.expect_download() as info:
        page.click(".deliverable .download")
    download = info.value
    assert download.suggested_filename.endswith(".png")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(data)).size == (800, 800)
    with page.expect_download() as info:
        page.click("#manifest-link")
    assert info.value.suggested_filename == f"{brief_id}-manifest.json"

    # the gallery: this brief first, with its thumbnail
    page.click("text=← Your briefs")
    page.wait_for_url(f"{server.url}/")
    first = page.locator("#gallery .tile").first
    first.wait_for()
    assert first.get_attribute("data-brief") == brief_id
    first.locator("img").wait_for()
    assert first.locator(".badge").get_attribute("data-state") == "succeeded"
    shot(page, "gallery")

    key = server.keys["alice"]
    assert seen_urls and not any(key in url for url in seen_urls)


def test_another_users_brief_is_not_found(page: Any, server: Server) -> None:
    with server.client("alice") as alice:
        r = alice.post("/v1/briefs", json={"text": "A poster for the spring sale"})
        assert r.status_code == 202, r.text
        brief_id = r.json()["id"]
    sign_in(page, server, "bob")
    page.wait_for_url(f"{server.url}/")
    page.goto(f"{server.url}/briefs/{brief_id}")
    page.locator("#brief-missing").wait_for(state="visible")
    assert "Brief not found" in page.locator("#brief-missing").inner_text()
    assert page.locator("#brief").is_hidden()
    page.goto(f"{server.url}/")
    page.wait_for_selector("#gallery-status", state="hidden")
    assert page.locator(f"#gallery .tile[data-brief='{brief_id}']").count() == 0
    shot(page, "not-found-gallery")
