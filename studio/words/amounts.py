"""Numbers with their meaning, read from a brief in English, German, Spanish or French: an
ingredient's quantity ('3 eggs', '½ cup milk', 'a pinch of salt', '2-3 tomatoes', 'eggs x3'),
servings ('serves 2', 'für 4 Personen', 'para 2'), times ('prep 5 min', '10 minutes
cooking', '1 h 20') and a landmark's facts ('330 m tall', 'built in 1889', 'span of 1,280 m',
'Height: 330 m'). Each reader returns what it found and where, so the planner can set the
span aside and say where a value came from."""

from __future__ import annotations

import re

_FRACTION = "½¼¾⅓⅔⅛"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10,
    "twelve": 12, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "acht": 8, "zehn": 10,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "ocho": 8, "diez": 10,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "huit": 8, "dix": 10,
}  # fmt: skip
_WORDNUM = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
NUM = (
    rf"(?:\d+\s+\d/\d|\d+[{_FRACTION}]|\d+(?:[.,]\d+)?\s*[-–]\s*\d+(?:[.,]\d+)?|\d+\s*/\s*\d+|"
    rf"\d{{1,3}}(?:[,.\u202f ]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?|[{_FRACTION}])"
)
_UNIT = (
    r"(?:kg|g|mg|ml|cl|dl|l|oz|lbs?|pounds?|tbsp|tsp|tbs|cups?|teaspoons?|tablespoons?|"
    r"cloves?|slices?|cans?|tins?|pinch(?:es)?|handfuls?|sprigs?|sticks?|bunch(?:es)?|"
    r"EL|TL|Esslöffel|Teelöffel|Prisen?|Bund|Stück|Zehen?|Scheiben?|Tassen?|Dosen?|"
    r"cucharadas?|cucharaditas?|tazas?|dientes?|pizcas?|rodajas?|latas?|"
    r"c\. à soupe|c\. à café|cuillères? à soupe|cuillères? à café|gousses?|pincées?|tranches?|"
    r"verres?|boîtes?|sachets?)"
)
_PINCH = (
    r"(?:a (?:pinch|handful|dash|splash|knob|drizzle|few)|some|eine (?:Prise|Handvoll)|"
    r"ein (?:Schuss|Stück)|etwas|una (?:pizca|pizca de|cucharada|taza)|un (?:chorrito|poco)|"
    r"une (?:pincée|poignée)|un (?:filet|peu)|quelques)"
)
_QTY = re.compile(
    rf"^(?P<q>(?:{NUM}|{_WORDNUM})\s*(?:{_UNIT}\b\.?)?|{_PINCH})\s*"
    r"(?:(?:of|de|d'|di)\s+|d')?(?P<item>\S.*)$",
    re.I,
)
_TIMES_X = re.compile(
    rf"^(?P<item>.+?)\s*[x×]\s*(?P<q>{NUM})$|^[x×]\s*(?P<q2>{NUM})\s+(?P<item2>.+)$"
)


def parse_ingredient(text: str) -> tuple[str | None, str]:
    """'3 eggs' -> ('3', 'eggs'); '½ cup milk' -> ('½ cup', 'milk'); 'a pinch of salt' ->
    ('a pinch', 'salt'); 'eggs x3' -> ('3', 'eggs'); 'salt' -> (None, 'salt')."""
    text = " ".join(text.split()).strip(" ,;.")
    m = _TIMES_X.match(text)
    if m:
        return (m.group("q") or m.group("q2")).strip(), (
            m.group("item") or m.group("item2")
        ).strip()
    m = _QTY.match(text)
    if (
        m
        and m.group("item")
        and not re.fullmatch(r"(?:min|minutes?|h|hours?)\b.*", m.group("item"))
    ):
        return m.group("q").strip(), m.group("item").strip()
    return None, text


def has_quantity(text: str) -> bool:
    return parse_ingredient(text)[0] is not None


_PEOPLE = (
    r"(?:people|persons|servings|portions|guests|Personen|Portionen|Gäste|personas|raciones|"
    r"porciones|comensales|personnes|parts|convives)"
)
_SERVINGS = [
    rf"\b(?:serves|serving|feeds|makes)\s+(?P<n>\d+|{_WORDNUM})\b",
    rf"\b(?:for|für|para|pour)\s+(?P<n>\d+|{_WORDNUM})(?!\d|[.,]\d)(?:\s+{_PEOPLE})?(?!\s*(?:min|h\b|Std|g\b|ml|°))",
    rf"\b(?P<n>\d+|{_WORDNUM})\s+{_PEOPLE}\b",
]


def find_servings(text: str) -> tuple[int | None, tuple[int, int] | None]:
    """'serves 2', 'for 4 people', '4 portions', 'für 4 Personen', 'para 2', 'pour 6'."""
    for pattern in _SERVINGS:
        for m in re.finditer(pattern, text, re.I):
            raw = m.group("n").lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            if 1 <= n <= 24:
                return n, m.span()
    return None, None


_DURATION = (
    r"(?:\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?\s*(?:h|hrs?|hours?|Std\.?|Stunden?|horas?|heures?)"
    r"(?:\s*\d+\s*(?:min(?:utes?|uten|utos|s)?\.?)?)?|\d+(?:\s*[-–]\s*\d+)?\s*"
    r"(?:min(?:utes?|uten|utos|s)?\.?|mn|sec(?:onds?)?|Sek\.?))(?![\w])"
)
# time names as briefs write them -> the plan's key
TIME_NAMES = {
    "prep": r"prep(?:aration)?|Vorbereitung(?:szeit)?|Zubereitung(?:szeit)?|preparaci[oó]n|pr[ée]paration",
    "cook": r"cook(?:ing)?|Kochzeit|Garzeit|kochen|garen|cocci[oó]n|cocinado|cuisson",
    "bake": r"bak(?:e|ing)|Backzeit|backen|horneado|hornear",
    "rest": r"rest(?:ing)?|Ruhezeit|ruhen|reposo|repos",
    "chill": r"chill(?:ing)?|K[üu]hlzeit|k[üu]hlen|enfriado|r[ée]frig[ée]ration",
    "total": r"total|Gesamtzeit|insgesamt|tiempo total|temps total|ready in|done in|fertig in|listo en|lista en|pr[êe]te? en",
}  # fmt: skip
_TIME_NAME = "|".join(f"(?P<{k}>{v})" for k, v in TIME_NAMES.items())
_TIMES = [
    re.compile(
        rf"\b(?:{_TIME_NAME})(?:\s*(?:time|zeit))?\s*(?:[:=]|of|von|de)?\s*(?P<d>{_DURATION})", re.I
    ),
    re.compile(rf"(?P<d>{_DURATION})\s*(?:of\s+|de\s+|\()?\s*(?:{_TIME_NAME})\b", re.I),
]


def find_times(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """[(name, value, span)]: 'prep 5 min' -> ('prep', '5 min'); '10 minutes cooking' ->
    ('cook', '10 minutes'); 'Backzeit: 1 h 20' -> ('bake', '1 h 20'). One per name."""
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    for pattern in _TIMES:
        for m in pattern.finditer(text):
            name = next(k for k in TIME_NAMES if m.group(k))
            if name not in found and not any(_overlap(m.span(), s) for _, s in found.values()):
                found[name] = (" ".join(m.group("d").split()).rstrip("."), m.span())
    return sorted(((n, v, s) for n, (v, s) in found.items()), key=lambda t: t[2][0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_LEN = r"(?:m|km|ft|feet|foot|metres|meters|Meter|mètres|metros|mi|miles)"
_MEASURE = rf"(?:{NUM}\s*{_LEN}\b)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
# fact kind -> (labels per language, patterns whose group 'v' is the value)
FACTS: dict[str, tuple[dict[str, str], list[str]]] = {
    "height": (
        {"en": "Height", "de": "Höhe", "es": "Altura", "fr": "Hauteur"},
        [rf"(?:height|tall|Höhe|altura|hauteur)\s*(?:of|von|de|:|is|of about)?\s*(?P<v>{_MEASURE})",
         rf"(?P<v>{_MEASURE})\s*(?:tall|high|in height|hoch|de (?:alto|altura|haut|hauteur))"],
    ),
    # built, completed and opened are different facts: each keeps its own word
    "built": (
        {"en": "Built", "de": "Erbaut", "es": "Construcción", "fr": "Construction"},
        [rf"(?:built|constructed|erected|year built|erbaut|gebaut|errichtet|Baujahr|"
         rf"construid[oa]|año de construcción|construite?|bâtie?|année de construction)"
         rf"\s*(?::|in|im Jahr|im|en|el año|en el año|in the year)?\s*(?P<v>{_YEAR})\b"],
    ),
    "completed": (
        {"en": "Completed", "de": "Fertiggestellt", "es": "Terminado", "fr": "Achevé"},
        [rf"(?:completed|finished|fertiggestellt|vollendet|terminad[oa]|completad[oa]|achevée?|"
         rf"terminée?)\s*(?::|in|im Jahr|im|en|el año|en el año|in the year)?\s*(?P<v>{_YEAR})\b"],
    ),
    "opened": (
        {"en": "Opened", "de": "Eröffnet", "es": "Inaugurado", "fr": "Inauguré"},
        [rf"(?:opened|inaugurated|eröffnet|eingeweiht|inaugurad[oa]|abiert[oa]|inaugurée?|"
         rf"ouverte?)\s*(?::|in|im Jahr|im|en|el año|en el año|in the year)?\s*(?P<v>{_YEAR})\b"],
    ),
    "span": (
        {"en": "Span", "de": "Spannweite", "es": "Luz", "fr": "Portée"},
        [rf"(?:main span|span|Spannweite|luz|vano|portée)\s*(?:of|von|de|:|is)?\s*(?P<v>{_MEASURE})",
         rf"(?P<v>{_MEASURE})\s*(?:main\s+)?span\b"],
    ),
    "length": (
        {"en": "Length", "de": "Länge", "es": "Longitud", "fr": "Longueur"},
        [rf"(?:length|Länge|longitud|longueur)\s*(?:of|von|de|:|is)?\s*(?P<v>{_MEASURE})",
         rf"(?P<v>{_MEASURE})\s*(?:long|lang|de largo|de long(?:ueur)?)\b"],
    ),
    "width": (
        {"en": "Width", "de": "Breite", "es": "Anchura", "fr": "Largeur"},
        [rf"(?:width|Breite|anchura|ancho|largeur)\s*(?:of|von|de|:|is)?\s*(?P<v>{_MEASURE})",
         rf"(?P<v>{_MEASURE})\s*(?:wide|breit|de ancho|de large)\b"],
    ),
    "weight": (
        {"en": "Weight", "de": "Gewicht", "es": "Peso", "fr": "Poids"},
        [rf"(?:weight|weighs|Gewicht|wiegt|peso|pesa|poids|pèse)\s*(?:of|von|de|:|is)?\s*"
         rf"(?P<v>{NUM}\s*(?:t|tonnes?|tons?|Tonnen|toneladas)\b)"],
    ),
}  # fmt: skip


def parse_fact(text: str, language: str = "en") -> tuple[str, str, tuple[int, int]] | None:
    """The first fact in `text`: ('Height', '330 m', span). An item already written as
    'Label: value' keeps its own label."""
    best = None
    for labels, patterns in FACTS.values():
        for p in patterns:
            m = re.search(p, text, re.I)
            if m and (best is None or m.start() < best[2][0]):
                best = (
                    labels.get(language, labels["en"]),
                    " ".join(m.group("v").split()),
                    m.span(),
                )
    own = re.fullmatch(r"\s*([^:\d][^:]{0,40}?)\s*:\s*(\S.{0,80}?)\s*", text)
    if own:
        return own.group(1).strip(), own.group(2).strip(), (0, len(text))
    return best


def find_facts(text: str, language: str = "en") -> list[tuple[str, str, tuple[int, int]]]:
    """Every fact phrase in the brief, one per label, in the order written."""
    out: list[tuple[str, str, tuple[int, int]]] = []
    for labels, patterns in FACTS.values():
        label = labels.get(language, labels["en"])
        for p in patterns:
            m = re.search(p, text, re.I)
            if m and not any(_overlap(m.span(), s) for _, _, s in out):
                # 'Completed: 1889' keeps the brief's own label; '330 m tall' gets the kind's
                own = re.match(r"\s*([^\W\d_][^:\d]{1,30}?)\s*:", m.group(0))
                name = own.group(1).strip().capitalize() if own else label
                out.append((name, " ".join(m.group("v").split()), m.span()))
                break
    return sorted(out, key=lambda f: f[2][0])
