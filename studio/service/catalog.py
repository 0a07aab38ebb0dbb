"""The read-only operations beside briefs: templates (list, show, render, lint), the facts
of a PDF, and starting a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.errors import ExtraMissingError, UserInputError, VariableError
from studio.prompts import Library, Template
from studio.service.views import TemplateView

QUEUES = ("gpu", "api", "cpu")


def templates(*, settings: Settings) -> list[TemplateView]:
    """Every template with its id, version, layout and title."""
    return [
        TemplateView(
            id=t.id,
            version=t.version,
            title=t.title,
            layout=t.composition.layout,
            kind=t.kind,
            inputs=list(t.inputs),
        )
        for t in Library(settings.prompts_dir).templates()
    ]


def template(template_id: str, *, settings: Settings) -> Template:
    """One template, whole."""
    return Library(settings.prompts_dir).get(template_id)


def render_template(
    template_id: str,
    *,
    settings: Settings,
    variables: dict[str, str] | None = None,
    dialect: str = "natural",
    panel: int | None = None,
) -> tuple[Template, Any, dict[str, Any] | None]:
    """(template, the exact prompt and negative prompt a generator would receive, the panel
    rendered): what prompt engineers look at while editing prompts/."""
    from studio.prompts import coerce_variables, render

    if dialect not in ("natural", "sd"):
        raise VariableError(
            f"unknown dialect {dialect!r}", hint="use `dialect` natural or sd", field="dialect"
        )
    t = template(template_id, settings=settings)
    values = coerce_variables(t, dict(variables or {}))
    panel_ctx = None
    if panel is not None or t.panel_prompt is not None:
        texts = values.get(t.composition.panel_list or "", []) or []
        n = panel or 1
        total = int(values.get(t.composition.panels or "", 1) or 1)
        beats = t.composition.panel_beats
        text = (
            texts[n - 1] if n - 1 < len(texts) else (beats[(n - 1) % len(beats)] if beats else "")
        )
        panel_ctx = {"index": n, "total": total, "text": text}
    rendered = render(t, values, dialect=dialect, panel=panel_ctx)  # type: ignore[arg-type]
    return t, rendered, panel_ctx


def lint_templates(*, settings: Settings) -> tuple[list[str], int]:
    """(every problem in prompts/, how many templates were checked)."""
    from studio.lint import lint

    library = Library(settings.prompts_dir)
    return lint(library), len(library.template_paths())


def facts(path: Path, *, password: str | None = None) -> Any:
    """The headline facts of a PDF, each pinned to its page and quote (a FactSheet)."""
    from studio.documents import facts_for_path

    return facts_for_path(path, password=password)


def facts_table(sheet: Any, *, words: Any = str) -> Any:
    """The facts as a Rich table; `words` cleans every word taken from the document."""
    from studio.documents.present import format_facts_table

    return format_facts_table(sheet, words=words)


def start_worker(
    *,
    queues: list[str],
    concurrency: int | None = None,
    loglevel: str = "info",
    hostname: str | None = None,
) -> int:
    """Run a Celery worker until it is stopped, starting it again if it exits on its own with
    an error (workers/supervise.py); returns its last exit code."""
    unknown = [q for q in queues if q not in QUEUES]
    if not queues or unknown:
        raise UserInputError(
            f"unknown queue(s) {', '.join(unknown) or '(none)'}",
            hint="choose from gpu, api, cpu, e.g. `queues` gpu or `queues` api,cpu",
            field="queues",
        )
    pool = None
    if concurrency is None and queues == ["gpu"]:
        # one process per GPU, its model loaded once, with two task threads: one job
        # generates while the one before it is encoded and written (studio/executor/pipeline.py)
        pool, concurrency = "threads", 2
    elif concurrency is None and "gpu" in queues:
        concurrency = 1
    try:
        import celery  # noqa: F401

        from workers.supervise import supervise
    except ImportError as exc:  # the base install has no Celery
        raise ExtraMissingError("a worker", "workers") from exc
    import workers.app  # noqa: F401  (a configuration error is one clear line, here)

    argv = ["worker", f"--queues={','.join(queues)}", f"--loglevel={loglevel}"]
    argv += [f"--concurrency={concurrency}"] if concurrency else []
    argv += [f"--pool={pool}"] if pool else []
    argv += [f"--hostname={hostname}"] if hostname else []
    return supervise(argv)
