"""`studio ...` — the command line. Thin: parse, call studio.service, print. Every
StudioError becomes one line on stderr and a non-zero exit code; no tracebacks for users
(STUDIO_DEBUG=1 shows them)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from studio.config import get_settings
from studio.errors import StudioError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Studio: briefs in, verified image assets and manifests out.",
)
templates_app = typer.Typer(no_args_is_help=True, help="The prompt template library (prompts/).")
app.add_typer(templates_app, name="templates")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Pdfs = Annotated[list[Path] | None, typer.Option("--pdf", help="Attach a PDF (repeatable).")]
Refs = Annotated[
    list[Path] | None, typer.Option("--ref", help="Attach a reference image (repeatable).")
]
TemplateOpt = Annotated[
    str | None, typer.Option("--template", help="Template id (skips template choice).")
]
GeneratorOpt = Annotated[
    str | None, typer.Option("--generator", help="Generator name (default: auto).")
]
AspectOpt = Annotated[
    str | None, typer.Option("--aspect", help="Aspect ratio, e.g. 16:9, 3:4, 1:1.")
]
SizeOpt = Annotated[
    str | None, typer.Option("--size", help="Exact deliverable size WxH, e.g. 1920x1080.")
]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Seed (same seed, same images).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="Password of encrypted PDFs.")]
BrandOpt = Annotated[str | None, typer.Option("--brand", help="Brand kit id from prompts/brands/.")]
MaxCostOpt = Annotated[
    float | None,
    typer.Option("--max-cost", help="Refuse the plan if its estimated cost (USD) is higher."),
]
PlannerOpt = Annotated[
    str | None,
    typer.Option(
        "--planner", help="offline, or provider:model, e.g. openai:gpt-4.1-mini (STUDIO_PLANNER)."
    ),
]


def _settings(planner: str | None = None):  # noqa: ANN202
    """The settings, with --planner in place of STUDIO_PLANNER when given."""
    settings = get_settings()
    return settings.model_copy(update={"planner": planner}) if planner else settings


def _brief(
    text: str, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost=None
):  # noqa: ANN001, ANN202
    from studio import service

    return service.new_brief(
        text=text,
        settings=get_settings(),
        pdfs=[str(p) for p in pdf or []],
        refs=[str(r) for r in ref or []],
        template=template,
        generator=generator,
        aspect=aspect,
        size=size,
        seed=seed,
        brand=brand,
        password=password,
        max_cost=max_cost,
    )


@app.command()
def run(
    brief: Annotated[str, typer.Argument(help="What you want, in plain words.")],
    pdf: Pdfs = None,
    ref: Refs = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output root (default ./studio-output).")
    ] = None,
    template: TemplateOpt = None,
    generator: GeneratorOpt = None,
    aspect: AspectOpt = None,
    size: SizeOpt = None,
    seed: SeedOpt = None,
    brand: BrandOpt = None,
    password: PasswordOpt = None,
    max_cost: MaxCostOpt = None,
    planner: PlannerOpt = None,
    as_json: JsonOpt = False,
    queue: Annotated[
        bool,
        typer.Option("--queue", help="Run on the workers (STUDIO_REDIS_URL) and follow it here."),
    ] = False,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="With --queue: print the brief id and return at once.")
    ] = False,
) -> None:
    """Plan a brief and run it (here, or on the workers with --queue): deliverables + manifest.json."""
    from studio import service

    settings = _settings(planner)
    if queue or no_wait:
        _run_queued(
            brief,
            pdf,
            ref,
            template,
            generator,
            aspect,
            size,
            seed,
            brand,
            password,
            max_cost,
            out_dir=out_dir,
            as_json=as_json,
            queue=queue,
            no_wait=no_wait,
            planner=planner,
        )
        return
    b = _brief(brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost)
    events = [] if as_json else [_printer(b.id)]
    ctx = service.make_context(settings=settings, out_dir=out_dir, events=events)
    manifest = service.run(b, ctx=ctx)

    def where(name: str) -> str:
        return ctx.store.url(f"{b.id}/{name}")

    if as_json:
        out.print_json(manifest.model_dump_json())
    else:
        out.print(f"[bold]{manifest.state.value}[/] brief {b.id} ({manifest.plan.template_id})")
        for asset in manifest.assets:
            if asset.kind == "deliverable":
                mark = {"verified": "  [green]verified[/]", "unverified": "  [red]UNVERIFIED[/]"}
                out.print(
                    f"  {where(asset.path)}  {asset.width}x{asset.height}"
                    + mark.get(asset.verification or "", "")
                )
                report = manifest.verification.get(asset.path)
                if report and report["status"] != "verified":
                    err.print(
                        f"[red]warning:[/] {asset.path} failed verification: {escape(str(report['reason']))}"
                    )
        out.print(f"  {where('manifest.json')}")
    if manifest.error:
        err.print(f"[red]error:[/] {escape(manifest.error)}")
    raise typer.Exit(0 if manifest.state.value == "succeeded" else 1)


def _printer(brief_id: str):  # noqa: ANN202
    def show(event: dict[str, Any]) -> None:
        if event["type"] == "stage":
            err.print(f"[dim]{brief_id}[/] {event['stage']}")
        elif event["type"] == "job_finished" and event.get("state") != "succeeded":
            err.print(
                f"[dim]{brief_id}[/] job {event['job_id']} {event['state']}: {event.get('error')}"
            )

    return show


# -- distributed: run --queue, worker, cancel ---------------------------------------------
def _run_queued(
    text: str,
    *brief_args: Any,
    out_dir: Path | None,
    as_json: bool,
    queue: bool,
    no_wait: bool,
    planner: str | None = None,
) -> None:
    """Plan here, hand the jobs to the workers, follow the brief until it is over."""
    from studio.errors import UserInputError

    if not queue:
        raise UserInputError("--no-wait only applies to --queue", hint="add --queue")
    if out_dir is not None:
        raise UserInputError(
            "--out does not apply to --queue: workers write to the shared store",
            hint="set STUDIO_STORAGE_URL (or STUDIO_OUTPUT_DIR) for workers and CLI alike",
        )
    from studio import executor, service
    from studio.events import RedisEvents
    from workers.config import redis_url

    settings = _settings(planner)
    url = redis_url(settings)  # one clear line when it is not set
    b = _brief(text, *brief_args)
    p = service.plan(b, settings=settings)  # planned here: PDFs are read on this machine
    ctx = executor.open_context(settings, events=[RedisEvents(url)])
    from workers import client

    client.submit(ctx, b, p)
    if no_wait:
        out.print(b.id)
        return
    needed = {j.queue for j in p.jobs} | {"cpu"}
    try:
        row = _follow(ctx, b.id, total=len(p.jobs), redis=url, quiet=as_json, needed=needed)
    except KeyboardInterrupt:
        err.print(
            f"stopped following; brief {b.id} goes on on the workers: "
            f"`studio status {b.id}`, or `studio cancel {b.id}` to stop it"
        )
        raise typer.Exit(130) from None
    manifest = None
    if row.manifest:
        from studio.domain import Manifest
        from studio.store import read_url

        manifest = Manifest.model_validate_json(read_url(row.manifest))
    if as_json and manifest is not None:
        out.print_json(manifest.model_dump_json())
    elif not as_json:
        out.print(f"[bold]{row.state.value}[/] brief {b.id} ({p.template_id})")
        for asset in manifest.assets if manifest else []:
            if asset.kind == "deliverable":
                out.print(
                    f"  {ctx.store.url(b.id + '/' + asset.path)}  {asset.width}x{asset.height}"
                )
        if row.manifest:
            out.print(f"  {row.manifest}")
    if row.error:
        err.print(f"[red]error:[/] {row.error}")
    raise typer.Exit(0 if row.state.value == "succeeded" else 1)


def _follow(
    ctx: Any, brief_id: str, *, total: int, redis: str, quiet: bool, needed: set[str]
) -> Any:
    """A progress bar (jobs done/total, stage, the latest event) until the brief is over.
    The ledger gives the counts; the event stream only makes it live (and may be away).
    Meanwhile, a look for workers on the queues the plan needs (a warning if none answer)."""
    import threading
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from studio.events import EventReader

    listening: list[set[str]] = []

    def look() -> None:
        from workers.client import listening_queues

        try:
            listening.append(listening_queues())
        except Exception:  # a courtesy; the run goes on
            listening.append(needed)

    threading.Thread(target=look, daemon=True).start()
    reader, latest, polled = EventReader(redis, brief_id), "", 0.0
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
    ) as bar:
        task = bar.add_task(brief_id, total=total or 1, stage="queued")
        while True:
            events = reader.read(block_ms=500)
            for e in events:
                latest = _event_line(e) or latest
            if listening and (missing := needed - listening.pop()):
                names = ",".join(sorted(missing))
                bar.console.print(
                    f"[yellow]waiting:[/] no worker listens on {names} yet; "
                    f"start one with `studio worker --queues {names}`"
                )
            if time.monotonic() - polled < 0.25 and events:
                continue
            polled = time.monotonic()
            row = ctx.ledger.get(brief_id)
            done = sum(1 for j in row.jobs if j.kind == "generate" and j.state.terminal)
            bar.update(
                task,
                completed=done if total else int(row.state.terminal),
                stage=f"{row.stage}  {latest}".rstrip(),
            )
            if row.state.terminal:
                return row


def _event_line(event: dict[str, Any]) -> str:
    from rich.markup import escape

    job = escape(str(event.get("job_id", "")).rsplit("-", 1)[-1])
    kind = event.get("type")
    if kind == "job_started":
        source = escape(str(event.get("source", "?")))
        return f"[dim]{job} started on {source} (attempt {event.get('attempt')})[/]"
    if kind == "job_retry":
        return (
            f"[yellow]{job} retry in {event.get('delay')} s: {escape(str(event.get('error')))}[/]"
        )
    if kind == "job_finished" and event.get("state") != "succeeded":
        return f"[red]{job} {event.get('state')}: {escape(str(event.get('error')))}[/]"
    if kind == "job_finished":
        return f"[dim]{job} done[/]"
    return ""


@app.command()
def worker(
    queues: Annotated[
        str, typer.Option("--queues", "-Q", help="Comma-separated: gpu, api, cpu.")
    ] = "gpu,api,cpu",
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency", "-c", min=1, help="Processes (default: 1 with gpu, else one per CPU)."
        ),
    ] = None,
    loglevel: Annotated[
        str, typer.Option("--loglevel", "-l", help="debug, info, warning, error.")
    ] = "info",
    hostname: Annotated[
        str | None, typer.Option("--hostname", "-n", help="Worker name, e.g. gpu1@%h.")
    ] = None,
) -> None:
    """Start a worker: Celery's own (`celery -A workers.app worker` is the same thing)."""
    from studio.errors import UserInputError

    names = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = [q for q in names if q not in ("gpu", "api", "cpu")]
    if not names or unknown:
        raise UserInputError(
            f"unknown queue(s) {', '.join(unknown) or '(none)'}",
            hint="choose from gpu, api, cpu, e.g. --queues gpu or --queues api,cpu",
        )
    if concurrency is None and "gpu" in names:
        concurrency = 1  # one process per GPU, each with its model loaded once
    from workers.app import app as celery_app

    argv = ["worker", f"--queues={','.join(names)}", f"--loglevel={loglevel}"]
    argv += [f"--concurrency={concurrency}"] if concurrency else []
    argv += [f"--hostname={hostname}"] if hostname else []
    celery_app.worker_main(argv)


@app.command()
def cancel(brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")]) -> None:
    """Stop a brief: jobs not yet started never run; running ones finish their current image."""
    from studio import executor
    from studio.store import store_of

    settings = get_settings()
    ctx = executor.open_context(settings)
    row = ctx.ledger.get(brief_id, owner=settings.user)
    if row.state.terminal:
        err.print(f"brief {brief_id} is already {row.state.value}; nothing to cancel")
        raise typer.Exit(1)
    if row.out_dir:  # wherever that run wrote (an in-process --out, another store)
        ctx.store = store_of(row.out_dir)
    if settings.redis_url:
        from studio.events import RedisEvents

        ctx.events.append(RedisEvents(settings.redis_url))
    ok, pending = executor.cancel(ctx, brief_id, by=settings.user)
    if not ok:
        now = ctx.ledger.get(brief_id)
        err.print(
            f"too late: brief {brief_id} is {now.state.value} ({now.stage}); "
            "its composition finishes"
        )
        raise typer.Exit(1)
    if settings.redis_url and pending:
        try:
            from workers.client import revoke

            revoke(pending)
        except Exception as exc:  # the ledger already stops them
            err.print(
                f"[yellow]warning:[/] could not tell the workers ({type(exc).__name__}); "
                "they will skip the jobs when they reach them"
            )
    jobs = [j for j in ctx.ledger.get(brief_id).jobs if j.kind == "generate"]
    stopped = sum(1 for j in jobs if j.state.value == "cancelled")
    running = sum(1 for j in jobs if j.state.value == "running")
    out.print(
        f"cancelled brief {brief_id}: {stopped} job(s) will not run"
        + (f"; {running} running finish their current image" if running else "")
    )


@app.command()
def plan(
    brief: Annotated[str, typer.Argument(help="What you want, in plain words.")],
    pdf: Pdfs = None,
    ref: Refs = None,
    template: TemplateOpt = None,
    generator: GeneratorOpt = None,
    aspect: AspectOpt = None,
    size: SizeOpt = None,
    seed: SeedOpt = None,
    brand: BrandOpt = None,
    password: PasswordOpt = None,
    max_cost: MaxCostOpt = None,
    planner: PlannerOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the plan for a brief without running it."""
    from studio import service

    b = _brief(brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost)
    p = service.plan(b, settings=_settings(planner))
    if as_json:
        out.print_json(p.model_dump_json())
        return
    out.print(f"[bold]{p.template_id}[/] v{p.template_version} by the {p.planner} planner")
    for line in p.rationale:
        out.print(f"  - {line}")
    table = Table("job", "role", "size", "seed", "caption / prompt")
    for j in p.jobs:
        table.add_row(
            j.id.rsplit("-", 1)[-1],
            j.role,
            f"{j.width}x{j.height}",
            str(j.seed),
            j.caption or j.prompt[:80],
        )
    out.print(table)
    for c in p.compositions:
        out.print(f"  -> {c.output} ({c.layout}, {c.width}x{c.height}, {len(c.facts)} facts)")
    out.print(f"estimated cost: ${p.estimated_cost_usd:.2f}")
    if p.planner_usage:
        out.print(
            f"planning: {p.planner_usage.get('total_tokens', 0)} tokens, "
            f"{p.planner_usage.get('steps', 0)} model calls, ${p.planner_cost_usd:.4f}"
        )


@app.command("list")
def list_(
    as_json: JsonOpt = False, limit: Annotated[int, typer.Option(help="How many.")] = 50
) -> None:
    """Your briefs, newest first, with their states."""
    from studio.ledger import Ledger

    settings = get_settings()
    rows = Ledger(settings.ledger_url).list(owner=settings.user, limit=limit)
    if as_json:
        out.print_json(json.dumps([_brief_json(r) for r in rows]))
        return
    table = Table()
    for name in ("id", "state", "jobs", "template", "created"):
        table.add_column(name, no_wrap=True)
    table.add_column("brief", no_wrap=True, overflow="ellipsis")
    for r in rows:
        table.add_row(
            r.id,
            _state(r.state.value),
            f"{r.jobs_done}/{len(r.jobs)}",
            r.template_id or "",
            f"{r.created_at:%m-%d %H:%M}",
            r.text[:60],
        )
    out.print(table)


@app.command()
def status(
    brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")],
    as_json: JsonOpt = False,
) -> None:
    """A brief and every job with its state, timings and error."""
    from studio.ledger import Ledger

    settings = get_settings()
    row = Ledger(settings.ledger_url).get(brief_id, owner=settings.user)
    data = _brief_json(row)
    if as_json:
        out.print_json(json.dumps(data))
        return
    out.print(f"[bold]{row.id}[/] {_state(row.state.value)} ({row.stage}) — {row.text}")
    if row.error:
        out.print(f"  [red]error:[/] {row.error}")
    table = Table("job", "kind", "state", "generator", "attempts", "seconds", "error")
    for j in row.jobs:
        table.add_row(
            j.id.removeprefix(row.id + "-"),
            j.kind,
            _state(j.state.value),
            j.generator or "",
            str(j.attempts),
            f"{j.seconds:.2f}" if j.seconds is not None else "",
            j.error or "",
        )
    out.print(table)
    for a in data["assets"]:
        out.print(f"  {a}")


def _state(s: str) -> str:
    color = {"succeeded": "green", "failed": "red", "refused": "magenta", "running": "yellow"}.get(
        s, "white"
    )
    return f"[{color}]{s}[/]"


def _brief_json(r: Any) -> dict[str, Any]:
    assets: list[str] = []
    if r.manifest:
        from studio.errors import StorageError
        from studio.store import read_url

        try:
            manifest = json.loads(read_url(r.manifest))
        except StorageError:
            manifest = {}
        base = r.manifest.rsplit("/", 1)[0]
        assets = [
            f"{base}/{a['path']}" for a in manifest.get("assets", []) if a["kind"] == "deliverable"
        ]
    return {
        "id": r.id,
        "state": r.state.value,
        "stage": r.stage,
        "error": r.error,
        "brief": r.text,
        "template": r.template_id,
        "planner": r.planner,
        "out_dir": r.out_dir,
        "manifest": r.manifest,
        "assets": assets,
        "created_at": _iso(r.created_at),
        "started_at": _iso(r.started_at),
        "finished_at": _iso(r.finished_at),
        "jobs_total": len(r.jobs),
        "jobs_done": r.jobs_done,
        "jobs": [
            {
                "id": j.id,
                "kind": j.kind,
                "state": j.state.value,
                "generator": j.generator,
                "attempts": j.attempts,
                "seconds": j.seconds,
                "error": j.error,
                "started_at": _iso(j.started_at),
                "finished_at": _iso(j.finished_at),
            }
            for j in r.jobs
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@app.command()
def facts(
    file: Annotated[Path, typer.Argument(help="An earnings release, letter or deck (PDF).")],
    as_json: JsonOpt = False,
    password: PasswordOpt = None,
) -> None:
    """Headline facts of a PDF, each pinned to its page and quote."""
    from studio.documents import facts_for_path

    sheet = facts_for_path(file, password=password)
    if as_json:
        out.print_json(sheet.model_dump_json())
        return
    from studio.documents.present import format_facts_table

    out.print(format_facts_table(sheet))


# -- templates ---------------------------------------------------------------------------
def _library():  # noqa: ANN202
    from studio.prompts import Library

    return Library(get_settings().prompts_dir)


@templates_app.command("list")
def templates_list(as_json: JsonOpt = False) -> None:
    """Every template with its id, version, layout and title."""
    templates = _library().templates()
    if as_json:
        out.print_json(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "version": t.version,
                        "title": t.title,
                        "layout": t.composition.layout,
                        "kind": t.kind,
                        "inputs": list(t.inputs),
                    }
                    for t in templates
                ]
            )
        )
        return
    table = Table("id", "version", "layout", "title")
    for t in templates:
        table.add_row(t.id, t.version, t.composition.layout, t.title)
    out.print(table)


@templates_app.command("show")
def templates_show(template_id: str, as_json: JsonOpt = False) -> None:
    """One template: description, inputs, sizes, examples, and its file."""
    t = _library().get(template_id)
    if as_json:
        out.print_json(t.model_dump_json())
        return
    out.print(f"[bold]{t.title}[/] ({t.id} v{t.version}) — {t.path}")
    out.print(t.description.strip())
    table = Table("input", "type", "default", "description")
    for name, spec in t.inputs.items():
        default = "(required)" if spec.required else json.dumps(spec.default)
        table.add_row(name, spec.type, default[:40], spec.description)
    out.print(table)
    out.print(
        "sizes: "
        + ", ".join(f"{a} {w}x{h}" for a, (w, h) in t.outputs.sizes.items())
        + f" (default {t.outputs.default_aspect}); layout {t.composition.layout}"
    )
    for ex in t.examples:
        out.print(f"  e.g. {ex}")


@templates_app.command("render")
def templates_render(
    template_id: str,
    var: Annotated[list[str] | None, typer.Option("--var", help="key=value (repeatable).")] = None,
    dialect: Annotated[
        str, typer.Option(help="natural (hosted models) or sd (diffusion).")
    ] = "natural",
    panel: Annotated[
        int | None, typer.Option(help="Render panel N of a multi-panel template.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the exact prompt and negative prompt a generator would receive."""
    from studio.errors import VariableError
    from studio.prompts import coerce_variables, render

    if dialect not in ("natural", "sd"):
        raise VariableError(
            f"unknown dialect {dialect!r}", hint="use --dialect natural or --dialect sd"
        )
    given: dict[str, str] = {}
    for item in var or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise VariableError(
                f"--var {item!r} is not key=value", hint="e.g. --var subject=Casablanca"
            )
        given[key.strip()] = value
    t = _library().get(template_id)
    variables = coerce_variables(t, given)
    panel_ctx = None
    if panel is not None or t.panel_prompt is not None:
        texts = variables.get(t.composition.panel_list or "", []) or []
        n = panel or 1
        total = int(variables.get(t.composition.panels or "", 1) or 1)
        beats = t.composition.panel_beats
        text = (
            texts[n - 1] if n - 1 < len(texts) else (beats[(n - 1) % len(beats)] if beats else "")
        )
        panel_ctx = {"index": n, "total": total, "text": text}
    rendered = render(t, variables, dialect=dialect, panel=panel_ctx)  # type: ignore[arg-type]
    if as_json:
        out.print_json(rendered.model_dump_json())
        return
    print(
        f"# {t.id} v{t.version} · dialect {dialect}"
        + (f" · panel {panel_ctx['index']}" if panel_ctx else "")
    )
    print("prompt:", rendered.prompt)
    print("negative_prompt:", rendered.negative_prompt)


@templates_app.command("lint")
def templates_lint() -> None:
    """Validate every file in prompts/: schema, variables, renders, example routing."""
    from studio.lint import lint

    library = _library()
    problems = lint(library)
    for p in problems:
        err.print(p, markup=False, highlight=False, soft_wrap=True)
    n = len(library.template_paths())
    if problems:
        err.print(f"{len(problems)} problem(s) in {n} templates")
        raise typer.Exit(1)
    out.print(f"{n} templates OK")


def main() -> None:
    try:
        app()
    except StudioError as exc:
        if os.environ.get("STUDIO_DEBUG"):
            raise
        err.print(f"[red]error:[/] {escape(exc.message)}", highlight=False)
        if exc.hint:
            err.print(f"  {escape(exc.hint)}", highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line, details on request
        if os.environ.get("STUDIO_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/] {type(exc).__name__}: {escape(str(exc))}", highlight=False
        )
        err.print(
            "  this is a bug in Studio; rerun with STUDIO_DEBUG=1 for the traceback and report it"
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
