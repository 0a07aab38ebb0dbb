"""Reading variables out of a brief without a language model: the subject, a count,
languages, an aspect ratio, style words and explicit lists. Each finder returns what it
found and why, so the plan's rationale can say where every variable came from."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "twenty": 20,
    "a dozen": 12,
    "dozen": 12,
}
_NUM = r"(\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_COUNTED = (
    r"moments|photos|photographs|polaroids|panels|scenes|images|pictures|frames|shots|"
    r"objects|items|things|steps|stages|languages|beats|cards"
)

LANGUAGES = [
    "English",
    "Spanish",
    "French",
    "German",
    "Italian",
    "Portuguese",
    "Dutch",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Polish",
    "Czech",
    "Greek",
    "Turkish",
    "Russian",
    "Ukrainian",
    "Arabic",
    "Hebrew",
    "Hindi",
    "Bengali",
    "Urdu",
    "Chinese",
    "Mandarin",
    "Cantonese",
    "Japanese",
    "Korean",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malay",
    "Swahili",
    "Persian",
    "Romanian",
    "Hungarian",
    "Catalan",
    "Tagalog",
    "Galician",
    "Basque",
    "Latin",
    "Irish",
    "Welsh",
]

STYLE_WORDS = [
    "photorealistic",
    "photoreal",
    "cinematic",
    "black-and-white",
    "black and white",
    "sepia",
    "vintage",
    "retro",
    "noir",
    "film noir",
    "watercolor",
    "watercolour",
    "oil painting",
    "pastel",
    "minimalist",
    "moody",
    "dreamy",
    "neon",
    "cyberpunk",
    "editorial",
    "high-fashion",
    "surreal",
    "whimsical",
    "dramatic",
    "golden hour",
    "1920s",
    "1930s",
    "1940s",
    "1950s",
    "1960s",
    "1970s",
    "1980s",
    "1990s",
    "victorian",
    "art deco",
    "flat design",
    "isometric",
]

_SUBJECT_PATTERNS = [
    r"\b(?:that|which|to)\s+explains?\s+(?P<s>.+)",
    r"\bexplain(?:s|ing|er of|er on|er about)?\s+(?P<s>.+)",
    r"\b(?:of|about|showing|featuring|depicting|for)\s+(?P<s>.+)",
]
_SUBJECT_STOP = re.compile(
    r"\s*(?:[:;,.!?(]|\s-\s|\bwith\b|\bpinned\b|\bas (?:a|an)\b|\busing\b|\bin (?:the )?style\b|"
    r"\bin \d|\bfor (?:our|my|the) (?:team|blog|site|deck)\b|\bat least\b|\bon (?:a|an)\b|"
    r"\b(?:labell?ed|written|captioned) in\b|\bin (?:" + "|".join(LANGUAGES) + r")\b)"
)
_META_OF = re.compile(
    r"^(?:(?:the|its|their)\s+)?(?:(?:key|main|most important|best|famous|iconic)\s+)?"
    r"(?:scenes?|moments?|story|events?|highlights?|history|life|plot|chapters?)\s+(?:of|from|in)\s+",
    re.IGNORECASE,
)


_LINKS = r"(?!(?:as|of|in|on|at|for|with|to|from|and|or|by|into)\s)"
_VERBS = re.compile(
    r"(?:pin|make|create|show|give|draw|render|generate|produce|design|use|add|take|get|need|want|"
    r"with|in|of|and|or|for|into|at|on|only|just|about|exactly|all|some|our|the|me|us|i|we)$",
    re.I,
)


def _NAMELIKE(word: str) -> bool:  # noqa: N802
    """'Route', 'Apollo', 'iPhone': a capitalised (or camel-cased) name word, not a verb."""
    return bool(re.match(r"[A-Z]|[a-z]+[A-Z]", word)) and not _VERBS.fullmatch(word)


def find_count(text: str) -> tuple[int | None, str]:
    """A count only from a count phrase ('at least 8', '8 key moments', 'a dozen photos',
    'mit acht Momenten', 'doce objetos'), never from a name, a model or a year ('Route 66 as
    polaroids', 'Apollo 11 mission')."""
    from studio.planner.claims import count_spans

    for (start, end), value, noun in count_spans(text):
        if noun not in ("people", "persons", "personen", "personas", "servings", "portions"):
            return value, f"count {value} from {text[start:end].strip()!r}"
    low = text.lower()
    for pattern in (
        rf"\bat least {_NUM}\b",
        rf"\b{_NUM}\s+(?:{_LINKS}[a-z'-]+\s+){{0,2}}(?:{_COUNTED})\b",
    ):
        for m in re.finditer(pattern, low):
            raw = m.group(1)
            name = re.search(r"([A-Za-z][\w-]*)\s*$|#\s*$", text[: m.start(1)])
            if raw.isdigit() and name and (not name.group(1) or _NAMELIKE(name.group(1))):
                continue  # "Route 66", "Apollo 11", "iPhone 15", "No. 5": part of a name
            value = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            return value, f"count {value} from {m.group(0)!r}"
    return None, ""


# language names as briefs in other languages write them -> the English name
_LANGUAGE_NAMES = {
    "englisch": "English", "deutsch": "German", "spanisch": "Spanish", "französisch": "French",
    "italienisch": "Italian", "portugiesisch": "Portuguese", "niederländisch": "Dutch",
    "türkisch": "Turkish", "polnisch": "Polish", "russisch": "Russian", "japanisch": "Japanese",
    "chinesisch": "Chinese", "arabisch": "Arabic", "griechisch": "Greek", "schwedisch": "Swedish",
    "koreanisch": "Korean", "inglés": "English", "ingles": "English", "alemán": "German",
    "aleman": "German", "español": "Spanish", "espanol": "Spanish", "castellano": "Spanish",
    "francés": "French", "frances": "French", "italiano": "Italian", "portugués": "Portuguese",
    "neerlandés": "Dutch", "holandés": "Dutch", "turco": "Turkish", "polaco": "Polish",
    "ruso": "Russian", "japonés": "Japanese", "chino": "Chinese", "árabe": "Arabic",
    "griego": "Greek", "sueco": "Swedish", "coreano": "Korean", "anglais": "English",
    "allemand": "German", "espagnol": "Spanish", "français": "French", "italien": "Italian",
    "néerlandais": "Dutch", "japonais": "Japanese", "chinois": "Chinese",
    "ukrainisch": "Ukrainian", "rumänisch": "Romanian", "katalanisch": "Catalan",
    "walisisch": "Welsh", "ungarisch": "Hungarian", "tschechisch": "Czech", "dänisch": "Danish",
    "norwegisch": "Norwegian", "finnisch": "Finnish", "persisch": "Persian", "hebräisch": "Hebrew",
    "vietnamesisch": "Vietnamese", "ucraniano": "Ukrainian", "rumano": "Romanian",
    "catalán": "Catalan", "galés": "Welsh", "húngaro": "Hungarian", "checo": "Czech",
    "danés": "Danish", "noruego": "Norwegian", "finés": "Finnish", "persa": "Persian",
    "hebreo": "Hebrew", "vietnamita": "Vietnamese", "gallego": "Galician", "euskera": "Basque",
    "vasco": "Basque", "hindi": "Hindi", "swahili": "Swahili",
}  # fmt: skip


def find_languages(text: str) -> tuple[list[str], str]:
    """Languages named in the brief, as English names, in the order the brief gives them
    ('auf Deutsch, Englisch und Türkisch' -> German, English, Turkish)."""
    names = {lang.lower(): lang for lang in LANGUAGES} | _LANGUAGE_NAMES
    hits = []
    for name, lang in names.items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            hits.append((m.start(), lang))
    found: list[str] = []
    for _, lang in sorted(hits):
        if lang not in found:
            found.append(lang)
    return found, (f"languages {', '.join(found)} named in the brief" if found else "")


def find_named_format(text: str, root: Path) -> tuple[tuple[str, int, int] | None, str]:
    """('Instagram story', 1080, 1920) when the brief names a channel format listed in
    `root`/formats.yaml (longest name first, whole words)."""
    path = root / "formats.yaml"
    if not path.is_file():
        return None, ""
    entries = (yaml.safe_load(path.read_text()) or {}).get("formats", [])
    words = sorted(
        ((w.lower(), e) for e in entries for w in e.get("words", [])), key=lambda x: -len(x[0])
    )
    low = text.lower()
    for word, entry in words:
        if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", low):
            width, height = (int(v) for v in entry["size"])
            return (
                entry["name"],
                width,
                height,
            ), f"format {entry['name']} ({width}x{height}) from {word!r}"
    return None, ""


_ORIENTATIONS = [
    (
        (
            "widescreen",
            "landscape format",
            "landscape orientation",
            "for a slide",
            "banner",
            "horizontal",
            "querformat",
            "formato horizontal",
            "apaisado",
            "panorámico",
        ),
        "16:9",
    ),
    (
        (
            "vertical",
            "portrait format",
            "portrait orientation",
            "story format",
            "for a poster",
            "hochformat",
            "formato vertical",
            "hochkant",
        ),
        "3:4",
    ),
    (
        ("square format", "square", "quadratisch", "quadratformat", "cuadrado", "formato cuadrado"),
        "1:1",
    ),
]


def find_formats(text: str, root: Path) -> list[tuple[int, str, tuple[int, int] | str]]:
    """Every format the brief names, in order: (position, label, (w, h) for a channel format
    or an explicit size, "W:H" for a ratio or orientation word). 'in 1:1, 9:16 and 16:9'
    gives three."""
    return [(start, label, value) for start, _, label, value in format_matches(text, root)]


def _raw_formats(text: str, root: Path) -> list[tuple[int, int, str, tuple[int, int] | str]]:
    low = text.lower()
    out: list[tuple[int, int, str, tuple[int, int] | str]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    path = root / "formats.yaml"
    entries = (yaml.safe_load(path.read_text()) or {}).get("formats", []) if path.is_file() else []
    names = sorted(
        ((w.lower(), e) for e in entries for w in e.get("words", [])), key=lambda x: -len(x[0])
    )
    for word, entry in names:
        for m in re.finditer(rf"(?<![\w/]){re.escape(word)}(?:s|es)?(?![\w/])", low):
            if free(m.start(), m.end()):
                taken.append(m.span())
                out.append(
                    (
                        m.start(),
                        m.end(),
                        entry["name"],
                        (int(entry["size"][0]), int(entry["size"][1])),
                    )
                )
    # an explicit size: '1200x627', '1080 × 1350 px'
    for m in re.finditer(r"(?<![\w.])(\d{2,5})\s*[x×]\s*(\d{2,5})(?:\s*px)?(?![\w.])", text):
        physical = re.match(
            r"\s*(?:in\b|inch|inches|cm|mm|zoll|pulgadas|[\"″”])", text[m.end() :], re.I
        )
        if physical:
            continue  # '18x24 inches' is a print size, not pixels
        if free(m.start(), m.end()) and int(m.group(1)) >= 16 and int(m.group(2)) >= 16:
            taken.append(m.span())
            size = (int(m.group(1)), int(m.group(2)))
            out.append((m.start(), m.end(), f"{size[0]}x{size[1]}", size))
    for m in re.finditer(r"(?<![\d:])(\d{1,2})\s*:\s*(\d{1,2})(?![\d:])", text):
        if free(m.start(), m.end()) and 0 < int(m.group(1)) <= 32 and 0 < int(m.group(2)) <= 32:
            taken.append(m.span())
            ratio = f"{int(m.group(1))}:{int(m.group(2))}"
            out.append((m.start(), m.end(), ratio, ratio))
    for m in re.finditer(r"(?:^|[,;(]\s*|\bin\s+)(portrait|landscape)\s*(?=[,;.)]|$)", low):
        if free(m.start(1), m.end(1)):  # ', portrait', 'in landscape': a shape, not a photo
            taken.append(m.span(1))
            ratio = "3:4" if m.group(1) == "portrait" else "4:3"
            out.append((m.start(1), m.end(1), m.group(1), ratio))
    for words, ratio in _ORIENTATIONS:
        for word in words:
            for m in re.finditer(rf"\b{re.escape(word)}\b", low):
                if re.match(r"[A-Z]", text[m.start()]) and re.search(
                    r"[A-Z][\w.]*\s+$", text[: m.start()]
                ):
                    continue  # 'Times Square': a name
                if free(m.start(), m.end()):
                    taken.append(m.span())
                    out.append((m.start(), m.end(), word, ratio))
    return out


def format_word_spans(text: str, root: Path) -> list[tuple[int, int]]:
    """Where every format word is written, also those format_matches drops as describing a
    channel ('square' in 'a square Instagram post')."""
    return [(start, end) for start, end, _, _ in _raw_formats(text, root)]


def format_matches(text: str, root: Path) -> list[tuple[int, int, str, tuple[int, int] | str]]:
    """find_formats with where each format word ends: (start, end, label, value)."""
    out = _raw_formats(text, root)
    unique: dict[str, tuple[int, int, str, tuple[int, int] | str]] = {}
    for item in sorted(out):
        unique.setdefault(str(item[3]), item)
    # "a square Instagram post": the ratio word describes the channel format, not another one
    shapes = [v[0] / v[1] for _, _, _, v in unique.values() if isinstance(v, tuple)]

    def same_shape(ratio: str) -> bool:
        a, b = (int(x) for x in ratio.split(":"))
        return any(abs(a / b - s) <= 0.02 * s for s in shapes)

    # "vertical for an Instagram story": an orientation word with a channel of that
    # orientation describes the channel, it asks for no format of its own
    def oriented(word: str, ratio: str) -> bool:
        if any(word == r or re.fullmatch(r"\d+:\d+", word) for r in [ratio]):
            return False
        a, b = (int(x) for x in ratio.split(":"))
        side = (a > b) - (a < b)
        ratios = [
            int(r.split(":")[0]) / int(r.split(":")[1])
            for _, _, w, r in unique.values()
            if isinstance(r, str) and re.fullmatch(r"\d+:\d+", w)
        ]
        return any(((s > 1.02) - (s < 0.98)) == side for s in shapes + ratios)

    return sorted(
        v
        for v in unique.values()
        if isinstance(v[3], tuple) or not (same_shape(v[3]) or oriented(v[2], v[3]))
    )


def find_aspect(text: str) -> tuple[str | None, str]:
    m = re.search(
        r"(?<![\d:])(\d{1,2})\s*[:x×]\s*(\d{1,2})(?![\d:])\s*(?:aspect|ratio|format)?", text
    )
    if m and 0 < int(m.group(1)) <= 32 and 0 < int(m.group(2)) <= 32:
        aspect = f"{int(m.group(1))}:{int(m.group(2))}"
        return aspect, f"aspect {aspect} named in the brief"
    low = text.lower()
    for words, aspect in _ORIENTATIONS:
        for w in words:
            if w in low:
                return aspect, f"aspect {aspect} from {w!r}"
    return None, ""


def find_style(text: str) -> tuple[str, str]:
    low = text.lower()
    found = [w for w in STYLE_WORDS if re.search(rf"\b{re.escape(w)}\b", low)]
    # "black and white" and "black-and-white" are one style
    found = [
        w
        for i, w in enumerate(found)
        if w.replace("-", " ") not in [x.replace("-", " ") for x in found[:i]]
    ]
    return ", ".join(found), (f"style words: {', '.join(found)}" if found else "")


def find_list(text: str) -> tuple[list[str], str]:
    """An explicit enumeration: numbered lines, bullet lines, or ';'-separated items after a
    colon. Plain commas are not enough (they appear in ordinary sentences)."""
    numbered = re.findall(r"(?m)^\s*(?:\d{1,2}[.)]|[-*•])\s+(.+?)\s*$", text)
    if len(numbered) >= 2:
        return numbered, f"{len(numbered)} listed items"
    _, sep, tail = text.partition(":")
    if sep and tail.count(";") >= 1:
        items = [i.strip(" .") for i in tail.split(";") if i.strip(" .")]
        if len(items) >= 2:
            return items, f"{len(items)} items separated by ';'"
    return [], ""


def find_subject(text: str, *, drop: list[str] | None = None) -> tuple[str, str]:
    """The thing the brief is about: 'a whiteboard that explains how diffusion models work'
    -> 'how diffusion models work'; 'A Polaroid storyboard of Casablanca: ...' -> 'Casablanca'."""
    body = " ".join(text.split())
    # "Seek-and-find illustration: a busy ski resort": after a colon that follows the
    # deliverable's own words comes the subject
    head, colon, tail = body.partition(": ")
    if colon and len(head.split()) <= 5 and _only_template_words(head, drop):
        body = tail
    for pattern in _SUBJECT_PATTERNS:
        m = re.search(pattern, body, flags=re.IGNORECASE)
        if not m:
            continue
        subject = _SUBJECT_STOP.split(_META_OF.sub("", m.group("s").strip()), maxsplit=1)[0]
        subject = _without_template_tail(subject, drop)
        if _only_template_words(subject, drop):
            continue  # "illustration", "polaroids": the picture's kind, not what it shows
        # "a photoreal fashion portrait of a woman": the template's own words describe the
        # picture, what follows "of" is the subject.
        while (inner := re.match(r"^(.*?)\bof\s+(.+)$", subject)) and any(
            k.lower() in inner.group(1).lower() for k in (drop or []) + ["variation", "version"]
        ):
            subject = inner.group(2)
        subject = re.sub(r"^(?:a|an|the|this|these|our|my)\s+", "", subject.strip())
        if len(subject) >= 2:
            return subject[:120], f"subject {subject[:120]!r} from the brief's wording"
    # Fall back: the brief without the template's own keywords.
    rest = body
    for kw in sorted(drop or [], key=len, reverse=True):
        rest = re.sub(rf"\b{re.escape(kw)}s?\b", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(
        r"^\W*(?:(?:a|an|the|make|create|draw|render|generate|me|please|at|in|on|with|label|"
        r"show|depict|illustrate|picture|design|produce|give|need|want|everything|all|objects?|"
        r"things?|items?)\s+)*",
        "",
        " ".join(rest.split()),
        flags=re.IGNORECASE,
    )
    rest = _SUBJECT_STOP.split(rest, maxsplit=1)[0].strip() or body
    return rest[:120], f"subject {rest[:120]!r}: the brief without the template's keywords"


_KIND_WORDS = {"illustration", "image", "picture", "photo", "photograph", "scene", "poster", "drawing",
               "art", "artwork", "graphic", "visual", "render", "shot", "one", "version", "draft",
               # formats and channels: where the picture goes, not what it shows
               "format", "aspect", "ratio", "widescreen", "banner", "vertical", "horizontal",
               "square", "portrait", "landscape", "orientation", "thumbnail", "story", "stories",
               "post", "feed", "slide", "deck", "cover", "header", "reel", "pin", "leaderboard",
               "instagram", "linkedin", "facebook", "twitter", "x", "youtube", "tiktok",
               "pinterest", "web", "website", "email", "newsletter", "a4", "letter", "size",
               "our", "my"}  # fmt: skip


def _only_template_words(phrase: str, drop: list[str] | None) -> bool:
    """True when every word of `phrase` names the kind of picture ('seek-and-find
    illustration', 'polaroids') rather than what it shows."""
    kinds = {w.lower() for k in (drop or []) for w in re.findall(r"[\w-]+", k)} | _KIND_WORDS
    ratio = re.search(r"\d+\s*[:x×]\s*\d+", phrase)
    words = [w.lower().rstrip("s") for w in re.findall(r"[\w-]+", phrase)]
    words = [w for w in words if w not in ("a", "an", "the", "of") and not (ratio and w.isdigit())]
    return bool(words) and all(
        w in kinds or w + "s" in kinds or w.rstrip("e") in kinds for w in words
    )


def _without_template_tail(subject: str, drop: list[str] | None) -> str:
    """'Boeing 747 first flight as polaroids' -> 'Boeing 747 first flight': a trailing
    phrase that names the template's own kind of picture is no part of the subject."""
    for m in re.finditer(r"\s+(?:as|on|in|into|with|for|via|using|like)\s+", subject, re.I):
        if _only_template_words(subject[m.end() :], drop):
            return subject[: m.start()]
    return subject


_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{2,80})[\"“”„«»]|(?<![\w])'([^']{2,80})'(?![\w])")
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
    r"serie|obra|buch|lied|tournee|theaterstück)\s*$",
    re.I,
)


def _copy_matches(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _QUOTED.finditer(text):
        if _NAME_FIELD.search(text[: m.start()]) or _WORK_NOUN.search(text[: m.start()]):
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


def find_year(text: str) -> tuple[str | None, str]:
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)s?\b", text)
    return (m.group(0), f"year {m.group(0)} named in the brief") if m else (None, "")


MAX_VARIATIONS = 12


def find_variations(text: str) -> tuple[int | None, str]:
    """'4 variations', 'three versions', '6 options': several takes on one image."""
    low = text.lower()
    m = re.search(
        rf"\b{_NUM}\s+(?:[a-z'-]+\s+)?(?:variations|versions|options|takes|alternatives|variants)\b",
        low,
    )
    if not m:
        return None, ""
    raw = m.group(1)
    value = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    return value, f"{value} variations from {m.group(0)!r}"
