"""The catalogue's database behaviour, on SQLite always and on a real PostgreSQL server when
CAPTIONS_TEST_POSTGRES holds its SQLAlchemy URL (`.ci/postgres start DIR` prints one).

Each test gets an empty database: a fresh SQLite file, or the PostgreSQL schema dropped and made anew.
"""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from captions.cli import app

runner = CliRunner()

ARTICLE = """Harbour week

KCNA via Reuters
Kim Jong Un inspects a shipyard in Nampo, in an image released May 2.
Soldiers march past a tribune in Pyongyang on Friday. (Korean Central News Agency/Korea News Service via AP)

Crowds watch fireworks over the river in Seoul, South Korea, May 1, 2024. REUTERS/Ana Ruiz

Firefighters tackle a blaze in Andong, in this photo provided by the Gyeongbuk fire department. (Yonhap)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path, database):
    return database(request.param, tmp_path / "catalogue.db")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def invoke(*args, db):
    return runner.invoke(app, [str(a) for a in args] + ["--db", db])


def rows(*args, db):
    result = invoke("list", "--format", "json", *args, db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_caption_repeated_in_one_document_is_stored_once_in_any_batch(db):
    from captions import parse_caption
    from captions.catalogue import Catalogue
    from captions.organisations.registry import AgencyRegistry

    registry = AgencyRegistry.default()
    texts = [
        "Divers search a lake near Paju. (AP Photo/Mia Lund)",
        "Kim Jong Un waves. KCNA via REUTERS",
        "Divers search a lake near Paju. (AP Photo/Mia Lund)",  # repeats, in the next batch of two
        "Kim Jong Un waves. KCNA via REUTERS",
        "Crowds cheer in Seoul. REUTERS/Ana Ruiz",
        "Crowds cheer in Seoul. REUTERS/Ana Ruiz",
    ]  # same batch
    catalogue = Catalogue.open(db)
    with catalogue.writer("list.txt", "caption-list", "sha-1", batch_size=2) as writer:
        for n, text in enumerate(texts, 1):
            writer.add(parse_caption(text, registry=registry, locator=f"line {n}"))
    assert (writer.new, writer.old) == (3, 3)
    assert catalogue.count_images() == 3
    chains = sorted(tuple(r["chain"]) for r in rows(db=db))
    assert chains == [("AP",), ("KCNA", "Reuters"), ("Reuters",)]


def _sqlite_catalogue(tmp_path):
    from captions.catalogue import Catalogue

    return Catalogue.open(str(tmp_path / "catalogue.db")), tmp_path / "catalogue.db"


def _records(*texts):
    from captions import parse_caption
    from captions.organisations.registry import AgencyRegistry

    registry = AgencyRegistry.default()
    return [parse_caption(text, registry=registry, locator=f"line {n}") for n, text in enumerate(texts, 1)]


def test_a_batch_is_indexed_for_search_and_the_index_still_follows_other_writers(tmp_path):
    """The writer indexes a batch in one statement, with the insert trigger held back meanwhile;
    after it, a plain sqlite3 insert is indexed by the trigger as before."""
    import sqlite3

    catalogue, path = _sqlite_catalogue(tmp_path)
    with catalogue.writer("list.txt", "caption-list", "sha-1", batch_size=2) as writer:
        for record in _records(
            "Divers search a lake near Paju. (AP Photo/Mia Lund)",
            "東京の公園で花見を楽しむ人たち。(共同)",
            "Crowds cheer in Seoul. REUTERS/Ana Ruiz",
        ):
            writer.add(record)
    con = sqlite3.connect(path)
    fts = "SELECT rowid FROM images_fts WHERE images_fts MATCH ?"
    assert len(con.execute(fts, ("paju",)).fetchall()) == 1
    assert len(con.execute(fts, ("seoul",)).fetchall()) == 1
    assert len(con.execute("SELECT rowid FROM images_trigram WHERE images_trigram MATCH '公園で花'").fetchall()) == 1
    assert con.execute("SELECT count(*) FROM images_trigram").fetchone() == (1,)  # CJK rows only
    columns = "article_id, locator, fingerprint, raw, caption, description, credit, photographers, people, places"
    con.execute(
        f"INSERT INTO images ({columns}, language, anonymous, file_photo, pool, handout, state_media, disclaimer, "
        "unverifiable, provenance, reasons, disclaimers, metadata_mismatch) "
        "VALUES (1, 'x', 'fp', 'r', 'c', 'A kite over Lisbon.', '', '', '', '', 'en', 0, 0, 0, 0, 0, 0, 0, "
        "'unknown', '[]', '[]', 0)"
    )
    con.commit()
    assert len(con.execute(fts, ("lisbon",)).fetchall()) == 1
    assert con.execute("INSERT INTO images_fts(images_fts) VALUES ('integrity-check')").fetchall() == []


def test_a_batch_that_fails_leaves_the_stored_rows_and_the_index_whole(tmp_path):
    """A row the database refuses stops the run: its batch is rolled back whole (images, links
    and search rows, and the held-back trigger is there again), the batches before it stay."""
    import sqlite3

    from captions.catalogue.writer import IMAGE_COLUMNS, stored_row
    from captions.errors import StoreError

    catalogue, path = _sqlite_catalogue(tmp_path)
    good, also_good, bad = (
        stored_row(r)
        for r in _records(
            "Divers search a lake near Paju. (AP Photo/Mia Lund)",
            "Kim Jong Un waves. KCNA via REUTERS",
            "Crowds cheer in Seoul. REUTERS/Ana Ruiz",
        )
    )
    no_caption = list(bad.values)
    no_caption[IMAGE_COLUMNS.index("caption")] = None  # NOT NULL: refused mid-batch
    writer = catalogue.writer("list.txt", "caption-list", "sha-1", batch_size=2)
    writer.add(good)
    writer.add(also_good)  # the first batch: stored
    writer.add(bad._replace(values=tuple(no_caption)))
    with pytest.raises(StoreError):
        writer.flush()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM images").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM chain_links").fetchone() == (3,)
    trigger = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'images_search_insert'"
    assert con.execute(trigger).fetchone() == (1,)
    assert con.execute("INSERT INTO images_fts(images_fts) VALUES ('integrity-check')").fetchall() == []
    assert len(con.execute("SELECT rowid FROM images_fts WHERE images_fts MATCH 'seoul'").fetchall()) == 0


def test_a_long_list_parsed_by_worker_processes_is_stored_whole_and_in_order(tmp_path, monkeypatch):
    """Past PARALLEL_AFTER items, worker processes parse while this process writes: every
    caption is stored once, in input order, as one process would store it."""
    from captions import ingest

    # lowered (the workers inherit it) so that a short list goes through many small batches
    monkeypatch.setattr(ingest, "PARALLEL_AFTER", 40)
    monkeypatch.setattr(ingest, "BLOCK_BYTES", 700)
    path = tmp_path / "long.jsonl"
    count = 300
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"id": f"n{i}", "caption": f"Boats race on day {i}. (AP Photo/Mia Lund)"}) + "\n")
    stored = {}
    for jobs in ("1", "2"):
        db = str(tmp_path / f"jobs{jobs}.db")
        result = invoke("ingest", path, "--jobs", jobs, db=db)
        assert result.exit_code == 0, result.output
        assert f"{count} new" in result.output
        stored[jobs] = [(r["id"], r["locator"], r["chain"], r["photographers"]) for r in rows(db=db)]
    assert [locator for _, locator, _, _ in stored["2"]] == [f"line {i}" for i in range(1, count + 1)]
    assert stored["2"] == stored["1"]


def _ingest_by_jobs(path, tmp_path, db_name):
    stored, outputs = {}, {}
    for jobs in ("1", "2"):
        db = str(tmp_path / f"{db_name}{jobs}.db")
        result = invoke("ingest", path, "--jobs", jobs, db=db)
        outputs[jobs] = result
        stored[jobs] = [(r["locator"], r["caption"]) for r in rows(db=db)]
    return stored, outputs


def test_a_long_list_read_by_workers_warns_as_one_process_does(tmp_path, monkeypatch):
    """Workers decode and read their own blocks of a JSON Lines list: the bad lines are skipped
    with the same warnings in the same order, a caption printed twice is stored once, and a byte
    order mark is read only at the start."""
    from captions import ingest

    monkeypatch.setattr(ingest, "PARALLEL_AFTER", 40)
    monkeypatch.setattr(ingest, "BLOCK_BYTES", 300)
    monkeypatch.setattr(ingest, "BLOCKS_AHEAD_PER_JOB", 2)  # results taken while blocks are still sent
    lines = []
    for i in range(200):
        if i % 37 == 5:
            lines.append("{not json")
        elif i % 41 == 7:
            lines.append('["a list"]')
        elif i % 43 == 9:
            lines.append(json.dumps({"id": i}))
        elif i % 47 == 11:
            lines.append(json.dumps({"caption": "Gulls circle a pier in Busan. REUTERS/Ana Ruiz"}))  # again and again
        else:
            lines.append(json.dumps({"id": i, "caption": f"A tram crosses bridge {i} in Lisbon. (AP Photo/Rui Sá)"}))
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # no newline at the end
    stored, outputs = _ingest_by_jobs(path, tmp_path, "mixed")
    assert outputs["2"].exit_code == 0, outputs["2"].output
    assert outputs["2"].output == outputs["1"].output
    assert "mixed.jsonl:6: not JSON" in outputs["2"].output
    assert stored["2"] == stored["1"]
    assert sum(1 for _, caption in stored["2"] if "Gulls" in caption) == 1
    numbers = [int(locator.split()[1]) for locator, _ in stored["2"]]
    assert numbers[0] == 1 and numbers == sorted(numbers) and numbers[-1] == 199  # 200 repeats the gulls


def test_a_line_that_is_not_utf8_stops_a_long_list_after_the_lines_before_it(tmp_path, monkeypatch):
    from captions import ingest

    monkeypatch.setattr(ingest, "PARALLEL_AFTER", 40)
    monkeypatch.setattr(ingest, "BLOCK_BYTES", 500)
    lines = [
        json.dumps({"caption": f"Runners pass marker {i} on the coast road. REUTERS/Ana Ruiz"}).encode()
        for i in range(150)
    ]
    lines[120] = b'{"caption": "caf\xe9 owners protest. REUTERS/Ana Ruiz"}'
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    stored, outputs = _ingest_by_jobs(path, tmp_path, "latin1")
    for jobs in ("1", "2"):
        assert outputs[jobs].exit_code == 1
        assert "latin1.jsonl: not valid UTF-8 at line 121" in outputs[jobs].output
    assert len(stored["2"]) == 120
    assert stored["2"] == stored["1"]


def test_ingest_twice_stores_once(article, db):
    first = invoke("ingest", article, "--page-date", "2024-05-04", db=db)
    assert first.exit_code == 0, first.output
    assert "4 captions, 4 new, 0 already stored, 2 flagged unverifiable" in first.stdout
    again = invoke("ingest", article, "--page-date", "2024-05-04", db=db)
    assert "0 new, 4 already stored" in again.stdout
    assert len(rows(db=db)) == 4


def test_filters(article, db):
    invoke("ingest", article, "--page-date", "2024-05-04", db=db)
    assert [r["chain"] for r in rows("--agency", "Korean Central News Agency", db=db)] == [
        ["KCNA", "Reuters"],
        ["KCNA", "Korea News Service", "AP"],
    ]
    assert len(rows("--source", "reuters", db=db)) == 1
    assert [r["photographers"] for r in rows("--photographer", "ana ruiz", db=db)] == [["Ana Ruiz"]]
    assert len(rows("--person", "Kim Jong Un", db=db)) == 1
    assert len(rows("--country", "kp", "--control", "SC", db=db)) == 2
    assert [r["provenance"] for r in rows("--provenance", "handout", db=db)] == ["handout"]
    assert len(rows("--since", "2024-05-01", "--until", "2024-05-02", db=db)) == 2
    assert rows("--agency", "x' OR 1=1 --", db=db) == []
    assert len(rows("--unverifiable", "--limit", "1", db=db)) == 1


def test_agencies_audit_show_and_export(article, db, tmp_path):
    invoke("ingest", article, "--page-date", "2024-05-04", db=db)
    agencies = {r["agency"]: r for r in json.loads(invoke("agencies", "--format", "json", db=db).stdout)}
    assert agencies["KCNA"]["images"] == 2 and agencies["KCNA"]["as_origin"] == 2
    assert agencies["KCNA"]["control"] == "SC" and agencies["Reuters"]["unverifiable"] == 1
    audit = invoke("audit", "--check", "--format", "json", db=db)
    assert audit.exit_code == 3
    assert {r["provenance"] for r in json.loads(audit.stdout)} == {"state_media", "handout"}
    shown = invoke("show", "1", db=db)
    assert "origin KCNA is state-controlled media" in shown.stdout
    out = tmp_path / "out.csv"
    assert invoke("export", out, db=db).exit_code == 0
    exported = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["chain"] for r in exported][:2] == ["KCNA; Reuters", "KCNA; Korea News Service; AP"]


# Captions in our own words: a state-media origin with the agencies' disclaimer, a plain wire photo,
# KCNA by its full name through two distributors; then a list holding one caption twice.
COUNTED_FIRST = [
    "Soldiers march past the stand in Pyongyang on Monday. The content of this image is as provided "
    "and cannot be independently verified. (KCNA via AP)",
    "A ferry docks at dawn in the harbour of Busan on Tuesday. (AP Photo/Mina Cho)",
    "Farm workers plant rice near Kaesong. (Korean Central News Agency/Korea News Service via AP)",
]
COUNTED_SECOND = [
    "Fans wave flags outside the stadium in Seoul on Friday. REUTERS/Jin Park",
    "A crane lifts a container at the port of Incheon. (AP Photo/Mina Cho)",
    "Fans wave flags outside the stadium in Seoul on Friday. REUTERS/Jin Park",
]


def _grouped_counts(db: str) -> dict[str, tuple[int, int, int]]:
    """Each organisation's counts grouped from the links themselves, as agency_counts should keep them."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT agencies.name, count(DISTINCT chain_links.image_id), "
                "count(DISTINCT CASE WHEN chain_links.position = 0 THEN chain_links.image_id END), "
                "count(DISTINCT CASE WHEN images.unverifiable THEN chain_links.image_id END) "
                "FROM chain_links JOIN agencies ON agencies.id = chain_links.agency_id "
                "JOIN images ON images.id = chain_links.image_id GROUP BY agencies.name"
            )
        ).all()
    engine.dispose()
    return {name: (images, origin, flagged) for name, images, origin, flagged in rows}


def test_agency_counts_are_kept_as_images_are_stored(db, tmp_path):
    """`agencies` reads counts the writer keeps (m007): after three ingests (a caption twice in one
    list, stored once; the first list again, stored before), they are what grouping every link gives."""
    for name, captions in (("first", COUNTED_FIRST), ("second", COUNTED_SECOND), ("first", COUNTED_FIRST)):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps({"caption": c}) + "\n" for c in captions), encoding="utf-8")
        assert invoke("ingest", path, db=db).exit_code == 0
    listed = json.loads(invoke("agencies", "--format", "json", db=db).stdout)
    kept = {r["agency"]: (r["images"], r["as_origin"], r["unverifiable"]) for r in listed}
    assert kept == _grouped_counts(db)
    assert kept["KCNA"] == (2, 2, 2) and kept["AP"] == (4, 2, 2) and kept["Reuters"] == (1, 1, 0)


def test_migrations_are_recorded(article, db):
    from sqlalchemy import create_engine

    from captions.catalogue import migrations

    invoke("ingest", article, db=db)
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    assert migrations.current_version(engine) == migrations.MIGRATIONS[-1][0]
    assert migrations.migrate(engine) == []  # nothing left to do
    engine.dispose()


def test_chains_of_an_older_catalogue_are_rebuilt_in_custody_order(article, db):
    """m003 on a catalogue from before it: the chain column is added and filled from the links."""
    from sqlalchemy import create_engine, text

    from captions.catalogue import migrations

    invoke("ingest", article, db=db)
    expected = json.loads(invoke("list", "--format", "json", db=db).stdout)
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE images DROP COLUMN chain"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 3"))
    assert migrations.migrate(engine) == ["m003_image_chain"]
    engine.dispose()
    rows = json.loads(invoke("list", "--format", "json", db=db).stdout)
    assert rows == expected
    assert [r["chain"] for r in rows][:2] == [["KCNA", "Reuters"], ["KCNA", "Korea News Service", "AP"]]


@pytest.mark.slow
def test_two_processes_ingesting_at_once_lose_nothing(db, tmp_path):
    lists = []
    for prefix in "ab":
        path = tmp_path / f"{prefix}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(800):
                caption = f"Ships leave port in Busan on day {prefix}{i}. REUTERS/Kim Hong-ji"
                fh.write(json.dumps({"id": f"{prefix}{i}", "caption": caption}) + "\n")
        lists.append(path)
    env = dict(os.environ, CAPTIONS_DB=db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "captions", "ingest", str(p), "--jobs", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in lists
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "800 new" in out
    listed = rows(db=db)
    assert len(listed) == 1600
    assert len({r["caption"] for r in listed}) == 1600
    assert all(r["chain"] == ["Reuters"] and r["photographers"] == ["Kim Hong-ji"] for r in listed)


def test_an_unreachable_server_is_one_line_without_the_password():
    result = runner.invoke(app, ["list", "--db", "postgresql+psycopg://desk:S3CRET@127.0.0.1:1/captions"])
    assert result.exit_code == 1
    assert "cannot open the catalogue postgresql+psycopg://desk:***@127.0.0.1:1/captions" in result.output
    assert "S3CRET" not in result.output and "Traceback" not in result.output
