"""Credit conventions of many languages and scripts: (credit, chain, photographers, flags, why).

Every row is written for the test (invented names and places) in the convention it names."""

import pytest

from captions import parse_caption
from captions.organisations.registry import Agency, AgencyRegistry
from captions.parsing.credit import parse_credit

CASES = [
    # labels in other languages
    ("Ảnh: Trần Minh Khoa - TTXVN", ["VNA"], ["Trần Minh Khoa"], set(), "Vietnamese label, name - agency"),
    ("Фото: Иван Петров / ТАСС", ["TASS"], ["Иван Петров"], set(), "Russian label, Cyrillic name"),
    ("Fotoğraf: Anadolu", ["Anadolu"], [], set(), "Turkish label"),
    ("Zdjęcie: Reuters", ["Reuters"], [], set(), "Polish label"),
    ("Kuva: Reuters", ["Reuters"], [], set(), "Finnish label"),
    ("Mynd: EPA", ["EPA-EFE"], [], set(), "Icelandic label"),
    ("Image copyright: Getty Images", ["Getty Images"], [], set(), "BBC label"),
    ("Credit...Ana Ruiz for The New York Times", ["The New York Times"], ["Ana Ruiz"], set(), "NYT 'Credit...' label"),
    ("Copyright KCNA via KNS/AFP", ["KCNA", "Korea News Service", "AFP"], [], set(), "'Copyright' with no colon"),
    ("Bottom photo: Tasnim", ["Tasnim"], [], set(), "a label naming the photo's position"),
    # East Asian forms
    ("（北京＝新華社記者／王小明）", ["Xinhua"], ["王小明"], set(), "Japanese Xinhua: dateline=agency reporter/name"),
    ("新华社记者 李海 摄", ["Xinhua"], ["李海"], set(), "Chinese: agency reporter name, 摄 = photographed"),
    ("新华社发（张强 摄）", ["Xinhua"], ["张强"], set(), "Chinese: released by the agency (name photographed)"),
    ("（朝鮮中央通信＝共同）", ["KCNA", "Kyodo"], [], set(), "Japanese origin=distributor in full-width brackets"),
    ("(평양 노동신문=연합뉴스)", ["Rodong Sinmun", "Yonhap"], [], set(), "Korean: dateline, origin=distributor"),
    ("【조선중앙통신=연합뉴스】", ["KCNA", "Yonhap"], [], set(), "lenticular brackets"),
    ("（代表撮影）", [], [], {"pool"}, "Japanese pool photo"),
    ("（防衛省提供）", ["Japanese Defence Ministry"], [], {"handout"}, "Japanese 'supplied by' a ministry"),
    ("사진=조선중앙TV 캡처", ["KCTV"], [], set(), "Korean screen capture of a broadcaster: it is the origin"),
    ("[사진 노동신문]", ["Rodong Sinmun"], [], set(), "Korean label without a colon"),
    (
        "사진 제공=국방부",
        ["South Korean Defense Ministry"],
        [],
        set(),
        "Korean 'photo provided by' a ministry (courtesy: provenance decides)",
    ),
    ("(연합뉴스 DB)", ["Yonhap"], [], {"file"}, "Korean: from the agency's database"),
    ("영상팀 연합뉴스", ["Yonhap"], [], {"anonymous"}, "a desk name is a placeholder"),
    # person or organisation on evidence
    ("Image: Humberside Police / SWNS", ["Humberside Police", "SWNS"], [], set(), "an acronym is an organisation"),
    ("Foto: Kari Berg/NTB/NPK", ["NTB", "NPK"], ["Kari Berg"], set(), "after the photographer comes the agency"),
    ("Photo: Lena Moss/Invision/AP", ["Invision", "AP"], ["Lena Moss"], set(), "a single word after a name"),
    (
        "Crédit photo : Paul DURAND/Le Parisien",
        ["Le Parisien"],
        ["Paul Durand"],
        set(),
        "two capitalised words after a photographer's slash are the paper",
    ),
    ("(Foto: Archivo/Noticias24)", ["Noticias24"], [], {"file"}, "a name written with digits is a brand"),
    ("Foto: Bild från Polisen", ["Polisen"], [], set(), "Swedish 'picture from' the police"),
    ("Ảnh: Bệnh viện cung cấp", ["Bệnh viện"], [], {"handout"}, "Vietnamese 'supplied by the hospital'"),
    ("(Bild: Hersteller)", [], [], {"handout"}, "German 'the maker': a handout"),
    ("(Foto AP/Marta Gil)", ["AP"], ["Marta Gil"], set(), "Spanish 'Foto AP' is not a person"),
    ("AFP STR", ["AFP"], [], {"anonymous"}, "STR beside an agency is a placeholder"),
    ("– Harbour Gazette photo", ["Harbour Gazette"], [], set(), "'X photo' after a dash: X is the source"),
    ("Royal Court and QNA photos", ["Royal Court", "QNA"], [], set(), "photos of two sources"),
    (
        "(U.S. Navy photo by Mass Communication Specialist 2nd Class Dana Reyes/Released)",
        ["U.S. Navy"],
        ["Dana Reyes"],
        {"handout"},
        "a US military rating is not part of the name; 'Released' is a release mark",
    ),
    (
        "Photograph by J. Field Barnes, ArchiveStock/Corbis",
        ["ArchiveStock", "Corbis"],
        ["J. Field Barnes"],
        set(),
        "'Photograph by' with an initial",
    ),
    (
        "(Photo by Wang Lei, Zhou Min and Gao Yan)",
        [],
        ["Wang Lei", "Zhou Min", "Gao Yan"],
        set(),
        "photographers listed with 'and'",
    ),
    ("/CFP", ["CFP"], [], set(), "CGTN: a slash before the agency marks the credit"),
    ("(pla.example.cn/Photo by Sun Hao)", ["pla.example.cn"], ["Sun Hao"], set(), "a web address, then 'Photo by'"),
    ("Credit: PA Wire/PA Images", ["PA"], [], set(), "'Wire' names a service, not a person: one agency, two brands"),
    (
        "Kuva: Lehtikuva / Markku Ulander",
        ["Lehtikuva"],
        ["Markku Ulander"],
        set(),
        "a one-word agency before a full name: agency / photographer",
    ),
    ("Photo by Jane Doe on Unsplash", ["Unsplash"], ["Jane Doe"], set(), "'on' a platform"),
    ("Foto: Reprodução/Instagram", ["Instagram"], [], set(), "a screen grab of a platform"),
    ("Courtesy of the family", [], [], {"handout"}, "the family supplied it"),
    ("Photo / Supplied", [], [], {"handout"}, "NZ 'Photo / Supplied'"),
    ("（照片来源：新华社）", ["Xinhua"], [], set(), "Chinese 'photo source'"),
    ("צילום: AP", ["AP"], [], set(), "Hebrew label"),
    ("Fot. Anna Nowak / Agencja Wyborcza", ["Agencja Wyborcza"], ["Anna Nowak"], set(), "Polish 'Fot.' label"),
    (
        "Foto: Jan Brandt/dpa-Zentralbild/dpa",
        ["dpa-Zentralbild", "dpa"],
        ["Jan Brandt"],
        set(),
        "a hyphenated service of a known agency",
    ),
    (
        "Фото: пресс-служба Минобороны",
        ["пресс-служба Минобороны"],
        [],
        set(),
        "Russian writes the head word first, in lower case",
    ),
    ("(AA Fotoğraf)", ["Anadolu"], [], set(), "Turkish 'photo' after the agency"),
    ("Picture: EPA Image/Dan Kerr", ["EPA-EFE"], ["Dan Kerr"], set(), "'Image' after an agency's name"),
    (
        "Foto: Hordaland Avis / Kari Berg",
        ["Hordaland Avis"],
        ["Kari Berg"],
        set(),
        "two names around a slash: the one with a given name is the photographer",
    ),
    ("Foto: Kari Berg / Hordaland Avis", ["Hordaland Avis"], ["Kari Berg"], set(), "the usual order"),
    ("Photo: Getty Images/iFotobank", ["Getty Images", "iFotobank"], [], set(), "a brand in lower camel case"),
    ("(Photo by Contributor/Getty Images)", ["Getty Images"], [], {"anonymous"}, "Getty's 'Contributor' placeholder"),
    ("NASA/JPL-Caltech", ["NASA", "JPL-Caltech"], [], set(), "an acronym inside a word is a body, not a person"),
    ("© 2024 Jane Doe", [], ["Jane Doe"], set(), "a year after the copyright sign"),
    # custody order
    ("(AP Photo/SANA)", ["SANA", "AP"], [], set(), "a state outlet after a wire's slash is the origin"),
    (
        "AFP PHOTO/KCNA VIA KNS",
        ["KCNA", "Korea News Service", "AFP"],
        [],
        set(),
        "the whole 'KCNA via KNS' stands after AFP's slash",
    ),
    ("Tom Hale/Xinhua via Getty Images", ["Xinhua", "Getty Images"], ["Tom Hale"], set(), "name/agency via platform"),
    ("AP/PTI", ["AP", "PTI"], [], set(), "a national agency after a wire's slash got it from the wire"),
    (
        "Courtesy U.S. Fish and Wildlife Service/Handout via REUTERS",
        ["U.S. Fish and Wildlife Service", "Reuters"],
        [],
        {"handout"},
        "'U.S.' inside a name is not a sentence end",
    ),
    ("Paolo Neri—Anadolu/Getty Images", ["Anadolu", "Getty Images"], ["Paolo Neri"], set(), "TIME's unspaced em dash"),
]


@pytest.mark.parametrize("credit,chain,photographers,flags,why", CASES, ids=[c[4] for c in CASES])
def test_credit_convention(credit_reads, credit, chain, photographers, flags, why):
    credit_reads(credit, chain, photographers, flags, why)


def test_distributors_after_equals_are_agencies_even_when_unknown():
    """ "[X=Y·Z]": Y and Z stand where the distributors go; a registry that knows them gives their names."""
    parsed = parse_credit("[조선중앙통신=가나다·라마바]")
    assert [a.name for a in parsed.chain] == ["KCNA", "가나다", "라마바"]
    assert parsed.photographers == []
    registry = AgencyRegistry.default()
    registry = AgencyRegistry.from_rows([])
    for agency in AgencyRegistry.default():
        registry.add(agency)
    registry.add(Agency(name="Newsline", aliases=("라마바",), kind="news_agency"))
    parsed = parse_credit("[조선중앙통신=가나다·라마바]", registry)
    assert [a.name for a in parsed.chain] == ["KCNA", "가나다", "Newsline"]


@pytest.mark.parametrize(
    "token,person",
    [
        ("王小明", True),
        ("김철수", True),
        ("외교부", False),
        ("뉴시스", False),
        ("新県", False),
    ],
)
def test_cjk_name_shape(token, person):
    from captions.parsing.credit import is_person_like

    assert is_person_like(token) is person


@pytest.mark.parametrize(
    "credit,kind,why",
    [
        ("Foto: –/Bundesverkehrsministerium/dpa", "government", "a ministry inside a German compound"),
        (
            "Image: NASA Goddard Space Flight Center/NASA",
            "government",
            "a unit named after a known body is of its kind",
        ),
        ("(Harbourview Realty Inc)", "party", "a company is a party to the story"),
        ("(Westfield University Athletics)", "party", "a university's sports department"),
    ],
)
def test_kind_of_an_unknown_origin(credit, kind, why):
    assert parse_credit(credit).chain[0].kind == kind, why


# (credit, chain, why): a clause names the organisation that released the photo
DISTRIBUTED_BY = [
    (
        "朝鮮中央通信が２日に配信した写真（共同）",
        ["KCNA", "Kyodo"],
        "Japanese: X が … 配信した写真, then the distributor",
    ),
    ("労働新聞が公開した写真（ロイター）", ["Rodong Sinmun", "Reuters"], "Japanese: X が公開した"),
]


@pytest.mark.parametrize("credit,chain,why", DISTRIBUTED_BY, ids=[c[2] for c in DISTRIBUTED_BY])
def test_a_clause_names_the_releasing_organisation(credit, chain, why):
    record = parse_caption("金正恩氏が港を訪れた。" + credit)
    assert [a.name for a in record.chain] == chain, why


# (credit, chain, why): a picture platform that writes its own name first, the source after the slash
PLATFORM_FIRST = [
    (
        "Foto: picture alliance/Jana Roth/dpa",
        ["dpa", "picture alliance"],
        "German: dpa's photo, distributed by picture alliance",
    ),
    ("Foto: IMAGO/Xinhua", ["Xinhua", "Imago"], "German: Imago resells Xinhua: the state agency is the origin"),
    ("Foto: IMAGO/SVEN SIMON", ["SVEN SIMON", "Imago"], "German: a photo agency after Imago's slash"),
    ("Foto: dpa/picture alliance", ["dpa", "picture alliance"], "already in custody order: kept"),
    ("Photo: AFP/Getty Images", ["AFP", "Getty Images"], "a wire, then the platform: kept"),
]


@pytest.mark.parametrize("credit,chain,why", PLATFORM_FIRST, ids=[c[2] for c in PLATFORM_FIRST])
def test_a_platform_written_first_distributes_what_follows(credit, chain, why):
    record = parse_caption("Ein Abgeordneter spricht im Bundestag. " + credit)
    assert [a.name for a in record.chain] == chain, why
