"""Reading what a brief depicts: the subject, its setting and the other details, in the
brief's own words and language.

The reader works by elimination rather than by patterns for particular briefs:

    1. every span another reader has claimed is masked: formats and channels, words for the
       image (quoted copy with its "headline:" / "mit dem Text" introducer, offers, calls to
       action), counts, variations, label languages, "use the attached photo as reference";
    2. what is left splits into fragments at clause punctuation and masks;
    3. each fragment loses its edges that name the deliverable rather than its content
       (lead verbs, articles, kind-of-picture words, the template's own keywords, "of/de/vom"),
       and a tail that is mostly template vocabulary ("as polaroids on a pinboard");
    4. the fragments are ranked: content after "a poster of" or after a colon first, a
       purpose ("for our summer sale") or a context sentence ("We are a bakery") last;
    5. for templates whose subject is one thing (a person, a product: `subject_scope: thing`)
       the setting ("on a foggy London bridge at dawn") is split off into `setting`.
The other fragments become `details` ("dark background", "warm light")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studio.planner import lexicon

_WORD = re.compile(r"[\w][\w'’.-]*", re.UNICODE)
_FRAGMENT_SPLIT = re.compile(r"\s*(?:\||[,;:!?¡¿()\[\]]|\.(?:\s|$)|\s[-–—]\s|\n)\s*")
_PURPOSE = re.compile(
    r"^(?:for|für|fuer|para|pour|per|zum|zur|to\s+(?:promote|announce|advertise|celebrate)|"
    r"announcing|promoting|advertising|celebrating|launching|zur\s+ankündigung|anunciando|"
    r"promocionando|celebrando|para\s+(?:anunciar|promocionar|celebrar))\b",
    re.I,
)
_CONTEXT = re.compile(
    r"^(?:we|we're|we are|our|i|i'm|i am|it|this|wir|unser|unsere|ich|es|das ist|somos|"
    r"nuestra|nuestro|soy|es|esto|tenemos|we have|hi|hello|hallo|hola)\b",
    re.I,
)
_WITH = re.compile(r"\s(?:with|showing|featuring|mit|con|zeigt|que muestre|mostrando)\s", re.I)
_RELATIVE = {
    "where", "wo", "donde", "in which", "that", "which", "whose", "is", "are", "ist", "sind",
    "está", "están", "es", "every", "each", "jedes", "jeder", "jede", "alle", "cada", "todo",
    "todos", "object", "objects", "objekt", "objekte", "objeto", "objetos", "item", "items",
    "thing", "things", "everything", "alles", "labelled", "labeled", "beschriftet",
    "etiquetado", "etiquetados", "etiquetada", "named", "marked",
}  # fmt: skip
_FILL = re.compile(
    r"\s(?:filled with|full of|containing|made of|blended with|merging with|merged with|"
    r"gefüllt mit|voller|verschmolzen mit|llena de|lleno de|fundida con|fundido con|"
    r"rellena de|relleno de|con dentro)\s",
    re.I,
)
_STYLE_LEAD = {
    "historical", "historic", "old", "vintage", "retro", "archival", "black-and-white",
    "historisch", "historische", "historisches", "historischen", "alt", "alte", "altes",
    "alten", "schwarzweißfoto", "schwarzweiß", "histórica", "histórico", "antigua", "antiguo",
    "vieja", "viejo", "style", "stil", "estilo", "tipo", "type", "watercolour", "watercolor",
    "isometric", "3d", "oil", "painting", "cinematic", "photorealistic", "editorial",
    "minimalist", "flat", "aquarell", "acuarela", "step-by-step", "visuelle", "explicativo",
    "where's-waldo", "wimmelbild-stil", "schritt-für-schritt", "paso", "a",
}  # fmt: skip


@dataclass
class SubjectReading:
    subject: str = ""
    setting: str = ""
    details: list[str] = field(default_factory=list)
    inner: str = ""  # what fills a silhouette ("filled with a snowy forest")
    why: str = ""


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every claimed span replaced by a fragment boundary."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        out.append(text[last:start])
        out.append(" | ")
        last = end
    out.append(text[last:])
    return "".join(out)


def read_subject(
    text: str,
    spans: list[tuple[int, int]],
    *,
    keywords: list[str] | None = None,
    scope: str = "scene",
    split_inner: bool = False,
) -> SubjectReading:
    """The subject of a brief whose other parts (formats, copy, counts...) are `spans`."""
    vocab = (_vocabulary(keywords), _tail_vocabulary(keywords))
    masked = mask(" ".join(text.replace("\n", " \n ").split(" ")), spans)
    pieces = [p for p in _FRAGMENT_SPLIT.split(masked) if p and p.strip()]
    ranked: list[tuple[int, int, str, str]] = []  # (rank, order, cleaned, raw)
    for order, raw in enumerate(pieces):
        cleaned, led_by_kind = _clean(raw, vocab)
        if not cleaned:
            continue
        rank = 0
        if led_by_kind:
            rank -= 2  # "a poster of X": X is what it shows
        if _PURPOSE.match(cleaned):
            inner = _WITH.split(" " + cleaned + " ", maxsplit=1)
            if len(inner) == 2 and (after := _clean(inner[1], vocab)[0]):
                cleaned, rank = after, rank - 1  # "for a coffee brand with a cup": the cup
            else:
                rank += 3
                cleaned = _clean(_PURPOSE.sub("", cleaned, count=1), vocab)[0] or cleaned
        elif _CONTEXT.match(raw.strip()):
            rank += 2
        ranked.append((rank, order, cleaned, raw))
    if not ranked:
        return SubjectReading(why="no subject words left once formats and copy are set aside")
    ranked.sort()
    _, order, subject, _ = ranked[0]
    reading = SubjectReading(subject=subject)
    if split_inner:
        parts = _FILL.split(" " + subject + " ", maxsplit=1)
        if len(parts) == 2:
            reading.subject, reading.inner = parts[0].strip(), _clean(parts[1], vocab)[0]
    if scope == "thing":
        reading.subject, reading.setting = split_setting(reading.subject)
    reading.details = [
        c
        for _, o, c, _ in sorted(ranked, key=lambda r: r[1])
        if o != order and not _PURPOSE.match(c) and not _CONTEXT.match(c)
    ]
    reading.subject = reading.subject[:120].strip()
    reading.why = f"subject {reading.subject!r} from the brief's wording" + (
        f", setting {reading.setting!r}" if reading.setting else ""
    )
    return reading


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
        if any(w in places or w.rstrip("s") in places for w in words) and start > 0:
            return phrase[: start - 1 + 1].strip(), phrase[start:].strip()
    return phrase, ""


# --- cleaning one fragment -----------------------------------------------------------------


def _vocabulary(keywords: list[str] | None) -> set[str]:
    """Single-word keywords and the kind-of-picture words ('how it works' is a phrase, its
    'works' no kind word)."""
    words = {k.lower() for k in keywords or [] if not re.search(r"\s", k.strip())}
    return words | set(lexicon.KIND_WORDS)


def _tail_vocabulary(keywords: list[str] | None) -> set[str]:
    """Every word of every keyword: a tail made mostly of them is template vocabulary."""
    common = set(lexicon.ARTICLES) | set(lexicon.OF_WORDS) | {"how", "it", "and", "y", "und"}
    words = {w.lower() for k in keywords or [] for w in re.findall(r"[\w]+", k)}
    return (words - common) | set(lexicon.KIND_WORDS)


def _is_kind(word: str, vocab: set[str]) -> bool:
    """A word (or every part of a compound, 'Polaroid-Storyboard', 'Kreideanmerkungen') that
    names the kind of picture or the template's vocabulary."""
    w = word.lower().strip(".'’")
    if not w:
        return False
    parts = [p for p in re.split(r"[-/]", w) if p]
    if len(parts) > 1:
        return all(
            _is_kind(p, vocab) or p in ("style", "stil", "estilo", "and", "und", "y", "by")
            for p in parts
        )
    if w in vocab or w.rstrip("s") in vocab or w.rstrip("es") in vocab or w + "s" in vocab:
        return True
    # German compounds: 'Kreideanmerkungen', 'Rezeptkarte', 'Erklärbild'
    long = [v for v in vocab if len(v) >= 5]
    return len(w) >= 9 and any(w.startswith(v) or w.endswith(v) for v in long)


_KIND_LINKS = {
    "of", "about", "showing", "featuring", "depicting", "on", "over", "for", "with", "from",
    "von", "vom", "zum", "zur", "über", "mit", "zu", "für", "aus", "auf",
    "de", "del", "sobre", "con", "para", "acerca",
    "du", "des", "di", "della",
}  # fmt: skip
_GENITIVE = {"eines", "einer", "des", "der"}  # 'Porträt eines Tänzers', 'Foto der Brücke'
_EXPLAINS = re.compile(
    r"^(?:that|which|to)?\s*(?:explains?|explaining|shows?|erklärt|zeigt|que explica|explicando)$",
    re.I,
)


def _clean(fragment: str, vocab: tuple[set[str], set[str]]) -> tuple[str, bool]:
    """The fragment without its deliverable edges; and whether kind words led into it."""
    words, tail_vocab = fragment.strip().split(), vocab[1]
    kinds = vocab[0]
    lead = set(lexicon.LEAD_WORDS) | set(lexicon.ARTICLES) | set(lexicon.ATTACHED_WORDS)
    links = set(lexicon.OF_WORDS) | {"for", "für", "para", "as", "als", "como", "in", "im", "en"}

    def low(i: int) -> str:
        return words[i].lower().strip(".,'’\"")

    # 1. "<kind word> of|über|de|eines <subject>": the subject starts after the last such
    #    link among the first words ('hidden object picture of a medieval market')
    # a fragment made only of the template's words ('Seek-and-find', 'Póster de doble
    # exposición') names the deliverable, not its content
    if all(
        _is_kind(low(i), tail_vocab) or low(i) in lead | links | _KIND_LINKS | _STYLE_LEAD
        for i in range(len(words))
    ):
        return "", True
    led_by_kind, cut = False, 0
    for i in range(min(len(words) - 1, 10)):
        if not (_is_kind(low(i), tail_vocab) or low(i) in _STYLE_LEAD):
            continue
        if not all(  # only the deliverable's words before it: 'Eiffel Tower photo with' is no lead-in
            _is_kind(low(k), tail_vocab) or low(k) in lead | links | _KIND_LINKS | _STYLE_LEAD
            for k in range(i)
        ):
            break
        j = i + 1
        if low(j) in _KIND_LINKS or low(j) in _GENITIVE or low(j) in ("in", "im", "en"):
            led_by_kind, cut = _is_kind(low(i), kinds) or led_by_kind, j + 1
        elif j + 1 < len(words) and _EXPLAINS.match(f"{low(j)} {low(j + 1)}"):
            led_by_kind, cut = True, j + 2
        elif _EXPLAINS.match(low(j)):
            led_by_kind, cut = True, j + 1
    words = words[cut:]
    # 2. leading asks, articles and kind words ('Erstelle ein Polaroid-Storyboard der ...')
    i = 0
    while i < len(words):
        w = low(i)
        if w in lead or w in _STYLE_LEAD:
            i += 1
        elif _is_kind(w, kinds):
            led_by_kind = True
            i += 1
        elif led_by_kind and i > 0 and (w in links or w in _KIND_LINKS):
            i += 1
        else:
            break
    words = words[i:]
    # 3. the tail: template vocabulary ('as polaroids on a pinboard', 'mit Kreide-Anmerkungen')
    words = _drop_template_tail(words, tail_vocab)
    while words and (
        words[-1].lower().strip(".,") in lead | links | _RELATIVE | _KIND_LINKS
        or _is_kind(words[-1], set(lexicon.KIND_WORDS))
    ):
        words = words[:-1]
    text = " ".join(words).strip(" .,'’\"-")
    text = re.sub(r"\s+(?:for|für|para)\s+(?:our|my|unser\w*|mein\w*|nuestr\w*|mi)\b.*$", "", text)
    return (text if re.search(r"\w", text) else ""), led_by_kind


_TAIL_LINK = re.compile(
    r"^(?:as|on|in|into|with|for|via|using|like|pinned|over|als|auf|mit|im|in|für|über|como|"
    r"con|en|sobre|de|in the style|im stil|al estilo|estilo|style|packed|full|voller|lleno|llena)$",
    re.I,
)


def _drop_template_tail(words: list[str], vocab: set[str]) -> list[str]:
    for i in range(1, len(words)):
        if not _TAIL_LINK.match(words[i].lower()):
            continue
        tail = [w for w in words[i + 1 :] if w.lower() not in lexicon.ARTICLES]
        content = [w for w in tail if len(w) > 2]
        kinds = [w for w in content if _is_kind(w, vocab)]
        if content and len(kinds) * 2 >= len(content) + (1 if len(content) > 2 else 0):
            return words[:i]
    return words
