"""The words a text-heavy deliverable must carry, typed: a whiteboard's title and steps, a
recipe's ingredients and steps, a labelled scene's object names in each language, a
blueprint's facts. The plan carries them (Composition.data["words"]); the composer draws them
(studio/compose/text/), or a text-capable model paints them and OCR checks each string
(studio/words/check.py). `required_strings` is what verification reads back.

    studio.words.model    the typed models, one per kind, and `required_strings`
    studio.words.build    plan variables -> Words, with notes on what could not be supplied
"""

from studio.words.model import (
    KINDS,
    Blueprint,
    Ingredient,
    LabelledObject,
    LabelledScene,
    LandmarkFact,
    Recipe,
    Step,
    Whiteboard,
    Words,
    parse_words,
    required_strings,
)

__all__ = [
    "KINDS",
    "Blueprint",
    "Ingredient",
    "LabelledObject",
    "LabelledScene",
    "LandmarkFact",
    "Recipe",
    "Step",
    "Whiteboard",
    "Words",
    "parse_words",
    "required_strings",
]
