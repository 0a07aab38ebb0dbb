"""The bundled vocabulary (prompts/vocab/): complete in every language, read in any of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from studio.words import vocab
from studio.words.vocab import VOCAB_DIR

TWELVE = ["en", "es", "fr", "de", "it", "pt", "ja", "zh", "ko", "ar", "hi", "ru"]


def test_every_object_has_every_language_and_every_scene_enough_objects() -> None:
    raw = yaml.safe_load((VOCAB_DIR / "scenes.yaml").read_text("utf-8"))
    assert raw["languages"] == TWELVE
    for key, labels in raw["objects"].items():
        assert sorted(labels) == sorted(TWELVE), key
        assert all(isinstance(t, str) and t.strip() for t in labels.values()), key
        assert labels["en"] == key  # the key is the English label
    assert len(raw["scenes"]) >= 10
    for kind, scene in raw["scenes"].items():
        assert 10 <= len(scene["objects"]) <= 14, kind
        assert all(o in raw["objects"] for o in scene["objects"]), kind
        assert set(scene["names"]) == set(TWELVE), kind
    loaded = vocab.load()
    assert loaded.languages == tuple(TWELVE) and set(loaded.scenes) == set(raw["scenes"])


def test_no_label_carries_an_article() -> None:
    articles = {"es": "el la los las un una", "fr": "le la les l' un une", "de": "der die das ein eine",
                "it": "il lo la l' un una", "pt": "o a os as um uma", "en": "the a an"}  # fmt: skip
    for key, labels in vocab.load().objects.items():
        for lang, words in articles.items():
            first = labels[lang].split()[0].lower()
            assert first not in words.split() and not labels[lang].lower().startswith("l'"), (
                key,
                lang,
            )


@pytest.mark.parametrize("broken", ["missing", "empty"])
def test_a_broken_vocabulary_is_refused_naming_the_object(tmp_path: Path, broken: str) -> None:
    for name in ("scenes.yaml", "languages.yaml"):
        shutil.copy(VOCAB_DIR / name, tmp_path / name)
    raw = yaml.safe_load((tmp_path / "scenes.yaml").read_text("utf-8"))
    if broken == "missing":
        del raw["objects"]["kettle"]["ja"]
    else:
        raw["objects"]["kettle"]["ja"] = " "
    (tmp_path / "scenes.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ValueError, match="object 'kettle' has no 'ja' label"):
        vocab.load(tmp_path)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a busy kitchen", "kitchen"),
        ("una cocina luminosa", "kitchen"),
        ("der Hauptbahnhof am Morgen", "train station"),
        ("une salle de classe", "classroom"),
        ("学校の教室", "classroom"),
        ("a farmhouse kitchen", "kitchen"),
        ("a parking lot", None),
        ("a spaceship", None),
    ],
)
def test_scene_kind_in_any_language(text: str, kind: str | None) -> None:
    assert vocab.scene_kind(text) == kind


def test_labels_language_codes_and_object_keys() -> None:
    assert vocab.labels("kettle", ["en", "ja", "ar"]) == {
        "en": "kettle",
        "ja": "やかん",
        "ar": "غلاية",
    }
    assert vocab.labels("spaceship", ["en", "de"]) == {"en": "spaceship"}
    for name in ("Japanese", "Japanisch", "japonés", "japonais", "ja", "JA"):
        assert vocab.language_code(name) == "ja"
    assert vocab.language_code("Klingon") is None
    assert vocab.language_code("Norwegian") == "no"  # not YAML's false
    assert vocab.object_key("Wasserkocher") == "kettle"
    assert vocab.object_key("the kettles") == "kettle"
    assert vocab.object_key("Tassen") == "cup"
