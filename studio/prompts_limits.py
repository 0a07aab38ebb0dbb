"""The limits on what a template may compute, and the checks that enforce them (used by
studio.prompts_sandbox, which applies them to every loop, call, operator and filter).

    MAX_RENDER_SECONDS   wall time of one render (all of a prompt's sources together)
    MAX_OUTPUT_CHARS     characters one source (or one `{% set %}` block, macro, `~` join)
                         may render to
    MAX_VALUE_CHARS      size of any one value a template makes (a string's length; a list's
                         items and their sizes) — `'x' * 3000000000` stops here, before it runs
    MAX_ITEMS            items in a `range()`, a `batch`/`slice`, a list made by `+`/`*`
    MAX_INT_BITS         bits of an integer made by `*` or `**` — `9**(9**9)` stops here
    MAX_FORMAT_WIDTH     a width or precision in `%`, `format`, `center`, `indent`...
    MAX_CALL_DEPTH       nested calls (macros calling themselves, recursive loops)

A limit that is hit raises RenderLimit, whose message names the limit.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import update_wrapper
from string import Formatter
from typing import Any

MAX_RENDER_SECONDS = 2.0
MAX_OUTPUT_CHARS = 100_000
MAX_VALUE_CHARS = 100_000
MAX_ITEMS = 10_000
MAX_INT_BITS = 4_096
MAX_FORMAT_WIDTH = 1_000
MAX_CALL_DEPTH = 40


class RenderLimit(Exception):
    """A template went over one of this module's limits (message names the limit)."""


class _Budget:
    __slots__ = ("deadline", "depth")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.depth = 0


_BUDGET: ContextVar[_Budget | None] = ContextVar("studio_template_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float = MAX_RENDER_SECONDS) -> Iterator[None]:
    """Everything rendered inside shares one wall-time and call-depth budget (an enclosing
    budget is reused, so render() bounds all its sources together)."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set(_Budget(seconds))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def tick() -> None:
    b = _BUDGET.get()
    if b is not None and time.monotonic() > b.deadline:
        raise RenderLimit(f"rendering took over {MAX_RENDER_SECONDS:g} s (MAX_RENDER_SECONDS)")


def weight(obj: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """About how many characters `obj` is as text; stops counting once over `limit`."""
    if isinstance(obj, (str, bytes)):
        return len(obj)
    if isinstance(obj, bool) or obj is None:
        return 4
    if isinstance(obj, int):
        return obj.bit_length() // 3 + 1
    if isinstance(obj, dict):
        total = 2
        for k, v in obj.items():
            total += weight(k, limit) + weight(v, limit) + 4
            if total > limit:
                return total
        return total
    if isinstance(obj, (list, tuple, set, frozenset)):
        total = 2
        for item in obj:
            total += weight(item, limit) + 2
            if total > limit:
                return total
        return total
    return 8


def fail(what: str, size: int, limit: int, name: str) -> RenderLimit:
    return RenderLimit(f"{what} of {size:,} is over the limit of {limit:,} ({name})")


def check_value(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise fail("an integer", value.bit_length(), MAX_INT_BITS, "MAX_INT_BITS; bits")
        return value
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_ITEMS:
        raise fail("a collection", len(value), MAX_ITEMS, "MAX_ITEMS; items")
    size = weight(value)
    if size > MAX_VALUE_CHARS:
        raise fail("a value", size, MAX_VALUE_CHARS, "MAX_VALUE_CHARS; characters")
    return value


def check_size(size: int, what: str = "the result") -> None:
    if size > MAX_VALUE_CHARS:
        raise fail(what, size, MAX_VALUE_CHARS, "MAX_VALUE_CHARS; characters")


def check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_FORMAT_WIDTH:
        raise fail("a width", width, MAX_FORMAT_WIDTH, "MAX_FORMAT_WIDTH")


# -- operators ---------------------------------------------------------------------------
def check_binop(op: str, left: Any, right: Any) -> None:
    ints = isinstance(left, int) and isinstance(right, int)
    if op == "**" and ints and right > 0 and abs(left) > 1:
        bits = right * (abs(left).bit_length() - 1)
        if bits > MAX_INT_BITS:
            raise fail("a power", bits, MAX_INT_BITS, "MAX_INT_BITS; bits")
    elif op == "*" and ints:
        bits = abs(left).bit_length() + abs(right).bit_length()
        if bits > MAX_INT_BITS + 1:
            raise fail("a product", bits, MAX_INT_BITS, "MAX_INT_BITS; bits")
    elif op == "*":
        seq, n = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(n, int) and isinstance(seq, (str, bytes, list, tuple)) and n > 0:
            if not isinstance(seq, (str, bytes)) and len(seq) * n > MAX_ITEMS:
                raise fail("a repeated list", len(seq) * n, MAX_ITEMS, "MAX_ITEMS; items")
            check_size(weight(seq) * n, "a repetition")
    elif op == "+" and isinstance(left, (str, bytes, list, tuple)):
        if isinstance(right, (str, bytes, list, tuple)):
            check_size(weight(left) + weight(right), "a concatenation")
    elif op == "%" and isinstance(left, str):
        check_percent(left, right)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent(fmt: str, args: Any) -> None:
    """`fmt % args` (and the `format` filter): widths bounded, result size estimated."""
    specs = _PERCENT_SPEC.findall(fmt)
    for width, precision in specs:
        if "*" in (width, precision):
            raise RenderLimit("a '*' width in a % format is not allowed (MAX_FORMAT_WIDTH)")
        for n in (width, precision):
            check_width(int(n) if n else 0)
    values = list(args.values()) if isinstance(args, dict) else args
    values = list(values) if isinstance(values, tuple) else [values]
    biggest = max((weight(v) for v in values), default=0)
    check_size(len(fmt) + len(specs) * (biggest + MAX_FORMAT_WIDTH), "a % format")


def check_str_format(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """`fmt.format(...)`: no nested (computed) widths, widths bounded, size estimated."""
    fields = 0
    for _literal, field, spec, _conv in Formatter().parse(fmt):
        if field is None:
            continue
        fields += 1
        if spec and "{" in spec:
            raise RenderLimit("a computed width in str.format is not allowed (MAX_FORMAT_WIDTH)")
        for n in re.findall(r"\d+", spec or ""):
            check_width(int(n))
    values = [*args, *kwargs.values()]
    if len(values) == 1 and isinstance(values[0], dict):  # format_map
        values = list(values[0].values())
    biggest = max((weight(v) for v in values), default=0)
    check_size(len(fmt) + fields * (biggest + MAX_FORMAT_WIDTH), "a str.format result")


def check_str_method(name: str, s: str | bytes, args: tuple[Any, ...], kw: dict) -> tuple:
    """Pre-check the string methods whose result can be much bigger than their inputs;
    returns the arguments to call with (an iterable given to join, materialised)."""
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kw.get("width", 0)
        if isinstance(width, int):
            check_size(width, f"str.{name} width")
    elif name == "expandtabs":
        size = args[0] if args else kw.get("tabsize", 8)
        if isinstance(size, int):
            check_size(len(s) + s.count("\t" if isinstance(s, str) else b"\t") * size)
    elif name == "replace" and len(args) >= 2:
        check_size(_replaced_size(s, args[0], args[1]), "str.replace result")
    elif name == "join" and args:
        items = materialise(args[0])
        check_size(sum(weight(x) for x in items) + len(s) * len(items), "str.join result")
        return (items, *args[1:])
    return args


def _replaced_size(s: Any, old: Any, new: Any) -> int:
    if not all(isinstance(x, (str, bytes)) for x in (s, old, new)):
        return 0
    hits = s.count(old) if old else len(s) + 1
    return len(s) + hits * max(0, len(new) - len(old))


def materialise(items: Any) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if len(out) > MAX_ITEMS:
            raise fail("a sequence", len(out), MAX_ITEMS, "MAX_ITEMS; items")
    return out


# -- filters -----------------------------------------------------------------------------
def _pre_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    check_width(width)


def _pre_indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    extra = width if isinstance(width, int) else len(str(width))
    check_width(extra)
    check_size(weight(s) + (str(s).count("\n") + 1) * extra, "an indented text")


def _pre_wordwrap(s: Any, width: Any = 79, *args: Any, **kw: Any) -> None:
    wrap = kw.get("wrapstring", args[1] if len(args) > 1 else None) or "\n"
    breaks = len(str(s)) // max(width if isinstance(width, int) else 1, 1) + 1
    check_size(len(str(s)) + breaks * len(str(wrap)), "a wrapped text")


def _pre_format(value: Any, *args: Any, **kwargs: Any) -> None:
    if isinstance(value, str):
        check_percent(value, kwargs or args)


def _pre_replace(s: Any, old: Any = "", new: Any = "", *_: Any, **__: Any) -> None:
    check_size(_replaced_size(str(s), str(old), str(new)), "a replace result")


def _pre_count(value: Any, n: Any = 0, *_: Any, **__: Any) -> None:
    if isinstance(n, int) and n > MAX_ITEMS:
        raise fail("a batch or slice count", n, MAX_ITEMS, "MAX_ITEMS")


_PRE_CHECKS: dict[str, Callable[..., None]] = {
    "center": _pre_center,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "format": _pre_format,
    "replace": _pre_replace,
    "batch": _pre_count,
    "slice": _pre_count,
}


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    passes_arg = hasattr(func, "jinja_pass_arg")
    pre = _PRE_CHECKS.get(name)

    def bounded(*args: Any, **kwargs: Any) -> Any:
        tick()
        value_at = 1 if passes_arg else 0
        if name == "join" and len(args) > value_at:  # materialise, then size the result
            items = materialise(args[value_at])
            sep = args[value_at + 1] if len(args) > value_at + 1 else kwargs.get("d", "")
            size = sum(weight(x) for x in items) + len(str(sep)) * len(items)
            check_size(size, "a join result")
            args = (*args[:value_at], items, *args[value_at + 1 :])
        elif pre is not None and len(args) > value_at:
            pre(*args[value_at:], **kwargs)
        return check_value(func(*args, **kwargs))

    update_wrapper(bounded, func)
    bounded.studio_bounded = True  # type: ignore[attr-defined]
    return bounded


def current_budget() -> _Budget | None:
    """The budget of the render in progress (None outside one)."""
    return _BUDGET.get()
