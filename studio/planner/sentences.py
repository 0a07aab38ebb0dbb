"""Reading a brief sentence by sentence: field labels ('Visual:' holds the subject,
'Client:' does not, 'Mood:' holds details), context sentences about the client ('We are a
bakery in Seville', 'wir machen Seifen') and requests ('We need …'). Abbreviations and
ordinals ('Chanel No. 5', 'für die 5. Klasse') keep a sentence whole."""

from __future__ import annotations

import re

_CONTEXT = re.compile(
    r"^(?:we|we're|we are|our|i|i'm|i am|it|this|wir|unser|unsere|ich|es|das ist|somos|"
    r"nuestra|nuestro|soy|es|esto|tenemos|we have|hi|hello|hallo|hola)\b",
    re.I,
)


_STATEMENT = re.compile(  # 'Kleine Manufaktur aus dem Allgäu, wir machen Seifen': about the client
    r"\b(?:we (?:are|make|sell|run|have|bake|roast|brew|offer)|we're|wir (?:sind|machen|"
    r"verkaufen|betreiben|haben|backen|bieten)|(?:somos|hacemos|vendemos|tenemos|ofrecemos))\b|"
    r"^(?:goal|aim|purpose|ziel|zweck|objetivo|el objetivo|client|the client|customer|kunde|"
    r"cliente|el cliente|brand|marke|marca|la marca)\s+(?:is|ist|es)\b",
    re.I,
)


_SUBJECT_FIELDS = re.compile(
    r"^(?:visual|image|picture|subject|motif|motiv|motivo|show|scene|topic|theme|thema|tema|"
    r"imagen|bild|foto|photo|escena|content|inhalt|contenido|product|produkt|producto|"
    r"zeig(?:e)?(?:\s+bitte)?|bitte\s+zeigen|muestra|mostrar|what to show|was zu sehen ist|"
    r"key visual|hero image|main image|hauptmotiv|bildmotiv|sujet|thema|tema|topic)$",
    re.I,
)


_OTHER_FIELDS = re.compile(
    r"^(?:client|customer|kunde|kundin|cliente|purpose|objective|goal|aim|ziel|zweck|objetivo|"
    r"propósito|finalidad|background|context|hintergrund|kontext|contexto|antecedentes|"
    r"deliverables?|sizes?|formats?|formate|größen|tamaños?|formatos?|channels?|kanäle|canales|"
    r"text|copy|headline|subline|cta|button|tagline|slogan|claim|caption|copy on image|"
    r"words on it|text on it|text on image|texto|titular|botón|note|notes|hinweis|nota|"
    r"budget|presupuesto|deadline|frist|plazo|audience|target|zielgruppe|público|tone|ton|tono|"
    r"brand|marke|marca|campaign|kampagne|campaña|occasion|anlass|ocasión|references?|referenz|"
    r"referencia|attachment|anhang|adjunto|languages?|sprachen|idiomas?|lenguas?|piezas|"
    r"pieces|assets|medidas)$",
    re.I,
)


_DETAIL_FIELDS = re.compile(
    r"^(?:style|stil|estilo|look|mood|stimmung|ambiente|colou?rs|farben|colores|palette|"
    r"palett?e|light|lighting|licht|luz|iluminación|setting|ort|lugar|location)$",
    re.I,
)


_REQUEST = re.compile(
    r"^(?:we|i)(?:'d|\s+would|\s+need|\s+want|'re looking|\s+are looking)|"
    r"^(?:wir|ich)\s+(?:brauchen|brauche|möchten|möchte|hätten gern|wünschen|suchen)|"
    r"^(?:necesitamos|necesito|queremos|quiero|nos gustaría|me gustaría|buscamos)|"
    r"^(?:it|this|the (?:image|visual|picture|poster|banner|post))\s+(?:should|must|needs? to|"
    r"has to|will|shall)\s+(?:show|feature|depict)|^(?:es|das bild|das motiv)\s+soll\b|"
    r"^(?:debe|tiene que|la imagen debe)\s+(?:mostrar|enseñar)",
    re.I,
)


_ABBREVIATIONS = re.compile(
    r"\b(?:No|Nr|St|Dr|Mr|Mrs|Ms|vs|ca|Sr|Sra|Jr|Co|Inc|Ltd|Vol|Abb|Sa|So|Mo|Di|Mi|Do|Fr|"
    r"\d{1,2})\.\s(?=\S)",
    re.I,
)


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


_FIELD = re.compile(r"^\s*([^\W\d][\w' -]{0,24}?)\s*:\s+(.*)$", re.S)


def _segments(masked: str) -> list[tuple[str, str]]:
    """(kind, text) per sentence: kind "subject" for a 'Visual: ...' field, "other" for
    'Client: ...', "detail" for 'Mood: ...', "context" for 'We are a bakery...', else ""."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), masked)
    out = []
    for sentence in _SENTENCE.split(protected):
        sentence = sentence.strip()
        if not sentence.strip(" |"):
            continue
        kind = ""
        field = _FIELD.match(sentence)
        if field and len(field.group(1).split()) <= 4:
            label = field.group(1).strip()
            if _SUBJECT_FIELDS.match(label):
                kind, sentence = "subject", field.group(2)
            elif _OTHER_FIELDS.match(label):
                kind, sentence = "other", field.group(2)
            elif _DETAIL_FIELDS.match(label):
                kind, sentence = "detail", field.group(2)
        if not kind and _CONTEXT.match(sentence) and not _REQUEST.match(sentence):
            kind = "context"
        out.append((kind, sentence))
    return out
