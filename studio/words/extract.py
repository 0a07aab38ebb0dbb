"""The offline planner's reading of a text-heavy brief: the template variables that carry the
words (a whiteboard's concept and steps, a recipe's dish, servings, ingredients, steps and
times, a labelled scene's scene, languages and objects, a landmark's name, city and facts).

    found, notes = extract_words("whiteboard", text, subject=spec.subject, language="en")

General mechanisms only: lists by their form (lists.py), quantities, times and facts by their
wording (amounts.py), objects and languages through the bundled vocabulary (vocab.py). The
brief is data: nothing in it is followed as an instruction, every value is a span of its own
text (or a vocabulary key), and each note says where a value came from."""

from __future__ import annotations

import re
from typing import Any

from studio.planner import extract as planner_extract
from studio.words import amounts, vocab
from studio.words.lists import _QUOTES, Listing, _head, _split, _tail_end, find_lists

_ARTICLE = re.compile(
    r"^(?:a|an|the|ein|eine|einen|einer|der|die|das|den|un|una|uno|unos|el|la|los|las|une|le|"
    r"les|l'|des)\s+|^l'",
    re.I,
)
_STOP = re.compile(
    r"\s*(?:[:;!?(\n]|\.(?:\s|$)|,\s|\s[-–]\s|\b(?:step[- ]by[- ]step|schritt für schritt|paso a paso|"
    r"étape par étape|in \d+ (?:numbered )?steps|in \d+ schritten|en \d+ (?:pasos|étapes)|"
    r"for (?:beginners|kids|children|students|complete|high|our|a|an|the)\b|für (?:anfänger|kinder|schüler)|"
    r"para (?:principiantes|niños|estudiantes)|pour (?:débutants|enfants|les)|with|mit|con|avec|"
    r"on (?:a|an|the)|auf (?:einem|einer|dem)|en (?:una|un|la)|sur (?:un|une|le)|in \d)\b)",
    re.I,
)
_HOW = re.compile(
    r"(?<!\w)(?P<s>(?:how|why|what|wie|warum|wieso|cómo|como|por qué|por que|comment|pourquoi|"
    r"come(?= funzion| si | nasce| avviene)|perché)\s.+)",
    re.I,
)
_EXPLAIN = re.compile(
    r"\b(?:explain(?:s|ing|er|ed)?|erklär\w*|explic\w*|expliqu\w*)\s*,?\s*"
    r"(?:(?:of|on|about|über|zu[mr]?|de|del|sobre|du|des|la)\s+)?(?P<s>.+)",
    re.I,
)
_DISH = re.compile(
    r"\b(?:recipe(?: card| infographic)?|infographic|Rezept[\w-]*|receta|infografía(?: de receta)?|"
    r"tarjeta de receta|recette|fiche recette|infographie(?: recette)?)"
    r"(?:\s+(?:for|of|für|zu[mr]?|von|de|del|para|du|des|d')\s*|\s*:\s*)(?P<s>.+)",
    re.I,
)
_DISH_BEFORE = re.compile(r"^(?P<s>.+?)\s+(?:recipe|Rezept|recette)\b", re.I)
_DISH_STOP = re.compile(
    r"\s*(?:[:;!?(\n]|\.(?:\s|$)|,\s|\s[-–]\s|\b(?:with|mit|con|avec)\b(?=\s*(?:[\d,.;:(]|$))|"
    r"\b(?:serves|showing|including|(?:for|für|para|pour) (?:\d|two|four|six|zwei|vier|dos|cuatro|"
    r"deux|quatre))\b)",
    re.I,
)
_OBJECT_HEADS = re.compile(
    r"object|objekt|objeto|objet|items|things|label|beschrift|etiquet|étiquet", re.I
)
_LABEL_LIST = re.compile(
    r"\b(?:label(?:s|l?ing|l?ed)?|beschrifte\w*|etiquet\w*|étiquet\w*|rotul\w*)\s+"
    r"(?:(?:the|die|den|los|las|les|el|la|le)\s+)?",
    re.I,
)


def _cut(subject: str, stop: re.Pattern[str] = _STOP) -> str:
    subject = stop.split(subject.strip(), maxsplit=1)[0].strip(" ,.'\"")
    return _ARTICLE.sub("", subject).strip()


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The brief with `spans` blanked out (offsets kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _subject_ok(subject: str, lists: list[Listing], text: str = "") -> bool:
    """A subject that is no list item, and (given the brief) is written outside its lists."""
    low = subject.lower()
    if not subject or any(i.lower() in low for li in lists for i in li.items):
        return False
    at = [m.start() for m in re.finditer(re.escape(low), text.lower())]
    return not at or any(not any(li.start <= a < li.end for li in lists) for a in at)


def find_title(
    text: str, lists: list[Listing], *, subject: str = "", drop: list[str] = ()
) -> tuple[str, str]:
    """What a whiteboard explains, its lists set aside: 'A whiteboard that explains how DNS
    resolution works: 1. ...' -> 'How DNS resolution works'."""
    rest = _without(text, [(li.start, li.end) for li in lists])
    quotes = [next(g for g in m.groups() if g) for m in re.finditer(_QUOTES, rest)]
    if len(quotes) == 1 and 0 < len(quotes[0].split()) <= 10:  # the brief's own title, verbatim
        return quotes[0].strip(), f"concept {quotes[0].strip()!r}: the title quoted in the brief"
    for pattern, why in ((_HOW, "the question it answers"), (_EXPLAIN, "what it explains")):
        m = pattern.search(rest)
        title = _cut(m.group("s")) if m else ""
        if title and not planner_extract._only_template_words(title, list(drop)):
            return _upper_first(title), f"concept {_upper_first(title)!r}: {why}, lists set aside"
    if _subject_ok(subject, lists, text):
        return _upper_first(subject), f"concept {_upper_first(subject)!r}: the brief's subject"
    found, why = planner_extract.find_subject(" ".join(rest.split()), drop=list(drop))
    return _upper_first(_cut(found)), f"concept: {why}"


_JOIN = re.compile(r"\s*(?:,|/|&|;)?\s*(?:(?:and|und|y|e|et|plus|sowie|or|oder|o|ou)\s+)?", re.I)
_INTRO = re.compile(
    r"(?:(?:(?:with\s+)?labels?|labell?ed|captions?|captioned|written|tags?|beschriftet|"
    r"beschriftungen|etiquetas?|etiquetad[oa]s?|étiquettes?|étiquetée?s?|rotulad[oa]s?)\s+)?"
    r"(?:in|auf|en|on|into)\s+$",
    re.I,
)


def language_spans(text: str) -> list[tuple[tuple[int, int], list[str]]]:
    """Runs of language names ('English, Japanese and Arabic', 'auf Deutsch und Japanisch',
    'en français, anglais et arabe') with their introducer; a lone name counts only when
    introduced ('in French'), never as a word of the subject ('French omelette')."""
    names = "|".join(re.escape(n) for n in vocab.language_names())
    hits = list(re.finditer(rf"(?<!\w)(?:{names})(?!\w)", text, re.I))
    runs: list[list[re.Match[str]]] = []
    for m in hits:
        if runs and _JOIN.fullmatch(text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    out = []
    for run in runs:
        intro = _INTRO.search(text[max(0, run[0].start() - 40) : run[0].start()])
        if len(run) >= 2 or intro:
            start = run[0].start() - (len(intro.group(0)) if intro else 0)
            codes = [vocab.language_code(m.group(0)) or "" for m in run]
            out.append(((start, run[-1].end()), [vocab.language_name(c) for c in codes if c]))
    return out


def find_languages(text: str) -> list[str]:
    """Label languages, as English names in the order asked."""
    return list(dict.fromkeys(n for _, names in language_spans(text) for n in names))


def _pick(lists: list[Listing], head: str) -> Listing | None:
    return next((li for li in lists if re.search(head, li.head, re.I)), None)


_ING_HEAD = r"ingredient|zutat|ingrediente|ingrédient|you need|brauchst|necesitas|il faut"
_STEP_HEAD = r"step|method|instruction|direction|schritt|zubereitung|anleitung|paso|preparaci|instrucci|étape|preparation|préparation|méthode"  # noqa: E501


def _without_servings(li: Listing) -> Listing:
    """'6 eggs, 1 onion and oil, 4 servings': the servings are no ingredient, and the
    'and' of the item before them joins two items."""
    items = [i for i in li.items if not _servings_only(i)]
    if len(items) < len(li.items) and items and li.how in ("with", "colon"):
        items[-1:] = _split(items[-1] + ",") if ";" not in items[-1] else items[-1:]
    return Listing(items, li.start, li.end, li.how, li.head)


def _quantity_run(text: str, lists: list[Listing], spans: list[tuple[int, int]]) -> Listing | None:
    """Ingredients with no introducer ('you need 3 eggs, 10 g butter and salt'): a run of
    comma-separated items, most of them opening with a quantity, outside every other list."""
    free = _without(text, [(li.start, li.end) for li in lists] + spans)
    for m in re.finditer(r"(?:(?<=\s)|^)(?=\d|[½¼¾]|(?:a|an|une?|una?|eine?)\s)", free):
        end = _tail_end(free, m.start())
        tail = re.split(r"[;:]|\s[-–—]\s", free[m.start() : end])[0]
        items = _split(tail, every_and=True)
        run = []
        for item in items:  # the run stops at the first item that is no ingredient-like phrase
            if len(item.split()) > 6 or (not amounts.has_quantity(item) and len(item.split()) > 3):
                break
            run.append(item)
        if len(run) >= 2 and sum(map(amounts.has_quantity, run)) * 3 >= len(run) * 2:
            return Listing(
                run, m.start(), m.start() + len(tail), "quantities", _head(free, m.start())
            )
    return None


def _servings_only(item: str) -> bool:
    _, span = amounts.find_servings(item)
    return bool(span) and len(item[: span[0]].strip() + item[span[1] :].strip()) == 0


def _recipe(
    text: str, lists: list[Listing], subject: str, drop: list[str]
) -> tuple[dict[str, Any], list[str]]:
    found: dict[str, Any] = {}
    notes: list[str] = []
    n, serving_span = amounts.find_servings(text)
    times = amounts.find_times(text)
    numbers = [s for s in [serving_span, *(t[2] for t in times)] if s]
    lists = [_without_servings(li) for li in lists]
    spans = [(li.start, li.end) for li in lists] + numbers
    ingredients = (
        _pick(lists, _ING_HEAD)
        or next(
            (li for li in lists if sum(map(amounts.has_quantity, li.items)) * 2 >= len(li.items)),
            None,
        )
        or _quantity_run(text, lists, numbers)
    )
    if ingredients and ingredients not in lists:
        lists = sorted([*lists, ingredients], key=lambda li: li.start)
    steps = _pick([li for li in lists if li is not ingredients], _STEP_HEAD) or next(
        (
            li
            for li in lists
            if li is not ingredients and li.how in ("numbered", "sequence", "lines", "bullets")
        ),
        None,
    )
    if steps is None:  # 'mash, chop, mix, season': clauses that start with a cooking verb
        from studio.words.verbs import method_clauses

        # times may sit in a step: only the other lists are taken
        taken = [(li.start, li.end) for li in lists if li is not ingredients]
        if ingredients:
            taken.append((ingredients.start, ingredients.end))
        steps = method_clauses(text, taken)
    if ingredients:
        found["ingredients"] = ingredients.items
        notes.append(
            f"ingredients: {len(ingredients.items)} listed in the brief ({ingredients.how})"
        )
    if steps:
        found["steps"] = steps.items
        notes.append(f"steps: {len(steps.items)} listed in the brief ({steps.how})")
    if n and serving_span:
        found["servings"] = n
        notes.append(f"servings {n} from {text[serving_span[0] : serving_span[1]]!r}")
    if times:
        found["times"] = [f"{name} {value}" for name, value, _ in times]
        notes.append("times from the brief: " + ", ".join(found["times"]))
    rest = re.sub(r"[ \t]+", " ", _without(text, spans)).strip()
    m = _DISH.search(rest) or _DISH_BEFORE.search(rest)
    dish = _cut(m.group("s"), _DISH_STOP) if m else ""
    if dish and len(dish.split()) <= 8:
        notes.append(f"dish {dish!r}: what the recipe is for")
    elif _subject_ok(subject, lists, text):
        dish = _cut(subject, _DISH_STOP)
        notes.append(f"dish {dish!r}: the brief's subject")
    else:
        dish, why = planner_extract.find_subject(rest, drop=drop)
        dish = _cut(dish, _DISH_STOP)
        notes.append(f"dish: {why}")
    found["dish"] = dish
    return found, notes


def _objects(text: str, lists: list[Listing]) -> tuple[list[str], str]:
    """The objects to label, as English vocabulary keys where the vocabulary knows them."""
    plain = _without(text, [span for span, _ in language_spans(text)])
    candidates = [li for li in find_lists(plain) if li.how != "sequence"]
    for m in _LABEL_LIST.finditer(plain):
        end = _tail_end(plain, m.end())
        tail = re.split(
            r"\s+(?:in|im|en|dans|on|at|sur|auf)\s+(?:a|an|the|einer?|einem|una?|la|el|le|les|une)\s",
            plain[m.end() : end],
        )[0]
        items = _split(tail)
        if len(items) >= 2 and all(len(i.split()) <= 4 for i in items):
            candidates.append(Listing(items, m.end(), end, "label", "label"))
    best: tuple[int, Listing] | None = None
    for li in candidates:
        known = sum(vocab.object_key(i) is not None for i in li.items)
        score = known * 2 + (2 if _OBJECT_HEADS.search(li.head) else 0)
        if (known * 2 >= len(li.items) or _OBJECT_HEADS.search(li.head)) and (
            best is None or score > best[0]
        ):
            best = (score, li)
    if not best:
        return [], ""
    items = [vocab.object_key(i) or _ARTICLE.sub("", i) for i in best[1].items]
    return list(dict.fromkeys(items)), f"objects: {len(items)} named in the brief ({best[1].how})"


def _scene(text: str, lists: list[Listing], subject: str) -> tuple[dict[str, Any], list[str]]:
    found: dict[str, Any] = {}
    notes: list[str] = []
    langs = find_languages(text)
    if langs:
        found["languages"] = langs
        notes.append(f"languages {', '.join(langs)} asked in the brief, in that order")
    objects, why = _objects(text, lists)
    if objects:
        found["objects"] = objects
        notes.append(why)
    scene = _cut(subject) if _subject_ok(subject, lists, text) else ""
    named = vocab.scene_match(text)
    if named and (not scene or vocab.scene_kind(scene) is None):
        scene = named[1]
        notes.append(f"scene {scene!r}: the scene word in the brief ({named[0]})")
    elif scene:
        notes.append(f"scene {scene!r}: the brief's subject")
    else:
        notes.append("scene: none named in the brief")
    found["scene"] = scene
    return found, notes


_CITY = re.compile(
    r"^(?P<l>.+?)\s*(?:,\s*|\s+(?:in|en|à|im|at)\s+)(?P<c>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?)$"
)


def _blueprint(
    text: str, lists: list[Listing], subject: str, language: str, drop: list[str]
) -> tuple[dict[str, Any], list[str]]:
    found: dict[str, Any] = {}
    notes: list[str] = []
    facts: list[str] = []
    others: list[str] = []  # items of a fact list that are no fact: 'Kölner Dom in Köln'
    for li in lists:
        parsed = [amounts.parse_fact(i, language) for i in li.items]
        if sum(p is not None for p in parsed) * 2 >= len(parsed):
            facts += [f"{p[0]}: {p[1]}" for p in parsed if p]
            named = [i for p, i in zip(parsed, li.items, strict=True) if not p]
            others += [i for i in named if re.match(r"[A-ZÀ-Ý]", i)]
    labels = {f.split(":")[0].strip().lower() for f in facts}
    used = [li for li in lists if any(f in facts for f in li.items)]
    phrases = [
        f
        for f in amounts.find_facts(text, language)
        if f[0].lower() not in labels and not any(li.start <= f[2][0] < li.end for li in used)
    ]
    facts += [f"{label}: {value}" for label, value, _ in phrases]
    if facts:
        found["facts"] = facts[:8]
        notes.append(f"facts: {len(facts)} from the brief ({', '.join(facts[:8])})")
    spans = [s for _, _, s in phrases] + [(li.start, li.end) for li in lists]
    landmark = (
        subject if _subject_ok(subject, lists, text) and not re.search(r"\d", subject) else ""
    )
    if not landmark:
        rest = " ".join(_without(text, spans).split())
        landmark, _ = planner_extract.find_subject(rest, drop=drop)
    landmark = _cut(landmark)
    # 'Chalk annotations over a photo: Tour Eiffel, Paris.': after a colon that follows the
    # picture's own words comes the name
    named = re.match(
        r"^([^:\n.]{1,80}):\s*([A-ZÀ-Ý][^.;:\n]*)", _without(text, [s for _, _, s in phrases])
    )
    if named and any(re.search(rf"(?<!\w){re.escape(w)}", named.group(1), re.I) for w in drop):
        landmark = _cut(named.group(2), re.compile(r"\s*(?:[;(,]|\.\s|\s[-–]\s)"))
    if len(landmark.split()) <= 1 and others:  # one word, and a name stands in the facts' list
        landmark = others[0]
    # a landmark is a name: the lowercase words before it describe the picture
    landmark = re.sub(r"^(?:[a-zà-ÿ][\w'-]*\s+)+(?=[A-ZÀ-Ý])", "", landmark)
    at = text.find(landmark)
    after = re.match(
        r"\s*(?:,|\s(?:in|en|à|im|at)|\()\s*(?P<c>[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?)",
        text[at + len(landmark) :] if at >= 0 else "",
    )
    m = _CITY.match(landmark)
    if not m and after and after.group("c").lower() not in (w.lower() for w in drop):
        found["city"] = after.group("c")
        notes.append(f"city {found['city']!r} from the brief")
    if m:
        landmark, found["city"] = _ARTICLE.sub("", m.group("l")), m.group("c")
        notes.append(f"city {found['city']!r} from the brief")
    found["landmark"] = landmark
    notes.append(f"landmark {landmark!r} from the brief")
    return found, notes


def extract_words(
    kind: str, text: str, *, subject: str = "", language: str = "en", drop: list[str] = ()
) -> tuple[dict[str, Any], list[str]]:
    """The words-carrying variables of a template of `kind` read from the brief, and notes
    saying where each came from. `subject` is the brief reader's subject (used when it is no
    list), `drop` the template's own words (never a title), `language` the brief's."""
    lists = find_lists(text)
    if kind == "whiteboard":
        steps = next((li for li in lists if li.how != "with"), None)
        title, why = find_title(text, [steps] if steps else [], subject=subject, drop=list(drop))
        found: dict[str, Any] = {"concept": title}
        notes = [why]
        if steps:
            found["steps"] = steps.items
            notes.append(f"steps: {len(steps.items)} listed in the brief ({steps.how})")
        return found, notes
    if kind == "recipe":
        return _recipe(text, lists, subject, list(drop))
    if kind == "labelled_scene":
        return _scene(text, lists, subject)
    if kind == "blueprint":
        return _blueprint(text, lists, subject, language, list(drop))
    raise ValueError(
        f"unknown words kind {kind!r}; expected whiteboard, recipe, labelled_scene or blueprint"
    )
