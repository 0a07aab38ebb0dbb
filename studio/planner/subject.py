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
from studio.planner.sentences import (
    _STATEMENT,
    _SUBJECT_FIELDS,
    _segments,
)
from studio.planner.setting import (
    split_outfit_phrase,
    split_setting,
)

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


_CLIENT = re.compile(
    r"^(?:our|my|unser\w*|mein\w*|nuestr\w*|mi)\s+(?:\S+\s+){0,3}?(?:brand|company|shop|"
    r"store|business|agency|marke|firma|laden|geschäft|agentur|marca|empresa|tienda|negocio|"
    r"agencia)\b",
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


def _stems(short: bool) -> str:
    stems = [s for s in lexicon.LOOK_STEMS if (len(s) <= 4) == short]
    return "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))


# a four-letter stem takes up to two more letters ('warme', 'farben'), a shorter one at most
# one ('no' is not 'noodle', 'lit' is not 'little'), a longer one up to four
_LOOK = re.compile(
    rf"(?:{_stems(True)})(?<=\w{{4}})\w{{0,2}}|(?:{_stems(True)})\w?|"
    rf"(?:{_stems(False)})\w{{0,4}}",
    re.I,
)
_GLUE = set(lexicon.ARTICLES) | set(lexicon.OF_WORDS) | {
    "and", "und", "y", "with", "mit", "con", "in", "im", "en", "on", "auf", "a", "an", "the",
    "de", "del", "very", "sehr", "muy", "&", "+",
}  # fmt: skip


def looks_only(text: str) -> bool:
    """Is this fragment made only of words for how the picture looks (light, colour, finish,
    camera, 'no text')? Digits and any other word make it content."""
    words = [w.strip(".,'’\"„“”«»") for w in text.split()]
    words = [w for w in words if w and w.lower() not in _GLUE]
    return bool(words) and all(
        _LOOK.fullmatch(w) or all(_LOOK.fullmatch(p) for p in w.split("-") if p) for w in words
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
    if _CLIENT.match(raw.strip()):
        rank += 3  # 'our dog-treat brand "Woofles"': who asks, not what is shown
    if _THIS_IS.match(raw.strip()):
        rank -= 2  # 'Esta es nuestra mochila': the product
    if looks_only(cleaned):
        rank += 4  # 'warm faded colours', 'sauberes Produktfoto': how it looks, not what
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
