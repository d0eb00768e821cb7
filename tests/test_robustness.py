"""Bad input, hostile values and exports that are safe to open: one clear line, never a traceback."""
import csv
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from captions.cli import app
from captions.output import neutralise

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def no_traceback(result):
    return "Traceback" not in result.output


def test_formula_cells_are_neutralised(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(json.dumps({"caption": "=HYPERLINK(\"http://x.invalid\",\"click\") REUTERS/Ana Cruz"}) + "\n",
                    encoding="utf-8")
    assert invoke("ingest", path).exit_code == 0
    safe = list(csv.DictReader(io.StringIO(invoke("export", "-").stdout)))[0]
    assert safe["description"].startswith("'=HYPERLINK")
    raw = list(csv.DictReader(io.StringIO(invoke("export", "-", "--raw").stdout)))[0]
    assert raw["description"].startswith("=HYPERLINK")


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Kim " + cell) == "Kim " + cell


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = invoke("ingest", path)
    assert result.exit_code == 1 and "empty file" in result.stderr and no_traceback(result)


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Crowds gather in Kyiv, Ukraine. REUTERS/Anna Bond\n".encode("utf-16"))
    result = invoke("ingest", path, "--one-per-line")
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout


def test_db_in_a_missing_folder(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"caption": "Fans. (AP Photo/Lia Neri)"}) + "\n", encoding="utf-8")
    result = invoke("ingest", path, "--db", tmp_path / "nowhere" / "x.db")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and no_traceback(result)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_db_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"caption": "Fans. (AP Photo/Lia Neri)"}) + "\n", encoding="utf-8")
    result = invoke("ingest", path, "--db", folder / "x.db")
    assert result.exit_code == 1 and "read-only" in result.stderr


def test_large_html_page_with_broken_markup(tmp_path):
    paragraph = "<p>Officials met to discuss the budget. " * 30 + "\n"
    figure = '<figure><figcaption>Crowds in Seoul. <span class="credit">REUTERS/Kim Hong-ji</span></figure>'
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + paragraph * 2000 + figure + paragraph * 2000, encoding="utf-8")
    result = invoke("ingest", path)
    assert result.exit_code == 0 and "1 captions" in result.stdout


def test_unknown_agency_and_no_credit_are_records(tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(json.dumps({"caption": "A man walks in Oslo. (Nowhere Picture Service)"}) + "\n"
                    + json.dumps({"caption": "A man walks in Oslo."}) + "\n", encoding="utf-8")
    assert invoke("ingest", path).exit_code == 0
    rows = json.loads(invoke("list", "--format", "json").stdout)
    assert rows[0]["chain"] == ["Nowhere Picture Service"] and rows[1]["chain"] == []


def test_impossible_date_in_a_caption_is_no_date():
    result = invoke("parse", "-", "--format", "jsonl", input="Fans in Rome on Feb. 31, 2024. (AP Photo/Lia Neri)\n")
    assert json.loads(result.stdout)["date"] is None


def test_a_failed_ingest_keeps_what_is_stored(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"caption": "Fans. (AP Photo/Lia Neri)"}) + "\n", encoding="utf-8")
    invoke("ingest", good)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    assert invoke("ingest", junk).exit_code == 1
    assert len(json.loads(invoke("list", "--format", "json").stdout)) == 1


captions = st.tuples(
    st.sampled_from(["Crowds gather", "President Lena Varga speaks", "Soldiers march", "Fans cheer"]),
    st.sampled_from(["in Seoul, South Korea", "in Moscow, Russia", "in Pyongyang, North Korea", "in Paris"]),
    st.sampled_from(["on Monday", "March 3, 2024", "", "Feb. 29, 2023"]),
    st.sampled_from(["(AP Photo/Lia Neri)", "REUTERS/Stringer", "KCNA via REUTERS", "(Xinhua/Li Wei)",
                     "ANNA BOND/AFP via Getty Images", "(Yonhap)", "", "=cmd|' /C calc'!A0"]),
    st.integers(min_value=0, max_value=10_000),
).map(lambda t: f"{t[0]} {t[1]} {t[2]} (no. {t[4]}). {t[3]}".replace("  ", " "))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(captions, min_size=1, max_size=8, unique=True))
def test_store_export_reimport_keeps_records(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "caption": c, "page_date": "2024-03-14"}) + "\n"
                              for i, c in enumerate(items)), encoding="utf-8")
    first, second = folder / "first.db", folder / "second.db"
    assert invoke("ingest", source, "--db", first).exit_code == 0
    exported = folder / "out.jsonl"
    assert invoke("export", exported, "--format", "jsonl", "--db", first).exit_code == 0
    assert invoke("ingest", exported, "--db", second).exit_code == 0
    keys = ["date", "date_released", "photographers", "chain", "source", "agency", "state_media", "unverifiable",
            "handout", "people", "places", "description", "credit", "reasons"]
    a = [{k: r[k] for k in keys} for r in json.loads(invoke("list", "--format", "json", "--db", first).stdout)]
    b = [{k: r[k] for k in keys} for r in json.loads(invoke("list", "--format", "json", "--db", second).stdout)]
    assert a == b
