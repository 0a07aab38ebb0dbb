"""The template library: YAML + Jinja2 files in prompts/templates/, brand kits in
prompts/brands/. Templates are data; editing one needs no code change and no restart —
the library re-reads a file whenever its modification time or size changes.

A template file (see prompts/README.md for the full format):

    id: polaroid-storyboard
    title: ...
    description: ...            # the planner reads this
    keywords: [polaroid, ...]   # routing hints
    kind: photo                 # style hint for the offline renderer
    inputs:                     # typed, with defaults
      subject: {type: str, required: true}
      count: {type: int, default: 8, min: 1, max: 16}
    prompt:                     # per dialect, Jinja2 with StrictUndefined
      natural: "..."
      sd: "(polaroid photo:1.3), ..."
      negative: "blurry, ..."
    panel_prompt: {...}         # multi-panel templates: one job per panel
    composition: {layout: polaroid_board, panels: count}
    outputs: {default_aspect: "4:3", sizes: {"4:3": [1600, 1200]}}
    generation: {steps: 30, guidance: 6.5}
    examples: ["A Polaroid storyboard of Casablanca ..."]
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.domain import Layout  # a registered layout name (studio.compose)
from studio.errors import TemplateError, VariableError

VarType = Literal["str", "int", "float", "bool", "list", "choice"]
Kind = Literal[
    "photo", "infographic", "whiteboard", "blueprint", "poster", "illustration", "crowd", "scene"
]

# Names every prompt may use without declaring them.
BUILTIN_VARS = {"panel", "brand", "aspect", "width", "height", "brief"}

_ASPECT_RE = re.compile(r"^\d{1,2}:\d{1,2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputSpec(_Strict):
    type: VarType = "str"
    description: str = ""
    default: Any = None
    required: bool = False
    min: float | None = None
    max: float | None = None
    choices: list[str] | None = None
    max_items: int | None = None


class DialectPrompts(_Strict):
    natural: str
    sd: str
    negative: str = ""


class StoryKind(_Strict):
    """Story beats for one kind of story, chosen when the brief uses one of `words`."""

    kind: str
    words: list[str] = Field(min_length=1)
    beats: list[str] = Field(min_length=4)


class CompositionSpec(_Strict):
    layout: Layout = "single"
    panels: str | None = None  # name of the int input that sets the panel count
    panel_list: str | None = None  # name of the list input holding per-panel text
    panel_beats: list[str] = Field(
        default_factory=list
    )  # generic per-panel text when the brief lists none
    story_kinds: list[StoryKind] = Field(default_factory=list)  # beats per kind of story
    title: str | None = None  # Jinja2: the deliverable's title

    def beats_for(self, brief: str) -> tuple[list[str], str | None]:
        """The beats that fit the brief's kind of story (a trip, a launch, a historical
        event...), else the template's generic ones; and the kind chosen."""
        low = brief.lower()
        for story in self.story_kinds:
            if any(re.search(rf"\b{re.escape(w.lower())}", low) for w in story.words):
                return story.beats, story.kind
        return self.panel_beats, None


class OutputSpec(_Strict):
    default_aspect: str
    sizes: dict[str, tuple[int, int]]

    @field_validator("sizes")
    @classmethod
    def _check_sizes(cls, sizes: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        for aspect, (w, h) in sizes.items():
            if not _ASPECT_RE.match(aspect):
                raise ValueError(f"aspect {aspect!r} must look like 16:9")
            if not (64 <= w <= 4096 and 64 <= h <= 4096):
                raise ValueError(f"size {w}x{h} for {aspect} is outside 64..4096")
        return sizes


class Template(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")
    title: str
    description: str
    keywords: list[str] = Field(default_factory=list)
    kind: Kind = "photo"
    inputs: dict[str, InputSpec] = Field(default_factory=dict)
    prompt: DialectPrompts
    panel_prompt: DialectPrompts | None = None
    composition: CompositionSpec = Field(default_factory=CompositionSpec)
    outputs: OutputSpec
    generation: dict[str, Any] = Field(default_factory=dict)
    needs_document: bool = False
    # what the primary input names: "scene" (everything the brief shows, setting included) or
    # "thing" (one person or product; the brief's setting goes to `setting`/`details`)
    subject_scope: Literal["scene", "thing"] = "scene"
    # words that describe this kind of deliverable and are never its subject ('chalk
    # annotations', 'Kreideanmerkungen'): the brief reader sets them aside; routing ignores them
    vocabulary: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=1)

    # filled by the loader, not the file
    version: str = ""
    path: str = ""

    def size_for(self, aspect: str | None) -> tuple[str, tuple[int, int]]:
        aspect = aspect or self.outputs.default_aspect
        if aspect in self.outputs.sizes:
            return aspect, self.outputs.sizes[aspect]
        return aspect, size_from_aspect(aspect, self.outputs.sizes[self.outputs.default_aspect])


class BrandKit(_Strict):
    id: str
    name: str
    palette: dict[str, str]
    fonts: dict[str, str] = Field(default_factory=dict)
    logo: str | None = None
    version: str = ""
    path: str = ""


class RenderedPrompt(BaseModel):
    prompt: str
    negative_prompt: str
    dialect: Literal["natural", "sd"]


def size_from_aspect(aspect: str, reference: tuple[int, int]) -> tuple[int, int]:
    """Keep the reference's pixel area, change its shape; sides rounded to multiples of 8."""
    from studio.errors import SizeError

    if not _ASPECT_RE.match(aspect):
        raise SizeError(f"aspect {aspect!r} is not of the form W:H", hint="use e.g. 16:9, 3:4, 1:1")
    aw, ah = (int(x) for x in aspect.split(":"))
    if aw == 0 or ah == 0:
        raise SizeError(f"aspect {aspect!r} has a zero side", hint="use e.g. 16:9, 3:4, 1:1")
    area = reference[0] * reference[1]
    w = (area * aw / ah) ** 0.5
    h = w * ah / aw
    return max(64, round(w / 8) * 8), max(64, round(h / 8) * 8)


_env = SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.filters["join_and"] = lambda xs: (
    ", ".join(xs[:-1]) + " and " + xs[-1] if len(xs) > 1 else "".join(xs)
)


def unless_asked(items: list[str], *asked: str, lead: str = "") -> str:
    """A negative prompt's items, less those that share a word of four letters or more with
    what the brief asks for ('cartoon' goes when the style is 'cartoon style', 'blurry' when
    the details say 'motion blur'): a negative never forbids the brief."""
    words = {w for text in asked for w in re.findall(r"[^\W\d_]{4,}", str(text).lower())}

    def wanted(item: str) -> bool:
        return not any(w in item.lower() or item.lower() in w for w in words)

    kept = ", ".join(i for i in items if wanted(i))
    return lead + kept if kept else ""


_env.filters["unless_asked"] = unless_asked


def _squash(text: str) -> str:
    """Prompts are one paragraph: collapse the YAML's line breaks and runs of spaces."""
    return re.sub(r"\s+,", ",", re.sub(r"\s+", " ", text)).strip()


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


def render(
    template: Template,
    variables: dict[str, Any],
    *,
    dialect: Literal["natural", "sd"] = "natural",
    panel: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> RenderedPrompt:
    """The exact prompt and negative prompt a generator receives. `panel` selects the
    per-panel prompt of multi-panel templates (keys: index, total, text)."""
    source = (
        template.panel_prompt if (panel is not None and template.panel_prompt) else template.prompt
    )
    builtins: dict[str, Any] = {name: None for name in BUILTIN_VARS}
    builtins["panel"] = (
        {"index": 1, "total": 1, "text": "", **(panel or {})} if panel is not None else {}
    )
    context = {**builtins, **(extra or {}), **variables}
    try:
        text = _env.from_string(source.natural if dialect == "natural" else source.sd).render(
            context
        )
        negative = _env.from_string(source.negative).render(context) if dialect == "sd" else ""
    except UndefinedError as exc:
        raise VariableError(
            f"template {template.id!r}: {exc.message}", hint="declare it under inputs"
        ) from exc
    if dialect == "natural":
        # Hosted models take no weights and no negative prompt: fold the template's negative
        # prompt (rendered as for sd) into plain "Avoid: ..." language.
        from studio.dialects import to_natural

        folded = _env.from_string(source.negative).render(context) if source.negative else ""
        return RenderedPrompt(
            prompt=to_natural(_squash(text), _squash(folded)), negative_prompt="", dialect=dialect
        )
    return RenderedPrompt(prompt=_squash(text), negative_prompt=_squash(negative), dialect=dialect)


def render_title(template: Template, variables: dict[str, Any]) -> str | None:
    if not template.composition.title:
        return None
    return _squash(_env.from_string(template.composition.title).render(variables))


class Library:
    """Loads templates and brand kits from a directory, re-reading changed files."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[int, int], Any]] = {}

    # -- loading -----------------------------------------------------------------------
    def _load(self, path: Path, model: type[BaseModel]) -> Any:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            hit = self._cache.get(path)
            if hit and hit[0] == key:
                return hit[1]
        raw = path.read_bytes()
        try:
            data = yaml.safe_load(raw)
            obj = model.model_validate(
                {**(data or {}), "version": hashlib.sha256(raw).hexdigest()[:12], "path": str(path)}
            )
        except yaml.YAMLError as exc:
            raise TemplateError(f"{path}: not valid YAML: {exc}") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(x) for x in first["loc"])
            raise TemplateError(
                f"{path}:{_line_of(raw, first['loc'])}: {loc}: {first['msg']}"
            ) from exc
        with self._lock:
            self._cache[path] = (key, obj)
        return obj

    def template_paths(self) -> list[Path]:
        return sorted((self.root / "templates").glob("*.yaml"))

    def templates(self) -> list[Template]:
        return [self._load(p, Template) for p in self.template_paths()]

    def get(self, template_id: str) -> Template:
        path = self.root / "templates" / f"{template_id}.yaml"
        if re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", template_id) and path.is_file():
            return self._load(path, Template)
        known = ", ".join(t.id for t in self.templates())
        raise TemplateError(f"unknown template {template_id!r}", hint=f"choose one of: {known}")

    def brand(self, brand_id: str = "default") -> BrandKit:
        path = self.root / "brands" / f"{brand_id}.yaml"
        if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", brand_id) and path.is_file():
            return self._load(path, BrandKit)
        known = ", ".join(p.stem for p in sorted((self.root / "brands").glob("*.yaml")))
        raise TemplateError(f"unknown brand kit {brand_id!r}", hint=f"choose one of: {known}")

    def brands(self) -> list[BrandKit]:
        return [self._load(p, BrandKit) for p in sorted((self.root / "brands").glob("*.yaml"))]


def _line_of(raw: bytes, loc: tuple[Any, ...]) -> int:
    """Best-effort line number of a pydantic error location in a YAML document."""
    try:
        node = yaml.compose(raw)
    except yaml.YAMLError:
        return 1
    line = node.start_mark.line if node else 0
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(part)), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            nxt = node.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        node, line = nxt, nxt.start_mark.line
    return line + 1


def used_variables(template: Template) -> set[str]:
    """Names the template's Jinja2 sources refer to."""
    sources = [template.prompt.natural, template.prompt.sd, template.prompt.negative]
    if template.panel_prompt:
        p = template.panel_prompt
        sources += [p.natural, p.sd, p.negative]
    if template.composition.title:
        sources.append(template.composition.title)
    names: set[str] = set()
    for src in sources:
        try:
            names |= meta.find_undeclared_variables(_env.parse(src))
        except TemplateSyntaxError as exc:
            raise TemplateError(f"{template.path}: Jinja2 syntax error: {exc.message}") from exc
    return names
