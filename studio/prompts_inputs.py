"""Typed template inputs: defaults filled, strings from the CLI converted, bounds checked
(re-exported as studio.prompts.coerce_variables)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from studio.errors import VariableError

if TYPE_CHECKING:
    from studio.prompts import InputSpec, Template


def coerce_variables(template: Template, given: dict[str, Any]) -> dict[str, Any]:
    """Typed inputs: fill defaults, convert strings from the CLI, check bounds. Raises
    VariableError naming the variable."""
    unknown = set(given) - set(template.inputs)
    if unknown:
        raise VariableError(
            f"template {template.id!r} has no input named {', '.join(sorted(unknown))}",
            hint=f"its inputs are: {', '.join(template.inputs) or 'none'}",
        )
    out: dict[str, Any] = {}
    for name, spec in template.inputs.items():
        if name in given and given[name] is not None:
            out[name] = _coerce(template.id, name, spec, given[name])
        elif spec.required:
            raise VariableError(
                f"template {template.id!r} needs the variable {name!r} ({spec.description or spec.type})",
                hint=f"pass it with `variables` {name}=...",
            )
        else:
            out[name] = spec.default if spec.default is not None else _empty(spec)
    return out


def _empty(spec: InputSpec) -> Any:
    return {"str": "", "int": 0, "float": 0.0, "bool": False, "list": [], "choice": ""}[spec.type]


def _coerce(tid: str, name: str, spec: InputSpec, value: Any) -> Any:
    where = f"variable {name!r} of template {tid!r}"
    try:
        if spec.type == "int":
            value = int(value)
        elif spec.type == "float":
            value = float(value)
        elif spec.type == "bool":
            value = (
                value
                if isinstance(value, bool)
                else str(value).lower() in {"1", "true", "yes", "on"}
            )
        elif spec.type == "list":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(";" if ";" in value else ",") if v.strip()]
            value = [str(v) for v in value]
            if spec.max_items is not None and len(value) > spec.max_items:
                raise VariableError(
                    f"{where} takes at most {spec.max_items} items, got {len(value)}"
                )
        elif spec.type == "choice":
            value = str(value)
            if spec.choices and value not in spec.choices:
                raise VariableError(
                    f"{where} must be one of {', '.join(spec.choices)}, got {value!r}"
                )
        else:
            value = str(value)
    except (TypeError, ValueError) as exc:
        raise VariableError(f"{where} must be a {spec.type}, got {value!r}") from exc
    if spec.type in ("int", "float"):
        if spec.min is not None and value < spec.min:
            raise VariableError(f"{where} must be at least {spec.min:g}, got {value}")
        if spec.max is not None and value > spec.max:
            raise VariableError(f"{where} must be at most {spec.max:g}, got {value}")
    return value
