"""`studio templates diff ID [--against REV]`: what an edit does to the rendered prompts.
The template in the working copy and the same file at a git revision (`git show REV:path`)
both render the template's example inputs (examples.py) in each dialect; the result is a
unified diff of the prompt text per input and dialect."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from studio.errors import StudioError, TemplateError, UserInputError
from studio.prompts import Library, Template, coerce_variables, parse_file, render
from studio.workbench.examples import ExampleInput, example_inputs

GIT_TIMEOUT_S = 20


class PromptChange(BaseModel):
    input: str  # the example input's name
    dialect: Literal["natural", "sd"]
    part: Literal["prompt", "negative_prompt"]
    diff: str  # unified diff, old (REV) -> new (working copy)


class TemplateDiff(BaseModel):
    template_id: str
    against: str
    path: str  # inside the repository
    old_version: str | None  # None: the file is new since REV
    new_version: str
    old_hash: str | None
    new_hash: str
    inputs: list[str] = Field(default_factory=list)  # the example inputs rendered
    changes: list[PromptChange] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise UserInputError("git is not installed", hint="install git to compare revisions")
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT_S, check=False
    )


def file_at_revision(path: Path, rev: str) -> tuple[str, bytes | None]:
    """(the path inside the repository, the file's bytes at `rev`, or None when the file
    did not exist there). Raises UserInputError when `path` is not in a git checkout or
    `rev` is not a revision."""
    path = path.resolve()
    top = _git(["rev-parse", "--show-toplevel"], path.parent)
    if top.returncode != 0:
        raise UserInputError(
            f"{path.parent} is not inside a git checkout, so there is no revision to compare with",
            hint="run it in a git clone of the prompts, or point STUDIO_PROMPTS_DIR at one",
        )
    root = Path(top.stdout.decode().strip()).resolve()
    inner = path.relative_to(root).as_posix()
    if (
        rev.startswith("-")
        or _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode
    ):
        raise UserInputError(f"{rev!r} is not a git revision of {root}",
                             hint="use a commit, branch or tag, e.g. HEAD~1 or main")  # fmt: skip
    shown = _git(["show", f"{rev}:{inner}"], root)
    return inner, (shown.stdout if shown.returncode == 0 else None)


def old_template(path: Path, rev: str) -> tuple[str, Template | None]:
    """The template file as it was at `rev` (None when it did not exist there)."""
    inner, raw = file_at_revision(path, rev)
    if raw is None:
        return inner, None
    try:
        return inner, parse_file(raw, f"{rev}:{inner}")
    except TemplateError as exc:
        raise TemplateError(f"the template at {rev} does not load: {exc}") from exc


def _rendered(template: Template | None, example: ExampleInput, dialect: str) -> dict[str, str]:
    """{'prompt': ..., 'negative_prompt': ...}; what went wrong in place of a prompt that does
    not render (an input the old version lacks, a required one it adds)."""
    if template is None:
        return {"prompt": "", "negative_prompt": ""}
    try:
        given = {k: v for k, v in example.variables.items() if k in template.inputs}
        values = coerce_variables(template, given)
        r = render(template, values, dialect=dialect, panel=example.panel, extra=example.extra)  # type: ignore[arg-type]
    except StudioError as exc:
        return {"prompt": f"(does not render: {exc})", "negative_prompt": ""}
    return {"prompt": r.prompt, "negative_prompt": r.negative_prompt}


def _unified(old: str, new: str, label: str, rev: str) -> str:
    """A unified diff of two one-paragraph prompts, one sentence or tag per line so that a
    changed phrase shows as a changed line."""

    def lines(text: str) -> list[str]:
        import re

        return [p for p in re.split(r"(?<=[.;:!?]) |(?<=,) ", text) if p] if text else []

    return "\n".join(
        difflib.unified_diff(
            lines(old), lines(new), f"{rev}: {label}", f"working copy: {label}", lineterm="", n=2
        )  # fmt: skip
    )


def diff_template(library: Library, template_id: str, *, against: str = "HEAD") -> TemplateDiff:
    """The rendered prompts of the template's example inputs, at `against` and now."""
    new = library.get(template_id)
    inner, old = old_template(Path(new.path), against)
    inputs = example_inputs(library, new)
    result = TemplateDiff(
        template_id=new.id, against=against, path=inner,
        old_version=old.version if old else None, new_version=new.version,
        old_hash=old.content_hash if old else None, new_hash=new.content_hash,
        inputs=[i.name for i in inputs],
    )  # fmt: skip
    for example in inputs:
        for dialect in ("natural", "sd"):
            before, after = _rendered(old, example, dialect), _rendered(new, example, dialect)
            for part in ("prompt", "negative_prompt"):
                if before[part] != after[part]:
                    label = f"{example.name} · {dialect} {part.replace('_', ' ')}"
                    result.changes.append(
                        PromptChange(
                            input=example.name,
                            dialect=dialect,
                            part=part,  # type: ignore[arg-type]
                            diff=_unified(before[part], after[part], label, against),
                        )  # fmt: skip
                    )
    return result


def comparable(template: Template) -> dict[str, Any]:
    """What a template renders and declares, less its version and where it was read from:
    equal for two files that differ only in comments, layout or the version line."""
    return template.model_dump(exclude={"version", "content_hash", "declared_version", "path"})
