"""Where pages put the credit: (caption, credits found, end of the description, chain, why).

Captions are written for the test in each publisher's layout; names and places are invented."""

import pytest

from captions import parse_caption
from captions.parsing.split import split_caption

CASES = [
    (
        "AFP PHOTO/KCNA VIA KNS Workers inspect a new dam near Hamhung.",
        ["AFP PHOTO/KCNA VIA KNS"],
        "near Hamhung.",
        ["KCNA", "Korea News Service", "AFP"],
        "credit in capitals before the description",
    ),
    (
        "(AP=연합뉴스) 평양의 새 공원이 문을 열었다.",
        ["(AP=연합뉴스)"],
        "열었다.",
        ["AP", "Yonhap"],
        "Korean bracketed credit first",
    ),
    (
        "Tasnim | Reza Karimi: Cadets march in Shiraz.",
        ["Tasnim | Reza Karimi"],
        "in Shiraz.",
        ["Tasnim"],
        "agency | photographer: before the description",
    ),
    (
        "© Lena Vogt / Reuters Ein Fischer flickt sein Netz in Kiel.",
        ["© Lena Vogt / Reuters"],
        "in Kiel.",
        ["Reuters"],
        "copyright credit first, then the description",
    ),
    (
        "A ferry docks at the harbour in the town on May 2.Marta Sol—Anadolu/Getty Images",
        ["Marta Sol—Anadolu/Getty Images"],
        "on May 2.",
        ["Anadolu", "Getty Images"],
        "credit glued to the last sentence with no space",
    ),
    (
        "A lifeboat is towed from the riverHandout via REUTERS",
        ["Handout via REUTERS"],
        "from the river",
        ["Reuters"],
        "'Handout' glued to the last word",
    ),
    (
        "Cranes load a ship in Hamburg on Aug. 3, 2021 Ben Ortiz / Getty Images",
        ["Ben Ortiz / Getty Images"],
        "Aug. 3, 2021",
        ["Getty Images"],
        "Name / Agency after a date with no full stop",
    ),
    (
        "Traders watch screens in Kuwait City. – KUNA photos",
        ["– KUNA photos"],
        "Kuwait City.",
        ["KUNA"],
        "Kuwait Times: a dash, then 'X photos'",
    ),
    (
        "新建的大桥正式通车。 ■ 新华社记者 陈刚 摄",
        ["■ 新华社记者 陈刚 摄"],
        "正式通车。",
        ["Xinhua"],
        "Chinese agency-reporter credit at the end",
    ),
    (
        "新しい橋が開通した様子。撮影/新華社記者王立",
        ["撮影/新華社記者王立"],
        "様子。",
        ["Xinhua"],
        "Japanese credit glued after 。",
    ),
    (
        "주민들이 새 다리를 건너고 있다./사진=노동신문 캡처",
        ["사진=노동신문 캡처"],
        "있다./",
        ["Rodong Sinmun"],
        "Korean label glued after a slash",
    ),
    (
        "ソウルの駅でニュースを見る人々（ソウルで、３日）＝ＡＰ",
        ["＝ＡＰ"],
        "３日）",
        ["AP"],
        "Japanese '＝agency' after the dateline bracket",
    ),
    ("会見に臨む大臣＝５日午後（代表撮影）", ["（代表撮影）"], "午後", [], "Japanese pool mark in full-width brackets"),
    (
        "Fans leave the stadium. (Foto: Rui Lopes/Pool via REUTERS).",
        ["(Foto: Rui Lopes/Pool via REUTERS)"],
        "the stadium.",
        ["Reuters"],
        "a full stop after the bracketed credit",
    ),
    (
        "Voters queue in Ostrava. Jana Novak/AP hide caption toggle caption Jana Novak/AP",
        None,
        "in Ostrava.",
        ["AP"],
        "a photo widget's words inside the text",
    ),
    (
        "A diplomat speaks in Seoul. (Pool photo) (Yonhap)\n(END)",
        ["(Pool photo)", "(Yonhap)"],
        "in Seoul.",
        ["Yonhap"],
        "Yonhap's end mark",
    ),
    (
        "Tents line the border crossing. Courtesy Harbour Police/Handout via REUTERS.",
        ["Courtesy Harbour Police/Handout via REUTERS"],
        "border crossing.",
        ["Harbour Police", "Reuters"],
        "Reuters credit with a closing full stop",
    ),
    (
        "Divers check the reef off Cebu. Mandatory Credit: Photo by Ana Cruz/EPA-EFE/Shutterstock (15501234b)",
        ["Mandatory Credit: Photo by Ana Cruz/EPA-EFE/Shutterstock"],
        "off Cebu.",
        ["EPA-EFE", "Shutterstock"],
        "Shutterstock's credit line and picture id",
    ),
    (
        "Divers check the reef off Cebu. Image source, Getty Images",
        ["Image source, Getty Images"],
        "off Cebu.",
        ["Getty Images"],
        "BBC: a comma after the label",
    ),
    (
        "Divers check the reef off Cebu | Ana Cruz, Reuters",
        ["Ana Cruz, Reuters"],
        "off Cebu",
        ["Reuters"],
        "'Name, Agency' after a pipe",
    ),
    (
        "Divers check the reef off Cebu.\nCredit: Getty Images\nSource: Xinhua\nAuthor: Li Wen",
        None,
        "off Cebu.",
        ["Xinhua", "Getty Images"],
        "structured block: Source is the origin, Credit the distributor",
    ),
    (
        "주민들이 행사에 참석했다. [국내에서만 사용가능. 재배포 금지. No Redistribution] 연합뉴스",
        ["연합뉴스"],
        "참석했다.",
        ["Yonhap"],
        "Korean usage note in square brackets, then the agency",
    ),
    (
        "Rescuers search the rubble. Foto: Lena Graf/dpa +++ dpa-Bildfunk +++",
        ["Foto: Lena Graf/dpa"],
        "the rubble.",
        ["dpa"],
        "dpa's picture-service trailer",
    ),
    (
        "Rescuers search the rubble. Photo / Supplied",
        ["Photo / Supplied"],
        "the rubble.",
        [],
        "a label and a handout mark, no agency",
    ),
    (
        "Rescuers search the rubble. (צילום: AP)",
        ["(צילום: AP)"],
        "the rubble.",
        ["AP"],
        "a bracketed credit is taken whole, not from its closing half",
    ),
    (
        "주민들이 다리를 건넜다.[조선중앙TV 화면 캡처] 2021.5.3",
        ["[조선중앙TV 화면 캡처]"],
        "건넜다. 2021.5.3",
        ["KCTV"],
        "Korean credit bracket followed by the picture's date stamp, which stays",
    ),
    (
        "Divers check the reef off Cebu. Image copyright Getty Images",
        ["Image copyright Getty Images"],
        "off Cebu.",
        ["Getty Images"],
        "BBC: a label with no separator",
    ),
    (
        "Divers check the reef off Cebu. Photo credit should read STR/AFP via Getty Images",
        ["Photo credit should read STR/AFP via Getty Images"],
        "off Cebu.",
        ["AFP", "Getty Images"],
        "AFP's 'Photo credit should read' without a colon",
    ),
    (
        "Rescuers search the rubble. Photo by Omar Haddad",
        ["Photo by Omar Haddad"],
        "the rubble.",
        [],
        "a byline with no agency at the end",
    ),
]


@pytest.mark.parametrize("text,credits,description_end,chain,why", CASES, ids=[c[4] for c in CASES])
def test_where_the_credit_sits(text, credits, description_end, chain, why):
    parts = split_caption(text)
    assert credits is None or parts.credits == credits, why
    assert parts.description.endswith(description_end), why
    assert [a.name for a in parse_caption(text).chain] == chain, why


@pytest.mark.parametrize(
    "text,why",
    [
        ("KUWAIT: The emir meets the visiting minister.", "a dateline in capitals is not a credit"),
        ("LONDON, ENGLAND - MAY 3: Runners cross the bridge.", "a Getty dateline is not a credit"),
        ("The McNamee family gathers in Cork.", "a capital inside a surname is not a glued credit"),
        ("The company plans to expand its yard in Gdansk.", "ordinary words are not page widget words"),
    ],
)
def test_not_a_credit(text, why):
    parts = split_caption(text)
    assert parts.credits == [], why
    assert parts.description == text, why
