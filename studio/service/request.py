"""`BriefRequest`: everything a user can ask for with a brief, validated in one place. The CLI
builds it from its options, the HTTP API takes it as its request body. Every problem is a
StudioError whose `field` names the request field at fault."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from studio import attachments
from studio.config import Settings
from studio.domain import Brief, BriefOptions
from studio.errors import BriefError, StudioError, UserInputError
from studio.planner import validate_brief_text
from studio.planner.sizes import check_aspect, check_ratio, check_size, parse_size
from studio.prompts import Library

# lone surrogates: bytes that were not UTF-8 (Python keeps them so from sys.argv)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("text", "template", "generator", "aspect", "size", "brand", "owner", "planner")


@contextmanager
def blame(field: str) -> Iterator[None]:
    """Errors raised inside name `field` as the one to change (unless they already do)."""
    try:
        yield
    except StudioError as exc:
        if exc.field is None:
            exc.field = field
        raise


class BriefRequest(BaseModel):
    """A brief as a user submits it. Paths are local files (the API stores uploads first)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="What you want, in plain words")
    documents: list[str] = Field(default_factory=list, description="PDFs to read facts from")
    references: list[str] = Field(default_factory=list, description="Reference images")
    template: str | None = Field(None, description="Template id (skips template choice)")
    generator: str | None = Field(None, description="Generator name (default: auto)")
    aspect: str | None = Field(None, description="Aspect ratio W:H, e.g. 16:9")
    size: str | None = Field(None, description="Exact deliverable size WxH, e.g. 1920x1080")
    seed: int | None = Field(None, description="Seed (same seed, same images)")
    brand: str | None = Field(None, description="Brand kit id from prompts/brands/")
    password: str | None = Field(None, description="Password of encrypted PDFs", repr=False)
    budget: float | None = Field(None, description="Most the plan may cost (USD)")
    owner: str | None = Field(None, description="Who the brief belongs to (default: STUDIO_USER)")
    planner: str | None = Field(None, description="offline, or provider:model")

    def settings_for(self, settings: Settings) -> Settings:
        """The settings this request runs with (its planner in place of STUDIO_PLANNER)."""
        return settings.model_copy(update={"planner": self.planner}) if self.planner else settings

    def to_brief(self, settings: Settings) -> Brief:
        """Validate everything before any work starts or any file is written."""
        self._check_text_and_budget()
        with blame("text"):
            text = validate_brief_text(self.text, settings)
        width = height = None
        if self.size:
            with blame("size"):
                width, height = parse_size(self.size)
                check_size(width, height, settings)
                check_ratio(width, height)
        if self.aspect:
            with blame("aspect"):
                check_aspect(self.aspect)
        library = Library(settings.prompts_dir)
        if self.template:
            with blame("template"):
                library.get(self.template)  # unknown template: fail now, before any file is read
        if self.brand:
            with blame("brand"):
                library.brand(self.brand)
        options = BriefOptions(
            template=self.template,
            generator=self.generator,
            aspect=self.aspect,
            width=width,
            height=height,
            seed=self.seed,
            brand=self.brand,
            max_cost=self.budget,
        )
        with blame("documents"):
            documents = [
                attachments.document(p, settings, password=self.password) for p in self.documents
            ]
        with blame("references"):
            references = [attachments.reference(p) for p in self.references]
        return Brief(
            text=text,
            owner=self.owner or settings.user,
            options=options,
            documents=documents,
            references=references,
        )

    def _check_text_and_budget(self) -> None:
        """Text that is not UTF-8 (a shell's stray bytes) and a budget that is no amount of
        money (nan, inf, negative: nan would switch the limit off) are refused here."""
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str) and _SURROGATE.search(value):
                error = BriefError if name == "text" else UserInputError
                raise error(
                    f"`{name}` is not valid UTF-8 text (it holds bytes that are no characters)",
                    hint="retype it in a UTF-8 terminal (e.g. export LANG=C.UTF-8)",
                    field=name,
                )
        if self.budget is not None and not (math.isfinite(self.budget) and self.budget >= 0):
            raise UserInputError(
                f"`budget` {self.budget} is not an amount of money",
                hint="give the most the plan may cost in USD, 0 or more, e.g. `budget` 0.50",
                field="budget",
            )

    @classmethod
    def from_paths(
        cls, text: str, *, documents: list[Path] | None = None, **fields: object
    ) -> BriefRequest:
        """A request whose attachments are `Path`s (the CLI's options)."""
        refs = fields.pop("references", None) or []
        return cls(
            text=text,
            documents=[str(p) for p in documents or []],
            references=[str(p) for p in refs],  # type: ignore[union-attr]
            **fields,  # type: ignore[arg-type]
        )
