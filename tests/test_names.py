"""People and places in a description, one convention a row: (description, people, places, why)."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from captions.parsing import name_spans, names
from captions.parsing.names import find_names

NAMES = [
    (
        "Interior Minister Lena Vasquez, center, visits a shelter in Lviv, Ukraine. (AP Photo/Ivo Kral)",
        ["Lena Vasquez"],
        ["Lviv", "Ukraine"],
        "a title and a position marker around the name",
    ),
    (
        "Farmers harvest rice in Ryanggang province, North Korea.",
        [],
        ["Ryanggang province", "North Korea"],
        "a lower-case place word extends the place",
    ),
    ("Kim tours a factory in Hamhung.", ["Kim"], ["Hamhung"], "a lone name opening the lead sentence"),
    (
        "A Petrov supporter waves a flag outside Veliky Novgorod.",
        ["Petrov"],
        ["Veliky Novgorod"],
        "a name as an adjective; two words after 'outside' are a place",
    ),
    ("Fans of SV Werder Bremen cheer at the stadium.", [], [], "an acronym in front: a club"),
    ("Mourners gather near Cutro, southern Italy.", [], ["Cutro", "Italy"], "a lone name where a place goes"),
    ("German students protest in Leipzig.", [], ["Leipzig"], "a nationality is not a person"),
    ("Wearing Chicago Cubs caps, fans line up in Denver.", [], ["Denver"], "a sentence-initial gerund"),
    (
        "President Alma Soto, right, and Prime Minister Dario Fuentes, left, shake hands in Lima, Peru.",
        ["Alma Soto", "Dario Fuentes"],
        ["Lima", "Peru"],
        "two titled people",
    ),
    ("A boy rides his bike from Chilmark, Mass.", [], ["Chilmark"], "town, then an AP state abbreviation"),
    (
        "Officials gather at Kumsusan Palace in Pyongyang.",
        [],
        ["Kumsusan Palace", "Pyongyang"],
        "a capitalised place word",
    ),
    (
        "Marta Ibáñez y Julio Serrano, el 2 de abril, en el Senado.",
        ["Marta Ibáñez", "Julio Serrano"],
        [],
        "two people joined by 'y' in one run",
    ),
    (
        "Президент РФ Павел Громов на Красной площади. Слева направо - помощник президента РФ Олег Белов.",
        ["Павел Громов", "Олег Белов"],
        ["Красной площади"],
        "Russian: 'РФ' closes the title; a 'left to right' sentence",
    ),
    ("Справа - директор Музея Моря Ирина Лесная.", ["Ирина Лесная"], [], "Russian: the person starts at a given name"),
    (
        "Гости на Соборной площади.",
        [],
        ["Соборной площади"],
        "Russian: a place word and 'на'; a capitalised opening noun is no name",
    ),
    (
        "Thủ tướng Trung Quốc Vương Minh đến Hà Nội.",
        ["Vương Minh"],
        ["Hà Nội"],
        "Vietnamese: the country after the title; 'đến' is no capital",
    ),
    ("Imagen de un puesto en la feria de Jerez.", [], [], "a caption-opening noun is not a name"),
    ("Der Abgeordnete Keller spricht im Landtag.", ["Keller"], ["Landtag"], "German: a title vouches for a name"),
    (
        "Sarah Jessica Morton at a premiere in Paris.",
        ["Sarah Jessica Morton"],
        ["Paris"],
        "a given name in front already starts the person",
    ),
    (
        "Workers gather in Los Angeles. (AP)",
        [],
        ["Los Angeles"],
        "a capitalised article inside a sentence is part of the name",
    ),
    (
        "Crews wait in Northwest China's Gansu Province. (Xinhua)",
        [],
        ["Northwest China", "Gansu Province"],
        "a possessive between two places",
    ),
    (
        "Engineers work at NASA's Stennis Space Center. (AP)",
        [],
        ["Stennis Space Center"],
        "an organisation's possessive before a place",
    ),
    ("Guests dine at St Mary's Hall. (AP)", [], ["St Mary's Hall"], "a bare place word after a possessive"),
    (
        "Troops of Ruritania's army parade in Strelsau. (AP)",
        [],
        ["Strelsau"],
        "a place in the possessive owns something; it is not where the picture is",
    ),
    (
        "The city schools Supt. Mara Velez, left, and board President Tom Reyes visit a class. (Kai Oduya / Valley Times)",
        ["Mara Velez", "Tom Reyes"],
        [],
        "a title abbreviation does not end the sentence",
    ),
    ("Chief of the General Staff Avi Doron visits troops. (IDF)", ["Avi Doron"], [], "a title with 'of the'"),
    ("Four astronauts wave before launch. (NASA)", [], [], "a number word opening a sentence"),
    (
        "General Ana Ruiz inspects troops. Ruiz later spoke to reporters.",
        ["Ana Ruiz"],
        [],
        "a later short form merges into the full name",
    ),
]


@pytest.mark.parametrize("text,people,places,why", NAMES, ids=[n[3] for n in NAMES])
def test_names(text, people, places, why):
    found = find_names(text)
    assert (list(found.people), list(found.places)) == (people, places), why


def test_known_people_resolve_a_bare_name():
    found = find_names("Officials greet Moreau at the airport in Nantes.", ("Claire Moreau",))
    assert found.people == ("Claire Moreau",)


def test_german_given_name_vouches_for_a_person():
    found = find_names("Boxkampf in London: Tyson Reed und Jonas Albrecht vor dem Wiegen.", language="de")
    assert found.people == ("Tyson Reed", "Jonas Albrecht")


def test_german_title_with_its_country_names_no_one():
    found = find_names("Das Bild zeigt Olga Brandt, Präsidentin von Ruritanien, bei einer Rede.", language="de")
    assert found.people == ("Olga Brandt",)


def test_german_needs_a_title():
    found = find_names("Bundeskanzlerin Greta Lind besucht Schüler Hans Mohr in Kiel.", language="de")
    assert "Greta Lind" in found.people


_FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
_LAST = ["Berg", "Costa", "Dahl", "Evans", "Fischer", "Gomez", "Horvat", "Ivanov", "Jensen", "Kowal"]


@pytest.mark.parametrize(
    "text",
    [
        "“" * 50_000,  # unclosed quotes
        "“Big Word " * 5_000,
        "« Abc " * 8_000,
        "''Abc " * 8_000 + "'",
        "From left: "
        + ", ".join(f"{a} {b}{c}" for a in _FIRST for b in _LAST for c in "abcdefghijklmnopqrstuvwxy")
        + ".",
        "Kim " * 10_000 + "Kim Jong Un.",
        "Abc " * 12_000,
    ],
    ids=["open-quotes", "open-quotes-words", "guillemets", "two-apostrophes", "long-list", "one-name", "caps"],
)
def test_long_inputs_finish(text):
    start = time.perf_counter()
    found = find_names(text)
    assert time.perf_counter() - start < 10  # generous: quadratic versions took seconds to minutes
    assert len(found.people) <= len(text.split())


def test_long_list_keeps_every_person():
    names = [f"{a} {b}{c}" for a in _FIRST for b in _LAST for c in "abcdefghij"]
    found = find_names("From left: " + ", ".join(names) + ".")
    assert len(found.people) == len(names)


SCRIPT_NAMES = [
    ("박민호 국무위원장이 공장을 둘러보고 있다.", ["박민호"], "Korean: a title after the name"),
    (
        "최은숙 최고인민회의 상임위원장이 연설하고 있다.",
        ["최은숙"],
        "Korean: an organisation between the name and its title",
    ),
    ("정하늘 전 국방위 부위원장이 참석했다.", ["정하늘"], "Korean: 'former' before the title"),
    (
        "한동수 위원장과 부인 윤서아가 공연을 관람했다.",
        ["한동수", "윤서아"],
        "Korean: a relation word before a name, the particle dropped",
    ),
    (
        "오세진·백지훈·류다은 노동당 비서가 동행했다.",
        ["오세진", "백지훈", "류다은"],
        "Korean: names joined by '·' share one title",
    ),
    ("앞줄 왼쪽부터 송미래, 배준호 대장.", ["송미래", "배준호"], "Korean: a 'from left' list"),
    ("이날 현장에는 많은 주민이 모였다.", [], "Korean: common words that open with a family name"),
    ("김 위원장이 공장을 방문했다.", [], "Korean: a family name and a title is not a full name"),
    ("周建华主席は16日、北京を訪れた。", ["周建华"], "Chinese characters: a title right after the name"),
    ("写真は林志强(りん・しきょう)氏。", ["林志强"], "Japanese: the reading in kana after a name"),
    ("尹大統領の演説を聞く市民。", ["尹"], "a one-character family name and a title"),
    ("浙江省知事が訪問した。", [], "a title after a place is not a name"),
    ("国家主席周建华在广州会见外宾。", ["周建华"], "Chinese order: title, name, then a verb"),
    ("主席台上的代表在发言。", [], "a title word inside another word"),
]


@pytest.mark.parametrize("text,people,why", SCRIPT_NAMES, ids=[n[2] for n in SCRIPT_NAMES])
def test_script_names(text, people, why):
    assert list(find_names(text).people) == people, why


@pytest.mark.parametrize("text", ["김민수 위원장 " * 6_000, "周建华主席" * 10_000, "이" * 50_000])
def test_script_names_long_inputs(text):
    start = time.perf_counter()
    find_names(text)
    assert time.perf_counter() - start < 10


SCRIPT_PLACES = [
    (
        "6月2日,湖北省宜昌市远安县农民在收割油菜。",
        ["湖北省", "宜昌市", "远安县"],
        "Chinese: administrative divisions, each ending in its suffix",
    ),
    (
        "这是宜昌市的村民在劳动。今年湖北省计划扩大面积。",
        ["宜昌市"],
        "Chinese: 村民 is villagers; a later sentence is background",
    ),
    (
        "首相は3日、大阪で演説した。写真は奈良県で聴衆に手を振る首相。",
        ["大阪", "奈良県"],
        "Japanese: a known city, and the sentence that shows the photo",
    ),
    ("市民が集まった（ソウルで、５日）", ["ソウル"], "Japanese: the dateline in brackets stays"),
    (
        "위원장이 함경남도 홍원군 운포리에서 어장을 돌아보고 있다.",
        ["함경남도", "홍원군", "운포리"],
        "Korean: an address of divisions; the particle ends it",
    ),
    (
        "대표단이 평양에 있는 만경대학생소년궁전을 방문했다.",
        ["평양", "만경대학생소년궁전"],
        "Korean: a known city and a palace written as one word",
    ),
    ("인민군 공군 부대를 시찰했다.", [], "Korean: army words are not divisions"),
]


@pytest.mark.parametrize("text,places,why", SCRIPT_PLACES, ids=[n[2] for n in SCRIPT_PLACES])
def test_script_places(text, places, why):
    assert list(find_names(text).places) == places, why


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é1_-.'", max_size=16), st.integers(min_value=1, max_value=5))
def test_a_sentence_has_words_when_it_has_that_many_runs_of_letters(sentence, count):
    assert names._has_words(sentence, count) == (len(re.findall(r"[^\W\d_]+", sentence)) >= count)


run_pieces = st.sampled_from(
    ["Kim", "al-", "Xal-", "ash-", "Assad", "Gen.", "J.", "IV.", '"Kid"', "of the ", "bin ", "the", "Élan", "Δήμος"]
    + [" ", ", ", "-", "'", "’s ", "province", "McD", "x"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(run_pieces, max_size=12).map("".join))
def test_runs_of_capitals_are_the_ones_a_scan_of_every_character_finds(text):
    scanned = [m.span() for m in name_spans._run_re().finditer(text)]
    assert [m.span() for m in name_spans._runs(text)] == scanned


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["Kim", " ", ", ", "left", "second", "(C)", "(", ")", "Left", "center", "."])).map("".join)
)
def test_position_markers_are_cleaned_as_by_the_patterns_alone(text):
    expected = name_spans._MARKER_COMMA.sub("", name_spans._MARKER_PAREN.sub(" ", text))
    assert name_spans.clean_markers(text) == expected
