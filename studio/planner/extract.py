"""Reading variables out of a brief without a language model: a count, languages, style
words, explicit lists, a year, variations, and the legacy subject finder. Each finder
returns what it found and why, so the plan's rationale can say where every variable came
from. Formats live in formats.py and on-image copy in copy_text.py; their names are
re-exported here so that `extract.find_formats` and the like keep working."""

from __future__ import annotations

import re

# moved to formats.py and copy_text.py, re-exported: callers still write extract.find_formats
from studio.planner.copy_text import (  # noqa: F401
    _CTA,
    _OFFER,
    find_on_image_text,
    on_image_text_spans,
)
from studio.planner.formats import (  # noqa: F401
    find_aspect,
    find_formats,
    find_named_format,
    format_matches,
    format_word_spans,
)

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
