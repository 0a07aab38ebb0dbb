"""The example inputs of a template: the variables the offline planner reads from each of its
example briefs, then its golden cases. `templates diff` renders them; the web page shows the
first."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from studio.errors import StudioError
from studio.prompts import Library, Template
from studio.workbench.golden import golden_cases


class ExampleInput(BaseModel):
    name: str  # "example 1: <brief>" or "case: <golden case name>"
    variables: dict[str, Any] = Field(default_factory=dict)
    panel: dict[str, Any] | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


def brief_variables(template: Template, brief: str) -> dict[str, Any]:
    """What the offline planner fills from `brief` for this template (before defaults)."""
    from studio.planner.brief_spec import read_brief_for
    from studio.planner.offline import _variables_from_brief

    found, _notes = _variables_from_brief(read_brief_for(brief, template), brief, template)
    return {k: v for k, v in found.items() if k in template.inputs}


def example_inputs(library: Library, template: Template) -> list[ExampleInput]:
    """One input per example brief (those the offline reading can fill), then one per golden
    case."""
    out: list[ExampleInput] = []
    for i, brief in enumerate(template.examples, 1):
        try:
            variables = brief_variables(template, brief)
        except StudioError:
            continue  # an example the offline reading cannot fill: the golden cases remain
        short = brief if len(brief) <= 70 else brief[:69] + "…"
        out.append(ExampleInput(name=f"example {i}: {short}", variables=variables))
    for case in golden_cases(library, template.id):
        out.append(
            ExampleInput(
                name=f"case: {case.name}",
                variables=case.variables,
                panel=case.panel,
                extra=case.extra,
            )
        )
    return out
