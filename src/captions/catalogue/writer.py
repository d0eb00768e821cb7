"""Writing records: one record becomes one StoredRow (the stored fields of `fields.FIELDS` and
its child rows), and a DocumentWriter stores a document's rows in batches."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from operator import attrgetter, itemgetter
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..fields import FIELDS
from ..organisations.registry import alias_key
from ..record import CaptionRecord
from .db import dialect_insert, display, first_line, retrying, write_pragmas
from .migrations import INDEX_CJK_IMAGE, INDEX_IMAGES_FROM, SEARCH_INSERT_TRIGGER, SEARCHED
from .schema import (
    AGENCIES,
    AGENCY_COUNTS,
    ARTICLES,
    CHAIN_LINKS,
    IMAGE_PEOPLE,
    IMAGE_PHOTOGRAPHERS,
    IMAGE_PLACES,
    IMAGES,
    join_names,
    name_key,
)

# One encoder each, made once: json.dumps with options makes a new one per call, which cost as much
# as the encoding.  Same output as json.dumps(v, ensure_ascii=False[, default=str]).
_SENTENCES = json.JSONEncoder(ensure_ascii=False).encode
_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode

# How a field of each kind becomes a column value.
_TO_COLUMN = {
    "names": join_names,
    "sentences": lambda v: _SENTENCES(v) if v else "[]",
    "json": lambda v: None if v is None else _JSON(v),
}
# chain is written as the catalogue spells each agency (DocumentWriter._write)
_COLUMNS = [(f.name, _TO_COLUMN.get(f.kind)) for f in FIELDS if f.stored and f.name != "chain"]
# The columns of images a StoredRow's values fill, in their order.
IMAGE_COLUMNS = tuple(name for name, _ in _COLUMNS)
_SEARCHED = itemgetter(*[IMAGE_COLUMNS.index(c) for c in SEARCHED])
_FINGERPRINT_AT = IMAGE_COLUMNS.index("fingerprint")
_UNVERIFIABLE_AT = IMAGE_COLUMNS.index("unverifiable")

# Images per transaction.  Bigger batches cost fewer commits and let SQLite write each index page
# once for many rows; a crash loses at most one batch, which a rerun stores.
WRITE_BATCH = 10_000


class StoredRow(NamedTuple):
    """What the catalogue keeps of one record: plain tuples, cheap to send between processes
    (a worker builds them, the one writing process only stores them)."""

    values: tuple  # the IMAGE_COLUMNS of images, in that order
    chain: tuple  # (name, country, kind, control, registered, source) per link
    photographers: tuple  # (name, key) per name
    people: tuple
    places: tuple
    unverifiable: bool

    @property
    def fingerprint(self) -> str:
        return self.values[_FINGERPRINT_AT]


def _named(names) -> tuple:
    return tuple((name, name_key(name)) for name in names)


def _attribute(name: str) -> str:
    """Where a column's value is read off a record: what record.value(name) gives, without its
    generic dispatch.  A list kept as a tuple joins and dumps to the same text."""
    if name == "provenance":
        return "provenance.level"
    if name in CaptionRecord.__dataclass_fields__ or hasattr(CaptionRecord, name):
        return name
    return f"provenance.{name}"  # a flag: the record's provenance answers it


# Every column in one call (the attribute reads were most of the time of building a row), then
# the few that are converted.
_READ_ALL = attrgetter(*[_attribute(name) for name, _ in _COLUMNS])
_CONVERTED = [(i, convert) for i, (_, convert) in enumerate(_COLUMNS) if convert]


def _values(record: CaptionRecord) -> tuple:
    values = list(_READ_ALL(record))
    for i, convert in _CONVERTED:
        values[i] = convert(values[i])
    return tuple(values)


def stored_row(record: CaptionRecord) -> StoredRow:
    return StoredRow(
        values=_values(record),
        chain=tuple((a.name, a.country, a.kind, a.control, a.registered, a.source) for a in record.chain),
        photographers=_named(record.photographers),
        people=_named(record.people),
        places=_named(record.places),
        unverifiable=record.provenance.unverifiable,
    )


class DocumentWriter:
    """Writes one document's records in batches; each batch is one transaction with all the rows
    of its images (chain links, photographers, people, places), so a crash leaves only whole
    records, and a rerun skips what is stored (same document, same caption text)."""

    def __init__(
        self,
        engine,
        url: str,
        path: str,
        kind: str,
        sha: str,
        title: str | None = None,
        page_date: str | None = None,
        publisher: str | None = None,
        url_of_page: str | None = None,
        batch_size: int = WRITE_BATCH,
    ):
        self.engine = engine
        self.url = url
        self.insert = dialect_insert(url)
        self.batch_size = batch_size
        self.pending: list[StoredRow] = []
        self.new = 0
        self.old = 0
        self._agency_ids: dict[str, tuple[int, str]] = {}  # name in a record -> id, name as stored
        self._batch_fingerprints: set[str] = set()  # this batch only: memory stays flat
        row = {
            "sha": sha,
            "path": path,
            "kind": kind,
            "title": title,
            "page_date": page_date,
            "publisher": publisher,
            "url": url_of_page,
            "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        articles = ARTICLES

        def work(conn):
            conn.execute(self.insert(articles).values(**row).on_conflict_do_nothing(index_elements=["sha"]))
            return conn.execute(select(articles.c.id).where(articles.c.sha == sha)).scalar_one()

        self.article_id = self._transaction(work)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.flush()

    def add(self, record: CaptionRecord | StoredRow) -> None:
        row = record if isinstance(record, StoredRow) else stored_row(record)
        # The same caption printed twice in a document: within a batch it is dropped here (its rows
        # would collide); across batches the unique (article, fingerprint) key skips it on insert.
        if row.fingerprint in self._batch_fingerprints:
            self.old += 1
            return
        self._batch_fingerprints.add(row.fingerprint)
        self.pending.append(row)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        self._batch_fingerprints = set()
        for row in batch:
            for link in row.chain:
                if link[0] not in self._agency_ids:
                    self._agency_ids[link[0]] = self._agency_id(*link)
        written = self._transaction(lambda conn: self._write(conn, batch))
        self.new += written
        self.old += len(batch) - written

    def _transaction(self, work):
        try:
            return retrying(self.engine, work)
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise StoreError(f"cannot write to the catalogue {display(self.url)}: {first_line(e)}")

    def _write(self, conn, batch) -> int:
        agencies = self._agency_ids
        chains = [join_names([agencies[link[0]][1] for link in row.chain]) for row in batch]
        if conn.dialect.name == "sqlite":
            ids = self._insert_images_sqlite(conn, batch, chains)
        else:
            ids = self._insert_images(conn, batch, chains)
        links: list[tuple] = []
        photographers: list[tuple] = []
        people: list[tuple] = []
        places: list[tuple] = []
        unverifiable: set[int] = set()
        for row in batch:
            image_id = ids.get(row.fingerprint)
            if image_id is None:
                continue  # stored before, by this or another run
            if row.values[_UNVERIFIABLE_AT]:
                unverifiable.add(image_id)
            for position, link in enumerate(row.chain):
                links.append((image_id, position, agencies[link[0]][0]))
            for target, names in ((photographers, row.photographers), (people, row.people), (places, row.places)):
                for position, (name, key) in enumerate(names):
                    target.append((image_id, position, name, key))
        for table, columns, values in (
            (CHAIN_LINKS, ("image_id", "position", "agency_id"), links),
            (IMAGE_PHOTOGRAPHERS, ("image_id", "position", "name", "key"), photographers),
            (IMAGE_PEOPLE, ("image_id", "position", "name", "key"), people),
            (IMAGE_PLACES, ("image_id", "position", "name", "key"), places),
        ):
            if values:
                # plain tuples straight to the driver's executemany: these rows need no type
                # conversion, and SQLAlchemy's per-row parameter handling cost more than the insert
                conn.exec_driver_sql(_insert_sql(conn, table.name, columns), values)
        _count_agencies(conn, links, unverifiable)
        return len(ids)

    def _insert_images(self, conn, batch, chains) -> dict[str, int]:
        """The batch's new images (INSERT ... ON CONFLICT DO NOTHING RETURNING): fingerprint -> id."""
        rows = [
            dict(zip(IMAGE_COLUMNS, row.values), article_id=self.article_id, chain=chain)
            for row, chain in zip(batch, chains)
        ]
        stmt = (
            self.insert(IMAGES)
            .on_conflict_do_nothing(index_elements=["article_id", "fingerprint"])
            .returning(IMAGES.c.id, IMAGES.c.fingerprint)
        )
        return {fp: image_id for image_id, fp in conn.execute(stmt, rows)}

    def _insert_images_sqlite(self, conn, batch, chains) -> dict[str, int]:
        """The same through the sqlite3 driver: SQLAlchemy's per-row parameter handling cost more
        than SQLite's insert.  The search index's insert trigger fires once per row, and in a
        trigger FTS5 writes a segment per row; so the trigger is held back for this transaction
        and the batch indexed in one statement, then put back before the commit.  A crash rolls
        all of it back together, and other writers, locked out meanwhile, never see it missing."""
        driver = conn.connection.driver_connection
        if not driver.in_transaction:
            # pysqlite opens a transaction only before DML, and the DDL below must be inside it;
            # IMMEDIATE takes the write lock now, so the ids from `first` on are this batch's
            driver.execute("BEGIN IMMEDIATE")
        cursor = driver.cursor()
        write_pragmas(cursor)
        first = cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM images").fetchone()[0]
        trigger = cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SEARCH_INSERT_TRIGGER,)
        ).fetchone()
        if trigger:
            cursor.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
        cursor.executemany(_IMAGES_SQL, [(self.article_id, chain, *row.values) for row, chain in zip(batch, chains)])
        ids = dict(cursor.execute("SELECT fingerprint, id FROM images WHERE id >= ?", (first,)))
        if trigger:
            cursor.execute(INDEX_IMAGES_FROM, (first,))
            # only a row with a letter beyond ASCII can hold the CJK letters the trigram index is for
            maybe_cjk = [
                (ids[row.fingerprint],)
                for row in batch
                if row.fingerprint in ids and not "".join(_SEARCHED(row.values)).isascii()
            ]
            if maybe_cjk:
                cursor.executemany(INDEX_CJK_IMAGE, maybe_cjk)
            cursor.execute(trigger[0])
        cursor.close()
        return ids

    def _agency_id(self, name, country, kind, control, registered, source) -> tuple[int, str]:
        """The agency's id and its name as the catalogue spells it (the first spelling of its key)."""
        key = alias_key(name)
        table = AGENCIES
        values = {
            "name": name,
            "key": key,
            "country": country,
            "kind": kind,
            "control": control,
            "registered": registered,
            "source": source,
        }
        current = (country, kind, control, source)

        def work(conn):
            conn.execute(self.insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"]))
            row = conn.execute(
                select(table.c.id, table.c.country, table.c.kind, table.c.control, table.c.source, table.c.name).where(
                    table.c.key == key
                )
            ).one()
            if registered and tuple(row[1:5]) != current:
                # the registry (or the user's registry) changed what we know of it
                conn.execute(
                    table.update()
                    .where(table.c.id == row[0])
                    .values(country=country, kind=kind, control=control, source=source)
                )
            return row[0], row[5]

        return self._transaction(work)


_IMAGES_SQL = (
    f"INSERT INTO images (article_id, chain, {', '.join(IMAGE_COLUMNS)}) "
    f"VALUES ({', '.join(['?'] * (len(IMAGE_COLUMNS) + 2))}) ON CONFLICT (article_id, fingerprint) DO NOTHING"
)


def _count_agencies(conn, links: list[tuple], unverifiable: set[int]) -> None:
    """Add the batch's new images to agency_counts (m007), in the batch's transaction: per
    organisation, the images whose chain holds it (once, however often), those it is the origin
    of, and those of them that are unverifiable."""
    counts: dict[int, list[int]] = {}
    seen: set[tuple[int, int]] = set()
    for image_id, position, agency_id in links:
        count = counts.setdefault(agency_id, [0, 0, 0])
        if (image_id, agency_id) not in seen:
            seen.add((image_id, agency_id))
            count[0] += 1
            count[2] += image_id in unverifiable
        count[1] += position == 0
    if counts:
        columns = ("agency_id", "images", "as_origin", "unverifiable")
        added = ", ".join(f"{c} = {AGENCY_COUNTS.name}.{c} + excluded.{c}" for c in columns[1:])
        upsert = f"{_insert_sql(conn, AGENCY_COUNTS.name, columns)} ON CONFLICT (agency_id) DO UPDATE SET {added}"
        conn.exec_driver_sql(upsert, [(agency_id, *count) for agency_id, count in counts.items()])


def _insert_sql(conn, table: str, columns: tuple[str, ...]) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
