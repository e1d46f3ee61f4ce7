"""Where an event happened: the place chosen from its own clause, sentence, then paragraph, then the dateline.

In order, the first that gives a place the gazetteer knows:

1. a place phrase of the event's own sentence, the one nearest the trigger in the parse first: after a
   locative preposition or bearing ("in the Black Sea resort of Sochi", "near Sosnivka, Kharkiv", "east of
   Town", "at Town (District, Province)"; for violent events also "on", and "from" the trigger itself), or a
   name with a bracketed region ("attacked Town village (District, Province)"). Phrases are read from the text
   with their qualifiers, so a town the small model tags as a person or misses, or a broken parse, still
   counts. Named places under a locative preposition in the parse count too ("attack on Istanbul's airport").
   A place in a country the article names or places things in beats a same-named city of another country;
2. the dateline when the sentence opens its paragraph ("NORMAN, Okla. - Officers found two men wounded");
3. the nearest locative place or dateline of the paragraph, earlier sentences first;
4. the article's dateline ("DENVER —", "LEXINGTON, Ky. (AP) -" in its first paragraphs): the reporter's
   statement of where the story is, so it covers the paragraphs that follow, until the article names a
   place in another country before the event (the story has moved abroad);
5. the article's home (its title's place or first local force), then, for a current violent event, the one US
   state of a story that names no other country and no place in another state (``PlaceIndex.story_state``).

A current event's county or state is then the one town of that state the story places things in (``PlaceIndex.town_of``:
"GRANITE FALLS, N.C. - ... in Caldwell County" is Granite Falls), and a neighbourhood is its city
(``PlaceIndex.city_of``: "CHICAGO — ... in Lincoln Park" is Chicago).
None otherwise: never a guess from an arbitrary place elsewhere in the article. Names shared by several
places resolve toward the countries and US states the article names ("Odessa" in a story about Ukraine is
Odesa, not Odessa, Texas; "Springfield" in a story that names Illinois is Springfield, Illinois); see
``processors.gazetteer.locate`` for qualifiers and towns, and docs/extract-format.md ("Location").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from processors.entity_spans import PLACE_LABELS
from processors.event_dates import accusation_of
from processors.gazetteer import (
    admin1_iso3,
    city_population,
    city_reach_km,
    country_iso3,
    county_name,
    county_states,
    distance_km,
    find_place,
    town_in_county,
    us_state,
    us_town_states,
    zip_town,
)
from processors.gazetteer_data import (
    ADMIN_WORDS,
    CITY_WORDS,
    STREET_WORDS,
    city_candidates,
    fold,
    spelled_out,
    towns_named,
    us_counties,
)
from processors.gazetteer_phrases import WASHINGTON_DC, WELL_KNOWN_CITY, anchor_country, locate, names_region
from processors.paragraphs import PARAGRAPH_BREAK, doc_text
from processors.publisher import address_state, publisher_place
from processors.types import EntityMention, Location

LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "into"}
)
LOCATION_PATH_DEPS = frozenset({"compound", "pobj", "prep", "appos", "poss", "nmod", "conj", "amod", "npadvmod"})

# ---- place phrases, read from the text -----------------------------------------------------------------
# A name: capitalised words, with the particles of place names between them ('Sao Jose do Norte',
# 'Nahr al Bared', 'Stratford-upon-Avon'); never a weekday or month ('in Seattle Tuesday').
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)
_WORD = rf"(?:(?:al|el|ad|ar|as|an|ash|at|az)[-\s])?(?!{_CALENDAR})[A-Z][\w'’.]*(?:-[\w'’.]+)*"
_PARTICLE = r"(?:de|del|do|da|das|dos|di|du|al|el|ad|ar|as|an|ash|at|az|bin|ibn|la|le|les|y|e|of|upon|en|sur)"
# The gap between the words of a name: never a blank line (a paragraph's last word is no part of the next one's
# first name: 'on Ambler Avenue.\n\nRocky Mount police'), nor after a word that ends a sentence ('Avenue.'); an
# abbreviation ('St.', 'Ave.', 'U.S.') goes on.
_GAP = r"(?<![a-z]{3}\.)(?:[^\S\n]+\n?|\n)[^\S\n]*"
_NAME = rf"{_WORD}(?:{_GAP}(?:{_PARTICLE}{_GAP}){{0,2}}{_WORD}){{0,5}}"
# A level word after a name ('Ranipur town', 'Kupwara district'): part of the name for the gazetteer.
_LEVEL = (
    r"(?:village|town|city|area|district|province|state|county|governorate|region|municipality|township"
    r"|commune|department|sub-district|subdistrict|neighbou?rhood|locality|oblast|parish|countryside|outskirts"
    r"|upazila|taluka?|tehsil|LGA|regency|sector|block|community|barangay|quarter|centre|center)"
)
# the level words the gazetteer reads ('Helmand province', 'Lahore city'); others ('area', 'countryside') go
GAZETTEER_LEVELS = frozenset({*ADMIN_WORDS, *CITY_WORDS})
# 'in northern Syria', 'in rural Idlib', 'in southwest Omaha'
_SIDE = (
    r"(?:(?:north|south)(?:east|west)?(?:ern)?|east(?:ern)?|west(?:ern)?|central|rural|downtown|suburban|"
    r"north-(?:east|west)(?:ern)?|south-(?:east|west)(?:ern)?)"
)
# 'in the (nearby) village of X', 'in the vicinity of X', 'on the outskirts of X'
_OF_NOUN = (
    r"(?:town|village|city|area|vicinity|outskirts|district|province|region|governorate|county|state"
    r"|municipality|suburbs?|neighbou?rhood|countryside|island|port|capital|countryside|locality)"
)
# What places the name: '(District, Province)', ', State', ', Municipality (Province)', ' of District (Province)'
# ('in X area of Y district (Z)'); a word between the name and a bracket is dropped ('at the Kandahar airbase
# (Region)').
_QUALIFIERS = (
    rf"(?:\s+of\s+(?P<owner>{_NAME})(?:\s+{_LEVEL}\b)?)?"
    rf"(?P<commas>(?:\s*,\s*{_NAME}(?:\s+{_LEVEL}\b)?){{1,3}})?(?:(?:\s+[a-z]+)?\s*\((?P<bracket>[^()]{{1,100}})\))?"
)


def _phrase_pattern(preps: Iterable[str]) -> re.Pattern:
    """A locative preposition, an optional 'the (nearby) village of', a name, a level word, qualifiers."""
    return re.compile(
        rf"\b(?P<prep>(?i:{'|'.join(sorted(preps))}))\s+(?:(?:the|a|an)\s+)?(?:(?:[a-z]+\s+){{0,2}}{_OF_NOUN}\s+of\s+(?:the\s+)?)?"
        rf"(?:{_SIDE}\s+)?(?P<head>{_NAME})(?P<level>(?:\s+{_LEVEL}\b){{1,2}})?{_QUALIFIERS}"
    )


# 'east of Town', 'in areas south of Town', 'north-west of Town': near it
_BEARING_OF = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?:\s+part)?\s+of"
# 'on' and 'from' place violent events only ('attack on Town', 'abducted two men from Town'): see _phrases_for
PLACE_PHRASE = _phrase_pattern([*LOCATIVE_PREPS, _BEARING_OF, "on", "from"])
# a title's place: after a locative preposition ('4 shot in Millbrook', 'Shooting on Millbrook's east side')
TITLE_PHRASE = _phrase_pattern([*LOCATIVE_PREPS, "on"])
# 'attacked Natuco village (District, Province)': a bracketed qualifier marks a place without a preposition
BRACKETED_PLACE = re.compile(
    rf"(?P<prep>)(?P<head>{_NAME})(?P<level>\s+{_LEVEL}\b)?(?P<owner>)(?:\s+[a-z]+){{0,2}}\s*\((?P<bracket>[^()]{{1,100}})\)(?P<commas>)"
)
# facilities named after their town: 'Kandahar Airport', 'Kabul University'
FACILITY_WORDS = frozenset(
    {"airport", "airbase", "base", "hospital", "university", "square", "market", "bridge", "port", "prison",
     "camp", "checkpoint", "stadium", "station", "highway", "mosque", "church", "refinery", "dam", "barracks"}
)  # fmt: skip
# 'DENVER —', 'LEXINGTON, Ky. (AP) -', 'Lexington, Ky. —', 'BOSTON (AP) —' at the start of a paragraph
DATELINE = re.compile(
    r"\s*(?P<head>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?:,\s*(?P<qualifier>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}))?"
    r"\s*(?P<source>\([^()\n]{1,40}\))?\s*(?:(?:—|–|--|-|\||:)\s|[—–](?=[A-Z]))"  # 'LEBANON, Pa.–A 15-year-old'
)
# 'Rocky Mount police', 'the Killeen Police Department', 'Maricopa County Sheriff's Office': a local force is
# named after the town or county it serves, and a local story's incident happened there
LOCAL_FORCE = re.compile(
    rf"(?P<head>{_NAME})(?<![a-z]{{3}}\.)[^\S\n]+(?P<force>[Pp]olice|PD\b|[Ss]heriff|[Ss]heriff['’]s|[Dd]eputies|[Mm]arshals?['’]?s?\s+[Oo]ffice)\b"
)
# The initials of a big city's police that stories write alone ('LAPD Capt. ...', 'LMPD said'): (city, state). Only
# initials one city's force goes by: 'DPD' is Detroit's, Dallas's and Denver's, 'HPD' Houston's and Honolulu's.
FORCE_INITIALS = {
    "NYPD": ("New York City", "New York"), "LAPD": ("Los Angeles", "California"),
    "NOPD": ("New Orleans", "Louisiana"), "SFPD": ("San Francisco", "California"),
    "IMPD": ("Indianapolis", "Indiana"), "LMPD": ("Louisville", "Kentucky"), "KCPD": ("Kansas City", "Missouri"),
    "CMPD": ("Charlotte", "North Carolina"), "SLMPD": ("St. Louis", "Missouri"), "LVMPD": ("Las Vegas", "Nevada"),
    "MNPD": ("Nashville", "Tennessee"),
}
# the initials as a force's name, with no force word after them (the ``force`` group matches nothing)
FORCE_BY_INITIALS = re.compile(rf"\b(?P<head>{'|'.join(FORCE_INITIALS)})(?P<force>)\b")
# a joint city-county force's name: 'Savannah-Chatham', 'Athens-Clarke', 'Charlotte-Mecklenburg'
JOINT_FORCE = re.compile(r"[A-Z][a-z]+-[A-Z][a-z]+")
# the fields of a press release or page ('DATE: September 15'), which the dateline's shape also matches
FIELD_LABELS = frozenset({"DATE", "TIME", "SUBJECT", "LOCATION", "CONTACT", "UPDATE", "UPDATED", "POSTED", "SOURCE",
                          "RELEASE", "PHOTO", "VIDEO", "WATCH", "BREAKING", "MEDIA", "RE", "FROM", "TO"})
# a reporter's credit, which places the reporter, not the story
CREDIT_LINE = re.compile(
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|^\s*\(?Additional reporting by\b",
    re.IGNORECASE | re.MULTILINE)
# a nationality word used as a language (``PlaceIndex._language``)
SPOKEN_BEFORE = re.compile(r"\b(?:speaks?|spoke|speaking|fluent in|translated (?:from|into))\s+$", re.IGNORECASE)
IN_BEFORE = re.compile(r"\b(?:in|into)\s+$", re.IGNORECASE)
CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\"”]|and\s|or\s|$)")
LANGUAGE_AFTER = re.compile(r"(?:-|\s)(?:speaking|speakers?|language|translators?|interpreters?|subtitles)\b")
# what every ``LOCAL_FORCE`` match contains: its force word
FORCE_WORD = re.compile(r"[Pp]olice|PD|[Ss]heriff|[Dd]eputies|[Mm]arshal")
# a town that gives a bearing, not the place: 'three hours east of El Paso', 'south of Mooresville'
BEARING_BEFORE = re.compile(
    r"\b(?:north|south|east|west)(?:east|west)?\s+of\s+(?:the\s+)?(?:downtown\s+|central\s+)?$", re.IGNORECASE
)
# a county's name, not a town's: 'Pasco' and 'Hernando' in 'in Pasco and Hernando counties'
COUNTY_AFTER = re.compile(
    r"(?:,?\s+(?:and|or)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)?\s+(?:[Cc]ount(?:y|ies)|[Pp]arish(?:es)?)\b"
)
# a township's force ('Spring Township police'): the gazetteer knows towns, not townships
TOWNSHIP = re.compile(r"\bTownship$")
# words a local force's name may start with that are no part of the town ('The', 'State' in 'Ohio State Police')
_FORCE_NOISE_BEFORE = re.compile(r"^(?:The|A|An|According to|Said|Says)\s+", re.IGNORECASE)
_FORCE_NOISE_AFTER = re.compile(r"\s+(?:State|Metro|Metropolitan|City|Township|Tribal|Transit|Capitol|Park)$")
# a title names the town of its story before the person or thing it is about ('Columbus teen killed',
# 'Tonopah man shot', "Evansville bar")
TITLE_PEOPLE = ("man|men|woman|women|male|female|teen|teenager|boy|girl|child|toddler|baby|infant|kid|youth|father|"
                "mother|dad|mom|son|daughter|husband|wife|couple|family|resident|student|officer|deputy|trooper|"
                "attorney|lawyer|doctor|nurse|teacher|coach|pastor|player|firefighter|veteran")
TITLE_TOWN = re.compile(
    rf"(?P<head>{_NAME})(?:['’]s)?\s+(?P<noun>{TITLE_PEOPLE}|police|shooting|gunfire|shootout|stabbing|"
    r"drive-by|homicide|murder|slaying|bar|nightclub|club|home|apartment|store|park|school|church|"
    r"neighborhood|neighbourhood)s?\b"
)
# the nouns after which a title's town is where a person is from ('Eastvale girl'), not where it happened
TITLE_PERSON = re.compile(rf"(?:{TITLE_PEOPLE})s?", re.IGNORECASE)
# the incident a title in capitals names after its town ('Teen Killed in St. Paul Shooting')
TITLE_INCIDENT_WORDS = frozenset({"shooting", "shootings", "stabbing", "homicide", "murder", "killing", "slaying",
                                  "standoff", "robbery", "attack", "crash"})
# street words that are no town's name alone ('Way', 'Court' or 'Pike' may be)
LONE_STREET_WORDS = frozenset({"street", "avenue", "road", "boulevard", "drive", "lane"})
STREET_SIDES = frozenset({"nw", "ne", "sw", "se", "n", "s", "e", "w", "north", "south", "east", "west"})
# 'Riley County', 'Highland County Sheriff', 'DeSoto County', 'Rutherford Co.': a US county in the text or title
COUNTY_NAME = re.compile(
    r"\b(?!(?:The|A|An|In|At|Of|For|From|By|On)\s)((?:(?:St|Ste)\.\s|Saint\s)?[A-Z][a-z]*[A-Z]?[a-z]+(?:\s[A-Z][a-z]*[A-Z]?[a-z]+)?(?:['’]s)?)\s+(?:County\b|Co\.)")
# the words of a state agency's name ('Kentucky State Police', 'Alabama Law Enforcement Agency'), not of a
# newspaper's ('The Washington Post')
STATE_AGENCY = re.compile(r"\b(?:Police|Patrol|Troopers?|Department|Agency|Bureau|Sheriff|Attorney|Court)\b")
# idioms of American local crime news; a story that names no country and uses two of them is a US story
# 'deputies' alone is also what some parliaments call their members: one idiom of two, never enough by itself
DEPUTIES = re.compile(r"\b[Dd]eputies\b")
US_LOCAL_MARKERS = (
    re.compile(r"\b[Ss]heriff['’]s (?:Office|Department|deputies)\b"),
    DEPUTIES,
    re.compile(r"\bPolice Department\b"),
    re.compile(r"\b\d+\s+block of\b"),
    re.compile(r"\b911\b"),
    re.compile(r"\bCounty (?:Jail|Detention Center|Coroner|Medical Examiner|Prosecutor|Attorney)\b"),
    # a Louisiana parish's offices, as a county's ('the Orleans Parish Coroner')
    re.compile(r"\bParish (?:Jail|Detention Center|Coroner|Medical Examiner|Prosecutor|Attorney|Sheriff)\b"),
    re.compile(r"\$\d[\d,]* (?:bond|bail)\b"),  # 'released from jail on a $30,000 bond'
    re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}-\d{4}\b"),  # a North American phone number: 'call 706-236-5000'
)
# What every match of each of ``US_LOCAL_MARKERS`` contains, in their order: a text without it needs no search (the
# patterns start with a word boundary, from which the regex engine cannot skip ahead to a likely start).
_MARKER_WORDS = ("heriff", "eputies", "Police Department", "block of", "911", "County ", "Parish ", "$", "-")
# a county name shared by more states than this says too little about where a story is
COUNTY_STATES_MAX = 3
# a state a title names after a preposition of place: 'Baby Shot in Face in California', 'Shooting in New Mexico'
TITLE_STATE = re.compile(r"\b(?:in|of|from|near|outside|across)\s+(?P<state>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# a title's 'Town, ST' or 'Town, State', as local outlets end their titles ('... - WMC Action News 5 - Memphis,
# Tennessee', '... | Jackson, MS'): the outlet's state
TITLE_TOWN_STATE = re.compile(r"\b[A-Z][\w.]*(?:\s[A-Z][\w.]*)?,\s*([A-Z]{2}\b|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# 'near the Oregon border', 'at the Kansas state line': the edge of that place, on either side of it
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "line"})
# 'near Lynn and Michigan streets': names of streets, the first one's word left out
STREETS_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)?)?\s+(?i:streets|avenues|roads|drives|boulevards|lanes)\b"
)
# 'at Seventh Street and Broadway': the second name of a crossing is a street too
STREET_BEFORE = re.compile(r"\b(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane)\s+(?:and|&)\s+$")
# the words before a town a story places something in ('a home in Lowry City', 'of Lowry City')
TOWN_PREP_BEFORE = re.compile(r"\b(?:in|of|from)\s+$")
# a dateline that names its outlet: 'MINNEAPOLIS (WCCO) –', 'DENVER (AP) —'
OUTLET_DATELINE = re.compile(r"[^\n()]{2,60}?\([A-Za-z0-9][^()\n]{0,20}\)\s*[-–—:]")
# what the text calls a part of a town ('the California neighborhood', 'the Kensington section')
PART_OF_TOWN_WORDS = frozenset({"neighborhood", "neighbourhood", "section"})
PART_OF_TOWN_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(PART_OF_TOWN_WORDS))})\b")
# 'near the intersection of Prescott and Gollihar', 'at the corner of Main and Elm': both names are streets
CROSSING_BEFORE = re.compile(r"\b(?:intersection|corner)\s+of\s+(?:[A-Z][\w.'’]*\s+){0,3}?(?:(?:and|&)\s+)?$")
# a numbered road after a name: 'US Hwy 92', 'Texas Highway 71', 'U.S. Route 1' name a road, not where it is
ROAD_NUMBER = re.compile(r"\s+(?:Hwy|Highway|Route|Rte|Interstate)\.?\s+\d")
# 'U.S. 76', 'US 1': a US highway ('U.S. Route 1' is ``ROAD_NUMBER``'s)
US_NAME = re.compile(r"U\.?S\.?")
NUMBER_AFTER = re.compile(r"\.?\s+\d{1,3}\b")
# where a victim was taken ('is in Jacksonville recovering', 'was flown to a hospital in Denver'), not the scene
AFTERMATH_VERBS = frozenset(
    "recover treat hospitalize transport airlift rush fly admit take undergo remain list".split()
)
# where a victim is treated, and the verbs that say a victim is or ends there, whatever the tense: 'is in critical
# condition at an Atlanta hospital', 'died at a medical center in Spokane'; 'shot at a hospital' has its trigger
CARE_NOUNS = frozenset({"hospital", "clinic", "infirmary", "hospice"})
# where a case is heard or a suspect held: its town is no place of the violence ('arraigned in District Court in X')
COURT_NOUNS = frozenset({"court", "courthouse", "courtroom", "jail"})
CARE_STATE_VERBS = frozenset("be die remain stay lie succumb pronounce release discharge".split())
# 'North Omaha', 'Northeast Denver': a part of a known place
COMPASS_PREFIX = re.compile(
    r"^(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|NE|NW|SE|SW|Central|Downtown|Greater)\s+",
    re.IGNORECASE,
)
# "Kabul's Karte Char district" is in Kabul; "Prince George's County" is a name
POSSESSIVE = re.compile(r"['’]s\s+(?!(?:County|Parish|Township|Island|Bay|Park|Creek|Point|Landing|Vineyard)\b)")
# How many sentences after an event a definite restatement of it ('the meeting in Sochi') may place it.
RESTATEMENT_REACH = 2
# a place is a neighbourhood of the story's city only if the city has this many times its people
NEIGHBOURHOOD_RATIO = 10
# a city most readers know by its name alone, whatever smaller town of the name a story's county would suggest
FAMOUS_CITY_PEOPLE = 250_000
# what a town of its own has and a neighbourhood has not: 'River Forest police', 'the city of Compton'
OWN_TOWN = r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Bb]orough) of {name}\b|\b{name}['’]?s? (?:[Pp]olice|PD\b|[Mm]ayor|City)"
# what the text calls a part of a city: 'in the Englewood neighborhood', 'the Elmwood section of Southwest Philly'
CALLED_NEIGHBOURHOOD = r"\b{name}\s+(?:[Nn]eighbou?rhood|[Ss]ection)\b"
# ... and the city it names as the whole: 'the Kensington section of Philadelphia', '... of Southwest Philadelphia'
PART_OF_CITY = (r"\b{name}\s+(?:[Nn]eighbou?rhood|[Ss]ection)\s+of\s+(?:(?:North|South|East|West)(?:east|west)?\s+)?"
                r"(?P<city>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,2}})")
# 'shot at Jackson' is the target, not the place; 'shot at a party in Jackson' has its place after 'in'
AIMED_AT = frozenset({"shoot", "fire", "throw", "hurl", "lob", "aim", "point", "look", "stare", "shout", "yell"})


@dataclass(frozen=True)
class PlacePhrase:
    prep_start: int
    start: int  # the head name's offsets
    end: int
    place: Location | None  # None: a name the gazetteer does not know ('in Colonia Las Flores Norte')
    phrase_end: int  # with its qualifiers
    prep: str = ""  # lower case; "" for a bracketed place


class PlaceIndex:
    """The place mentions of one parsed article, with the countries and states it names and its locative places."""

    def __init__(self, doc: Doc, mentions: Sequence[EntityMention], title: str | None = None,
                 url: str | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.mentions = tuple(mentions)
        self.title = title or ""
        self.url = url
        self.publisher = publisher_place(url)  # where the outlet is: 'chicagotribune.com' is Chicago's
        self._paragraph_places: dict[tuple[int, int], list[tuple[int, Location]]] = {}
        self._sentence_phrases: dict[tuple[int, int], list[PlacePhrase]] = {}
        self._mention_places: dict[tuple[int, int], Location | None] = {}
        # per-article memos: the results depend only on the place or name and this article's cached properties
        self._force_places_by_name: dict[tuple[str, bool], Location | None] = {}
        self._cities_of: dict[Location, Location] = {}
        self._towns_of: dict[tuple[Location, bool], Location] = {}
        # mention starts, for ``places_between`` to bisect when the mentions are in text order (as the entity
        # layers give them); None otherwise
        starts = [m.start for m in self.mentions]
        self._mention_starts = starts if starts == sorted(starts) else None

    def sentence_phrases(self, start: int, end: int) -> list[PlacePhrase]:
        """The place phrases of a sentence (violent events' 'on' and 'from' included), read once per sentence."""
        if (start, end) not in self._sentence_phrases:
            self._sentence_phrases[(start, end)] = _place_phrases(self, start, end)
        return self._sentence_phrases[(start, end)]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return [(sent.start_char, sent.end_char) for sent in self.doc.sents]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentences_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences (in text order) that start between ``start`` and ``end``: found by bisection, since every
        paragraph of a long article asks."""
        starts = self._sentence_starts
        return self.sentences[bisect_left(starts, start) : bisect_left(starts, end)]

    def mention_place(self, mention: EntityMention) -> Location | None:
        key = (mention.start, mention.end)
        if key not in self._mention_places:
            self._mention_places[key] = _gazetteer_place(mention, self)
        return self._mention_places[key]

    @cached_property
    def countries(self) -> frozenset[str]:
        """Countries the article itself names: country names, demonyms, first-level subdivisions, its dateline.
        Only used to choose between places of the same name ('Odessa' in an article about Ukraine)."""
        found = set()
        for mention in self.mentions:
            if mention.label in PLACE_LABELS and not self._part_of_town(mention):
                iso3 = country_iso3(mention.text)
                if iso3 and us_state(mention.text) and self._us_local_words:
                    iso3 = "USA"  # 'Georgia' in a story of the Rockdale County police is the state
                found.add(iso3 or self._region_country(mention.text))
            elif mention.label == "NORP" and mention.actor is not None and not self._language(mention):
                found.add(mention.actor.country)
            elif mention.label in {"ORG", "PERSON"} and self._in_place_list(mention):
                found.add(admin1_iso3(mention.text))  # "in Pesqueria, Nuevo Leon" with the state tagged PERSON
        if self.dateline is not None:
            found.add(self.dateline[1].country)
        found.discard(None)
        if self.hinted_states and found <= {"USA"}:
            found.add("USA")  # 'MANHATTAN - ... authorities in Riley County': a US story, though it names no country
        return frozenset(found) or frozenset(filter(None, [self._unnamed_home_country]))

    def _part_of_town(self, mention: EntityMention) -> bool:
        """The name of a state or country names a part of a town: 'the California neighborhood' of Louisville."""
        return PART_OF_TOWN_AFTER.match(self.text, mention.end) is not None

    def _language(self, mention: EntityMention) -> bool:
        """The nationality word names a language, which says nothing of where the story is ('In Spanish, he told
        the operator', 'she speaks Spanish', 'a Spanish-speaking officer', 'an Arabic interpreter')."""
        before, after = self.text[max(mention.start - 12, 0) : mention.start], self.text[mention.end : mention.end + 14]
        return bool(SPOKEN_BEFORE.search(before) or (IN_BEFORE.search(before) and CLAUSE_END.match(after))
                    or LANGUAGE_AFTER.match(after))

    @cached_property
    def _local_markers(self) -> tuple[re.Pattern, ...]:
        """The ``US_LOCAL_MARKERS`` the text uses, searched once: two properties read them. A marker is only
        searched for in a text that writes its word (``_MARKER_WORDS``)."""
        text = self.text
        return tuple(marker for marker, word in zip(US_LOCAL_MARKERS, _MARKER_WORDS, strict=True)
                     if word in text and marker.search(text))

    @cached_property
    def _unnamed_home_country(self) -> str | None:
        """The country of a story that names none: a US one by its local words, else its outlet's."""
        if len(self._local_markers) >= 2:
            return "USA"  # 'Naples Police Department', 'the 2700 block of': Naples, Florida, not Italy's
        return self.publisher.country if self.publisher is not None else None  # a local outlet's story is at home

    @cached_property
    def _us_local_words(self) -> bool:
        """The story's own words speak of a US locality: a US county or state agency that gives its state away, or
        one of the idioms of American local crime news (``US_LOCAL_MARKERS``); not its outlet's address."""
        return bool(self._stated_states) or any(marker is not DEPUTIES for marker in self._local_markers)

    @cached_property
    def _stated_states(self) -> frozenset[str]:
        """The states of the state agencies and counties the story names (``hinted_states``' first clues)."""
        agencies = [m.text.split() for m in self.mentions if m.label == "ORG" and STATE_AGENCY.search(m.text)]
        found = {us_state(" ".join(words[:n])) for words in agencies for n in (1, 2) if len(words) > n}
        for county, states in self._named_counties.items():
            found.update(states if len(states) <= COUNTY_STATES_MAX else self._state_of_towns_in(county, states))
        found.discard(None)
        return frozenset(found)

    def _state_of_towns_in(self, county: str, states: Sequence[str]) -> frozenset[str]:
        """Of the many states with a county of this name, the one where the towns the story names lie in it: 'in DeKalb
        County' and 'near a home in Lithonia' are Georgia's, of the six states with a DeKalb County. The county's
        own name ('DeKalb police') is no town of it; towns that point to two states tell none."""
        own = fold(county)
        towns = {m.text for m in self.mentions
                 if m.label in PLACE_LABELS and fold(m.text) not in {own, f"{own} county"}}
        found = {state for state in states for town in towns if town_in_county(town, state, f"{county} County")}
        return frozenset(found) if len(found) == 1 else frozenset()

    @cached_property
    def _named_counties(self) -> dict[str, tuple[str, ...]]:
        """The US counties the title and text name ('Rutherford Co. Sheriff', 'Anderson County Coroner'), as
        written, with the states that have a county of that name, in text order; read once for the three clues
        they give (``_stated_states``, ``_state_of_every_town``, ``_counties_named_in``)."""
        text = f"{self.title}\n{self.text}"
        found: dict[str, tuple[str, ...]] = {}
        # a county is written 'County' or 'Co.': a text with neither has none, and the pattern starts with a name
        for match in COUNTY_NAME.finditer(text) if "County" in text or "Co." in text else ():
            if states := _county_states(match.group(1)):
                found.setdefault(match.group(1), states)
        return found

    @cached_property
    def hinted_states(self) -> frozenset[str]:
        """US states a story without a named state still gives away: the state of a state agency it names
        ('Alabama Law Enforcement Agency', 'Kentucky State Police'), those that have the counties it names
        ('Riley County' is in Kansas only; 'Walker County' in Alabama, Georgia and Texas), else its title's
        'Town, ST' (a local outlet's town, which may cover a neighbouring state: the text's clues come first), else
        the state of the outlet's city or the state its address names ('nbcmontana.com'), else the state a folder
        of its address names (the outlet's section: 'globegazette.com/news/iowa/...').
        Only used to choose between US places of the same name."""
        found = set(self._stated_states)
        if not found:
            found = {us_state(match.group(1), postal=True) for match in TITLE_TOWN_STATE.finditer(self.title)}
            found.discard(None)
        if not found and self.publisher is not None and self.publisher.country == "USA":
            found = {self.publisher.admin1}  # the outlet's state: 'nbcmontana.com', 'chicagotribune.com'
        if not found and (section := address_state(self.url)) is not None:
            found = {section}  # the state of the outlet's section: 'globegazette.com/news/iowa/...'
        return frozenset(found)

    @cached_property
    def states(self) -> frozenset[str]:
        """US states the article names ('Kentucky', 'Ky.', 'Bartow County', a dateline's state), else the one state
        that has all its towns and counties (``_state_of_every_town``) if it is one of those the story gives away
        (``hinted_states``) or it gives none away, else those it gives away: for 'Springfield'."""
        found = set()
        for mention in self.mentions:
            if self._part_of_town(mention):
                continue
            if mention.label in PLACE_LABELS or self._in_place_list(mention):
                place = find_place(mention.text) if "USA" in self.countries else None
                found.add(us_state(mention.text) or (place.admin1 if place and place.precision == "admin1" else None))
        if self.dateline is not None and self.dateline[1].country == "USA":
            found.add(self.dateline[1].admin1)
        found.discard(None)
        if found:
            return frozenset(found)
        # of the states the story gives away, the one that has all its towns and counties ('Pickens County' is
        # Alabama's, Georgia's and South Carolina's; with 'near Clemson' South Carolina's)
        every = self._state_of_every_town
        if every is not None and (not self.hinted_states or every in self.hinted_states):
            return frozenset({every})
        return self.hinted_states

    @cached_property
    def anchors(self) -> frozenset[str]:
        """Countries the article places things in explicitly: the broadest qualifier of a place phrase
        ('Town (District, Province)', 'Town, Country') or a country or region named in one ('in Some Province')."""
        found = set()
        for match in PLACE_PHRASE.finditer(self.text):
            qualifiers = _qualifiers(match)
            found.add(self._region_country(qualifiers[-1], anchor_country) if qualifiers else None)
            found.add(self._region_country(_head_name(match), anchor_country))
        return frozenset(c for c in found if c)

    def _region_country(self, name: str, country_of: Callable[[str], str | None] = admin1_iso3) -> str | None:
        """The country a region's name gives as evidence (``country_of``), but none abroad in a story told in US
        local words: 'in Birmingham' in a story of the Montgomery Police Department is no evidence of England,
        nor 'a Northland home' in a story of the Kansas City Police Department of New Zealand. A story there
        names the country ('Helmand province of Afghanistan'). A US dateline says so too ('GLADSTONE, Mo. --')."""
        iso3 = country_of(name)
        if iso3 in {None, "USA"}:
            return iso3
        return None if self._us_local_story else iso3

    @cached_property
    def _us_local_story(self) -> bool:
        """Told in US local words (``_us_local_words``) or datelined in a US town with its state ('GLADSTONE, Mo.
        --'); 'WASHINGTON (AP) --' opens national and foreign news too."""
        if self._us_local_words:
            return True
        if self.dateline is None or self.dateline[1].country != "USA":
            return False
        match = DATELINE.match(self.text, self.dateline[0], self.dateline[0] + 120)
        return match is not None and match.group("qualifier") is not None

    def _in_place_list(self, mention: EntityMention) -> bool:
        """'Town, Region' or 'Town (Region)': a name after a comma or bracket that follows another name."""
        before = self.text[max(mention.start - 2, 0) : mention.start].strip()
        return mention.actor is None and before in {",", "("}

    def places_between(self, start: int, end: int) -> list[EntityMention]:
        starts = self._mention_starts
        if starts is None:
            return [m for m in self.mentions if start <= m.start < end]
        # read per sentence and paragraph: a scan of every mention each time grows with the article's square
        return list(self.mentions[bisect_left(starts, start) : bisect_left(starts, end)])

    def named_as_place(self, start: int, end: int) -> bool:
        """The model tagged (part of) this name as a place."""
        return any(m.label in PLACE_LABELS and m.start < end and start < m.end for m in self.mentions)

    def paragraph_places(self, paragraph: tuple[int, int]) -> list[tuple[int, Location]]:
        """Locative places of a paragraph, computed once per paragraph (long articles have hundreds of events)."""
        if paragraph not in self._paragraph_places:
            self._paragraph_places[paragraph] = _locative_places(self, paragraph)
        return self._paragraph_places[paragraph]

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where each paragraph starts: after each line break (``processors.paragraphs.PARAGRAPH_BREAK``)."""
        return [0, *(match.end() for match in PARAGRAPH_BREAK.finditer(self.text))]

    @cached_property
    def dateline(self) -> tuple[int, Location] | None:
        """(offset, place) of the article's dateline: one of its first three paragraphs opening with one."""
        for start in self.paragraph_starts[:3]:
            place = self.dateline_at(start)
            if place is not None:
                return start, place
        return None

    def as_dateline(self, name: str) -> Location | None:
        """The dateline's place, for a name that is the dateline's town: in a story datelined 'LEBANON, Pa.',
        'in Lebanon' is that town, not the country."""
        if self.dateline is None or self.dateline[1].precision != "city":
            return None
        return self.dateline[1] if fold(_clean_name(name)) == fold(self.dateline[1].name) else None

    def dateline_at(self, paragraph_start: int) -> Location | None:
        match = DATELINE.match(self.text, paragraph_start, paragraph_start + 120)
        if match is None:
            return None
        head, qualifier = match.group("head"), match.group("qualifier")
        if not (head.isupper() or qualifier or match.group("source")):
            return None  # 'Police said - ' is no dateline; 'DENVER -' and 'Lexington, Ky. -' are
        if match.group().rstrip().endswith(":") and not (qualifier or match.group("source")) and (
                re.search(rf"\b{re.escape(head.lower())}\b", self.text)):
            return None  # 'POLICE: Quadruple homicide' (the story says 'police' too) is a kicker; 'MULTAN:' is not
        if head.upper() in FIELD_LABELS and not qualifier:
            return None  # 'DATE: September 15, 2016' heads a press release's field, it is no town (Date, Japan)
        if head.upper() == "WASHINGTON" and not qualifier:
            return WASHINGTON_DC  # a dateline 'WASHINGTON —' is the capital (wire convention), not the state
        # a dateline without its state is read in the states the story gives away ('MANHATTAN -' of Riley County)
        hinted = self.hinted_states if not qualifier else frozenset()
        # and one told in US local words is read at home: 'LIMA -' over a story of the Allen County Jail
        countries = {"USA"} if hinted or (not qualifier and self._us_local_words) else ()
        if qualifier and (state := us_state(qualifier, postal=True)):
            qualifier = state  # 'BIRMINGHAM, Ala (WIAT):' without the abbreviation's full stop
        elif qualifier and len(states := us_counties().get(fold(qualifier), ())) == 1:
            qualifier = states[0]  # 'ALTURAS, Modoc County (KPIX 5) -': the county's state
        name = head.title() if head.isupper() else head
        # the dateline's shape says it names a place, as the model's place label would (the model reads
        # 'FORT VALLEY' in capitals as anything but), so a town of that name counts
        place = locate(name, [qualifier] if qualifier else [], countries, hinted, True)
        if place is not None and not qualifier and not hinted:
            return self._part_of_policed_city(name, place) or place
        return place

    def _part_of_policed_city(self, name: str, place: Location) -> Location | None:
        """A dateline without its state, read as a US town of another state than the big city whose police the
        story quotes ('ROSELAND —' over 'Chicago Police Supt. Eddie Johnson said'): a local site's dateline names
        the part of the city it covers, not the largest town of that name elsewhere (Roseland, California). The
        town of that name in the city's state, if it has one; else the city."""
        if place.country != "USA" or place.precision != "city":
            return None
        for match in self._local_forces:
            town = _force_town(match.group("head"))
            if not town or not match.group("force").lower().startswith("police"):
                continue
            city = find_place(town)
            if city is None or city.country != "USA" or city.precision != "city" or city.admin1 == place.admin1 \
                    or city_population(city) < FAMOUS_CITY_PEOPLE:
                continue
            there = locate(name, (), frozenset({"USA"}), frozenset({city.admin1}), True)
            return there if there is not None and there.admin1 == city.admin1 else city
        return None

    @cached_property
    def _article_places(self) -> tuple[list[int], list[Location]]:
        """Every locative place of the article in text order (for the dateline's reach)."""
        found: list[tuple[int, Location]] = []
        starts = self.paragraph_starts
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(self.text)
            found.extend(self.paragraph_places((start, end)))
        found.sort(key=lambda item: item[0])
        return [offset for offset, _ in found], [place for _, place in found]

    @cached_property
    def home_state(self) -> str | None:
        """The US state a local story is in: its dateline's, else its first local force's ('Chicago police
        said': then 'the Englewood neighborhood' is Chicago's, not Englewood, Colorado), else the state most
        of its named places are in (at least two, more than any other), counting the state names themselves, else
        the one state it gives away (``hinted_states``). A name is counted in that state when it has a town of that
        name: 'Englewood' twice in a Chicago paper's story is Chicago's Englewood, not Englewood, Colorado."""
        if self.dateline is not None:
            home = self.dateline[1]
            return home.admin1 if home.country == "USA" else None
        force = self._first_force_town
        if force is not None:
            return force.admin1 if force.country == "USA" else None
        counts: dict[str, int] = {}
        for mention in self.mentions:
            if mention.label in PLACE_LABELS:
                place = self._hinted_town(mention.text) or find_place(mention.text)
                if place is not None and place.country == "USA" and place.admin1:
                    counts[place.admin1] = counts.get(place.admin1, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[1] == ranked[0]):
            # else the one state the story gives away: 'in North Baltimore' in the Baltimore Sun is the city's part,
            # not North Baltimore, Ohio; not when the story names another ('Baby Shot in Face in California')
            if len(self.hinted_states) != 1 or not self.named_states <= self.hinted_states:
                return self._state_of_every_town
            return next(iter(self.hinted_states))
        return max(counts, key=counts.__getitem__)

    @cached_property
    def _state_of_every_town(self) -> str | None:
        """The US state that has a town of each of the two or more US town and county names the story places
        things in: 'a Kensington rowhouse' and 'a violent weekend in Philadelphia' are both Pennsylvania's (six
        states have a Kensington, the largest in New York); 'Anderson County Coroner', 'near Sandy Springs' and 'of
        Anderson' are South Carolina's. Of several such states, the state of the largest city the names read as by
        themselves, else none."""
        towns = {m.text: place for m in self.mentions if m.label in PLACE_LABELS
                 and (place := find_place(m.text)) is not None and place.country == "USA" and place.precision == "city"}
        # towns of a few hundred people only the ZIP code list knows ('in Lowry City' with 'St. Clair County deputies':
        # Missouri's, of the four states with a St. Clair County)
        # (after 'in', 'of' or 'from': 'near Craig and Lamb' names a crossing of streets, and Craig, Missouri is none)
        small = {m.text for m in self.mentions if m.label == "GPE" and m.text not in towns and m.text[:1].isupper()
                 and TOWN_PREP_BEFORE.search(self.text, max(0, m.start - 6), m.start)
                 and not STREET_WORDS & set(fold(m.text).split()) and find_place(m.text) is None
                 and us_town_states(m.text)}
        counties = {fold(name): states for name, states in self._named_counties.items()}
        if not (towns or small) or len(towns) + len(small) + len(counties) < 2:
            return None
        common = frozenset.intersection(*(us_town_states(name) for name in [*towns, *small]),
                                        *map(frozenset, counties.values()))
        # of several (New York has a Philadelphia too), the state of the largest city the names are read as
        read_there = [place for place in towns.values() if place.admin1 in common]
        if read_there:
            return max(read_there, key=city_population).admin1
        # else the one state that has them all, when the story names a county (a strong clue: 'Anderson County' with
        # 'near Sandy Springs', a South Carolina community, not Georgia's city) and no city a reader knows by its
        # name alone ('a student was shot dead in Memphis' by 'a Desoto County Schools spokesman' is Tennessee's)
        famous = any(city_population(place) >= FAMOUS_CITY_PEOPLE for place in towns.values())
        return next(iter(common)) if counties and len(common) == 1 and not famous else None

    def _hinted_town(self, name: str, named: bool = False) -> Location | None:
        """The town of this name in the one state the story gives away (``hinted_states``), if it has one. Not
        among several ('Gilmer County' is in Georgia and West Virginia: which state's Troy is unknown).
        ``named``: in the one state the story names or gives away (``states``), down to the towns of a few hundred
        people only the ZIP code list knows (a title's town: 'Stringtown man killed'); not for the names the text
        places things in, whose states say which state the story is in (``home_state``)."""
        states = self.states if named else self.hinted_states
        if "," in name or len(states) != 1:
            return None  # 'Aurora, Colo.' says its state
        (state,) = states
        # the gazetteer's smaller towns too: 'Kensington' in a story of a Philadelphia outlet is the part of
        # Philadelphia, not the larger Kensington, New York
        place = locate(name, (), frozenset({"USA"}), frozenset({state}), True)
        if place is not None and place.precision == "city" and place.admin1 == state:
            return place
        return zip_town(name, state) if named and name[:1].isupper() else None

    @cached_property
    def story_cities(self) -> list[tuple[int, Location]]:
        """(people, city) for the cities a story is from or names as places: its dateline's, the town of its city
        police ('Chicago police said'; a sheriff serves a county: 'the Los Angeles Sheriff's Department' is no
        city's), and the cities the model tags as places ('in Chicago's Gage Park'); the most populous first."""
        found = [self.dateline[1]] if self.dateline is not None else []
        for match in self._local_forces:
            if match.group("force").lower().startswith("police") or match.group("force") in {"PD", ""}:
                found.append(self._force_place(match.group("head")))
        found += [self.mention_place(m) for m in self.mentions if m.label in PLACE_LABELS]
        cities = {place for place in found if place is not None and place.precision == "city" and place.lat is not None}
        return sorted(((city_population(city), city) for city in cities), key=lambda item: -item[0])

    def city_of(self, place: Location) -> Location:
        """``_city_of``, read once per place and article: an article's events share few places, and each reading
        matches the place's name over the whole text."""
        if place not in self._cities_of:
            self._cities_of[place] = self._city_of(place)
        return self._cities_of[place]

    def _city_of(self, place: Location) -> Location:
        """The city a place is a neighbourhood of: in a story from Chicago, 'in Gage Park' happened in Chicago,
        and a consumer counting events by city wants Chicago. The text may say so ('the Kensington section of
        Philadelphia'); else the city is one the story is from or names (``story_cities``; the outlet's city too
        for a place the text calls a neighbourhood or section), in the place's state; the place lies within its
        reach (``city_reach_km``) and the city has ``NEIGHBOURHOOD_RATIO`` times its people. A place with a
        police, mayor or council of its own, or called 'the city of', is a town of its own ('River Forest police'
        in a story of the Chicago police)."""
        if place.precision != "city" or place.lat is None or place.country != "USA":
            return place
        name = re.escape(place.name)
        # each pattern below holds the name as written: a text without it matches none (spares compiling them)
        written = place.name in self.text
        for match in re.finditer(PART_OF_CITY.format(name=name), self.text) if written else ():
            whole = find_place(match.group("city"), {place.country})
            if whole is not None and whole.precision == "city" and whole.country == place.country:
                return whole  # the text says which city it is part of, whatever same-named place the name read
        cities = self.story_cities
        publisher = self._publisher_city
        called = written and re.search(CALLED_NEIGHBOURHOOD.format(name=name), self.text) is not None
        if publisher is not None and called:
            # 'the Englewood neighborhood' told by abc7chicago.com, a story that never names Chicago
            cities = sorted({*cities, (city_population(publisher), publisher)}, key=lambda item: -item[0])
        people = city_population(place)
        for population, city in cities:
            if population < NEIGHBOURHOOD_RATIO * max(people, 1):
                break
            # what the text calls a neighbourhood is the story's city's, however far the same-named town the
            # gazetteer read lies ('a Washington Park neighborhood gas station' in Chicago, not the Washington Park
            # near St. Louis)
            if city.admin1 == place.admin1 and (called or distance_km(place, city) <= city_reach_km(population)):
                own_town = written and re.search(OWN_TOWN.format(name=name), self.text)
                return place if own_town else city
        return place

    def town_of(self, place: Location, states: bool = True) -> Location:
        """``_town_of``, read once per place and article (as ``city_of``)."""
        key = (place, states)
        if key not in self._towns_of:
            self._towns_of[key] = self._town_of(place, states)
        return self._towns_of[key]

    def _town_of(self, place: Location, states: bool = True) -> Location:
        """The town a county or state place is: a reader names the most specific place, and a story that places
        things in one town of the county's state ('GRANITE FALLS, N.C. - ... is underway in Caldwell County';
        'Gwinnett County police ... It happened on Appaloosa Trail in Norcross'; 'SAN ANGELO, Texas - ... shot at
        a mobile home in West Texas') tells it in that town. The gazetteer knows
        no county's towns, so a story naming two towns of the state leaves the county. A story whose text places
        things in no town of the state is told in its title's town ('4-year-old shot in St. Augustine' over '...
        deputies of the St. Johns County Sheriff's Office').
        ``states``: whether a state is read so too; only a local incident's is ('anti-war rallies in Illinois' in a
        story that names a Yorkville is no Yorkville rally).
        """
        if (not _is_county(place) and not (states and _is_state(place))) or place.admin1 is None:
            # a town the gazetteer does not know, placed in its state ('Edgeley, N.D.'), stays; so does a county
            # whose state the story does not tell ('Harris County', Texas's or Georgia's)
            return place
        if _is_state(place) and self.names_county_of(place):
            # 'HOUSTON - ... in southeastern Texas. It happened in Liberty County': the dateline's town may not be
            # in the county; a town the text places things in is
            datelines = {*self.paragraph_starts, *(self.dateline or (-1,))[:1]}
            stories = [town for offset, town in self._story_towns if offset not in datelines]
        else:
            stories = [town for _, town in self._story_towns]
        towns = {fold(town.name): town for town in stories
                 if town.country == place.country and town.admin1 == place.admin1 and not (
                     # the ZIP codes put it in another county: 'Pasco County Sheriff's Office' and 'in a Hernando
                     # case' (a court of Hernando County), not Hernando of Citrus County
                     _is_county(place) and town_in_county(town.name, town.admin1, place.name) is False)}
        if not towns and (title := self._title_place()) is not None and title.precision == "city" and (
                title.country, title.admin1) == (place.country, place.admin1) and not self._outside_named_county(title):
            # (not a town the ZIP codes put in another county: 'Whitehouse teen who died in hunting accident' over
            # a story of Webb County is where the teen was from)
            return title
        counties = self._counties_named_in(place.admin1) if not towns and states and _is_state(place) else []
        if len(counties) == 1:
            # 'Coroner identifies man accused of shooting Randolph Co. deputy - WBRC - Birmingham, AL': the one
            # county of the state the story names (eight states have a Randolph County; the outlet's has one)
            return counties[0]
        if not towns and states and _is_state(place) and not self._stated_states and not counties and (
                outlet := self._outlet_town) is not None and (outlet.country, outlet.admin1) == (
                place.country, place.admin1):
            # a local outlet's story that names no town of its state is told in the outlet's town: 'MPD: Child
            # injured after man shoots into stolen car - WMC Action News 5 - Memphis, Tennessee'; one that names
            # a county or a state agency ('a Randolph Co. deputy', 'State Trooper') covers the outlet's region
            return outlet
        return next(iter(towns.values())) if len(towns) == 1 else place

    def _counties_named_in(self, state: str) -> list[Location]:
        """The counties of this US state the title and text name ('Randolph Co.', 'Randolph County'), once each."""
        found: dict[str, Location] = {}
        for name, states in self._named_counties.items():
            if state in states:
                found.setdefault(fold(name), Location(name=f"{name} County", country="USA", admin1=state,
                                                      precision="admin1"))
        return list(found.values())

    def county_named(self, sentence: str) -> Location | None:
        """The US county the sentence, else the title, else the whole story names when it names one county only,
        when nothing else places its event ('... Smith County deputies said'; 'The Wyandotte County district attorney
        announced the charges' of a shooting the story places nowhere else). Of several states' counties of that
        name, the local outlet's state's ('Harris County' in a Houston station's story is Texas's, not Georgia's);
        with no outlet in one of them, without a state: where it happened, its state unknown, is still more than no
        place (a consumer counting by country, and the store matching reports, see a US event)."""
        if self.countries and "USA" not in self.countries:
            return None  # (a story that names no country at all: a county of a US county's name is in the US)
        outlet = self._outlet_town
        story = list(self._named_counties) if len(self._named_counties) == 1 else []
        names = [match.group(1) for text in (sentence, self.title)
                 for match in (COUNTY_NAME.finditer(text) if "County" in text else ())]
        for name in [*names, *story]:
            states = _county_states(name)
            if outlet is not None and outlet.country == "USA" and outlet.admin1 in states:
                states = (outlet.admin1,)
            elif len(told := [state for state in states if state in self.states]) == 1:
                states = tuple(told)  # the one of them the story names or gives away
            if states:
                return Location(name=f"{name} County", country="USA",
                                admin1=states[0] if len(states) == 1 else None, precision="admin1")
        return None

    def names_county_of(self, state: Location) -> bool:
        """The article places something in a county of the state ('It happened in Liberty County')."""
        return any(_is_county(p) and p.admin1 == state.admin1 for p in self._article_places[1])

    @cached_property
    def _outlet_town(self) -> Location | None:
        """The local outlet's town: its title's closing 'Town, ST' ('... - KTBS.com - Shreveport, LA News'), else the
        city its address names ('chicagotribune.com')."""
        for match in TITLE_TOWN_STATE.finditer(self.title):
            # after the headline, not in it: after a separator, or closing the title ('... sports Wilmington, NC')
            if re.search(r"[-|–—]\s*$", self.title[: match.start()]) or match.end() == len(self.title.rstrip()):
                town_name = match.group(0)[: match.start(1) - match.start()].rstrip(", ")
                # the pattern may take a word before the town ('Sports Memphis, TN')
                for name in dict.fromkeys((town_name, town_name.split()[-1])):
                    town = find_place(f"{name}, {match.group(1)}", {"USA"})
                    if town is not None and town.precision == "city":
                        return town
        return self.publisher if self.publisher is not None and self.publisher.precision == "city" else None

    @cached_property
    def _story_towns(self) -> list[tuple[int, Location]]:
        """(offset, town) of the towns the story places things in (``_article_places``), but for a police force's
        town (forces help their neighbours: 'Winchester Police and Illinois State Police' in Manchester), a town
        where a victim was taken ('airlifted to a hospital in Charlotte'), a town that only gives a bearing ('three
        hours east of El Paso': not in it) and a county's name in a list ('in Pasco and Hernando counties')."""
        forces = {offset for offset, _ in self.force_places}
        towns = []
        for offset, place in zip(*self._article_places, strict=True):
            if place.precision != "city" or offset in forces:
                continue
            if _aftermath_at(self, offset):
                continue
            if COUNTY_AFTER.match(self.text, offset + len(place.name)) or BEARING_BEFORE.search(
                    self.text, max(0, offset - 30), offset):
                continue
            towns.append((offset, place))
        return towns

    def plausible(self, place: Location) -> bool:
        """False for a US place in another state than the story's own that the article never names: in a story
        datelined 'HARTFORD, Conn. (WQRS) —', 'in Hamilton' is the neighbourhood, not Hamilton, Ohio; in a
        story about Chicago, 'in Austin' is its West Side neighbourhood, not Austin, Texas. Likewise, in a local
        crime story (one that names its local force) that names no other country, a town or region abroad is
        a same-named place at home ('in Chatham' in a story of the Chicago police is not the English town)."""
        home_country = self._local_story_country
        if home_country is not None and place.country != home_country and place.precision != "country":
            return False
        if place.country != "USA" or not place.admin1 or self.home_state is None:
            return True
        return place.admin1 == self.home_state or place.admin1 in self.named_states

    @cached_property
    def _local_story_country(self) -> str | None:
        """The country of a story's first local force, when the story names no other country (its dateline
        included): a dateline alone does not make a story local ('WASHINGTON (AP) — A drone strike ...')."""
        force = self._first_force_town
        if force is None:  # a story that names no other country: 'the Mantua section' told by nbcphiladelphia.com
            home = self._unnamed_home_country
            if home is None and self.countries == {"USA"} and self._us_local_story:
                home = "USA"  # 'a mobile home park near Douglas and Greenwich' in a story of Sedgwick County
            return home if home is not None and not (self.countries | self.anchors) - {home} else None
        named = (self.countries | self.anchors) - {force.country}
        dateline = self.dateline[1].country if self.dateline is not None else force.country
        return force.country if not named and dateline == force.country else None

    @cached_property
    def story_state(self) -> Location | None:
        """The one US state of a story that names no other country and no place in another state ('Alabama',
        'Ky.', its counties, its state agencies): a local incident it does not place further happened there.
        'Firefighters from New Mexico' taken to hospitals 'in Boise' is no New Mexico story."""
        if len(self.states) != 1 or not self.countries <= {"USA"}:
            return None
        places = (self.mention_place(m) for m in self.mentions if m.label in PLACE_LABELS)
        if any(p is not None and p.country == "USA" and p.admin1 not in self.states for p in places):
            return None
        (state,) = self.states
        if self.home_state not in {None, state}:
            return None  # 'the gun was bought in Indiana' in a story of Chicago's Englewood
        return Location(name=state, country="USA", admin1=state, precision="admin1")

    @cached_property
    def named_states(self) -> frozenset[str]:
        """US states the article names in so many words ('Texas', 'Tex.'), its title's too after a preposition of
        place ('Baby Shot in Face in California' on a Philadelphia station's site)."""
        text = frozenset(s for m in self.mentions
                         if m.label in PLACE_LABELS and (s := us_state(m.text)) and not self._part_of_town(m))
        title = {s for match in TITLE_STATE.finditer(self.title) if (s := us_state(match.group("state")))}
        return text | title

    @cached_property
    def home(self) -> Location | None:
        """Where a local story is when it has no dateline: the place its title gives ('Four shot in Millbrook',
        'Millbrook teen killed'), else the town of the first local force it names ('Millbrook police said'), else
        the city its outlet is named for ('3 dead in weekend shootings' on chicago.suntimes.com)."""
        return (self._title_place() or next(iter(self.force_places), (0, None))[1] or self._lead_town
                or self._publisher_city)

    @cached_property
    def _lead_town(self) -> Location | None:
        """The town the first paragraph gives before the person it is about, as a title does ('A Toledo woman whose
        daughter was shot in their apartment was sentenced ...'): where a story that places nothing is told."""
        starts = self.paragraph_starts
        lead = self.text[: starts[1] if len(starts) > 1 else len(self.text)]
        for match in TITLE_TOWN.finditer(lead):
            head = _force_town(match.group("head"))
            if not head or self._written_lower(head) or FORCE_WORD.fullmatch(head):
                continue  # 'Police officer': a word the story writes in lower case is no town
            place = self._whole_town(match.group("head"), head) or locate(
                head, (), self.countries, self.states, False, self.anchors)
            if place is not None and place.precision == "city" and self.plausible(place):
                return place
        return None

    @cached_property
    def _publisher_city(self) -> Location | None:
        """The outlet's city (``processors.publisher``), for a story that names no country but the city's."""
        city = self.publisher
        if city is None or city.precision != "city" or not self.countries <= {city.country}:
            return None
        return city

    def home_covers(self, offset: int) -> Location | None:
        """The article's home place, if no place in another country is named before ``offset``."""
        home = self.home
        if home is None or self.dateline is not None or self._outside_named_county(home):
            return None
        offsets, places = self._article_places
        before = places[: bisect_left(offsets, offset)]
        return None if any(p.country != home.country for p in before) else home

    def _outside_named_county(self, town: Location) -> bool:
        """The town lies outside a county of its state that the text places things in ('Whitehouse teen who died
        in hunting accident' over '... died Thursday in Webb County'): the title named where the victim was
        from, not where it happened; or outside every county of its state whose force the text names ('according
        to Henry County Police' on an Atlanta station's site: the county's police work the county, not Atlanta)."""
        if town.precision != "city" or town.country != "USA" or town.admin1 is None:
            return False
        if any(_is_county(place) and place.admin1 == town.admin1
               and town_in_county(town.name, town.admin1, place.name) is False for place in self._article_places[1]):
            return True
        inside = [town_in_county(town.name, town.admin1, county) for county in self._force_counties
                  if town.admin1 in _county_states(county.removesuffix(" County"))]
        return bool(inside) and not any(inside)

    @cached_property
    def _force_counties(self) -> list[str]:
        """The counties whose local force the text names ('Henry County Police', 'Harris County deputies'), as
        'Name County'."""
        found = (COUNTY_NAME.search(match.group("head")) for match in self._local_forces)
        return list(dict.fromkeys(f"{county.group(1)} County" for county in found if county is not None))

    def _title_place(self) -> Location | None:
        """A place the title gives after a locative preposition, before a local force or before the person or
        thing the story is about; a title in capitals names too much: its place must also be in the text."""
        if not self.title:
            return None
        matches = [*TITLE_PHRASE.finditer(self.title), *LOCAL_FORCE.finditer(self.title),
                   *TITLE_TOWN.finditer(self.title)]
        words = [w for w in self.title.split() if w[:1].isalpha()]
        title_case = sum(w[0].isupper() for w in words) > 0.6 * len(words)
        # where it happened before where a person is from: 'Eastvale girl ... victim of Moreno Valley gunfire'
        for match in sorted(matches, key=lambda m: (_names_a_person(m), m.start("head"))):
            prep = "prep" in match.groupdict()
            head = _head_name(match) if prep else _force_town(match.group("head"))
            cut = next((i for i, word in enumerate(head.split()) if i and word.lower() in TITLE_INCIDENT_WORDS), None)
            if prep and title_case and cut is not None:
                # 'in St. Paul Shooting', 'In South Philly Shooting Following Drexel Game': a title in capitals
                # writes its nouns so, and the town ends where the incident's noun begins
                head = " ".join(head.split()[:cut])
            if not head:
                continue
            # a title in capitals names its town in the text too ('Police Identify Women In Tuesday Shooting' names
            # none), or names a city every reader knows ('Teen Killed In St. Paul Shooting' over a text that does not)
            unseen = title_case and head.split()[0] not in self.text
            if self._written_lower(head) or FORCE_WORD.fullmatch(head):
                # a word the story writes in lower case: 'Police officer shot' names no town of Police (a Polish
                # town), nor does a headline that is the whole text
                continue
            place = None if prep else self._whole_town(match.group("head"), head)
            countries = self._countries_of_force(_sheriffs(match.groupdict().get("force") or ""))
            place = place or locate(head, (), countries, self.states, False, self.anchors)
            on_street = prep and match.group("prep").lower() == "on"  # 'Shot On Winchester': Winchester Road
            if not on_street and (place is None or (
                    place.country == "USA" and place.precision == "city" and place.admin1 not in self.states
                    and city_population(place) < WELL_KNOWN_CITY)):
                # a small town of the story's one state ('Stringtown man killed' over an Oklahoma story), not a
                # town of that name elsewhere; a city every reader knows stays ('shot in Newark' told from New York)
                place = self._hinted_town(head, named=True) or place
            if place is None and COMPASS_PREFIX.match(head):  # 'Downtown Austin shooting': a part of a known town
                part_of = locate(COMPASS_PREFIX.sub("", head), (), self.countries, self.states, False, self.anchors)
                place = part_of if part_of is not None and part_of.precision == "city" else None
            if unseen and (place is None or place.precision != "city" or city_population(place) < WELL_KNOWN_CITY):
                continue
            # a country only after a preposition ('Rocket kills three in Egypt's Sinai'), never 'Turkish police'
            levels = {"city", "admin1", "country"} if prep else {"city", "admin1"}
            if not prep and place is not None and place.precision == "country" and us_state(head):
                # 'Georgia man indicted': a country's people are named by a demonym ('Georgian man'), a US
                # state's by its name
                place = find_place(head, {"USA"})
            if place is not None and place.precision in levels and self.plausible(place):
                return self.city_of(place)  # 'In East Garfield Park Shooting' over a Chicago story: Chicago
        return None

    def _written_lower(self, name: str) -> bool:
        """A one-word name the text also writes in lower case: a word ('Police', 'Teen'), not a town."""
        return " " not in name and re.search(rf"\b{re.escape(name.lower())}\b", self.text) is not None

    @cached_property
    def _first_force_town(self) -> Location | None:
        """The town or county of the first local force the text names, wherever it is (``force_places`` keeps
        only the plausible ones, and plausibility needs the home state this gives)."""
        for match in self._local_forces:
            place = self._force_place(match.group("head"), _sheriffs(match.group("force")))
            if place is not None and place.precision in {"city", "admin1"}:
                return place
        return None

    @cached_property
    def _local_forces(self) -> list[re.Match]:
        """``LOCAL_FORCE`` over the text, matched once: three properties read the local forces. Only a text that
        writes a force's word can match, and the pattern, which starts with a name, is slow to try everywhere."""
        if not FORCE_WORD.search(self.text):
            return []
        named = [*LOCAL_FORCE.finditer(self.text), *FORCE_BY_INITIALS.finditer(self.text)]
        return sorted(named, key=lambda match: match.start())

    @cached_property
    def force_places(self) -> list[tuple[int, Location]]:
        """(offset, town) of each local force the text names ('Rocky Mount police', 'Bell County Sheriff's')."""
        found = []
        for match in self._local_forces:
            place = self._force_place(match.group("head"), _sheriffs(match.group("force")))
            if place is not None and place.precision in {"city", "admin1"} and self.plausible(place):
                found.append((match.start("head"), place))
        return found

    def _force_place(self, name: str, sheriffs: bool = False) -> Location | None:
        """The town or county a local force's name gives (read once per name and article: the force names are
        read again for the first force, the plausible ones and the story's cities). ``sheriffs``: the force is a
        sheriff's ('Rockdale sheriff', 'Polk County deputies'), which only US counties have, so the name is read in
        the US in a story that names no other country ('Rockdale' is no Sydney suburb)."""
        key = (name, sheriffs)
        if key not in self._force_places_by_name:
            self._force_places_by_name[key] = self._read_force_place(name, sheriffs)
        return self._force_places_by_name[key]

    def _read_force_place(self, name: str, sheriffs: bool = False) -> Location | None:
        """``_force_place``: a name ending in a word that is often no part of the town ('Ohio State Police',
        'Nashville Metro police') is first read whole: 'Oklahoma City police' is the city's force, not the state's."""
        if name in FORCE_INITIALS:
            city, state = FORCE_INITIALS[name]
            return locate(city, (), frozenset({"USA"}), frozenset({state}))
        head = _force_town(name)
        place = self._whole_town(name, head)
        if place is None and head:
            place = locate(head, (), self._countries_of_force(sheriffs), self.states, False, self.anchors)
            if place is None or (self.states and place.country == "USA" and place.admin1 not in self.states):
                # 'Weston police' in a story of West Virginia: Weston there, not the larger Weston, Florida
                place = self._named_county_of(head) or self._force_town_place(head) or place
        if place is None and JOINT_FORCE.fullmatch(head):
            # a city and county's joint force ('Savannah-Chatham Metro Police', 'Charlotte-Mecklenburg police')
            # works the city first; a name that is a town's whole ('Winston-Salem') was read above
            city = locate(head.split("-")[0], (), self._countries_of_force(sheriffs), self.states, False, self.anchors)
            place = city if city is not None and city.precision == "city" and (
                not self.states or city.admin1 in self.states) else None  # 'Lakewood-Busti police' is New York's
        if place is not None and self.countries and place.country not in self.countries | self.anchors:
            return None  # a force is local: 'Nassau police' in a story of New York is not the Bahamas' force
        if place is not None and TOWNSHIP.search(name) and (place.country != "USA" or place.admin1 not in self.states):
            return None  # 'Spring Township police' serve a township the gazetteer does not know, not Spring, Texas
        return place

    def _named_county_of(self, head: str) -> Location | None:
        """The county a force is named for by its short name, when the story names that county in its state: 'DeKalb
        police' in a story of 'DeKalb County' in Georgia is the county's force, not the city of DeKalb, Illinois."""
        states = set(self._named_counties.get(head, ())) & self.states
        if len(states) != 1:
            return None
        return Location(name=county_name(f"{head} County"), country="USA", admin1=states.pop(), precision="admin1")

    def _countries_of_force(self, sheriffs: bool) -> frozenset[str]:
        """Where a force's town is looked for: the article's countries, else the US for a sheriff's force (only US
        counties have sheriffs: 'Rockdale sheriff' is no Sydney suburb's) or in a story told in US local words
        ('according to the Naples Police Department ... the Coastland Center Mall parking garage' is Naples,
        Florida, not Naples, Italy)."""
        return self.countries or (frozenset({"USA"}) if sheriffs or self._us_local_story else frozenset())

    def _whole_town(self, name: str, head: str) -> Location | None:
        """The city a whole name gives when the town read from it (``_force_town``) drops a word of it: 'Oklahoma
        City police' and 'Oklahoma City man' are the city's, not the state's."""
        whole = _FORCE_NOISE_BEFORE.sub("", " ".join(name.split()))
        if not head or whole == head:
            return None
        place = locate(whole, (), self.countries, self.states, False, self.anchors)
        return place if place is not None and place.precision == "city" and fold(place.name) == fold(whole) else None

    @cached_property
    def _force_countries(self) -> Collection[str]:
        """Where a small town named by its force is looked for: the article's countries, else the US for a story
        told in US local words ('the Bellefontaine Police Department' is Bellefontaine, Ohio, not the Belgian
        village of that name)."""
        if self.countries:
            return self.countries
        return frozenset({"USA"}) if self._us_local_story else frozenset()

    def _force_town_place(self, head: str) -> Location | None:
        """A town of under 15,000 people named by its force ('the Southern Pines Police Department'): the force's
        name says it is a place, as the model's place label would. Only a town of exactly that name (the force of
        'Salt Lake City' is cut to 'Salt Lake'), and never a word ('More police were sent') or an acronym
        ('MARTA police', a transit force)."""
        if head.isupper() or head.lower() in STOP_WORDS:
            return None
        place = locate(head, (), self._force_countries, self.states, True, self.anchors)
        if place is None or place.precision != "city":
            return None
        if not self.countries and not self.states and _us_towns_named(head) > 1:
            return None  # US local words say the country, not which of its Alpines: California's, or Texas'?
        name, wanted = spelled_out(place.name), spelled_out(head)
        return place if name == wanted or name == f"{wanted} city" else None

    def dateline_covers(self, offset: int) -> Location | None:
        """The article's dateline, if no place in another country is named between it and ``offset``. A dateline
        opens one of the first paragraphs, so what comes before it is the story's headline or kicker
        ('Police: Teen shoots himself' above 'MEMPHIS, Tenn. —'), about the story the dateline places."""
        if self.dateline is None or offset == self.dateline[0]:
            return None
        start, place = self.dateline
        offsets, places = self._article_places
        low, high = sorted((start, offset))
        between = places[bisect_left(offsets, low) : bisect_left(offsets, high)]
        return None if any(p.country != place.country for p in between) else place


def event_location(
    triggers: Sequence[Token],
    violent: bool,
    sent: Span,
    places: PlaceIndex,
    paragraph: tuple[int, int],
    historical: bool = False,
) -> Location | None:
    """Where the event of ``triggers`` happened: a place of its own sentence reached through a locative
    preposition (its own clause first), the dateline opening the sentence, a locative place (or local force:
    'Rocky Mount police') of its paragraph, else the article's dateline, else its title's place or first local
    force; None when unsure.
    ``violent``: an attack takes "on" as locative ("attack on Istanbul's airport"), sanctions do not.
    ``historical``: background is placed by its own sentence only; the story's dateline, paragraph and title
    say where today's news is, not where an incident of years ago was."""
    own = (
        _sentence_location(triggers, violent, sent, places)
        or _restated_place(triggers, violent, sent, places)
        or _referred_place(triggers, violent, sent, places)
    )
    if own is not None and not historical and _is_state(own) and not places.names_county_of(own):
        # 'ITHACA, N.Y. (AP) - ... shot his father near the family's central New York home': the dateline opening
        # the sentence says which town of the state (not when the story names a county of the state: the
        # dateline's town may lie outside the county it happened in)
        dateline = _own_dateline(sent, places, paragraph)
        if dateline is not None and (dateline.country, dateline.admin1) == (own.country, own.admin1):
            own = dateline
    if own is None and not historical:
        own = (
            _dateline_or_its_states_force(sent, places, paragraph, violent)
            or _paragraph_location(sent, places, paragraph)
            or (_own_force(sent, places) if violent else None)
            or places.dateline_covers(sent.start_char)
            or places.home_covers(sent.start_char)
            or (places.story_state if violent else None)
            or places.county_named(sent.text)
        )
    if own is None:
        return None
    return places.city_of(own if historical else places.town_of(own, states=violent))


def _sentence_location(triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex) -> Location | None:
    candidates = _sentence_candidates(triggers, violent, sent, places)
    if not candidates:
        return None
    # a place in a country the article explicitly places things in ('in the village of Qaryatain in the countryside
    # of Homs') before a same-named city of a country it never names
    return _best_candidate(candidates, places)


def _best_candidate(candidates: Sequence[tuple[int, Location]], places: PlaceIndex) -> Location:
    known = places.anchors | places.countries
    consistent = [c for c in candidates if c[1].country in known]
    best = min(consistent or candidates, key=lambda c: c[0])[1]
    if best.precision == "country":  # 'in Russia's Black Sea resort of Sochi': the town inside it says more
        inside = [c for c in candidates if c[1].country == best.country and c[1].precision != "country"]
        if inside:
            return min(inside, key=lambda c: c[0])[1]
    return best


def _sentence_candidates(
    triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex
) -> list[tuple[int, Location]]:
    """(score, place) for the places of the sentence: lower scores are nearer the trigger in the parse."""
    found: list[tuple[int, Location]] = []
    triggers_at = {t.i for t in triggers}
    # 'A woman suspected of shooting a girl in a drive-by was arrested Friday in Pine Hills': the places outside
    # what she is accused of are the arrest's
    describing = [_describing_clause(t) for t in triggers] if violent else [None]
    described = {t.i for c in describing if c is not None for t in c.subtree} if all(describing) else None
    # "attack on Istanbul's airport" is a place; "sanctions on Turkey" is a target, not where they happened.
    preps = LOCATIVE_PREPS | {"on"} if violent else LOCATIVE_PREPS
    phrases = _phrases_for(places.sentence_phrases(sent.start_char, sent.end_char), places.doc, violent, triggers_at)
    for phrase in phrases:
        if phrase.place is None:
            continue
        span = sent.doc.char_span(phrase.start, phrase.end, alignment_mode="expand")
        if span is None:
            continue
        if len(span) > 1 and span[-1].is_punct:
            span = span[:-1]  # 'in Pensacola.' ending the sentence: the full stop hangs on the main verb
        if _aftermath(span.root, triggers_at) or _names_border(span.root) or (
                described is not None and span.root.i not in described):
            continue
        score = _locative_score(span.root, triggers_at, preps)
        if score is None:  # a broken parse ('in Sao Jose do Norte' with 'do' read as a verb): trust the text
            prep = sent.doc.char_span(phrase.prep_start, phrase.prep_start + 1, alignment_mode="expand")
            score = 200 + min(abs(prep.start - t) for t in triggers_at) if prep is not None else 300
        if places.plausible(phrase.place):
            found.append((score, phrase.place))
    for mention, span in _mention_spans(sent.doc, places.places_between(sent.start_char, sent.end_char)):
        if _covered(mention, phrases):
            continue  # read with its qualifiers as a place phrase already, or a fragment of an unknown name
        beside = _aftermath(span.root, triggers_at) or _names_border(span.root) or (
            described is not None and span.root.i not in described)
        score = _locative_score(span.root, triggers_at, preps) if not beside else None
        place = places.mention_place(mention) if score is not None else None
        if place is not None and places.plausible(place):
            found.append((score, place))
    return found


def _describing_clause(trigger: Token) -> Token | None:
    """The clause above the violent word that names a person by it: what he is accused of ('a woman suspected of
    shooting a girl', ``accusation_of``), or a relative clause on the subject of a verb ('The gunman who shot two
    people in a movie theater had bought his pistol from a pawnshop in Phenix City'). A place outside it tells of
    that person since (an arrest, a purchase, a home), not of the violence."""
    accused = accusation_of(trigger)
    if accused is not None:
        return accused
    node = trigger
    while node.head.i != node.i:
        if node.dep_ == "relcl" and node.head.dep_ in {"nsubj", "nsubjpass"}:
            return node
        node = node.head
    return None


def _restated_place(triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex) -> Location | None:
    """'... said after a meeting with his counterpart. ... at the meeting in Sochi': the next sentences name the
    event again ('the meeting', 'that attack') with its place; the place of that mention is the event's."""
    nouns = {t.lemma_.lower() for t in triggers if t.pos_ == "NOUN"}
    if not nouns:
        return None
    following = sent.doc[sent.end :]
    for count, later in enumerate(following.sents):
        if count >= RESTATEMENT_REACH:
            break
        for token in later:
            if token.pos_ == "NOUN" and token.lemma_.lower() in nouns and _definite(token):
                near = [c for c in _sentence_candidates([token], violent, later, places) if c[0] < 100]
                if near:
                    return _best_candidate(near, places)
    return None


def _referred_place(triggers: Sequence[Token], violent: bool, sent: Span, places: PlaceIndex) -> Location | None:
    """'... a suicide attack on Istanbul airport on Tuesday. ... the attack, which killed 44 people': a definite
    mention ('the attack') refers back to the event the previous sentences reported; it happened there."""
    nouns = {t.lemma_.lower() for t in triggers if t.pos_ == "NOUN" and _definite(t)}
    if not nouns:
        return None
    earlier = list(sent.doc[: sent.start].sents)[-RESTATEMENT_REACH - 1 :]
    for before in reversed(earlier):
        for token in before:
            if token.pos_ == "NOUN" and token.lemma_.lower() in nouns:
                near = [c for c in _sentence_candidates([token], violent, before, places) if c[0] < 100]
                if near:
                    return _best_candidate(near, places)
    return None


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children)


def _own_dateline(sent: Span, places: PlaceIndex, paragraph: tuple[int, int]) -> Location | None:
    """'NORMAN, Okla. – Officers found two men wounded ...': the dateline opening the event's sentence (the model
    may end a sentence after the dateline: what lies between the paragraph's start and the sentence is then the
    dateline itself)."""
    before = places.text[paragraph[0] : sent.start_char]
    if before.strip() and not _only_dateline(before):
        return None
    for offset, place in places.paragraph_places(paragraph):
        if offset >= sent.end_char:
            break
        if offset == paragraph[0] or _is_dateline_mention(places, paragraph, offset):
            return place
    return None


def _dateline_or_its_states_force(sent: Span, places: PlaceIndex, paragraph: tuple[int, int],
                                  violent: bool) -> Location | None:
    """The dateline opening the violence's sentence (``_own_dateline``), unless it names its outlet ('(WCCO)', '(AP)':
    where the outlet or its reporter is) and the sentence names the local force of another town of the dateline's
    state: 'MINNEAPOLIS (WCCO) – ... a shooting that left four people dead ... have been identified by the St. Paul
    police' happened where the St. Paul police work. A dateline without its outlet ('ENGLEWOOD —' over 'Chicago
    police said') names the place itself."""
    dateline = _own_dateline(sent, places, paragraph)
    outlet_tagged = OUTLET_DATELINE.match(places.text, paragraph[0], sent.end_char) is not None
    force = _own_force(sent, places) if violent and dateline is not None and outlet_tagged else None
    if dateline is not None and force is not None and force.precision == "city" and dateline.precision == "city" \
            and (force.country, force.admin1) == (dateline.country, dateline.admin1) \
            and fold(force.name) != fold(dateline.name):
        return force
    return dateline


def _only_dateline(text: str) -> bool:
    """The text is a dateline and nothing more: 'SANDY CREEK, N.Y. (AP) - '."""
    match = DATELINE.match(text)
    return match is not None and not text[match.end() :].strip()


def _is_dateline_mention(places: PlaceIndex, paragraph: tuple[int, int], offset: int) -> bool:
    return any(
        m.start == offset and _is_dateline(span, paragraph[0], places.text)
        for m, span in _mention_spans(places.doc, places.places_between(offset, offset + 1))
    )


def _own_force(sent: Span, places: PlaceIndex) -> Location | None:
    """The town of the local force the violence's own sentence names ('Houston police are investigating the fatal
    shooting of a woman ...'): a force works where the violence was, and a locative place of the sentence or its
    paragraph would have placed it first."""
    return next((place for start, place in places.force_places if sent.start_char <= start < sent.end_char), None)


def _paragraph_location(sent: Span, places: PlaceIndex, paragraph: tuple[int, int]) -> Location | None:
    """The nearest locative place (or dateline, 'DETROIT —') of the paragraph, earlier sentences first."""
    found = places.paragraph_places(paragraph)
    before = [place for start, place in found if start < sent.start_char]
    if before:
        return before[-1]
    after = [place for start, place in found if start >= sent.end_char]
    return after[0] if after else None


def _locative_places(places: PlaceIndex, paragraph: tuple[int, int]) -> list[tuple[int, Location]]:
    """(offset, place) for each place of the paragraph named in a locative phrase or as its dateline."""
    phrases = [
        phrase
        for start, end in places.sentences_between(*paragraph)
        for phrase in _phrases_for(places.sentence_phrases(start, end), places.doc, False)
    ]
    found = [(phrase.start, phrase.place) for phrase in phrases if phrase.place is not None]
    dateline = places.dateline_at(_skip_space(places.text, paragraph[0]))
    if dateline is not None:
        found.append((paragraph[0], dateline))
    for mention, span in _mention_spans(places.doc, places.places_between(*paragraph)):
        if _covered(mention, phrases):
            continue
        locative = _locative_score(span.root, set(), LOCATIVE_PREPS) is not None and not _names_border(span.root)
        if not (locative or _is_dateline(span, paragraph[0], places.text)):
            continue
        place = places.mention_place(mention)
        if place is not None:
            found.append((mention.start, place))
    # where a victim was taken is not where it happened: 'They were taken to the Children's Hospital in Norman'
    found = [(offset, place) for offset, place in found if offset == paragraph[0] or not _aftermath_at(places, offset)]
    found += [(offset, place) for offset, place in places.force_places if paragraph[0] <= offset < paragraph[1]]
    found = [(offset, place) for offset, place in found if offset == paragraph[0] or places.plausible(place)]
    if CREDIT_LINE.search(places.text, *paragraph):
        # 'Associated Press writer Juan Lozano in Houston contributed to this report' places the reporter
        credits = [(start, end) for start, end in places.sentences_between(*paragraph)
                   if CREDIT_LINE.search(places.text, start, end)]
        found = [(offset, place) for offset, place in found if not any(low <= offset < high for low, high in credits)]
    found.sort(key=lambda item: item[0])
    return found


def _aftermath_at(places: PlaceIndex, offset: int) -> bool:
    span = places.doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span is not None and _aftermath(span[0])


def _is_county(place: Location) -> bool:
    return place.precision == "admin1" and place.name.endswith((" County", " Parish"))


def _is_state(place: Location) -> bool:
    return place.precision == "admin1" and fold(place.name) == fold(place.admin1 or "")


def _us_towns_named(name: str) -> int:
    """How many US towns and cities have this name."""
    key = fold(name)
    records = (*city_candidates().get(key, ()), *towns_named(key))
    return len({(r["name"], r["admin1code"]) for r in records if r["countrycode"] == "US"})


def _sheriffs(force: str) -> bool:
    """A sheriff's force ('sheriff', "sheriff's", 'deputies'): a US county's."""
    return force.lower().startswith(("sheriff", "deput"))


def _county_states(name: str) -> tuple[str, ...]:
    """The states with a county of this name, as ``COUNTY_NAME`` reads it ('St. Clair', "Prince George’s"), in order."""
    return tuple(sorted(county_states(f"{name} County".replace("\u2019", "'"))))


def _force_town(name: str) -> str:
    """'The Killeen' -> 'Killeen'; 'Ohio State' -> 'Ohio': the town or state a local force's name gives."""
    name = _FORCE_NOISE_BEFORE.sub("", " ".join(name.split()))
    if _FORCE_NOISE_AFTER.fullmatch(" " + name):
        return ""  # 'Metro police', 'State police': the force of a place the text names elsewhere, if at all
    name = _FORCE_NOISE_AFTER.sub("", name)
    return "" if COMPASS_PREFIX.fullmatch(name + " ") else name


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _place_phrases(places: PlaceIndex, start: int, end: int) -> list[PlacePhrase]:
    """Place phrases of the sentence between ``start`` and ``end``, resolved by the gazetteer (place None when it
    cannot): after a locative preposition ('in Town', 'near Town, State', 'at Town (District, Province)', 'in the
    town of Town in Some province'), or, without one, a name with a bracketed qualifier that names a country or
    region ('attacked Town village (District, Province)')."""
    found: list[PlacePhrase] = []
    text = places.text
    for match in PLACE_PHRASE.finditer(text, start, end):
        prep = match.group("prep")
        if prep.isupper():
            continue  # 'SHOTS RANG OUT IN WEST TOLEDO LATE ...': in capitals, names cannot be told apart
        if prep == "at" and _aimed_at(places.doc, match.start("prep")):  # no place, but no fragment to read either
            found.append(PlacePhrase(match.start("prep"), match.start("head"), match.end("head"), None, match.end()))
            continue
        _add_phrase(found, places, match)
    # a bracketed place needs a bracket: most sentences have none, and the pattern starts with a name
    for match in BRACKETED_PLACE.finditer(text, start, end) if "(" in text[start:end] else ():
        if any(p.prep_start <= match.start("head") < p.phrase_end for p in found):
            continue
        qualifiers = _qualifiers(match)
        if qualifiers and names_region(qualifiers[-1]):
            _add_phrase(found, places, match)
    return found


def _phrases_for(
    phrases: Sequence[PlacePhrase], doc: Doc, violent: bool, triggers_at: Collection[int] = ()
) -> list[PlacePhrase]:
    """The phrases that can place this event: 'on' only for violent events ('attack on Town', not 'sanctions on
    Country'), 'from' only when it depends on the trigger ('abducted ... from Town', not 'troops from Chad
    attacked': there the name is kept as a phrase without place, so that no fragment of it is read alone)."""
    kept = []
    for phrase in phrases:
        if phrase.prep in {"on", "from"} and not violent:
            continue
        if phrase.prep == "from" and not _attached_to(doc, phrase.prep_start, triggers_at):
            phrase = replace(phrase, place=None)
        kept.append(phrase)
    return kept


def _covered(mention: EntityMention, phrases: Sequence[PlacePhrase]) -> bool:
    """The mention is read as part of a place phrase: resolved with its qualifiers, or a fragment of a longer
    name the gazetteer does not know ('Colonia' of 'in Colonia Las Flores Norte' is no Colonia, Uruguay)."""
    for phrase in phrases:
        if phrase.place is not None and phrase.start <= mention.start < phrase.phrase_end:
            return True
        inside = phrase.start <= mention.start and mention.end <= phrase.end
        if phrase.place is None and inside and (mention.start, mention.end) != (phrase.start, phrase.end):
            return True
    return False


def _us_route(name: str, text: str, end: int) -> bool:
    """'on U.S. 76 near Sandy Springs': a US highway's number, not the country."""
    return US_NAME.fullmatch(name) is not None and NUMBER_AFTER.match(text, end) is not None


def _add_phrase(found: list[PlacePhrase], places: PlaceIndex, match: re.Match) -> None:
    head, qualifiers = _head_name(match), _qualifiers(match)
    # 'at New York Avenue', 'near Lynn and Michigan streets': no town, and no fragment of it is one either
    if _is_street(head) or STREETS_AFTER.match(places.text, match.end("head")) or _us_route(
            head, places.text, match.end("head")):
        prep_start = match.start("prep") if match.group("prep") else match.start("head")
        prep = match.group("prep").lower()
        found.append(PlacePhrase(prep_start, match.start("head"), match.end("head"), None, match.end(), prep))
        return
    level = (match.group("level") or "").split()
    if level and level[0].lower() in PART_OF_TOWN_WORDS and (us_state(head) or country_iso3(head)):
        # 'in the California neighborhood (of Louisville)': a part of a town named after a state or a country is
        # no state or country; the town it is part of, when the phrase names it
        owner = find_place(qualifiers[0], places.countries) if qualifiers else None
        prep_start = match.start("prep") if match.group("prep") else match.start("head")
        town = owner if owner is not None and owner.precision == "city" else None
        found.append(PlacePhrase(prep_start, match.start("head"), match.end("head"), town, match.end(),
                                 match.group("prep").lower()))
        return
    if POSSESSIVE.search(match.group("head")):
        qualifiers = []  # "in Kabul's Karte Char district": the part of Kabul
    named = places.named_as_place(match.start("head"), match.end("head"))
    place = None if qualifiers else places.as_dateline(head)
    if place is None and not COMPASS_PREFIX.fullmatch(head + " "):  # 'near the Central market', 'on the North Shore'
        place = locate(head, qualifiers, places.countries, places.states, named, places.anchors)
    if place is None:  # 'North Omaha', 'Kandahar Airport': part of a known city
        words = head.split()
        if COMPASS_PREFIX.match(head):
            words = words[1:]
        while len(words) > 1 and words[-1].lower() in FACILITY_WORDS:
            words = words[:-1]
        if words and words != head.split():
            place = find_place(" ".join(words), places.countries)
            # a side of town ('Side') is no Side, Turkey: the known city must be in a country the article names
            if (
                place is None
                or place.precision != "city"
                or (places.countries and place.country not in places.countries)
            ):
                place = None
    prep_start = match.start("prep") if match.group("prep") else match.start("head")
    prep = match.group("prep").lower()
    found.append(PlacePhrase(prep_start, match.start("head"), match.end("head"), place, match.end(), prep))


def _attached_to(doc: Doc, offset: int, triggers_at: Collection[int]) -> bool:
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return token is not None and token.root.head.i in triggers_at


def _names_a_person(match: re.Match) -> bool:
    """A title's 'Town man' / 'Town girl': the town a person is from."""
    noun = match.groupdict().get("noun")
    return bool(noun) and TITLE_PERSON.fullmatch(noun) is not None


def _head_name(match: re.Match) -> str:
    """The name with the level word the gazetteer reads ('Helmand province'); "Kabul's Karte Char" is Kabul."""
    head = POSSESSIVE.split(match.group("head"), maxsplit=1)
    if len(head) > 1:
        return _clean_name(head[0])
    level = (match.group("level") or "").split()[:1]  # 'Kadikoy town center': 'town'
    return _clean_name(f"{head[0]} {level[0]}" if level and level[0].lower() in GAZETTEER_LEVELS else head[0])


def _clean_name(name: str) -> str:
    """'Oshkosh.' at the end of a sentence is 'Oshkosh'; 'Ky.' keeps its period."""
    name = " ".join(name.split())
    return name if us_state(name) else name.rstrip(".")


def _qualifiers(match: re.Match) -> list[str]:
    """Narrowest first: 'X area of Y district (Z)' -> ['Y district', 'Z']."""
    text = f"{match.group('commas') or ''},{match.group('bracket') or ''}"
    parts = [" ".join(part.split()) for part in re.split(r"[,;]", text)]
    owner = [match.group("owner")] if match.group("owner") else []
    return [_clean_name(part) for part in owner + parts if part and part[0].isupper()]


def _aimed_at(doc: Doc, offset: int) -> bool:
    token = doc.char_span(offset, offset + 2, alignment_mode="expand")
    return token is not None and token.root.head.lemma_.lower() in AIMED_AT


def _mention_spans(doc: Doc, mentions: Iterable[EntityMention]) -> Iterable[tuple[EntityMention, Span]]:
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            yield mention, span


def _is_dateline(span: Span, paragraph_start: int, text: str) -> bool:
    """'DETROIT — Police said ...', 'LOUISVILLE, KY (WAVE) -': a place opening the paragraph."""
    if text[paragraph_start : span.start_char].strip():
        return False
    following = span.doc[span.end : span.end + 4].text
    return span.text.isupper() or any(mark in following for mark in ("—", "–", "(", " - "))


def _aftermath(place: Token, triggers_at: Collection[int] = ()) -> bool:
    """The place is where a victim was taken or is treated ('is in Jacksonville recovering', 'was taken to a
    hospital in Tulsa'), not where the violence happened: the first verb above it says so. A place that hangs
    on the event's own trigger on the way is the event's ('was hospitalized after a shooting in Pensacola')."""
    node = place
    preps = set()
    care = _is_place_of_care(place)  # a phrase's root: 'at a Denver hospital'
    court = False
    for _ in range(6):
        if node.head.i == node.i:
            return court
        if node.dep_ == "prep":
            preps.add(node.lower_)
        node = node.head
        if node.i in triggers_at:  # 'died at a Denver hospital' is where a victim died, not where it was shot
            return care and node.lemma_.lower() in CARE_STATE_VERBS
        if node.pos_ in {"VERB", "AUX"} or (node.pos_ == "ADJ" and node.tag_ == "VBG"):
            break
        care = care or _is_place_of_care(node)
        # 'to be arraigned in 34th District Court in Romulus': the court's town, where the case is heard
        court = court or node.lemma_.lower() in COURT_NOUNS
    if court:
        return True
    recovering = node.lower_ == "recovering" or any(c.lower_ == "recovering" for c in node.children)
    lemma = node.lemma_.lower()
    if care and lemma in CARE_STATE_VERBS | AFTERMATH_VERBS:
        return True  # 'is in critical condition at an Atlanta hospital', 'died at a medical center in Spokane'
    if lemma == "take":  # 'was taken to a hospital in Tulsa', not 'were taken as hostages in Town'
        # (the parser may hang the town on the verb: 'taken to the Children's Hospital in Aurora')
        return node.tag_ == "VBN" and ("to" in preps or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(_is_place_of_care(o) for o in c.children)
            for c in node.children))
    # the victim is what was done to: 'was treated at', 'was airlifted to'; not 'clashes took place in'
    return recovering or (lemma in AFTERMATH_VERBS and node.tag_ == "VBN")


def _is_place_of_care(token: Token) -> bool:
    """'hospital', 'clinic', 'Sacred Heart Medical Center', 'a trauma center'."""
    lemma = token.lemma_.lower()
    if lemma in CARE_NOUNS:
        return True
    return lemma in {"center", "centre"} and any(c.lower_ in {"medical", "trauma"} for c in token.children)


def _names_border(place: Token) -> bool:
    """'near the Oregon border', 'along the Kansas-Missouri state line': the place names a border, and where it
    happened may be on either side ('a hearing near the Oregon border' in Alturas, California)."""
    node = place
    while node.dep_ in {"compound", "amod", "nmod"} and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in BORDER_NOUNS:
            return True
    return False


def _is_street(name: str) -> bool:
    """'New York Avenue', 'North Capitol Street NW', 'Kingsland Ave.': a street, whatever town it is named after;
    'Street' or 'Avenue' alone (the model cut a street's name at a line break) too."""
    words = [w.strip(".,").lower() for w in name.split()]
    while words and words[-1] in STREET_SIDES:
        words = words[:-1]
    return (len(words) > 1 and words[-1] in STREET_WORDS) or (len(words) == 1 and words[0] in LONE_STREET_WORDS)


def _gazetteer_place(mention: EntityMention, places: PlaceIndex) -> Location | None:
    countries = places.countries
    if _is_street(mention.text) or ROAD_NUMBER.match(places.text, mention.end) or _us_route(
            mention.text, places.text, mention.end) or STREETS_AFTER.match(
        places.text, mention.end
    ) or STREET_BEFORE.search(places.text, max(0, mention.start - 24), mention.start) or CROSSING_BEFORE.search(
            places.text, max(0, mention.start - 60), mention.start):
        return None
    if mention.text == "WASHINGTON":
        return WASHINGTON_DC  # in capitals it is a dateline, and a dateline 'WASHINGTON' is the capital
    if PART_OF_TOWN_AFTER.match(places.text, mention.end) and (us_state(mention.text) or country_iso3(mention.text)):
        return None  # 'the California neighborhood': a part of a town (``_add_phrase``)
    if mention.label in PLACE_LABELS:
        if (dateline := places.as_dateline(mention.text)) is not None:
            return dateline
        words = mention.text.split()
        if len(words) > 1 and words[0].lower() in {"the", "a", "an", "this", "that"} and all(
            w.islower() for w in words[1:]
        ):
            return None  # 'the northern province' (of a name the gazetteer lacks) describes; it names nothing
        return locate(mention.text, (), countries, places.states, True, places.anchors)
    if mention.label in {"ORG", "FAC"} and mention.actor is None and _names_a_facility(mention, places.text):
        # "Istanbul Ataturk (airport)", 'Kabul University': a facility named after its town
        first_word = mention.text.split()[0]
        place = find_place(first_word, countries)
        if place and place.precision == "city" and (not countries or place.country in countries):
            return place
    if mention.label in {"PERSON", "ORG", "NORP"} and mention.actor is None and countries:
        # the small model tags many towns as people or organisations ("in Salamanca"); a name the
        # gazetteer places in a country the article names is taken as that place
        place = find_place(mention.text, countries)
        if place and place.precision != "country" and place.country in countries:
            return place
    return None


def _names_a_facility(mention: EntityMention, text: str) -> bool:
    """The organisation's name ends in a facility word, or one follows it ('Istanbul Ataturk airport'); 'the
    Hollywood Recreation Center' in Las Vegas is named after a street, not a town."""
    after = text[mention.end : mention.end + 20].split()[:1]
    return any(w.lower().strip(".,;:") in FACILITY_WORDS for w in [mention.text.split()[-1], *after])


def _locative_adverb(token: Token, locative_preps: frozenset[str]) -> bool:
    """'outside' of 'outside of the club', parsed as an adverb with 'of' below it."""
    return token.dep_ == "advmod" and token.lower_ in locative_preps and any(c.lower_ == "of" for c in token.children)


def _locative_score(place: Token, triggers_at: set[int], locative_preps: frozenset[str]) -> int | None:
    """Steps from the place up to a trigger (or 100 + steps to the clause) if a locative preposition is on the way."""
    locative = False
    steps = 0
    node = place
    # 'outside of a Memphis nightclub': the parser hangs 'of' on 'outside' read as an adverb
    while (node.dep_ in LOCATION_PATH_DEPS or _locative_adverb(node, locative_preps)) and node.head.i != node.i:
        if _locative_adverb(node, locative_preps):
            locative = True
        if node.dep_ == "prep" and not locative and node.lower_ != "of":  # "resort of Sochi" passes through
            if node.lower_ not in locative_preps:
                return None  # "in exchange for Moscow ...": the place is not where it happened
            locative = True
        node = node.head
        steps += 1
        if node.i in triggers_at:
            return steps if locative else None
    if node.i in triggers_at and locative:
        return steps
    return 100 + steps if locative else None
