"""The source check: every figure an infographic would draw must be *visible* on the page it
cites. `verify.check_facts` proves the image shows the extracted number; this proves the PDF
shows it to a person. A number the text layer holds but a reader cannot see (white on white,
1 pt, under an opaque box, render mode 3, off the page) is how a planted figure gets into an
extraction; it is found here because OCR of the rendered page cannot read it where the
text layer puts it.

    screen(facts, documents)       one sandboxed worker call per document (mode "region" of
                                   documents/_worker.py, logic in documents/_region.py):
                                   each cited page rendered once, each figure looked up in
                                   the text layer near its quote's words, its region OCR'd
    -> Screened(kept, results)     kept: the facts to draw; results: per fact, aligned with
                                   the input: source_visible true | false | None (not checked)
    merge(image_report, screened)  the manifest's verification entry: verified only when every
                                   drawn figure reads back on the image AND every figure is
                                   visible on its page

The executor calls `compose_verified` (screen, compose only what is visible, image check,
merge) on the in-process path and on workers alike (finish_brief), so an invisible figure is
never drawn.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.config import Settings
from studio.documents._region import negative_at
from studio.domain import Composition, Fact
from studio.verify import _negative

if TYPE_CHECKING:
    from PIL import Image

    from studio.prompts import BrandKit

DPI = 150  # enough for 7 pt table figures; a 1 pt figure stays a smudge
_PRINTED = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class SourceDocument:
    """A PDF the facts cite: its name (for messages), a local path and its password."""

    name: str
    path: Path
    sha256: str | None = None  # checked against the file, when known
    password: str | None = None


@dataclass
class Screened:
    """What the source check decided for one composition's facts."""

    kept: list[Fact]  # the facts to draw, in their original order
    results: list[dict[str, Any]]  # one per input fact, same order
    error: str | None = None  # the check could not run for some document (reason)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # what was left out and why
    reasons: list[str] = field(default_factory=list)  # the same, as the verdict names them


def _target(quote: str, match: re.Match[str]) -> dict[str, Any]:
    """A number as printed in `quote`, with the quote's words before and after it."""
    num = match.group().rstrip(".,")
    return {
        "search": num,
        "digits": num.replace(",", ""),
        "negative": negative_at(quote, match.start()),
        "before": quote[: match.start()],
        "after": quote[match.start() + len(num) :],
    }


def targets(fact: Fact) -> list[dict[str, Any]]:
    """The numbers of `fact.display`, each as printed in its quote ("4,623", "(1,234)"), with
    the quote's words before and after it so the right occurrence on the page is found."""
    out = []
    for shown in _PRINTED.findall(fact.display):
        digits = shown.replace(",", "")
        match = next(
            (
                m
                for m in _PRINTED.finditer(fact.quote)
                if m.group().replace(",", "").rstrip(".,") == digits
            ),
            None,
        )
        if match is not None:
            out.append(_target(fact.quote, match))
        else:  # the quote does not print it as displayed: look for the display's form
            out.append(
                {
                    "search": shown.rstrip(".,"),
                    "digits": digits,
                    "negative": _negative(fact.display),
                    "before": fact.quote,
                    "after": "",
                }
            )
    return out


BADGES = {"yoy_pct": "YoY", "qoq_pct": "QoQ"}  # Change fields the infographic draws as badges


def badge_targets(fact: Fact) -> dict[str, dict[str, Any] | None]:
    """The change badges the infographic would draw beside `fact` ("+18% YoY"), each as
    printed in the quote ("up 18%"), or None when the quote does not print it."""
    out: dict[str, dict[str, Any] | None] = {}
    for name in BADGES:
        value = getattr(fact.change, name)
        if value is None:
            continue
        match = next(
            (
                m
                for m in _PRINTED.finditer(fact.quote)
                if float(m.group().replace(",", "").rstrip(".,")) == abs(value)
            ),
            None,
        )
        out[name] = None if match is None else _target(fact.quote, match)
    return out


def label(fact: Fact) -> str:
    """How a reason names a figure: "revenue $13.9 billion", "segment_revenue (Cloud) $2.1B"."""
    key = fact.key + (f" ({fact.segment})" if fact.segment else "")
    return f"{key} {fact.display}"


def check_document(
    document: SourceDocument, facts: list[Fact], settings: Settings
) -> list[dict[str, Any]]:
    """One sandboxed worker call that judges every fact citing `document`: a result per
    fact, {"source_visible": bool, "page", "box" (points from the top-left), "how", "ocr"}.
    Raises DocumentError (or OcrUnavailableError) when the check cannot run."""
    from studio.documents import ocr
    from studio.documents.reader import OCR_MEMORY_MB, _run_worker

    if not ocr.available():
        raise ocr.OcrUnavailableError("OCR is not installed", hint=ocr.INSTALL_HINT)
    checks = [
        {"id": str(i), "page": fact.page, "numbers": targets(fact)} for i, fact in enumerate(facts)
    ]
    checks += [
        {"id": f"{i}:{name}", "page": fact.page, "numbers": [target]}
        for i, fact in enumerate(facts)
        for name, target in badge_targets(fact).items()
        if target is not None
    ]
    limits = settings.model_copy(
        update={"pdf_max_memory_mb": max(settings.pdf_max_memory_mb, OCR_MEMORY_MB)}
    )
    result = _run_worker(
        {
            "mode": "region",
            "path": str(document.path.resolve()),
            "password": document.password,
            "dpi": DPI,
            "checks": checks,
            # pages not reached by then come back unchecked rather than the call timing out
            "budget_s": 0.7 * settings.pdf_timeout_s,
            # onnxruntime runs a thread per core: CPU time is wall time times cores
            "cpu_s": int(settings.pdf_timeout_s * (os.cpu_count() or 1)) + 1,
        },
        document.name,
        limits,
    )
    by_id = {r["id"]: r for r in result["results"]}
    out = []
    for i, fact in enumerate(facts):
        r = by_id.get(str(i), {"visible": None, "numbers": [], "error": "not checked"})
        numbers = r.get("numbers") or []
        first_bad = next((n for n in numbers if not n["visible"]), numbers[0] if numbers else {})
        badges = {  # True | False | None (not checked); a badge the quote lacks is False
            name: by_id.get(f"{i}:{name}", {"visible": False if target is None else None})[
                "visible"
            ]
            for name, target in badge_targets(fact).items()
        }
        out.append(
            {
                "source_visible": None if r["visible"] is None else bool(r["visible"]),
                **({"badges_visible": badges} if badges else {}),
                "source": {
                    "document": document.name,
                    "page": fact.page,
                    "box": first_bad.get("box"),
                    "how": first_bad.get("how") or r.get("error") or "no number to look for",
                    "ocr": first_bad.get("ocr", ""),
                },
            }
        )
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def screen(facts: list[Fact], documents: dict[str, SourceDocument], settings: Settings) -> Screened:
    """Check every fact against its cited page; keep those visible there. `documents` maps a
    document's sha256 to where it is; a fact citing none of them (or an unreadable one) is
    kept but not verified (source_visible None): the check could not say."""
    t0 = time.perf_counter()
    results: list[dict[str, Any]] = [{} for _ in facts]
    groups: dict[str, list[int]] = {}
    errors: list[str] = []
    only = next(iter(documents)) if len(documents) == 1 else None
    for i, fact in enumerate(facts):
        sha = fact.document if fact.document in documents else only
        if sha is None:
            results[i] = {"source_visible": None, "source": {"page": fact.page}}
            errors.append(f"{label(fact)}: its source document is not attached")
            continue
        groups.setdefault(sha, []).append(i)
    for sha, indices in groups.items():
        document = documents[sha]
        try:
            if not document.path.is_file():
                raise FileNotFoundError(f"{document.name} is no longer at {document.path}")
            if document.sha256 and _sha256(document.path) != document.sha256:
                raise ValueError(f"{document.name} changed since it was planned")
            judged = check_document(document, [facts[i] for i in indices], settings)
        except Exception as exc:  # StudioError, OSError: say why; never pass silently
            message = getattr(exc, "message", None) or str(exc)
            errors.append(f"source not checked in {document.name}: {message}")
            for i in indices:
                results[i] = {
                    "source_visible": None,
                    "source": {"document": document.name, "page": facts[i].page},
                }
            continue
        for i, r in zip(indices, judged, strict=True):
            results[i] = r
            if r["source_visible"] is None:
                errors.append(
                    f"{label(facts[i])}: not checked on page {facts[i].page} of {document.name} "
                    f"({r['source']['how']})"
                )
    kept, problems = [], []  # problems: (reason, what is left out)
    for f, r in zip(facts, results, strict=True):
        where = f"page {f.page} of {r['source'].get('document', 'its PDF')}"
        if r["source_visible"] is False:
            problems.append((f"{label(f)}: not visible on {where}", "not drawn"))
            continue
        hidden = [n for n, ok in (r.get("badges_visible") or {}).items() if ok is False]
        for name in hidden:
            badge = f"{abs(getattr(f.change, name)):g}% {BADGES[name]}"
            problems.append(
                (f"{label(f)}: its {badge} is not visible on {where}", "badge not drawn")
            )
        if hidden:  # the figure is shown; its change badge is not
            f = f.model_copy(update={"change": f.change.model_copy(update=dict.fromkeys(hidden))})
        for name in [n for n, ok in (r.get("badges_visible") or {}).items() if ok is None]:
            errors.append(f"{label(f)}: its {BADGES[name]} change not checked on {where}")
        kept.append(f)
    warnings = [f"{reason}; {action}" for reason, action in problems]
    return Screened(
        kept=kept,
        results=results,
        error="; ".join(errors) or None,
        seconds=round(time.perf_counter() - t0, 3),
        warnings=warnings,
        reasons=[reason for reason, _ in problems],
    )


def merge(
    image_report: dict[str, Any] | None, facts: list[Fact], screened: Screened
) -> dict[str, Any]:
    """One verification entry for a deliverable: the image check's per-fact results with
    source_visible added, figures not drawn listed with why, and the verdict."""
    image_report = image_report or {"status": "verified", "facts": [], "reason": None}
    drawn = iter(image_report.get("facts") or [])
    entries: list[dict[str, Any]] = []
    for fact, source in zip(facts, screened.results, strict=True):
        if source["source_visible"] is False:
            entry = {
                "key": fact.key,
                "segment": fact.segment,
                "display": fact.display,
                "page": fact.page,
                "status": "not_drawn",
            }
        else:
            entry = dict(next(drawn, {}))
        entries.append({**entry, **source})
    reasons = []
    if image_report.get("status") != "verified":
        reasons.append(str(image_report.get("reason") or "the image check failed"))
    reasons += screened.reasons
    if screened.error:
        reasons.append(screened.error)
    if not screened.kept:
        reasons.append("no figure is visible in the source, nothing to draw")
    return {
        **image_report,
        "status": "unverified" if reasons else "verified",
        "reason": "; ".join(reasons) or None,
        "facts": entries,
        "source_seconds": screened.seconds,
        "warnings": screened.warnings,
    }


_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="source-check")


def start_screen(
    facts: list[Fact], documents: dict[str, SourceDocument], settings: Settings
) -> Future[Screened]:
    """`screen` in the background (a thread waiting on the worker process): an in-process
    run starts it before generating, so the check is done by the time it composes."""
    return _POOL.submit(screen, facts, documents, settings)


def compose_verified(
    composition: Composition,
    images: list[Image.Image],
    brand: BrandKit,
    documents: dict[str, SourceDocument],
    settings: Settings,
    *,
    pending: Future[Screened] | None = None,
) -> tuple[Image.Image, dict[str, Any]]:
    """Compose an infographic from only the figures its PDF shows, and verify it: (image,
    the manifest's verification entry). The source check (`pending`, when started earlier
    for these facts) runs in its worker process while this one composes and reads back the
    image with every figure, which is what almost always ships; when a figure is not
    visible on its page, that image is discarded and the deliverable composed and read
    again without it. An invisible figure never reaches an image that is written anywhere."""
    from studio.compose import compose_with_boxes
    from studio.verify import check_facts

    facts = composition.facts
    pending = pending or start_screen(facts, documents, settings)
    image, boxes = compose_with_boxes(composition, images, brand)
    shown = check_facts(image, facts, boxes)
    screened = pending.result()
    if screened.kept != facts:  # a figure or a badge left out
        drawn = composition.model_copy(update={"facts": screened.kept})
        image, boxes = compose_with_boxes(drawn, images, brand)
        shown = check_facts(image, drawn.facts, boxes) if drawn.facts else None
    return image, merge(shown, facts, screened)
