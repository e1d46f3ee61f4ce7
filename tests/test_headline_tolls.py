"""processors.headline_tolls: the toll a headline states in telegraphese (headlines written for these tests)."""

from __future__ import annotations

from datetime import datetime

import pytest

from processors.headline_tolls import headline_toll
from processors.nlp import build_nlp
from processors.pipeline import extract
from processors.types import Article


@pytest.mark.parametrize(("title", "killed", "injured"), [
    ("Man shot, killed near Elm Street store", 1, None),  # the parser reads 'Man' as a name, 'killed' as apart
    ("Girl, 9, fatally shot on porch", 1, None),  # the age set off by commas
    ("Police identify woman killed in crash on Route 9", 1, None),
    ("Springfield teen found shot to death in car", 1, None),
    ("3 Dead, 4 Wounded In Block Party Shooting", 3, 4),
    ("Two men killed, woman hurt in drive-by", 2, 1),
    ("Shooting leaves one dead, two hurt", 1, 2),
    ("Four young men shot outside bar", None, 4),
    ("Toddler critical after finding gun in car", None, 1),
    ("Man accidentally shoots 12-year-old nephew", None, 1),
    ("Mother kills three children, then fatally shoots self", 4, None),  # the shooter's death counts too
    ("2 hospitalized after shooting outside arena", None, 2),
    ("Teen charged in shooting that wounded 4", None, 4),  # a bare number ending the clause
    ("College Basketball Player Injured After Late Game", None, 1),  # a person named by a calling
    ("High school coach fatally shot outside gym", 1, None),
    ("Five Shot During Party At Banquet Hall", None, 5),  # a bare number, then 'shot'
])
def test_a_headline_toll(title, killed, injured):
    toll = headline_toll(title)
    assert toll is not None
    assert (toll.killed and toll.killed.best, toll.injured and toll.injured.best) == (killed, injured)
    found = toll.killed or toll.injured
    assert found is not None and title[found.start:found.end] == found.text


@pytest.mark.parametrize("title", [
    "One of three men shot Saturday dies",  # who else died is not told: no guess
    "Man who killed two neighbours will face no charges",  # a past killer, not a victim
    "Man who killed 3 will face no charges",  # a number that does not end its clause counts nothing here
    "Man arrested for shooting his brother",  # an arrest: the victim's state is not told
    "Council votes on new park",
    "Officials Warn Of Flood Risk",  # capitals alone are no person
    "Two shot, one fatally, in Elm Street shooting",  # not all of the shot are wounded: left to the parse
])
def test_a_headline_that_states_no_toll(title):
    assert headline_toll(title) is None


@pytest.fixture(scope="module")
def nlp():
    from streams.settings import Settings

    return build_nlp(Settings().spacy_model)


def test_a_page_read_from_its_headline_takes_the_headlines_toll(nlp):
    text = "Close Get email notifications on Jane Doe daily! Your notification has been saved."
    article = Article(id="h", text=text, title="Man shot, killed in Akron", published_at=datetime(2021, 3, 12))
    extraction = extract(nlp, article)
    assert extraction.events_from == "title"
    carrying = [e for e in extraction.events if e.killed or e.injured]
    assert len(carrying) == 1 and carrying[0].killed.best == 1 and carrying[0].injured is None


@pytest.mark.parametrize(("title", "text", "figures"), [
    # the one shot died: the headline says so, the text was not updated
    ("Teen dies after accidental shooting in Millbrook",
     "A 16-year-old was accidentally shot at a home in Millbrook on Sunday and taken to a hospital, deputies said.",
     [(1, 0)]),
    # the headline's wounded too
    ("Two dead, three hurt in Millbrook bar shooting",
     "Police said five people were shot outside a Millbrook bar early Sunday. One of them died at the scene.",
     [(2, 3)]),
    # guards: a headline of several incidents tells their sum; a story that tells no wounded to die
    ("3 dead, 20 wounded in weekend shootings",
     "A man was shot and killed in Millbrook on Saturday. Two women were wounded in a drive-by shooting on Sunday.",
     [(1, None), (None, 2)]),
    ("Two men killed in Millbrook", "A man was shot and killed in Millbrook on Saturday, police said.", [(1, None)]),
])
def test_the_dead_a_headline_adds_to_the_storys_one_incident(nlp, title, text, figures):
    article = Article(id="d", text=text, title=title, published_at=datetime(2021, 6, 8))
    violent = [e for e in extract(nlp, article).events if e.cameo[:2] in {"18", "19", "20"} and (e.killed or e.injured)]
    assert [(e.killed.best if e.killed else None, e.injured.best if e.injured else None) for e in violent] == figures


def test_a_figure_the_headline_gave_has_no_offsets_in_the_text(nlp):
    text = "A 16-year-old was accidentally shot at a home in Millbrook on Sunday and taken to a hospital."
    article = Article(id="o", text=text, title="Teen dies after accidental shooting", published_at=datetime(2021, 6, 8))
    [event] = [e for e in extract(nlp, article).events if e.killed]
    assert (event.killed.best, event.killed.start, event.killed.end) == (1, None, None)  # they would index the title


@pytest.mark.parametrize(("title", "lead"), [
    # the headline's toll is Tuesday's shooting, not Friday's that the story recalls with as high a toll
    ("5 shot in Millbrook park", (None, 5)),
    # guards: a headline of several incidents; a headline whose toll no event gives
    ("3 shootings in Millbrook in five days", (1, 4)),
    ("Two dead in Millbrook", (1, 4)),
])
def test_the_event_whose_toll_the_headline_states_leads(nlp, title, lead):
    text = ("Five men were wounded Tuesday afternoon in a shooting in Millbrook Park, police said.\n\n"
            "Five people were shot, one of whom died, Friday in a shooting at a shopping center on Reisterstown Road.")
    article = Article(id="h", text=text, title=title, published_at=datetime(2021, 6, 8))
    tolled = [e for e in extract(nlp, article).events if e.killed or e.injured]
    first = max(tolled, key=lambda e: (e.confidence, e.killed.best if e.killed else 0))
    assert (first.killed.best if first.killed else None, first.injured.best if first.injured else None) == lead
