"""Review mode in the web studio: a brief submitted with "Review the plan before running"
stops with its plan on the page; a bad edit is shown next to its field; a prompt and the
format are changed, saved and approved; the brief runs live to succeeded and its manifest
holds the edited prompt at the new size; Variations and Rerun open new briefs with new and
the same seeds."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import Server, wait_until_ended
from tests.web.conftest import shot, sign_in

BRIEF = "A historical photograph of a harbour at dawn"
EDITED = "A quiet harbour at dawn, fishing boats at the quay, old glass-plate photograph"


def _new_brief_id(page: Any, server: Server, other: str) -> str:
    page.wait_for_url(re.compile(rf"/briefs/(?!{re.escape(other)}$)b-[\w-]+$"))
    return page.url.rsplit("/", 1)[-1]


def test_review_edit_approve_then_variations_and_rerun(page: Any, server: Server) -> None:
    sign_in(page, server)
    page.wait_for_url(f"{server.url}/")
    page.goto(f"{server.url}/new")
    page.fill("#text", BRIEF)
    page.check("#review")
    assert page.locator("#submit").inner_text() == "Plan it"
    shot(page, "review-new-brief")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/briefs/b-[\w-]+$"))
    brief_id = page.url.rsplit("/", 1)[-1]

    # it stops in review: the plan is on the page, editable; nothing runs
    card = page.locator("#review-card")
    card.wait_for(state="visible")
    assert page.locator("#brief-state").get_attribute("data-state") == "review"
    assert page.locator("#progress").is_hidden()
    prompt = page.locator("#review-jobs textarea").first
    original = prompt.input_value()
    assert "harbour" in original
    assert page.locator("#review-cost").inner_text().startswith("$")
    shot(page, "review-plan")

    # an empty prompt is refused by the API, and said next to the prompt
    prompt.fill("   ")
    page.click("#save-plan")
    error = page.locator("[data-review-job] [data-error='prompt']").first
    error.wait_for(state="visible")
    assert "empty" in error.inner_text()
    assert "invalid" in (prompt.get_attribute("class") or "")
    shot(page, "review-field-error")

    # a new prompt and a new format, saved, then approved
    prompt.fill(EDITED)
    page.select_option("#plan-format", "size=800x800")
    page.click("#save-plan")
    page.wait_for_function("document.getElementById('review-status').textContent === 'Saved'")
    assert "800×800" in page.locator("#review-summary").inner_text()
    assert page.locator("#review-jobs textarea").first.input_value() == EDITED
    with server.client() as c:
        assert c.get(f"/v1/briefs/{brief_id}").json()["state"] == "planned"  # not yet
    page.click("#approve")
    card.wait_for(state="hidden")
    page.locator("#progress").wait_for(state="visible")
    page.wait_for_selector("#brief-state[data-state='succeeded']", timeout=180_000)

    # read-only plan beside the progress: the edited prompt, the deliverable at 800x800
    assert page.locator("#plan-jobs .prompt").first.inner_text() == EDITED
    assert page.locator("#plan-jobs textarea").count() == 0
    page.wait_for_function(
        "() => { const i = document.querySelector('.deliverable img'); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )
    assert page.locator(".deliverable img").evaluate("i => [i.naturalWidth, i.naturalHeight]") == [
        800,
        800,
    ]
    shot(page, "review-done")
    with server.client() as c:
        manifest = c.get(f"/v1/briefs/{brief_id}/manifest").json()
        seeds = [j["seed"] for j in c.get(f"/v1/briefs/{brief_id}/plan").json()["jobs"]]
    assert [j["prompt"] for j in manifest["plan"]["jobs"]] == [EDITED]
    assert "edited in review" in manifest["plan"]["rationale"]

    # Variations: a new brief, same plan, a new seed
    page.click("#variations")
    variation = _new_brief_id(page, server, brief_id)
    page.locator("#plan-jobs .plan-job").first.wait_for()
    assert page.locator("#plan-jobs .prompt").first.inner_text() == EDITED
    with server.client() as c:
        plan = c.get(f"/v1/briefs/{variation}/plan").json()
        assert [j["prompt"] for j in plan["jobs"]] == [EDITED]
        assert [j["seed"] for j in plan["jobs"]] != seeds
        assert wait_until_ended(c, variation)["state"] == "succeeded"
    page.wait_for_selector("#brief-state[data-state='succeeded']", timeout=60_000)
    shot(page, "variation")

    # Rerun: the same seeds again
    page.goto(f"{server.url}/briefs/{brief_id}")
    page.click("#rerun")
    again = _new_brief_id(page, server, brief_id)
    with server.client() as c:
        plan = c.get(f"/v1/briefs/{again}/plan").json()
        assert [j["seed"] for j in plan["jobs"]] == seeds
        wait_until_ended(c, again)


def test_a_storyboard_in_review_shows_caption_errors_by_their_field(
    page: Any, server: Server
) -> None:
    with server.client() as c:
        r = c.post(
            "/v1/briefs",
            json={"text": "A Polaroid storyboard of Casablanca: 4 key moments", "review": True},
        )
        assert r.status_code == 202, r.text
        brief_id = r.json()["id"]
    sign_in(page, server)
    page.wait_for_url(f"{server.url}/")
    page.goto(f"{server.url}/briefs/{brief_id}")
    page.locator("#review-card").wait_for(state="visible")
    rows = page.locator("#review-jobs [data-review-job]")
    assert rows.count() == 4
    shot(page, "review-storyboard")
    # a number the brief never gave, in the third panel's caption: said under that caption
    third = rows.nth(2).locator("[data-name='caption']")
    third.fill("Rick and Ilsa, 1941, at 73 rue de Paris")
    page.click("#save-plan")
    error = rows.nth(2).locator("[data-error='caption']")
    error.wait_for(state="visible")
    assert "caption of job 3" in error.inner_text() and "73" in error.inner_text()
    assert rows.nth(0).locator("[data-error='caption']").is_hidden()
    shot(page, "review-caption-error")
    with server.client() as c:
        captions = [j["caption"] for j in c.get(f"/v1/briefs/{brief_id}/plan").json()["jobs"]]
        assert "Rick and Ilsa, 1941, at 73 rue de Paris" not in captions
        c.post(f"/v1/briefs/{brief_id}/cancel")
