"""The command line, end to end, through typer's CliRunner."""

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from captions.fields import EXPORT_COLUMNS

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_ingest_then_list_unverifiable(cli, article):
    result = cli("ingest", article, "--page-date", "2024-03-04")
    assert result.exit_code == 0, result.output
    assert "1 files read (1 article): 3 captions, 3 new, 0 already stored, 2 flagged unverifiable" in result.stdout
    listed = cli("list", "--unverifiable", "--format", "json")
    rows = json.loads(listed.stdout)
    assert [r["chain"] for r in rows] == [["KCNA", "Reuters"], ["KCNA", "Reuters"]]
    assert rows[0]["date"] == "2024-03-03"
    assert any("origin KCNA is state-controlled media" in reason for reason in rows[0]["reasons"])


def test_reingest_adds_nothing(cli, article):
    cli("ingest", article)
    again = cli("ingest", article)
    assert again.exit_code == 0
    assert "0 new, 3 already stored" in again.stdout
    assert len(json.loads(cli("list", "--format", "json").stdout)) == 3


def test_default_database_is_db_captions_db(cli, article, monkeypatch, tmp_path):
    monkeypatch.delenv("CAPTIONS_DB")
    assert cli("ingest", article).exit_code == 0
    assert (tmp_path / "db" / "captions.db").exists()


def test_db_option_wins_over_environment(cli, article, tmp_path):
    other = tmp_path / "other.db"
    cli("ingest", article, "--db", other)
    assert other.exists()
    assert json.loads(cli("list", "--db", other, "--format", "json").stdout)
    assert cli("list").exit_code == 1  # CAPTIONS_DB has no catalogue yet


def test_filters_use_the_chain_and_people(cli, article):
    cli("ingest", article)
    rows = lambda *a: json.loads(cli("list", "--format", "json", *a).stdout)  # noqa: E731
    assert len(rows("--agency", "Korean Central News Agency")) == 2  # an alias finds the canonical name
    assert len(rows("--agency", "reuters")) == 3
    assert len(rows("--source", "Reuters")) == 1
    assert [r["photographers"] for r in rows("--photographer", "Jin Park")] == [["Jin Park"]]
    assert len(rows("--person", "kim jong un")) == 1
    assert len(rows("--state-media", "--limit", "1")) == 1


def test_hostile_filter_is_a_bound_parameter(cli, article):
    cli("ingest", article)
    result = cli("list", "--agency", "x' OR 1=1 --", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_person_filter_uses_an_index(cli, article, tmp_path):
    cli("ingest", article)
    con = sqlite3.connect(tmp_path / "test.db")
    plan = con.execute("EXPLAIN QUERY PLAN SELECT image_id FROM image_people WHERE key = 'kim jong un'").fetchall()
    assert "USING COVERING INDEX ix_person_key_image" in " ".join(row[-1] for row in plan)
    plan = con.execute("EXPLAIN QUERY PLAN SELECT image_id FROM chain_links WHERE agency_id = 1").fetchall()
    assert "ix_chain_agency_image" in " ".join(row[-1] for row in plan)


def test_show_prints_chain_flags_and_reasons(cli, article):
    cli("ingest", article)
    result = cli("show", "1")
    assert result.exit_code == 0
    assert "KCNA -> Reuters" in result.stdout
    assert "because origin KCNA is state-controlled media (North Korea; State Media Monitor: SC" in result.stdout
    assert cli("show", "99").exit_code == 1


def test_agencies_counts(cli, article):
    cli("ingest", article)
    rows = json.loads(cli("agencies", "--format", "json").stdout)
    by_name = {r["agency"]: r for r in rows}
    assert by_name["Reuters"]["images"] == 3 and by_name["Reuters"]["unverifiable"] == 2
    assert by_name["KCNA"]["control"] == "SC" and by_name["KCNA"]["as_origin"] == 2


def test_export_csv_columns_and_rows(cli, article, tmp_path):
    cli("ingest", article)
    out = tmp_path / "out.csv"
    result = cli("export", out)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert [r["chain"] for r in rows] == ["KCNA; Reuters", "KCNA; Reuters", "Reuters"]
    stdout = cli("export", "-", "--state-media", "--format", "jsonl").stdout.splitlines()
    assert len(stdout) == 2 and json.loads(stdout[0])["state_media"] is True


def test_chains_stay_with_their_images_across_pages(cli, tmp_path):
    # more images than one page of reading (1,000), every fifth from KCNA: the export (lines that
    # SQLite writes) and a sparse filtered list (rows built here) must both give each image its own chain
    src = tmp_path / "list.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i in range(1100):
            credit = "KCNA via REUTERS" if i % 5 == 0 else "(AP Photo/Mia Lund)"
            fh.write(
                json.dumps({"id": f"c{i}", "caption": f"Crew {i} paints hull number {i} at a dock. {credit}"}) + "\n"
            )
    assert cli("ingest", src).exit_code == 0
    exported = list(csv.DictReader(io.StringIO(cli("export", "-").stdout)))
    assert len(exported) == 1100
    for row in exported:
        number = int(row["description"].split()[1])
        assert row["chain"] == ("KCNA; Reuters" if number % 5 == 0 else "AP"), row
    listed = json.loads(cli("list", "--agency", "KCNA", "--format", "json").stdout)
    assert len(listed) == 220 and all(r["chain"] == ["KCNA", "Reuters"] for r in listed)


TRICKY_CAPTIONS = [
    "=SUM(A1:A9) Dockers unload rice in Nampo, North Korea, on May 2, 2024. KCNA via REUTERS",
    "-5 degrees: skaters on the Taedong river in Pyongyang, Jan. 9, 2024. (Korean Central News Agency/"
    "Korea News Service via AP)",
    '@desk: a "quoted" banner, commas, and more, in Seoul, South Korea. REUTERS/Ana Ruiz',
    "A crowd on the quay\nat dusk in Busan. (Yonhap)",
    "소방관들이 안동에서 산불을 진화하고 있다. (연합뉴스)",
    "Delegates arrive for the plenary session.",
    "+82 dialled: a call centre in Incheon, South Korea, in this handout photo released by the city. "
    "Incheon City Hall/Handout via REUTERS. THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
]


def test_csv_that_sqlite_writes_is_the_csv_written_here(cli, tmp_path):
    """`export` to CSV on SQLite has the database write each line (Catalogue.csv_pages); the bytes
    must be those that write_rows makes of the same rows, whatever the cells hold and the filters."""
    from captions.catalogue import Catalogue, Filters
    from captions.organisations.registry import AgencyRegistry
    from captions.output import to_string

    src = tmp_path / "tricky.jsonl"
    src.write_text(
        "".join(json.dumps({"caption": c}, ensure_ascii=False) + "\n" for c in TRICKY_CAPTIONS), encoding="utf-8"
    )
    assert cli("ingest", src).exit_code == 0
    catalogue = Catalogue.open(None, create=False)
    registry = AgencyRegistry.default()
    assert catalogue.csv_pages(Filters(), registry) is not None
    cases = [
        ((), Filters(), False),
        (("--raw",), Filters(), True),
        (("--agency", "KCNA"), Filters(agency="KCNA"), False),
        (("--limit", "3", "--unverifiable"), Filters(limit=3, unverifiable=True), False),
    ]
    for args, filters, raw in cases:
        expected = to_string(catalogue.query_images(filters, registry, EXPORT_COLUMNS), EXPORT_COLUMNS, "csv", raw=raw)
        out = tmp_path / "out.csv"
        assert cli("export", out, *args).exit_code == 0
        assert out.read_bytes() == expected.encode("utf-8"), args
        assert cli("export", "-", *args).stdout_bytes == expected.encode("utf-8"), args
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3 and all(r["unverifiable"] == "true" for r in rows)
    everything = list(csv.DictReader(io.StringIO(cli("export", "-").stdout)))
    assert len(everything) == len(TRICKY_CAPTIONS)
    assert [r["description"][:2] for r in everything][:3] == ["'=", "'-", "'@"]
    assert '"quoted"' in everything[2]["description"] and everything[4]["chain"] == "Yonhap"


def test_parse_jsonl_contract(cli, tmp_path):
    src = tmp_path / "list.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a1", "caption": "Troops parade in Pyongyang on Monday. KCNA via REUTERS", "page_date": "2024-03-14"}
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("parse", src, "--format", "jsonl")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    for key in (
        "id",
        "caption",
        "description",
        "credit",
        "date",
        "date_released",
        "photographers",
        "anonymous",
        "chain",
        "source",
        "agency",
        "file_photo",
        "pool",
        "handout",
        "state_media",
        "disclaimer",
        "unverifiable",
        "reasons",
        "people",
        "places",
    ):
        assert key in record
    assert record["id"] == "a1" and record["date"] == "2024-03-11" and record["source"] == "KCNA"


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "jsonl"])
def test_parse_formats(cli, fmt):
    result = cli("parse", "-", "--format", fmt, input="Troops parade. (Xinhua/Li Wei)\n")
    assert result.exit_code == 0
    assert "Xinhua" in result.stdout


def test_parse_explain_shows_labels(cli):
    result = cli("parse", "-", "--explain", input="Troops parade in Minsk. REUTERS/Stringer\n")
    assert "PLACEHOLDER" in result.stdout and "ORG" in result.stdout
    assert "chain:        Reuters" in result.stdout


def test_ingest_examples_folder(cli):
    result = cli("ingest", EXAMPLES)
    assert result.exit_code == 0, result.output
    assert "5 files read (1 article, 1 caption list, 2 images, 1 web page)" in result.stdout
    assert json.loads(cli("list", "--unverifiable", "--format", "json").stdout)


def test_bad_page_date_is_a_usage_error(cli, article):
    result = cli("ingest", article, "--page-date", "2024-02-30")
    assert result.exit_code == 2
    assert "Error: --page-date: not a date: '2024-02-30'" in result.stderr
    assert "Traceback" not in result.output


def test_bad_since_is_a_usage_error(cli, article):
    cli("ingest", article)
    result = cli("list", "--since", "yesterday")
    assert result.exit_code == 2 and "Error: --since: not a date" in result.stderr


def test_missing_file(cli, tmp_path):
    result = cli("ingest", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no such file" in result.stderr


def test_folder_without_captions(cli, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "body.txt").write_text("Just body text. Nothing else.\n", encoding="utf-8")
    result = cli("ingest", folder / "body.txt")
    assert result.exit_code == 1 and "no captions found" in result.stderr


def test_binary_file_is_reported_and_others_still_stored(cli, tmp_path, article):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 10)
    shutil.copy(article, folder / "article.txt")
    result = cli("ingest", folder)
    assert result.exit_code == 1
    assert "binary file" in result.stderr and "3 new" in result.stdout
    assert "Traceback" not in result.output


def test_database_that_is_not_sqlite(cli, tmp_path, article):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    result = cli("ingest", article, "--db", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open the catalogue")
    assert "Traceback" not in result.output


def test_broken_utf8_is_reported_and_skipped(cli, tmp_path, article):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Crowds in Kyiv. REUTERS/Anna Bond\n" + b"\xff\xfe\xfa bad bytes\n")
    result = cli("ingest", path, article)
    assert result.exit_code == 1
    assert "broken.txt: not valid UTF-8 at line 2" in result.stderr
    assert "3 new" in result.stdout and "1 files failed" in result.stdout


def test_jsonl_broken_line_is_reported_with_its_number(cli, tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(
        '{"id": "1", "caption": "Troops parade. (AP Photo/Li Wei)"}\n{broken\n'
        '{"id": "3", "caption": "Crowds. REUTERS/Stringer"}\n',
        encoding="utf-8",
    )
    result = cli("ingest", path)
    assert result.exit_code == 0
    assert "list.jsonl:2: not JSON" in result.stderr
    assert "2 captions, 2 new" in result.stdout


def test_help_teaches_by_example(cli):
    for command in ("ingest", "parse", "list", "show", "agencies", "export"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "captions " + command in result.stdout, command


def test_a_named_command_runs_alone_and_reads_as_in_the_whole_app():
    """`captions show 3` builds only `show` (cli.app_for); its help, usage and errors read as the
    whole app's.  `captions --help` lists the commands without building their options, and a
    word that may be a misspelt command gets the whole app."""
    from typer.testing import CliRunner

    from captions.cli import app, app_for

    runner = CliRunner()
    for args in (
        ["list", "--help"],
        ["--debug", "export", "--help"],
        ["--registry", "none.csv", "show", "--help"],
        ["sources", "list", "--help"],
        ["show"],
        ["list", "--limit", "zero"],
    ):
        alone, whole = app_for(args), app
        assert alone is not whole and len(alone.registered_commands) + len(alone.registered_groups) == 1, args
        ran, expected = runner.invoke(alone, args), runner.invoke(whole, args)
        assert (ran.exit_code, ran.stdout, ran.stderr) == (expected.exit_code, expected.stdout, expected.stderr), args
    for args in (["lst"], ["--no-such-option", "list"], ["--registry=mine.csv", "list"]):
        assert app_for(args) is app, args  # a word that may be a command: the whole app decides
    for args in (["--help"], [], ["--debug", "--help"], ["--registry"], ["--registry", "mine.csv", "--help"]):
        listing = app_for(args)  # the commands stand in, by name and help, to be listed
        assert listing is not app and len(listing.registered_commands) == len(app.registered_commands)
        ran, expected = runner.invoke(listing, args), runner.invoke(app, args)
        assert (ran.exit_code, ran.stdout, ran.stderr) == (expected.exit_code, expected.stdout, expected.stderr), args
    listed = runner.invoke(app, ["--help"]).stdout
    assert all(f"  {name} " in listed for name in ("parse", "ingest", "list", "show", "sources", "serve"))


def test_migrations_are_recorded_and_run_once(cli, tmp_path, article):
    from captions.catalogue.migrations import MIGRATIONS

    db = tmp_path / "m.db"
    cli("ingest", article, "--db", db)
    cli("ingest", article, "--db", db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall() == [
        (version, name) for version, name, _ in MIGRATIONS
    ]


def test_an_old_catalogue_is_upgraded_and_keeps_its_records(cli, tmp_path, article):
    """A catalogue at schema version 1 (no origin index, no chain column, no needs_review or
    truncated flags) opens, gains the later steps, and loses nothing: its chains are rebuilt from
    the links, in custody order."""
    from captions.catalogue.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    cli("ingest", article, "--db", db, "--page-date", "2024-03-04")
    con = sqlite3.connect(db)
    con.execute("UPDATE images SET needs_review = 0, truncated = 0")  # flags a version-1 catalogue lacks
    con.commit()
    exported = cli("export", "-", "--db", db).stdout
    con.execute("DROP INDEX ix_chain_origin")
    con.execute("DROP INDEX ix_images_needs_review")
    for column in ("chain", "needs_review", "truncated"):
        con.execute(f"ALTER TABLE images DROP COLUMN {column}")
    con.execute("DELETE FROM schema_migrations WHERE version > 1")
    con.commit()
    before = con.execute("SELECT id, raw, reasons FROM images ORDER BY id").fetchall()
    result = cli("list", "--db", db, "--country", "KP", "--format", "json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 2
    assert [r["chain"] for r in json.loads(result.stdout)] == [["KCNA", "Reuters"], ["KCNA", "Reuters"]]
    assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    assert con.execute("SELECT id, raw, reasons FROM images ORDER BY id").fetchall() == before
    assert cli("export", "-", "--db", db).stdout == exported
    plan = con.execute("EXPLAIN QUERY PLAN SELECT image_id FROM chain_links WHERE position = 0 AND agency_id = 1")
    assert "ix_chain_origin" in " ".join(row[-1] for row in plan.fetchall())
