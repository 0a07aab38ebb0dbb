"""Every file in the malformed corpus through read_pdf: parsed or rejected, why, how fast.

    .venv/bin/python bench/eval_malformed.py [--corpus ../shared/corpus/malformed] [--password P]

Each file must end within seconds either as text or as a DocumentError whose message says
what is wrong and what to do. Anything else (another exception, a hang past the limit,
a message without a hint) is listed as a FAILURE and the exit status is 1. Files whose
name carries their password ("..._pw_<password>.pdf") are also tried with it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "malformed"
SLOW_S = 45.0  # wall time past which a file counts as a failure (OCR of a dense scan included)


def run(path: Path, password: str | None) -> tuple[str, str, float, bool]:
    from studio.documents import read_pdf
    from studio.errors import DocumentError, StudioError

    started = time.perf_counter()
    try:
        doc = read_pdf(path, password=password)
    except DocumentError as exc:
        seconds = time.perf_counter() - started
        return (
            "rejected",
            f"{type(exc).__name__}: {exc}",
            seconds,
            bool(exc.hint) and seconds < SLOW_S,
        )
    except StudioError as exc:
        seconds = time.perf_counter() - started
        return "rejected", f"{type(exc).__name__}: {exc}", seconds, False
    except Exception as exc:  # noqa: BLE001  (the point is to catch what should not happen)
        return "CRASHED", f"{type(exc).__name__}: {exc}", time.perf_counter() - started, False
    seconds = time.perf_counter() - started
    chars = sum(len(text) for text in doc.page_texts)
    how = f"{doc.pages} page(s), {chars} characters"
    if doc.ocr_pages:
        how += f", OCR on page(s) {', '.join(map(str, doc.ocr_pages))}"
    return "parsed", how, seconds, seconds < SLOW_S


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--password", help="try every file with this password too")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.pdf")) if args.corpus.is_dir() else []
    if not files:
        print(f"No malformed corpus at {args.corpus}; nothing to run.")
        return 0

    failures, counts, total = [], {"parsed": 0, "rejected": 0, "CRASHED": 0}, 0.0
    print(f"{'file':50s} {'result':9s} {'seconds':>7s}  message")
    for path in files:
        tries = [None]
        named = re.search(r"_pw_([A-Za-z0-9]+)\.pdf$", path.name)
        if named or args.password:
            tries.append(args.password or named.group(1))
        for password in tries:
            result, message, seconds, ok = run(path, password)
            counts[result] += 1
            total += seconds
            name = path.name + (f" (password {password!r})" if password else "")
            print(f"{name[:50]:50s} {result:9s} {seconds:7.2f}  {message[:160]}")
            if not ok:
                failures.append(f"{name}: {result} in {seconds:.1f} s: {message[:200]}")

    runs = sum(counts.values())
    print(
        f"\n{runs} runs over {len(files)} files: {counts['parsed']} parsed, {counts['rejected']} rejected "
        f"with a message, {counts['CRASHED']} crashed; {total:.1f} s in all"
    )
    if failures:
        print(f"\n!!!!! {len(failures)} FAILURE(S) !!!!!")
        for line in failures:
            print(f"  {line}")
        return 1
    print("Every file ended in text or a clear message.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
