"""Where in a brief each non-subject part is written: the on-image copy with its introducer
('with the headline "Summer Sale"'), formats ('for an Instagram story', 'formato 16:9'),
counts ('with eight key moments', 'mit acht Momenten'), variations, label languages and
references to an attached image. Each finder returns character spans, so the subject reader
can set them aside and the brief spec can say where each value came from."""

from __future__ import annotations

import re

from studio.planner import extract, lexicon

Span = tuple[int, int]

_INTRO_ARTICLES = (
    r"(?:(?:the|a|an|big|large|bold|short|small|main|dem|der|die|den|das|einem|einer|"
    r"großen|grossen|großer|kurzen|el|la|un|una|grande|corto|gran)\s+)*"
)
_COPY_WORDS = (
    r"(?:headline|heading|slogan|tagline|tag line|title|text|caption|copy|call[- ]to[- ]action|"
    r"callout|label|beschriftung|rótulo|"
    r"cta|claim|wording|message|line|overlay text|overlay|button|subline|sub-line|subheadline|"
    r"strapline|offer|price|date|überschrift|schlagzeile|titel|aufschrift|spruch|zeile|"
    r"untertitel|preis|datum|angebot|knopf|handlungsaufforderung|texto|titular|título|titulo|"
    r"eslogan|lema|leyenda|frase|llamada a la acción|botón|boton|subtítulo|precio|fecha|oferta)"
)
# what may stand before quoted copy and belongs with it: ', and the headline', 'mit dem Text'
_COPY_INTRO = re.compile(
    r"(?:(?:,|\band|\bplus|\bwith|\bmit|\bund|\bsowie|\bcon|\by|\bsaying|\breading)\s+)?"
    + _INTRO_ARTICLES
    + r"(?:"
    + _COPY_WORDS
    + r"\s*(?:reading|saying|that says|que diga|que dice|:|=)?\s*)?$",
    re.I,
)
_FORMAT_INTRO = re.compile(
    r"(?:\b(?:in|for|as|at|on|im|als|für|fuer|auf|en|para|como|de)\s+)?"
    r"(?:\b(?:a|an|the|ein|eine|einen|einem|einer|un|una|el|la|our|unser\w*|nuestr\w*)\s+)?"
    r"(?:\b(?:format|formato|size|größe|tamaño|aspect ratio|ratio|orientation)\s+)?$",
    re.I,
)
_FORMAT_OUTRO = re.compile(
    r"^(?:\s*(?:format|formato|size|aspect ratio|aspect|ratio|orientation|px|pixels?|"
    r"pixel|píxeles)\b)*",
    re.I,
)


def copy_spans(text: str) -> list[Span]:
    """Spans of the on-image copy: each quoted string, spelled-out headline, offer, price and
    call to action, widened over the words that introduce it."""
    spans: list[Span] = []
    for start, end in extract.on_image_text_spans(text):
        intro = _COPY_INTRO.search(text[:start])
        spans.append((intro.start() if intro else start, end))
    return spans


def format_spans(text: str, found: list[tuple[int, int]]) -> list[Span]:
    """`found`: the (start, end) of each format word; widened over 'for an', 'formato'."""
    spans = []
    for start, end in found:
        intro = _FORMAT_INTRO.search(text[:start])
        outro = _FORMAT_OUTRO.match(text[end:])
        spans.append((intro.start() if intro else start, end + (outro.end() if outro else 0)))
    return spans


_NUM = "|".join(
    [r"\d{1,3}"] + [re.escape(w) for w in sorted(lexicon.NUMBER_WORDS, key=len, reverse=True)]
)
_LINK_WORDS = r"(?:(?!(?:as|of|in|on|at|for|with|to|from|and|or|by|into|de|en|con|mit|auf)\s)[\w'’-]+\s+){0,2}"
_COUNT = re.compile(
    r"(?:\b(?:with|in|for|of|mit|in|für|aus|con|en|para|de|y|and|und)\s+)?"
    r"(?:\b(?:at least|exactly|mindestens|genau|al menos|exactamente)\s+)?"
    rf"\b(?P<n>{_NUM})\s+{_LINK_WORDS}"
    r"(?P<noun>"
    + "|".join(re.escape(n) for n in sorted(set(lexicon.COUNTED), key=len, reverse=True))
    + r")\b",
    re.I,
)


def count_spans(text: str) -> list[tuple[Span, int, str]]:
    """Every count phrase: (span, value, noun). Numbers inside names are not counts: the
    digits must not follow a name word ('Route 66', 'Apollo 11 mission', 'iPhone 15 case')."""
    out = []
    for m in _COUNT.finditer(text):
        raw = m.group("n").lower()
        before = re.search(r"([A-Za-z][\w-]*)\s*$|#\s*$", text[: m.start("n")])
        if raw.isdigit() and before and (not before.group(1) or extract._NAMELIKE(before.group(1))):
            continue
        value = int(raw) if raw.isdigit() else lexicon.NUMBER_WORDS[raw]
        out.append(((m.start(), m.end()), value, m.group("noun").lower()))
    return out


_VARIATIONS = re.compile(
    rf"(?:\b(?:in|with|als|mit|in|en|con)\s+)?\b(?P<n>{_NUM})\s+(?:[\w'’-]+\s+)?"
    r"(?:" + "|".join(lexicon.VARIATION_NOUNS) + r")\b",
    re.I,
)


def variation_span(text: str) -> tuple[Span, int] | None:
    m = _VARIATIONS.search(text)
    if not m:
        return None
    raw = m.group("n").lower()
    return (m.start(), m.end()), int(raw) if raw.isdigit() else lexicon.NUMBER_WORDS[raw]


def language_spans(text: str) -> list[Span]:
    """'labelled in French, Japanese and English', 'auf Deutsch, Englisch und Türkisch'."""
    names = sorted(
        {n.lower() for n in extract.LANGUAGES} | set(extract._LANGUAGE_NAMES), key=len, reverse=True
    )
    lang = "(?:" + "|".join(re.escape(n) for n in names) + ")"
    pattern = re.compile(
        r"(?:\b(?:labell?ed|labels?|beschriftet|beschriftungen|etiquetad[oa]s?|etiquetas|"
        r"written|captioned|named|rotulad[oa]s?|with labels|mit beschriftungen|con etiquetas)"
        r"\s+)?(?:\b(?:in|auf|en|on)\s+)?"
        + lang
        + r"(?:\s*(?:,|/|\band\b|\bund\b|\by\b|\be\b|&|\bplus\b)\s*"
        + lang
        + r")*\b",
        re.I,
    )
    # a lone language name with no 'in'/'labelled' before it is a word of the subject
    # ('pad thai', 'French toast'); a list or an introduced name is the labels' languages
    return [
        m.span()
        for m in pattern.finditer(text)
        if re.match(r"\w+\s", m.group(0))
        and not re.fullmatch(lang, m.group(0).split()[0], re.I)
        or len(re.findall(lang, m.group(0), re.I)) >= 2
    ]


_ATTACHED = "(?:" + "|".join(lexicon.ATTACHED_WORDS) + ")"
_REFERENCE = re.compile(
    r"(?:\b(?:use|using|with|from|based on|take|nutze|nimm|verwende|mit|aus|usa|usando|con|"
    r"toma|a partir de|basad[oa] en|mach aus)\s+)?"
    r"(?:\b(?:the|this|our|die|das|den|dem|unser\w*|la|el|las|los|esta|este|nuestr\w*)\s+)?"
    + _ATTACHED
    + r"\s+(?:photo|image|picture|pic|sketch|file|shot|reference|flat-lay|flatlay|moodboard|"
    r"screenshot|foto|bild|datei|skizze|imagen|referenzfoto|"
    r"boceto|archivo|fotografía)s?"
    r"(?:\s+(?:of|von|vom|de|del)\s+(?:(?:our|my|the|unser\w*|mein\w*|nuestr\w*|la|el)\s+)?)?"
    r"(?:\s+(?:as|als|como)\s+(?:a\s+)?(?:reference|referenz|referencia)\b)?"
    r"|\b(?:as|als|como)\s+(?:a\s+)?(?:reference|referenz|referencia)\b",
    re.I,
)


_SEE_ATTACHED = re.compile(
    r"\(\s*(?:see|siehe|ver|véase)?\s*(?:the\s+)?(?:attachment|attached|anhang|adjunto|adjunta|"
    r"foto anbei|photo attached|bild anbei|anbei|foto adjunta|imagen adjunta)[^)]{0,20}\)|"
    r"\b(?:aus dem|vom|from the|in the|de la|del)\s+(?:foto|bild|photo|picture|image|imagen)\s+"
    r"(?:im anhang|anbei|attached|adjunt[oa])\b|\b(?:foto|bild)\s+anbei\b|\bim anhang\b|"
    r"\b(?:anbei|attached(?: is)?|adjunto|adjunta)\s+(?:(?:das|the|la|el)\s+)?(?:foto|photo|bild|"
    r"imagen|picture)\s+(?:(?:unserer|unseres|unseren|unser|of our|of the|de nuestr\w*|del?)\s+)?|"
    r"\b(?:aus dem|im|from the|in the|del|en el)\s+(?:anhang|attachment|adjunto)\b",
    re.I | re.M,
)
_SERVINGS = re.compile(
    rf"\b(?:serves|for|für|para|pour)\s+(?:{_NUM})(?:\s+(?:people|persons|servings|personen|"
    r"portionen|personas|porciones|raciones|personnes))?\b(?<!\bfor\s\d)|"
    rf"\b(?:serves|feeds)\s+(?:{_NUM})\b",
    re.I,
)


_PHOTO_ATTACHED = re.compile(
    r"(?:\b(?:use|using|usa|usar|utiliza|nutze|verwende|nimm|with|con|mit|from|de|aus|en)\s+)?"
    r"(?:\b(?:la|el|las|los|dem|der|die|das|the)\s+)?"
    r"\b(?:foto|fotos|imagen|imágenes|bild|photo|picture|image|produktfoto|foto del producto)\s+"
    + _ATTACHED
    + r"(?:\s+(?:de|del|von|vom|of)\s+(?:(?:nuestr\w*|unser\w*|our|la|el|los|las)\s+)?)?"
    r"(?:\s+(?:as|als|como)\s+(?:a\s+)?(?:reference|referenz|referencia)\b)?",
    re.I,
)


def reference_spans(text: str) -> list[Span]:
    return (
        [m.span() for m in _REFERENCE.finditer(text)]
        + [m.span() for m in _SEE_ATTACHED.finditer(text)]
        + [m.span() for m in _PHOTO_ATTACHED.finditer(text)]
    )


def servings_spans(text: str) -> list[Span]:
    """'serves six', 'for four people', 'für 4 Personen': how many a recipe feeds."""
    out = []
    for m in _SERVINGS.finditer(text):
        if re.search(
            r"people|persons|servings|personen|portionen|personas|porciones|raciones|"
            r"personnes|serves|feeds",
            m.group(0),
            re.I,
        ):
            out.append(m.span())
    return out


_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|februar|märz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|"
    r"julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_YEAR_PHRASE = re.compile(
    r"(?:,\s*|\b(?:in|im|um|en|de|del|von|from|of|circa|around|ca\.|c\.|hacia|anno)\s+)"
    rf"(?:(?:the\s+)?(?:early|late|mid|frühen|späten|principios de|finales de)\s+)?(?:(?:{_MONTHS})\s+)?"
    r"(?:de\s+)?(1[5-9]\d\d|20[0-4]\d)(?:s|er)?\b",
    re.I,
)


def year_spans(text: str) -> list[Span]:
    """'in 1937', 'im November 1989', 'um 1910', ', 1945': the year of a historical event."""
    return [m.span() for m in _YEAR_PHRASE.finditer(text)]
