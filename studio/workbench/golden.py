"""Golden tests for prompts: `prompts/tests/<template>.yaml` holds cases (variables ->
assertions on the rendered prompt of each dialect), promptfoo's assertions for image prompts.

    template: whiteboard-explainer     # optional: the file name without .yaml
    cases:
      - name: https in four steps
        variables: {concept: how HTTPS works, steps: [...]}
        panel: {index: 1, total: 4, text: ...}   # optional: render the panel prompt
        extra: {text_by: model}                  # optional: built-ins (text_by, brand, ...)
        expect:
          both: {no_placeholders: true}          # checked in natural and in sd
          natural: {contains: [whiteboard], not_contains: [...], max_chars: 1800}
          sd: {regex: ['^\\(clean empty whiteboard'], negative_contains: [text]}

Checks (`contains`/`not_contains` ignore case; `regex` is Python `re.search`, add (?i)):
`contains`, `not_contains`, `max_chars`, `min_chars`, `regex`, `not_regex`,
`no_placeholders` (no `{{`, `{%`, `}}`, `None`, `[]`, double spaces), `negative_contains`,
`negative_not_contains` (sd: the negative prompt; natural: the "Avoid: ..." sentence the
negative prompt is folded into)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studio.errors import StudioError, TemplateError
from studio.prompts import Library, Template, coerce_variables, render

DIALECTS: tuple[Literal["natural", "sd"], ...] = ("natural", "sd")
PLACEHOLDERS = re.compile(r"\{\{|\{%|%\}|\}\}|\bNone\b|\[\]|  ")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expect(_Strict):
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    not_regex: list[str] = Field(default_factory=list)
    max_chars: int | None = None
    min_chars: int | None = None
    no_placeholders: bool = False
    negative_contains: list[str] = Field(default_factory=list)
    negative_not_contains: list[str] = Field(default_factory=list)


class Case(_Strict):
    name: str
    variables: dict[str, Any] = Field(default_factory=dict)
    panel: dict[str, Any] | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    expect: dict[Literal["both", "natural", "sd"], Expect] = Field(default_factory=dict)


class GoldenFile(_Strict):
    template: str | None = None
    cases: list[Case] = Field(min_length=1)


class CheckResult(BaseModel):
    """One assertion of one case in one dialect."""

    template: str
    case: str
    dialect: str
    check: str
    ok: bool
    detail: str = ""


def golden_dir(library: Library) -> Path:
    return library.root / "tests"


def golden_path(library: Library, template_id: str) -> Path:
    return golden_dir(library) / f"{template_id}.yaml"


def load_golden(path: Path) -> GoldenFile:
    """A golden file, validated; a broken one raises TemplateError `path: problem`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        golden = GoldenFile.model_validate(data or {})
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise TemplateError(f"{path}: {where}: {first['msg']}") from exc
    if golden.template is None:
        golden.template = path.stem
    return golden


def golden_cases(library: Library, template_id: str) -> list[Case]:
    """The template's golden cases ([] when it has no golden file)."""
    path = golden_path(library, template_id)
    return load_golden(path).cases if path.is_file() else []


def _avoid_part(prompt: str) -> str:
    """The natural prompt's folded negative: the text after its last 'Avoid:'."""
    at = prompt.rfind("Avoid:")
    return prompt[at + len("Avoid:") :] if at >= 0 else ""


def check_case(template: Template, case: Case) -> list[CheckResult]:
    """Render the case in both dialects and run its assertions."""
    out: list[CheckResult] = []

    def add(dialect: str, check: str, ok: bool, detail: str = "") -> None:
        out.append(CheckResult(template=template.id, case=case.name, dialect=dialect,
                               check=check, ok=ok, detail=detail))  # fmt: skip

    for dialect in DIALECTS:
        expects = [e for key in ("both", dialect) if (e := case.expect.get(key)) is not None]  # type: ignore[call-overload]
        if not expects:
            continue
        try:
            values = coerce_variables(template, dict(case.variables))
            rendered = render(template, values, dialect=dialect, panel=case.panel, extra=case.extra)
        except StudioError as exc:
            add(dialect, "renders", False, str(exc))
            continue
        prompt = rendered.prompt
        negative = rendered.negative_prompt if dialect == "sd" else _avoid_part(prompt)
        for e in expects:
            _run_checks(e, prompt, negative, functools.partial(add, dialect))
    return out


def _run_checks(e: Expect, prompt: str, negative: str, add: Any) -> None:
    low, neg_low = prompt.lower(), negative.lower()
    for phrase in e.contains:
        add(
            f"contains {phrase!r}",
            phrase.lower() in low,
            "" if phrase.lower() in low else "missing",
        )
    for phrase in e.not_contains:
        add(f"not_contains {phrase!r}", phrase.lower() not in low,
            "" if phrase.lower() not in low else _around(prompt, phrase))  # fmt: skip
    for pattern in e.regex:
        add(f"regex {pattern!r}", re.search(pattern, prompt) is not None, "")
    for pattern in e.not_regex:
        hit = re.search(pattern, prompt)
        add(f"not_regex {pattern!r}", hit is None, f"matched {hit.group(0)!r}" if hit else "")
    if e.max_chars is not None:
        add(f"max_chars {e.max_chars}", len(prompt) <= e.max_chars, f"{len(prompt)} chars")
    if e.min_chars is not None:
        add(f"min_chars {e.min_chars}", len(prompt) >= e.min_chars, f"{len(prompt)} chars")
    if e.no_placeholders:
        hit = PLACEHOLDERS.search(prompt) or PLACEHOLDERS.search(negative)
        add("no_placeholders", hit is None, f"found {hit.group(0)!r}" if hit else "")
    for phrase in e.negative_contains:
        ok = phrase.lower() in neg_low
        add(f"negative_contains {phrase!r}", ok, "" if ok else "missing from the negative")
    for phrase in e.negative_not_contains:
        ok = phrase.lower() not in neg_low
        add(f"negative_not_contains {phrase!r}", ok, "" if ok else "in the negative")


def _around(text: str, phrase: str, width: int = 30) -> str:
    at = text.lower().find(phrase.lower())
    return "…" + text[max(0, at - width) : at + len(phrase) + width] + "…"


def run_golden(library: Library, template_id: str | None = None) -> list[CheckResult]:
    """Every golden file (or the one of `template_id`) run against the library. A golden file
    whose template does not load, or that does not parse, is one failed check."""
    if template_id is not None:
        library.get(template_id)  # unknown id: the usual error with the known ones
        paths = [golden_path(library, template_id)]
        if not paths[0].is_file():
            raise TemplateError(
                f"template {template_id!r} has no golden tests",
                hint=f"write {paths[0]} (see prompts/README.md, Golden tests)",
            )
    else:
        paths = sorted(golden_dir(library).glob("*.yaml"))
    results: list[CheckResult] = []
    for path in paths:
        try:
            golden = load_golden(path)
            template = library.get(golden.template or path.stem)
        except StudioError as exc:
            results.append(CheckResult(template=path.stem, case="(file)", dialect="-",
                                       check="loads", ok=False, detail=str(exc)))  # fmt: skip
            continue
        for case in golden.cases:
            results += check_case(template, case)
    return results
