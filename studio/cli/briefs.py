"""The commands about briefs: run (here or on the workers), plan, list, status, cancel,
worker, and the facts of a PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from studio.cli.common import (
    AspectOpt,
    BrandOpt,
    GeneratorOpt,
    JsonOpt,
    MaxCostOpt,
    PasswordOpt,
    Pdfs,
    PlannerOpt,
    Refs,
    SeedOpt,
    SizeOpt,
    TemplateOpt,
    _state,
    app,
    err,
    out,
)
from studio.config import get_settings


def _request(
    text: str, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost, planner
):  # noqa: ANN001, ANN202
    from studio.service import BriefRequest

    return BriefRequest(
        text=text,
        documents=[str(p) for p in pdf or []],
        references=[str(r) for r in ref or []],
        template=template,
        generator=generator,
        aspect=aspect,
        size=size,
        seed=seed,
        brand=brand,
        password=password,
        budget=max_cost,
        planner=planner,
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
    from studio.errors import UserInputError

    if no_wait and not queue:
        raise UserInputError("--no-wait only applies to --queue", hint="add --queue")
    if queue and out_dir is not None:
        raise UserInputError(
            "--out does not apply to --queue: workers write to the shared store",
            hint="set STUDIO_STORAGE_URL (or STUDIO_OUTPUT_DIR) for workers and CLI alike",
        )
    settings = get_settings()
    dispatcher = service.dispatcher_for(settings, queue=queue)
    request = _request(
        brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost, planner
    )
    shown: list[str] = []
    events = [] if (as_json or queue) else [_printer(shown)]
    sub = service.submit(
        request, settings=settings, dispatcher=dispatcher, out_dir=out_dir, events=events
    )
    shown.append(sub.id)
    if no_wait:
        out.print(sub.id)
        return
    try:
        if queue:
            needed = {j.queue for j in sub.plan.jobs} | {"cpu"}
            _follow(
                sub.id, settings, dispatcher, total=len(sub.plan.jobs), quiet=as_json, needed=needed
            )
        else:
            for _ in service.follow(sub.id, settings=settings, dispatcher=dispatcher):
                pass
    except KeyboardInterrupt:
        err.print(
            f"stopped following; brief {sub.id} goes on on the workers: "
            f"`studio status {sub.id}`, or `studio cancel {sub.id}` to stop it"
        )
        raise typer.Exit(130) from None
    view = service.result(sub.id, settings=settings, store_url=sub.ctx.store.url)
    _show_run(view, as_json=as_json, queue=queue)
    raise typer.Exit(0 if view.succeeded else 1)


def _show_run(view: Any, *, as_json: bool, queue: bool) -> None:
    if as_json:
        if view.manifest is not None:
            out.print_json(view.manifest.model_dump_json())
    else:
        out.print(f"[bold]{view.brief.state}[/] brief {view.brief.id} ({view.template})")
        for asset in view.deliverables:
            mark = {"verified": "  [green]verified[/]", "unverified": "  [red]UNVERIFIED[/]"}
            out.print(
                f"  {asset.url}  {asset.width}x{asset.height}"
                + ("" if queue else mark.get(asset.verification or "", ""))
            )
            if asset.problem and not queue:
                err.print(
                    f"[red]warning:[/] {asset.path} failed verification: {escape(asset.problem)}"
                )
        if view.manifest_url:
            out.print(f"  {view.manifest_url}")
    if view.brief.error:
        err.print(f"[red]error:[/] {escape(view.brief.error)}")


def _printer(shown: list[str]):  # noqa: ANN202
    """Stage lines on stderr while a brief runs here (the id is known once it is submitted)."""

    def show(event: dict[str, Any]) -> None:
        brief_id = event.get("brief_id", shown[0] if shown else "")
        if event["type"] == "stage":
            err.print(f"[dim]{brief_id}[/] {event['stage']}")
        elif event["type"] == "job_finished" and event.get("state") != "succeeded":
            err.print(
                f"[dim]{brief_id}[/] job {event['job_id']} {event['state']}: {event.get('error')}"
            )

    return show


def _follow(
    brief_id: str, settings: Any, dispatcher: Any, *, total: int, quiet: bool, needed: set[str]
) -> None:
    """A progress bar (jobs done/total, stage, the latest event) until the brief is over,
    with a warning when no worker listens on a queue the plan needs."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from studio import service

    latest = ""
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
        for look in service.follow(
            brief_id, settings=settings, dispatcher=dispatcher, total=total, needed=needed
        ):
            for e in look.events:
                latest = _event_line(e) or latest
            if look.missing_queues:
                names = ",".join(look.missing_queues)
                bar.console.print(
                    f"[yellow]waiting:[/] no worker listens on {names} yet; "
                    f"start one with `studio worker --queues {names}`"
                )
            if look.stage is not None:
                bar.update(task, completed=look.done, stage=f"{look.stage}  {latest}".rstrip())


def _event_line(event: dict[str, Any]) -> str:
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
    from studio import service

    service.start_worker(
        queues=[q.strip() for q in queues.split(",") if q.strip()],
        concurrency=concurrency,
        loglevel=loglevel,
        hostname=hostname,
    )


@app.command()
def cancel(brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")]) -> None:
    """Stop a brief: jobs not yet started never run; running ones finish their current image."""
    from studio import service

    view = service.cancel(brief_id, settings=get_settings())
    if view.warning:
        err.print(f"[yellow]warning:[/] {escape(view.warning)}")
    if not view.cancelled:
        if view.ended:
            err.print(f"brief {brief_id} is already {view.state}; nothing to cancel")
        else:
            err.print(
                f"too late: brief {brief_id} is {view.state} ({view.stage}); "
                "its composition finishes"
            )
        raise typer.Exit(1)
    out.print(
        f"cancelled brief {brief_id}: {view.stopped} job(s) will not run"
        + (f"; {view.running} running finish their current image" if view.running else "")
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

    request = _request(
        brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost, planner
    )
    p = service.plan(request, settings=get_settings())
    if as_json:
        out.print_json(p.plan.model_dump_json())
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
        out.print(f"  -> {c.output} ({c.layout}, {c.width}x{c.height}, {c.facts} facts)")
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
    from studio import service

    views = service.list_briefs(settings=get_settings(), limit=limit)
    if as_json:
        out.print_json(json.dumps([v.model_dump(mode="json") for v in views]))
        return
    table = Table()
    for name in ("id", "state", "jobs", "template", "created"):
        table.add_column(name, no_wrap=True)
    table.add_column("brief", no_wrap=True, overflow="ellipsis")
    for v in views:
        table.add_row(
            v.id,
            _state(v.state),
            f"{v.jobs_done}/{v.jobs_total}",
            v.template or "",
            (v.created_at or "")[5:16].replace("T", " "),
            v.brief[:60],
        )
    out.print(table)


@app.command()
def status(
    brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")],
    as_json: JsonOpt = False,
) -> None:
    """A brief and every job with its state, timings and error."""
    from studio import service

    v = service.status(brief_id, settings=get_settings())
    if as_json:
        out.print_json(json.dumps(v.model_dump(mode="json")))
        return
    out.print(f"[bold]{v.id}[/] {_state(v.state)} ({v.stage}) — {v.brief}")
    if v.error:
        out.print(f"  [red]error:[/] {v.error}")
    table = Table("job", "kind", "state", "generator", "attempts", "seconds", "error")
    for j in v.jobs:
        table.add_row(
            j.id.removeprefix(v.id + "-"),
            j.kind,
            _state(j.state),
            j.generator or "",
            str(j.attempts),
            f"{j.seconds:.2f}" if j.seconds is not None else "",
            j.error or "",
        )
    out.print(table)
    for a in v.assets:
        out.print(f"  {a}")


@app.command()
def facts(
    file: Annotated[Path, typer.Argument(help="An earnings release, letter or deck (PDF).")],
    as_json: JsonOpt = False,
    password: PasswordOpt = None,
) -> None:
    """Headline facts of a PDF, each pinned to its page and quote."""
    from studio import service

    sheet = service.facts(file, password=password)
    if as_json:
        out.print_json(sheet.model_dump_json())
        return
    out.print(service.facts_table(sheet))
