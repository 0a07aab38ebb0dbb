"""Routing briefs for marketing creatives (issue 10) to social-post, web-banner, product-shot
and event-poster, in English, German and Spanish — while a channel format alone stays a
format (a fashion portrait for an Instagram post is still a fashion portrait), and briefs
about a historical moment reach historical-photograph without the word "photograph"."""

from __future__ import annotations

import pytest

from studio.planner.routing import choose_template, named_formats
from studio.prompts import Library
from tests.conftest import REPO

TEMPLATES = Library(REPO / "prompts").templates()

ROUTES = [
    # social post / ad creative
    ('Instagram post for our autumn sale: a knitted scarf on a wooden chair, headline "Cosy Days" and "20% off"', "social-post"),
    ('Ad creative for our new running shoes with the tagline "Run the city"', "social-post"),
    ('Instagram-Post für unsere Bäckerei: frische Brezeln auf einem Blech, Text "Jeden Morgen frisch"', "social-post"),
    ('Werbeanzeige für unser Fitnessstudio mit einer Hantel im Gegenlicht und dem Slogan "Stark ab 19 €"', "social-post"),
    ('Publicación de Instagram para nuestra heladería: un cucurucho de fresa, con el texto "2x1 los martes"', "social-post"),
    ("Anuncio para Facebook de unas gafas de sol en la playa con «Rebajas de verano»", "social-post"),
    ('TikTok ad for our energy drink, a can on ice, text "Wake up"', "social-post"),
    # web banner
    ('Web banner for our bookshop: a stack of novels by a rainy window, text "Read more this winter"', "web-banner"),
    ('Leaderboard ad for a ski school with a snowy slope and "Lessons from $49"', "web-banner"),
    ('Webbanner für den Onlineshop: Wanderschuhe auf einem Felsen, Text "Jetzt 25% sparen"', "web-banner"),
    ("Newsletter-Header mit einer Tasse Kakao und Zimtsternen, Text „Winterzeit“", "web-banner"),
    ("Banner web para una agencia de viajes: una playa de Menorca al atardecer, con «Vuela desde 49 €»", "web-banner"),
    # product shot
    ("Product shot of our ceramic teapot on a linen tablecloth", "product-shot"),
    ("Use the attached photo of our candle and show it on a bathroom shelf with eucalyptus", "product-shot"),
    ("Produktfoto der beigefügten Flasche auf nassem Schiefer", "product-shot"),
    ("Zeig die angehängte Handtasche auf einer Marmortreppe", "product-shot"),
    ("Foto de producto de nuestra crema facial sobre mármol rosa", "product-shot"),
    ("Pon la lámpara de la imagen adjunta en un dormitorio luminoso", "product-shot"),
    # event or announcement poster
    ('Event poster for our open-air cinema night with "Movies under the stars" and "Free entry"', "event-poster"),
    ('A4 poster for the village flea market with "Saturday from 10 am"', "event-poster"),
    ("Plakat für den Laternenumzug im Kindergarten mit „Treffpunkt 17 Uhr“", "event-poster"),
    ("Veranstaltungsplakat für den Weihnachtsmarkt am Rathaus", "event-poster"),
    ('Cartel para el festival de teatro con el texto "Del 3 al 7 de julio"', "event-poster"),
    ("Póster de evento para la carrera popular del barrio", "event-poster"),
    ("We need a flyer for the school bake sale on Friday", "event-poster"),
    # a channel format alone is a format, not a template choice
    ("Editorial fashion portrait of a woman in a red coat for an Instagram post", "fashion-portrait"),
    ("Polaroid storyboard of our company offsite for a LinkedIn post", "polaroid-storyboard"),
    ('Studio headshot of our head chef for an Instagram story with the text "Meet Marco"', "fashion-portrait"),
    ("Recipe infographic for banana bread as an Instagram story", "recipe-infographic"),
    ("Double exposure poster of a stag with a pine forest inside its silhouette", "double-exposure-poster"),
    ("Bauplan mit Kreideanmerkungen über dem Kölner Dom, Hochformat als A4-Poster", "landmark-blueprint"),
    # an attached picture that is not a product
    ("Use the attached sketch as a reference: a castle on a hill, watercolour", "generic-image"),
    ("Fashion portrait of the person in the attached photo in a navy suit", "fashion-portrait"),
    # historical moments, without the word "photograph"
    ("Ein altes Schwarzweißfoto einer Straßenbahn in Wien um 1910", "historical-photograph"),
    ("The fall of the Berlin Wall in 1989", "historical-photograph"),
    ("Una foto antigua de un tranvía en Lisboa", "historical-photograph"),
    ("Die Krönung von Elisabeth II. in Westminster, 1953", "historical-photograph"),
    ("La llegada del primer tren a Madrid en 1851", "historical-photograph"),
    # a year or the word "old" alone is not history
    ("A treehouse in an old oak at dusk, watercolour", "generic-image"),
    ("Ein VW Käfer von 1965 am Strand bei Sonnenuntergang", "generic-image"),
    ("Photo of our new sneaker on a concrete floor", "generic-image"),
    ('Plakat für das Sommerfest mit dem Slogan "Feiern wie 1999"', "event-poster"),
]  # fmt: skip


@pytest.mark.parametrize(("brief", "template"), ROUTES, ids=[b[:48] for b, _ in ROUTES])
def test_creative_briefs_route_to_their_template(brief: str, template: str) -> None:
    route = choose_template(brief, TEMPLATES)
    assert route.template_id == template, (brief, route)


def test_an_attached_reference_image_makes_a_thing_a_product() -> None:
    brief = "Put it on a sunny kitchen windowsill next to a basil plant"
    assert choose_template(brief, TEMPLATES).template_id == "generic-image"
    route = choose_template(brief, TEMPLATES, has_reference=True)
    assert route.template_id == "product-shot"
    assert any("attached photo of a thing" in r for r in route.reasons)
    # ...but not a person, and not inside a post: there the format decides
    person = "A portrait of this woman in a yellow raincoat on a pier"
    assert choose_template(person, TEMPLATES, has_reference=True).template_id != "product-shot"
    post = 'Instagram post with this mug on a café table, text "Refill Fridays"'
    assert choose_template(post, TEMPLATES, has_reference=True).template_id == "social-post"


def test_format_phrases_are_found_with_their_span() -> None:
    found = named_formats("Bauplan über dem Dom als A4-Poster, dazu ein Instagram-Post", TEMPLATES)
    names = {name for name, _ in found}
    assert names == {"A4 poster", "Instagram post"}
    text = "Bauplan über dem Dom als A4-Poster"
    (_, (start, end)), *_ = named_formats(text, TEMPLATES)
    assert text[start:end] == "A4-Poster"


def test_the_reasons_say_why_a_creative_template_won() -> None:
    route = choose_template('LinkedIn post for our webinar, headline "Scaling AI"', TEMPLATES)
    assert route.template_id == "social-post"
    assert any("LinkedIn post with copy to set" in r for r in route.reasons)
    history = choose_template("The fall of the Berlin Wall in 1989", TEMPLATES)
    assert any("year before 1990" in r for r in history.reasons)
