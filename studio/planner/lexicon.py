"""Words the brief reader knows, in English, German, Spanish (and some French and Italian):
number words, the nouns a count counts, the words that name a kind of picture rather than
what it shows, lead-in verbs, articles and the prepositions that start a setting. Data only:
the reader (subject.py, extract.py) is written against these classes of words, never against
single briefs."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "twenty-four": 24, "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12,
    "half a dozen": 6, "a couple of": 2, "a pair of": 2, "a trio of": 3,
    # German (with the inflected forms a count takes)
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    "zwanzig": 20, "fünfundzwanzig": 25, "dreißig": 30, "ein dutzend": 12,
    "einem dutzend": 12, "dutzend": 12, "ein halbes dutzend": 6,
    # Spanish
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veinticinco": 25, "treinta": 30, "una docena": 12,
    "una docena de": 12, "docena": 12, "media docena": 6, "media docena de": 6,
    # French and Italian
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "huit": 8, "dix": 10, "douze": 12,
    "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "dieci": 10,
    "dodici": 12,
}  # fmt: skip

# what a count counts: panels, moments, objects, steps... (plural forms, several languages)
COUNTED = (
    "moments", "photos", "photographs", "polaroids", "panels", "scenes", "images", "pictures",
    "frames", "shots", "snapshots", "snaps", "objects", "items", "things", "steps", "stages",
    "beats", "cards", "chapters", "milestones", "stops", "stations", "memories", "labels",
    "words", "hidden objects", "people", "persons", "servings", "portions", "pics", "pictures",
    "photos", "labels", "tags", "of them", "in total", "polaroid photos", "instant photos",
    "momente", "momenten", "bilder", "bildern", "fotos", "polaroids", "szenen", "objekte",
    "objekten", "gegenstände", "gegenständen", "dinge", "dingen", "schritte", "schritten",
    "stationen", "etappen", "kapitel", "wörter", "wörtern", "begriffe", "begriffen",
    "personen", "portionen", "aufnahmen", "erinnerungen", "panels", "stück", "sachen",
    "etiketten", "sofortbilder", "sofortbildern", "fotos insgesamt", "beschriftungen",
    "begriffe", "vokabeln",
    "momentos", "fotos", "fotografías", "imágenes", "escenas", "viñetas", "objetos", "cosas",
    "pasos", "etapas", "capítulos", "paradas", "recuerdos", "palabras", "personas",
    "porciones", "raciones", "instantáneas", "polaroids", "etiquetas", "fotos tipo polaroid",
    "étapes", "objets", "momenti", "oggetti", "passi",
)  # fmt: skip

VARIATION_NOUNS = (
    "variations", "versions", "options", "takes", "alternatives", "variants", "variants",
    "varianten", "variationen", "versionen", "alternativen", "entwürfe",
    "variaciones", "versiones", "opciones", "alternativas", "variantes", "propuestas",
)  # fmt: skip

# a picture's kind, medium or channel: what a brief asks for, not what the picture shows
KIND_WORDS = frozenset((
    "illustration", "image", "picture", "photo", "photograph", "photography", "scene",
    "poster", "drawing", "artwork", "graphic", "visual", "render", "shot",
    "explainer", "infographic", "diagram", "silhouette", "board", "storyboard", "collage",
    "album",
    "version", "draft", "creative", "ad", "advert", "advertisement", "post", "story",
    "stories", "banner", "thumbnail", "flyer", "visual", "image", "mockup", "mock-up",
    "format", "aspect", "ratio", "widescreen", "vertical", "horizontal", "square", "portrait",
    "landscape", "orientation", "feed", "slide", "deck", "cover", "header", "reel", "pin",
    "leaderboard", "instagram", "linkedin", "facebook", "twitter", "x", "youtube", "tiktok",
    "pinterest", "web", "website", "email", "newsletter", "a4", "letter", "size", "campaign",
    "social", "media", "hero", "key", "teaser", "card", "sheet",
    # German
    "bild", "foto", "fotografie", "aufnahme", "illustration", "grafik", "plakat", "poster",
    "anzeige", "werbeanzeige", "beitrag", "motiv", "zeichnung", "darstellung", "entwurf",
    "format", "hochformat", "querformat", "titelbild", "vorschaubild", "banner", "webbanner",
    "kampagne", "kampagnenmotiv", "flyer", "visual", "post", "szene", "erklärbild",
    "erklärgrafik", "infografik", "schaubild", "silhouette", "karte", "collage",
    # Spanish
    "imagen", "foto", "fotografía", "ilustración", "póster", "cartel", "anuncio", "publicación",
    "dibujo", "gráfico", "diseño", "formato", "miniatura", "portada", "banner", "campaña",
    "pieza", "creatividad", "historia", "post", "visual", "escena", "infografía",
    "silueta", "tarjeta", "collage", "esquema", "mascot", "maskottchen", "mascota", "fb", "ig",
    "insta", "bodegón", "stillleben", "lámina", "packshot", "announcement", "ankündigung",
    "invitation", "einladung", "invitación", "listing",
    "painting", "gemälde", "ölgemälde", "pintura", "óleo", "cuadro", "look",
))  # fmt: skip

# lead-in words before the subject: verbs of asking, politeness, pronouns
LEAD_WORDS = frozenset((
    "make", "create", "draw", "render", "generate", "produce", "design", "give", "show",
    "depict", "illustrate", "picture", "need", "want", "please", "me", "us", "i", "we",
    "would", "like", "could", "you", "can", "let's", "lets", "build", "prepare", "do",
    "erstelle", "erstellen", "erstellt", "mach", "mache", "macht", "zeichne", "zeige", "zeig",
    "gestalte", "gestalten", "entwirf", "bitte", "brauche", "brauchen", "wir", "ich", "uns",
    "mir", "generiere", "kreiere",
    "explain", "explains", "telling", "tell", "tells", "erklär", "erkläre", "erklären",
    "erzähl", "erzähle", "explica", "explícame", "cuente", "cuenta", "que", "it", "should",
    "must", "put", "place", "is", "are", "ist", "sind", "está", "es", "esta", "este", "son",
    "they", "want", "wants", "relive", "to", "they're", "we're", "launching", "introducing",
    "get", "u", "pls", "plz", "thx", "quick", "thanks", "salga", "salgan", "aparezca",
    "aparezcan",
    "releasing", "lanzamos", "presentamos", "contar", "queremos", "gewünscht", "gebraucht",
    "benötigt", "wird", "someone", "somebody", "jemand", "alguien", "sketch", "skizziere",
    "something", "etwas", "algo", "could", "könnt", "könntet",
    "können", "ihr", "podéis", "podrías", "puedes", "hey", "hallo", "hola", "hi",
    "haz", "hazme", "crea", "créame", "crear", "diseña", "diseñar", "genera", "dibuja",
    "muestra", "necesito", "necesitamos", "quiero", "queremos", "por", "favor", "hágame",
    "prepara", "realiza",
    "fais", "créez", "crée", "fai", "crea",
))  # fmt: skip

ARTICLES = frozenset((
    "a", "an", "the", "this", "these", "our", "my", "your", "some", "its", "their",
    "ein", "eine", "einer", "eines", "einem", "einen", "der", "die", "das", "dem", "den",
    "des", "unser", "unsere", "unseren", "unserem", "unserer", "unseres", "mein", "meine",
    "un", "una", "unos", "unas", "el", "la", "los", "las", "nuestro", "nuestra", "nuestros",
    "nuestras", "le", "les", "une", "il", "lo", "gli", "uno",
))  # fmt: skip

# between a kind word and the subject: "a poster OF", "Foto VOM", "retrato DE", "sobre"
OF_WORDS = frozenset((
    "of", "about", "showing", "featuring", "depicting", "with", "on",
    "von", "vom", "zum", "zur", "über", "mit", "zeigt",
    "de", "del", "sobre", "con", "acerca", "aus",
    "du", "des", "di", "della",
))  # fmt: skip

# prepositions that start where a thing is (its setting), not what it is
SETTING_PREPS = (
    "on", "at", "against", "under", "by", "beside", "next to", "near", "inside", "outside",
    "across", "along", "atop", "over", "in front of", "amid", "among", "during", "in",
    "behind", "beneath", "below", "above", "hinter", "unterhalb", "oberhalb", "detrás de",
    "encima de", "debajo de", "floating over", "schwebend über",
    "auf", "an", "am", "vor", "unter", "bei", "beim", "neben", "im", "in", "über", "inmitten",
    "en", "sobre", "bajo", "junto a", "frente a", "ante", "entre", "durante", "al",
)  # fmt: skip

# nouns of places and surroundings: 'in a street' is a setting, 'in a raincoat' is not
PLACE_NOUNS = (
    "street", "road", "bridge", "beach", "studio", "forest", "wood", "woods", "park", "city",
    "town", "village", "field", "meadow", "mountain", "mountains", "lake", "river", "sea",
    "ocean", "shore", "coast", "desert", "garden", "kitchen", "table", "desk", "counter",
    "shelf", "floor", "wall", "background", "backdrop", "room", "office", "cafe", "café",
    "restaurant", "bar", "rooftop", "roof", "station", "market", "square", "plaza", "alley",
    "harbour", "harbor", "port", "rock", "stone", "marble", "sand", "snow", "rain", "fog",
    "night", "dawn", "dusk", "sunset", "sunrise", "light", "window", "sky", "field",
    "stage", "runway", "hallway", "corridor", "library", "warehouse", "factory", "loft",
    "terrace", "balcony", "pool", "podium", "pedestal", "surface", "moss", "grass", "wooden",
    "straße", "strasse", "brücke", "strand", "wald", "park", "stadt", "dorf", "wiese", "berg",
    "bergen", "see", "fluss", "meer", "küste", "wüste", "garten", "küche", "tisch",
    "küchentisch", "schreibtisch", "regal", "boden", "wand", "hintergrund", "raum", "zimmer",
    "büro", "café", "dach", "bahnhof", "markt", "platz", "hafen", "fels", "felsen", "stein",
    "marmor", "sand", "schnee", "regen", "nebel", "nacht", "morgenlicht", "abendlicht",
    "licht", "himmel", "fenster", "bühne", "studio", "samt", "beton", "betonwand",
    "calle", "carretera", "puente", "playa", "estudio", "bosque", "parque", "ciudad",
    "pueblo", "campo", "montaña", "lago", "río", "mar", "costa", "desierto", "jardín",
    "cocina", "mesa", "escritorio", "estantería", "suelo", "pared", "fondo", "habitación",
    "oficina", "terraza", "azotea", "estación", "mercado", "plaza", "puerto", "roca",
    "piedra", "mármol", "arena", "nieve", "lluvia", "niebla", "noche", "amanecer",
    "atardecer", "luz", "cielo", "ventana", "escenario", "madera",
    # surfaces and containers a product stands on or in
    "windowsill", "sill", "slate", "tray", "vanity", "worktop", "countertop", "towel",
    "basket", "plate", "board", "mat", "rug", "carpet", "blanket", "cloth", "tablecloth",
    "sweep", "pedestal", "plinth", "sink", "bathtub", "bed", "pillow", "bench", "stool",
    "platte", "arbeitsplatte", "tablett", "handtuch", "korb", "teller", "decke", "teppich",
    "waschbecken", "bett", "kissen", "bank", "brett", "holz",
    "bandeja", "toalla", "cesta", "mimbre", "plato", "alfombra", "manta", "lavabo", "cama",
    "banco", "encimera", "barra", "tabla",
    # places
    "courtyard", "yard", "patio", "hof", "schulhof", "school", "schule", "grundschule",
    "escuela", "colegio", "roof", "tejado", "claustro", "cloister", "hall", "saal", "sala",
    "club", "gym", "pista", "track", "court", "pier", "dock", "muelle", "summit", "gipfel",
    "gipfelkreuz", "cumbre", "cima", "trail", "path", "weg", "pfad", "sendero", "camino",
    "meadow", "orchard", "obstwiese", "wiesen", "huerto", "vineyard", "weinberg", "viñedo",
    # times: 'on Friday 12 December', 'am Samstag', 'en agosto'
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "wochenende", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "januar", "februar", "märz", "juni", "juli",
    "oktober", "dezember", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre", "morning", "evening",
    "afternoon", "morgen", "abend", "mañana", "tarde", "hand", "hands", "händen", "mano",
    "manos", "asphalt", "asfalto", "pfütze", "puddle", "charco", "festival", "neonlicht",
    "spotlight", "scheinwerferlicht",
)  # fmt: skip

# phrases that say the picture is made from an attached image (not what it shows)
ATTACHED_WORDS = (
    "attached", "enclosed", "uploaded", "supplied", "provided",
    "beigefügt", "beigefügte", "beigefügten", "beigefügtem", "angehängt", "angehängte",
    "angehängten", "angehängtem", "hochgeladen", "hochgeladene", "hochgeladenen",
    "adjunta", "adjunto", "adjuntas", "adjuntos", "subida", "subido",
    "jointe", "allegata", "beigelegt", "beigelegte", "beigelegten", "mitgeschickt",
    "mitgeschickte", "mitgeschickten", "adjuntada", "adjuntado",
)  # fmt: skip

# garments and accessories: 'a woman in a yellow raincoat' wears them
CLOTHING = (
    "coat", "raincoat", "trenchcoat", "jacket", "blazer", "suit", "dress", "gown", "skirt",
    "shirt", "t-shirt", "blouse", "sweater", "jumper", "pullover", "turtleneck", "hoodie",
    "cardigan", "jeans", "denim", "trousers", "pants", "shorts", "overalls", "uniform",
    "kimono", "sari", "hat", "cap", "scarf", "boots", "sneakers", "heels", "sportswear",
    "tracksuit", "leather", "linen", "wool", "silk", "tuxedo", "apron",
    "mantel", "wollmantel", "regenmantel", "jacke", "lederjacke", "sakko", "anzug", "kleid",
    "rock", "hemd", "bluse", "pullover", "rollkragenpullover", "strickpullover", "hose",
    "jeans", "trenchcoat", "hut", "mütze", "schal", "stiefel", "sportkleidung", "kleidung",
    "tracht", "dirndl", "uniform",
    "abrigo", "chaqueta", "cazadora", "americana", "traje", "vestido", "falda", "camisa",
    "blusa", "jersey", "sudadera", "pantalón", "pantalones", "vaqueros", "sombrero", "gorra",
    "bufanda", "botas", "zapatillas", "chándal", "blazer", "gabardina", "camiseta",
)  # fmt: skip

# how a picture looks rather than what it shows: light, colour, finish, camera, mood, and
# instructions about text. A fragment made only of these ('warm faded colours', 'bright
# studio', 'sauberes Produktfoto', 'estética de risografía', 'no text') is never the subject.
# Stems: a word matches when it starts with one and adds at most four letters.
LOOK_STEMS = (
    # English
    "light", "lit", "lighting", "colour", "color", "tone", "palette", "hue", "shade", "warm",
    "cool", "cold", "soft", "hard", "bright", "dark", "dim", "moody", "mood", "faded", "muted",
    "vivid", "pastel", "saturat", "desaturat", "contrast", "grain", "grainy", "matte", "gloss",
    "sharp", "blur", "bokeh", "dramatic", "cinematic", "filmic", "clean", "minimal", "simple",
    "elegant", "premium", "luxur", "modern", "playful", "bold", "subtle", "natural", "aesthetic",
    "style", "look", "vibe", "feel", "studio", "sweep", "backdrop", "background", "seamless",
    "white", "black", "grey", "gray", "photo", "shot", "close", "closeup", "macro", "wide",
    "angle", "overhead", "top-down", "flat", "lay", "view", "framing", "composition", "focus",
    "depth", "field", "text", "texts", "logo", "lettering", "words", "copy", "space",
    "negative", "golden", "hour", "sunlit", "high", "low", "key", "riso", "risograph",
    "no", "without", "professional", "product", "concept", "visual", "realistic", "photoreal",
    # German
    "licht", "beleucht", "farb", "ton", "töne", "warm", "kalt", "kühl", "weich", "hell",
    "dunkel", "gedeckt", "kräftig", "kontrast", "körnig", "matt", "glänz", "scharf",
    "unscharf", "dramatisch", "filmisch", "sauber", "schlicht", "edel", "hochwertig",
    "modern", "verspielt", "natürlich", "ästhetik", "stil", "look", "stimmung", "hintergrund",
    "weiß", "schwarz", "grau", "foto", "aufnahme", "nahaufnahme", "perspektive", "ansicht",
    "vogelperspektive", "bildausschnitt", "komposition", "fokus", "tiefenschärfe", "text",
    "schrift", "kein", "keine", "ohne", "produktfoto", "produktbild", "freisteller",
    "professionell", "goldene", "stunde", "gegenlicht",
    # Spanish
    "luz", "luces", "ilumina", "color", "colores", "tono", "tonos", "paleta", "cálid",
    "frí", "suave", "brillante", "clar", "oscur", "apagad", "vivo", "vivos", "pastel",
    "saturad", "contraste", "grano", "mate", "nítid", "desenfoc", "dramátic", "cinematográf",
    "limpi", "minimal", "sencill", "elegante", "moderno", "moderna", "natural", "estética",
    "estilo", "aspecto", "ambiente", "fondo", "blanco", "blanca", "negro", "negra", "gris",
    "foto", "fotografía", "primer", "plano", "ángulo", "cenital", "vista", "perspectiva",
    "composición", "enfoque", "texto", "textos", "letras", "logo", "sin", "ningún",
    "profesional", "producto", "dorada", "risografía",
)  # fmt: skip
