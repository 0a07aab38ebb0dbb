"""Reading the words a brief wants on the image without a language model: quoted copy, a
headline or slogan it spells out, offers and prices, calls to action. Found verbatim and
with where they are written, so the composer draws them and the subject reader skips them."""

from __future__ import annotations

import re

_QUOTED = re.compile(
    r"[\"“”„«»]([^\"“”„«»]{2,80})[\"“”„«»]|(?<![\w])'((?:[^']|'(?=[a-z]))"
    r"{2,80})'(?![\w])"
)  # "'Nonna Rosa's Sunday Lasagne'": an apostrophe inside single quotes
_CALLED = re.compile(
    r"\b(?:headline|slogan|tagline|tag line|title|text|caption|strapline|wording|copy|message|"
    r"button|cta|call to action|claim|subline|überschrift|schlagzeile|texto|titular|botón)\s*"
    r"(?:reading|saying|that says|:)\s*"
    r"(?P<t>[^.;\"“”„«»'‘’\s][^;\"“”„«»\n]{1,79}?)\s*"
    r"(?:[.;]\s+(?=[A-ZÄÖÜÁÉÍÓÚ¿¡\w]+\s*[:'\"“„«])|[;\n]|\.?\s*$|\.\s+(?=[A-Z][a-z]+\s))",
    re.I,
)
_OFFER = re.compile(
    r"\b(?:up\s+to\s+|bis\s+zu\s+|hasta\s+(?:un\s+)?)?\d{1,3}\s?%\s+(?:off|rabatt|de\s+descuento|dto\.?)\b"
    r"(?:\s+(?:everything|all|sitewide|storewide|auf\s+alles|en\s+todo))?|"
    r"\bbuy\s+one,?\s+get\s+one(?:\s+free)?\b|\bfree\s+shipping\b|[$€£]\s?\d+(?:[.,]\d{2})?\b",
    re.I,
)
_CTA = re.compile(
    r"\b(?:shop|buy|order|book|sign up|register|download|subscribe|join|call|visit|try it|learn|"
    r"get started|get yours|discover|reserve)\s*(?:now|today|more|free|us|online|here)\b[!]?|"
    r"¡?\b(?:compra|reserva|descubre|regístrate|suscríbete|pide|visítanos)\s+(?:ya|ahora|hoy|aquí|online)\b!?|"
    r"\bjetzt\s+(?:kaufen|bestellen|buchen|anmelden|entdecken|sichern|testen|registrieren)\b!?",
    re.I,
)


_NAME_FIELD = re.compile(
    r"(?:^|[.\n]\s*)(?:client|customer|kunde|kundin|cliente|goal|objective|aim|purpose|ziel|zweck|"
    r"objetivo|propósito|background|context|hintergrund|kontext|contexto|antecedentes)\s*:[^.\n]*$",
    re.I,
)


_WORK_NOUN = re.compile(  # 'la película «Volver»', "the album 'Blue Hours'": a title, no copy
    r"\b(?:film|movie|album|book|song|show|series|play|tour|película|álbum|libro|canción|gira|"
    r"serie|obra|buch|lied|tournee|theaterstück|collection|kollektion|colección|campaign|"
    r"kampagne|campaña|exhibition|ausstellung|exposición|tariff|tarif|tarifa|"
    r"style of|stil von|estilo de|im stil von|al estilo de|brand|marke|marca|label|"
    # 'unserem Gin „Nordlicht 47“', 'our blend "Morning Glory"': a product's name
    r"(?:our|my|unser\w*|mein\w*|nuestr\w*|mi)\s+[\w-]+)\s*[(]?\s*$",
    re.I,
)
_WORK_AFTER = re.compile(  # 'the museum's "Wings" exhibition': the name of something
    r"^[ \t]*(?:exhibition|campaign|collection|tour|festival|album|film|movie|series|event|"
    r"ausstellung|kampagne|kollektion|tournee|festival|ausgabe|exposición|campaña|colección|"
    r"gira|festival|evento|newsletter|magazine|podcast|brand|range|line|marke|reihe|"
    r"revista|marca)\b",
    re.I,
)


def _copy_matches(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _QUOTED.finditer(text):
        named = _WORK_NOUN.search(text[: m.start()]) or _WORK_AFTER.match(text[m.end() :])
        if _NAME_FIELD.search(text[: m.start()]) or named:
            continue  # 'Ziel: mehr Anmeldungen für den Tarif „Bodensee grün“': a name, not copy
        found.append((m.start(), m.end(), (m.group(1) or m.group(2)).strip()))
    for m in _CALLED.finditer(text):
        found.append((m.start("t"), m.end("t"), m.group("t").strip()))
    for pattern in (_OFFER, _CTA):
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), m.group(0).strip()))
    return sorted(found)


def on_image_text_spans(text: str) -> list[tuple[int, int]]:
    """Where each piece of on-image copy is written in the brief."""
    return [(start, end) for start, end, _ in _copy_matches(text)]


def find_on_image_text(text: str) -> tuple[list[str], str]:
    """Words the brief wants on the image, verbatim and in order: quoted text, a headline or
    slogan it spells out, offers and prices ("30% off", "$19.99"), calls to action ("Shop
    now"). The composer draws them; the image model is never trusted with them."""
    out: list[str] = []
    for _, _, words in _copy_matches(text):
        if words and not any(words.lower() in o.lower() or o.lower() in words.lower() for o in out):
            out.append(words)
    return out, (f"on-image text {out!r} from the brief, drawn by the composer" if out else "")
