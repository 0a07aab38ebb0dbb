"""Fact extraction against the labelled earnings corpus: per-field precision and recall.

    .venv/bin/python bench/eval_facts.py [--corpus ../shared/corpus/earnings] [--verbose]

truth.json (one entry per labelled PDF) defines the fields:

    headline   company, period, revenue, revenue_yoy_pct, operating_income, net_income,
               eps_diluted, eps_diluted_non_gaap      (null = the document does not state it)
    segments   {name: revenue} or null (no segment table)
    guidance   [{metric, low, high, period, unit}]

Scoring. A number is correct when it equals the label within the rounding of what was
printed ("$32.0 billion" covers 31,999 million). A fact given where the label is null is
WRONG, and so is any number that differs from its label: every WRONG is listed. A missing
fact only costs recall. Guidance is matched by metric and range; a guidance fact for a
metric the labels do not cover is counted as unlabelled, not scored. Periods are compared
as (quarter, year); a period Studio states in another form ("quarter ended September 30,
2023") is a miss, not a wrong. Exit status 1 when any number is WRONG.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "earnings"
HEADLINE = [
    "company", "period", "revenue", "revenue_yoy_pct", "operating_income", "net_income",
    "eps_diluted", "eps_diluted_non_gaap",
]  # fmt: skip
NUMERIC = HEADLINE[2:]
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


class Score:
    def __init__(self) -> None:
        self.correct = self.wrong = self.labelled = 0

    def line(self, name: str) -> str:
        given = self.correct + self.wrong
        precision = f"{self.correct / given:6.1%}" if given else "     -"
        recall = f"{self.correct / self.labelled:6.1%}" if self.labelled else "     -"
        return (
            f"{name:34s} {precision:>9s} {recall:>8s}   "
            f"{self.correct:3d} correct {self.wrong:3d} wrong {self.labelled:3d} labelled"
        )


def tolerance(display: str, value: float) -> float:
    """Half of the last printed digit of a display string like '$32.0 billion' or '$1.26'."""
    match = re.search(r"(\d[\d,]*)(?:\.(\d+))?\s*(thousand|million|billion|trillion)?", display)
    if not match:
        return abs(value) * 1e-9
    decimals = len(match.group(2) or "")
    return 0.5 * 10**-decimals * SCALES.get(match.group(3) or "", 1.0) + 1e-9 * abs(value)


def norm_company(name: str | None) -> str:
    words = re.sub(r"[^\w\s&]", " ", (name or "").lower()).split()
    drop = {"inc", "incorporated", "corporation", "corp", "co", "company", "the", "ltd", "plc"}
    return " ".join(w for w in words if w not in drop)


def norm_period(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    quarter = re.search(r"Q([1-4])", text, re.I)
    year = re.search(r"(?:FY\s?)?'?(\d{4}|\d{2})\s*$", text.strip(), re.I)
    if not quarter or not year:
        return None
    number = int(year.group(1))
    return int(quarter.group(1)), number + 2000 if number < 100 else number


def guidance_class(metric: str, unit: str) -> str:
    text = metric.lower()
    non_gaap = any(word in text for word in ("non-gaap", "adjusted", "core"))
    if "eps" in text or "per diluted share" in text or "earnings per share" in text:
        base = "eps"
    elif "tax rate" in text:
        base = "tax_rate_pct"
    elif "capital expenditure" in text:
        base = "capex"
    elif "free cash flow" in text:
        base = "free_cash_flow"
    elif "operating cash flow" in text:
        base, non_gaap = "operating_cash_flow_growth_pct", False
    elif "gross margin" in text:
        base = "gross_margin_pct"
    elif "operating margin" in text or "operating income rate" in text:
        base = "operating_margin_pct"
    elif any(w in text for w in ("operating income", "operating profit", "income from operations")):
        base = "operating_income"
    elif "comparable sales" in text or "identical sales" in text:
        base, non_gaap = "comparable_sales_growth_pct", False
    elif ("revenue" in text or "sales" in text) and unit == "pct":
        base, non_gaap = "revenue_growth_pct", False
    elif "revenue" in text or "sales" in text:
        base, non_gaap = "revenue", False
    elif "repurchase" in text:
        base = "share_repurchases"
    else:
        base = re.sub(r"\W+", "_", text)
    return base + ("_non_gaap" if non_gaap else "")


def name_match(a: str, b: str) -> bool:
    words = lambda s: set(re.sub(r"[^\w\s]", " ", s.lower()).split()) - {"and", "the", "of"}  # noqa: E731
    x, y = words(a), words(b)
    return bool(x and y) and (x <= y or y <= x or len(x & y) / len(x | y) >= 0.5)


def evaluate(corpus: Path, verbose: bool) -> int:
    from studio.documents import facts_for_path
    from studio.errors import StudioError

    truth = json.loads((corpus / "truth.json").read_text())
    scores: dict[str, Score] = defaultdict(Score)
    wrongs: list[str] = []
    misses: list[str] = []
    unlabelled: list[str] = []
    started = time.perf_counter()

    def wrong(doc: str, field: str, given: str, expected: object, fact: object = None) -> None:
        where = f" p{fact.page}: {fact.quote[:110]!r}" if fact is not None else ""
        wrongs.append(f"{doc}: {field} = {given}, labelled {expected}{where}")

    for doc, label in sorted(truth.items()):
        try:
            sheet = facts_for_path(corpus / doc)
        except StudioError as exc:
            print(f"!! {doc}: {exc}")
            continue
        if verbose:
            print(f"== {doc}: {sheet.company} | {sheet.period} | {len(sheet.facts)} facts")

        # headline fields
        company = sheet.company
        scores["company"].labelled += 1
        if company is None:
            misses.append(f"{doc}: company")
        elif norm_company(company) == norm_company(label["company"]):
            scores["company"].correct += 1
        else:
            scores["company"].wrong += 1
            wrong(doc, "company", repr(company), repr(label["company"]))

        scores["period"].labelled += 1
        given, expected = norm_period(sheet.period), norm_period(label["period"])
        if given is None:
            misses.append(f"{doc}: period ({sheet.period!r})")
        elif given == expected:
            scores["period"].correct += 1
        else:
            scores["period"].wrong += 1
            wrong(doc, "period", repr(sheet.period), repr(label["period"]))

        for field in NUMERIC:
            expected = label.get(field)
            if field == "revenue_yoy_pct":
                fact = sheet.get("revenue")
                value = fact.change.yoy_pct if fact else None
                if value is None:
                    fact = sheet.get("revenue_growth_pct")
                    value = fact.value if fact else None
                shown, slack = (f"{value}%", 0.051) if value is not None else ("", 0)
            else:
                fact = sheet.get(field)
                value = fact.value if fact else None
                shown = fact.display if fact else ""
                slack = tolerance(shown, value or 0.0)
            score = scores[field]
            if expected is not None:
                score.labelled += 1
            if value is None:
                if expected is not None:
                    misses.append(f"{doc}: {field} (labelled {expected})")
                continue
            if expected is not None and abs(value - expected) <= slack:
                score.correct += 1
            else:
                score.wrong += 1
                wrong(doc, field, shown, expected, fact)

        # segments
        segments = [f for f in sheet.facts if f.key == "segment_revenue"]
        expected_segments = label.get("segments") or {}
        scores["segments"].labelled += len(expected_segments)
        for fact in segments:
            match = next((n for n in expected_segments if name_match(n, fact.segment or "")), None)
            if match and abs(fact.value - expected_segments[match]) <= tolerance(
                fact.display, fact.value
            ):
                scores["segments"].correct += 1
            else:
                scores["segments"].wrong += 1
                wrong(
                    doc,
                    f"segment {fact.segment!r}",
                    fact.display,
                    expected_segments.get(match or ""),
                    fact,
                )
        found = {n for n in expected_segments for f in segments if name_match(n, f.segment or "")}
        misses += [f"{doc}: segment {n!r}" for n in expected_segments if n not in found]

        # guidance
        items = label.get("guidance") or []
        scores["guidance"].labelled += len(items)
        classes = defaultdict(list)
        for item in items:
            classes[guidance_class(item["metric"], item["unit"])].append(item)
        matched: set[int] = set()
        for fact in (f for f in sheet.facts if f.key.startswith("guidance_")):
            cls = fact.key.removeprefix("guidance_")
            if cls not in classes:
                unlabelled.append(f"{doc}: {fact.key} {fact.display} ({fact.period})")
                continue
            slack = tolerance(fact.display, fact.high or 0.0)
            hit = next(
                (
                    i for i in classes[cls]
                    if abs((fact.low or 0) - i["low"]) <= slack and abs((fact.high or 0) - i["high"]) <= slack
                ),
                None,
            )  # fmt: skip
            if hit is not None:
                scores["guidance"].correct += 1
                matched.add(id(hit))
            else:
                scores["guidance"].wrong += 1
                wrong(
                    doc, fact.key, fact.display, [(i["low"], i["high"]) for i in classes[cls]], fact
                )
        misses += [
            f"{doc}: guidance {i['metric']!r} {i['period']}" for i in items if id(i) not in matched
        ]

    # report
    print(
        f"\nFact extraction on {len(truth)} labelled documents ({time.perf_counter() - started:.1f} s)\n"
    )
    print(f"{'field':34s} {'precision':>9s} {'recall':>8s}")
    headline, everything = Score(), Score()
    for field in [*HEADLINE, "segments", "guidance"]:
        score = scores[field]
        print(score.line(field))
        for total in [headline, everything] if field in HEADLINE else [everything]:
            total.correct += score.correct
            total.wrong += score.wrong
            total.labelled += score.labelled
    print("-" * 90)
    print(headline.line("headline fields"))
    print(everything.line("all fields"))
    if unlabelled:
        print(
            f"\n{len(unlabelled)} guidance facts for metrics the labels do not cover (not scored):"
        )
        for line in unlabelled:
            print(f"  {line}")
    if verbose and misses:
        print(f"\n{len(misses)} labelled fields not found:")
        for line in misses:
            print(f"  {line}")
    if wrongs:
        print(f"\n!!!!! {len(wrongs)} WRONG NUMBER(S) !!!!!")
        for line in wrongs:
            print(f"  WRONG  {line}")
        return 1
    print("\nNo wrong numbers.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", "-v", action="store_true", help="also list what was not found")
    args = parser.parse_args()
    if not (args.corpus / "truth.json").is_file():
        print(f"No labelled corpus at {args.corpus} (needs truth.json); nothing to evaluate.")
        return 0
    return evaluate(args.corpus, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
