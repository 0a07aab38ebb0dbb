"""`studio users ...` and `studio keys ...`: the operator's commands for the HTTP service's
accounts, on the ledger of STUDIO_DATABASE_URL (or STUDIO_OUTPUT_DIR/studio.db).

    users add NAME / list / revoke NAME / limits NAME [--max-concurrent N ...]
    keys create NAME / list [NAME] / revoke KEY_ID
    keys dev-cert [--out DIR]   a development chain for Content Credentials (C2PA)

`keys create` prints the new key alone on stdout (so `KEY=$(studio keys create ann)` works)
and says on stderr that it is shown only this once: Studio keeps only its hash."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Column, Table

from studio.cli.common import JsonOpt, app, err, out, settings_for, shown

users_app = typer.Typer(no_args_is_help=True, help="Users of the HTTP service (accounts).")
keys_app = typer.Typer(no_args_is_help=True, help="API keys of the HTTP service's users.")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")

NameArg = Annotated[str, typer.Argument(help="User name (the owner of their briefs).")]


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _limit(value: float | None, fmt: str = "{}") -> str:
    return "unlimited" if value is None else fmt.format(value)


@users_app.command("add")
def users_add(name: NameArg) -> None:
    """Add a user (then `studio keys create NAME` gives them a key)."""
    from studio import service

    user = service.add_user(settings_for(None), name)
    out.print(f"added user {shown(user.name)}", highlight=False)


@users_app.command("list")
def users_list(as_json: JsonOpt = False) -> None:
    """Every user, revoked ones included, with their limits."""
    from studio import service

    views = service.list_users(settings_for(None))
    if as_json:
        out.print_json(json.dumps([v.model_dump(mode="json") for v in views]))
        return
    table = Table("name", "created", "revoked", "concurrent briefs", "images/day", "budget/month")
    for u in views:
        table.add_row(
            shown(u.name, one_line=True),
            _when(u.created_at),
            _when(u.revoked_at),
            _limit(u.limits.max_concurrent_briefs),
            _limit(u.limits.images_per_day),
            _limit(u.limits.budget_per_month_usd, "${:.2f}"),
        )
    out.print(table)


@users_app.command("revoke")
def users_revoke(name: NameArg) -> None:
    """Revoke a user and all their keys (their briefs stay)."""
    from studio import service

    service.revoke_user(settings_for(None), name)
    out.print(f"revoked user {shown(name)} and their keys", highlight=False)


@users_app.command("limits")
def users_limits(
    name: NameArg,
    max_concurrent: Annotated[
        int | None, typer.Option("--max-concurrent", help="Briefs running at once.", min=0)
    ] = None,
    images_per_day: Annotated[
        int | None, typer.Option("--images-per-day", help="Images per day.", min=0)
    ] = None,
    budget: Annotated[
        float | None, typer.Option("--budget-per-month", help="USD per month.", min=0)
    ] = None,
    unlimited: Annotated[bool, typer.Option("--unlimited", help="Remove every limit.")] = False,
) -> None:
    """Show a user's limits; with options, set them (options not given stay as they are)."""
    from studio import service

    settings = settings_for(None)
    limits = service.user_limits(settings, name)
    changes = {
        "max_concurrent_briefs": max_concurrent,
        "images_per_day": images_per_day,
        "budget_per_month_usd": budget,
    }
    if unlimited or any(v is not None for v in changes.values()):
        base = service.UserLimits() if unlimited else limits
        limits = base.model_copy(update={k: v for k, v in changes.items() if v is not None})
        limits = service.set_limits(settings, name, limits).limits
    out.print(
        f"{shown(name)}: concurrent briefs {_limit(limits.max_concurrent_briefs)}, "
        f"images/day {_limit(limits.images_per_day)}, "
        f"budget/month {_limit(limits.budget_per_month_usd, '${:.2f}')}",
        highlight=False,
    )


@keys_app.command("create")
def keys_create(name: NameArg) -> None:
    """A new API key for a user, printed this once (Studio keeps only its hash)."""
    from studio import service

    key, token = service.create_key(settings_for(None), name)
    out.print(token, markup=False, highlight=False)
    err.print(
        f"key {key.id} for {shown(name)}: this key is shown only once; store it now "
        "(Studio keeps only its hash)",
        highlight=False,
    )


@keys_app.command("list")
def keys_list(
    name: Annotated[str | None, typer.Argument(help="Only this user's keys.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """API keys (their ids and prefixes, never the keys), revoked ones included."""
    from studio import service

    views = service.list_keys(settings_for(None), name)
    if as_json:
        out.print_json(json.dumps([v.model_dump(mode="json") for v in views]))
        return
    # the id whole, never wrapped or cut: it is what `keys revoke` takes
    table = Table(Column("id", no_wrap=True), "user", "prefix", "created", "last used", "revoked")
    for k in views:
        table.add_row(
            k.id,
            shown(k.user, one_line=True),
            k.prefix,
            _when(k.created_at),
            _when(k.last_used_at),
            _when(k.revoked_at),
        )
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (keys list).")]) -> None:
    """Revoke one API key (services stop accepting it within a minute)."""
    from studio import service

    service.revoke_key(settings_for(None), key_id)
    out.print(f"revoked key {shown(key_id)}", highlight=False)


@keys_app.command("dev-cert")
def keys_dev_cert(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the chain, key and root.")
    ] = Path("c2pa-dev"),
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """A self-signed development chain for Content Credentials (root CA + ES256 signer); prints
    the settings that sign with it. Only for trying signing: nobody else trusts this root."""
    from studio.service.credentials import dev_cert

    view = dev_cert(out_dir=out_dir, force=force)
    for name, value in view.env.items():
        out.print(f"{name}={value}", markup=False, highlight=False)
    err.print(
        f"development chain written to {shown(str(Path(view.chain).parent))} (the key is "
        "readable by you only); set the lines above in .env or the environment, then "
        "`studio verify FILE` checks what Studio signed",
        highlight=False,
    )
