"""Plan variables -> the typed words a text-heavy deliverable carries (studio/words/model.py),
with notes that say what could not be supplied.

    words, notes = build_words("recipe", plan.variables, brief_text=brief.text)

'3 eggs' becomes Ingredient(quantity='3', item='eggs'); 'Height: 330 m' and '330 m tall'
become LandmarkFact(label='Height', value='330 m', source='the brief' when the brief gave the
number); language names become codes; a labelled scene's objects get their labels from the
bundled vocabulary (prompts/vocab/). Nothing is cut: a value too long for its field is left
out with a note naming it, never shortened."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from studio.planner import language as brief_language
from studio.words import amounts, vocab
from studio.words.model import (
    Blueprint,
    Ingredient,
    LabelledObject,
    LabelledScene,
    LandmarkFact,
    Recipe,
    Step,
    Whiteboard,
)

Words = Whiteboard | Recipe | LabelledScene | Blueprint
BRIEF = "the brief"
_SERVES = {
    "en": "Serves {n}", "de": "Für {n} Personen", "es": "Para {n} personas",
    "fr": "Pour {n} personnes", "it": "Per {n} persone", "pt": "Serve {n} pessoas",
    "nl": "Voor {n} personen",
}  # fmt: skip


def _missing(field: str, what: str) -> str:
    return f"{field}: the brief {what}; the agent planner writes them, or list them in the brief"


def _fits(items: list[str], limit: int, field: str, notes: list[str]) -> list[str]:
    """Items that fit a field of `limit` characters; the others are named in a note."""
    long = [i for i in items if len(i) > limit]
    if long:
        notes.append(
            f"{field}: {len(long)} longer than {limit} characters left out: {long[0][:60]!r}…"
        )
    return [i for i in items if i.strip() and len(i) <= limit]


def _capped(items: list[Any], most: int, field: str, notes: list[str]) -> list[Any]:
    if len(items) > most:
        notes.append(f"{field}: {len(items)} given, the first {most} kept (the layout's limit)")
    return items[:most]


def _whiteboard(v: dict[str, Any], notes: list[str]) -> Whiteboard | None:
    title = str(v.get("concept") or "").strip()
    if not title or len(title) > 120:
        notes.append(f"title: {'none found' if not title else 'longer than 120 characters'}; "
                     "give the concept in a few words")  # fmt: skip
        return None
    steps = _capped(
        _fits([str(s) for s in v.get("steps") or []], 240, "steps", notes), 7, "steps", notes
    )
    if not steps:
        notes.append(_missing("steps", "lists none"))
    return Whiteboard(title=title, steps=[Step(caption=s) for s in steps])


def _recipe(v: dict[str, Any], text: str, notes: list[str]) -> Recipe | None:
    dish = str(v.get("dish") or "").strip()
    if not dish or len(dish) > 120:
        notes.append("dish: none found; name the dish in the brief")
        return None
    n, _ = amounts.find_servings(text)
    servings = None
    if n:
        code = brief_language.detect(text)[0]
        servings = _SERVES.get(code, _SERVES["en"]).format(n=n)
    else:
        notes.append("servings: the brief gives none; none shown")
    ingredients = []
    for raw in _capped(
        _fits([str(i) for i in v.get("ingredients") or []], 120, "ingredients", notes),
        20,
        "ingredients",
        notes,
    ):
        quantity, item = amounts.parse_ingredient(raw)
        ingredients.append(Ingredient(item=item, quantity=quantity))
    if not ingredients:
        notes.append(_missing("ingredients", "lists none"))
    steps = _capped(
        _fits([str(s) for s in v.get("steps") or []], 240, "steps", notes), 12, "steps", notes
    )
    if not steps:
        notes.append(_missing("steps", "lists none"))
    times: dict[str, str] = {}
    for raw in v.get("times") or []:
        m = re.match(r"^\s*([^\d:]+?)\s*[:=]?\s*(\d.*)$", str(raw))
        if m and len(m.group(2)) <= 40:
            times[m.group(1).strip().lower()] = m.group(2).strip()
        else:
            notes.append(f"times: {raw!r} is not 'name value' (e.g. 'prep 5 min'); left out")
    if not times:
        notes.append("times: the brief gives none; none shown")
    dish = dish[:1].upper() + dish[1:]  # a title: 'Classic French omelette'
    return Recipe(dish=dish, servings=servings, ingredients=ingredients, steps=steps, times=times)


def _scene(v: dict[str, Any], notes: list[str]) -> LabelledScene | None:
    scene = str(v.get("scene") or "").strip()
    langs: list[str] = []
    for name in v.get("languages") or ["English"]:
        code = vocab.language_code(str(name))
        if code is None:
            notes.append(f"languages: {name!r} is no language Studio knows; left out")
        elif code not in langs:
            langs.append(code)
    langs = _capped(langs, 6, "languages", notes)
    if not langs:
        return None
    known = vocab.load().languages
    lacking = [vocab.language_name(c) for c in langs if c not in known]
    if lacking:
        notes.append(f"labels in {', '.join(lacking)} could not be supplied: the vocabulary has "
                     f"{', '.join(known)}; the agent planner writes them")  # fmt: skip
    keys = [str(o) for o in v.get("objects") or []]
    kind = vocab.scene_kind(scene)
    if not keys and kind:
        count = int(v.get("count") or 12)
        keys = vocab.load().scenes[kind][: min(count, 16)]
        notes.append(f"objects: {len(keys)} common objects of a {kind} from the bundled vocabulary")
    elif not keys:
        notes.append(
            _missing("objects", f"names none and the vocabulary has no scene like {scene!r}")
        )
    keys = _capped(_fits(keys, 120, "objects", notes), 16, "objects", notes)
    objects, unknown = [], []
    for key in keys:
        labels = vocab.labels(key, langs)
        if key.lower() not in vocab.load().objects:
            unknown.append(key)
        objects.append(LabelledObject(key=key, labels=labels))
    others = [vocab.language_name(c) for c in langs if c != "en"]
    if unknown and others:
        notes.append(f"objects not in the vocabulary ({', '.join(unknown)}): "
                     + ("English label only; " if "en" in langs else "no label; ")
                     + f"{', '.join(others)} could not be supplied")  # fmt: skip
    return LabelledScene(scene=scene or (kind or "scene"), languages=langs, objects=objects)


def _blueprint(v: dict[str, Any], text: str, notes: list[str]) -> Blueprint | None:
    landmark = str(v.get("landmark") or "").strip()
    if not landmark or len(landmark) > 120:
        notes.append("landmark: none found; name the landmark in the brief")
        return None
    flat = " ".join(text.split()).lower()
    facts = []
    for raw in _capped([str(f) for f in v.get("facts") or []], 8, "facts", notes):
        parsed = amounts.parse_fact(raw, brief_language.detect(text)[0])
        if not parsed or len(parsed[0]) > 120 or len(parsed[1]) > 120:
            notes.append(f"facts: {raw!r} is not 'label: value' (e.g. 'Height: 330 m'); left out")
            continue
        label, value, _ = parsed
        number = re.search(r"\d", value)
        given = " ".join(value.split()).lower() in flat
        if number and not given:
            notes.append(f"facts: {label} {value!r} has no source (the brief does not give it)")
        facts.append(
            LandmarkFact(label=label, value=value, source=BRIEF if number and given else None)
        )
    if not facts:
        notes.append(_missing("facts", "gives none (with sources for numbers)"))
    city = str(v.get("city") or "").strip() or None
    return Blueprint(landmark=landmark, location=city, facts=facts)


def build_words(
    kind: str, variables: dict[str, Any], *, brief_text: str
) -> tuple[Words | None, list[str]]:
    """The typed words for a template of `kind`, or None when even the title is missing;
    notes say what could not be supplied (for the plan's rationale)."""
    notes: list[str] = []
    try:
        if kind == "whiteboard":
            return _whiteboard(variables, notes), notes
        if kind == "recipe":
            return _recipe(variables, brief_text, notes), notes
        if kind == "labelled_scene":
            return _scene(variables, notes), notes
        if kind == "blueprint":
            return _blueprint(variables, brief_text, notes), notes
    except ValidationError as exc:  # a value the checks above did not foresee
        first = exc.errors()[0]
        notes.append(f"words: {'.'.join(map(str, first['loc']))} {first['msg']}")
        return None, notes
    raise ValueError(
        f"unknown words kind {kind!r}; expected whiteboard, recipe, labelled_scene or blueprint"
    )
