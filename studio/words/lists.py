"""Lists in a brief, found by their form, in English, German, Spanish and French: numbered
items ('1. ', '1) ', '(1)', 'Step 1:', '①'), sequences ('first ... then ... finally'),
bullet or plain lines under a heading, items after a colon (split on ';', ',' and the last
'and'), lists after 'with', and quoted strings. Each list says where it sits in the brief,
how it was written and the heading before it ('Ingredients', 'Schritte'), so a reader can
tell a recipe's ingredients from its method. Nothing here interprets what the items say."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Listing:
    items: list[str]
    start: int  # span in the brief, heading excluded
    end: int
    how: str  # "numbered", "sequence", "bullets", "lines", "colon", "with", "quoted"
    head: str = ""  # the words just before the list, lowercased ('ingredients', 'steps')


_AND = r"(?:and|und|y|e|et|&|plus|sowie|then|dann|luego|puis)"
_STEP_WORD = r"(?:step|schritt|paso|étape|etape|stage|phase)"
_MARK = re.compile(
    r"(?:(?<=\s)|^|(?<=[:;,]))(?:(?P<a>\d{1,2})[.)](?=\s)|\((?P<b>\d{1,2})\)(?=\s)|"
    rf"{_STEP_WORD}\s*(?P<c>\d{{1,2}})\s*[:.)\-–]?(?=\s)|(?P<d>[①-⑳]))",
    re.I | re.M,
)
_SENTENCE_END = re.compile(r"(?<![.])[.!?](?:\s+(?=[A-ZÄÖÜÁÉÍÓÚÀÈ¿¡\"“„«])|\s*$)|\n")


def _clean(item: str) -> str:
    item = re.sub(rf"^\s*(?:,|;|{_AND}\b)\s*", "", item.strip(), flags=re.I)
    item = re.sub(rf"\s*(?:,|;|\s{_AND})\s*$", "", item, flags=re.I)
    return item.strip(" \t\n,;:.").strip()


def _head(text: str, start: int) -> str:
    before = re.split(r"[.\n!?]", text[:start].rstrip(" \t\n:-–"))[-1]
    words = re.findall(r"[^\W\d_][\w'-]*", before.lower())
    return " ".join(words[-3:])


def _tail_end(text: str, start: int) -> int:
    m = _SENTENCE_END.search(text, start)
    return m.start() if m else len(text)


def numbered(text: str) -> list[Listing]:
    """Runs of markers numbered 1, 2, 3... ('1. a 2. b', 'Step 1: a Step 2: b', '① a ② b')."""
    marks = []
    for m in _MARK.finditer(text):
        n = m.group("a") or m.group("b") or m.group("c")
        number = int(n) if n else ord(m.group("d")) - ord("①") + 1
        marks.append((number, m))
    out: list[Listing] = []
    i = 0
    while i < len(marks):
        if marks[i][0] != 1:
            i += 1
            continue
        run = [marks[i][1]]
        j = i + 1
        while j < len(marks) and marks[j][0] == len(run) + 1:
            run.append(marks[j][1])
            j += 1
        if len(run) >= 2:
            ends = [m.start() for m in run[1:]]
            multiline = all(
                "\n" in text[a.end() : b.start()] for a, b in zip(run, run[1:], strict=False)
            )
            last_end = text.find("\n", run[-1].end()) if multiline else -1
            ends.append(last_end if last_end >= 0 else _tail_end(text, run[-1].end()))
            items = [_clean(text[m.end() : e]) for m, e in zip(run, ends, strict=True)]
            if all(items):
                start = run[0].start()
                out.append(Listing(items, start, ends[-1], "numbered", _head(text, start)))
        i = j
    return out


_FIRST = r"(?:first(?:ly)?|first of all|to start|zuerst|zunächst|erstens|als erstes|primero|en primer lugar|d'abord|tout d'abord|premièrement)"  # noqa: E501
_NEXT = r"(?:then|next|after that|afterwards|second(?:ly)?|dann|danach|anschließend|als nächstes|zweitens|luego|después|a continuación|entonces|segundo|puis|ensuite|après|deuxièmement)"  # noqa: E501
_LAST = r"(?:finally|lastly|last of all|at the end|schließlich|zuletzt|am ende|abschließend|finalmente|por último|al final|enfin|finalement)"  # noqa: E501
_SEQ_WORD = re.compile(
    rf"(?:^|(?<=[:;,.\n])|(?<=\s))(?:(?:,\s*)?(?:and|und|y|et)\s+)?({_FIRST}|{_NEXT}|{_LAST})\b,?",
    re.I,
)


def sequence(text: str) -> list[Listing]:
    """'first X, then Y, then Z and finally W' (also 'zuerst ... dann ... schließlich',
    'primero ... luego ... por último', 'd'abord ... puis ... enfin'): the first word opens a
    clause (after a colon, comma, stop or the start), and at least two more follow."""
    first = re.search(rf"(?:^|[:;,.\n]\s*|\s[-–]\s)({_FIRST})\b,?\s", text, re.I)
    if not first:
        return []
    start = first.start(1)
    words = list(_SEQ_WORD.finditer(text, first.end(1)))
    marks: list[tuple[int, int]] = [(start, first.end())]
    for m in words:
        if re.fullmatch(_FIRST, m.group(1), re.I):
            break
        marks.append((m.start(), m.end()))
        if re.fullmatch(_LAST, m.group(1), re.I):
            break
    if len(marks) < 3 and not (len(marks) == 2 and re.search(_LAST, text[marks[1][0] :], re.I)):
        return []
    ends = [m[0] for m in marks[1:]] + [_tail_end(text, marks[-1][1])]
    items = [_clean(text[m[1] : e]) for m, e in zip(marks, ends, strict=True)]
    if not all(items) or any(len(i.split()) > 20 for i in items):
        return []
    return [Listing(items, start, ends[-1], "sequence", _head(text, start))]


def lines(text: str) -> list[Listing]:
    """Bullet lines ('- a', '* b', '• c'), or plain short lines under a line ending in ':'."""
    out: list[Listing] = []
    for m in re.finditer(r"(?:^[ \t]*[-*•–·][ \t]+.+(?:\n|$)){2,}", text, re.M):
        items = [_clean(re.sub(r"^\s*[-*•–·]\s+", "", ln)) for ln in m.group(0).splitlines()]
        out.append(
            Listing([i for i in items if i], m.start(), m.end(), "bullets", _head(text, m.start()))
        )
    for m in re.finditer(r":[ \t]*\n((?:[ \t]*[^\n:]{1,80}(?:\n|$)){2,})", text):
        if any(o.start <= m.start(1) < o.end for o in out):
            continue
        items = [_clean(ln) for ln in m.group(1).splitlines() if _clean(ln)]
        if len(items) >= 2 and all(len(i.split()) <= 12 for i in items):
            out.append(Listing(items, m.start(1), m.end(1), "lines", _head(text, m.start())))
    return out


def _split(tail: str, *, every_and: bool = False) -> list[str]:
    parts = re.split(r"\s*;\s*", tail) if ";" in tail else re.split(r",\s+|、|，", tail)
    parts = [p for p in parts if p.strip(" ,;.")] or [""]
    last = parts[-1]
    pieces = re.split(rf"\s+(?:{_AND})\s+(?=\S)", last, maxsplit=1, flags=re.I)
    if len(parts) >= 1 and len(pieces) == 2 and ";" not in tail:
        parts[-1:] = pieces
    # '150 g sugar and 1 stick cinnamon' in any part: 'and' before a quantity joins two items
    joined = rf"\s+{_AND}\s+" if every_and else rf"\s+{_AND}\s+(?=\d|[½¼¾])"
    parts = [q for p in parts for q in re.split(joined, p, flags=re.I)]
    return [p for p in (_clean(p) for p in parts) if p]


_SEPARATOR = re.compile(r"\s+(?:/|\||·|•)\s+")


def separated(text: str) -> list[Listing]:
    """Items between ' / ', ' | ' or ' · ' in one sentence: 'Monday: laptop setup / Tuesday:
    meet the team / Wednesday: first ticket' (three or more; 'km/h' has no spaces)."""
    out: list[Listing] = []
    start = 0
    for end_m in [*_SENTENCE_END.finditer(text), None]:
        end = end_m.start() if end_m else len(text)
        sentence = text[start:end]
        parts = _SEPARATOR.split(sentence)
        if len(parts) >= 3 and all(0 < len(p.split()) <= 10 for p in parts[1:]):
            # the first part may carry a lead-in ('... deck - Monday: laptop setup')
            lead = re.split(r"\s[-–—]\s|:\s(?=[^:]*:)", parts[0])
            first = lead[-1]
            offset = start + sentence.index(first)
            items = [_clean(p) for p in [first, *parts[1:]]]
            out.append(Listing(items, offset, end, "separated", _head(text, offset)))
        start = end_m.end() if end_m else len(text)
    return out


def colon(text: str) -> list[Listing]:
    """Items after a colon, to the end of the sentence: 'steps: a, b and c', 'Zutaten: 3 Eier;
    20 g Butter'. A colon inside a time ('10:30') or after a list item is no list's start."""
    out: list[Listing] = []
    for m in re.finditer(r"(?:(?<!\d):|:(?!\d))\s*", text):
        if any(o.start <= m.start() < o.end for o in out):
            continue
        end = _tail_end(text, m.end())
        nxt = re.search(r"\s(?:[A-ZÄÖÜÉ][\w-]*|[a-zäöüé]{4,})(?:\s[\w-]+)?:\s", text[m.end() : end])
        if (
            nxt and ";" not in text[m.end() : m.end() + nxt.start()]
        ):  # 'Ingredients: ... Steps: ...'
            end = m.end() + nxt.start()
        items = _split(text[m.end() : end])
        if len(items) >= 2 and all(len(i.split()) <= 14 for i in items):
            out.append(Listing(items, m.end(), end, "colon", _head(text, m.start())))
    return out


_WITH = r"(?:with|including|such as|like|mit|wie|con|como|incluyendo|avec|comme|dont)"


def with_lists(text: str) -> list[Listing]:
    """'with 3 eggs, 10 g butter and chives': three items, or two joined by 'and'."""
    out: list[Listing] = []
    for m in re.finditer(rf"\b{_WITH}\s+", text, re.I):
        end = _tail_end(text, m.end())
        tail = re.split(r"[;:]", text[m.end() : end])[0]
        cut = re.search(
            r"\s(?:in|auf|en)\s+(?=[A-ZÁÉ][a-zäöüéáíóúñç]+(?:\s*(?:,|and|und|y|et)\s))", tail
        )
        if cut:  # '... and chives in English, German': the languages are no item
            tail = tail[: cut.start()]
        items = _split(tail, every_and=True)  # short items: 'salt and pepper' is two
        if items and re.search(rf"\b{_WITH}\s", items[0], re.I):
            continue  # 'arroz con leche con 200 g de arroz': the later 'con' opens the list
        if (
            len(items) >= 2
            and all(len(i.split()) <= 6 for i in items)
            and (len(items) >= 3 or re.search(rf"\s{_AND}\s", tail, re.I))
        ):
            out.append(Listing(items, m.end(), m.end() + len(tail), "with", _head(text, m.start())))
    return out


_QUOTES = r"\"([^\"\n]{1,160})\"|“([^”\n]{1,160})”|„([^“”\n]{1,160})[“”]|«\s?([^»\n]{1,160}?)\s?»|‘([^’\n]{1,160})’"  # noqa: E501


def quoted(text: str) -> list[Listing]:
    """Two or more quoted strings, each taken verbatim."""
    found = [
        (m.start(), m.end(), next(g for g in m.groups() if g)) for m in re.finditer(_QUOTES, text)
    ]
    if len(found) < 2:
        return []
    return [
        Listing(
            [f[2].strip() for f in found],
            found[0][0],
            found[-1][1],
            "quoted",
            _head(text, found[0][0]),
        )
    ]


def find_lists(text: str) -> list[Listing]:
    """Every list in the brief, none overlapping another, in the order they appear; a list
    written in a stronger form (numbered, a sequence, lines) wins over a looser reading of
    the same words (colon, 'with', quotes)."""
    chosen: list[Listing] = []
    for finder in (numbered, lines, sequence, separated, colon, quoted, with_lists):
        for found in finder(text):
            if not any(found.start < c.end and c.start < found.end for c in chosen):
                chosen.append(found)
    return sorted(chosen, key=lambda c: c.start)
