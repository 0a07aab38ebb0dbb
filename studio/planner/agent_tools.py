"""The planner agent's tools. All read-only: they look at the template library and at the
files attached to this brief, nothing else — no writes, no URLs, no other briefs.

Every result is JSON. Text that comes from a document is returned under keys named
`untrusted_*`: the system prompt tells the model that such text is data to quote, never
instructions to follow (and validate.py enforces it on the draft either way).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from studio.config import Settings
from studio.domain import Brief, Fact
from studio.errors import StudioError
from studio.prompts import Library

MAX_SEARCH_HITS = 12
MAX_LINE_CHARS = 200


class BriefFiles:
    """The brief's documents, read once per planning run (facts and page texts cached)."""

    def __init__(self, brief: Brief, settings: Settings) -> None:
        self.brief, self.settings = brief, settings
        self._sheets: dict[int, Any] = {}
        self._texts: dict[int, Any] = {}

    def _document(self, index: int) -> Any:
        docs = self.brief.documents
        if not 0 <= index < len(docs):
            raise StudioError(
                f"there is no document {index}; this brief has {len(docs)} (indexes 0..{len(docs) - 1})"
            )
        return docs[index]

    def sheet(self, index: int) -> Any:
        if index not in self._sheets:
            from studio.documents import extract_facts

            self._sheets[index] = extract_facts(self.text(index))
        return self._sheets[index]

    def text(self, index: int) -> Any:
        if index not in self._texts:
            from studio.documents import read_pdf

            doc = self._document(index)
            self._texts[index] = read_pdf(
                Path(doc.path), password=doc.password, settings=self.settings
            )
        return self._texts[index]

    def facts_seen(self) -> list[Fact]:
        """Every fact of every document (the numbers a plan may use), read or not yet."""
        facts: list[Fact] = []
        for i in range(len(self.brief.documents)):
            try:
                facts += self.sheet(i).facts
            except StudioError:  # an unreadable document contributes no numbers
                continue
        return facts


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _safe(fn: Any) -> Any:
    """Tool errors go back to the model as a result it can act on, not as a crash."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        try:
            return fn(*args, **kwargs)
        except StudioError as exc:
            return _dump({"error": str(exc), "hint": exc.hint})

    return wrapper


def make_tools(*, brief: Brief, library: Library, files: BriefFiles) -> list[Any]:
    from langchain_core.tools import tool

    @tool
    @_safe
    def list_templates() -> str:
        """List every template: id, title, description, layout and inputs (type, default, limits)."""
        return _dump(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "description": " ".join(t.description.split()),
                    "layout": t.composition.layout,
                    "needs_document": t.needs_document,
                    "inputs": {n: s.model_dump(exclude_defaults=True) for n, s in t.inputs.items()},
                }
                for t in library.templates()
            ]
        )

    @tool
    @_safe
    def show_template(template_id: str) -> str:
        """Show one template in full: inputs, panel settings, sizes and example briefs."""
        t = library.get(template_id)
        return _dump(
            {
                "id": t.id,
                "title": t.title,
                "description": " ".join(t.description.split()),
                "inputs": {n: s.model_dump(exclude_defaults=True) for n, s in t.inputs.items()},
                "composition": t.composition.model_dump(exclude_defaults=True),
                "aspects": sorted(t.outputs.sizes),
                "default_aspect": t.outputs.default_aspect,
                "needs_document": t.needs_document,
                "examples": t.examples,
            }
        )

    @tool
    @_safe
    def get_document_facts(document: int = 0) -> str:
        """The figures pulled from an attached PDF (0 = the first), each with its page and quote.
        These are the only numbers a plan may write."""
        sheet = files.sheet(document)
        return _dump(
            {
                "document": files.brief.documents[document].name,
                "company": sheet.company,
                "period": sheet.period,
                "facts": [
                    {
                        "key": f.key,
                        "label": f.label,
                        "display": f.display,
                        "period": f.period,
                        "page": f.page,
                        "untrusted_quote": f.quote[:MAX_LINE_CHARS],
                    }
                    for f in sheet.facts
                ],
                "highlights": [
                    {"kind": h.kind, "page": h.page, "untrusted_text": h.text[:MAX_LINE_CHARS]}
                    for h in sheet.highlights
                ],
            }
        )

    @tool
    @_safe
    def search_document(query: str, document: int = 0) -> str:
        """Lines of an attached PDF (0 = the first) containing every word of `query`, with pages."""
        words = [w for w in query.lower().split() if w]
        if not words:
            return _dump({"error": "give one or more words to search for"})
        hits = []
        for page, text in enumerate(files.text(document).page_texts, 1):
            for line in text.splitlines():
                low = line.lower()
                if all(w in low for w in words):
                    hits.append(
                        {"page": page, "untrusted_line": " ".join(line.split())[:MAX_LINE_CHARS]}
                    )
        return _dump(
            {
                "query": query,
                "hits": hits[:MAX_SEARCH_HITS],
                "more": max(0, len(hits) - MAX_SEARCH_HITS),
            }
        )

    @tool
    @_safe
    def reference_image_info(index: int = 0) -> str:
        """Basic properties of an attached reference image (0 = the first): size, mode, format."""
        refs = brief.references
        if not 0 <= index < len(refs):
            return _dump(
                {"error": f"there is no reference image {index}; this brief has {len(refs)}"}
            )
        from PIL import Image

        ref = refs[index]
        with Image.open(ref.path) as im:
            return _dump(
                {
                    "name": ref.name,
                    "width": im.width,
                    "height": im.height,
                    "mode": im.mode,
                    "format": im.format,
                    "orientation": "landscape"
                    if im.width > im.height
                    else "portrait"
                    if im.height > im.width
                    else "square",
                }
            )

    return [
        list_templates,
        show_template,
        get_document_facts,
        search_document,
        reference_image_info,
    ]
