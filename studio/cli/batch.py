"""`studio batch`: one brief per input PDF, with a progress bar, a line per finished file and
a report (report.csv, report.html, --zip: deliverables.zip) in OUT/batches/<id>/.

    studio batch DIR|GLOB|LIST.csv... --template earnings-infographic [--formats 16:9,3:4]
    studio batch resume ID     studio batch status ID [--json]
    studio batch cancel ID     studio batch list

Running the same command again finds the same batch (same inputs, template version and
options): what succeeded is skipped, what failed or was cancelled runs again. Exit code 0
when every input succeeded, 1 when some did not (the report is written either way)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from studio.cli.common import (
    BrandOpt,
    GeneratorOpt,
    JsonOpt,
    OutOpt,
    PasswordOpt,
    PasswordPromptOpt,
    PlannerOpt,
    SeedOpt,
    _state,
    app,
    err,
    out,
    pdf_password,
    settings_for,
    shown,
)


class _RunByDefault(TyperGroup):
    """`studio batch DIR ...` means `studio batch run DIR ...` (unless DIR is a command)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


batch_app = typer.Typer(
    cls=_RunByDefault,
    no_args_is_help=True,
    help="One brief per input PDF, with a report: `studio batch DIR --template ID`.",
)
app.add_typer(batch_app, name="batch")

QueueOpt = Annotated[bool, typer.Option("--queue", help="Run on the workers (STUDIO_REDIS_URL).")]
ThreadsOpt = Annotated[
    int, typer.Option("--threads", min=1, help="Briefs at once in this process (not --queue).")
]
ZipOpt = Annotated[bool, typer.Option("--zip", help="Also write deliverables.zip.")]


@batch_app.command("run")
def run(
    inputs: Annotated[list[str], typer.Argument(help="Folders of PDFs, globs, .csv lists, PDFs.")],
    template: Annotated[
        str, typer.Option("--template", help="Template id for every input.")
    ] = "earnings-infographic",
    formats: Annotated[
        str | None,
        typer.Option(
            "--formats", help="Comma-separated ratios or sizes, e.g. 16:9,3:4 or 960x540."
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--brief", help="The brief (default: the template's example).")
    ] = None,
    out_dir: OutOpt = None,
    brand: BrandOpt = None,
    generator: GeneratorOpt = None,
    seed: SeedOpt = None,
    planner: PlannerOpt = None,
    password: PasswordOpt = None,
    password_prompt: PasswordPromptOpt = False,
    queue: QueueOpt = False,
    threads: ThreadsOpt = 2,
    zip_: ZipOpt = False,
) -> None:
    """Make one brief per input PDF (skipping what an earlier run of it made)."""
    from studio import service

    _no_out_with_queue(queue, out_dir)
    settings = settings_for(out_dir)
    request = service.BatchRequest(
        inputs=inputs,
        template=template,
        formats=[f.strip() for f in (formats or "").split(",") if f.strip()],
        text=text,
        brand=brand,
        generator=generator,
        seed=seed,
        planner=planner,
    )
    started = service.start_batch(request, settings=settings, out_dir=out_dir)
    view = started.batch
    for dup in started.duplicates:
        err.print(f"[yellow]skipped:[/] {shown(dup)}")
    done = view.counts["succeeded"]
    what = "new batch" if started.new else "batch"
    err.print(
        f"{what} [bold]{shown(view.id)}[/]: {len(view.items)} input(s)"
        + (f", {done} already made" if done else "")
        + (f", {started.reopened} to retry" if started.reopened else "")
    )
    password = pdf_password(password, password_prompt, settings)
    _drive(
        view.id,
        settings,
        out_dir=out_dir,
        queue=queue,
        threads=threads,
        password=password,
        zip_=zip_,
    )


@batch_app.command("resume")
def resume(
    batch_id: Annotated[str, typer.Argument(help="A batch id from `studio batch list`.")],
    out_dir: OutOpt = None,
    password: PasswordOpt = None,
    password_prompt: PasswordPromptOpt = False,
    queue: QueueOpt = False,
    threads: ThreadsOpt = 2,
    zip_: ZipOpt = False,
) -> None:
    """Finish a batch that was stopped: only its unfinished and failed inputs run."""
    from studio import service

    _no_out_with_queue(queue, out_dir)
    settings = settings_for(out_dir)
    view = service.resume_batch(batch_id, settings=settings)
    err.print(f"batch [bold]{shown(view.id)}[/]: {view.counts['succeeded']}/{len(view.items)} made")
    password = pdf_password(password, password_prompt, settings)
    _drive(
        view.id,
        settings,
        out_dir=out_dir,
        queue=queue,
        threads=threads,
        password=password,
        zip_=zip_,
    )


@batch_app.command("status")
def status(
    batch_id: Annotated[str, typer.Argument(help="A batch id from `studio batch list`.")],
    as_json: JsonOpt = False,
    out_dir: OutOpt = None,
) -> None:
    """A batch and every input with its state and error."""
    from studio import service

    view = service.batch_status(batch_id, settings=settings_for(out_dir))
    if as_json:
        out.print_json(json.dumps(view.model_dump(mode="json")))
        return
    _summary(view)
    for item in view.items:
        out.print(f"  {_state(item.state)}  {shown(item.name)}  {shown(item.brief_id or '')}")
        if item.error:
            out.print(f"      {shown(item.error, one_line=True)}")


@batch_app.command("cancel")
def cancel(
    batch_id: Annotated[str, typer.Argument(help="A batch id from `studio batch list`.")],
    out_dir: OutOpt = None,
) -> None:
    """Stop a batch: inputs not yet started never run (the same command runs them later)."""
    from studio import service

    view = service.cancel_batch(batch_id, settings=settings_for(out_dir))
    _summary(view)


@batch_app.command("list")
def list_(
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    out_dir: OutOpt = None,
) -> None:
    """Your batches, newest first."""
    from studio import service

    views = service.list_batches(settings=settings_for(out_dir), limit=limit)
    if as_json:
        out.print_json(json.dumps([v.model_dump(mode="json") for v in views]))
        return
    for v in views:
        _summary(v)


def _no_out_with_queue(queue: bool, out_dir: Path | None) -> None:
    from studio.errors import UserInputError

    if queue and out_dir is not None:
        raise UserInputError(
            "--out does not apply to --queue: workers write to the shared store",
            hint="set STUDIO_STORAGE_URL (or STUDIO_OUTPUT_DIR) for workers and CLI alike",
        )


def _summary(view: Any) -> None:
    counts = ", ".join(f"{n} {s}" for s, n in view.counts.items() if n)
    out.print(
        f"[bold]{shown(view.id)}[/] {_state(view.state)}  {shown(view.template)}  "
        f"{len(view.items)} input(s): {shown(counts)}"
    )


def _drive(
    batch_id: str,
    settings: Any,
    *,
    out_dir: Path | None,
    queue: bool,
    threads: int,
    password: str | None,
    zip_: bool,
) -> None:
    """Run the batch with a progress bar and a line per finished input, write the report."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from studio import service

    dispatcher = (
        service.dispatcher_for(settings, queue=True)
        if queue
        else service.LocalDispatcher(threads=threads)
    )
    view = service.batch_status(batch_id, settings=settings)
    states = {i.name: i.state for i in view.items}
    ended = ("succeeded", "failed", "cancelled")
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        task = bar.add_task(
            shown(batch_id),
            total=len(states),
            completed=sum(s in ended for s in states.values()),
            note="",
        )

        def on_item(item: Any) -> None:
            states[item.name] = item.state
            name = shown(item.name)
            if item.state == "succeeded":
                took = f" ({item.seconds:.1f} s)" if item.seconds is not None else ""
                bar.console.print(f"[green]✓[/] {name}{took}")
            elif item.state in ("failed", "cancelled"):
                reason = shown(item.error or item.state, one_line=True)
                bar.console.print(f"[red]✗[/] {name} {item.state}: {reason}")
            else:
                bar.console.print(f"[dim]… {name} {shown(item.state)}[/]")
            running = sum(s == "running" for s in states.values())
            bar.update(
                task,
                completed=sum(s in ended for s in states.values()),
                note=f"{running} running" if running else "",
            )

        view = service.run_batch(
            batch_id,
            settings=settings,
            dispatcher=dispatcher,
            out_dir=out_dir,
            password=password,
            on_item=on_item,
        )
    if isinstance(dispatcher, service.LocalDispatcher):
        dispatcher.shutdown(wait=False)
    files = service.write_batch_report(batch_id, settings=settings, zip_=zip_)
    _summary(view)
    for item in view.items:
        if item.state != "succeeded":
            out.print(
                f"  [red]{shown(item.state)}[/] {shown(item.name)}: {shown(item.error or '', one_line=True)}"
            )
    for path in files.values():
        out.print(f"  {shown(path)}")
    raise typer.Exit(0 if view.succeeded else 1)
