"""Reading Content Credentials back (c2pa-python's Reader): who signed a file, what its
active manifest says was done (actions), what it was made from (ingredients, each with its own
signer) and whether it validates against a set of trust anchors.

A file validates ("Trusted") when its signature, its data hash and every assertion check out
AND its signing certificate chains to one of the anchors. Intact but signed by a chain the
anchors do not hold is "Valid" (not trusted); a changed byte of the image is "Invalid"."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from studio.credentials import context_settings


@dataclass
class Ingredient:
    title: str
    relationship: str
    signer: str | None = None  # the ingredient's own credentials, when it has them


@dataclass
class Credentials:
    """What a file's credentials say. `state`: Trusted, Valid or Invalid (c2pa's words);
    `found` False when the file carries none."""

    found: bool
    state: str | None = None
    signer: str | None = None
    issuer: str | None = None
    alg: str | None = None
    signed_at: str | None = None
    title: str | None = None
    actions: list[dict[str, Any]] = field(default_factory=list)
    ingredients: list[Ingredient] = field(default_factory=list)
    assertions: dict[str, Any] = field(default_factory=dict)  # other assertions by label
    failures: list[str] = field(default_factory=list)  # validation codes that failed
    anchored: bool = False  # checked against trust anchors at all

    @property
    def trusted(self) -> bool:
        """Validates against the trust anchors it was read with."""
        return self.found and self.anchored and self.state == "Trusted" and not self.failures


def _signer_of(manifest: dict[str, Any]) -> tuple[str | None, str | None, str | None, str | None]:
    info = manifest.get("signature_info") or {}
    return info.get("common_name"), info.get("issuer"), info.get("alg"), info.get("time")


def _action(action: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """An action as people read it: the ingredients it used by title, the agent by name."""
    out = {k: action[k] for k in ("action", "digitalSourceType", "description") if k in action}
    agent = action.get("softwareAgent")
    if agent:
        out["softwareAgent"] = " ".join(
            str(v) for v in (agent.get("name"), agent.get("version")) if v
        )
    used = (action.get("parameters") or {}).get("ingredients") or []
    if used:
        out["ingredients"] = [titles.get(u.get("url", "").rsplit("/", 1)[-1], "?") for u in used]
    return out


def read_credentials(
    data: bytes, *, media_type: str | None = None, trust_anchors: str | None = None
) -> Credentials:
    """The credentials in `data` (image bytes), validated against `trust_anchors` (PEM text;
    None: integrity only, never trusted). Raises ImportError without c2pa-python."""
    import c2pa

    context = c2pa.Context.from_dict(context_settings(trust_anchors))
    try:
        reader = c2pa.Reader.try_create(media_type, io.BytesIO(data), None, context)
    except c2pa.C2paError as exc:  # damaged credentials, or a format c2pa does not read
        return Credentials(found=True, state="Invalid", failures=[f"unreadable: {exc}"])
    if reader is None:
        return Credentials(found=False)
    with reader:
        store = json.loads(reader.json())
        state = reader.get_validation_state()
        results = reader.get_validation_results() or {}
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    signer, issuer, alg, when = _signer_of(manifest)
    titles = {i.get("label"): i.get("title", "") for i in manifest.get("ingredients", [])}
    actions: list[dict[str, Any]] = []
    others: dict[str, Any] = {}
    for assertion in manifest.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            actions.extend(_action(a, titles) for a in assertion.get("data", {}).get("actions", []))
        else:
            others[assertion.get("label", "")] = assertion.get("data")
    ingredients = []
    for ing in manifest.get("ingredients", []):
        own = store.get("manifests", {}).get(ing.get("active_manifest"), {})
        ingredients.append(
            Ingredient(
                title=ing.get("title", ""),
                relationship=ing.get("relationship", ""),
                signer=_signer_of(own)[0] if own else None,
            )
        )
    failed = (results.get("activeManifest") or {}).get("failure", [])
    return Credentials(
        found=True,
        state=state,
        signer=signer,
        issuer=issuer,
        alg=alg,
        signed_at=when,
        title=manifest.get("title"),
        actions=actions,
        ingredients=ingredients,
        assertions=others,
        failures=[f.get("code", "") for f in failed],
        anchored=trust_anchors is not None,
    )
