"""Bounded Jinja2 rendering for the template library.

Templates are edited by many people (through a web service too), so rendering one must not
be able to run for minutes or take gigabytes. `BoundedEnvironment` is a sandbox (no private
attributes, no mutation of lists and dicts, no `lipsum`) that applies the limits of
studio.prompts_limits: every `for` loop, call, operator and filter checks the clock and the
size of what it makes; `range()` is capped; `~`, `{% set %}` blocks and macros join through a
bounded concat; `render_source` caps the output. A limit that is hit raises RenderLimit;
`template_error` turns it (and every other Jinja2 error) into a TemplateError that names the
template file, the line, the source ("prompt.sd") and the limit.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, update_wrapper
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2 import Template as JinjaTemplate
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from studio.errors import TemplateError
from studio.prompts_limits import (
    MAX_CALL_DEPTH,
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    RenderLimit,
    bounded_filter,
    budget,
    check_binop,
    check_str_format,
    check_str_method,
    check_value,
    current_budget,
    fail,
    tick,
)


# -- iteration, joining, output ----------------------------------------------------------
class _Range:
    """`range()` for templates: at most MAX_ITEMS items, and iterating it checks the clock."""

    def __init__(self, *args: int) -> None:
        self._r = range(*args)
        if len(self._r) > MAX_ITEMS:
            raise fail("a range", len(self._r), MAX_ITEMS, "MAX_ITEMS; items")

    def __iter__(self) -> Iterator[int]:
        for i in self._r:
            tick()
            yield i

    def __len__(self) -> int:
        return len(self._r)

    def __getitem__(self, key: Any) -> Any:
        return self._r[key]

    def __contains__(self, item: Any) -> bool:
        return item in self._r

    def __reversed__(self) -> Iterator[int]:
        return reversed(self._r)

    def __repr__(self) -> str:
        return repr(self._r)


def _ticking(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        tick()
        yield item


def _bounded_concat(pieces: Iterable[Any]) -> str:
    parts, total = [], 0
    for piece in pieces:
        text = str(piece)
        total += len(text)
        if total > MAX_OUTPUT_CHARS:
            raise fail("a block of output", total, MAX_OUTPUT_CHARS, "MAX_OUTPUT_CHARS; chars")
        parts.append(text)
    return "".join(parts)


class _CodeGenerator(CodeGenerator):
    """`a ~ b` joins through the bounded concat instead of an unchecked str join."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox plus the limits of studio.prompts_limits (see the module docstring)."""

    code_generator_class = _CodeGenerator
    concat = staticmethod(_bounded_concat)  # type: ignore[assignment]
    intercepted_binops = frozenset({"+", "*", "**", "%", "-", "/", "//"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.globals["range"] = _Range
        self.globals.pop("lipsum", None)
        self.bounded_iter = _ticking

    def bound_filters(self) -> None:
        for name, func in list(self.filters.items()):
            if not getattr(func, "studio_bounded", False):
                self.filters[name] = bounded_filter(name, func)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):  # every loop checks the clock per item
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("bounded_iter"),
                [loop.iter],
                [],
                None,
                None,
                lineno=loop.iter.lineno,
            )
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        check_binop(operator, left, right)
        return check_value(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            check_str_format(fmt, args, kwargs)
            return wrapper(*args, **kwargs)

        return update_wrapper(checked, wrapper)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        tick()
        if isinstance(obj, types.BuiltinMethodType) and isinstance(
            getattr(obj, "__self__", None), (str, bytes)
        ):
            args = check_str_method(obj.__name__, obj.__self__, args, kwargs)
        b = current_budget()
        if b is not None:
            if b.depth >= MAX_CALL_DEPTH:
                raise fail("call depth", b.depth + 1, MAX_CALL_DEPTH, "MAX_CALL_DEPTH")
            b.depth += 1
        try:
            rv = super().call(context, obj, *args, **kwargs)
        finally:
            if b is not None:
                b.depth -= 1
        return check_value(rv)


def make_environment(filters: dict[str, Callable[..., Any]]) -> BoundedEnvironment:
    """The template library's environment: StrictUndefined, trimmed blocks, every filter
    (Jinja2's and `filters`) bounded."""
    env = BoundedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(filters)
    env.bound_filters()
    return env


@lru_cache(maxsize=1024)
def _compiled(env: BoundedEnvironment, source: str) -> JinjaTemplate:
    return env.from_string(source)


def compile_source(env: BoundedEnvironment, source: str) -> JinjaTemplate:
    """The compiled template for `source` (cached; raises TemplateSyntaxError, which includes
    unknown filters and tests)."""
    return _compiled(env, source)


def render_source(env: BoundedEnvironment, source: str, context: dict[str, Any]) -> str:
    """`source` rendered within the budget and the output limit; raises RenderLimit or the
    template's own Jinja2/Python error."""
    with budget():
        template = compile_source(env, source)
        out, total = [], 0
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise fail("the output", total, MAX_OUTPUT_CHARS, "MAX_OUTPUT_CHARS; chars")
            out.append(chunk)
            tick()
        return "".join(out)


def template_line(exc: BaseException) -> int | None:
    """The line inside the Jinja2 source an error comes from, where Jinja2 knows it."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def problem(exc: BaseException) -> str:
    """What went wrong, in a template author's words."""
    if isinstance(exc, RenderLimit):
        return f"rendering stopped: {exc}"
    if isinstance(exc, TemplateSyntaxError):
        return f"Jinja2 syntax error: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"sandbox violation: {exc}"
    if isinstance(exc, RecursionError):
        return f"rendering stopped: recursion too deep (MAX_CALL_DEPTH is {MAX_CALL_DEPTH})"
    if isinstance(exc, MemoryError):
        return "rendering stopped: out of memory"
    return f"does not render: {type(exc).__name__}: {exc}"


def template_error(path: str, template_id: str, where: str, exc: BaseException) -> TemplateError:
    """A TemplateError for a Jinja2 problem in the source at `where` ("prompt.sd",
    "composition.title"...): `path:line: where: problem`, the line found in the file."""
    if path:
        line = source_line(Path(path), where.split("."), template_line(exc))
        head = f"{path}:{line}: {where}"
    else:
        head = f"template {template_id!r}: {where}"
    return TemplateError(
        f"{head}: {problem(exc)}",
        hint="fix the template; `studio templates lint` lists every problem",
    )


def source_line(path: Path, keys: list[str], jinja_line: int | None) -> int:
    """The line of `path` (1-based) holding line `jinja_line` of the Jinja2 source under
    `keys`: exact for literal blocks (`|`), the source's first line otherwise."""
    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1
    line = 0
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return line + 1
        hit = next(((k, v) for k, v in node.value if k.value == key), None)
        if hit is None:
            return line + 1
        line, node = hit[0].start_mark.line, hit[1]
    if isinstance(node, yaml.ScalarNode):
        line = node.start_mark.line
        if node.style in ("|", ">"):
            line += 1
            if node.style == "|" and jinja_line:
                line += jinja_line - 1
    return line + 1
