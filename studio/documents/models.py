"""What the documents room hands out: the text of a PDF, and the facts pinned to it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from studio.domain import Fact


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentText(_Model):
    """The readable text of one PDF, one string per page (page_texts[0] is page 1)."""

    sha256: str
    pages: int
    title: str | None = None
    page_texts: list[str]
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
