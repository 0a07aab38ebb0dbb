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
import logging
import re
import threading
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import TemplateSyntaxError, UndefinedError, meta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from studio.domain import Layout  # a registered layout name (studio.compose)
from studio.errors import StudioError, TemplateError, VariableError
from studio.prompts_inputs import coerce_variables as coerce_variables  # re-exported
from studio.prompts_limits import budget
from studio.prompts_sandbox import compile_source, make_environment, render_source
from studio.prompts_sandbox import template_error as _template_error

log = logging.getLogger(__name__)

VarType = Literal["str", "int", "float", "bool", "list", "choice"]
Kind = Literal[
    "photo", "infographic", "whiteboard", "blueprint", "poster", "illustration", "crowd", "scene"
]

# Names every prompt may use without declaring them.
BUILTIN_VARS = {"panel", "brand", "aspect", "width", "height", "brief", "text_by", "required_text"}
# text-heavy templates (words:): "model" when a text-capable generator paints the words (the
# prompt must then spell every string of required_text), else "composer" (the picture leaves
# the words out: the composer draws them)

_ASPECT_RE = re.compile(r"^\d{1,2}:\d{1,2}$")
# a template's declared version: semver-like, "1.0.0", "2.1.0-draft"; or empty (undeclared)
VERSION_PATTERN = r"^(\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?)?$"


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


class WordsSpec(_Strict):
    """The typed words a text-heavy template's deliverable carries (studio/words/): which
    kind, and whether a generator that renders text well may paint them (OCR then checks
    every string, and the composer draws them when it fails)."""

    kind: Literal["whiteboard", "recipe", "labelled_scene", "blueprint"]
    model_may_paint: bool = True


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
    words: WordsSpec | None = None  # text-heavy templates: the words the plan carries
    # the author's version ("1.2.0"), bumped with every change to what the template renders;
    # a file without one gets its content hash (lint warns)
    version: str = Field("", pattern=VERSION_PATTERN)

    # filled by the loader, not the file
    content_hash: str = ""  # first 12 hex digits of the file's SHA-256: the exact text
    declared_version: bool = False  # whether the file names its version
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


def _join_and(xs: list[str]) -> str:
    return ", ".join(xs[:-1]) + " and " + xs[-1] if len(xs) > 1 else "".join(xs)


def unless_asked(items: list[str], *asked: str, lead: str = "") -> str:
    """A negative prompt's items, less those that share a word of four letters or more with
    what the brief asks for ('cartoon' goes when the style is 'cartoon style', 'blurry' when
    the details say 'motion blur'): a negative never forbids the brief."""
    words = {w for text in asked for w in re.findall(r"[^\W\d_]{4,}", str(text).lower())}

    def wanted(item: str) -> bool:
        return not any(w in item.lower() or item.lower() in w for w in words)

    kept = ", ".join(i for i in items if wanted(i))
    return lead + kept if kept else ""


# Bounded rendering (time, output, value sizes, arithmetic): see studio.prompts_sandbox.
_env = make_environment({"join_and": _join_and, "unless_asked": unless_asked})


def _squash(text: str) -> str:
    """Prompts are one paragraph: collapse the YAML's line breaks and runs of spaces."""
    return re.sub(r"\s+,", ",", re.sub(r"\s+", " ", text)).strip()


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
    part = "panel_prompt" if (panel is not None and template.panel_prompt) else "prompt"
    source: DialectPrompts = getattr(template, part)
    builtins: dict[str, Any] = {name: None for name in BUILTIN_VARS}
    builtins |= {"text_by": "composer", "required_text": []}
    builtins["panel"] = (
        {"index": 1, "total": 1, "text": "", **(panel or {})} if panel is not None else {}
    )
    context = {**builtins, **(extra or {}), **variables}
    with budget():  # one time budget for every source this prompt renders
        text = _render_part(template, f"{part}.{dialect}", getattr(source, dialect), context)
        negative = (
            _render_part(template, f"{part}.negative", source.negative, context)
            if dialect == "sd" or source.negative
            else ""
        )
    if dialect == "natural":
        # Hosted models take no weights and no negative prompt: fold the template's negative
        # prompt (rendered as for sd) into plain "Avoid: ..." language.
        from studio.dialects import to_natural

        return RenderedPrompt(
            prompt=to_natural(_squash(text), _squash(negative)), negative_prompt="", dialect=dialect
        )
    return RenderedPrompt(prompt=_squash(text), negative_prompt=_squash(negative), dialect=dialect)


def render_title(template: Template, variables: dict[str, Any]) -> str | None:
    if not template.composition.title:
        return None
    return _squash(
        _render_part(template, "composition.title", template.composition.title, variables)
    )


def _render_part(template: Template, where: str, source: str, context: dict[str, Any]) -> str:
    """One Jinja2 source rendered within the limits; every failure is a VariableError (an
    undeclared name) or a TemplateError naming the file, line, source and problem."""
    try:
        return render_source(_env, source, context)
    except UndefinedError as exc:
        raise VariableError(
            f"template {template.id!r}: {exc.message}", hint="declare it under inputs"
        ) from exc
    except StudioError:
        raise
    except Exception as exc:  # noqa: BLE001 - template code is data: any failure is its problem
        raise _template_error(template.path, template.id, where, exc) from exc


def template_sources(template: Template) -> list[tuple[str, str]]:
    """(where, Jinja2 source) for every source a template renders."""
    out = [(f"prompt.{k}", getattr(template.prompt, k)) for k in ("natural", "sd", "negative")]
    if template.panel_prompt:
        p = template.panel_prompt
        out += [(f"panel_prompt.{k}", getattr(p, k)) for k in ("natural", "sd", "negative")]
    if template.composition.title:
        out.append(("composition.title", template.composition.title))
    return out


# parsed files, shared by every Library of the process (each request or brief makes its own):
# path -> ((mtime_ns, size, ctime_ns, inode), the template or the error); a file whose key
# changed is read again, so the next job of a running worker or service uses the edit
_FILES: dict[Path, tuple[tuple[int, ...], Any]] = {}
_FILES_LOCK = threading.Lock()


class Library:
    """Loads templates and brand kits from a directory, re-reading changed files."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = _FILES_LOCK
        self._cache = _FILES
        self._skipped: dict[Path, str] = {}  # broken files left out, as last logged

    # -- loading -----------------------------------------------------------------------
    def _load(self, path: Path, model: type[BaseModel]) -> Any:
        """The file as `model`; a broken file raises TemplateError `path:line: problem` (the
        error is cached like a good file until the file changes)."""
        stat = path.stat()
        # an edit in place changes mtime or size (or ctime); an editor's save-and-rename, the inode
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
        with self._lock:
            hit = self._cache.get(path)
        if hit and hit[0] == key:
            if isinstance(hit[1], TemplateError):
                raise TemplateError(hit[1].message, hint=hit[1].hint)
            return hit[1]
        try:
            obj = self._read(path, model)
        except TemplateError as exc:
            with self._lock:
                self._cache[path] = (key, exc)
            raise
        with self._lock:
            self._cache[path] = (key, obj)
        return obj

    def _read(self, path: Path, model: type[BaseModel]) -> Any:
        return parse_file(path.read_bytes(), path, model)

    def _loadable(self, paths: list[Path], model: type[BaseModel]) -> list[Any]:
        out = []
        for path in paths:
            try:
                out.append(self._load(path, model))
            except (TemplateError, OSError) as exc:
                # a broken file is left out for everyone else; lint and get() name it
                message = getattr(exc, "message", str(exc))
                if self._skipped.get(path) != message:
                    self._skipped[path] = message
                    log.warning("template library: skipping %s", message)
        return out

    def template_paths(self) -> list[Path]:
        return sorted((self.root / "templates").glob("*.yaml"))

    def templates(self) -> list[Template]:
        """Every template that loads: a broken file is skipped (`get` by its id and `studio
        templates lint` say what is wrong with it)."""
        return self._loadable(self.template_paths(), Template)

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
        return self._loadable(sorted((self.root / "brands").glob("*.yaml")), BrandKit)


def parse_file(raw: bytes, path: Path | str, model: type[BaseModel] = Template) -> Any:
    """A template (or brand kit) from the bytes of its file: `path` names it in errors and in
    `template.path`. Also reads older revisions (`git show REV:path`) for `templates diff`."""
    try:
        data = yaml.safe_load(raw)
        obj = model.model_validate({**(data or {}), **_loader_fields(raw, data, path, model)})
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise TemplateError(f"{path}:{line}: not valid YAML: {what}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise TemplateError(f"{path}:{_line_of(raw, first['loc'])}: {loc}: {first['msg']}") from exc
    except (TypeError, ValueError) as exc:  # e.g. a YAML list where a mapping belongs
        raise TemplateError(f"{path}:1: not a template mapping: {exc}") from exc
    if isinstance(obj, Template):
        if not obj.declared_version:
            obj.version = obj.content_hash  # an undeclared version is the exact text
        for where, source in template_sources(obj):
            try:
                compile_source(_env, source)  # syntax, unknown filters and tests
            except TemplateSyntaxError as exc:
                raise _template_error(str(path), obj.id, where, exc) from exc
    return obj


def _loader_fields(raw: bytes, data: Any, path: Path | str, model: type[BaseModel]) -> dict:
    """What the loader adds to the file's own keys: its path and content hash (a brand kit's
    version is its hash; a template's is the one it declares, see parse_file)."""
    digest = hashlib.sha256(raw).hexdigest()[:12]
    if model is not Template:
        return {"version": digest, "path": str(path)}
    declared = isinstance(data, dict) and data.get("version") not in (None, "")
    return {"content_hash": digest, "declared_version": declared, "path": str(path)}


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
    names: set[str] = set()
    for where, src in template_sources(template):
        try:
            names |= meta.find_undeclared_variables(_env.parse(src))
        except TemplateSyntaxError as exc:
            raise _template_error(template.path, template.id, where, exc) from exc
    return names
