"""Typed words of the text-heavy templates. Every model validates what a planner (offline or
agent) hands it: lengths are capped so a layout can always fit them, and nothing here is ever
truncated silently; a too-long value is a validation error naming the field."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

Kind = Literal["whiteboard", "recipe", "labelled_scene", "blueprint"]
KINDS: tuple[str, ...] = ("whiteboard", "recipe", "labelled_scene", "blueprint")

Short = Annotated[str, Field(min_length=1, max_length=120)]
Line = Annotated[str, Field(min_length=1, max_length=240)]


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Step(_Words):
    caption: Line  # "Browser asks the resolver"
    note: str | None = Field(None, max_length=160)  # a side note, optional


class Whiteboard(_Words):
    kind: Literal["whiteboard"] = "whiteboard"
    title: Short
    steps: list[Step] = Field(default_factory=list, max_length=7)
    arrows: bool = True  # arrows from each step to the next


class Ingredient(_Words):
    item: Short  # "eggs"
    quantity: str | None = Field(None, max_length=40)  # "3", "30 g", "1 tbsp"

    @property
    def text(self) -> str:
        return f"{self.quantity} {self.item}" if self.quantity else self.item


class Recipe(_Words):
    kind: Literal["recipe"] = "recipe"
    dish: Short
    servings: str | None = Field(None, max_length=40)  # "Serves 2"
    ingredients: list[Ingredient] = Field(default_factory=list, max_length=20)
    steps: list[Line] = Field(default_factory=list, max_length=12)
    times: dict[str, str] = Field(default_factory=dict)  # {"prep": "5 min", "cook": "3 min"}


class LabelledObject(_Words):
    key: Short  # the object, in English: "kettle"
    labels: dict[str, str] = Field(default_factory=dict)  # language code -> label
    region: tuple[int, int, int, int] | None = None  # where it is, when the generator says


class LabelledScene(_Words):
    kind: Literal["labelled_scene"] = "labelled_scene"
    scene: Short  # "a kitchen"
    languages: list[str] = Field(min_length=1, max_length=6)  # ISO 639-1, in the order asked
    objects: list[LabelledObject] = Field(default_factory=list, max_length=16)


class LandmarkFact(_Words):
    label: Short  # "Height"
    value: Short  # "330 m"
    source: str | None = Field(None, max_length=300)  # where a number comes from

    @property
    def text(self) -> str:
        return f"{self.label}: {self.value}"


class Blueprint(_Words):
    kind: Literal["blueprint"] = "blueprint"
    landmark: Short
    location: str | None = Field(None, max_length=120)
    facts: list[LandmarkFact] = Field(default_factory=list, max_length=8)


W = TypeVar("W", bound=_Words)

Words = Annotated[Whiteboard | Recipe | LabelledScene | Blueprint, Field(discriminator="kind")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Words)


def parse_words(data: dict[str, Any]) -> Whiteboard | Recipe | LabelledScene | Blueprint:
    """A Words model from its JSON form (Composition.data["words"])."""
    return _ADAPTER.validate_python(data)


def words_of(data: dict[str, Any], kind: type[W], *, layout: str, where: str) -> W:
    """The words in a composition's data, which must be of `kind` (the layout `layout`
    draws no other); TemplateError naming `where` (the composition) otherwise."""
    from studio.errors import TemplateError

    words = parse_words(data.get("words") or {})
    if not isinstance(words, kind):
        raise TemplateError(
            f"composition {where!r}: the {layout} layout draws {kind.model_fields['kind'].default}"
            f" words, got {words.kind!r}",
            hint="use the layout of that kind of words",
        )
    return words


def unsourced_facts(words: Whiteboard | Recipe | LabelledScene | Blueprint) -> list[LandmarkFact]:
    """A blueprint's facts that state a number but name no source: drawn all the same, but
    the deliverable cannot be called verified while a figure's origin is unknown."""
    if not isinstance(words, Blueprint):
        return []
    return [f for f in words.facts if re.search(r"\d", f.value) and not f.source]


def required_strings(words: Whiteboard | Recipe | LabelledScene | Blueprint) -> list[str]:
    """Every string the deliverable must show legibly, in reading order: what OCR checks."""
    if isinstance(words, Whiteboard):
        return [words.title, *(s.caption for s in words.steps)]
    if isinstance(words, Recipe):
        return [
            words.dish,
            *([words.servings] if words.servings else []),
            *(i.text for i in words.ingredients),
            *words.steps,
            *words.times.values(),
        ]
    if isinstance(words, LabelledScene):
        return [
            o.labels[lang] for o in words.objects for lang in words.languages if lang in o.labels
        ]
    return [words.landmark, *(f.value for f in words.facts)]
