"""Choosing a template for a brief without a language model: keyword phrases, the words of
the template's description and example briefs, and whether a document is attached. The
score is explainable — its parts go into the plan's rationale.

Besides keywords and shared words, three general signals (see `_signals`):

- a channel format (prompts/formats.yaml) is a FORMAT, not a template choice: a keyword
  inside a format phrase ("A4-Poster", "web banner") counts half. But a format together
  with words to set on the image (quoted copy, a headline, an offer, a price) is a marketing
  creative: the template that makes that kind of deliverable gains (FORMAT_TEMPLATES);
- an attached photo of a thing (no person, no sketch or style reference) is a product to
  stage: product-shot gains, less when the deliverable is already a post, banner or poster;
- a year before 1990, or an old/vintage/historic photograph, asks for historical-photograph.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from studio.planner.formats import format_entries
from studio.prompts import Template

FALLBACK_TEMPLATE = "generic-image"
MIN_SCORE = 1.0

# words that say nothing about the kind of image, in the languages briefs come in
_STOP = set(
    """a an the of to in on at for from with and or by this that these those is are be it its
    as into about our my your me us we i you make create show draw give want need please
    image picture using use like one some new neu neue neuen neues nuevo nueva nuevos nuevas
    der die das den dem des ein eine einen einem einer eines und oder mit für von vom zum zur
    im am auf aus bei nach vor über unter ist sind bitte unser unsere unseren unserem unserer
    wir ihr sie es als wie zu
    el la los las un una unos unas de del al y o con para por en sobre es son su sus nuestro
    nuestra nuestros nuestras que como se lo
    le les une des du et ou avec pour par dans sur est notre nos
    il lo gli di da con per su nel nella una uno""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

# channel formats (names in prompts/formats.yaml) whose deliverable is one template's kind
FORMAT_TEMPLATES = {
    "Instagram post": "social-post",
    "Instagram portrait post": "social-post",
    "Instagram story": "social-post",
    "TikTok": "social-post",
    "Facebook post": "social-post",
    "LinkedIn post": "social-post",
    "X post": "social-post",
    "Pinterest pin": "social-post",
    "Web banner": "web-banner",
    "Leaderboard": "web-banner",
    "Medium rectangle": "web-banner",
    "Skyscraper": "web-banner",
    "Email header": "web-banner",
    "A4 poster": "event-poster",
    "Letter poster": "event-poster",
}
_CREATIVE_BONUS = 1.5  # format + copy; below one keyword (+2), so another template's word wins
_PRODUCT, _HISTORICAL = "product-shot", "historical-photograph"

# words to be set on the image: quoted copy, a headline, an offer, a price
_COPY = re.compile(
    r"[\"“”„«»]|(?<!\w)(?:headline|slogan|tagline|claim|call to action|cta|text|texto|"
    r"überschrift|titular|eslogan|sale|rebajas|descuento|oferta|rabatt|angebot|shop now|"
    r"book now|order now|\d+\s?%|[€$£]\s?\d+|\d+(?:[.,]\d+)?\s?[€$£])(?!\w)",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"(?<!\w)(?:attached|attachment|enclosed|angehängt\w*|beigefügt\w*|anhang|anbei|"
    r"adjunt[oa]s?|ci-joint\w*|allegat[oa])(?!\w)",
    re.IGNORECASE,
)
_NOT_PRODUCT = re.compile(  # people, or a reference for the style rather than a thing
    r"(?<!\w)(?:person|persona|people|model|modelo|modell|woman|man|frau|mann|mujer|hombre|"
    r"girl|boy|chica|chico|portrait|retrato|porträt\w*|portr\w+foto|headshot|face|gesicht|"
    r"sketch|drawing|skizze|zeichnung|boceto|dibujo|style reference|as a reference|"
    r"stilvorlage|como referencia de estilo|al estilo de|im stil|in the style of|style of|"
    r"farbstimmung|colour mood|color mood|mood|als vorlage|vorlage|como inspiración|"
    r"inspiration|mädchen|junge|niña|niño|kind|child|boy|girl|moodboard|mood board|"
    r"colou?rs like|farben wie|colores como|cats?|katzen?|gatos?|dogs?|hunde?|perros?|"
    r"geschäftsführer\w*|founder|gründer\w*|ceo|trägt|wears|wearing|lleva|abuel[oa])(?!\w)",
    re.IGNORECASE,
)
_YEAR = re.compile(  # '1910', '1920s', '20er Jahre', 'años 20', "the '50s"; not 1920x1080
    r"(?<![\w/.,:€$£-])(1[5-9]\d\d)(?:s|ern|er|'s|’s)?(?![\w/%€$£]|[.,:]\d)"
    r"|(?<!\w)(?:años|anni|années)\s+'?[2-8]0(?!\w)|(?<!\w)[2-8]0er(?:[ -]jahren?)?(?!\w)"
    r"|(?<![\w'])'[2-8]0s(?!\w)|(?<!\w)the [2-8]0s(?!\w)",
    re.IGNORECASE,
)
_OLD = r"(?:old|vintage|antique|historic\w*|alt(?:e|er|es|en)?|antigu[oa]s?|hist[óo]ric[oa]s?|ancien\w*|d'époque|de época|sepia|black-and-white|black and white|schwarzweiß|blanco y negro)"
_PHOTO = r"(?:photo\w*|foto\w*|aufnahme\w*|bild\w*|picture|snapshot|print|image|imagen)"
_ERA_PHOTO = re.compile(
    rf"(?<!\w){_OLD}\s+(?:\w+\s+){{0,2}}{_PHOTO}(?!\w)|(?<!\w){_PHOTO}\s+(?:\w+\s+){{0,1}}"
    rf"{_OLD}(?!\w)|(?<!\w)(?:schwarzweiß|sepia)\w*(?:foto|bild|aufnahme)\w*"
    # 'a photo from 1936', 'wie ein Foto aus den 1950ern', 'una foto de los años 60'
    rf"|(?<!\w){_PHOTO}\s+(?:from|of|de|aus|von)\s+(?:the\s+|los\s+|den\s+)?"
    r"(?:1[5-8]\d\d|19[0-8]\d|años\s+[2-8]0|[2-8]0er|\d0s)",
    re.IGNORECASE,
)
_EVENT = re.compile(  # era or event words that make a year a historical moment
    r"(?<!\w)(?:" + _OLD + r"|(?:um|circa|ca\.|c\.|hacia|vers|around)\s+1\d\d\d|fall of|opening of|"
    r"landing|coronation|war|revolution|uprising|strike|protest|march on|parade|funeral|"
    r"election|riot|liberation|siege|battle|first flight|expedition|era|century|mauerfall|"
    r"fall der|eröffnung|krönung|krieg|aufstand|streik|jahrhundert|ära|damals|caída|"
    r"inauguración|coronación|guerra|revolución|huelga|manifestación|desfile|siglo|época|"
    r"llegada|ankunft|arrival|chute|couronnement|guerre|siècle|époque)(?!\w)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]*[\"”“»]")


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@dataclass
class Route:
    template_id: str
    score: float
    reasons: list[str]


def _format_table(root: Path) -> list[tuple[str, str]]:
    pairs = [(w.lower(), e["name"]) for e in format_entries(root) for w in e.get("words", [])]
    return sorted(pairs, key=lambda p: -len(p[0]))


def named_formats(text: str, templates: list[Template]) -> list[tuple[str, tuple[int, int]]]:
    """The channel formats the brief names, with their spans; a span runs on over a
    following 'poster'/'Plakat'/'post' ('A4-Poster' is one format phrase)."""
    root = next((Path(t.path).parent.parent for t in templates if t.path), None)
    if root is None:
        return []
    low, out, taken = text.lower(), [], []
    for word, name in _format_table(root):
        for m in re.finditer(rf"(?<![\w/]){re.escape(word)}(?![\w/])", low):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                tail = re.match(r"[- ](?:poster|plakat|póster|cartel|post|format|formato)\b", low[m.end() :])  # fmt: skip
                span = (m.start(), m.end() + (tail.end() if tail else 0))
                taken.append(span)
                out.append((name, span))
    return out


def _keyword_hits(kw: str, brief: str) -> list[tuple[int, int]]:
    """Where a keyword occurs (whole words, optional plural s). A capitalised one-word
    keyword (a German noun) also matches inside compounds: 'Plakat' in 'Sommerfestplakat'."""
    k = kw.lower().strip()
    if not k:
        return []
    if kw[:1].isupper() and not kw.isupper() and " " not in k and len(k) >= 5:
        pattern = rf"(?<!\w)\w*{re.escape(k)}\w*"
    else:
        pattern = rf"(?<![^\W_]){re.escape(k)}s?(?![^\W_])"
    return [m.span() for m in re.finditer(pattern, brief)]


def _signals(
    text: str, templates: list[Template], has_reference: bool
) -> tuple[dict[str, list[tuple[float, str]]], list[tuple[int, int]]]:
    """Bonuses per template id, each with its reason, and the format phrases' spans."""
    found = named_formats(text, templates)
    ids = {t.id for t in templates}
    bonus: dict[str, list[tuple[float, str]]] = {}
    copy = _COPY.search(text)
    creative = False
    if copy:
        for name, _ in found:
            tid = FORMAT_TEMPLATES.get(name)
            if tid in ids and tid not in bonus:
                creative = True
                bonus[tid] = [(_CREATIVE_BONUS, f"a {name} with copy to set ({copy.group(0)!r})")]
    for name, _ in found:  # a banner format names the deliverable even without copy
        tid = FORMAT_TEMPLATES.get(name)
        if tid == "web-banner" and tid in ids and tid not in bonus:
            bonus[tid] = [(1.0, f"a {name} is a banner")]
    attached = _ATTACHED.search(text)
    if (
        _PRODUCT in ids
        and (has_reference or attached)
        and not _NOT_PRODUCT.search(text)
        and not creative
    ):
        gain = 0.0 if creative else 1.0 if copy else 2.0
        why = "an attached photo of a thing" + (" inside a post/banner/poster" if creative else "")
        bonus.setdefault(_PRODUCT, []).append((gain, why))
    if _HISTORICAL in ids:
        unquoted = _QUOTED.sub(" ", text)
        year = next((m for m in _YEAR.finditer(unquoted) if _before_1990(m)), None)
        era = _ERA_PHOTO.search(unquoted)
        if year and _EVENT.search(unquoted):
            bonus.setdefault(_HISTORICAL, []).append((1.5, f"a year before 1990 ({year.group(0).strip()!r}) with era or event words"))  # fmt: skip
        if era:
            bonus.setdefault(_HISTORICAL, []).append((1.25, f"an old photograph ({era.group(0)!r})"))  # fmt: skip
    return bonus, [span for _, span in found]


def _before_1990(m: re.Match[str]) -> bool:
    if m.group(1):
        return int(m.group(1)) < 1990
    return True  # 'años 20', '60er Jahre', "the '50s": decades of the 20th century


_SUFFIXES = sorted(
    (
        "ungen", "ung", "innen", "erinnen", "ern", "en", "er", "es", "e", "s", "n", "em",
        "as", "os", "a", "o", "ada", "ado", "adas", "ados", "ión", "iones", "ing", "ed",
    ),
    key=len,
    reverse=True,
)  # fmt: skip


def _ml_stem(word: str) -> str:
    """A rough stem for English, German and Spanish inflection ('etiquetadas' ->
    'etiquet', 'beschriftete' -> 'beschriftet', 'annotations' -> 'annotation')."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 5:
            return w[: -len(suffix)]
    return w


def _own_stems(t: Template) -> set[str]:
    words_ = [k for k in (*t.keywords, *t.vocabulary) if " " not in k.strip() and "-" not in k]
    return {_ml_stem(w) for w in words_ if len(w) >= 5}


def _inflected_hits(
    t: Template, brief_words: list[str], unique: dict[str, set[str]], *, exact: bool
) -> list[str]:
    """Brief words that are one of the template's own words inflected or compounded
    ('Kreideannotationen', 'etiquetada', 'Businessporträt'), not already counted as an exact
    keyword (then only compounds count)."""
    stems = unique.get(t.id, set())
    keywords = {k.lower() for k in t.keywords}
    hits = []
    for w in brief_words:
        low, stem = w.lower(), _ml_stem(w)
        inflected = stem in stems and not (exact and low in keywords)
        compound = len(w) >= 9 and any(
            len(x) >= 6 and (stem.startswith(x) or stem.endswith(x)) for x in stems
        )
        if inflected or compound:
            hits.append(w)
    return sorted(set(hits))


def score_templates(
    text: str, templates: list[Template], *, has_document: bool = False, has_reference: bool = False
) -> list[Route]:
    """Every template with its score, best first."""
    brief = text.lower()
    bonus, format_spans = _signals(text, templates, has_reference)
    # a channel's name, and saying that something is attached, are no words of a template
    plain = "".join(
        " " if any(s <= i < e for s, e in format_spans) else c for i, c in enumerate(brief)
    )
    plain = _ATTACHED.sub(" ", re.sub(r"(?<!\w)referen\w*", " ", plain))
    brief_stems = {_stem(w) for w in words(plain)}
    # Document frequency of each stem across templates: a word that many templates use
    # (e.g. "photo") says little about which one the user means.
    vocab = {
        t.id: {_stem(w) for w in words(" ".join([t.title, t.description, *t.examples]))}
        for t in templates
    }
    df = Counter(s for stems in vocab.values() for s in stems)
    n = max(1, len(templates))
    # one-word keywords and vocabulary, stemmed for inflection ('etiquetada', 'Beschriftete'),
    # counted only when no other template has the same stem
    own = {t.id: _own_stems(t) for t in templates}
    stem_df = Counter(s for stems in own.values() for s in stems)
    unique_stems = {tid: {s for s in stems if stem_df[s] == 1} for tid, stems in own.items()}
    brief_words = [w for w in _WORD.findall(plain) if len(w) >= 4]

    routes = []
    for t in templates:
        reasons: list[str] = []
        score = 0.0
        for kw in t.keywords:
            hits = _keyword_hits(kw, brief)
            if not hits:
                continue
            gain = 2.0 + 0.5 * (len(kw.split()) - 1)
            if all(any(s <= a and b <= e for s, e in format_spans) for a, b in hits):
                gain = round(gain / 2, 2)  # only as part of a channel format's name
            score += gain
            reasons.append(f"keyword {kw!r} (+{gain:g})")
        overlap = brief_stems & vocab[t.id]
        if overlap:
            gain = sum(math.log(1 + n / df[s]) for s in overlap) * 0.35
            score += gain
            reasons.append(
                f"words shared with its description/examples: {', '.join(sorted(overlap)[:6])} (+{gain:.1f})"
            )
        inflected = _inflected_hits(t, brief_words, unique_stems, exact=score > 0)
        if inflected:
            gain = round(1.0 * len(inflected), 2)
            score += gain
            reasons.append(
                f"its words, inflected or compounded: {', '.join(inflected[:4])} (+{gain:g})"
            )
        for gain, why in bonus.get(t.id, []):
            score += gain
            reasons.append(f"{why} (+{gain:g})")
        if t.needs_document:
            if has_document:
                score += 1.5
                reasons.append("a document is attached (+1.5)")
            else:
                score -= 3.0
                reasons.append("needs a document and none is attached (-3)")
        routes.append(Route(t.id, round(score, 3), reasons))
    routes.sort(key=lambda r: (-r.score, r.template_id))
    return routes


def choose_template(
    text: str, templates: list[Template], *, has_document: bool = False, has_reference: bool = False
) -> Route:
    """The best template for the brief; `has_reference`: a reference image is attached."""
    scored = score_templates(
        text, templates, has_document=has_document, has_reference=has_reference
    )
    generic = next((r for r in scored if r.template_id == FALLBACK_TEMPLATE), None)
    routes = [r for r in scored if r.template_id != FALLBACK_TEMPLATE]
    best = routes[0] if routes else None
    if (
        best is not None
        and generic is not None
        and generic.score > 0
        and generic.score >= best.score
    ):
        # 'isometric 3D illustration of a tiny office': the generic template's own words
        # fit as well as any other template's, so nothing specific was asked for
        return Route(
            FALLBACK_TEMPLATE,
            generic.score,
            [f"the generic template fits as well as {best.template_id!r} ({best.score:g})"]
            + generic.reasons,
        )
    if best is None or best.score < MIN_SCORE:
        why = (
            f"best match {best.template_id!r} scored only {best.score:g}"
            if best
            else "no templates"
        )
        return Route(
            FALLBACK_TEMPLATE,
            0.0,
            [f"no template matched well ({why}); using the generic template"],
        )
    return best
