"""Recipe method steps written as plain clauses ('Mix everything, rest 10 minutes, fry each side
1 minute'; 'mash, chop, mix, season'): a run of clauses that start with a cooking verb is a
method, wherever it stands, with or without a heading. Verbs in en/de/es/fr, as written in
instructions (imperative or infinitive)."""

from __future__ import annotations

import re

from studio.words.lists import Listing

COOKING_VERBS = frozenset(
    """
    add bake baste beat blend boil braise bring brown brush chill chop coat combine cook cool
    cover crack cream crush cut dice drain drizzle dust flip fold fry garnish grate grill heat
    knead layer marinate mash melt microwave mince mix peel place plate poach pour preheat
    press reduce remove rest rinse roast roll saute sauté scatter season serve shake shred
    simmer slice soak spread sprinkle squeeze steam stir strain stuff taste toast top toss
    transfer trim whip whisk wrap
    anbraten backen braten dünsten erhitzen garnieren geben gießen hacken hinzufügen kneten
    kochen mischen pürieren reiben rühren schälen schmelzen schneiden servieren verrühren
    vermengen verquirlen würzen zerdrücken zerlassen abschmecken abgießen aufkochen
    añadir amasar asar batir calentar cocer cocinar cortar derretir escurrir freír hervir
    hornear machacar mezclar pelar picar rallar remover saltear sazonar servir verter
    ajouter assaisonner battre couper cuire dorer écraser égoutter émincer éplucher faire
    fondre hacher mélanger pétrir poêler râper remuer saisir servir verser
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_CLAUSE = re.compile(
    r"\s*(?:,|;|\band\b|\bthen\b|\bund\b|\bdann\b|\by\b|\bluego\b|\bet\b|\bpuis\b)\s*", re.I
)
_SENTENCE = re.compile(r"[.!?;\n]")


def starts_with_verb(clause: str) -> bool:
    first = re.match(r"\s*([^\W\d_]+)", clause)
    return bool(first) and first.group(1).lower() in COOKING_VERBS


def method_clauses(text: str, taken: list[tuple[int, int]]) -> Listing | None:
    """The first run of two or more clauses, mostly verb-first, in a sentence (or a
    semicolon's part) outside the `taken` spans."""
    start = 0
    for end_m in [*_SENTENCE.finditer(text), None]:
        end = end_m.start() if end_m else len(text)
        if not any(a < end and start < b for a, b in taken):
            part = text[start:end]
            clauses = [c.strip(" .") for c in _CLAUSE.split(part) if c and c.strip(" .")]
            verbs = sum(starts_with_verb(c) for c in clauses)
            if len(clauses) >= 2 and verbs * 3 >= len(clauses) * 2 and starts_with_verb(clauses[0]):
                items = [c[:1].upper() + c[1:] for c in clauses]
                lead = len(part) - len(part.lstrip())
                return Listing(items, start + lead, end, "clauses", "")
        start = end_m.end() if end_m else len(text)
    return None
