"""What the documents room hands out: the text of a PDF, and the facts pinned to it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from studio.domain import Fact


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextLine(_Model):
    """One line as a person reads it, with its box in PDF points from the top-left corner
    of the page's visible area (so a quote can be found on the rendered page)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size in points (for OCR'd lines: the box height)


class HiddenText(_Model):
    """Text in the PDF that a reader cannot see, skipped and never used as a source."""

    page: int  # 1-based
    reason: Literal["invisible", "tiny", "outside", "clipped", "covered", "background"]
    text: str  # an excerpt, at most 200 characters


class DocumentText(_Model):
    """The readable text of one PDF, one string per page (page_texts[0] is page 1).

    Only visible text: what a person cannot see is listed in `hidden` instead. `lines[i]`
    holds page i+1's lines in reading order (empty for pages read by OCR without boxes);
    `page_sizes[i]` is that page's visible (width, height) in points."""

    sha256: str
    pages: int
    title: str | None = None
    page_texts: list[str]
    lines: list[list[TextLine]] = Field(default_factory=list)
    page_sizes: list[tuple[float, float]] = Field(default_factory=list)
    hidden: list[HiddenText] = Field(default_factory=list)
    ocr: bool = False  # True when at least one page's text came from OCR
    ocr_pages: list[int] = Field(default_factory=list)  # 1-based
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\f".join(self.page_texts)


class DocumentInfo(_Model):
    sha256: str
    pages: int
    title: str | None = None


class Highlight(_Model):
    """A sentence quoted verbatim from the document, for the infographic's text sections."""

    kind: Literal["driver", "risk", "outlook"]
    text: str
    page: int  # 1-based


class FactSheet(_Model):
    """The JSON shape of `studio facts FILE.pdf --json`."""

    document: DocumentInfo
    company: str | None = None
    period: str | None = None
    facts: list[Fact] = Field(default_factory=list)
    highlights: list[Highlight] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def get(self, key: str) -> Fact | None:
        """The first fact with this key (segments and guidance may have several)."""
        return next((fact for fact in self.facts if fact.key == key), None)

    def all(self, key: str) -> list[Fact]:
        return [fact for fact in self.facts if fact.key == key]
