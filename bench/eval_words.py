"""The offline planner's words reader against generated briefs: per-field precision and recall.

    .venv/bin/python bench/eval_words.py [--verbose] [--set dev|test|all]

Briefs are generated: sentence frames ("producers", each a phrasing style: numbered inline,
'Step N:', first/then/finally, bullet lines, colon lists, '(1)', circled numbers, 'with'
lists...) x content (concepts with steps, recipes, scenes, landmarks) x 4 languages (en, de,
es, fr), each with the words it should yield. Split: content items alternate dev / test, and
one producer per kind is seen only in test. Tune on dev; report test. A third set, `blind`,
holds one more producer per kind written after the reader was tuned and measured once: its
score is the closest this bench comes to unseen phrasing. Each brief is read the way the offline planner reads it (read_brief, then
studio.words.extract.extract_words with the routed template's own words).

Scoring, per field: a scalar is correct when it equals the expected value (case and spaces
ignored; a scene is correct when it names the same vocabulary scene kind); a list is scored
item by item (each expected item matched at most once). Precision = correct / given, recall =
correct / expected. A value given where none is expected costs precision only.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studio.planner.brief_spec import read_brief  # noqa: E402
from studio.prompts import Library  # noqa: E402
from studio.words import vocab  # noqa: E402
from studio.words.extract import extract_words  # noqa: E402

TEMPLATE = {
    "whiteboard": "whiteboard-explainer",
    "recipe": "recipe-infographic",
    "labelled_scene": "multilingual-labelled-scene",
    "blueprint": "landmark-blueprint",
}

# ---- content, per language -------------------------------------------------------------------
CONCEPTS = {
    "en": [
        ("how DNS resolution works", ["browser asks resolver", "resolver asks root", "root points to .com", "authoritative server answers"]),
        ("how a bill becomes law", ["bill is drafted", "committee reviews it", "both houses vote", "president signs"]),
        ("how photosynthesis works", ["light hits the leaf", "water is split", "carbon dioxide enters", "sugar is made"]),
        ("how vaccines train the immune system", ["vaccine enters the body", "cells spot the antigen", "antibodies are made", "memory cells remain"]),
        ("how compost is made", ["collect kitchen scraps", "add dry leaves", "turn the pile weekly"]),
        ("why the sky is blue", ["sunlight enters the air", "blue light scatters most", "our eyes see blue"]),
    ],
    "de": [
        ("wie Photosynthese funktioniert", ["Licht trifft das Blatt", "Wasser wird gespalten", "Zucker entsteht"]),
        ("wie ein Gesetz entsteht", ["Entwurf wird geschrieben", "Bundestag stimmt ab", "Bundesrat berät", "Präsident unterschreibt"]),
        ("wie Brot gebacken wird", ["Mehl und Wasser mischen", "Teig kneten", "Teig gehen lassen", "im Ofen backen"]),
        ("wie ein Kühlschrank kühlt", ["Kompressor verdichtet Gas", "Wärme wird abgegeben", "Kältemittel verdampft"]),
        ("wie Recycling funktioniert", ["Müll trennen", "Wertstoffe sammeln", "Material aufbereiten"]),
        ("warum es regnet", ["Wasser verdunstet", "Wolken bilden sich", "Tropfen werden schwer", "Regen fällt"]),
    ],
    "es": [
        ("cómo funciona una vacuna", ["el virus entra", "el cuerpo crea anticuerpos", "la memoria protege"]),
        ("cómo se hace el pan", ["mezclar harina y agua", "amasar la masa", "dejar reposar", "hornear"]),
        ("cómo funciona internet", ["el usuario pide una página", "el servidor responde", "los datos viajan en paquetes"]),
        ("cómo se forma la lluvia", ["el agua se evapora", "se forman nubes", "caen las gotas"]),
        ("cómo funciona el reciclaje", ["separar residuos", "recoger materiales", "procesar el plástico", "fabricar productos nuevos"]),
        ("por qué cambian las estaciones", ["la Tierra está inclinada", "gira alrededor del Sol", "cambia la luz recibida"]),
    ],
    "fr": [
        ("comment fonctionne le compostage", ["trier les déchets", "mélanger les matières", "attendre trois mois"]),
        ("comment fonctionne une éolienne", ["le vent fait tourner les pales", "le rotor entraîne la génératrice", "le courant part sur le réseau"]),
        ("comment une loi est votée", ["le projet est déposé", "les députés votent", "le Sénat examine", "la loi est promulguée"]),
        ("comment se forme un arc-en-ciel", ["la lumière entre dans la goutte", "elle se réfracte", "les couleurs se séparent"]),
        ("comment fonctionne la digestion", ["mâcher les aliments", "l'estomac les broie", "l'intestin absorbe"]),
        ("pourquoi la mer est salée", ["la pluie érode les roches", "les rivières portent le sel", "l'eau s'évapore"]),
    ],
}  # fmt: skip

RECIPES = {
    "en": [
        ("classic French omelette", 2, ["3 eggs", "10 g butter", "a pinch of salt", "chives"], ["whisk the eggs", "melt the butter", "cook gently", "fold and serve"], [("prep", "5 min"), ("cook", "3 min")]),
        ("banana pancakes", 4, ["2 bananas", "1 1/2 cups flour", "2 eggs", "1 cup milk"], ["mash the bananas", "mix the batter", "fry in a pan"], [("prep", "10 min"), ("cook", "15 min")]),
        ("tomato soup", 6, ["1 kg tomatoes", "1 onion", "2 cloves garlic", "500 ml stock"], ["chop the vegetables", "simmer 20 minutes", "blend until smooth"], [("cook", "30 min")]),
        ("guacamole", 4, ["3 avocados", "1 lime", "½ red onion", "a handful of coriander"], ["halve the avocados", "mash with lime", "stir in onion"], [("prep", "10 min")]),
    ],
    "de": [
        ("Pfannkuchen", 4, ["200 g Mehl", "2 Eier", "300 ml Milch", "eine Prise Salz"], ["Teig rühren", "ruhen lassen", "in der Pfanne ausbacken"], [("prep", "10 Minuten"), ("bake", "20 min")]),
        ("Kartoffelsalat", 6, ["1 kg Kartoffeln", "1 Zwiebel", "100 ml Brühe", "3 EL Essig"], ["Kartoffeln kochen", "in Scheiben schneiden", "mit Brühe mischen"], [("cook", "25 min")]),
        ("Apfelkuchen", 8, ["4 Äpfel", "250 g Mehl", "125 g Butter", "100 g Zucker"], ["Teig kneten", "Äpfel schälen", "Kuchen backen"], [("prep", "30 min"), ("bake", "45 min")]),
        ("Tomatensoße", 2, ["500 g Tomaten", "2 Zehen Knoblauch", "2 EL Olivenöl"], ["Knoblauch anbraten", "Tomaten zugeben", "köcheln lassen"], [("cook", "20 min")]),
    ],
    "es": [
        ("tortilla española", 4, ["6 huevos", "3 patatas", "1 cebolla", "aceite de oliva"], ["pelar las patatas", "freír a fuego lento", "batir los huevos", "cuajar la tortilla"], [("prep", "15 min"), ("cook", "30 min")]),
        ("gazpacho", 6, ["1 kg de tomates", "1 pepino", "1 pimiento verde", "2 dientes de ajo"], ["trocear las verduras", "triturar todo", "enfriar en la nevera"], [("prep", "20 min")]),
        ("arroz con leche", 4, ["200 g de arroz", "1 l de leche", "150 g de azúcar", "1 rama de canela"], ["cocer el arroz", "añadir el azúcar", "servir frío"], [("cook", "40 min")]),
        ("guacamole mexicano", 2, ["2 aguacates", "1 lima", "una pizca de sal"], ["machacar los aguacates", "añadir la lima", "sazonar"], [("prep", "10 min")]),
    ],
    "fr": [
        ("quiche lorraine", 6, ["200 g de lardons", "3 œufs", "20 cl de crème", "1 pâte brisée"], ["étaler la pâte", "battre les œufs", "cuire au four"], [("prep", "20 min"), ("cook", "35 min")]),
        ("crêpes", 4, ["250 g de farine", "4 œufs", "50 cl de lait", "une pincée de sel"], ["mélanger la pâte", "laisser reposer", "cuire les crêpes"], [("prep", "10 min"), ("cook", "20 min")]),
        ("ratatouille", 4, ["2 courgettes", "1 aubergine", "2 poivrons", "4 tomates"], ["couper les légumes", "faire revenir", "mijoter doucement"], [("cook", "45 min")]),
        ("mousse au chocolat", 6, ["200 g de chocolat", "6 œufs", "une pincée de sel"], ["faire fondre le chocolat", "monter les blancs", "incorporer délicatement"], [("prep", "25 min")]),
    ],
}  # fmt: skip

SCENES = {  # (scene word, language names as written, expected English names, objects written, expected keys)
    "en": [
        ("kitchen", ["English", "Japanese", "Arabic"], ["English", "Japanese", "Arabic"], ["kettle", "sink", "fridge"], ["kettle", "sink", "fridge"]),
        ("farm", ["Spanish", "Chinese"], ["Spanish", "Chinese"], ["cow", "pig", "tractor", "barn"], ["cow", "pig", "tractor", "barn"]),
        ("classroom", ["French", "German", "Korean"], ["French", "German", "Korean"], ["desk", "globe", "ruler"], ["desk", "globe", "ruler"]),
        ("beach", ["Italian", "Hindi"], ["Italian", "Hindi"], ["towel", "sandcastle", "crab"], ["towel", "sandcastle", "crab"]),
    ],
    "de": [
        ("Küche", ["Deutsch", "Englisch", "Japanisch"], ["German", "English", "Japanese"], ["Wasserkocher", "Spüle", "Kühlschrank"], ["kettle", "sink", "fridge"]),
        ("Bahnhof", ["Deutsch", "Italienisch"], ["German", "Italian"], ["Zug", "Koffer", "Fahrkarte"], ["train", "suitcase", "ticket"]),
        ("Bauernhof", ["Englisch", "Französisch", "Russisch"], ["English", "French", "Russian"], ["Kuh", "Schwein", "Traktor"], ["cow", "pig", "tractor"]),
        ("Wohnzimmer", ["Spanisch", "Chinesisch"], ["Spanish", "Chinese"], ["Sofa", "Lampe", "Kamin"], ["sofa", "lamp", "fireplace"]),
    ],
    "es": [
        ("cocina", ["español", "inglés", "japonés"], ["Spanish", "English", "Japanese"], ["nevera", "horno", "sartén"], ["fridge", "oven", "frying pan"]),
        ("playa", ["inglés", "francés"], ["English", "French"], ["toalla", "sombrilla", "concha"], ["towel", "beach umbrella", "shell"]),
        ("oficina", ["español", "alemán", "coreano"], ["Spanish", "German", "Korean"], ["ordenador", "teclado", "impresora"], ["computer", "keyboard", "printer"]),
        ("parque", ["inglés", "árabe"], ["English", "Arabic"], ["banco", "columpio", "fuente"], ["bench", "swing", "fountain"]),
    ],
    "fr": [
        ("cuisine", ["français", "anglais", "arabe"], ["French", "English", "Arabic"], ["bouilloire", "évier", "four"], ["kettle", "sink", "oven"]),
        ("salle de bain", ["anglais", "japonais"], ["English", "Japanese"], ["miroir", "savon", "serviette"], ["mirror", "soap", "towel"]),
        ("gare", ["français", "allemand", "chinois"], ["French", "German", "Chinese"], ["train", "valise", "horloge"], ["train", "suitcase", "clock"]),
        ("chambre", ["espagnol", "italien"], ["Spanish", "Italian"], ["lit", "oreiller", "lampe"], ["bed", "pillow", "lamp"]),
    ],
}  # fmt: skip

LANDMARKS = {  # (landmark, city, height, year, span or None)
    "en": [("Eiffel Tower", "Paris", "330 m", "1889", None), ("Golden Gate Bridge", "San Francisco", "227 m", "1937", "1,280 m"),
           ("Sydney Harbour Bridge", "Sydney", "134 m", "1932", "503 m"), ("Empire State Building", "New York", "443 m", "1931", None)],
    "de": [("Kölner Dom", "Köln", "157 m", "1880", None), ("Fernsehturm", "Berlin", "368 m", "1969", None),
           ("Köhlbrandbrücke", "Hamburg", "135 m", "1974", "325 m"), ("Ulmer Münster", "Ulm", "162 m", "1890", None)],
    "es": [("Sagrada Família", "Barcelona", "172 m", "1882", None), ("Torre de Cristal", "Madrid", "249 m", "2008", None),
           ("Puente de la Barqueta", "Sevilla", "60 m", "1992", "168 m"), ("Giralda", "Sevilla", "104 m", "1198", None)],
    "fr": [("Tour Eiffel", "Paris", "330 m", "1889", None), ("Viaduc de Millau", "Millau", "343 m", "2004", "342 m"),
           ("Pont de Normandie", "Le Havre", "215 m", "1995", "856 m"), ("Tour Montparnasse", "Paris", "210 m", "1973", None)],
}  # fmt: skip

FACT = {
    "en": ("Height", "Built", "Span"),
    "de": ("Höhe", "Erbaut", "Spannweite"),
    "es": ("Altura", "Construcción", "Luz"),
    "fr": ("Hauteur", "Construction", "Portée"),
}
# the year's label follows the verb the brief used: built, completed and opened are different facts
YEAR_LABEL = {
    "height-of": {"en": "Completed", "de": "Fertiggestellt", "es": "Terminado", "fr": "Achevé"},
    "blind": {"en": "Opened", "de": "Eröffnet", "es": "Inaugurado", "fr": "Inauguré"},
}
AND = {"en": "and", "de": "und", "es": "y", "fr": "et"}


SEQ = {"en": ("first", "then", "finally"), "de": ("zuerst", "dann", "schließlich"),
       "es": ("primero", "luego", "por último"), "fr": ("d'abord", "puis", "enfin")}  # fmt: skip


def sequence(steps: list[str], lang: str) -> str:
    first, then, last = SEQ[lang]
    middle = "".join(f", {then} {s}" for s in steps[1:-1])
    return f"{first} {steps[0]}{middle} {AND[lang]} {last} {steps[-1]}"


def join(items: list[str], lang: str) -> str:
    return ", ".join(items[:-1]) + f" {AND[lang]} " + items[-1] if len(items) > 1 else items[0]


# ---- producers: (name, {lang: frame}); frames are filled by str.format ------------------------
def numbered(xs: list[str]) -> str:
    return " ".join(f"{i}. {x}" for i, x in enumerate(xs, 1))


WHITEBOARD = [
    ("numbered", {"en": "A whiteboard that explains {c}: {num}", "de": "Ein Whiteboard, das erklärt, {c}: {num}",
                  "es": "Una pizarra que explica {c}: {num}", "fr": "Un tableau blanc qui explique {c} : {num}"}),
    ("step-n", {"en": "Whiteboard explainer on {c}. {stepn}", "de": "Tafelbild: {C}. {stepn}",
                "es": "Pizarra blanca: {C}. {stepn}", "fr": "Tableau blanc : {C}. {stepn}"}),
    ("sequence", {"en": "Explain on a whiteboard {c}: {seq}.",
                  "de": "Erkläre auf einem Whiteboard, {c}: {seq}.",
                  "es": "Explica en una pizarra {c}: {seq}.",
                  "fr": "Explique sur un tableau blanc {c} : {seq}."}),
    ("bullets", {"en": "Whiteboard diagram of {c}\n{bullets}", "de": "Whiteboard-Skizze: {c}\n{bullets}",
                 "es": "Esquema en pizarra sobre {c}\n{bullets}", "fr": "Schéma au tableau blanc : {c}\n{bullets}"}),
    ("parens", {"en": "Hand-drawn marker diagram explaining {c} (1) {paren}", "de": "Handgezeichnetes Tafelbild, das erklärt, {c} (1) {paren}",
                "es": "Diagrama a mano en pizarra que explica {c} (1) {paren}", "fr": "Schéma dessiné au feutre qui explique {c} (1) {paren}"}),
    ("circled", {"en": "Whiteboard that explains {c}: {circ}", "de": "Whiteboard, das erklärt, {c}: {circ}",
                 "es": "Pizarra que explica {c}: {circ}", "fr": "Tableau blanc qui explique {c} : {circ}"}),
]  # fmt: skip
RECIPE = [
    ("sections", {"en": "Recipe infographic for {dish}, serves {n}. Ingredients: {ings}. Steps: {steps}. {times}.",
                  "de": "Rezept-Infografik für {dish} für {n} Personen. Zutaten: {ings}. Zubereitung: {steps}. {times}.",
                  "es": "Infografía de receta de {dish} para {n} personas. Ingredientes: {ings}. Pasos: {steps}. {times}.",
                  "fr": "Infographie recette de {dish} pour {n} personnes. Ingrédients : {ings}. Étapes : {steps}. {times}."}),
    ("with", {"en": "{Dish} recipe card with {ingsand}, for {n} people; method: {num}",
              "de": "Rezeptkarte: {dish} mit {ingsand}, {n} Portionen; Zubereitung: {num}",
              "es": "Tarjeta de receta de {dish} con {ingsand}, {n} raciones. Preparación: {num}",
              "fr": "Fiche recette de {dish} avec {ingsand}, pour {n} personnes. Préparation : {num}"}),
    ("lines", {"en": "Recipe infographic: {dish} (serves {n})\nIngredients:\n{ingbullets}\nMethod:\n{numlines}\n{times}",
               "de": "Rezept für {dish} für {n} Personen\nZutaten:\n{ingbullets}\nZubereitung:\n{numlines}\n{times}",
               "es": "Receta de {dish} para {n}\nIngredientes:\n{ingbullets}\nPasos:\n{numlines}\n{times}",
               "fr": "Recette de {dish} pour {n} personnes\nIngrédients :\n{ingbullets}\nÉtapes :\n{numlines}\n{times}"}),
    ("sequence", {"en": "Exploded-view recipe infographic for {dish} for {n} people with {ingsand}: {seq}. {times}.",
                  "de": "Rezept-Infografik für {dish} für {n} Personen mit {ingsand}: {seq}. {times}.",
                  "es": "Receta de {dish} para {n} personas con {ingsand}: {seq}. {times}.",
                  "fr": "Recette de {dish} pour {n} personnes avec {ingsand} : {seq}. {times}."}),
]  # fmt: skip
TIME_WORDS = {"en": {"prep": "prep", "cook": "cook", "bake": "bake"}, "de": {"prep": "Vorbereitung", "cook": "Kochzeit", "bake": "Backzeit"},
              "es": {"prep": "preparación", "cook": "cocción", "bake": "horneado"}, "fr": {"prep": "préparation", "cook": "cuisson", "bake": "cuisson au four"}}  # fmt: skip
SCENE = [
    ("label-every", {"en": "Label every object in a {scene} in {langs}", "de": "Eine {scene}, jedes Objekt beschriftet auf {langs}",
                     "es": "Etiqueta cada objeto de una {scene} en {langs}", "fr": "Une {scene} avec chaque objet étiqueté en {langs}"}),
    ("objects-colon", {"en": "Picture-dictionary scene of a {scene}: {objs}, labels in {langs}", "de": "Bildwörterbuch {scene}: {objs}, beschriftet auf {langs}",
                       "es": "Diccionario visual de una {scene}: {objs}, etiquetas en {langs}", "fr": "Imagier d'une {scene} : {objs}, étiquettes en {langs}"}),
    ("with", {"en": "A {scene} with {objsand}, labelled in {langs}", "de": "Eine {scene} mit {objsand}, beschriftet auf {langs}",
              "es": "Una {scene} con {objsand}, etiquetada en {langs}", "fr": "Une {scene} avec {objsand}, étiquetée en {langs}"}),
    ("label-the", {"en": "Multilingual picture dictionary: label the {objsand} in a {scene}, in {langs}", "de": "Mehrsprachiges Bildwörterbuch: beschrifte {objsand} in einer {scene}, auf {langs}",
                   "es": "Diccionario visual multilingüe: etiqueta {objsand} en una {scene}, en {langs}", "fr": "Imagier multilingue : étiquette {objsand} dans une {scene}, en {langs}"}),
]  # fmt: skip
BLUEPRINT = [
    ("phrases", {"en": "The {lm} in {city} with white chalk blueprint annotations: {h} tall, built in {y}{span_en}",
                 "de": "{lm} in {city} mit weißen Kreideannotationen im Blueprint-Look: {h} hoch, erbaut {y}{span_de}",
                 "es": "{lm} en {city} con anotaciones de tiza blanca tipo plano técnico: {h} de altura, construida en {y}{span_es}",
                 "fr": "{lm} à {city} avec des annotations à la craie blanche façon plan technique : {h} de haut, construite en {y}{span_fr}"}),
    ("label-value", {"en": "Blueprint-style chalk annotations over a photo of the {lm}, {city}. Facts: Height: {h}; Built: {y}{spanlv_en}",
                     "de": "Kreideannotationen im Bauplan-Stil über einem Foto: {lm}, {city}. Fakten: Höhe: {h}; Erbaut: {y}{spanlv_de}",
                     "es": "Anotaciones de plano técnico sobre una foto de {lm}, {city}. Datos: Altura: {h}; Construcción: {y}{spanlv_es}",
                     "fr": "Annotations façon plan technique sur une photo : {lm}, {city}. Faits : Hauteur : {h} ; Construction : {y}{spanlv_fr}"}),
    ("height-of", {"en": "{lm} in {city} as an annotated blueprint: a height of {h}, completed in {y}",
                   "de": "Annotierter Bauplan: {lm} in {city}, Höhe von {h}, fertiggestellt {y}",
                   "es": "Plano técnico anotado de {lm} en {city}: altura de {h}, terminada en {y}",
                   "fr": "Plan technique annoté : {lm} à {city}, hauteur de {h}, achevée en {y}"}),
]  # fmt: skip
# phrasing written after the reader was tuned and measured once, never tuned on: set "blind"
BLIND = {
    "whiteboard": ("blind", {"en": "Can you make a whiteboard about {c}? Steps: {semi}.", "de": "Bitte ein Whiteboard zum Thema {c}. Schritte: {semi}.",
                             "es": "¿Puedes hacer una pizarra sobre {c}? Pasos: {semi}.", "fr": "Peux-tu faire un tableau blanc sur {c} ? Étapes : {semi}."}),
    "recipe": ("blind", {"en": "{Dish} for {n} people - you need {ingsand}. Steps: {semi}.", "de": "{Dish} für {n} Personen - man braucht {ingsand}. Schritte: {semi}.",
                         "es": "{Dish} para {n} personas - necesitas {ingsand}. Pasos: {semi}.", "fr": "{Dish} pour {n} personnes - il faut {ingsand}. Étapes : {semi}."}),
    "labelled_scene": ("blind", {"en": "Vocabulary poster of a {scene}. Objects: {objs}. Languages: {langs}.", "de": "Vokabelposter: eine {scene}. Objekte: {objs}. Sprachen: {langs}.",
                                 "es": "Póster de vocabulario de una {scene}. Objetos: {objs}. Idiomas: {langs}.", "fr": "Affiche de vocabulaire d'une {scene}. Objets : {objs}. Langues : {langs}."}),
    "blueprint": ("blind", {"en": "{lm} ({city}) as a blueprint overlay, {h} high, opened in {y}", "de": "{lm} ({city}) als Bauplan-Overlay, {h} hoch, eröffnet {y}",
                            "es": "{lm} ({city}) como plano técnico, {h} de alto, inaugurada en {y}", "fr": "{lm} ({city}) en plan technique, {h} de haut, inaugurée en {y}"}),
}  # fmt: skip
HELD_OUT = {
    "whiteboard": "circled",
    "recipe": "sequence",
    "labelled_scene": "label-the",
    "blueprint": "height-of",
}
SPAN = {
    "en": ", span of {s}",
    "de": ", Spannweite von {s}",
    "es": ", luz de {s}",
    "fr": ", portée de {s}",
}
SPANLV = {
    "en": "; Span: {s}",
    "de": "; Spannweite: {s}",
    "es": "; Luz: {s}",
    "fr": " ; Portée : {s}",
}


def briefs() -> list[dict]:
    out: list[dict] = []
    for lang, concepts in CONCEPTS.items():
        for i, (c, steps) in enumerate(concepts):
            for name, frames in [*WHITEBOARD, BLIND["whiteboard"]]:
                text = frames[lang].format(
                    c=c, C=c[:1].upper() + c[1:], num=numbered(steps),
                    stepn=" ".join(f"{('Step','Schritt','Paso','Étape')[list(CONCEPTS).index(lang)]} {k}: {s}." for k, s in enumerate(steps, 1)),
                    seq=sequence(steps, lang), semi="; ".join(steps),
                    bullets="\n".join(f"- {s}" for s in steps), paren=" ".join(f"({k}) {s}" for k, s in enumerate(steps, 1))[4:],
                    circ=" ".join(f"{chr(0x2460 + k)} {s}" for k, s in enumerate(steps)),
                )  # fmt: skip
                out.append(dict(kind="whiteboard", lang=lang, producer=name, item=i, text=text,
                                want={"concept": c[:1].upper() + c[1:], "steps": steps}))  # fmt: skip
    for lang, recipes in RECIPES.items():
        for i, (dish, n, ings, steps, times) in enumerate(recipes):
            words = TIME_WORDS[lang]
            tstr = ", ".join(f"{words[k]} {v}" for k, v in times)
            for name, frames in [*RECIPE, BLIND["recipe"]]:
                text = frames[lang].format(
                    dish=dish, Dish=dish[:1].upper() + dish[1:], n=n, ings=", ".join(ings), ingsand=join(ings, lang),
                    steps="; ".join(steps), num=numbered(steps), seq=sequence(steps, lang), semi="; ".join(steps),
                    ingbullets="\n".join(f"- {x}" for x in ings), numlines="\n".join(f"{k}. {s}" for k, s in enumerate(steps, 1)),
                    times=tstr[:1].upper() + tstr[1:],
                )  # fmt: skip
                has_times = "{times}" in frames[lang]
                out.append(dict(kind="recipe", lang=lang, producer=name, item=i, text=text, want={
                    "dish": dish, "servings": n, "ingredients": ings, "steps": steps,
                    "times": [f"{k} {v}" for k, v in times] if has_times else []}))  # fmt: skip
    for lang, scenes in SCENES.items():
        for i, (scene, names, want_langs, objs, keys) in enumerate(scenes):
            for name, frames in [*SCENE, BLIND["labelled_scene"]]:
                text = frames[lang].format(
                    scene=scene,
                    langs=join(names, lang),
                    objs=", ".join(objs),
                    objsand=join(objs, lang),
                )
                out.append(dict(kind="labelled_scene", lang=lang, producer=name, item=i, text=text, want={
                    "scene": scene, "languages": want_langs, "objects": keys if "{objs" in frames[lang] else []}))  # fmt: skip
    for lang, marks in LANDMARKS.items():
        for i, (lm, city, h, y, span) in enumerate(marks):
            labels = FACT[lang]
            for name, frames in [*BLUEPRINT, BLIND["blueprint"]]:
                fill = {f"span_{k}": (SPAN[k].format(s=span) if span else "") for k in SPAN}
                fill |= {f"spanlv_{k}": (SPANLV[k].format(s=span) if span else "") for k in SPANLV}
                text = frames[lang].format(lm=lm, city=city, h=h, y=y, **fill)
                year = YEAR_LABEL.get(name, {}).get(lang, labels[1])
                facts = [f"{labels[0]}: {h}", f"{year}: {y}"] + (
                    [f"{labels[2]}: {span}"] if span and name in ("phrases", "label-value") else []
                )
                out.append(dict(kind="blueprint", lang=lang, producer=name, item=i, text=text,
                                want={"landmark": lm, "city": city, "facts": facts}))  # fmt: skip
    for b in out:
        held = b["item"] % 2 or b["producer"] == HELD_OUT[b["kind"]]
        b["set"] = "blind" if b["producer"] == "blind" else "test" if held else "dev"
    return out


def norm(value: object) -> str:
    return " ".join(str(value).lower().replace("’", "'").split()).strip(" .")


def score(kind: str, field: str, want: object, got: object) -> tuple[int, int, int]:
    """(correct, given, expected) for one field of one brief."""
    if isinstance(want, list):
        got_items = [norm(g) for g in (got or [])]
        left = [norm(w) for w in want]
        correct = 0
        for g in got_items:
            if g in left:
                left.remove(g)
                correct += 1
        return correct, len(got_items), len(want)
    given = int(got not in (None, "", []))
    if field == "scene":
        ok = bool(got) and vocab.scene_kind(str(got)) == vocab.scene_kind(str(want))
    else:
        ok = norm(got) == norm(want)
    return int(ok and given), given, int(want not in (None, "", []))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    parser.add_argument("--set", default="all", choices=["dev", "test", "blind", "all"])
    args = parser.parse_args()
    lib = Library(ROOT / "prompts")
    started = time.perf_counter()
    all_briefs = briefs()
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for b in all_briefs:
        if args.set != "all" and b["set"] != args.set:
            continue
        template = lib.get(TEMPLATE[b["kind"]])
        spec = read_brief(b["text"], root=lib.root, template=template)
        got, _ = extract_words(b["kind"], b["text"], subject=spec.subject, language=spec.language,
                               drop=list(template.keywords) + list(template.vocabulary))  # fmt: skip
        for field, want in b["want"].items():
            c, g, e = score(b["kind"], field, want, got.get(field))
            t = totals[(b["set"], b["kind"], field)]
            t[0], t[1], t[2] = t[0] + c, t[1] + g, t[2] + e
            if args.verbose and (c < g or c < e):
                print(
                    f"[{b['set']} {b['lang']} {b['producer']}] {field}: want {want!r} got {got.get(field)!r}\n    {b['text']!r}"
                )
    sets = sorted({s for s, _, _ in totals})
    counts = {s: sum(1 for b in all_briefs if b["set"] == s) for s in sets}
    print(f"{len(all_briefs)} briefs ({', '.join(f'{s} {counts[s]}' for s in sets)}), "
          f"{time.perf_counter() - started:.1f}s\n")  # fmt: skip
    print(f"{'kind':15} {'field':12} " + "  ".join(f"{s + ' P':>7} {s + ' R':>7}" for s in sets))
    for (kind, field), _ in itertools.groupby(sorted({(k, f) for _, k, f in totals})):
        cells = []
        for s in sets:
            c, g, e = totals[(s, kind, field)]
            cells.append(f"{c / g if g else 1:7.2f} {c / e if e else 1:7.2f}")
        print(f"{kind:15} {field:12} " + "  ".join(cells))
    for s in sets:
        c = sum(v[0] for (ss, _, _), v in totals.items() if ss == s)
        g = sum(v[1] for (ss, _, _), v in totals.items() if ss == s)
        e = sum(v[2] for (ss, _, _), v in totals.items() if ss == s)
        print(f"{s}: overall precision {c / g:.3f}, recall {c / e:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
