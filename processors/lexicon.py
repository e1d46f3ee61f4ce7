"""Lazy, cached access to the readable data files in ``processors/data`` (see data/README.md)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from processors.types import Actor


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code with the attributes events carry."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None


@dataclass(frozen=True)
class Trigger:
    """One trigger lexicon entry (fields documented in data/triggers.json)."""

    lemma: str
    pos: str
    cameo: str
    kind: str = "event"
    particle: str | None = None
    objects: tuple[str, ...] = ()
    object_labels: tuple[str, ...] = ()
    direct_object: bool = False
    modifiers: tuple[str, ...] = ()
    reciprocal: bool = False
    victim_subject: bool = False
    recipient_subject: bool = False
    confidence: float | None = None

    @property
    def specificity(self) -> int:
        """Entries with extra conditions are tried before bare ones."""
        return (
            int(self.particle is not None) + int(bool(self.objects or self.object_labels)) + int(bool(self.modifiers))
        )


@dataclass(frozen=True)
class ArmamentWords:
    """Words that tell armed from unarmed participants (data/triggers.json, "armament")."""

    armed_roles: frozenset[str]
    unarmed_roles: frozenset[str]
    civilian_modifier_roles: frozenset[str]
    armed_heads: frozenset[str]
    unarmed_heads: frozenset[str]
    collective_heads: frozenset[str]


@dataclass(frozen=True)
class DictionaryActor:
    """An actor dictionary entry: the names it is known by and its coding."""

    names: tuple[str, ...]
    label: str
    actor: Actor
    case_sensitive: bool = False


def _read_json(name: str) -> Any:
    return json.loads(resources.files("processors.data").joinpath(name).read_text(encoding="utf-8"))


def quad_class_of(code: str) -> int:
    """CAMEO roots 01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal conflict,
    14-20 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@cache
def cameo_codebook() -> dict[str, CameoCode]:
    """CAMEO code -> name, Goldstein weight, QuadClass and PLOVER type (data/cameo.csv)."""
    text = resources.files("processors.data").joinpath("cameo.csv").read_text(encoding="utf-8")
    return {
        row["code"]: CameoCode(
            code=row["code"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=quad_class_of(row["code"]),
            plover=row["plover"] or None,
        )
        for row in csv.DictReader(text.splitlines())
    }


def cameo(code: str) -> CameoCode:
    """The codebook entry for ``code``, falling back to its 3-digit parent then its root."""
    book = cameo_codebook()
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in book:
            return book[candidate]
    raise KeyError(code)


@cache
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(lemma, POS) -> trigger entries, most specific first."""
    table: dict[tuple[str, str], list[Trigger]] = {}
    for raw in _read_json("triggers.json")["triggers"]:
        entry = Trigger(
            lemma=raw["lemma"],
            pos=raw["pos"],
            cameo=raw["cameo"],
            kind=raw.get("kind", "event"),
            particle=raw.get("particle"),
            objects=tuple(raw.get("objects", ())),
            object_labels=tuple(raw.get("object_labels", ())),
            direct_object=raw.get("direct_object", False),
            modifiers=tuple(raw.get("modifiers", ())),
            reciprocal=raw.get("reciprocal", False),
            victim_subject=raw.get("victim_subject", False),
            recipient_subject=raw.get("recipient_subject", False),
            confidence=raw.get("confidence"),
        )
        table.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {key: tuple(sorted(entries, key=lambda t: -t.specificity)) for key, entries in table.items()}


@cache
def armament_words() -> ArmamentWords:
    """Armed / unarmed roles and head nouns, for telling an assault (CAMEO 18) from a fight (CAMEO 19)."""
    raw = _read_json("triggers.json")["armament"]
    return ArmamentWords(
        armed_roles=frozenset(raw["armed_roles"]),
        unarmed_roles=frozenset(raw["unarmed_roles"]),
        civilian_modifier_roles=frozenset(raw["civilian_modifier_roles"]),
        armed_heads=frozenset(raw["armed_heads"]),
        unarmed_heads=frozenset(raw["unarmed_heads"]),
        collective_heads=frozenset(raw["collective_heads"]),
    )


@cache
def dictionary_actors() -> tuple[DictionaryActor, ...]:
    """The named actors of data/actors.json."""
    return tuple(
        DictionaryActor(
            names=tuple(raw["names"]),
            label=raw["label"],
            actor=Actor(name=raw["names"][0], code=raw["code"], country=raw.get("country"), role=raw.get("role")),
            case_sensitive=raw.get("case_sensitive", False),
        )
        for raw in _read_json("actors.json")["actors"]
    )


@cache
def actor_by_name() -> dict[str, DictionaryActor]:
    """Every dictionary name (lower-cased unless case-sensitive) -> its entry."""
    table: dict[str, DictionaryActor] = {}
    for entry in dictionary_actors():
        for name in entry.names:
            table[name if entry.case_sensitive else name.lower()] = entry
    return table


def lookup_actor(name: str) -> DictionaryActor | None:
    """The dictionary entry for a surface name: exact casing first, then case-insensitive."""
    table = actor_by_name()
    return table.get(name) or table.get(name.lower())


@cache
def role_nouns() -> dict[str, str]:
    """Lower-cased head noun (or phrase) -> CAMEO role code (data/roles.json)."""
    return dict(_read_json("roles.json")["roles"])


@cache
def individual_nouns() -> frozenset[str]:
    """Role nouns that name one person ('minister', 'spokesman'): a phrase they head is a PERSON (data/roles.json)."""
    return frozenset(_read_json("roles.json")["individuals"])


@cache
def group_words() -> frozenset[str]:
    """Ethnic, religious and regional group words without a country ('Kurdish', 'Yazidi'), tagged NORP."""
    return frozenset(_read_json("countries.json")["groups"])


@cache
def country_supplements() -> dict[str, dict[str, str]]:
    """Demonyms and everyday aliases -> ISO3 (data/countries.json)."""
    raw = _read_json("countries.json")
    return {"aliases": raw["aliases"], "demonyms": raw["demonyms"]}
