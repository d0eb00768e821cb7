"""captions sources, audit and the provenance filters, through the CLI."""

import json

MATRIX = """Region,Country,Media company,Main assets,URL,Typology,Status,Notes
Asia,North Korea,Korean Central News Agency (KCNA),KCNA,http://example.invalid,SC,,
Europe,Ruritania,Ruritanian Telegraph Agency (RTA),News agency: RTA Wire,http://example.invalid,SC,,
Europe,Ruritania,Ruritania Media Group,Television: Strelsau TV,http://example.invalid,ISFM?,,
Europe,Ruritania,Ruritania Media Group,Radio Strelsau,http://example.invalid,,,
"""

CAPTIONS = (
    "\n".join(
        json.dumps(c)
        for c in [
            {"id": "a", "caption": "A parade in Pyongyang. KCNA via REUTERS"},
            {
                "id": "b",
                "caption": "A parade in Pyongyang. The content of this image is as provided and cannot be "
                "independently verified. (Korean Central News Agency/Korea News Service via AP)",
            },
            {"id": "c", "caption": "Sailors on deck, in this photo provided by the defense ministry. (Yonhap)"},
            {"id": "d", "caption": "Fans in Madrid. (AP Photo/Rosa Vega)"},
            {"id": "e", "caption": "A factory in Moscow. (Ivan Sokolov, Sputnik, Kremlin Pool Photo via AP)"},
        ]
    )
    + "\n"
)


def test_sources_show_explains(cli):
    result = cli("sources", "show", "Korean Central Television")
    assert result.exit_code == 0
    assert "KCTV" in result.stdout and "SC (state-controlled media)" in result.stdout
    assert "flagged state_media" in result.stdout
    assert cli("sources", "show", "Nowhere Gazette").exit_code == 1


def test_sources_list_filters(cli):
    rows = json.loads(cli("sources", "list", "--control", "SC", "--country", "KP", "--format", "json").stdout)
    names = {r["name"] for r in rows}
    assert {"KCNA", "KCTV", "Korea News Service"} <= names
    assert all(r["control"] == "SC" for r in rows)


def test_sources_import_matrix(cli, tmp_path):
    matrix = tmp_path / "matrix.csv"
    matrix.write_text(MATRIX, encoding="utf-8")
    result = cli("sources", "import", matrix)
    assert result.exit_code == 0, result.output
    assert "3 organisations added" in result.stdout and "(1 of them already in the shipped registry" in result.stdout
    assert "no typology" in result.stderr
    shown = json.loads(cli("sources", "show", "RTA", "--format", "json").stdout)
    assert shown["name"] == "RTA Wire" and shown["control"] == "SC" and shown["defined_in"].endswith("registry.csv")
    assert json.loads(cli("sources", "show", "Strelsau TV", "--format", "json").stdout)["control"] == "ISFM"
    # the imported agency now flags captions
    parsed = cli("parse", "-", "--format", "jsonl", input="A rally in Strelsau. (RTA Wire via AP)\n")
    assert json.loads(parsed.stdout)["state_media"] is True


def test_sources_import_refuses_other_csv(cli, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("sources", "import", other)
    assert result.exit_code == 1 and "not a State Media Monitor matrix" in result.stderr


def test_explicit_registry_must_exist(cli, tmp_path):
    result = cli("--registry", tmp_path / "missing.csv", "sources", "list")
    assert result.exit_code == 1 and "no such registry file" in result.stderr


def _ingest(cli, tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(CAPTIONS, encoding="utf-8")
    assert cli("ingest", path).exit_code == 0


def test_audit_finds_missing_disclaimers(cli, tmp_path):
    _ingest(cli, tmp_path)
    result = cli("audit", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert sorted(r["id"] for r in rows) == [1, 3, 5]  # b has its disclaimer, d is independent
    assert all("no verifiability disclaimer" in r["finding"] for r in rows)
    assert cli("audit", "--check").exit_code == 3


def test_audit_check_passes_when_clean(cli, tmp_path):
    path = tmp_path / "clean.jsonl"
    path.write_text(json.dumps({"caption": "Fans in Madrid. (AP Photo/Rosa Vega)"}) + "\n", encoding="utf-8")
    cli("ingest", path)
    assert cli("audit", "--check").exit_code == 0


def test_list_by_provenance_country_and_control(cli, tmp_path):
    _ingest(cli, tmp_path)
    ids = lambda *a: [r["id"] for r in json.loads(cli("list", "--format", "json", *a).stdout)]  # noqa: E731
    assert ids("--provenance", "handout") == [3]
    assert ids("--provenance", "independent") == [4]
    assert ids("--country", "kp") == [1, 2]
    assert ids("--control", "SC") == [1, 2, 5]
    assert cli("list", "--control", "XX").exit_code == 2
    assert cli("list", "--country", "North Korea").exit_code == 2


def test_bad_user_registry_row_is_named(cli, tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("name,kind\nStrelsau Courier,newsagency\n", encoding="utf-8")
    result = cli("--registry", mine, "sources", "list")
    assert result.exit_code == 1 and f"{mine}:2" in result.stderr and "kind" in result.stderr


def test_sources_list_covers_the_registry(cli):
    rows = json.loads(cli("sources", "list", "--format", "json").stdout)
    assert len(rows) >= 1500
    assert all(r["kind"] and r["control"] and r["source"] for r in rows)
