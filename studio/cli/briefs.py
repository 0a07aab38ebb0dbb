"""The commands about briefs: run (here or on the workers), plan, list, status, cancel,
worker, and the facts of a PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from studio.cli.common import (
    AspectOpt,
    BrandOpt,
    GeneratorOpt,
    JsonOpt,
    MaxCostOpt,
    OutOpt,
    PasswordOpt,
    PasswordPromptOpt,
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
    pdf_password,
    plain,
    settings_for,
    shown,
)
from studio.cli.progress import follow_bar, show_run, stage_printer


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
        Path | None,
        typer.Option(
            "--out", help="Output root (default ./studio-output); the ledger goes in it too."
        ),
    ] = None,
    template: TemplateOpt = None,
    generator: GeneratorOpt = None,
    aspect: AspectOpt = None,
    size: SizeOpt = None,
    seed: SeedOpt = None,
    brand: BrandOpt = None,
    password: PasswordOpt = None,
    password_prompt: PasswordPromptOpt = False,
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
    settings = settings_for(out_dir)
    dispatcher = service.dispatcher_for(settings, queue=queue)
    password = pdf_password(password, password_prompt, settings)
    request = _request(
        brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost, planner
    )
    ids: list[str] = []
    events = [] if (as_json or queue) else [stage_printer(ids)]
    sub = service.submit(
        request, settings=settings, dispatcher=dispatcher, out_dir=out_dir, events=events
    )
    ids.append(sub.id)
    if no_wait:
        out.print(sub.id)
        return
    try:
        if queue:
            needed = {j.queue for j in sub.plan.jobs} | {"cpu"}
            follow_bar(
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
    show_run(view, as_json=as_json, queue=queue)
    raise typer.Exit(0 if view.succeeded else 1)


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

    # bad queues, no Celery, no or a malformed STUDIO_REDIS_URL: one line, before any process
    code = service.start_worker(
        queues=[q.strip() for q in queues.split(",") if q.strip()],
        concurrency=concurrency,
        loglevel=loglevel,
        hostname=hostname,
    )
    raise typer.Exit(code or 0)


@app.command()
def cancel(
    brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")],
    out_dir: OutOpt = None,
) -> None:
    """Stop a brief: jobs not yet started never run; running ones finish their current image."""
    from studio import service

    view = service.cancel(brief_id, settings=settings_for(out_dir))
    name = shown(brief_id)
    if view.warning:
        err.print(f"[yellow]warning:[/] {shown(view.warning, one_line=True)}")
    if not view.cancelled:
        if view.ended:
            err.print(f"brief {name} is already {shown(view.state)}; nothing to cancel")
        else:
            err.print(
                f"too late: brief {name} is {shown(view.state)} ({shown(view.stage)}); "
                "its composition finishes"
            )
        raise typer.Exit(1)
    out.print(
        f"cancelled brief {name}: {view.stopped} job(s) will not run"
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
    password_prompt: PasswordPromptOpt = False,
    max_cost: MaxCostOpt = None,
    planner: PlannerOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the plan for a brief without running it."""
    from studio import service

    settings = settings_for(None)
    password = pdf_password(password, password_prompt, settings)
    request = _request(
        brief, pdf, ref, template, generator, aspect, size, seed, brand, password, max_cost, planner
    )
    p = service.plan(request, settings=settings)
    if as_json:
        out.print_json(p.plan.model_dump_json())
        return
    out.print(
        f"[bold]{shown(p.template_id)}[/] v{shown(p.template_version)} "
        f"by the {shown(p.planner)} planner"
    )
    for line in p.rationale:
        out.print(f"  - {shown(line, one_line=True)}")
    table = Table("job", "role", "size", "seed", "caption / prompt")
    for j in p.jobs:
        table.add_row(
            shown(j.id.rsplit("-", 1)[-1]),
            shown(j.role),
            f"{j.width}x{j.height}",
            str(j.seed),
            shown(j.caption or j.prompt[:80], one_line=True),
        )
    out.print(table)
    for c in p.compositions:
        out.print(
            f"  -> {shown(c.output)} ({shown(c.layout)}, {c.width}x{c.height}, {c.facts} facts)"
        )
    out.print(f"estimated cost: ${p.estimated_cost_usd:.2f}")
    if p.planner_usage:
        out.print(
            f"planning: {p.planner_usage.get('total_tokens', 0)} tokens, "
            f"{p.planner_usage.get('steps', 0)} model calls, ${p.planner_cost_usd:.4f}"
        )


@app.command("list")
def list_(
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    out_dir: OutOpt = None,
) -> None:
    """Your briefs, newest first, with their states."""
    from studio import service

    views = service.list_briefs(settings=settings_for(out_dir), limit=limit)
    if as_json:
        out.print_json(json.dumps([v.model_dump(mode="json") for v in views]))
        return
    # ids whole (they are copied into `studio status`), columns as wide as they need, the
    # brief cut to the room left; lines longer than the terminal are left to it (no wrap)
    rows = [
        (
            plain(v.id),
            plain(v.state),
            f"{v.jobs_done}/{v.jobs_total}",
            plain(v.template or "")[:24],
            plain((v.created_at or "")[5:16].replace("T", " ")),
            plain(v.brief, one_line=True),
        )
        for v in views
    ]
    names = ("id", "state", "jobs", "template", "created", "brief")
    widths = [max([len(name)] + [len(r[i]) for r in rows]) for i, name in enumerate(names)]
    widths[5] = 0  # the last column is not padded
    room = max(out.width - sum(widths) - 2 * (len(widths) - 1), 20)
    out.print("  ".join(f"[bold]{n:<{w}}[/]" for n, w in zip(names, widths, strict=True)))
    for row in rows:
        brief = row[5] if len(row[5]) <= room else row[5][: room - 1] + "…"
        cells = [*row[:5], brief]
        line = [escape(c) + " " * (w - len(c)) for c, w in zip(cells, widths, strict=True)]
        line[1] = _state(row[1]) + " " * (widths[1] - len(row[1]))
        out.print("  ".join(line), highlight=False)


@app.command()
def status(
    brief_id: Annotated[str, typer.Argument(help="A brief id from `studio list`.")],
    as_json: JsonOpt = False,
    out_dir: OutOpt = None,
) -> None:
    """A brief and every job with its state, timings and error."""
    from studio import service

    v = service.status(brief_id, settings=settings_for(out_dir))
    if as_json:
        out.print_json(json.dumps(v.model_dump(mode="json")))
        return
    out.print(
        f"[bold]{shown(v.id)}[/] {_state(v.state)} ({shown(v.stage)}) — "
        f"{shown(v.brief, one_line=True)}"
    )
    if v.error:
        out.print(f"  [red]error:[/] {shown(v.error, one_line=True)}")
    table = Table("job", "kind", "state", "generator", "attempts", "seconds", "error")
    for j in v.jobs:
        table.add_row(
            shown(j.id.removeprefix(v.id + "-")),
            shown(j.kind),
            _state(j.state),
            shown(j.generator or ""),
            str(j.attempts),
            f"{j.seconds:.2f}" if j.seconds is not None else "",
            shown(j.error or "", one_line=True),
        )
    out.print(table)
    for a in v.assets:
        out.print(f"  {shown(a)}")


@app.command()
def facts(
    file: Annotated[Path, typer.Argument(help="An earnings release, letter or deck (PDF).")],
    as_json: JsonOpt = False,
    password: PasswordOpt = None,
    password_prompt: PasswordPromptOpt = False,
) -> None:
    """Headline facts of a PDF, each pinned to its page and quote."""
    from studio import service

    password = pdf_password(password, password_prompt, settings_for(None))
    sheet = service.facts(file, password=password)
    if as_json:
        out.print_json(sheet.model_dump_json())
        return
    out.print(service.facts_table(sheet, words=plain))
