"""Provenance you can defend: classes, disclaimer kinds and levels, with captions written for the tests."""

import pytest

from captions import parse_caption
from captions.organisations.registry import AgencyRegistry, load_registry
from captions.parsing.provenance import find_disclaimers

# One origin per State Media Monitor class; only SC at the origin makes an image state media.
CLASSES = [
    ("SC", "Troops parade in Damascus, Syria. (SANA via AP)", True),
    ("CaPu", "A presenter reads the news in Tokyo, Japan. (NHK via AP)", False),
    ("CaPr", "Anchors on air in Hong Kong. (Phoenix TV via Reuters)", False),
    ("ISFM", "A reporter in Lisbon, Portugal. Photo: Lusa", False),
    ("ISF", "A studio in Bonn, Germany. (Deutsche Welle via AP)", False),
    ("ISM", "Workers in Jakarta, Indonesia. ANTARA FOTO/Budi Santoso via REUTERS", False),
    ("IP", "Protesters in Seoul, South Korea. (Yonhap via AP)", False),
    ("private", "Fans in Paris, France. REUTERS/Marc Dubois", False),
]


@pytest.mark.parametrize("control,text,state_media", CLASSES, ids=[c[0] for c in CLASSES])
def test_each_state_control_class(control, text, state_media):
    record = parse_caption(text)
    assert record.chain[0].control == control
    assert record.provenance.state_media is state_media
    if state_media:
        assert f"State Media Monitor: {control}" in " ".join(record.provenance.all_reasons())


DISCLAIMERS = [
    ("verifiability", "The content of this image is as provided and cannot be independently verified."),
    ("verifiability", "REUTERS IS UNABLE TO INDEPENDENTLY VERIFY THE AUTHENTICITY OF THIS IMAGE."),
    ("verifiability", "AFP CAN NOT INDEPENDENTLY VERIFY THE AUTHENTICITY, LOCATION, DATE AND CONTENT OF THIS IMAGE."),
    ("verifiability", "The date of the video could not be independently confirmed."),
    ("verifiability", "Das Bild kann nicht unabhängig überprüft werden."),
    ("usage", "EDITORIAL USE ONLY"),
    ("usage", "MANDATORY CREDIT"),
    ("usage", "NO THIRD PARTY SALES"),
    ("usage", "(No Redistribution)"),
    ("territory", "SOUTH KOREA OUT"),
    ("territory", "(For Use Only in the Republic of Korea)"),
]


@pytest.mark.parametrize("kind,text", DISCLAIMERS, ids=[d[1][:30] for d in DISCLAIMERS])
def test_disclaimer_kinds(kind, text):
    found = find_disclaimers(f"A launch in the Yellow Sea. {text} KCNA via REUTERS")
    assert [d.kind for d in found] == [kind]
    assert found[0].text.strip("() ") in text


def test_usage_words_in_a_sentence_are_not_a_note():
    assert find_disclaimers("The crowd stayed until the lights went out. REUTERS/Ana Cruz") == []


LEVELS = [
    ("state_media", "A still image taken from video aired by North Korea's KRT shows a launch. (Yonhap)"),
    ("handout", "Soldiers at a base in this photo provided by the defense ministry. (Yonhap)"),
    ("handout", "Divers search a lake in this handout picture. Supplied/Norwegian Police via REUTERS"),
    ("third_party", "A train leaves Tokyo station. (Kyodo via AP)"),
    ("independent", "Fans cheer in Madrid, Spain, May 1, 2024. (AP Photo/Rosa Vega)"),
]


@pytest.mark.parametrize("level,text", LEVELS, ids=[f"{case[0]}-{i}" for i, case in enumerate(LEVELS)])
def test_provenance_levels(level, text):
    p = parse_caption(text).provenance
    assert p.level == level
    if level != "independent":
        assert p.all_reasons()


def test_state_outlet_that_only_passes_on_is_not_the_origin():
    record = parse_caption("Crowds in Kyiv, Ukraine. REUTERS/Olena Bondar via Xinhua")
    assert [a.name for a in record.chain] == ["Reuters", "Xinhua"]
    assert not record.provenance.state_media


def test_user_registry_reclassifies(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text("name,control,note\nYonhap,SC,our desk treats it as state media\n", encoding="utf-8")
    registry = load_registry(path, explicit=True)
    record = parse_caption("Protesters in Seoul. (Yonhap)", registry=registry)
    assert record.provenance.state_media
    assert registry.lookup("Yonhap News Agency").note == "our desk treats it as state media"
    assert not parse_caption("Protesters in Seoul. (Yonhap)", registry=AgencyRegistry.default()).provenance.state_media


# "independent" is a claim about a credit read in full; anything less is "unknown" and asks for review.
UNKNOWN = [
    ("Hikers rest on a ridge above Bergen.", "no credit", "no credit at all"),
    (
        "Hikers rest on a ridge above Bergen. (Photo: Tove Lund)",
        "names no organisation",
        "a photographer and no organisation",
    ),
    (
        "Hikers rest on a ridge above Bergen. Foto: Hordaland Bladet",
        "'Hordaland Bladet' is not a known organisation",
        "an organisation the registry does not know",
    ),
    (
        "Hikers rest on a ridge above Bergen. RVF / Brandt",
        "'RVF' is not a known organisation",
        "broadcaster / photographer, the broadcaster unknown",
    ),
    (
        "Volunteers clear snow from a church roof. Скриншот: Ольга Мельник / Facebook",
        "a post on Facebook, a social network",
        "a screenshot of someone's social media post: who posted it is for a person to check",
    ),
    ("Smoke rises over the port at dawn. Photo: Telegram", "a post on Telegram", "a social network alone"),
]


@pytest.mark.parametrize("text,reason,why", UNKNOWN, ids=[u[2] for u in UNKNOWN])
def test_unread_credit_is_unknown_and_needs_review(text, reason, why):
    record = parse_caption(text)
    p = record.provenance
    assert p.level == "unknown", why
    assert p.needs_review, why
    assert any(reason in r for r in p.all_reasons()), (why, p.all_reasons())
    assert record.as_dict()["needs_review"] is True
    assert record.as_dict()["provenance"] == "unknown"


def test_a_credit_read_in_full_needs_no_review():
    record = parse_caption("Fans cheer in Madrid, Spain, May 1, 2024. (AP Photo/Rosa Vega)")
    assert record.provenance.level == "independent"
    assert not record.provenance.needs_review
    assert record.as_dict()["needs_review"] is False


def test_findings_stand_even_when_the_credit_needs_review():
    """A handout or state-media origin is a finding on its own evidence; review is asked besides."""
    record = parse_caption("A parade in Pyongyang. (KCNA/Hwang Sok Photo Desk)")
    assert record.provenance.level == "state_media"
    p = parse_caption("A launch ceremony in Busan. (Photo: Seaview Realty Inc)").provenance
    assert p.level == "handout" and p.needs_review


# (credit, why): characters that hide a name from the eye do not hide it from the parser
HIDDEN = [
    ("(KC\u200bNA via AP)", "a zero-width space inside the name"),
    ("(KC\u00adNA via AP)", "a soft hyphen"),
    ("(K\u0421NA via AP)", "a Cyrillic letter that looks like a Latin C"),
    ("(KCNA\u202e via AP)", "a bidi override after the name"),
]


@pytest.mark.parametrize("credit,why", HIDDEN, ids=[h[1] for h in HIDDEN])
def test_a_hidden_state_media_credit_is_still_flagged_and_reviewed(credit, why):
    record = parse_caption("Kim Jong Un waves from a balcony. " + credit)
    assert [a.name for a in record.chain] == ["KCNA", "AP"], why
    assert record.provenance.state_media and record.provenance.needs_review, why
    assert any("hidden characters in the credit" in r for r in record.reasons), why
    assert record.raw.endswith(credit), "the raw text is kept as it came"


def test_a_state_outlet_named_beside_another_source_flags_the_image():
    """ "X and Y photos": the picture comes from one of the two; when one is state media, a careful
    desk treats it as unverifiable, and says why."""
    record = parse_caption("The prime minister greets a delegation in Kuwait City. – Amiri Diwan and KUNA photos")
    assert [a.name for a in record.chain] == ["Amiri Diwan", "KUNA"]
    assert record.provenance.state_media and record.provenance.handout
    assert any("KUNA as one of the sources" in r for r in record.reasons)
    assert not any("only passed the image on" in r for r in record.reasons)
