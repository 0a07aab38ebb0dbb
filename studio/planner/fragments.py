"""Cleaning one fragment of a brief down to what it depicts: the words that name the
deliverable rather than its content (lead verbs, articles, kind-of-picture words, the
template's own keywords and vocabulary, "of/de/vom"), a tail made of template vocabulary
("as polaroids on a pinboard", "mit Kreide-Anmerkungen"), and purposes ("for our bakery",
"para redes del nuevo iPhone"). Used by subject.py, which ranks the cleaned fragments."""

from __future__ import annotations

import re

from studio.planner import lexicon

_RELATIVE = {
    "where", "wo", "donde", "in which", "that", "which", "whose", "is", "are", "ist", "sind",
    "está", "están", "es", "every", "each", "jedes", "jeder", "jede", "alle", "cada", "todo",
    "todos", "object", "objects", "objekt", "objekte", "objeto", "objetos", "item", "items",
    "thing", "things", "everything", "alles", "labelled", "labeled", "beschriftet",
    "etiquetado", "etiquetados", "etiquetada", "named", "marked", "tagged", "getaggt",
    "markiert", "señalado", "señalados", "señaladas",
}  # fmt: skip

_STYLE_LEAD = {
    "historical", "historic", "old", "vintage", "retro", "archival", "black-and-white",
    "historisch", "historische", "historisches", "historischen", "alt", "alte", "altes",
    "alten", "schwarzweißfoto", "schwarzweiß", "histórica", "histórico", "antigua", "antiguo",
    "vieja", "viejo", "style", "stil", "estilo", "tipo", "type", "watercolour", "watercolor",
    "isometric", "3d", "oil", "painting", "cinematic", "photorealistic", "editorial",
    "minimalist", "flat", "aquarell", "acuarela", "step-by-step", "visuelle", "explicativo",
    "plana", "plano", "flache", "flach", "clean", "simple", "sauber", "limpia", "limpio",
    "anime", "manga", "cartoon", "pixel", "pixel-art", "low-poly", "lowpoly", "2d",
    "época", "epoca",
    "where's-waldo", "wimmelbild-stil", "schritt-für-schritt", "paso", "a",
}  # fmt: skip

_ERA_ADJ = {"old", "alt", "alte", "altes", "alten", "alter", "vintage", "retro", "antigua",
            "antiguo", "vieja", "viejo", "historic", "historical", "historisch", "historische",
            "historisches", "histórica", "histórico"}  # fmt: skip

_AS_IF = re.compile(
    r"^(?:\S+\s+){0,2}?(?:as if (?:it were |it was )?(?:taken|shot|photographed)\s+(?:at|in|during|on)|"
    r"como si (?:fuera|estuviera|se hubiera tomado)\s+(?:en|de)?|wie (?:ein|eine)\s+\w+\s+(?:von|aus|bei))\s+",
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


_PURPOSE_NOUNS = re.compile(
    r"\b(?:\w*(?:handel|laden|geschäft|shop|studio|salon|hotel|café|cafe|zeitung|magazin|"
    r"agentur|verein|schule)|home|startseite|inicio|"
    r"sale|sales|rebajas|aktion|promo|promotion|promoción|redes|netzwerke|"
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
    forms = {w, w + "s"}  # plurals and German/Spanish endings, not any shorter word
    if w.endswith("s"):
        forms |= {w[:-1], w[:-2] if w.endswith("es") else w[:-1]}
    if w.endswith(("en", "er", "em")):
        forms |= {w[:-2], w[:-2] + "s", w[:-1]}
    elif w.endswith(("e", "n")):
        forms |= {w[:-1], w[:-1] + "s"}
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
            (kind_run and i > 0 and (w in links or w in _KIND_LINKS or w in _FILLERS))
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
    # 'bola de discoteca estilo neón', 'Suchbild im Stil von …': a style, not the subject
    text = re.sub(
        r"\s+(?:im stil(?:\s+(?:von|der|des))?|in the style of|al estilo de|estilo|style)\b.*$",
        "",
        text,
        flags=re.I,
    )
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
