"""Splitting a person or thing from where it is and what it wears: 'woman in a yellow
raincoat on a foggy London bridge at dawn' -> subject 'woman', outfit 'a yellow raincoat',
setting 'on a foggy London bridge at dawn'. A preposition starts a setting when its phrase
names a place, a surface or a time; a phrase that ends in a garment is an outfit."""

from __future__ import annotations

import re

from studio.planner import lexicon

_WORD = re.compile(r"[\w][\w'’.-]*", re.UNICODE)

# prepositions that also say what someone wears or holds ('in a raincoat', 'mit Hut')
_CLOTHING_PREPS = {"in", "im", "en", "over", "über", "during", "durante", "entre", "beim", "bei"}


_EVENT_HEADS = {"webinar", "talk", "workshop", "seminar", "course", "lecture", "conference",
                "panel", "podcast", "session", "vortrag", "kurs", "charla", "taller",
                "conferencia", "curso", "ponencia", "keynote"}  # fmt: skip


_WEARING = re.compile(
    r"\s(?:in|im|in (?:a|an|the)|in (?:einem|einer|einen)|wearing|wears|dressed in|mit|"
    r"mit (?:einem|einer)|con|con (?:un|una|el|la)|vestid[oa] con|en|en (?:un|una))\s",
    re.I,
)


def split_outfit_phrase(phrase: str) -> tuple[str, str, str]:
    """'woman in a yellow raincoat' -> ('woman', 'a yellow raincoat', ''): a phrase that ends
    in a garment is what the person wears ('mit Bart' is no garment, it stays)."""
    clothes = set(lexicon.CLOTHING)
    for m in _WEARING.finditer(" " + phrase + " "):
        tail = (" " + phrase + " ")[m.end() :].strip()
        words = [w.lower().strip(".,") for w in tail.split()[:6]]
        hit = next(
            (
                i
                for i, w in enumerate(words)
                if w in clothes
                or w.rstrip("s") in clothes
                or (len(w) >= 7 and any(w.endswith(c) for c in clothes if len(c) >= 4))
            ),
            None,
        )
        if hit is not None and m.start() > 0:
            parts = tail.split()
            end = hit + 1
            stops = (
                set(lexicon.ARTICLES)
                | set(lexicon.OF_WORDS)
                | {p for p in lexicon.SETTING_PREPS if " " not in p}
            )
            while end < len(parts) and end <= hit + 2 and parts[end].lower() not in stops:
                end += 1  # 'abrigo rojo': Spanish adjectives follow the garment
            rest = " ".join(parts[end:])
            outfit = " ".join(parts[:end])
            # 'de cuero', 'de flamenca': the garment's own words follow it
            of = re.match(r"^((?:of|de|aus|in|en)\s+\S+)\s*(.*)$", rest, re.I)
            if of and of.group(1).split()[-1].lower() not in lexicon.PLACE_NOUNS:
                outfit, rest = f"{outfit} {of.group(1)}", of.group(2)
            return phrase[: m.start()].strip(), outfit, rest.strip()
    return phrase, "", ""


def split_setting(phrase: str) -> tuple[str, str]:
    """'woman in a yellow raincoat on a foggy London bridge at dawn' -> ('woman in a yellow
    raincoat', 'on a foggy London bridge at dawn'): a preposition whose phrase names a
    place, a surface or a time starts the setting; 'in a raincoat' does not."""
    preps = sorted(lexicon.SETTING_PREPS, key=len, reverse=True)
    pattern = re.compile(r"\s(" + "|".join(re.escape(p) for p in preps) + r")\s", re.I)
    places = set(lexicon.PLACE_NOUNS)
    for m in pattern.finditer(" " + phrase + " "):
        start = m.start()
        tail = (" " + phrase + " ")[m.end() :]
        words = [w.lower().strip(".,") for w in _WORD.findall(tail)[:6]]
        nxt = pattern.search(" " + tail)
        if nxt:  # only this preposition's own phrase
            words = [w.lower() for w in _WORD.findall(tail[: max(0, nxt.start() - 1)])] or words
        prep = m.group(1).lower()
        placed = any(
            w in places
            or w.rstrip("s") in places
            or (len(w) >= 7 and any(w.endswith(p) for p in places if len(p) >= 4))
            for w in words
        )
        head = phrase[:start].split()[-1].lower() if start > 0 else ""
        topic = prep in ("on", "über", "sobre", "about") and head in _EVENT_HEADS
        if start > 0 and not topic and (placed or prep not in _CLOTHING_PREPS):
            return phrase[: start - 1 + 1].strip(), phrase[start:].strip()
    return phrase, ""


# --- cleaning one fragment -----------------------------------------------------------------
