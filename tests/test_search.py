"""`captions search`: full-text search of descriptions, credits, people and places, on SQLite always
and on PostgreSQL when CAPTIONS_TEST_POSTGRES is set.  Captions written for these tests."""

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from captions.catalogue import Catalogue, Filters
from captions.catalogue.search import HIT_END, HIT_START, mark, search, snippet_parts, snippet_text, terms
from captions.cli import app

runner = CliRunner()

CAPTIONS = [
    {"id": "sp", "caption": "Farmers harvest coffee near São Paulo, Brazil, March 3, 2024. (AP Photo/Lucia Ferraz)"},
    {
        "id": "kcna",
        "caption": "Kim Jong Un tours a fish farm in South Hamgyong Province in this photo released "
        "May 4, 2024. (KCNA via Reuters)",
    },
    {
        "id": "ko",
        "caption": "김정은 국무위원장이 평양에서 열린 회의에 참석했다고 조선중앙통신이 5일 보도했다. (조선중앙통신=연합뉴스)",
    },
    {"id": "ja", "caption": "東京都内の公園で桜を楽しむ人々。2024年4月2日撮影(共同)"},
    {"id": "zh", "caption": "外国代表团在北京人民大会堂参观。(新华社记者 王林 摄)"},
    {
        "id": "ops",
        "caption": "Protesters hold signs reading NOT AND OR outside parliament in Madrid, Spain, "
        "May 6, 2024. (EFE/Carla Ruiz)",
    },
    {"id": "berlin", "caption": "A banner hangs from a balcony in Berlin, Germany, May 7, 2024. (Reuters/Hanna Vogel)"},
]

# (query, filters, expected input ids in any order, why)
CASES = [
    ("sao paulo", {}, {"sp"}, "diacritics removed: the plain spelling finds São Paulo"),
    ("SÃO PAULO", {}, {"sp"}, "case and accents folded on both sides"),
    ("ferraz", {}, {"sp"}, "the credit is searched: a photographer's name"),
    ("kcna", {}, {"kcna"}, "the credit is searched: an agency"),
    ("ham*", {}, {"kcna"}, "a trailing * is a prefix"),
    ('"fish farm"', {}, {"kcna"}, "a quoted phrase"),
    ('"farm fish"', {}, set(), "a phrase keeps its word order"),
    ("kim berlin", {}, set(), "every term must match"),
    ("NOT AND OR", {}, {"ops"}, "operators typed as words are searched as words"),
    ('kim "jong', {}, {"kcna"}, "an unbalanced quote is not a syntax error"),
    ("평양", {}, {"ko"}, "Korean: two syllables inside a longer word (평양에서), below a trigram"),
    ("국무위원장", {}, {"ko"}, "Korean: a substring through the trigram index"),
    ("公園", {}, {"ja"}, "Japanese: a word inside unspaced text"),
    ("人民大会堂", {}, {"zh"}, "Chinese: a word inside unspaced text"),
    ("2024", {"agency": "Reuters"}, {"kcna", "berlin"}, "combined with --agency (anywhere in the chain)"),
    ("2024", {"state_media": True}, {"kcna"}, "combined with a flag filter"),
    ("2024", {"since": "2024-05-05"}, {"ops", "berlin"}, "combined with a date filter"),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stored(request, tmp_path_factory, database):
    """A catalogue of CAPTIONS, and a map from input id to image id."""
    db = database(request.param, tmp_path_factory.mktemp("search") / "search.db")
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "captions.jsonl").write_text(
        "\n".join(json.dumps(c, ensure_ascii=False) for c in CAPTIONS), encoding="utf-8"
    )
    result = runner.invoke(app, ["ingest", str(folder / "captions.jsonl"), "--db", db])
    assert result.exit_code == 0, result.output
    catalogue = Catalogue.open(db)
    ids = {row["input_id"]: row["id"] for row in catalogue.query_images(Filters(), None or _registry())}
    return db, catalogue, ids


def _registry():
    from captions.organisations.registry import AgencyRegistry

    return AgencyRegistry.default()


@pytest.mark.parametrize("query, filters, expected, why", CASES, ids=[c[3] for c in CASES])
def test_search_finds(stored, query, filters, expected, why):
    _, catalogue, ids = stored
    found = {row["id"] for row in search(catalogue, query, Filters(**filters), _registry())}
    assert found == {ids[name] for name in expected}, why


def test_results_are_ranked_and_marked(stored):
    _, catalogue, ids = stored
    rows = search(catalogue, "Kim Jong Un", registry=_registry())
    assert [r["id"] for r in rows] == [ids["kcna"]]
    assert snippet_text(rows[0]["snippet"]).startswith("**Kim** **Jong** **Un**") or "**Kim Jong Un**" in snippet_text(
        rows[0]["snippet"]
    )
    assert rows[0]["score"] > 0
    korean = search(catalogue, "평양", registry=_registry())[0]
    assert "**평양**" in snippet_text(korean["snippet"])


def test_cli_search_takes_list_filters_and_formats(stored):
    db, _, ids = stored
    table = runner.invoke(app, ["search", "2024", "--agency", "Reuters", "--db", db])
    assert table.exit_code == 0 and table.stdout.split()[:5] == ["id", "date", "chain", "flags", "snippet"]
    assert len(table.stdout.splitlines()) == 2 + 2  # header, rule, the two Reuters images
    lines = runner.invoke(app, ["search", "berlin", "--format", "jsonl", "--db", db]).stdout.splitlines()
    row = json.loads(lines[0])
    assert row["id"] == ids["berlin"] and "**Berlin**" in row["snippet"] and "score" in row
    csv_out = runner.invoke(app, ["search", "madrid", "--format", "csv", "--limit", "1", "--db", db]).stdout
    assert csv_out.splitlines()[0].endswith('"snippet","score"') and len(csv_out.splitlines()) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["kim AND ("], "the query cannot be read"),
        (["!!! ---"], "nothing to search for"),
    ],
    ids=["an FTS5 syntax error", "nothing searchable"],
)
def test_bad_queries_say_one_line(tmp_path, args, message):
    db = str(tmp_path / "q.db")
    runner.invoke(app, ["ingest", "-", "--db", db], input=CAPTIONS[1]["caption"] + "\n")
    result = runner.invoke(app, ["search", *args, "--db", db] + (["--syntax"] if "(" in args[0] else []))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in result.output


def test_the_index_follows_every_write(tmp_path):
    """Triggers keep the index in step whoever writes: a plain sqlite3 insert, update and delete."""
    db = tmp_path / "w.db"
    runner.invoke(app, ["ingest", "-", "--db", str(db)], input=CAPTIONS[6]["caption"] + "\n")
    catalogue = Catalogue.open(str(db))
    assert len(search(catalogue, "balcony", registry=_registry())) == 1
    con = sqlite3.connect(db)
    con.execute("UPDATE images SET description = 'A flag flies over a stadium in Lyon.'")
    con.commit()
    assert search(catalogue, "balcony", registry=_registry()) == []
    assert len(search(catalogue, "lyon", registry=_registry())) == 1
    con.execute("DELETE FROM image_photographers")
    con.execute("DELETE FROM chain_links")
    con.execute("DELETE FROM images")
    con.commit()
    assert search(catalogue, "lyon", registry=_registry()) == []
    assert con.execute("INSERT INTO images_fts(images_fts) VALUES ('integrity-check')").fetchall() == []


def test_an_older_catalogue_gets_its_index(tmp_path):
    """A catalogue from before m005 (no index, no triggers) is indexed when it is opened."""
    db = tmp_path / "old.db"
    runner.invoke(app, ["ingest", "-", "--db", str(db)], input=CAPTIONS[2]["caption"] + "\n" + CAPTIONS[0]["caption"])
    con = sqlite3.connect(db)
    for trigger in ("images_search_insert", "images_search_delete", "images_search_update"):
        con.execute(f"DROP TRIGGER {trigger}")
    con.execute("DROP TABLE images_fts")
    con.execute("DROP TABLE images_trigram")
    con.execute("DELETE FROM schema_migrations WHERE version = 5")
    con.commit()
    result = runner.invoke(app, ["search", "sao paulo", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1
    assert len(json.loads(runner.invoke(app, ["search", "평양", "--db", str(db), "--format", "json"]).stdout)) == 1


# (query, terms as (text, prefix), why)
TERMS = [
    ("kim jong", [("kim", False), ("jong", False)], "words"),
    ('"kim jong" un*', [("kim jong", False), ("un", True)], "a phrase, a prefix"),
    ('say "hi"*', [("say", False), ("hi", True)], "a phrase may be a prefix"),
    ("-- !! ?", [], "punctuation alone is no term"),
    ('a"b', [("a", False), ("b", False)], "a stray quote splits"),
]


@pytest.mark.parametrize("query, expected, why", TERMS, ids=[t[2] for t in TERMS])
def test_terms(query, expected, why):
    assert [(t.text, t.prefix) for t in terms(query)] == expected, why


def test_marks_and_parts():
    marked = mark("Kim met kim in KIMPO", ["kim"])
    assert marked.count(HIT_START) == 3 and marked.count(HIT_END) == 3
    assert snippet_parts(f"a {HIT_START}b{HIT_END} c") == [("a ", False), ("b", True), (" c", False)]


def test_pages_of_equal_scores_neither_repeat_nor_skip(tmp_path):
    """The same caption in several files scores the same everywhere: paging by offset must still
    show each image once."""
    db = str(tmp_path / "p.db")
    for n in range(7):
        other = f"Workers paint a bridge in Oslo, Norway, May {n + 1}, 2024. (NTB/Per Berg)"
        (tmp_path / f"list{n}.txt").write_text(CAPTIONS[6]["caption"] + "\n" + other + "\n", encoding="utf-8")
        runner.invoke(app, ["ingest", str(tmp_path / f"list{n}.txt"), "--db", db, "--one-per-line"])
    catalogue = Catalogue.open(db)
    pages = [search(catalogue, "balcony", registry=_registry(), limit=3, offset=offset) for offset in (0, 3, 6)]
    ids = [row["id"] for page in pages for row in page]
    assert sorted(ids) == ids and len(set(ids)) == 7
