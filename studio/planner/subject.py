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
    r"^(?:to\s+(?:promote|announce|advertise|celebrate)|"
    r"announcing|promoting|advertising|celebrating|launching|zur\s+ankündigung|anunciando|"
    r"promocionando|celebrando|para\s+(?:anunciar|promocionar|celebrar))\b",
    re.I,
)
_CONTEXT = re.compile(
    r"^(?:we|we're|we are|our|i|i'm|i am|it|this|wir|unser|unsere|ich|es|das ist|somos|"
    r"nuestra|nuestro|soy|es|esto|tenemos|we have|hi|hello|hallo|hola)\b",
    re.I,
)
_STATEMENT = re.compile(  # 'Kleine Manufaktur aus dem Allgäu, wir machen Seifen': about the client
    r"\b(?:we (?:are|make|sell|run|have|bake|roast|brew|offer)|we're|wir (?:sind|machen|"
    r"verkaufen|betreiben|haben|backen|bieten)|(?:somos|hacemos|vendemos|tenemos|ofrecemos))\b|"
    r"^(?:goal|aim|purpose|ziel|zweck|objetivo|el objetivo)\s+(?:is|ist|es)\b",
    re.I,
)
_SHOW = re.compile(  # 'Show a cherry-red Chevy', 'It should show', 'zu sehen:', 'showing an A380'
    r"^(?:show|shows|showing|featuring|depicting|zeig|zeige|zeigt|zeigen|muestra|mostrar|"
    r"mostrando|que muestre|muéstranos|que salgan?|que aparezcan?|es sollen|sollen zu sehen|"
    r"zu sehen)\b",
    re.I,
)
_DETAIL_LEAD = re.compile(  # 'shown in a hand at a festival', 'keep the label exactly'
    r"^(?:shown|seen|photographed|shot|lit|styled|keep|make sure|ensure|please keep|"
    r"gezeigt|fotografiert|beleuchtet|achte|behalte|mostrado|fotografiado|iluminado|mantén|"
    r"manten|asegúrate)\b",
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
    r"rellena de|relleno de|con dentro)\s|\s(?:with|mit|con)\s(?=.+\s(?:inside|drin|darin|dentro)\b)",
    re.I,
)
_STYLE_LEAD = {
    "historical", "historic", "old", "vintage", "retro", "archival", "black-and-white",
    "historisch", "historische", "historisches", "historischen", "alt", "alte", "altes",
    "alten", "schwarzweißfoto", "schwarzweiß", "histórica", "histórico", "antigua", "antiguo",
    "vieja", "viejo", "style", "stil", "estilo", "tipo", "type", "watercolour", "watercolor",
    "isometric", "3d", "oil", "painting", "cinematic", "photorealistic", "editorial",
    "minimalist", "flat", "aquarell", "acuarela", "step-by-step", "visuelle", "explicativo",
    "plana", "plano", "flache", "flach", "clean", "simple", "sauber", "limpia", "limpio",
    "época", "epoca",
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
    masked = mask(text, spans)
    ranked: list[tuple[int, int, str, str]] = []  # (rank, order, cleaned, segment kind)
    order = 0
    for kind, sentence in _segments(masked):
        if kind == "other":
            continue
        after_colon, pre_kind = False, False
        if kind == "" and _STATEMENT.search(sentence):
            kind = "context"
        for raw in re.split(r"(\s*:\s+)", sentence):
            if re.fullmatch(r"\s*:\s+", raw):
                after_colon = True
                continue
            raw = re.sub(
                r"\s(showing|featuring|depicting|zeigt|mostrando|que muestre)\s", r", \1 ", raw
            )
            # '… web banner | with a steaming cup': a format's 'with' leads into its subject
            raw = re.sub(r"\|\s*(?=(?:with|mit|con|featuring)\s)", "| of ", raw)
            for n, piece in enumerate(_FRAGMENT_SPLIT.split(raw)):
                piece = (piece or "").replace("\u2024", ".")
                order += 1
                if piece.strip():
                    bonus = (after_colon and n == 0) * (3 if pre_kind else 1)
                    _rank_fragment(piece, kind, bonus, order, vocab, ranked)
            pre_kind = _has_kind(raw, vocab)
            after_colon = False
    if not ranked:
        return SubjectReading(why="no subject words left once formats and copy are set aside")
    best = min(ranked)
    subject, order = best[2], best[1]
    reading = SubjectReading(subject=subject)
    if split_inner:
        parts = _FILL.split(" " + subject + " ", maxsplit=1)
        if len(parts) == 2:
            reading.subject, reading.inner = parts[0].strip(), _clean(parts[1], vocab)[0]
    if scope == "thing":
        reading.subject, reading.setting = split_setting(reading.subject)
    # 'put it on a wooden breakfast table': where the subject goes
    placed = [_PUT_IT.sub("", r).strip() for r in _put_it_fragments(masked)]
    if placed and not reading.setting and scope == "thing":
        reading.setting = placed.pop(0)
    reading.details = placed + [
        c
        for rank, o, c, kind in sorted(ranked, key=lambda r: r[1])
        if o != order and rank < 3 or kind == "detail"
    ]
    reading.subject = reading.subject[:120].strip()
    reading.why = f"subject {reading.subject!r} from the brief's wording" + (
        f", setting {reading.setting!r}" if reading.setting else ""
    )
    return reading


_ERA_ADJ = {"old", "alt", "alte", "altes", "alten", "alter", "vintage", "retro", "antigua",
            "antiguo", "vieja", "viejo", "historic", "historical", "historisch", "historische",
            "historisches", "histórica", "histórico"}  # fmt: skip
_AS_IF = re.compile(
    r"^(?:\S+\s+){0,2}?(?:as if (?:it were |it was )?(?:taken|shot|photographed)\s+(?:at|in|during|on)|"
    r"como si (?:fuera|estuviera|se hubiera tomado)\s+(?:en|de)?|wie (?:ein|eine)\s+\w+\s+(?:von|aus|bei))\s+",
    re.I,
)
_PUT_IT = re.compile(
    r"^(?:put|place|set|stand|show|stell|leg|setz|zeig|pon|coloca|ponlo|ponla|sitúa)\w*\s+"
    r"(?:it|them|es|sie|ihn|lo|la|los|las)\b",
    re.I,
)


def _put_it_fragments(masked: str) -> list[str]:
    return [
        p.strip()
        for p in _FRAGMENT_SPLIT.split(masked.replace("|", ","))
        if p and _PUT_IT.match(p.strip())
    ]


_BACKGROUND = re.compile(
    r"^(?:\w+\s+){0,2}(?:background|backdrop|hintergrund|fondo)\b|\b(?:background|backdrop|"
    r"hintergrund|fondo)$",
    re.I,
)
_POSTURE = re.compile(
    r"^(?:floating|hanging|standing|lying|sitting|resting|leaning|\w+end|\w+ando|\w+iendo)\s",
)
_THIS_IS = re.compile(
    r"^(?:this is|these are|das ist|dies ist|esta es|este es|estos son|estas son|"
    r"attached (?:is|are)|anbei (?:ist|sind)|adjunt[oa] (?:va|está))\s+"
    r"(?:our|unser\w*|nuestr\w*)\b",
    re.I,
)
_PURPOSE_THEN_OF = re.compile(
    r"^(?:for|für|para|pour|zum|zur)\s+(?:(?:the|our|a|die|das|den|unser\w*|la|las|el|los|"
    r"nuestr\w*)\s+)?(?:\w+\s+){0,1}?(?P<noun>\w+)\s+(?:of|von|vom|de|del|de la)\s+(?P<rest>.+)$",
    re.I,
)


def _after_purpose(text: str) -> str:
    """'para redes del nuevo iPhone 15 Pro' -> 'nuevo iPhone 15 Pro': a purpose noun, then
    what it is about."""
    m = _PURPOSE_THEN_OF.match(text)
    if not m or not _PURPOSE_NOUNS.search(m.group("noun")):
        return ""
    if re.match(r"^\S+\s+(?:our|my|mi|mis|unser\w*|mein\w*|nuestr\w*)\b", text, re.I):
        return ""  # 'para mi clase de inglés': whose class, not what is shown
    rest = m.group("rest")
    if len(rest.split()) == 1 and rest.lower() in lexicon.PLACE_NOUNS:
        return ""  # 'para las rebajas de enero': when, not what
    return rest


def _has_kind(text: str, vocab: tuple[set[str], set[str]]) -> bool:
    """Does this stretch name the deliverable ('Fashion photo', 'Instagram post for our
    sale', 'zu sehen')? Then what follows its colon is the subject."""
    if "|" in text or _SUBJECT_FIELDS.match(text.strip().split(" ")[-1] if text.strip() else ""):
        return True
    if re.search(r"(?:zu sehen|to see|se ve|se ven|motiv|visual)\s*$", text.strip(), re.I):
        return True
    return any(_is_kind(w.strip(".,'’\""), vocab[0]) for w in text.split())


def _rank_fragment(
    raw: str,
    kind: str,
    colon_bonus: int,
    order: int,
    vocab: tuple[set[str], set[str]],
    ranked: list[tuple[int, int, str, str]],
) -> None:
    """Score one fragment as the subject (lower is better) and add it to `ranked`."""
    cleaned, led_by_kind, trailing_kind, purpose = _clean(raw, vocab)
    if not cleaned:
        return
    rank = 3 if purpose else 0
    rank += {"subject": -6, "detail": 6, "context": 3}.get(kind, 0)
    if _PUT_IT.match(raw.strip()):
        rank += 6  # "put it on a breakfast table": where the subject goes, not what it is
    if led_by_kind:
        rank -= 2  # "a poster of X": X is what it shows
    rank -= colon_bonus  # "Fashion photo: woman in a raincoat", "Blog header ...: a cat"
    if _SHOW.match(raw.strip()) or re.match(
        r"^(?:it|this|es|das bild)\s+(?:should|must|soll)\s+(?:show|zeigen)", raw.strip(), re.I
    ):
        rank -= 3  # 'Show a cherry-red Chevy at a gas station'
    if _DETAIL_LEAD.match(raw.strip()):
        rank += 6
    if _BACKGROUND.search(cleaned) or _POSTURE.match(raw.strip()):
        rank += 3  # 'fondo degradado', 'schwebend über einer Pfütze': how, not what
    if _THIS_IS.match(raw.strip()):
        rank -= 2  # 'Esta es nuestra mochila': the product
    if trailing_kind:
        rank += 1  # "1920s street photo": words about the picture, not its subject
    if len(cleaned.split()) == 1 and not led_by_kind:
        rank += 1  # a lone word beside fuller phrases is rarely the whole subject
    if (
        re.match(r"^(?:for|für|fuer|para|pour)\s", cleaned, re.I)
        and (len(inner := _WITH.split(" " + cleaned + " ", maxsplit=1)) == 2)
        and (after := _clean(inner[1], vocab)[0])
    ):
        cleaned, rank = after, rank - 1  # "for a coffee brand with a cup": the cup
    rest = _after_purpose(cleaned)
    if rest:
        cleaned = rest  # 'para redes del nuevo iPhone 15 Pro': the iPhone
    elif _PURPOSE.match(cleaned) or _for_someone(cleaned):
        rank += 3
        cleaned = _clean(re.sub(r"^\S+\s+", "", cleaned), vocab)[0] or cleaned
    else:
        cleaned = re.sub(r"^(?:for|für|fuer|para|pour)\s+", "", cleaned, flags=re.I)
        cleaned = _clean(cleaned, vocab)[0] or cleaned
    ranked.append((rank, order, cleaned, kind))


_PURPOSE_NOUNS = re.compile(
    r"\b(?:sale|sales|rebajas|aktion|promo|promotion|promoción|redes|netzwerke|"
    r"website|site|web ?shop|online ?shop|shop|store|newsletter|blog|article|catalogue|"
    r"catalog|campaign|display|presentation|deck|class|classroom|team|event|page|profile|feed|"
    r"channel|launch|menu|window|brochure|magazine|issue|edition|client|customer|"
    r"webseite|homepage|onlineshop|katalog|kampagne|klasse|ausgabe|mappe|präsentation|"
    r"sitio|tienda|catálogo|campaña|clase|revista|edición|presentación|folleto|"
    r"school|kindergarten|nursery|hospital|office|company|agency|bakery|gym|restaurant|"
    r"kita|schule|kindergarten|krankenhaus|büro|firma|agentur|bäckerei|praxis|verein|"
    r"escuela|colegio|instituto|guardería|hospital|oficina|empresa|agencia|panadería|"
    r"semana|week|woche|social media|redes|socials|article|artikel|artículo|post|primaria|"
    r"secundaria|grade|curso|jóvenes|students|schüler|kids|kinderzimmer|nursery|ausstellung|"
    r"exhibition|exposición|jubiläum|anniversary|aniversario|unterricht|lesson|clase|insta|"
    r"instagram|homepage|landing page|product page|produktseite|etsy|amazon)\b",
    re.I,
)


def _for_someone(text: str) -> bool:
    """'for our bakery', 'for a lawyer's website', 'für die Willkommensmappe': a purpose,
    not what the picture shows ('for pad thai' is the dish)."""
    if re.match(r"^fürs\s", text, re.I):
        return True  # 'fürs Kinderzimmer': für das ...
    m = re.match(r"^(?:for|für|fuer|para|pour)\s+(.*)$", text, re.I)
    if not m:
        return False
    rest = m.group(1)
    if re.match(
        r"(?:our|my|your|their|his|her|unser\w*|mein\w*|ihr\w*|nuestr\w*|mis?|sus?|tus?)\b",
        rest,
        re.I,
    ):
        return True
    head = " ".join(rest.split()[:5])
    if re.match(r"(?:for|para|pour|zum)\s+[A-Z0-9][\w&'’-]*(?:\s+[A-Z0-9&][\w&'’-]*)+\b", text):
        return True  # 'for Route 66 Diner', 'para Óptica Sol': a client's name
    return bool(re.search(r"\w's\b|’s\b", head) or _PURPOSE_NOUNS.search(head))


# prepositions that also say what someone wears or holds ('in a raincoat', 'mit Hut')
_CLOTHING_PREPS = {"in", "im", "en", "over", "über", "during", "durante", "entre"}
_EVENT_HEADS = {"webinar", "talk", "workshop", "seminar", "course", "lecture", "conference",
                "panel", "podcast", "session", "vortrag", "kurs", "charla", "taller",
                "conferencia", "curso", "ponencia", "keynote"}  # fmt: skip


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


def _vocabulary(keywords: list[str] | None) -> set[str]:
    """Single-word keywords and the kind-of-picture words ('how it works' is a phrase, its
    'works' no kind word)."""
    words = {k.lower() for k in keywords or [] if not re.search(r"\s", k.strip())}
    return words | set(lexicon.KIND_WORDS)


def _tail_vocabulary(keywords: list[str] | None) -> set[str]:
    """Every word of every keyword: a tail made mostly of them is template vocabulary."""
    common = set(lexicon.ARTICLES) | set(lexicon.OF_WORDS) | {"how", "it", "and", "y", "und"}
    words = {w.lower() for k in keywords or [] for w in re.findall(r"[\w'’]+", k)}
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
    forms = {w, w.rstrip("s"), w.rstrip("es"), w + "s", w[:-1], w[:-2], w[:-2] + "s", w[:-1] + "s"}
    if forms & vocab:
        return True
    # German compounds: 'Kreideanmerkungen', 'Rezeptkarte', 'Erklärbild'
    long = [v for v in vocab if len(v) >= 5]
    return len(w) >= 9 and any(w.endswith(v) for v in long)  # the head is at the end


_KIND_LINKS = {
    "of", "about", "showing", "featuring", "depicting", "on", "over", "for", "with", "from",
    "von", "vom", "zum", "zur", "über", "mit", "zu", "für", "aus", "auf",
    "de", "del", "sobre", "con", "para", "acerca",
    "du", "des", "di", "della",
}  # fmt: skip
_FILLERS = {"and", "und", "y", "&", "+", "or", "wie", "like", "como", "aus", "from", "den", "the"}
_DECADE = re.compile(r"(?:\d{2,4}(?:s|er|ern|'s|’s)|años|jahre)", re.I)
_PLACE_LINKS = {"in", "im", "en", "at", "am", "an", "al", "à"}
_OF = {"of", "de", "del", "von", "vom", "der", "des", "eines", "einer", "du", "di", "della"}
_GENITIVE = {"eines", "einer", "des", "der"}  # 'Porträt eines Tänzers', 'Foto der Brücke'
_EXPLAINS = re.compile(
    r"^(?:that|which|to)?\s*(?:explains?|explaining|shows?|erklärt|zeigt|que explica|explicando)$",
    re.I,
)


def _kind_phrase_at(words: list[str], j: int, kinds: set[str]) -> int:
    """The index after 'una pizarra' / 'the whiteboard' when a kind word follows a
    preposition (articles allowed between), else 0."""
    while j < len(words) and words[j].lower() in lexicon.ARTICLES:
        j += 1
    if not (j < len(words) - 1 and _is_kind(words[j], kinds)):
        return 0
    while j < len(words) - 1 and _is_kind(words[j], kinds):
        j += 1
    return j


def _clean(fragment: str, vocab: tuple[set[str], set[str]]) -> tuple[str, bool, bool, bool]:
    """(the fragment without its deliverable edges, whether kind words led into it, whether
    kind words ended it, whether what follows its kind words is a purpose)."""
    fragment = _AS_IF.sub("", fragment.strip())
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
        _is_kind(low(i), tail_vocab)
        or low(i) in lead | links | _KIND_LINKS | _STYLE_LEAD | _FILLERS | _RELATIVE
        or _DECADE.fullmatch(low(i))
        for i in range(len(words))
    ):
        return "", True, False, False
    led_by_kind, purpose, cut = False, False, 0
    for i in range(min(len(words) - 1, 10)):
        if not (_is_kind(low(i), tail_vocab) or low(i) in _STYLE_LEAD):
            continue
        linked_before = any(
            low(k) in links | _KIND_LINKS | _PLACE_LINKS for k in range(1, i)
        )  # 'La Sagrada Família con anotaciones de tiza': the kind word is in a tail
        if (
            i <= 5
            and not linked_before
            and low(i + 1) in _OF | {"for"}
            and _is_kind(low(i), tail_vocab)
        ):
            if low(i + 1) == "for" and _for_someone(" ".join(words[i + 1 :])):
                purpose, cut = True, i + 2  # 'a header image for an article about ...'
            else:
                led_by_kind, cut = True, i + 2  # 'a clean studio packshot of the sneaker'
            continue
        if not all(  # only the deliverable's words before it: 'Eiffel Tower photo with' is no lead-in
            _is_kind(low(k), tail_vocab) or low(k) in lead | links | _KIND_LINKS | _STYLE_LEAD
            for k in range(i)
        ):
            break
        j = i + 1
        about = _after_purpose("for " + " ".join(words[j + 1 :]))
        if low(j) in ("for", "für", "fürs", "para", "pour", "zum", "zur") and about:
            words = about.split()  # 'Anuncio para redes del nuevo iPhone': the iPhone
            led_by_kind, cut = True, 0
            break
        if low(j) in ("for", "für", "fürs", "para", "pour", "zum", "zur") and _for_someone(
            "for " + " ".join(words[j + 1 :])
        ):
            purpose, cut = True, j + 1  # 'Maskottchen für die Kita': who it is for
        elif low(j) in _KIND_LINKS or low(j) in _GENITIVE or low(j) in _PLACE_LINKS:
            led_by_kind, cut = _is_kind(low(i), kinds) or led_by_kind, j + 1
        elif j + 1 < len(words) and _EXPLAINS.match(f"{low(j)} {low(j + 1)}"):
            led_by_kind, cut = True, j + 2
        elif _EXPLAINS.match(low(j)):
            led_by_kind, cut = True, j + 1
    words = words[cut:]
    # 2. leading asks, articles and kind words ('Erstelle ein Polaroid-Storyboard der ...')
    i, kind_run, linked = 0, False, False
    while i < len(words):
        w = low(i)
        if w in _ERA_ADJ and not (i + 1 < len(words) and _is_kind(low(i + 1), kinds)):
            break  # 'eine alte Filmkamera': part of the subject; 'an old photo of': not
        if w in lexicon.ATTACHED_WORDS:
            linked = kind_run = True  # 'the attached wristwatch': the product itself
            i += 1
        elif w in lead or w in _STYLE_LEAD:
            linked = linked or (kind_run and w in lexicon.ARTICLES)
            i += 1
        elif _is_kind(w, kinds):
            kind_run = True
            i += 1
        elif (
            (kind_run and i > 0 and (w in links or w in _KIND_LINKS))
            or (i == 0 and w in lexicon.OF_WORDS)
            or _DECADE.fullmatch(w)
        ):
            if i == 0 and w in _OF:  # '… | of a red jacket': led in by the deliverable
                kind_run = linked = True
            linked = linked or kind_run
            i += 1
        elif w in links | _PLACE_LINKS and _kind_phrase_at(words, i + 1, tail_vocab):
            i = _kind_phrase_at(words, i + 1, tail_vocab)  # 'Explica en una pizarra cómo ...'
        else:
            break
    # 'Polaroid storyboard of X' leads into X; '1920s street photo' only describes a photo
    led_by_kind = led_by_kind or (kind_run and (linked or i == len(words)))
    words = words[i:]
    # 3. the tail: template vocabulary ('as polaroids on a pinboard', 'mit Kreide-Anmerkungen')
    words = _drop_template_tail(words, tail_vocab)
    trailing_kind = False
    while words and (
        words[-1].lower().strip(".,") in links | _RELATIVE | _KIND_LINKS | set(lexicon.ARTICLES)
        or words[-1].lower().strip(".,") in lexicon.ATTACHED_WORDS
        or _is_kind(words[-1], set(lexicon.KIND_WORDS))
    ):
        trailing_kind = trailing_kind or _is_kind(words[-1], set(lexicon.KIND_WORDS))
        words = words[:-1]
    text = " ".join(words).strip(" .,'’\"-")
    text = re.sub(
        r"\s+(?:for|für|fuer|para|in|en|im|auf|at|on|from|von|de)\s+(?:our|my|unser\w*|mein\w*|"
        r"nuestr\w*|mi)\b.*$",
        "",
        text,
    )
    for m in reversed(list(re.finditer(r"\s(?:for|für|fuer|para|pour)\s", text))):
        if _for_someone(text[m.start() + 1 :]):  # '... para 3º de primaria', '... for the web shop'
            text = text[: m.start()]
    if purpose:
        return (text if re.search(r"\w", text) else ""), False, trailing_kind, True
    if re.match(r"^(?:for|für|fuer|fürs|para|pour|zum|zur)\s", fragment.strip(), re.I):
        led_by_kind = False  # 'für das Konzertplakat der Band X': who it is for
    return (text if re.search(r"\w", text) else ""), led_by_kind, trailing_kind, False


_TAIL_LINK = re.compile(
    r"^(?:as|on|in|into|with|for|via|using|like|pinned|over|als|auf|mit|im|in|für|über|como|"
    r"con|en|sobre|de|in the style|im stil|al estilo|estilo|style|packed|full|voller|lleno|llena|"
    r"wie|like|como|tipo)$",
    re.I,
)


_NEUTRAL = {  # colour and size words: 'mit weißen Kreide-Anmerkungen' is still template words
    "white", "black", "red", "blue", "green", "yellow", "big", "large", "small", "little", "tiny",
    "weiß", "weiße", "weißen", "weißer", "schwarz", "schwarze", "schwarzen", "rot", "rote",
    "roten", "große", "großen", "kleine", "kleinen", "blanca", "blanco", "blancas", "blancos",
    "negra", "negro", "roja", "rojo", "grande", "grandes", "pequeña", "pequeño",
}  # fmt: skip


def _drop_template_tail(words: list[str], vocab: set[str]) -> list[str]:
    """Drop trailing phrases made mostly of template vocabulary, the last one first ('Receta
    de bocadillo de calamares en infografía' loses 'en infografía', keeps the dish)."""
    end = len(words)
    for i in range(len(words) - 1, 0, -1):
        if not _TAIL_LINK.match(words[i].lower()):
            continue
        tail = [w for w in words[i + 1 : end] if w.lower() not in lexicon.ARTICLES]
        content = [
            w
            for w in tail
            if len(w) > 2 and not _TAIL_LINK.match(w.lower()) and w.lower() not in _NEUTRAL
        ]
        kinds = [w for w in content if _is_kind(w, vocab)]
        need = len(content) if len(content) <= 2 else len(content) - 1
        if content and len(kinds) >= need:
            end = i
        else:
            break
    return words[:end]
