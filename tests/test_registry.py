"""The agency registry data file: complete rows, known classes, no alias claimed twice."""

from captions.organisations.registry import CONTROL_CLASSES, AgencyRegistry, alias_key, load_registry


def rows():
    from captions.organisations.registry import shipped_rows

    return [row for _, row in shipped_rows()]


def test_rows_are_complete():
    from captions.organisations.registry import country_name

    for row in rows():
        assert row["name"] and row["kind"] and row["source"], row
        assert row["country"] == "" or country_name(row["country"]) != row["country"], row  # ISO 3166 code
        assert row["control"] in CONTROL_CLASSES, row
        assert row["tier"] in ("origin", "national", "wire", "platform"), row


def test_no_alias_names_two_organisations():
    owner = {}
    for row in rows():
        names = [] if row.get("match") == "listed" else [row["name"]]
        for spelling in [*names, *row["aliases"].split("|")]:
            if not spelling:
                continue
            key = spelling if spelling.startswith("=") else alias_key(spelling)
            assert owner.setdefault(key, row["name"]) == row["name"], (spelling, owner[key], row["name"])


def test_state_media_classes():
    reg = AgencyRegistry.default()
    for name in ("KCNA", "Korea News Service", "KCTV", "Xinhua", "TASS", "Sputnik", "SANA", "VNA", "IRNA", "SPA"):
        assert reg.lookup(name).state_controlled, name
    for name in ("AP", "Reuters", "AFP", "Yonhap", "Kyodo", "NHK", "BBC", "ISNA"):
        assert not reg.lookup(name).state_controlled, name


def test_user_rows_override(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "name,aliases,country,kind,control,tier,slash_source,as_of,source,note\n"
        "Yonhap,Yonhap News Agency,KR,news_agency,SC,origin,,2025,our desk,test override\n",
        encoding="utf-8",
    )
    reg = load_registry(extra)
    assert reg.lookup("Yonhap News Agency").control == "SC"
    assert AgencyRegistry.default().lookup("Yonhap").control == "IP"


def test_the_name_index_reads_every_spelling_as_the_registry_does():
    """data/organisation_names.tsv is built from the registry files (`python -m
    captions.organisations.name_index`); a registry edit without a rebuild fails here."""
    from captions.organisations.name_index import NameIndex

    reg = AgencyRegistry.default()
    shipped = NameIndex.shipped()
    assert shipped.text() == NameIndex.of(reg).text(), "rebuild: python -m captions.organisations.name_index"
    for agency in reg:
        for spelling in (agency.name, *agency.aliases):
            assert shipped.canonical_name(spelling) == reg.canonical_name(spelling), spelling
    # spelt otherwise than the files: case, spacing, accents, hidden characters, brackets
    for written, canonical in (
        ("kcna", "KCNA"),
        ("  Korean   Central News Agency ", "KCNA"),
        ("(Xinhua)", "Xinhua"),
        ("K\u200bCNA", "KCNA"),
        ("not an organisation", None),
    ):
        found = shipped.canonical_name(written)
        assert found == reg.canonical_name(written), written
        assert (reg.get(found).name if found else None) == (reg.lookup(canonical).name if canonical else None), written


def test_a_user_registry_is_read_whole_for_a_query(tmp_path, monkeypatch):
    """With a user registry in use, its rows decide what a name stands for, as they do at ingest."""
    from captions.organisations.name_index import NameIndex, name_lookup

    assert isinstance(name_lookup(), NameIndex)  # no file: the shipped index
    extra = tmp_path / "mine.csv"
    extra.write_text("name,aliases,kind,control\nDesk Photo Service,DPS,photo_agency,IP\n", encoding="utf-8")
    assert name_lookup(str(extra)).canonical_name("dps") == "Desk Photo Service"
    monkeypatch.setenv("CAPTIONS_REGISTRY", str(extra))
    assert name_lookup().canonical_name("DPS") == "Desk Photo Service"
