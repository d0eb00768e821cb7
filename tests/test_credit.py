"""Credit lines in each agency's convention: (credit, chain, photographers, flags, why)."""

import pytest

from captions.parsing.credit import natural_case

CASES = [
    ("(AP Photo/Dana Holt)", ["AP"], ["Dana Holt"], set(), "AP house style"),
    ("(AP Photo/Dana Holt, File)", ["AP"], ["Dana Holt"], {"file"}, "AP file photo"),
    ("REUTERS/Mark Evans", ["Reuters"], ["Mark Evans"], set(), "Reuters house style"),
    ("REUTERS/Mark Evans/File Photo", ["Reuters"], ["Mark Evans"], {"file"}, "Reuters file photo"),
    ("REUTERS/KCNA", ["KCNA", "Reuters"], [], set(), "Reuters writes its name first, the source after"),
    ("EPA-EFE/KCNA", ["KCNA", "EPA-EFE"], [], set(), "EPA does the same"),
    ("KCNA via Reuters", ["KCNA", "Reuters"], [], set(), "origin via distributor"),
    ("KCNA/via Reuters", ["KCNA", "Reuters"], [], set(), "slash before via"),
    (
        "Image: Reuters via Yonhap",
        ["Yonhap", "Reuters"],
        [],
        set(),
        "a wire 'via' a national agency: the agency is the origin",
    ),
    (
        "(Korean Central News Agency/Korea News Service via AP)",
        ["KCNA", "Korea News Service", "AP"],
        [],
        set(),
        "full names resolve to canonical names",
    ),
    ("REUTERS/Stringer", ["Reuters"], [], {"anonymous"}, "Stringer is not a name"),
    ("STR/AFP/Getty Images", ["AFP", "Getty Images"], [], {"anonymous"}, "STR placeholder"),
    (
        "JOHN SMITH/AFP via Getty Images",
        ["AFP", "Getty Images"],
        ["John Smith"],
        set(),
        "upper-case name in natural case",
    ),
    ("(Photo by Ana Lopez/Getty Images)", ["Getty Images"], ["Ana Lopez"], set(), "Getty 'Photo by'"),
    ("(Name Here/Pool Photo via AP)", ["AP"], ["Name Here"], {"pool"}, "Pool is not an organisation"),
    (
        "(Ivan Sokolov, Sputnik, Kremlin Pool Photo via AP)",
        ["Sputnik", "Kremlin Pool", "AP"],
        ["Ivan Sokolov"],
        {"pool"},
        "AP comma style with a named pool",
    ),
    ("(Xinhua/Zhao Min, Qian Bo)", ["Xinhua"], ["Zhao Min", "Qian Bo"], set(), "two Xinhua photographers"),
    ("[Photo/Xinhua]", ["Xinhua"], [], set(), "China Daily bracket style"),
    ("Photo: AFP", ["AFP"], [], set(), "label"),
    ("Photograph: Lena Park/Reuters", ["Reuters"], ["Lena Park"], set(), "Guardian label"),
    ("(photo credit: KCNA VIA REUTERS)", ["KCNA", "Reuters"], [], set(), "upper-case via"),
    ("Picture: Reuters Source: Supplied", ["Reuters"], [], {"handout"}, "Supplied marks a handout"),
    ("(Official White House Photo by Sam Ford)", ["White House"], ["Sam Ford"], set(), "official photographer"),
    ("courtesy: White House", ["White House"], [], set(), "courtesy label"),
    ("© Kyodo via AP Images", ["Kyodo", "AP"], [], set(), "AP Images is AP"),
    ("Foto: Jan Meyer/DPA", ["dpa"], ["Jan Meyer"], set(), "German label"),
    ("Bildrechte: dpa", ["dpa"], [], set(), "German rights label"),
    ("Fotó: AFP", ["AFP"], [], set(), "Hungarian label"),
    (
        "Kim Lee for The Washington Post via Getty Images",
        ["The Washington Post", "Getty Images"],
        ["Kim Lee"],
        set(),
        "'for' a newspaper",
    ),
    ("ZHAO LI/FOR CHINA DAILY", ["China Daily"], ["Zhao Li"], set(), "contributor for a paper"),
    ("Petra Novak NYT", ["The New York Times"], ["Petra Novak"], set(), "name and paper without a separator"),
    (
        "(Photo by U.S. Navy/Petty Officer Sam Cole/Handout via Reuters)",
        ["U.S. Navy", "Reuters"],
        ["Sam Cole"],
        {"handout"},
        "military handout, rank dropped",
    ),
    ("(الأناضول)", ["Anadolu"], [], set(), "Arabic agency name"),
    ("(c)AFP=Jiji/AFPBB News", ["AFP", "Jiji Press", "AFPBB News"], [], set(), "Japanese '=' separator"),
    ("(SANA via AP, File)", ["SANA", "AP"], [], {"file"}, "file marker after the chain"),
    ("Behrouz Nasiri / AFP - Getty Images", ["AFP", "Getty Images"], ["Behrouz Nasiri"], set(), "spaced separators"),
]


@pytest.mark.parametrize("credit,chain,photographers,flags,why", CASES, ids=[c[4] for c in CASES])
def test_credit(credit_reads, credit, chain, photographers, flags, why):
    credit_reads(credit, chain, photographers, flags, why)


def test_natural_case():
    assert natural_case("NICHOLAS KAMM") == "Nicholas Kamm"
    assert natural_case("luong thai linh") == "Luong Thai Linh"
    assert natural_case("Khaled al-Hariri") == "Khaled al-Hariri"
