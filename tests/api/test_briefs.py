"""Briefs over HTTP: keys, submitting (JSON and multipart), polling, deliverables, the
manifest, idempotency, pagination, cancelling and the error shape."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from tests.api.conftest import Server, wait_until_ended
from tests.conftest import EXAMPLE_PDF

BRIEF = "A historical photograph of a harbour at dawn"


def _error(response) -> dict:  # noqa: ANN001
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "field", "hint"}
    return body["error"]


def test_no_key_or_a_bad_key_is_401(server: Server) -> None:
    for client in (server.client(None), server.client(key="sk_nope")):
        with client:
            for method, path in (("GET", "/v1/briefs"), ("POST", "/v1/briefs")):
                r = client.request(method, path, json={"text": BRIEF})
                assert r.status_code == 401
                assert r.headers["www-authenticate"].startswith("Bearer")
                assert _error(r)["type"] == "Unauthorized"


def test_openapi_and_docs_are_served(server: Server) -> None:
    with server.client(None) as c:
        spec = c.get("/openapi.json").json()
        assert "/v1/briefs" in spec["paths"] and "/v1/briefs/{brief_id}/events" in spec["paths"]
        assert c.get("/docs").status_code == 200


def test_a_json_brief_runs_to_its_deliverable_and_manifest(server: Server) -> None:
    with server.client() as c:
        r = c.post("/v1/briefs", json={"text": BRIEF, "size": "640x360", "seed": 7})
        assert r.status_code == 202, r.text
        view = r.json()
        bid = view["id"]
        assert view["urls"] == {
            "self": f"/v1/briefs/{bid}",
            "events": f"/v1/briefs/{bid}/events",
            "cancel": f"/v1/briefs/{bid}/cancel",
        }
        assert r.headers["location"] == f"/v1/briefs/{bid}"
        assert view["out_dir"] is None  # no server paths
        done = wait_until_ended(c, bid)
        assert done["state"] == "succeeded", done
        full = c.get(f"/v1/briefs/{bid}").json()
        assert full["deliverables"], full
        url = full["deliverables"][0]["url"]
        assert full["assets"] == [d["url"] for d in full["deliverables"]]
        assert full["manifest"] == f"/v1/briefs/{bid}/manifest"
        assert url.startswith(f"/v1/assets/{bid}/")
        png = c.get(url)
        assert png.status_code == 200
        assert png.headers["content-type"] == "image/png"
        assert png.headers["x-content-type-options"] == "nosniff"
        assert "attachment" in png.headers["content-disposition"]
        assert Image.open(io.BytesIO(png.content)).size == (640, 360)
        manifest = c.get(f"/v1/briefs/{bid}/manifest")
        assert manifest.status_code == 200
        assert any(a["kind"] == "deliverable" for a in manifest.json()["assets"])
        assert c.get(f"/v1/assets/{bid}/manifest.json").status_code == 200
        for bad in ("../../studio.db", "..%2F..%2Fstudio.db", ".hidden", "nope.png"):
            r = c.get(f"/v1/assets/{bid}/{bad}")
            assert r.status_code == 404, (bad, r.status_code)
            _error(r)


def test_a_multipart_brief_with_a_pdf_makes_an_infographic(server: Server) -> None:
    with server.client() as c:
        r = c.post(
            "/v1/briefs",
            data={
                "text": "An infographic of the quarter's headline numbers",
                "options": '{"seed": 3}',
            },
            files={"documents": (EXAMPLE_PDF.name, EXAMPLE_PDF.read_bytes(), "application/pdf")},
        )
        assert r.status_code == 202, r.text
        done = wait_until_ended(c, r.json()["id"], timeout=240)
        assert done["state"] == "succeeded", done
        assert "infographic" in (done["template"] or ""), done["template"]


def test_an_upload_id_can_be_used_by_its_owner_only(server: Server) -> None:
    with server.client() as a, server.client("bob") as b:
        up = a.post("/v1/uploads", files={"file": ("q3.pdf", EXAMPLE_PDF.read_bytes())})
        assert up.status_code == 201, up.text
        upload = up.json()
        assert upload["kind"] == "document" and "path" not in upload
        assert a.get(f"/v1/uploads/{upload['id']}").status_code == 200
        assert b.get(f"/v1/uploads/{upload['id']}").status_code == 404
        r = b.post("/v1/briefs", json={"text": BRIEF, "documents": [upload["id"]]})
        assert r.status_code == 404
        assert _error(r)["field"] == "documents"
        r = a.post("/v1/uploads", files={"file": ("x.pdf", b"not a pdf at all")})
        assert r.status_code == 415, r.text


def test_idempotency_key_same_body_same_brief_other_body_422(server: Server) -> None:
    with server.client() as c:
        body = {"text": BRIEF, "size": "320x320", "seed": 1}
        first = c.post("/v1/briefs", json=body, headers={"Idempotency-Key": "k-1"})
        again = c.post("/v1/briefs", json=body, headers={"Idempotency-Key": "k-1"})
        assert first.status_code == again.status_code == 202
        assert first.json()["id"] == again.json()["id"]
        other = c.post("/v1/briefs", json={**body, "seed": 2}, headers={"Idempotency-Key": "k-1"})
        assert other.status_code == 422
        assert _error(other)["field"] == "Idempotency-Key"
        with server.client("bob") as b:  # keys are per user
            theirs = b.post("/v1/briefs", json=body, headers={"Idempotency-Key": "k-1"})
            assert theirs.status_code == 202 and theirs.json()["id"] != first.json()["id"]


def test_concurrent_requests_with_one_key_make_one_brief(server: Server) -> None:
    body = {"text": f"{BRIEF} in fog", "size": "256x256", "seed": 9}

    def post(_: int) -> tuple[int, str | None]:
        with server.client() as c:
            r = c.post("/v1/briefs", json=body, headers={"Idempotency-Key": "race"})
            return r.status_code, r.json().get("id")

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(post, range(6)))
    made = {bid for code, bid in answers if code == 202}
    assert len(made) == 1, answers
    assert all(code in (202, 409) for code, _ in answers), answers
    with server.client() as c:  # once it is made, every retry gets it
        again = c.post("/v1/briefs", json=body, headers={"Idempotency-Key": "race"})
        assert again.status_code == 202 and again.json()["id"] in made


def test_listing_is_mine_newest_first_with_pages_and_a_state_filter(server: Server) -> None:
    with server.client("bob") as b:
        made = [
            b.post("/v1/briefs", json={"text": f"{BRIEF}, take {i}", "size": "256x256"}).json()[
                "id"
            ]
            for i in range(3)
        ]
        for bid in made:
            wait_until_ended(b, bid)
        seen, cursor = [], None
        while True:
            page = b.get(
                "/v1/briefs", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
            )
            assert page.status_code == 200
            seen += [v["id"] for v in page.json()["briefs"]]
            cursor = page.json()["next_cursor"]
            if cursor is None:
                break
        assert seen[: len(made)] == made[::-1]  # newest first
        assert len(seen) == len(set(seen))
        ok = b.get("/v1/briefs", params={"state": "succeeded"}).json()["briefs"]
        assert ok and all(v["state"] == "succeeded" for v in ok)
        bad = b.get("/v1/briefs", params={"state": "sleeping"})
        assert bad.status_code == 422 and _error(bad)["field"] == "state"
    with server.client() as a:
        assert not {v["id"] for v in a.get("/v1/briefs").json()["briefs"]} & set(made)


def test_cancel_a_running_brief_and_an_ended_one(server: Server) -> None:
    with server.client() as c:
        many = c.post(
            "/v1/briefs",
            json={"text": "A Polaroid storyboard of a lighthouse keeper's day", "size": "512x512"},
        ).json()["id"]
        r = c.post(f"/v1/briefs/{many}/cancel")
        if r.status_code == 200:
            assert r.json()["cancelled"] is True
            assert wait_until_ended(c, many)["state"] == "cancelled"
        else:  # it was quicker than us
            assert r.status_code == 409 and _error(r)["type"] == "NotCancellable"
        again = c.post(f"/v1/briefs/{many}/cancel")
        assert again.status_code == 409


def test_user_b_gets_404_for_everything_of_user_a(server: Server) -> None:
    with server.client() as a, server.client("bob") as b:
        bid = a.post("/v1/briefs", json={"text": BRIEF, "size": "256x256"}).json()["id"]
        done = wait_until_ended(a, bid)
        path = a.get(f"/v1/briefs/{bid}").json()["deliverables"][0]["url"].split(f"{bid}/", 1)[1]
        for method, url in (
            ("GET", f"/v1/briefs/{bid}"),
            ("GET", f"/v1/briefs/{bid}/manifest"),
            ("GET", f"/v1/briefs/{bid}/events"),
            ("GET", f"/v1/assets/{bid}/{path}"),
            ("POST", f"/v1/briefs/{bid}/cancel"),
        ):
            r = b.request(method, url)
            assert r.status_code == 404, (url, r.status_code)
            assert _error(r)["type"] == "NotFoundError"
        assert done["state"] == "succeeded"


def test_errors_share_one_shape_and_name_the_field(server: Server) -> None:
    with server.client() as c:
        r = c.post("/v1/briefs", json={"text": BRIEF, "template": "no-such-template"})
        assert r.status_code == 422
        assert _error(r)["field"] == "template" and _error(r)["type"] == "TemplateError"
        r = c.post("/v1/briefs", json={"text": BRIEF, "size": "12x"})
        assert r.status_code == 422 and _error(r)["field"] == "size"
        assert "`" not in (_error(r)["hint"] or "")
        r = c.post("/v1/briefs", json={"text": BRIEF, "seed": "many"})
        assert r.status_code == 422 and _error(r)["field"] == "seed"
        r = c.post("/v1/briefs", json={"text": BRIEF, "max_cost": 1})
        assert r.status_code == 422 and _error(r)["field"] == "max_cost"
        r = c.post("/v1/briefs", json={"size": "640x360"})
        assert r.status_code == 422 and _error(r)["field"] == "text"
        r = c.post("/v1/briefs", content=b"{nope", headers={"content-type": "application/json"})
        assert r.status_code == 400 and _error(r)["type"] == "BadRequest"
        assert c.get("/v1/briefs/b_nope").status_code == 404
        assert c.get("/v1/templates/no-such").status_code == 422
        listed = c.get("/v1/templates").json()["templates"]
        assert listed and c.get(f"/v1/templates/{listed[0]['id']}").status_code == 200
