"""What a draft should show: the subject's words sorted into a few drawable kinds, and the
setting's words into a light.

A draft cannot draw "a ceramic mug" from a model, but it can draw a cylinder with a handle on a
table, which previews the plan far better than a generic landscape. So the subject's words are
looked up in a small multilingual vocabulary (English, German, Spanish, some French and
Italian) of common nouns, each naming a kind (person, product, food, building, vehicle,
animal, landscape, interior, group, crowd) and, for objects, a shape to draw.

    params subject > template id > setting/details > prompt   (the first source with a hit)
    earliest word wins inside a source ("a dog in a car" is a dog)

German compounds match by their last part ("Kaffeetasse" is a Tasse); plurals by a trimmed
ending. Light words (dawn, night, fog, snow, beach, studio, rain...) and colour words are read
the same way. Pure lookups: no randomness, no hash().
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind/shape -> words. A shape is what the object painter draws; the kind picks the stage.
_VOCAB: dict[str, str] = {
    # people
    "person/figure": "person man woman girl boy child kid lady gentleman model portrait headshot "
    "face businessman businesswoman doctor nurse chef cook worker athlete runner dancer singer "
    "actor actress farmer teacher student soldier astronaut bride groom mother father baby "
    "teenager grandmother grandfather musician artist influencer customer employee founder ceo "
    "frau mann mädchen junge kind dame herr ärztin arzt köchin koch tänzerin sängerin braut "
    "mutter vater porträt portrait gesicht mujer hombre chica chico niña niño señora señor "
    "retrato rostro cara médica médico cocinera cocinero bailarina cantante novia madre padre "
    "bebé modelo femme homme fille garçon enfant visage donna uomo ragazza ragazzo bambino",
    # objects: a shape each
    "product/mug": "mug cup teacup espresso cappuccino latte coffee tea tasse becher taza tazza",
    "product/bottle": "bottle perfume fragrance serum wine whisky beer lotion shampoo flask vase "
    "flasche parfüm parfum wein bier botella perfume vino cerveza bouteille bottiglia",
    "product/can": "can tin soda cola drink dose getränk lata refresco canette lattina",
    "product/jar": "candle jar cream honey jam kerze creme honig vela tarro crema miel bougie pot",
    "product/box": "box package packaging parcel gift book chocolate cereal cosmetics schachtel "
    "karton paket geschenk buch schokolade caja paquete regalo libro chocolate boîte livre "
    "scatola libro product produkt producto produit prodotto item object gadget packshot",
    "product/bag": "bag handbag backpack purse suitcase luggage tasche handtasche rucksack koffer "
    "bolso bolsa mochila maleta sac borsa",
    "product/shoe": "shoe shoes sneaker sneakers trainer trainers boot boots heels sandal loafer "
    "schuh schuhe turnschuh stiefel zapato zapatos zapatilla zapatillas bota botas chaussure "
    "basket scarpa",
    "product/phone": "phone smartphone iphone tablet handy telefon teléfono móvil celular "
    "téléphone telefono",
    "product/laptop": "laptop notebook computer macbook ordenador portátil computadora ordinateur",
    "product/headphones": "headphones earbuds headset kopfhörer auriculares casque cuffie",
    "product/watch": "watch smartwatch clock uhr armbanduhr reloj montre orologio",
    "product/camera": "camera kamera cámara appareil fotocamera",
    "product/chair": "chair armchair stool seat stuhl sessel hocker silla sillón taburete chaise "
    "sedia",
    "product/sofa": "sofa couch settee sofá canapé divano",
    "product/lamp": "lamp lampe lámpara lampada",
    "product/table": "table desk tisch schreibtisch mesa escritorio tavolo",
    # food, seen from above
    "food/plate": "dish plate meal food breakfast lunch dinner brunch dessert steak salad "
    "pasta spaghetti burger sandwich taco tacos sushi curry cake pie bread fruit cookies "
    "pancakes gericht teller essen frühstück mittagessen abendessen salat nudeln kuchen torte "
    "brot obst plato comida desayuno almuerzo cena ensalada pastel tarta pan fruta paella "
    "assiette repas piatto cibo",
    "food/bowl": "bowl soup ramen noodles porridge cereal smoothie schüssel suppe schale "
    "cuenco sopa bol tazón ciotola zuppa",
    "food/pizza": "pizza flatbread",
    # places and things that stand on the ground
    "building/facade": "building house home villa cottage facade hotel office museum school "
    "station library mansion barn gebäude haus villa fassade hotel museum schule bahnhof "
    "rathaus edificio casa fachada hotel museo escuela estación maison bâtiment palazzo",
    "building/castle": "castle fortress fort palace schloss burg festung palast castillo "
    "fortaleza palacio château castello",
    "building/church": "church cathedral chapel temple mosque basilica kirche dom kathedrale "
    "kapelle tempel moschee iglesia catedral capilla templo mezquita église chiesa",
    "building/lattice": "eiffel pylon",
    "building/tower": "tower skyscraper lighthouse landmark monument statue tower turm "
    "hochhaus leuchtturm denkmal torre rascacielos faro monumento estatua tour",
    "building/bridge": "bridge brücke puente pont ponte",
    "vehicle/car": "car cars truck van suv jeep taxi bus limousine auto autos wagen lkw "
    "coche carro camión furgoneta autobús voiture macchina",
    "vehicle/bike": "bike bicycle motorcycle motorbike scooter moped fahrrad rad motorrad "
    "roller bicicleta bici moto motocicleta vélo",
    "vehicle/train": "train tram locomotive subway metro railway zug bahn lok straßenbahn "
    "tren tranvía locomotora treno",
    "vehicle/boat": "boat ship yacht sailboat ferry canoe kayak boot schiff jacht fähre barco "
    "barca velero yate bateau barca nave",
    "vehicle/plane": "plane airplane aeroplane aircraft jet airliner rocket spaceship "
    "flugzeug rakete avión cohete avion aereo",
    "animal/beast": "animal dog puppy cat kitten fox horse pony cow deer wolf bear lion tiger "
    "rabbit sheep goat elephant giraffe pig hund welpe katze fuchs pferd kuh reh hirsch wolf "
    "bär löwe tiger hase schaf ziege elefant perro cachorro gato zorro caballo vaca ciervo lobo "
    "oso león tigre conejo oveja cabra elefante chien chat cheval cane gatto cavallo",
    "animal/bird": "bird owl eagle parrot penguin duck swan robin hen chicken vogel eule adler "
    "papagei ente schwan huhn pájaro ave búho águila loro pato cisne gallina oiseau uccello",
    "interior/room": "room interior kitchen bedroom bathroom lounge lobby cafe café restaurant shop store "
    "bar nook loft studio-apartment workspace classroom zimmer raum küche wohnzimmer "
    "schlafzimmer badezimmer büro restaurant habitación cuarto cocina salón dormitorio baño "
    "oficina cafetería restaurante pièce cuisine chambre cucina stanza",
    "crowd/people": "crowd people audience festival concert parade market fans spectators "
    "menge menschenmenge leute publikum fest konzert markt zuschauer multitud gente público "
    "festival concierto desfile mercado foule folla",
    "group/event": "group family couple team crew friends women men children kids students "
    "workers soldiers astronauts dancers musicians players frauen männer kinder freunde "
    "mujeres hombres niños amigos protest march rally conference ceremony "
    "wedding party celebration mission landing launch battle match meeting summit signing "
    "gruppe familie paar mannschaft team feier hochzeit party konferenz treffen grupo familia "
    "pareja equipo boda celebración conferencia manifestación reunión fiesta famille équipe "
    "fête mariage festa famiglia",
    "landscape/land": "landscape mountain mountains forest woods lake beach sea ocean field "
    "valley desert meadow river island coast canyon waterfall hills sunset sky "
    "landschaft berg berge wald see strand meer feld tal wüste wiese fluss insel küste "
    "paisaje montaña montañas bosque lago playa mar campo valle desierto prado río isla costa "
    "paysage montagne forêt paesaggio montagna",
}

# light -> words (setting and details first, then the prompt)
_LIGHTS: dict[str, str] = {
    "night": "night midnight moonlit moon neon nighttime nacht mitternacht nachts noche "
    "medianoche luna nuit notte",
    "dawn": "dawn sunrise daybreak morning morgen morgengrauen sonnenaufgang morgenlicht "
    "morgensonne morgenrot morgennebel amanecer alba "
    "madrugada mañana aube matin",
    "sunset": "sunset dusk golden evening twilight abend abendrot abendlicht abendsonne "
    "sonnenuntergang dämmerung "
    "atardecer anochecer ocaso tarde crépuscule tramonto",
    "fog": "fog foggy mist misty haze hazy nebel neblig dunst niebla neblina bruma brouillard "
    "nebbia",
    "snow": "snow snowy winter ice frost schnee winter eis nieve invierno hielo neige inverno",
    "rain": "rain rainy storm wet regen regnerisch lluvia lluvioso tormenta pluie pioggia",
    "beach": "beach seaside coast ocean sea tropical strand meer küste playa mar costa plage "
    "spiaggia",
    "studio": "studio seamless backdrop softbox packshot e-commerce estudio atelier",
}

# colour words -> RGB, for the hero's main colour ("a woman in a yellow raincoat")
_COLOURS: dict[tuple[int, int, int], str] = {
    (200, 40, 44): "red rot roja rojo rouge rosso",
    (246, 196, 40): "yellow gelb amarillo amarilla jaune giallo",
    (40, 90, 190): "blue blau azul bleu blu",
    (52, 140, 80): "green grün verde vert",
    (240, 130, 40): "orange naranja arancione",
    (120, 70, 160): "purple violet lila morado morada viola",
    (236, 120, 160): "pink rosa rose",
    (34, 34, 38): "black schwarz negro negra noir nero",
    (240, 238, 232): "white weiß weiss blanco blanca blanc bianco ceramic porcelain",
    (130, 132, 136): "grey gray grau gris grigio concrete steel",
    (130, 84, 50): "brown braun marrón marron leather wooden wood holz madera",
    (212, 170, 60): "gold golden dorado doré oro",
    (190, 194, 200): "silver silber plateado argent argento chrome",
    (30, 140, 140): "teal turquoise türkis turquesa",
}

_FEMININE = {
    "feminine": "woman girl lady actress bride mother grandmother businesswoman frau mädchen dame ärztin "
    "köchin tänzerin sängerin braut mutter mujer chica niña señora médica cocinera bailarina "
    "novia madre femme fille donna ragazza she her",
}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _table(groups: dict) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, words in groups.items():
        for word in words.split():
            out.setdefault(word, key)  # the first group that lists a word keeps it
    return out


_KIND_OF = _table(_VOCAB)
_LIGHT_OF = _table(_LIGHTS)
_COLOUR_OF = _table(_COLOURS)
_SHE = _table(_FEMININE)


def _lookup(word: str, table: dict[str, object]) -> object | None:
    """A word, its plural trimmed, or (German compounds) its last part of 4+ letters."""
    for w in (
        word,
        word[:-1] if word.endswith("s") else "",
        word[:-2] if word[-2:] in ("es", "en") else "",
        word[:-1] if word.endswith(("e", "n")) else "",
    ):  # noqa: E501
        if w and w in table:
            return table[w]
    for cut in range(3, len(word) - 3):  # kaffeetasse -> tasse, sportwagen -> wagen
        tail = word[cut:]
        if tail in table:
            return table[tail]
    return None


# words that end the noun phrase naming the subject: what follows is where or with what
_BREAKS = _table(
    {
        "break": "of in on at with under near by from for beside behind inside against over into through "
        "and holding wearing auf in im am an mit unter bei vor von aus neben über und de del en "
        "con sobre bajo junto para por y du sur avec dans sous et di su sotto e"
    }
)


# landmarks by name: the name decides the shape, whatever noun follows it
_NAMES = {
    "eiffel": "building/lattice",
    "golden gate": "building/bridge",
    "tower bridge": "building/bridge",
    "brooklyn bridge": "building/bridge",
    "empire state": "building/tower",
    "chrysler": "building/tower",
    "big ben": "building/tower",
    "notre dame": "building/church",
    "sagrada": "building/church",
    "neuschwanstein": "building/castle",
    "alhambra": "building/castle",
}


def _head(text: str, table: dict[str, object]) -> object | None:
    """The head of the first noun phrase that names something in `table`: the phrase ends at
    a preposition or a verb in -ing, and its last hit wins ("coffee cup" is a cup, "glass
    skyscraper" a tower), so "a dog in a car" is a dog and "taza de café" a taza. A landmark's
    name wins over its noun ("Eiffel Tower" is a lattice tower)."""
    low = " ".join(_WORD.findall(text.lower()))
    for name, kind in _NAMES.items():
        if re.search(rf"\b{name}\b", low):
            return kind
    phrase: list[object] = []
    for word in [*low.split(), "of"]:
        if word in _BREAKS or (word.endswith("ing") and len(word) > 5 and word not in table):
            if phrase:
                return phrase[-1]
            continue
        hit = _lookup(word, table)
        if hit is not None:
            phrase.append(hit)
    return None


def _first(text: str, table: dict[str, object]) -> object | None:
    """The first word of `text` found in `table` (lights and colours: the first one named)."""
    for word in _WORD.findall(text.lower()):
        hit = _lookup(word, table)
        if hit is not None:
            return hit
    return None


@dataclass(frozen=True)
class Subject:
    """What the draft shows: a kind and shape to draw, the light, the hero's colour."""

    kind: str  # person, product, food, building, vehicle, animal, interior, group, crowd...
    shape: str  # or "" when nothing matched (the old generic landscape)
    light: str  # day, dawn, sunset, night, fog, snow, rain, beach, studio
    colour: tuple[int, int, int] | None
    feminine: bool
    source: str  # where the kind came from: subject, setting, template, prompt, none
    words: frozenset[str] = frozenset()  # the subject's own words, lower-case


def read_subject(
    subject: str, setting: str, details: str, template_id: str, prompt: str
) -> Subject:
    """Sort the job's words into what to draw (see the module docstring for the order)."""
    kind, source = None, "none"
    for name, text in (
        ("subject", subject),
        ("template", template_id.replace("-", " ")),  # a fashion portrait is of a person
        ("setting", f"{setting} {details}"),
        ("prompt", prompt if not subject else ""),
    ):
        kind = _head(text, _KIND_OF)
        if kind is not None:
            source = name
            break
    light = None
    for text in (f"{setting} {details} {subject}", prompt):
        light = _first(text, _LIGHT_OF)
        if light is not None:
            break
    words = set(_WORD.findall(f"{subject} {details}".lower()))
    colour = _first(f"{subject} {details}", _COLOUR_OF)
    k, _, shape = str(kind or "/").partition("/")
    return Subject(
        kind=k,
        shape=shape,
        light=str(light or "day"),
        colour=colour,  # type: ignore[arg-type]
        feminine=bool(words & _SHE.keys()),
        source=source,
        words=frozenset(words),
    )
