"""People and places in a description, one convention a row: (description, people, places, why)."""
import time

import pytest

from captions.parsing.names import find_names

NAMES = [
    ("Interior Minister Lena Vasquez, center, visits a shelter in Lviv, Ukraine. (AP Photo/Ivo Kral)",
     ["Lena Vasquez"], ["Lviv", "Ukraine"], "a title and a position marker around the name"),
    ("Farmers harvest rice in Ryanggang province, North Korea.", [], ["Ryanggang province", "North Korea"],
     "a lower-case place word extends the place"),
    ("Kim tours a factory in Hamhung.", ["Kim"], ["Hamhung"], "a lone name opening the lead sentence"),
    ("A Petrov supporter waves a flag outside Veliky Novgorod.", ["Petrov"], ["Veliky Novgorod"],
     "a name as an adjective; two words after 'outside' are a place"),
    ("Fans of SV Werder Bremen cheer at the stadium.", [], [], "an acronym in front: a club"),
    ("Mourners gather near Cutro, southern Italy.", [], ["Cutro", "Italy"], "a lone name where a place goes"),
    ("German students protest in Leipzig.", [], ["Leipzig"], "a nationality is not a person"),
    ("Wearing Chicago Cubs caps, fans line up in Denver.", [], ["Denver"], "a sentence-initial gerund"),
    ("President Alma Soto, right, and Prime Minister Dario Fuentes, left, shake hands in Lima, Peru.",
     ["Alma Soto", "Dario Fuentes"], ["Lima", "Peru"], "two titled people"),
    ("A boy rides his bike from Chilmark, Mass.", [], ["Chilmark"], "town, then an AP state abbreviation"),
    ("Officials gather at Kumsusan Palace in Pyongyang.", [], ["Kumsusan Palace", "Pyongyang"],
     "a capitalised place word"),
    ("General Ana Ruiz inspects troops. Ruiz later spoke to reporters.", ["Ana Ruiz"], [],
     "a later short form merges into the full name"),
]


@pytest.mark.parametrize("text,people,places,why", NAMES, ids=[n[3] for n in NAMES])
def test_names(text, people, places, why):
    found = find_names(text)
    assert (list(found.people), list(found.places)) == (people, places), why


def test_known_people_resolve_a_bare_name():
    found = find_names("Officials greet Moreau at the airport in Nantes.", ("Claire Moreau",))
    assert found.people == ("Claire Moreau",)


def test_german_needs_a_title():
    found = find_names("Bundeskanzlerin Greta Lind besucht Schüler Hans Mohr in Kiel.", language="de")
    assert "Greta Lind" in found.people


_FIRST = "Anna Boris Clara Dmitri Elena Farid Greta Hugo Ines Jonas".split()
_LAST = "Berg Costa Dahl Evans Fischer Gomez Horvat Ivanov Jensen Kowal".split()


@pytest.mark.parametrize("text", [
    "“" * 50_000,                                        # unclosed quotes
    "“Big Word " * 5_000,
    "« Abc " * 8_000,
    "''Abc " * 8_000 + "'",
    "From left: " + ", ".join(f"{a} {b}{c}" for a in _FIRST for b in _LAST for c in "abcdefghijklmnopqrstuvwxy") + ".",
    "Kim " * 10_000 + "Kim Jong Un.",
    "Abc " * 12_000,
], ids=["open-quotes", "open-quotes-words", "guillemets", "two-apostrophes", "long-list", "one-name", "caps"])
def test_long_inputs_finish(text):
    start = time.perf_counter()
    found = find_names(text)
    assert time.perf_counter() - start < 10        # generous: quadratic versions took seconds to minutes
    assert len(found.people) <= len(text.split())


def test_long_list_keeps_every_person():
    names = [f"{a} {b}{c}" for a in _FIRST for b in _LAST for c in "abcdefghij"]
    found = find_names("From left: " + ", ".join(names) + ".")
    assert len(found.people) == len(names)
