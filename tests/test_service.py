"""The application layer every front end calls (studio/service/): one request model validated
in one place, errors that name the request field, views instead of ledger rows, and one run
path whose only difference is the dispatcher (inline here, a thread pool for the web)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from studio import service
from studio.config import get_settings
from studio.errors import (
    ExtraMissingError,
    NotFoundError,
    SizeError,
    StudioError,
    TemplateError,
    describe,
    name_fields,
)

BRIEF = "A historical photograph of a harbour at dawn"


def test_a_request_error_names_the_field_at_fault(studio_env: Path) -> None:
    settings = get_settings()
    with pytest.raises(SizeError) as bad_size:
        service.make_brief(service.BriefRequest(text=BRIEF, size="12x"), settings=settings)
    assert bad_size.value.field == "size"
    assert "`size`" in bad_size.value.hint  # each front end names it its own way
    assert name_fields(bad_size.value.hint, {"size": "--size"}) == "e.g. --size 1920x1080"
    assert describe(bad_size.value).endswith("e.g. size 1920x1080")
    with pytest.raises(TemplateError) as bad_template:
        service.plan(service.BriefRequest(text=BRIEF, template="no-such"), settings=settings)
    assert bad_template.value.field == "template"
    with pytest.raises(StudioError) as missing:
        service.make_brief(
            service.BriefRequest(text=BRIEF, documents=[str(studio_env / "nope.pdf")]),
            settings=settings,
        )
    assert missing.value.field == "documents"


def test_the_request_rejects_fields_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="max_cost"):
        service.BriefRequest(text=BRIEF, max_cost=1.0)  # the field is `budget`


def test_describe_gives_one_line_for_any_error() -> None:
    assert describe(ValueError("boom")) == "ValueError: boom"
    assert describe(StudioError("bad", hint="change `size`")) == "bad — change size"
    assert describe(StudioError("generator `fail` failed")) == "generator `fail` failed"


def test_an_inline_run_returns_a_view_with_its_deliverable(studio_env: Path) -> None:
    settings = get_settings()
    seen: list[dict] = []
    view = service.run(
        service.BriefRequest(text=BRIEF, size="640x480", seed=3),
        settings=settings,
        events=[seen.append],
    )
    assert view.succeeded and view.brief.state == "succeeded"
    assert [d.width for d in view.deliverables] == [640]
    path = Path(view.deliverables[0].url.removeprefix("file://"))
    assert Image.open(path).size == (640, 480)
    assert {e["stage"] for e in seen if e["type"] == "stage"} >= {"planned", "generating"}
    assert service.status(view.brief.id, settings=settings).assets == [
        d.url for d in view.deliverables
    ]


def test_a_pooled_dispatcher_returns_before_the_run_ends(
    studio_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a web request needs: submit hands the brief over and returns; follow and result
    read it back; the in-process event stream carries its stages."""
    import threading

    from studio import dispatch

    go = threading.Event()
    real = dispatch.run_inprocess

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        assert go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(dispatch, "run_inprocess", held)
    settings = get_settings()
    dispatcher = service.LocalDispatcher(threads=1)
    try:
        sub = service.submit(
            service.BriefRequest(text=BRIEF, size="320x240"),
            settings=settings,
            dispatcher=dispatcher,
        )
        assert not service.status(sub.id, settings=settings).terminal  # handed over, not run
        go.set()
        looks = list(service.follow(sub.id, settings=settings, dispatcher=dispatcher))
    finally:
        go.set()
        dispatcher.shutdown()
    assert looks[-1].terminal and looks[-1].state == "succeeded"
    stages = [e["stage"] for look in looks for e in look.events if e["type"] == "stage"]
    assert "generating" in stages
    view = service.result(sub.id, settings=settings)
    assert view.succeeded and Image.open(view.deliverables[0].url).size == (320, 240)


def test_each_owner_sees_only_their_own_briefs(studio_env: Path) -> None:
    settings = get_settings()
    mine = service.run(
        service.BriefRequest(text=BRIEF, size="320x240", owner="ana"), settings=settings
    )
    assert [v.id for v in service.list_briefs(settings=settings, owner="ana")] == [mine.brief.id]
    assert service.list_briefs(settings=settings, owner="ben") == []
    with pytest.raises(NotFoundError):
        service.status(mine.brief.id, settings=settings, owner="ben")
    ended = service.cancel(mine.brief.id, settings=settings, owner="ana")
    assert not ended.cancelled and ended.ended and ended.state == "succeeded"


def test_without_the_workers_extra_a_queued_run_names_the_extra(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "workers.dispatch", None)  # as if Celery were absent
    monkeypatch.setitem(sys.modules, "workers.app", None)
    monkeypatch.setitem(sys.modules, "celery", None)
    with pytest.raises(ExtraMissingError):
        service.dispatcher_for(get_settings(), queue=True)
    monkeypatch.setenv("STUDIO_REDIS_URL", "redis://127.0.0.1:6379/0")
    result = cli("run", BRIEF, "--queue")
    assert result.code == 2
    assert "pip install 'studio[workers]'" in result.err and "internal error" not in result.err
    worker = cli("worker", "--queues", "cpu")
    assert worker.code == 2 and "studio[workers]" in worker.err
