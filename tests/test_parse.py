"""Whole captions through the library API: parse_caption(text, page_date)."""

import datetime as dt

import pytest

from captions import parse_caption

PAGE = dt.date(2024, 3, 14)  # a Thursday

DATES = [
    (
        "A man walks in Hanoi, Vietnam, March 7, 2024. (AP Photo/Tran Van)",
        None,
        "2024-03-07",
        None,
        "dateline at the end of the first sentence",
    ),
    (
        "In this Saturday, Feb. 3, 2024, photo provided on Sunday, Feb. 4, 2024, by the North Korean government, "
        "soldiers march. (Korean Central News Agency/Korea News Service via AP)",
        None,
        "2024-02-03",
        "2024-02-04",
        "taken and provided dates",
    ),
    (
        "Soldiers march in this undated photo released on Jan. 5, 2024 by North Korea's KCNA. KCNA via REUTERS",
        None,
        "2024-01-05",
        "2024-01-05",
        "only a release date: it is both",
    ),
    ("Crowds gather in Seoul on Thursday. (Yonhap)", PAGE, "2024-03-14", None, "weekday resolved with the page date"),
    ("Crowds gather in Seoul on Thursday. (Yonhap)", None, None, None, "weekday without a page date stays unknown"),
    (
        "Kim arrives in Sinpo yesterday (March 13). Image: Reuters/Stringer",
        PAGE,
        "2024-03-13",
        None,
        "relative date and its bracketed day",
    ),
    ("Western tourists walk in Old Aleppo May 2009. REUTERS/Omar Sami", None, "2009-05", None, "month and year"),
    ("File photo taken in 1985 shows a parade in Beijing. (Xinhua)", None, "1985", None, "year only"),
    (
        "Rescuers search the rubble in Antakya, Turkey, Feb. 8, 2023. The quake struck on Feb. 6, 2023. "
        "(AP Photo/Mia Costa)",
        None,
        "2023-02-08",
        None,
        "a later sentence's date is another event",
    ),
    (
        "The exhibition, which runs until Jan. 3, opens in Riyadh. (SPA)",
        PAGE,
        None,
        None,
        "'until' a date is not the photo's date",
    ),
    ("Des manifestants défilent à Paris le 22 décembre 2022. © AFP", None, "2022-12-22", None, "French date"),
    ("Kanzler Olaf Scholz am 4. November 2017 in Berlin. Bildrechte: dpa", None, "2017-11-04", None, "German date"),
    (
        "首都平壌で行進する兵士ら(2017年5月18日撮影、同19日公開)。(c)AFP=時事",
        None,
        "2017-05-18",
        "2017-05-19",
        "Japanese taken and released",
    ),
    (
        "Leaders meet at the Feb. 30, 2024 summit in Rome. (AP Photo/Lia Neri)",
        None,
        None,
        None,
        "an impossible date is no date",
    ),
]


@pytest.mark.parametrize("text,page,date,released,why", DATES, ids=[d[4] for d in DATES])
def test_dates(text, page, date, released, why):
    record = parse_caption(text, page)
    assert (record.date, record.date_released) == (date, released), why


PEOPLE = [
    (
        "Russian President Vladimir Putin, left, meets Prime Minister Mikhail Mishustin in Moscow, Russia. "
        "(Ivan Sokolov, Sputnik, Kremlin Pool Photo via AP)",
        ["Vladimir Putin", "Mikhail Mishustin"],
        "titles dropped",
    ),
    (
        "North Korean leader Kim Jong Un (C) inspects a farm. Kim later toured a factory. KCNA via REUTERS",
        ["Kim Jong Un"],
        "marker removed, short form merged into the full name",
    ),
    (
        "Protesters hold portraits of Syria's President Bashar al-Assad in Damascus. REUTERS/Omar Sami",
        ["Bashar al-Assad"],
        "al- particle",
    ),
    ("A Navalny supporter holds a sign in Moscow. (AP Photo/Ivan Orlov)", ["Navalny"], "a name used as an adjective"),
    (
        "Smoke rises over Kharkiv, Ukraine. The mayor said Ihor Terekhov had ordered shelters opened. REUTERS/Stringer",
        [],
        "people of a background sentence are left out",
    ),
    (
        "May 9, 2018. From left: Defence Minister Sergei Lavrentyev and Mayor Olga Petrova.\n- Author: Ivan Sokolov\n"
        "- Credit: Sputnik",
        ["Sergei Lavrentyev", "Olga Petrova"],
        "a 'From left' sentence is about the scene",
    ),
    (
        "Players of Eintracht Frankfurt celebrate in Bremen, Germany. (AP Photo/Karl Weber)",
        [],
        "a team named after a city is not a person",
    ),
]


@pytest.mark.parametrize("text,people,why", PEOPLE, ids=[p[2] for p in PEOPLE])
def test_people(text, people, why):
    assert list(parse_caption(text).people) == people, why


PLACES = [
    (
        "A woman prays at a church in Lviv, Ukraine, March 7, 2024. REUTERS/Olga Ivanova",
        ["Lviv", "Ukraine"],
        "town, country",
    ),
    (
        "Delegates vote at the Great Hall of the People in Beijing, March 5, 2025. (Xinhua/Li Ming)",
        ["Great Hall of the People", "Beijing"],
        "a site whose name ends in 'of the' and a common noun",
    ),
    (
        "The president speaks on the East Lawn of the White House. (AP Photo/Ann Lee)",
        ["East Lawn", "White House"],
        "a site 'of' another site is two places",
    ),
    (
        "Volunteers clear debris in Tobolsk after the storm. (Sputnik/Ivan Orlov)",
        ["Tobolsk"],
        "a lone unknown name after 'in' is a place",
    ),
    (
        "Fishermen mend nets near Pescara, central Italy, on Friday. (ANSA/Lia Conti)",
        ["Pescara", "Italy"],
        "a lone name before ', region, country'",
    ),
    (
        "The senator walks on the beach from Nantucket, Mass., Aug. 2, 2024. (AP Photo/Jo Kent)",
        ["Nantucket"],
        "an AP state abbreviation after a town",
    ),
    ("Shoppers crowd a market in April. REUTERS/Ana Ruiz", [], "a month after 'in' is not a place"),
    ("Kim Jong Un heads for Hanoi in a motorcade. KCNA via REUTERS", ["Hanoi"], "where the trip goes"),
]


@pytest.mark.parametrize("text,places,why", PLACES, ids=[p[2] for p in PLACES])
def test_places(text, places, why):
    assert list(parse_caption(text).places) == places, why


FLAGS = [
    (
        "North Korean leader Kim Jong Un waves in Pyongyang. KCNA via REUTERS",
        {"state_media", "unverifiable"},
        "state-controlled origin",
    ),
    (
        "A Xinhua reporter's photo of a dam in Hubei province, China. (Xinhua/Wang Lin)",
        {"state_media", "unverifiable"},
        "Xinhua's own photo is state media, not a handout",
    ),
    (
        "Soldiers at a base, in this photo provided by the defense ministry. (Yonhap)",
        {"handout"},
        "a ministry is a party to the story",
    ),
    (
        "Tanks move near Idlib. Reuters is unable to independently verify the content of this image. "
        "REUTERS/Social Media Website",
        {"disclaimer", "unverifiable"},
        "a verifiability disclaimer",
    ),
    ("Children play in Gaza City. (AP Photo/Adel Hana)", set(), "an AP staff photo"),
    (
        "Journalists on a Global Times page about a rally in Seoul. Photo: AFP",
        set(),
        "AFP is the origin even when a state outlet publishes it",
    ),
    (
        "A military parade in Pyongyang, North Korea. (Korean Central TV via Yonhap)",
        {"state_media", "unverifiable"},
        "a still from state TV passed on by a free agency",
    ),
    (
        "This image made from video aired by North Korea's KRT shows a launch. AP/PTI",
        {"state_media", "unverifiable"},
        "the origin named in the description",
    ),
    (
        "President Joe Biden speaks in the Oval Office. (Official White House Photo by Adam Schultz)",
        {"handout"},
        "official government photographer",
    ),
    (
        "A fighter jet takes off. EPA-EFE/KCNA EDITORIAL USE ONLY",
        {"state_media", "unverifiable"},
        "usage notes are not disclaimers",
    ),
]


@pytest.mark.parametrize("text,flags,why", FLAGS, ids=[f[2] for f in FLAGS])
def test_flags(text, flags, why):
    p = parse_caption(text).provenance
    got = {f for f in ("state_media", "disclaimer", "unverifiable", "handout") if getattr(p, f)}
    assert got == flags, why


def test_every_flag_has_a_reason_an_editor_can_check():
    record = parse_caption(
        "In this photo provided by the North Korean government, Kim Jong Un visits a farm. "
        "The content of this image is as provided and cannot be independently verified. "
        "(Korean Central News Agency/Korea News Service via AP)"
    )
    reasons = " ".join(record.provenance.all_reasons())
    assert "origin KCNA is state-controlled media (North Korea; State Media Monitor: SC" in reasons
    assert "cannot be independently verified" in reasons
    assert "North Korean government" in reasons
    assert [a.name for a in record.chain] == ["KCNA", "Korea News Service", "AP"]
    assert "Independent journalists" not in record.description


def test_description_and_noise():
    record = parse_caption(
        "[2/5] FILE PHOTO: A ship docks in Nampo, North Korea, June 2, 2019. "
        "REUTERS/Kim Hong-ji/File Photo (NORTH KOREA - Tags: POLITICS) ATTENTION EDITORS - "
        "THIS IMAGE WAS PROVIDED BY A THIRD PARTY. NO RESALES. NO ARCHIVES"
    )
    assert record.description == "A ship docks in Nampo, North Korea, June 2, 2019."
    assert record.photographers == ("Kim Hong-ji",)
    assert record.provenance.file_photo
    assert record.provenance.disclaimer


def test_caption_without_credit_is_a_record():
    record = parse_caption("A man walks his dog in the rain in Oslo.")
    assert record.chain == () and record.photographers == ()
    assert record.description == "A man walks his dog in the rain in Oslo."


def test_language():
    assert parse_caption("Des soldats patrouillent le long de la frontière. © AFP").language == "fr"
    assert parse_caption("Kanzler Scholz spricht mit der Presse in Berlin. Foto: dpa").language == "de"
    assert parse_caption("جنود في دمشق (رويترز)").language == "ar"


@pytest.mark.parametrize(
    "text,description,chain",
    [
        (
            "Kim Jong Un heads for Wonsan in a motorcade. KCNA via REUTERS",
            "Kim Jong Un heads for Wonsan in a motorcade.",
            ["KCNA", "Reuters"],
        ),
        (
            "Ministers wait for the vote in Riga. REUTERS/Ints Kalnins",
            "Ministers wait for the vote in Riga.",
            ["Reuters"],
        ),
    ],
)
def test_a_sentence_with_for_is_not_a_credit(text, description, chain):
    """ "X for Y" is a credit form ("Name for The Washington Post") only when Y is an organisation."""
    record = parse_caption(text)
    assert (record.description, [a.name for a in record.chain]) == (description, chain)
