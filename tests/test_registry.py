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
