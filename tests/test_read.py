"""The read path: read commands run their SQL over the plain driver, and load neither SQLAlchemy
nor pydantic nor the parser; that SQL names only the tables and columns the schema declares."""

import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from captions.catalogue import Catalogue, Filters, read, sql
from captions.catalogue import schema as tables
from captions.catalogue.lines import csv_line_sql, json_line_sql
from captions.catalogue.migrations import MIGRATIONS
from captions.fields import EXPORT_COLUMNS
from captions.organisations.registry import AgencyRegistry

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "captions.parsing", "captions.readers", "ahocorasick")
# (psycopg is what a PostgreSQL catalogue is read with: it is not in HEAVY)


def test_the_reader_knows_the_last_migration():
    assert MIGRATIONS[-1][0] == read.SCHEMA_VERSION


def test_the_read_sql_agrees_with_the_schema():
    for name in ("Kim Jong-Un", "  ANA  ruiz ", "Émile-Zola"):  # what the writer joins, the reader splits back
        assert sql.split_names(tables.join_names([name, "b"])) == [name, "b"]
    assert sql.name_key("  Kim   Jong-Un ") == sql.name_key("kim jong un")
    every = Filters(
        agency="KCNA",
        source="KCNA",
        photographer="A",
        person="B",
        since="2020",
        until="2021",
        state_media=True,
        unverifiable=True,
        needs_review=True,
        provenance="handout",
        country="KP",
        control="SC",
        audit=True,
        limit=3,
    )
    w = sql.where(every, AgencyRegistry.default())
    kept, columns = sql.field_columns(None)
    texts = [
        sql.select_images(columns, w, 3)[0],
        csv_line_sql(EXPORT_COLUMNS, "; "),
        json_line_sql(EXPORT_COLUMNS),
        sql.AGENCY_COUNTS,
    ]
    known = {t.name: {c.name for c in t.columns} for t in tables.SQLModel.metadata.sorted_tables}
    for text in texts:
        for table, column in re.findall(r'\b([a-z_]+)\."?(\w+)"?', text):
            assert column in known[table], f"{table}.{column}"


def test_rows_read_over_the_driver_are_the_rows_read_through_sqlalchemy(cli, article):
    """The web desk and search read through SQLAlchemy (query.image_dict), the commands over the
    driver: the same image reads the same either way, keys in the same order."""
    from captions.catalogue.query import image_dict, images_select

    assert cli("ingest", article).exit_code == 0
    catalogue = Catalogue.open(None, create=False)
    with catalogue.engine.connect() as conn:
        through_sqlalchemy = [image_dict(row) for row in conn.execute(images_select().order_by(tables.IMAGES.c.id))]
    assert list(catalogue.query_images(Filters(), None)) == through_sqlalchemy
    assert [list(r) for r in catalogue.query_images(Filters(), None)] == [list(r) for r in through_sqlalchemy]


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--agency", "KCNA", "--unverifiable", "--limit", "5"],
        ["show", "1"],
        ["agencies"],
        ["export", "-", "--format", "jsonl"],
    ],
)
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_read_commands_load_only_what_they_use(cli, article, tmp_path, database, kind, args):
    db = database(kind, tmp_path / "read.db")
    assert cli("ingest", article, "--db", db).exit_code == 0
    probe = (
        "import sys\n"
        "from captions.cli import main\n"
        f"sys.argv = ['captions', *{args!r}, '--db', {str(db)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        f"print('LOADED', sorted({{m.split('.')[0] if not m.startswith('captions.') else '.'.join(m.split('.')[:2]) for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "LOADED []"


def test_list_prints_from_columns_the_table_rows_would_print(cli, catalogue):
    from captions.cli.catalogue import LIST_COLUMNS
    from captions.output import to_string

    cat = Catalogue.open(str(catalogue), create=False)
    for filters in (Filters(), Filters(unverifiable=True), Filters(needs_review=True, limit=2)):
        rows = list(cat.query_images(filters, None))
        args = ["--unverifiable"] if filters.unverifiable else []
        args += ["--needs-review", "--limit", "2"] if filters.needs_review else []
        printed = cli("list", "--db", catalogue, *args)
        assert printed.exit_code == 0
        assert printed.stdout == to_string(rows, LIST_COLUMNS, "table")


@pytest.mark.parametrize(
    "stored",
    [
        "[]",
        '["one reason"]',
        '["one", "two", "three"]',
        '["one","two"]',  # compact, as another writer may store it
        '[ "one" , "two" ]',
        '["a \\"quoted\\" word", "b"]',
        '["caf\\u00e9", "café; again", "x, \\", \\" y"]',
        '["", "after an empty one"]',
    ],
)
def test_the_csv_sqlite_writes_reads_any_stored_list_of_reasons(cli, article, tmp_path, stored):
    """The export's SQL joins a stored list of reasons whatever its JSON looks like (compact,
    spaced, escaped): the cell is the one write_rows makes of the decoded list."""
    import sqlite3

    from captions.output import to_string

    db = tmp_path / "reasons.db"
    assert cli("ingest", article, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("UPDATE images SET reasons = ?", (stored,))
    catalogue = Catalogue.open(str(db), create=False)
    expected = to_string(catalogue.query_images(Filters(), None, EXPORT_COLUMNS), EXPORT_COLUMNS, "csv", raw=True)
    written = b"".join(lines for _, lines in catalogue.csv_pages(Filters(), None))
    assert expected.split("\n", 1)[1].encode() == written


@pytest.mark.parametrize(
    "stored",
    [
        "[]",
        "[ ]",
        '["one reason"]',
        '["one","two"]',
        '["a \\"quoted\\" word", "b"]',
        '["caf\\u00e9", ""]',
        '["\\u202e x"]',
        '[1, "not a string first"]',
    ],
)
def test_the_json_lines_sqlite_writes_are_the_lines_written_in_python(cli, article, tmp_path, stored):
    """export --format jsonl has SQLite write each object (lines.py): the same bytes as
    json_text of the row read back, whatever a stored list of reasons looks like."""
    import sqlite3

    db = tmp_path / "reasons.db"
    assert cli("ingest", article, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("UPDATE images SET reasons = ?", (stored,))
    assert _json_lines_both_ways(db)


def _json_lines_both_ways(db) -> bool:
    import io

    from captions.output import write_json_pages, write_rows

    catalogue = Catalogue.open(str(db), create=False)
    expected = io.StringIO()
    write_rows(catalogue.query_images(Filters(), None, EXPORT_COLUMNS), EXPORT_COLUMNS, "jsonl", expected)
    written = io.BytesIO()
    write_json_pages(catalogue.json_pages(Filters(), None), written)
    assert written.getvalue().decode("utf-8") == expected.getvalue()
    return True


def test_the_json_line_quotes_by_concatenation_every_text_the_schema_lets_be_null():
    """lines.py quotes a text that may be null itself and leaves the others to its line (where a
    null would be written as an empty string): the schema's nullable columns among the export's."""
    from captions.catalogue.lines import NULLABLE_TEXT

    nullable = {c.name for t in (tables.Image, tables.Article) for c in t.__table__.columns if c.nullable}
    texts = {c for c in EXPORT_COLUMNS if sql.kind(c) == "text" or c in sql.ARTICLE_COLUMNS}
    article_nullable = {f for f, c in sql.ARTICLE_COLUMNS.items() if c in nullable}
    assert (texts & nullable) | (texts & article_nullable) == NULLABLE_TEXT


def _csv_both_ways(db) -> bool:
    """The CSV export SQLite writes (lines.py, a whole catalogue with marks for its quotes)
    is the one write_rows writes of the rows read back, escapes and formula cells included."""
    import io

    from captions.output import write_csv_pages, write_rows

    catalogue = Catalogue.open(str(db), create=False)
    expected = io.StringIO()
    write_rows(catalogue.query_images(Filters(), None, EXPORT_COLUMNS), EXPORT_COLUMNS, "csv", expected)
    written = io.BytesIO()
    write_csv_pages(catalogue.csv_pages(Filters(), None), EXPORT_COLUMNS, written)
    assert written.getvalue().decode("utf-8") == expected.getvalue()
    return True


# Text with what JSON must escape or an export must make safe: quotes, backslashes, every C0
# control but NUL (which no writer stores: readers/limits.py), U+001C among them (the CSV mark of
# lines.py), DEL, bidi overrides, line and paragraph separators, a soft hyphen, wide and astral
# letters, formula starts.
_CHARS = [chr(c) for c in range(1, 0x20)] + list('"\\/ aé新\x7f\u2028\u2029\u202e\u00ad\U0001f600%=+-@,')
_TEXT = st.text(alphabet=st.sampled_from(_CHARS), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    description=_TEXT,
    date=st.one_of(st.none(), _TEXT),
    names=st.lists(_TEXT.filter(lambda t: "\x1f" not in t), max_size=3),
    flag=st.booleans(),
)
@example(description='a "mark" \x1c of its own', date=None, names=["=sum", "x\x1cy"], flag=True)
@example(description='say "hi" \\ there', date="", names=["", 'a "b"'], flag=False)
@example(description="", date=None, names=[], flag=False)
@example(description="", date="", names=[""], flag=True)  # one empty name is no name; one empty reason is one
def test_any_stored_text_is_exported_by_sqlite_as_python_writes_it(
    cli, article, tmp_path, description, date, names, flag
):
    import sqlite3

    db = tmp_path / "any.db"
    if not db.exists():
        assert cli("ingest", article, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute(
            "UPDATE images SET description = ?, date = ?, people = ?, chain = ?, handout = ?, reasons = ?",
            (
                description,
                date,
                tables.join_names(names),
                tables.join_names(names[:1]),
                flag,
                json.dumps(names, ensure_ascii=False),
            ),
        )
    assert _json_lines_both_ways(db) and _csv_both_ways(db)


def test_a_catalogue_missing_any_migration_is_migrated_before_it_is_read(cli, article, tmp_path):
    """Not only an older catalogue: one that lacks a step in the middle (its record deleted, its
    index dropped) gets it back when a read command opens it, as migrate would give it."""
    import sqlite3

    db = tmp_path / "gap.db"
    assert cli("ingest", article, "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        con.execute("DROP INDEX ix_chain_origin")
        con.execute("DELETE FROM schema_migrations WHERE version = 2")
    assert cli("list", "--country", "KP", "--db", db).exit_code == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
        assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_chain_origin'").fetchone()


def _export_bytes(db, fmt: str, filters=None) -> bytes:
    catalogue = Catalogue.open(str(db), create=False)
    pages = (catalogue.csv_pages if fmt == "csv" else catalogue.json_pages)(filters or Filters(), None)
    return b"".join(lines for _, lines in pages)


def test_an_export_read_in_spans_is_the_export_read_a_page_at_a_time(cli, catalogue, tmp_path, monkeypatch):
    """A whole-catalogue export is read in spans of ids on a thread of its own (catalogue/spans.py):
    the same lines in the same order, across gaps in the ids and with the flag filters; ids too
    sparse for spans are read a page at a time."""
    import sqlite3

    from captions.catalogue import spans

    db = tmp_path / "gaps.db"
    with sqlite3.connect(catalogue) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
        copy.execute("DELETE FROM images WHERE id % 3 = 0")
    monkeypatch.setattr(spans, "SPAN", 2)
    in_spans = spans.spans_apply
    for fmt in ("csv", "jsonl"):
        for filters in (Filters(), Filters(unverifiable=True), Filters(state_media=True, needs_review=True)):
            monkeypatch.setattr(spans, "spans_apply", lambda w, limit: False)
            paged = _export_bytes(db, fmt, filters)
            monkeypatch.setattr(spans, "spans_apply", in_spans)
            assert _export_bytes(db, fmt, filters) == paged, (fmt, filters)
    assert paged.count(b"\n") < len(Catalogue.open(str(db), create=False).query_columns(Filters(), None, ["id"])["id"])
    with sqlite3.connect(db) as con:
        con.execute("UPDATE images SET id = 10000000000000 WHERE id = (SELECT max(id) FROM images)")
        assert spans.id_spans(con) is None
    assert b'"id": 10000000000000' in _export_bytes(db, "jsonl")


def test_an_export_in_spans_stops_cleanly_and_reads_one_snapshot(cli, catalogue, monkeypatch):
    """A reader that stops early leaves no thread behind; what a writer commits while an export
    is read does not show in it."""
    import sqlite3
    import threading

    from captions.catalogue import spans

    monkeypatch.setattr(spans, "SPAN", 1)
    whole = _export_bytes(catalogue, "csv")
    pages = Catalogue.open(str(catalogue), create=False).csv_pages(Filters(), None)
    first = next(pages)
    with sqlite3.connect(catalogue) as con:
        con.execute("UPDATE images SET language = 'xx'")
    assert first[1] + b"".join(lines for _, lines in pages) == whole
    pages = Catalogue.open(str(catalogue), create=False).csv_pages(Filters(), None)
    next(pages)
    pages.close()
    assert not [t for t in threading.enumerate() if t.name == "captions-export-reader"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab\x1e\x1f →", max_size=6)), max_size=6))
def test_a_column_of_stored_lists_is_joined_as_each_value_would_be(column):
    """`list` joins a table's list column in a few passes over the whole column
    (sql.join_names_column): what names_joiner gives value by value, empty items, stray
    separators and the record separator included."""
    assert sql.join_names_column(column, " → ") == [sql.names_joiner(" → ")(value) for value in column]
