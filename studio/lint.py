"""`studio templates lint`: every file in prompts/ checked the way the planner will use it.
Messages are `path:line: problem` so editors can jump to them; a broken file (bad YAML, a
Jinja2 syntax error or unknown filter, a sandbox violation, a render over its limits) is
reported and lint goes on to the next one."""

from __future__ import annotations

from pathlib import Path

import yaml

from studio.errors import StudioError
from studio.planner.routing import FALLBACK_TEMPLATE, choose_template
from studio.prompts import (
    BUILTIN_VARS,
    Library,
    Template,
    coerce_variables,
    render,
    render_title,
    used_variables,
)


def _line(path: Path, *keys: str) -> int:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError):
        return 1
    line = 0
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        hit = next(((k, v) for k, v in node.value if k.value == key), None)
        if hit is None:
            break
        line, node = hit[0].start_mark.line, hit[1]
    return line + 1


def lint(library: Library) -> list[str]:
    problems: list[str] = []
    templates: list[Template] = []
    for path in library.template_paths():
        try:
            t = library._load(path, Template)  # noqa: SLF001 - same loader the planner uses
        except StudioError as exc:
            problems.append(
                exc.message if exc.message.startswith(str(path)) else f"{path}:1: {exc}"
            )
            continue
        templates.append(t)
        if t.id != path.stem:
            problems.append(
                f"{path}:{_line(path, 'id')}: id {t.id!r} must match the file name {path.stem!r}"
            )
        try:
            problems += _check_variables(path, t)
            problems += _check_renders(path, t)
        except Exception as exc:  # noqa: BLE001 - report it and lint the next template
            problems.append(f"{path}:1: cannot be checked: {type(exc).__name__}: {exc}")
    for t in templates:
        if t.id == FALLBACK_TEMPLATE:
            continue
        for i, example in enumerate(t.examples):
            route = choose_template(example, templates, has_document=t.needs_document)
            if route.template_id != t.id:
                problems.append(
                    f"{t.path}:{_line(Path(t.path), 'examples') + 1 + i}: example brief {example!r} "
                    f"routes to {route.template_id!r}, not to this template"
                )
    if not any(t.id == FALLBACK_TEMPLATE for t in templates):
        problems.append(
            f"{library.root / 'templates'}:1: the fallback template {FALLBACK_TEMPLATE!r} is missing"
        )
    for path in sorted((library.root / "brands").glob("*.yaml")):
        try:
            library.brand(path.stem)
        except StudioError as exc:
            problems.append(str(exc) if str(exc).startswith(str(path)) else f"{path}:1: {exc}")
    if not (library.root / "brands" / "default.yaml").is_file():
        problems.append(
            f"{library.root / 'brands'}:1: the default brand kit default.yaml is missing"
        )
    problems += _check_golden(library, {t.id for t in templates})
    return list(dict.fromkeys(problems))  # a source shared by two checks is reported once


def _at(path: Path, exc: StudioError, line: int, what: str) -> str:
    """`path:line: problem`: the error's own file and line when it names them."""
    return exc.message if exc.message.startswith(f"{path}:") else f"{path}:{line}: {what}: {exc}"


def _check_variables(path: Path, t: Template) -> list[str]:
    out = []
    try:
        used = used_variables(t) - BUILTIN_VARS
    except StudioError as exc:
        return [_at(path, exc, _line(path, "prompt"), "prompt")]
    for name in sorted(used - set(t.inputs)):
        out.append(
            f"{path}:{_line(path, 'prompt')}: variable {name!r} is used but not declared under inputs"
        )
    for name in sorted(set(t.inputs) - used):
        out.append(
            f"{path}:{_line(path, 'inputs', name)}: input {name!r} is declared but never used"
        )
    for ref in (t.composition.panels, t.composition.panel_list):
        if ref and ref not in t.inputs:
            out.append(
                f"{path}:{_line(path, 'composition')}: composition refers to undeclared input {ref!r}"
            )
    if t.outputs.default_aspect not in t.outputs.sizes:
        out.append(
            f"{path}:{_line(path, 'outputs', 'default_aspect')}: default_aspect "
            f"{t.outputs.default_aspect!r} has no entry under sizes"
        )
    return out


def _check_renders(path: Path, t: Template) -> list[str]:
    out = []
    try:
        variables = coerce_variables(t, {n: "example" for n, s in t.inputs.items() if s.required})
    except StudioError as exc:
        return [f"{path}:{_line(path, 'inputs')}: defaults do not validate: {exc}"]
    panels = [None] + (
        [{"index": 1, "total": 2, "text": "example moment"}] if t.panel_prompt else []
    )
    for panel in panels:
        for dialect in ("natural", "sd"):
            try:
                rendered = render(t, variables, dialect=dialect, panel=panel)
            except StudioError as exc:
                line = _line(path, "prompt", dialect)
                out.append(_at(path, exc, line, f"{dialect} prompt does not render"))
                continue
            if not rendered.prompt:
                out.append(
                    f"{path}:{_line(path, 'prompt', dialect)}: {dialect} prompt renders empty"
                )
    try:
        render_title(t, variables)
    except StudioError as exc:
        out.append(_at(path, exc, _line(path, "composition", "title"), "title does not render"))
    return out


def _check_golden(library: Library, ids: set[str]) -> list[str]:
    """Every golden file parses and names a template of the library."""
    from studio.workbench.golden import golden_dir, load_golden

    out = []
    for path in sorted(golden_dir(library).glob("*.yaml")):
        try:
            golden = load_golden(path)
        except StudioError as exc:
            out.append(exc.message if exc.message.startswith(str(path)) else f"{path}:1: {exc}")
            continue
        if golden.template not in ids:
            out.append(f"{path}:1: golden tests for unknown template {golden.template!r}")
    return out


def warnings(library: Library, *, against: str = "HEAD") -> list[str]:
    """What lint notices but does not fail on: a template that declares no `version`, one
    without golden tests, and one whose content changed since `against` (git) while its
    declared version did not (nothing is compared outside a git checkout)."""
    from studio.workbench.diff import comparable, old_template
    from studio.workbench.golden import golden_path

    out: list[str] = []
    for path in library.template_paths():
        try:
            t = library._load(path, Template)  # noqa: SLF001 - same loader the planner uses
        except StudioError:
            continue  # lint() reports it
        if not t.declared_version:
            out.append(
                f'{path}:1: declares no version: add `version: "1.0.0"` and bump it on changes'
            )
        if not golden_path(library, t.id).is_file():
            out.append(f"{path}:1: has no golden tests ({golden_path(library, t.id)})")
        try:
            _, old = old_template(path, against)
        except StudioError:
            continue  # not a git checkout, no git, or the old file does not load
        if old and old.version == t.version and comparable(old) != comparable(t):
            out.append(
                f"{path}:{_line(path, 'version')}: changed since {against} but its version is "
                f"still {t.version}: bump it (`studio templates diff {t.id}` shows what changed)"
            )
    return out
