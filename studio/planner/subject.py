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
from studio.planner.fragments import (
    _PURPOSE_NOUNS,
    _after_purpose,
    _clean,
    _for_someone,
    _is_kind,
    _tail_vocabulary,
    _vocabulary,
)

_WORD = re.compile(r"[\w][\w'’.-]*", re.UNICODE)

_FRAGMENT_SPLIT = re.compile(
    r"\s*(?:\||,(?!\s+(?:die|der|das|den|dem|que|who|which|that|quien|donde|wo)\s+[a-zäöüß])|"
    r"[;:!?¡¿()\[\]]|\.(?:\s|$)|\s[-–—]\s|\n)\s*"
)  # ', die auf einer Laptoptastatur schläft': a relative clause stays with its noun

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
    r"^(?:goal|aim|purpose|ziel|zweck|objetivo|el objetivo|client|the client|customer|kunde|"
    r"cliente|el cliente|brand|marke|marca|la marca)\s+(?:is|ist|es)\b",
    re.I,
)

_SHOW = re.compile(  # 'Show a cherry-red Chevy', 'It should show', 'zu sehen:', 'showing an A380'
    r"^(?:(?:please|bitte|por favor)\s+)?(?:show|shows|showing|featuring|depicting|zeig|zeige|"
    r"zeigt|zeigen|muestra|mostrar|muéstrame|"
    r"mostrando|que muestre|muéstranos|que salgan?|que aparezcan?|es sollen|sollen zu sehen|"
    r"zu sehen)\b",
    re.I,
)

_DETAIL_LEAD = re.compile(  # 'shown in a hand at a festival', 'keep the label exactly'
    r"^(?:shown|seen|photographed|shot|lit|styled|keep|make sure|ensure|please keep|so it|"
    r"so that|don't|do not|damit|nicht|para que|no cambies|no toques|"
    r"gezeigt|fotografiert|beleuchtet|achte|behalte|mostrado|fotografiado|iluminado|mantén|"
    r"manten|asegúrate)\b",
    re.I,
)

_WITH = re.compile(r"\s(?:with|showing|featuring|mit|con|zeigt|que muestre|mostrando)\s", re.I)

_FILL = re.compile(
    r"\s(?:filled with|full of|containing|made of|blended with|merging with|merged with|"
    r"gefüllt mit|voller|verschmolzen mit|llena de|lleno de|fundida con|fundido con|"
    r"rellena de|relleno de|con dentro|y dentro|and inside|und darin|und darin ist)\s|\s(?:with|mit|con)\s(?=.+\s(?:inside|drin|darin|dentro)\b)",
    re.I,
)


@dataclass
class SubjectReading:
    subject: str = ""
    setting: str = ""
    details: list[str] = field(default_factory=list)
    inner: str = ""  # what fills a silhouette ("filled with a snowy forest")
    outfit: str = ""  # what a person wears ("a yellow raincoat"), for templates with an outfit
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
    split_outfit: bool = False,
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
        parts = re.split(r"(\s*:\s+)", sentence)
        for idx, raw in enumerate(parts):
            if re.fullmatch(r"\s*:\s+", raw):
                after_colon = True
                continue
            before_colon = idx + 1 < len(parts)
            raw = re.sub(
                r"\s(showing|featuring|depicting|zeigt|mostrando|que muestre)\s", r", \1 ", raw
            )
            raw = _REQUEST_MID.sub(", ", raw)
            # '… web banner | with a steaming cup': a format's 'with' leads into its subject
            raw = re.sub(r"\|\s*(?=(?:with|mit|con|featuring)\s)", "| of ", raw)
            pieces = _FRAGMENT_SPLIT.split(raw)
            for n, piece in enumerate(pieces):
                piece = (piece or "").replace("\u2024", ".")
                order += 1
                if piece.strip():
                    bonus = (after_colon and n == 0) * (3 if pre_kind else 1)
                    if before_colon and n == len(pieces) - 1 and _FOR.match(piece.strip()):
                        bonus -= 3  # 'Für die Rezeption: eine Hotellobby': who it is for
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
    if split_outfit:
        reading.subject, reading.outfit, worn_rest = split_outfit_phrase(reading.subject)
        if worn_rest:
            reading.details.append(worn_rest)
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


_FOR = re.compile(r"^(?:for|für|fuer|fürs|para|pour|zum|zur)\s", re.I)
_REQUEST_MID = re.compile(  # 'Für den Newsletter … hätten wir gern den Fernsehturm'
    r"\s(?:hätten wir gern|wir hätten gern|brauchen wir|wir brauchen|wünschen wir uns|"
    r"we'd like|we would like|we need|we want|necesitamos|queremos|quisiéramos|can you|"
    r"could you|can u|could u|could i get|can i get|can we get|könnt ihr|könnten sie|kannst du|"
    r"puedes|podéis|podrías|pueden)\s",
    re.I,
)
_WHERE_LEAD = re.compile(  # 'en un camino de montaña', 'on a tidy desk': where, not what
    r"^(?:on|at|in|en|sobre|auf|im|am|an|under|unter|bajo|vor|delante de|against)\s+"
    r"(?:a|an|the|un|una|el|la|einem|einer|dem|der)\s",
    re.I,
)


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
    if _BACKGROUND.search(cleaned) or _POSTURE.match(raw.strip()) or _WHERE_LEAD.match(raw.strip()):
        rank += 3  # 'fondo degradado', 'schwebend über einer Pfütze': how, not what
    if _THIS_IS.match(raw.strip()):
        rank -= 2  # 'Esta es nuestra mochila': the product
    if trailing_kind:
        rank += 1  # "1920s street photo": words about the picture, not its subject
    if len(cleaned.split()) == 1 and not led_by_kind:
        rank += 1  # a lone word beside fuller phrases is rarely the whole subject
    with_rule = False
    if (
        re.match(r"^(?:for|für|fuer|para|pour)\s", cleaned, re.I)
        and (len(inner := _WITH.split(" " + cleaned + " ", maxsplit=1)) == 2)
        and (after := _clean(inner[1], vocab)[0])
    ):
        cleaned, rank, with_rule = after, rank - 1, True  # "for a brand with a cup": the cup
    if with_rule:
        pass
    elif _PURPOSE_NOUNS.fullmatch(cleaned.lower()):
        rank += 3  # '… para una diapositiva | de clase': whose, not what
    rest = "" if with_rule else _after_purpose(cleaned)
    if with_rule:
        pass
    elif rest:
        cleaned = rest  # 'para redes del nuevo iPhone 15 Pro': the iPhone
    elif _PURPOSE.match(cleaned) or _for_someone(cleaned) or _for_someone(raw.strip()):
        rank += 3
        cleaned = _clean(re.sub(r"^\S+\s+", "", cleaned), vocab)[0] or cleaned
    else:
        cleaned = re.sub(r"^(?:for|für|fuer|para|pour)\s+", "", cleaned, flags=re.I)
        cleaned = _clean(cleaned, vocab)[0] or cleaned
    ranked.append((rank, order, cleaned, kind))


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
