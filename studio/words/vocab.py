"""The bundled multilingual vocabulary (prompts/vocab/): common objects of everyday scenes
labelled in twelve languages, and language names as briefs write them.

    vocab = load()                      # once per folder, validated
    scene_kind("una cocina luminosa")   # -> "kitchen"
    labels("kettle", ["en", "ja"])      # -> {"en": "kettle", "ja": "やかん"}
    language_code("Japanisch")          # -> "ja"

Validation is strict: every object carries every language of `languages`, no label is empty,
every scene's objects exist. A broken file is a ValueError naming the object and language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from studio.config import REPO_ROOT

VOCAB_DIR = REPO_ROOT / "prompts" / "vocab"


@dataclass(frozen=True)
class Vocabulary:
    languages: tuple[str, ...]  # codes every object is labelled in
    objects: dict[str, dict[str, str]]  # English key -> {code: label}
    scenes: dict[str, list[str]]  # scene kind -> its objects (English keys)
    scene_names: dict[str, dict[str, list[str]]]  # scene kind -> {code: [words]}
    language_names: dict[str, str] = field(default_factory=dict)  # lowercase name -> code
    english_names: dict[str, str] = field(default_factory=dict)  # code -> English name
    by_label: dict[str, str] = field(default_factory=dict)  # lowercase label, any language -> key


def _validate(data: dict, where: Path) -> Vocabulary:
    langs = data.get("languages") or []
    if len(langs) < 10:
        raise ValueError(f"{where}: `languages` lists {len(langs)} languages; at least 10 needed")
    objects: dict[str, dict[str, str]] = {}
    for key, labels in (data.get("objects") or {}).items():
        if not isinstance(labels, dict):
            raise ValueError(f"{where}: object {key!r} must map language codes to labels")
        for lang in langs:
            text = labels.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{where}: object {key!r} has no {lang!r} label")
        extra = set(labels) - set(langs)
        if extra:
            raise ValueError(f"{where}: object {key!r} has labels in unknown languages {extra}")
        objects[str(key)] = {lang: str(labels[lang]).strip() for lang in langs}
    scenes: dict[str, list[str]] = {}
    names: dict[str, dict[str, list[str]]] = {}
    for kind, scene in (data.get("scenes") or {}).items():
        missing = [o for o in scene.get("objects", []) if o not in objects]
        if missing:
            raise ValueError(f"{where}: scene {kind!r} lists unknown objects {missing}")
        if not 10 <= len(scene["objects"]) <= 14:
            raise ValueError(f"{where}: scene {kind!r} has {len(scene['objects'])} objects (10-14)")
        scenes[kind] = list(scene["objects"])
        names[kind] = {lang: [str(w) for w in ws] for lang, ws in scene["names"].items()}
    return Vocabulary(tuple(langs), objects, scenes, names)


@lru_cache(maxsize=4)
def load(root: Path = VOCAB_DIR) -> Vocabulary:
    """The vocabulary in `root` (scenes.yaml, languages.yaml), read and validated once."""
    vocab = _validate(yaml.safe_load((root / "scenes.yaml").read_text("utf-8")), root)
    langs = yaml.safe_load((root / "languages.yaml").read_text("utf-8"))
    by_name: dict[str, str] = {}
    english: dict[str, str] = {}
    for code, names in langs.items():
        code = str(code)
        english[code] = names[0]
        by_name[code] = code
        for name in names:
            by_name.setdefault(str(name).lower(), code)
    vocab.language_names.update(by_name)
    vocab.english_names.update(english)
    for key, by_lang in vocab.objects.items():
        for text in (key, *by_lang.values()):
            vocab.by_label.setdefault(text.lower(), key)
    # other English names of an object ('hen' for chicken, 'refrigerator' for fridge)
    aliases = yaml.safe_load((root / "scenes.yaml").read_text("utf-8")).get("aliases") or {}
    for alias, key in aliases.items():
        if key not in vocab.objects:
            raise ValueError(f"{root}: alias {alias!r} names an unknown object {key!r}")
        vocab.by_label.setdefault(str(alias).lower(), key)
    return vocab


def language_code(name_or_code: str, *, root: Path = VOCAB_DIR) -> str | None:
    """'Japanese', 'japonés', 'Japanisch', 'japonais', 'ja' -> 'ja'; None when unknown."""
    return load(root).language_names.get(name_or_code.strip().lower())


def language_names(*, root: Path = VOCAB_DIR) -> list[str]:
    """Every language name the vocabulary knows (codes left out), longest first."""
    names = load(root).language_names
    return sorted((n for n, code in names.items() if n != code), key=len, reverse=True)


def language_name(code: str, *, root: Path = VOCAB_DIR) -> str:
    """'ja' -> 'Japanese' (the English name plans use); the code itself when unknown."""
    return load(root).english_names.get(code, code)


def _name_pattern(name: str, lang: str) -> str:
    if lang in ("ja", "zh", "ko"):  # no spaces between words: any occurrence
        return re.escape(name)
    stem = re.escape(name.lower())
    if lang == "de":  # compounds: 'Hauptbahnhof', 'Küchenszene'
        return rf"(?<!\w)\w*{stem}(?:e|en|n|s|es)?(?!\w)|(?<!\w){stem}(?:en|n|s|es)\w+"
    return rf"(?<!\w){stem}(?:s|es|e|en|n)?(?!\w)"


def scene_match(text: str, *, root: Path = VOCAB_DIR) -> tuple[str, str] | None:
    """(scene kind, the words that named it) for the earliest scene name in `text`, in any of
    the vocabulary's languages, the longer name on a tie ('train station' over 'station')."""
    vocab = load(root)
    low = text.lower()
    best: tuple[int, int, str, str] | None = None
    for kind, by_lang in vocab.scene_names.items():
        for lang, names in by_lang.items():
            for name in names:
                m = re.search(_name_pattern(name, lang), low)
                if m and (best is None or (m.start(), -len(name)) < best[:2]):
                    best = (m.start(), -len(name), kind, text[m.start() : m.end()])
    return (best[2], best[3]) if best else None


def scene_kind(scene_text: str, *, root: Path = VOCAB_DIR) -> str | None:
    """The scene kind a scene description names ('una cocina luminosa' -> 'kitchen'), or None."""
    found = scene_match(scene_text, root=root)
    return found[0] if found else None


def labels(obj_en: str, langs: list[str], *, root: Path = VOCAB_DIR) -> dict[str, str]:
    """The object's label in each of `langs` the vocabulary has; English is always the key
    itself. An unknown object or language is simply absent from the result."""
    entry = load(root).objects.get(obj_en.strip().lower(), {})
    out = {lang: entry[lang] for lang in langs if lang in entry}
    if "en" in langs and "en" not in out:
        out["en"] = obj_en.strip()
    return {lang: out[lang] for lang in langs if lang in out}


def object_key(word: str, *, root: Path = VOCAB_DIR) -> str | None:
    """The English key of an object named in any language ('Wasserkocher', 'bouilloire',
    'kettles' -> 'kettle'); None when the vocabulary lacks it."""
    index = load(root).by_label
    low = word.strip().lower()
    low = re.sub(
        r"^(?:the|a|an|der|die|das|den|el|la|los|las|le|les|l'|un|une|una|uno)\s+", "", low
    )
    if low in index:
        return index[low]
    for suffix in ("es", "s", "e", "n", "en", "x"):  # plurals: 'kettles', 'Tassen', 'couteaux'
        if len(low) > 3 and low.endswith(suffix) and low[: -len(suffix)] in index:
            return index[low[: -len(suffix)]]
    return None
