"""Words a text-capable model painted, checked: after a job whose generator renders text well
(gpt-image, Gemini) was asked to letter the required strings (JobSpec.params["spell"]), OCR
reads each one back. Missing or misspelled words get exactly one regeneration with a
corrected prompt; if that also fails, the composition falls back to the composer drawing the
words (studio/executor/finishing.py reads JobResult.text_check["passed"])."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from studio.domain import JobSpec
from studio.generators.base import GeneratedImage
from studio.words.check import check_strings, corrected_prompt

Regenerate = Callable[[JobSpec], list[GeneratedImage]]
_FIXABLE = ("missing", "misspelled")


def _check(images: list[GeneratedImage], strings: list[str]) -> dict[str, Any]:
    """One report over every image of the job: the worst image decides."""
    reports = [check_strings(g.image, strings) for g in images]
    worst = next((r for r in reports if r["status"] != "verified"), reports[0])
    return worst


def check_painted(
    job: JobSpec, images: list[GeneratedImage], regenerate: Regenerate, *, generator: str
) -> tuple[list[GeneratedImage], dict[str, Any]]:
    """(the images to keep, the text_check record). At most one regeneration, and only when
    a string was missing or misspelled: a string OCR cannot read (its script) or no font
    has is not something a second take fixes, so it goes straight to the composer."""
    strings = [str(s) for s in job.params.get("spell", [])]
    first = _check(images, strings)
    attempts = [_summary(first, job.prompt)]
    if first["status"] == "verified":
        return images, _record(generator, attempts, first, passed=True, cost=0.0)
    fixable = any(r["status"] in _FIXABLE for r in first["strings"])
    if not fixable:
        return images, _record(generator, attempts, first, passed=False, cost=0.0)
    retry = job.model_copy(update={"prompt": corrected_prompt(job.prompt, first)})
    again = regenerate(retry)
    second = _check(again, strings)
    attempts.append(_summary(second, retry.prompt))
    extra = sum(g.cost_usd for g in images)  # the first take was paid for too
    return again, _record(
        generator, attempts, second, passed=second["status"] == "verified", cost=extra
    )


def _summary(report: dict[str, Any], prompt: str) -> dict[str, Any]:
    return {
        "status": report["status"],
        "reason": report.get("reason"),
        "strings": report.get("strings", []),
        "prompt": prompt,
    }


def _record(
    generator: str,
    attempts: list[dict[str, Any]],
    last: dict[str, Any],
    *,
    passed: bool,
    cost: float,
) -> dict[str, Any]:
    return {
        "generator": generator,
        "passed": passed,
        "regenerations": len(attempts) - 1,
        "attempts": attempts,
        "engine": last.get("engine"),
        "extra_cost_usd": cost,
        "outcome": "model" if passed else "composer",
    }
