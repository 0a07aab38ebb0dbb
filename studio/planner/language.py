"""The language a brief is written in, detected offline with lingua (its models ship in the
wheel), among the languages Studio's readers know. The on-image copy is left out first: an
English slogan in a German brief does not make the brief English. Without lingua installed
a stop-word count answers, and the spec says which detector spoke."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# ISO 639-1 codes Studio's brief readers have vocabulary for, and lingua's names for them
LANGUAGES = {
    "en": "ENGLISH",
    "de": "GERMAN",
    "es": "SPANISH",
    "fr": "FRENCH",
    "it": "ITALIAN",
    "pt": "PORTUGUESE",
    "nl": "DUTCH",
}

_STOPWORDS = {
    "en": "the a an of and with for in on to my our please make create show",
    "de": "der die das ein eine einer eines mit und für auf im vom zum bitte erstelle unser",
    "es": "el la los las un una de del con para y en por favor haz crea nuestro nuestra",
    "fr": "le la les un une des du avec pour et en sur fais créez notre",
    "it": "il lo la gli le un una di del con per e in sulla crea nostro",
    "pt": "o a os as um uma do da com para e em sobre crie nosso",
    "nl": "de het een van met voor en op maak onze",
}


@lru_cache(maxsize=1)
def _detector() -> Any:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        return None
    langs = [getattr(Language, name) for name in LANGUAGES.values()]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> tuple[str, float, str]:
    """(ISO 639-1 code, confidence 0..1, detector). English when nothing can be told."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return "en", 0.0, "none"
    detector = _detector()
    if detector is not None:
        values = detector.compute_language_confidence_values(" ".join(words))
        if values:
            best = values[0]
            code = best.language.iso_code_639_1.name.lower()
            return code, round(float(best.value), 3), "lingua"
    counts = {
        code: sum(w.lower() in set(stops.split()) for w in words)
        for code, stops in _STOPWORDS.items()
    }
    code = max(counts, key=lambda c: counts[c])
    total = sum(counts.values())
    return (code, round(counts[code] / total, 3), "stopwords") if total else ("en", 0.0, "none")
