"""Ordered, recorded schema migrations (m001_..., m002_...), applied when a catalogue is opened.

Each migration runs once per catalogue and is recorded in `schema_migrations`.  Two processes that
open a new catalogue at the same time both try; the loser sees the winner's tables and goes on.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError


def _v1_tables() -> MetaData:
    """The schema as version 1 released it, frozen: later steps change it, never this."""
    meta = MetaData()
    text_ = String()
    Table(
        "articles",
        meta,
        Column("id", Integer, primary_key=True),
        Column("sha", text_, nullable=False),
        Column("path", text_, nullable=False),
        Column("kind", text_, nullable=False),
        Column("title", text_),
        Column("publisher", text_),
        Column("url", text_),
        Column("page_date", text_),
        Column("ingested_at", text_, nullable=False),
        Index("ix_articles_sha", "sha", unique=True),
    )
    Table(
        "agencies",
        meta,
        Column("id", Integer, primary_key=True),
        Column("name", text_, nullable=False, unique=True),
        Column("key", text_, nullable=False),
        Column("country", text_, nullable=False),
        Column("kind", text_, nullable=False),
        Column("control", text_, nullable=False),
        Column("registered", Boolean, nullable=False),
        Column("source", text_, nullable=False),
        Index("ix_agencies_key", "key", unique=True),
        Index("ix_agencies_country", "country"),
        Index("ix_agencies_control", "control"),
    )
    image_text = ["locator", "fingerprint", "raw", "caption", "description", "credit"]
    image_optional = ["input_id", "date", "date_released", "page_date", "source", "agency"]
    image_joined = ["photographers", "people", "places", "language"]
    image_flags = ["anonymous", "file_photo", "pool", "handout", "state_media", "disclaimer", "unverifiable"]
    Table(
        "images",
        meta,
        Column("id", Integer, primary_key=True),
        Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
        *[Column(name, text_, nullable=False) for name in image_text],
        *[Column(name, text_) for name in image_optional],
        *[Column(name, text_, nullable=False) for name in image_joined],
        *[Column(name, Boolean, nullable=False) for name in image_flags],
        Column("provenance", text_, nullable=False),
        Column("reasons", text_, nullable=False),
        Column("disclaimers", text_, nullable=False),
        Column("metadata_mismatch", Boolean, nullable=False),
        Column("embedded", text_),
        Column("c2pa", text_),
        UniqueConstraint("article_id", "fingerprint", name="uq_image_article_caption"),
        *[
            Index(f"ix_images_{name}", name)
            for name in (
                "agency",
                "article_id",
                "state_media",
                "provenance",
                "handout",
                "unverifiable",
                "source",
                "date",
            )
        ],
    )
    Table(
        "chain_links",
        meta,
        Column("image_id", Integer, ForeignKey("images.id"), primary_key=True),
        Column("position", Integer, primary_key=True),
        Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
        Index("ix_chain_agency_image", "agency_id", "image_id"),
    )
    for table, index in (
        ("image_photographers", "ix_photographer_key_image"),
        ("image_people", "ix_person_key_image"),
        ("image_places", "ix_place_key_image"),
    ):
        Table(
            table,
            meta,
            Column("image_id", Integer, ForeignKey("images.id"), primary_key=True),
            Column("position", Integer, primary_key=True),
            Column("name", text_, nullable=False),
            Column("key", text_, nullable=False),
            Index(index, "key", "image_id"),
        )
    return meta


def m001_initial(conn) -> None:
    """Articles, images, agencies and the link tables for chain, photographers, people and places."""
    _v1_tables().create_all(conn, checkfirst=True)


def m002_origin_index(conn) -> None:
    """`list --country CC` and `--control SC` look for the first link of each chain: index
    (position, agency_id, image_id) so that they read the origins only, not every link."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_chain_origin ON chain_links (position, agency_id, image_id)"))


def m003_image_chain(conn) -> None:
    """Each image keeps its chain as names (images.chain, joined by U+001F like its photographers):
    listing and exporting read it with the image instead of joining every link with its agency,
    which was a fifth of the time of an export.  The links stay for the indexed filters."""
    if "chain" in {column["name"] for column in inspect(conn).get_columns("images")}:
        return  # created by an earlier m001 that built the tables from the newer models
    conn.execute(text("ALTER TABLE images ADD COLUMN chain VARCHAR NOT NULL DEFAULT ''"))
    if conn.dialect.name == "postgresql":
        names = (
            "SELECT string_agg(agencies.name, chr(31) ORDER BY chain_links.position) FROM chain_links "
            "JOIN agencies ON agencies.id = chain_links.agency_id WHERE chain_links.image_id = images.id"
        )
    else:
        names = (
            "SELECT group_concat(name, char(31)) FROM (SELECT agencies.name AS name FROM chain_links "
            "JOIN agencies ON agencies.id = chain_links.agency_id WHERE chain_links.image_id = images.id "
            "ORDER BY chain_links.position)"
        )
    conn.execute(text(f"UPDATE images SET chain = coalesce(({names}), '')"))


def m004_review_and_truncated(conn) -> None:
    """Two flags of a record that were computed but not kept: `needs_review` (the credit could not
    be read with confidence; a partial index, as few rows have it) and `truncated`."""
    have = {column["name"] for column in inspect(conn).get_columns("images")}
    for name in ("needs_review", "truncated"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE images ADD COLUMN {name} BOOLEAN NOT NULL DEFAULT false"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_images_needs_review ON images (id) WHERE needs_review"))


# m005's statements, frozen with the step (catalogue/search.py queries what they build).
_SEARCHED = ("description", "credit", "people", "places")
_COLUMNS = ", ".join(_SEARCHED)
_NEW = ", ".join(f"new.{c}" for c in _SEARCHED)
_OLD = ", ".join(f"old.{c}" for c in _SEARCHED)
# Chinese, Japanese or Korean letters anywhere in the row: only such rows get trigrams.
_CJK_ROW = " OR ".join(
    f"new.{c} GLOB '*[\u3041-\u30ff\u3131-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]*'"
    for c in _SEARCHED
)
_M005_SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS images_fts USING fts5({_COLUMNS}, content='images', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS images_trigram USING fts5({_COLUMNS}, tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS images_search_insert AFTER INSERT ON images BEGIN "
    f"INSERT INTO images_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); "
    f"INSERT INTO images_trigram(rowid, {_COLUMNS}) SELECT new.id, {_NEW} WHERE {_CJK_ROW}; END",
    f"CREATE TRIGGER IF NOT EXISTS images_search_delete AFTER DELETE ON images BEGIN "
    f"INSERT INTO images_fts(images_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD}); "
    f"DELETE FROM images_trigram WHERE rowid = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS images_search_update AFTER UPDATE OF {_COLUMNS} ON images BEGIN "
    f"INSERT INTO images_fts(images_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO images_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); "
    f"DELETE FROM images_trigram WHERE rowid = old.id; "
    f"INSERT INTO images_trigram(rowid, {_COLUMNS}) SELECT new.id, {_NEW} WHERE {_CJK_ROW}; END",
    # what the catalogue already holds: the external-content index reads it from images
    "INSERT INTO images_fts(images_fts) VALUES ('rebuild')",
    "DELETE FROM images_trigram",
    f"INSERT INTO images_trigram(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM images AS new WHERE {_CJK_ROW}",
]
# What images_search_insert does for one row, done for many rows at once by a writer that holds
# the trigger back for its transaction (catalogue/writer.py): the FTS5 rows of every image from
# the first id given on; the trigram row of one image if it holds CJK letters.
SEARCHED = _SEARCHED
SEARCH_INSERT_TRIGGER = "images_search_insert"
INDEX_IMAGES_FROM = f"INSERT INTO images_fts(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM images WHERE id >= ?"
INDEX_CJK_IMAGE = (
    f"INSERT INTO images_trigram(rowid, {_COLUMNS}) "
    f"SELECT id, {_COLUMNS} FROM images AS new WHERE id = ? AND ({_CJK_ROW})"
)

_M005_POSTGRES_CONFIG = [
    # 'simple' (no stemming: names and places are searched as written) with accents removed
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION captions_search (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION captions_search ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
]


def _m005_postgres(conn) -> None:
    """The text search configuration `captions_search` where the server has the unaccent
    extension (and this user may create it), else 'simple'; a GIN index of the searched columns."""
    have = conn.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'captions_search'")).first()
    if not have:
        try:
            with conn.begin_nested():
                for statement in _M005_POSTGRES_CONFIG:
                    conn.execute(text(statement))
            have = True
        except (OperationalError, ProgrammingError):
            have = False  # no unaccent here: accents then count in PostgreSQL searches
    config = "captions_search" if have else "simple"
    conn.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS ix_images_search ON images USING gin ((to_tsvector('{config}', "
            + " || ' ' || ".join(f"images.{c}" for c in _SEARCHED)
            + ")))"
        )
    )


def m005_search_index(conn) -> None:
    """Full-text search (`captions search`).  SQLite: an FTS5 index of description, credit, people
    and places (unicode61, diacritics removed) over the images table, and a trigram index of the
    rows in Chinese, Japanese or Korean, whose words are not spaced; triggers keep both in step
    with every write, whoever writes.  PostgreSQL: a GIN index of to_tsvector(...) of the same
    columns, which the server keeps in step itself.  Existing rows are indexed; run again, the
    step rebuilds the same index."""
    if conn.dialect.name == "postgresql":
        _m005_postgres(conn)
        return
    for statement in _M005_SQLITE:
        conn.execute(text(statement))


# The flags `list` filters by, as the filters ask for them (catalogue/query.py: `IS 1` in SQLite,
# `IS true` in PostgreSQL): a partial index is used only where the query says what its WHERE says.
_FLAG_TRUE = {"sqlite": "IS 1", "postgresql": "IS true"}
_FLAG_INDEXES = ("state_media", "unverifiable", "needs_review")


def m006_partial_flag_indexes(conn) -> None:
    """Lighter indexes for a faster ingest.  The flags' indexes held every row (most of them false)
    and one of them (handout) no filter used: now `--state-media`, `--unverifiable` and
    `--needs-review` each have a partial index of the rows that have the flag, in id order, and
    handout none (`--provenance handout` has the provenance index).  m004's needs_review index
    said `WHERE needs_review`, which the filter's `IS 1` never matched.  images.article_id's own
    index goes: the unique (article_id, fingerprint) index answers the same lookups."""
    true = _FLAG_TRUE.get(conn.dialect.name, "IS true")
    for name in ("state_media", "handout", "unverifiable", "needs_review", "article_id"):
        conn.execute(text(f"DROP INDEX IF EXISTS ix_images_{name}"))
    for name in _FLAG_INDEXES:
        conn.execute(text(f"CREATE INDEX ix_images_{name} ON images (id) WHERE {name} {true}"))


def m007_agency_counts(conn) -> None:
    """`captions agencies` counted, at each call, every link of every image grouped by organisation
    (about a second on a million images): the counts are now kept in agency_counts, which the
    writer updates in the transaction that stores the images, and filled here from what is stored."""
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS agency_counts (agency_id INTEGER NOT NULL PRIMARY KEY "
            "REFERENCES agencies (id), images INTEGER NOT NULL DEFAULT 0, "
            "as_origin INTEGER NOT NULL DEFAULT 0, unverifiable INTEGER NOT NULL DEFAULT 0)"
        )
    )
    true = _FLAG_TRUE.get(conn.dialect.name, "IS true")
    conn.execute(text("DELETE FROM agency_counts"))  # a catalogue that m001 made with the newer models
    conn.execute(
        text(
            "INSERT INTO agency_counts (agency_id, images, as_origin, unverifiable) SELECT agencies.id, "
            "(SELECT count(DISTINCT image_id) FROM chain_links WHERE agency_id = agencies.id), "
            "(SELECT count(*) FROM chain_links WHERE agency_id = agencies.id AND position = 0), "
            "(SELECT count(DISTINCT image_id) FROM chain_links WHERE agency_id = agencies.id "
            f"AND image_id IN (SELECT id FROM images WHERE unverifiable {true})) "
            "FROM agencies WHERE EXISTS (SELECT 1 FROM chain_links WHERE agency_id = agencies.id)"
        )
    )


def m008_no_agency_index(conn) -> None:
    """images.agency (the chain's last link) had an index that no query reads: `--agency` looks
    in chain_links, by organisation, through ix_chain_agency_image.  Each stored image paid for
    it."""
    conn.execute(text("DROP INDEX IF EXISTS ix_images_agency"))


# Append only: a step, once released, never changes; later changes of the table models go into
# new steps, written so that they also hold on a catalogue that m001 created with the newer models.
MIGRATIONS = [
    (1, "m001_initial", m001_initial),
    (2, "m002_origin_index", m002_origin_index),
    (3, "m003_image_chain", m003_image_chain),
    (4, "m004_review_and_truncated", m004_review_and_truncated),
    (5, "m005_search_index", m005_search_index),
    (6, "m006_partial_flag_indexes", m006_partial_flag_indexes),
    (7, "m007_agency_counts", m007_agency_counts),
    (8, "m008_no_agency_index", m008_no_agency_index),
]


def applied(conn) -> set[int]:
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    )
    return {row[0] for row in conn.execute(text("SELECT version FROM schema_migrations"))}


def migrate(engine) -> list[str]:
    """Apply the migrations this catalogue lacks, in order.  Returns the names applied."""
    done: list[str] = []
    for attempt in range(30):
        try:
            with engine.begin() as conn:
                have = applied(conn)
                for version, name, step in MIGRATIONS:
                    if version in have:
                        continue
                    step(conn)
                    conn.execute(
                        text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
                        {"v": version, "n": name, "t": dt.datetime.now(dt.timezone.utc).isoformat()},
                    )
                    done.append(name)
            return done
        except (OperationalError, IntegrityError, ProgrammingError) as e:
            message = str(getattr(e, "orig", e)).lower()
            racing = any(w in message for w in ("already exists", "locked", "busy", "unique", "duplicate"))
            if not racing or attempt == 29:
                raise
            time.sleep(0.05 * (attempt + 1))
            done = []
    return done


def current_version(engine) -> int:
    with engine.begin() as conn:
        have = applied(conn)
    return max(have, default=0)
