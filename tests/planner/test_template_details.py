"""The brief's own details reach every template's prompt, and template defaults never
contradict them (issue 10): a street scene is not moved into a studio, a dark background is
not forbidden by the negative prompt, a labelled scene names only the languages asked and a
recipe invents no ingredients of a default dish. Everything is checked on the prompt text a
generator receives, rendered through studio.prompts."""

from __future__ import annotations

import re

import pytest

from studio.prompts import Library, Template, coerce_variables, render
from tests.conftest import REPO

LIB = Library(REPO / "prompts")
TEMPLATES = LIB.templates()
# The templates whose negatives drop what the brief asks for (word by word); the creative
# templates (social-post, web-banner, product-shot, event-poster) are checked for details only.
FILTERED = {
    "double-exposure-poster", "earnings-infographic", "fashion-portrait", "generic-image",
    "historical-photograph", "landmark-blueprint", "multilingual-labelled-scene",
    "polaroid-storyboard", "recipe-infographic", "seek-and-find", "whiteboard-explainer",
}  # fmt: skip
DIALECTS = ("natural", "sd")

# The briefs' details as the planner passes them: phrases that are not the subject.
DETAILS = [
    "on a foggy London bridge at dawn",
    "dark background",
    "a gloomy stormy night, harsh shadows",
    "a busy street crowded with people and cars, motion blur",
    "oversaturated neon colours, cartoon style, warm morning light, marble surface",
]

# Language names a labelled scene could wrongly add (English names, as the planner gives).
LANGUAGE_NAMES = [
    "English", "Spanish", "French", "German", "Italian", "Portuguese", "Dutch", "Swedish",
    "Norwegian", "Danish", "Finnish", "Polish", "Czech", "Greek", "Turkish", "Russian",
    "Ukrainian", "Arabic", "Hebrew", "Hindi", "Bengali", "Urdu", "Chinese", "Mandarin",
    "Cantonese", "Japanese", "Korean", "Vietnamese", "Thai", "Indonesian", "Malay", "Persian",
    "Romanian", "Hungarian", "Catalan",
]  # fmt: skip


def _variables(t: Template, **given: object) -> dict[str, object]:
    required = {n: "a lighthouse keeper" for n, s in t.inputs.items() if s.required}
    return coerce_variables(t, {**required, **given})


def _panels(t: Template) -> list[dict[str, object] | None]:
    panel = {"index": 2, "total": 8, "text": "the keeper lights the lamp"}
    return [None, panel] if t.panel_prompt else [None]


def _prompts(t: Template, variables: dict[str, object]) -> list[tuple[str, str]]:
    """(prompt, negative) for every dialect and panel; natural folds its negative into an
    'Avoid: ...' sentence, so that sentence is its negative."""
    out = []
    for panel in _panels(t):
        for dialect in DIALECTS:
            r = render(t, variables, dialect=dialect, panel=panel)
            negative = r.negative_prompt if dialect == "sd" else r.prompt.rpartition("Avoid:")[2]
            out.append((r.prompt, negative))
    return out


def _words(details: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", details.lower()) if len(w) > 3}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_template_takes_the_briefs_details(template: Template) -> None:
    spec = template.inputs.get("details")
    assert spec is not None and spec.type == "str" and spec.default == ""
    assert not spec.required and "precedence" in spec.description


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_the_details_appear_in_every_dialect_and_panel(template: Template) -> None:
    details = "on a foggy London bridge at dawn, dark background"
    for prompt, _ in _prompts(template, _variables(template, details=details)):
        assert details in prompt
    for prompt, _ in _prompts(template, _variables(template)):
        assert "foggy" not in prompt and "precedence" not in prompt


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.id in FILTERED], ids=lambda t: t.id)
def test_negatives_never_forbid_what_the_details_ask_for(template: Template) -> None:
    for details in DETAILS:
        for _, negative in _prompts(template, _variables(template, details=details)):
            clash = {w for w in _words(details) if w in negative.lower()}
            assert not clash, (details, negative)
    # without details the generic negatives are still there
    assert all(n.strip() for _, n in _prompts(template, _variables(template)))


def test_a_negative_keeps_what_the_brief_did_not_ask_about() -> None:
    t = LIB.get("recipe-infographic")
    _, negative = _prompts(t, _variables(t, dish="gazpacho", details="dark background"))[1]
    assert "dark" not in negative and "blurry" in negative and "watermark" in negative
    _, negative = _prompts(t, _variables(t, dish="burnt basque cheesecake"))[1]
    assert "burnt" not in negative and "messy" in negative


def test_a_street_scene_is_not_moved_into_a_studio() -> None:
    t = LIB.get("fashion-portrait")
    subject = "a woman in a yellow raincoat"
    for given in (
        {"setting": "on a foggy London bridge at dawn"},
        {"details": "on a foggy London bridge at dawn"},
        {"setting": "on a foggy London bridge", "details": "at dawn, dark background"},
    ):
        for prompt, _ in _prompts(t, _variables(t, subject=subject, **given)):
            low = prompt.lower()
            assert "foggy london bridge" in low, prompt
            assert "seamless" not in low and "octabox" not in low and "studio" not in low
    # an explicitly chosen light is still honoured
    prompt, _ = _prompts(t, _variables(t, subject=subject, details="x", lighting="window"))[0]
    assert "window light" in prompt


def test_with_no_setting_or_details_the_studio_default_stays() -> None:
    t = LIB.get("fashion-portrait")
    natural, sd = (p for p, _ in _prompts(t, _variables(t, subject="a woman")))
    assert "seamless warm-grey paper backdrop in a photo studio" in natural
    assert "octabox" in natural and "confident" in natural
    assert "seamless studio backdrop" in sd and "softbox" in sd


# A default of each template that concerns setting, background, light, time of day, palette
# or mood: present without details, gone with them (in the named dialect).
AMBIENT_DEFAULTS = [
    ("generic-image", "natural", "Natural, believable lighting"),
    ("generic-image", "sd", "natural lighting"),
    ("double-exposure-poster", "natural", "light background"),
    ("double-exposure-poster", "natural", "sunset orange"),
    ("double-exposure-poster", "sd", "misty pine forest"),
    ("earnings-infographic", "natural", "off-white backdrop"),
    ("earnings-infographic", "sd", "off-white"),
    ("historical-photograph", "natural", "Natural available light"),
    ("landmark-blueprint", "natural", "on deep blueprint blue"),
    ("landmark-blueprint", "sd", "blueprint blue background"),
    ("multilingual-labelled-scene", "natural", "warm palette"),
    ("multilingual-labelled-scene", "sd", "bright friendly colours"),
    ("polaroid-storyboard", "natural", "Warm nostalgic light"),
    ("polaroid-storyboard", "sd", "warm nostalgic"),
    ("recipe-infographic", "natural", "studio light"),
    ("recipe-infographic", "natural", "off-white background"),
    ("recipe-infographic", "sd", "studio light"),
    ("seek-and-find", "natural", "bright light"),
    ("seek-and-find", "natural", "warm primary colours"),
    ("seek-and-find", "sd", "bright daylight"),
    ("whiteboard-explainer", "natural", "overhead office lights"),
    ("whiteboard-explainer", "sd", "black blue red and green"),
]


@pytest.mark.parametrize(("template_id", "dialect", "phrase"), AMBIENT_DEFAULTS)
def test_ambient_defaults_apply_only_when_the_brief_gives_no_details(
    template_id: str, dialect: str, phrase: str
) -> None:
    t = LIB.get(template_id)
    bare = render(t, _variables(t), dialect=dialect).prompt  # type: ignore[arg-type]
    detailed = render(t, _variables(t, details="warm morning light"), dialect=dialect).prompt  # type: ignore[arg-type]
    assert phrase in bare
    assert phrase not in detailed


def _named_languages(text: str) -> set[str]:
    return {name for name in LANGUAGE_NAMES if re.search(rf"\b{name}\b", text)}


def test_a_labelled_scene_names_only_the_languages_asked() -> None:
    t = LIB.get("multilingual-labelled-scene")
    asked = ["German", "Italian", "Dutch"]

    def painted(**given: object) -> dict[str, object]:  # a text-capable model paints the tags
        return {**_variables(t, **given), "text_by": "model"}

    for prompt, negative in _prompts(t, painted(scene="a garden", languages=asked)):
        assert _named_languages(prompt + " " + negative) == set(asked), prompt
        assert prompt.index("German") < prompt.index("Italian") < prompt.index("Dutch")
    natural = _prompts(t, painted(scene="a garden", languages=asked))[0][0]
    assert "Deutsch, Italiano, Nederlands" in natural  # the legend is not in English
    assert "der, die, das" in natural and "el, la" not in natural
    for prompt, _ in _prompts(t, painted(scene="a beach", languages=["Japanese", "Korean"])):
        assert _named_languages(prompt) == {"Japanese", "Korean"}
    # the template's fallback languages apply only when none are asked
    for prompt, _ in _prompts(t, painted(scene="a beach")):
        assert _named_languages(prompt) == {"English", "Spanish", "French"}
    # the composer draws the labels: the picture is asked for no text and names no language
    for prompt, _ in _prompts(t, _variables(t, scene="a garden", languages=asked)):
        assert _named_languages(prompt) == set(), prompt
        assert "no text" in prompt


INVENTED = ["cheese", "crumb", "bun", "patty", "sauce", "herb", "seed", "oil", "bacon",
            "lettuce", "beef", "bread", "mascarpone", "noodle", "cook"]  # fmt: skip


def test_a_recipe_invents_no_ingredients_of_another_dish() -> None:
    t = LIB.get("recipe-infographic")
    for prompt, _ in _prompts(t, _variables(t, dish="gazpacho")):
        assert "gazpacho" in prompt.lower()
        found = [w for w in INVENTED if re.search(rf"\b{w}", prompt.lower())]
        assert not found, found
    given = ["tomatoes", "cucumber", "green pepper"]
    natural, sd = (p for p, _ in _prompts(t, _variables(t, dish="gazpacho", ingredients=given)))
    assert "tomatoes, cucumber, green pepper" in natural and "cucumber" in sd
    natural = _prompts(t, _variables(t, dish="gazpacho", details="marble surface"))[0][0]
    assert "marble surface" in natural and "off-white" not in natural and "studio" not in natural


@pytest.mark.parametrize(
    "template_id", ["social-post", "web-banner", "event-poster", "product-shot"]
)
def test_marketing_negatives_never_forbid_what_the_brief_asks(template_id: str) -> None:
    template = Library(REPO / "prompts").get(template_id)

    def negative(values: dict[str, str]) -> str:
        return render(template, coerce_variables(template, values), dialect="sd").negative_prompt

    plain = negative({"subject": "a sneaker"})
    asked = negative({"subject": "a sneaker", "details": "motion blur, cartoon style"})
    assert "blurry" in plain and "blurry" not in asked
    assert "cartoon" not in asked and "watermark" in asked and " ," not in asked
