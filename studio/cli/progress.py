"""How a run shows on the terminal: stage lines while it runs here, the progress bar of a
run on the workers (jobs done/total, stage, the latest event), and its result. Every piece of
user text goes through `shown` (no markup, no terminal escapes)."""

from __future__ import annotations

from typing import Any

from studio.cli.common import err, out, shown


def show_run(view: Any, *, as_json: bool, queue: bool) -> None:
    if as_json:
        if view.manifest is not None:
            out.print_json(view.manifest.model_dump_json())
    else:
        out.print(
            f"[bold]{view.brief.state}[/] brief {shown(view.brief.id)} ({shown(view.template)})"
        )
        for asset in view.deliverables:
            mark = {"verified": "  [green]verified[/]", "unverified": "  [red]UNVERIFIED[/]"}
            out.print(
                f"  {shown(asset.url)}  {asset.width}x{asset.height}"
                + ("" if queue else mark.get(asset.verification or "", ""))
            )
            if asset.problem and not queue:
                err.print(
                    f"[red]warning:[/] {shown(asset.path)} failed verification: "
                    f"{shown(asset.problem, one_line=True)}"
                )
        if view.manifest_url:
            out.print(f"  {shown(view.manifest_url)}")
    if view.brief.error:
        err.print(f"[red]error:[/] {shown(view.brief.error, one_line=True)}")


def stage_printer(ids: list[str]):  # noqa: ANN202
    """Stage lines on stderr while a brief runs here (the id is known once it is submitted)."""

    def show(event: dict[str, Any]) -> None:
        brief_id = shown(event.get("brief_id", ids[0] if ids else ""))
        if event["type"] == "stage":
            err.print(f"[dim]{brief_id}[/] {shown(event['stage'])}")
        elif event["type"] == "job_finished" and event.get("state") != "succeeded":
            err.print(
                f"[dim]{brief_id}[/] job {shown(event['job_id'])} {shown(event['state'])}: "
                f"{shown(event.get('error'), one_line=True)}"
            )

    return show


def follow_bar(
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
        task = bar.add_task(shown(brief_id), total=total or 1, stage="queued")
        for look in service.follow(
            brief_id, settings=settings, dispatcher=dispatcher, total=total, needed=needed
        ):
            for e in look.events:
                latest = event_line(e) or latest
            if look.missing_queues:
                names = ",".join(look.missing_queues)
                bar.console.print(
                    f"[yellow]waiting:[/] no worker listens on {names} yet; "
                    f"start one with `studio worker --queues {names}`"
                )
            if look.stage is not None:
                bar.update(
                    task, completed=look.done, stage=f"{shown(look.stage)}  {latest}".rstrip()
                )


def event_line(event: dict[str, Any]) -> str:
    job = shown(str(event.get("job_id", "")).rsplit("-", 1)[-1])
    kind = event.get("type")
    if kind == "job_started":
        source = shown(event.get("source", "?"))
        return f"[dim]{job} started on {source} (attempt {shown(event.get('attempt'))})[/]"
    if kind == "job_retry":
        error = shown(event.get("error"), one_line=True)
        return f"[yellow]{job} retry in {shown(event.get('delay'))} s: {error}[/]"
    if kind == "job_finished" and event.get("state") != "succeeded":
        error = shown(event.get("error"), one_line=True)
        return f"[red]{job} {shown(event.get('state'))}: {error}[/]"
    if kind == "job_finished":
        return f"[dim]{job} done[/]"
    return ""
