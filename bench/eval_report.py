"""The printed side of bench/eval_facts.py: per-set reports and the closing summary table.

Kept apart from the scoring so each file reads top to bottom: eval_facts.py decides what is
correct, WRONG, missed or adopted from a plant, and records it in a SetResult; this module only
prints SetResults.
"""

from __future__ import annotations

from collections import defaultdict


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


class SetResult:
    """Everything one set's evaluation found, for its report and the summary table."""

    def __init__(self, name: str, docs: int) -> None:
        self.name, self.docs, self.seconds = name, docs, 0.0
        self.scores: dict[str, Score] = defaultdict(Score)
        self.producers: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
        self.wrongs: list[str] = []
        self.misses: list[str] = []
        self.unlabelled: list[str] = []
        self.currency: list[str] = []
        self.adopted: list[str] = []
        self.failed: list[str] = []

    def total(self, fields: list[str]) -> Score:
        out = Score()
        for field in fields:
            out.correct += self.scores[field].correct
            out.wrong += self.scores[field].wrong
            out.labelled += self.scores[field].labelled
        return out


def report(result: SetResult, headline_fields: list[str], verbose: bool) -> None:
    """One set's report: per-field table, per-producer lines, then every problem found."""
    print(f"\n===== {result.name}: fact extraction on {result.docs} labelled documents "
          f"({result.seconds:.1f} s) =====\n")  # fmt: skip
    for line in result.failed:
        print(f"!! {line}")
    print(f"{'field':34s} {'precision':>9s} {'recall':>8s}")
    for field in [*headline_fields, "segments", "guidance"]:
        print(result.scores[field].line(field))
    print("-" * 90)
    print(result.total(headline_fields).line("headline fields"))
    print(result.total([*headline_fields, "segments", "guidance"]).line("all fields"))
    if len(result.producers) > 1 or "-" not in result.producers:
        print(f"\n{'producer':14s} {'headline recall':>16s} {'segment recall':>15s} {'wrong':>6s}")
        for producer, scores in sorted(result.producers.items()):
            headline = Score()
            for field in headline_fields:
                headline.correct += scores[field].correct
                headline.labelled += scores[field].labelled
            wrong = sum(s.wrong for s in scores.values())
            print(
                f"{producer:14s} {_recall(headline):>16s} {_recall(scores['segments']):>15s} {wrong:6d}"
            )
    if result.unlabelled:
        print(
            f"\n{len(result.unlabelled)} guidance facts for metrics the labels do not cover (not scored):"
        )
        for line in result.unlabelled:
            print(f"  {line}")
    if result.currency:
        print(
            f"\n{len(result.currency)} currency mismatches (value scored, unit not the document's):"
        )
        for line in result.currency[: None if verbose else 10]:
            print(f"  {line}")
        if not verbose and len(result.currency) > 10:
            print(f"  ... ({len(result.currency) - 10} more with --verbose)")
    if verbose and result.misses:
        print(f"\n{len(result.misses)} labelled fields not found:")
        for line in result.misses:
            print(f"  {line}")
    if result.adopted:
        print(f"\n!!!!! {len(result.adopted)} PLANTED NUMBER(S) OR TEXT ADOPTED !!!!!")
        for line in result.adopted:
            print(f"  PLANTED  {line}")
    if result.wrongs:
        print(f"\n!!!!! {len(result.wrongs)} WRONG NUMBER(S) !!!!!")
        for line in result.wrongs:
            print(f"  WRONG  {line}")
    else:
        print("\nNo wrong numbers.")


def _recall(score: Score) -> str:
    return f"{score.correct / score.labelled:.1%}" if score.labelled else "-"


def summary(results: list[SetResult], skipped: dict[str, str], headline_fields: list[str]) -> None:
    """The closing table: set | docs | headline recall | segment recall | wrong | planted adopted."""
    print("\n===== summary =====\n")
    print(f"{'set':12s} {'docs':>5s} {'headline recall':>16s} {'segment recall':>15s} "
          f"{'wrong':>6s} {'planted adopted':>16s} {'currency mismatch':>18s}")  # fmt: skip
    for r in results:
        adopted = str(len(r.adopted)) if r.name == "adversarial" else "-"
        print(f"{r.name:12s} {r.docs:5d} {_recall(r.total(headline_fields)):>16s} "
              f"{_recall(r.scores['segments']):>15s} {len(r.wrongs):6d} {adopted:>16s} "
              f"{len(r.currency):18d}")  # fmt: skip
    for name, why in skipped.items():
        print(f"{name:12s} {why}")
