"""The documents room: read PDFs safely and pull earnings facts out of them, each pinned
to the page and the quote it came from.

    read_pdf(path) -> DocumentText          reader.py (sandboxed pypdf, OCR fallback)
    extract_facts(doc) -> FactSheet         facts.py (prose.py, guidance.py, outlook.py, tables.py)
    facts_for_path(path) -> FactSheet       both, for the CLI
    format_facts_table(sheet)               present.py (a rich Table)

Names are imported lazily so that `import studio.documents` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.documents.facts import extract_facts, facts_for_path
    from studio.documents.models import DocumentText, FactSheet, Highlight
    from studio.documents.present import format_facts_table
    from studio.documents.reader import read_pdf

__all__ = [
    "DocumentText",
    "FactSheet",
    "Highlight",
    "extract_facts",
    "facts_for_path",
    "format_facts_table",
    "read_pdf",
]

_HOMES = {
    "read_pdf": "reader",
    "DocumentText": "models",
    "FactSheet": "models",
    "Highlight": "models",
    "extract_facts": "facts",
    "facts_for_path": "facts",
    "format_facts_table": "present",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"studio.documents.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'studio.documents' has no attribute {name!r}")
