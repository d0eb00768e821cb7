"""The organisation registry: spellings in every script, ambiguity guards, folding of hidden characters,
row validation.  Captions here are invented; the spellings are the organisations' own."""

import pytest

from captions.errors import InputError
from captions.organisations.folding import fold_for_matching
from captions.organisations.registry import AgencyRegistry, RegistryRowError, load_registry

REG = AgencyRegistry.default()

# (spelling as a credit writes it, canonical name, why)
LOOKUPS = [
    ("新华社", "Xinhua", "simplified Chinese"),
    ("新華社", "Xinhua", "traditional Chinese and Japanese"),
    ("新华网", "Xinhua", "Xinhua's web portal credits as the agency"),
    ("朝鮮中央通信", "KCNA", "Japanese name of KCNA"),
    ("조선중앙통신", "KCNA", "Korean name of KCNA"),
    ("朝鲜中央通讯社", "KCNA", "Chinese name of KCNA"),
    ("조선중앙TV", "KCTV", "Korean name of KCTV, Latin letters mixed in"),
    ("노동신문", "Rodong Sinmun", "Korean name of the party paper"),
    ("労働新聞", "Rodong Sinmun", "Japanese name of the party paper"),
    ("연합뉴스", "Yonhap", "Korean name of Yonhap"),
    ("聯合ニュース", "Yonhap", "Japanese name of Yonhap"),
    ("뉴스1", "News1", "Korean private agency"),
    ("뉴시스", "Newsis", "Korean private agency"),
    ("共同通信", "Kyodo", "Japanese name of Kyodo"),
    ("時事", "Jiji Press", "short Japanese credit of Jiji"),
    ("中新社", "China News Service", "short Chinese name"),
    ("中央社", "Central News Agency", "Taiwan's agency in Chinese"),
    ("CNA", "Central News Agency", "Taiwan's agency, as it signs its photos"),
    ("央视", "CCTV", "Chinese short name of CCTV"),
    ("人民日报", "People's Daily", "Chinese name of the party paper"),
    ("环球时报", "Global Times", "Chinese name"),
    ("视觉中国", "VCG", "Chinese name of Visual China Group"),
    ("ТАСС", "TASS", "Cyrillic, left as Cyrillic"),
    ("РИА Новости", "RIA Novosti", "Cyrillic"),
    ("Спутник", "Sputnik", "Cyrillic"),
    ("Szputnyik", "Sputnik", "Hungarian transliteration"),
    ("Минобороны России", "Russian Defence Ministry", "Russian short name of the ministry"),
    ("Укрінформ", "Ukrinform", "Ukrainian Cyrillic"),
    ("الأناضول", "Anadolu", "Arabic"),
    ("Anadolu Ajansı", "Anadolu", "Turkish with dotless i"),
    ("سانا", "SANA", "Arabic"),
    ("واس", "SPA", "Arabic acronym of the Saudi Press Agency"),
    ("وام", "WAM", "Arabic"),
    ("كونا", "KUNA", "Arabic"),
    ("قنا", "QNA", "Arabic"),
    ("ایرنا", "IRNA", "Persian"),
    ("تسنیم", "Tasnim", "Persian"),
    ("فارس", "Fars", "a credit that is only the Persian name"),
    ("مهر", "Mehr", "a credit that is only the Persian name"),
    ("Thông tấn xã Việt Nam", "VNA", "Vietnamese with tone marks"),
    ("TTXVN", "VNA", "Vietnamese acronym"),
    ("ČTK", "CTK", "Czech with háček"),
    ("警視庁", "Tokyo Metropolitan Police Department", "Japanese police"),
    ("외교부", "South Korean Foreign Ministry", "Korean ministry"),
    ("통일부", "Unification Ministry", "Korean ministry"),
    ("Keystone", "Keystone", "the historic photo agency, written in ordinary case"),
    ("KEYSTONE", "Keystone-SDA", "the Swiss agency signs in capitals"),
    ("Keystone-SDA", "Keystone-SDA", "the Swiss agency's full name"),
    ("stock.adobe.com", "Adobe Stock", "stock library credited by its address"),
    ("PA Wire", "PA", "PA's wire brand"),
    ("The Canadian Press", "The Canadian Press", "leading article kept in the name"),
    ("Polisen", "Polisen", "Swedish police credit"),
    ("Jiji Press", "Jiji Press", "LABELLING's canonical name"),
    ("EPA", "EPA-EFE", "LABELLING: EPA is EPA-EFE"),
]


@pytest.mark.parametrize("spelling,canonical,why", LOOKUPS, ids=[f"{c[0]}: {c[2]}" for c in LOOKUPS])
def test_lookup(spelling, canonical, why):
    found = REG.lookup(spelling)
    assert found is not None and found.name == canonical, why


# (running text, organisations found left to right, why)
IN_TEXT = [
    ("据新华社报道，会议在北京举行。", ["Xinhua"], "Chinese has no spaces: the name sits inside the sentence"),
    ("연합뉴스는 21일 보도했다.", ["Yonhap"], "Korean particle written onto the name"),
    ("両国は共同声明を発表した。", [], "two-character 共同 inside a longer word is 'joint', not Kyodo"),
    ("首相が会見した（共同）", ["Kyodo"], "共同 standing alone between brackets is Kyodo"),
    ("وقالت وكالة سانا إن", ["SANA"], "Arabic name as a whole word"),
    ("وسانا", ["SANA"], "Arabic conjunction written onto the name"),
    ("في نطاق واسع", [], "واس inside an ordinary Arabic word"),
    ("ТАСС сообщил об этом", ["TASS"], "Cyrillic name in Cyrillic text"),
    ("در استان فارس", [], "Fars province in a Persian sentence is not the agency"),
    ("خبرگزاری فارس گزارش داد", ["Fars"], "the agency's full Persian name"),
    ("اول مهر", [], "the Persian month Mehr"),
    ("زار مدينة بترا الأثرية", [], "Petra the ancient city, in Arabic, is not the Jordanian agency"),
    ("وقالت وكالة الأنباء الأردنية", ["Petra"], "the Jordanian agency's Arabic name"),
    ("По данным Первого канала", [], "a declined Russian name is not matched (no stemming)"),
    ("Первый канал показал", ["Channel One Russia"], "Russian name in the nominative"),
    ("a map of the old town", [], "short acronym MAP only in capitals"),
    ("photo released by MAP", ["MAP"], "MAP in capitals is the Moroccan agency"),
    ("es gab mehr Regen", [], "German 'mehr' is not Mehr News"),
    ("according to Mehr News Agency", ["Mehr"], "the full name"),
    ("a national news agency said", [], "generic phrase, not Lebanon's National News Agency"),
    ("a star of the team", [], "ordinary word"),
    ("Anis Karimi smiles", [], "a paper called 'Anis' is listed but never matched: it is a first name"),
    ("the Daily News reported", [], "generic paper name, several papers share it"),
    ("a Keystone photo of 1952", ["Keystone"], "historic agency in ordinary case"),
    ("KEYSTONE/Hans Muster", ["Keystone-SDA"], "Swiss agency in capitals"),
    ("(Jiji Press, AFP)", ["Jiji Press", "AFP"], "two names next to each other"),
    ("see example.com/afp", [], "a name inside an address is not a mention"),
    (
        "photo released by the Australian Defence Force",
        ["Australian Defence Force"],
        "the longer name wins over 'The Australian' starting earlier",
    ),
    ("The Australian reported it first", ["The Australian"], "'The' + one word counts in its own case"),
    ("the independent candidate", [], "'The Independent' in lower case is an ordinary phrase"),
    ("via Xinhua, then Reuters", ["Xinhua", "Reuters"], "left to right"),
]


@pytest.mark.parametrize("text,names,why", IN_TEXT, ids=[c[2] for c in IN_TEXT])
def test_find_in_text(text, names, why):
    assert [a.name for _, _, a in REG.find_in_text(text)] == names, why


# (text, folded, changed, why)
FOLDING = [
    ("KC\u200bNA", "KCNA", True, "zero-width space inside the name"),
    ("KC\u00adNA", "KCNA", True, "soft hyphen inside the name"),
    ("K\u0421NA", "KCNA", True, "Cyrillic Es in a Latin word"),
    ("\u202eKCNA\u202c", "KCNA", True, "bidi override around the name"),
    ("X\u2060inhua", "Xinhua", True, "word joiner"),
    ("\ufeffReuters", "Reuters", True, "byte-order mark"),
    ("ТАСС", "ТАСС", False, "a wholly Cyrillic word is genuine Cyrillic"),
    ("ＫＣＮＡ", "KCNA", False, "full-width letters are ordinary Japanese typesetting"),
    ("خبرگزاری\u200cفارس", "خبرگزاری فارس", False, "a Persian ZWNJ is spelling, not concealment"),
    ("Reuters", "Reuters", False, "nothing to fold"),
]


@pytest.mark.parametrize("text,folded,changed,why", FOLDING, ids=[c[3] for c in FOLDING])
def test_fold_for_matching(text, folded, changed, why):
    assert fold_for_matching(text) == (folded, changed), why


@pytest.mark.parametrize("hidden", ["KC\u200bNA", "KC\u00adNA", "K\u0421NA"])
def test_hidden_characters_still_find_kcna(hidden):
    text = f"A parade in Pyongyang. ({hidden} via Reuters)"
    found = REG.find_in_text_detailed(text)
    assert [m.agency.name for m in found] == ["KCNA", "Reuters"]
    assert text[found[0].start : found[0].end] == hidden  # positions are the caller's
    assert found[0].folded and not found[1].folded
    assert REG.lookup(hidden).name == "KCNA"


# (credit piece, canonical name or None, folded, why)
LOOKUP_DETAILED = [
    ("KC\u200bNA", "KCNA", True, "zero-width space inside the credit"),
    ("KCNA", "KCNA", False, "plain credit"),
    ("Nowhere Gazette\u200b", None, False, "no organisation: nothing to report"),
]


@pytest.mark.parametrize("piece,name,folded,why", LOOKUP_DETAILED, ids=[c[3] for c in LOOKUP_DETAILED])
def test_lookup_detailed(piece, name, folded, why):
    agency, was_folded = REG.lookup_detailed(piece)
    assert (agency.name if agency else None, was_folded) == (name, folded), why


def test_find_in_text_keeps_its_shape():
    assert REG.find_in_text("(Yonhap)") == [(1, 7, REG.get("Yonhap"))]


# (column, bad value, words the error must contain)
BAD_ROWS = [
    ("kind", "newsagency", "kind"),
    ("control", "state", "control"),
    ("tier", "top", "tier"),
    ("country", "XX", "country"),
    ("country", "North Korea", "country"),
    ("slash_source", "maybe", "slash_source"),
    ("match", "sometimes", "match"),
]
GOOD_ROW = {
    "name": "Ruritanian Wire",
    "aliases": "RW",
    "country": "DE",
    "kind": "news_agency",
    "control": "SC",
    "tier": "origin",
    "source": "invented for a test",
}


@pytest.mark.parametrize("column,value,word", BAD_ROWS, ids=[f"{c[0]}={c[1]}" for c in BAD_ROWS])
def test_shipped_rows_are_validated(column, value, word):
    with pytest.raises(RegistryRowError) as e:
        AgencyRegistry.from_rows([dict(GOOD_ROW, **{column: value})], where="organisations/test.csv")
    assert "organisations/test.csv:2" in str(e.value) and word in str(e.value)


@pytest.mark.parametrize("column,value,word", BAD_ROWS, ids=[f"{c[0]}={c[1]}" for c in BAD_ROWS])
def test_user_rows_are_validated(tmp_path, column, value, word):
    row = dict(GOOD_ROW, **{column: value})
    path = tmp_path / "mine.csv"
    path.write_text(",".join(row) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_registry(path, explicit=True)
    assert f"{path}:2" in str(e.value) and word in str(e.value)


def test_user_rows_may_leave_cells_empty(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,kind,control\nStrelsau Courier,,\n", encoding="utf-8")
    agency = load_registry(path).lookup("Strelsau Courier")
    assert agency.kind == "other" and agency.control == "unknown"


def test_every_row_is_complete():
    assert len(REG) >= 1500
    for agency in REG:
        assert agency.kind and agency.control and agency.source, agency.name
    international = {a.name for a in REG if not a.country}
    assert all(REG.get(n).kind in ("government", "ngo", "media") for n in international), international


def test_every_national_agency_of_the_state_media_list_is_state_controlled():
    for name in (
        "KCNA",
        "Xinhua",
        "TASS",
        "SANA",
        "VNA",
        "SPA",
        "WAM",
        "KUNA",
        "QNA",
        "Anadolu",
        "Bernama",
        "MENA",
        "Prensa Latina",
        "Tanjug",
        "Armenpress",
        "WAFA",
        "SUNA",
        "NNA",
    ):
        assert REG.get(name).state_controlled, name


MATRIX = """Region,Country,Media company,Main assets,URL,Typology,Status,Notes
Europe,Moldova,Strelsau Press House,Print: Anis,,SC,,
Europe,Moldova,Strelsau Press House,Print: Daily News,,SC,,
Europe,Moldova,Ruritanian Radio and Television (RRTV),RRTV,,ISFM,,
Europe,Moldova,Ruritanian Radio and Television (RRTV),Strelsau Evening Courier (SEVC),,SC?,,
Europe,Moldova,Strelsau Press House,RTS,,SC,,
Europe,Moldova,Ruritanian Radio and Television (RRTV),Strelsau Evening Courier (English),,SC,,
"""

# (outlet, match mode, aliases, why)
DERIVED = [
    ("Anis", "listed", "", "a one-word name is also a first name: kept, never matched"),
    ("Daily News", "listed", "", "generic words name many papers"),
    ("RRTV", "exact", "", "four-letter acronym: only in capitals"),
    ("Strelsau Evening Courier", "", "=SEVC", "distinctive name; acronym in brackets becomes an alias in capitals"),
    ("RTS", "listed", "", "three letters name channels in many countries"),
]


@pytest.mark.parametrize("outlet,match,aliases,why", DERIVED, ids=[c[3] for c in DERIVED])
def test_rows_derived_from_the_matrix(tmp_path, outlet, match, aliases, why):
    from captions.organisations.build_matrix import derive

    path = tmp_path / "matrix.csv"
    path.write_text(MATRIX, encoding="utf-8")
    from captions import vocab

    rows, _ = derive(path, AgencyRegistry.from_rows(vocab.rows("organisations/core.csv")))
    row = next(r for r in rows if r["name"] == outlet)
    assert (row["match"], row["aliases"], row["country"]) == (match, aliases, "MD"), why
    assert row["source"].startswith("State Media Monitor (ASD-at-GMF) 2023-08: ")
    assert len([r for r in rows if r["name"] == "Strelsau Evening Courier"]) == 1  # one row per outlet


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_HIDDEN = st.sampled_from(["\u200b", "\u00ad", "\u2060", "\ufeff", "\u202e", "\u2066", ""])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_in_text_is_total_and_ordered(text):
    found = REG.find_in_text_detailed(text)
    ends = [0]
    for m in found:
        assert ends[-1] <= m.start < m.end <= len(text)
        ends.append(m.end)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["KCNA", "Xinhua", "Reuters", "Yonhap", "Sputnik"]), st.data())
def test_a_hidden_character_anywhere_in_a_name_is_seen_through(name, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(name) - 1))
    hidden = data.draw(_HIDDEN)
    written = name[:cut] + hidden + name[cut:]
    found = REG.find_in_text_detailed(f"A scene in a city. ({written} via AP)")
    assert found[0].agency.name == REG.lookup(name).name
    assert found[0].folded == bool(hidden)


def test_shipped_rows_pass_the_check_and_read_the_same_unchecked():
    """The shipped files are read at run time without the row check (schema.row_values); this is
    the check, and the proof that both read a row alike."""
    from captions.organisations.registry import shipped_rows
    from captions.organisations.schema import row_values, validate_row

    for where, row in shipped_rows():
        assert row_values(row) == validate_row(row, where), where
