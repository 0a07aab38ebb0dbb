"""`studio verify FILE`: the Content Credentials of an image read back (who signed it, the
actions, the ingredients) and whether they validate against the trust anchors
(STUDIO_C2PA_TRUST_ANCHORS, or --trust-anchors). Exit 0 only when they do; 1 when the file has
no credentials, they are broken, or the signer is not trusted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from studio.cli.common import JsonOpt, app, err, out, settings_for, shown


@app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="An image (PNG, JPEG, WebP...).")],
    trust_anchors: Annotated[
        Path | None,
        typer.Option("--trust-anchors", help="PEM roots to trust (STUDIO_C2PA_TRUST_ANCHORS)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read an image's Content Credentials and check them against the trust anchors."""
    from studio.service.credentials import verify as verify_file

    view = verify_file(path=file, settings=settings_for(None), trust_anchors=trust_anchors)
    if as_json:
        out.print_json(json.dumps(view.model_dump(mode="json")))
    elif not view.found:
        err.print(f"{shown(view.path)}: no Content Credentials", highlight=False)
    else:
        out.print(f"file      {shown(view.path)}", highlight=False)
        out.print(
            f"signed by {shown(view.signer or '?')} (issuer {shown(view.issuer or '?')}, "
            f"{shown(view.alg or '?')}{', ' + shown(view.signed_at) if view.signed_at else ''})",
            highlight=False,
        )
        for action in view.actions:
            extras = [
                str(action[k])
                for k in ("digitalSourceType", "softwareAgent", "description")
                if k in action
            ]
            if action.get("ingredients"):
                extras.append("of " + ", ".join(action["ingredients"]))
            out.print(
                f"action    {shown(action.get('action', '?'))}  {shown('; '.join(extras))}",
                highlight=False,
            )
        for ing in view.ingredients:
            by = f", signed by {ing.signer}" if ing.signer else ", no credentials"
            out.print(
                f"ingredient {shown(ing.title)} ({shown(ing.relationship)}{shown(by)})",
                highlight=False,
            )
        for label, data in view.assertions.items():
            if label.startswith("studio."):
                out.print(
                    f"{shown(label)}  {shown(json.dumps(data, sort_keys=True))}", highlight=False
                )
        anchors = view.trust_anchors or "no trust anchors configured (STUDIO_C2PA_TRUST_ANCHORS)"
        if view.trusted:
            out.print(f"[green]valid[/]: trusted by {shown(anchors)}", highlight=False)
        else:
            why = ", ".join(view.failures) or (view.state or "not valid")
            out.print(f"[red]not valid[/] against {shown(anchors)}: {shown(why)}", highlight=False)
    if not view.trusted:
        raise typer.Exit(1)
