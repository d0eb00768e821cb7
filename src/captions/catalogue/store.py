"""The catalogue: SQLite (or any SQLAlchemy database) through SQLModel.

All table models live here.  Every filter the CLI offers has an index: links of the chain,
photographers and people are rows of their own, never a LIKE over a joined string.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import Boolean, Index, UniqueConstraint, event, func, literal_column, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Field, Session, SQLModel, create_engine

from ..errors import StoreError
from ..output import LIST_SEPARATOR
from ..parsing.parse import CaptionRecord
from ..organisations.registry import AgencyRegistry, alias_key

DEFAULT_DB = Path("db") / "captions.db"


class Article(SQLModel, table=True):
    __tablename__ = "articles"
    id: Optional[int] = Field(default=None, primary_key=True)
    sha: str = Field(index=True, unique=True)          # content hash: the same input is stored once
    path: str
    kind: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    url: Optional[str] = None
    page_date: Optional[str] = None
    ingested_at: str


class Image(SQLModel, table=True):
    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("article_id", "fingerprint", name="uq_image_article_caption"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True)
    locator: str
    fingerprint: str
    input_id: Optional[str] = None
    raw: str
    caption: str
    description: str
    credit: str
    date: Optional[str] = Field(default=None, index=True)
    date_released: Optional[str] = None
    page_date: Optional[str] = None
    source: Optional[str] = Field(default=None, index=True)
    agency: Optional[str] = Field(default=None, index=True)
    chain: str = ""              # agency names in custody order, as the agencies table spells them
    photographers: str = ""
    people: str = ""
    places: str = ""
    language: str = ""
    anonymous: bool = False
    file_photo: bool = False
    pool: bool = False
    handout: bool = Field(default=False, index=True)
    state_media: bool = Field(default=False, index=True)
    disclaimer: bool = False
    unverifiable: bool = Field(default=False, index=True)
    provenance: str = Field(default="independent", index=True)
    reasons: str = "[]"          # JSON list of sentences
    disclaimers: str = "[]"      # JSON list of {kind, text}
    metadata_mismatch: bool = False
    embedded: Optional[str] = None   # JSON: IPTC/XMP/JSON-LD fields as read from the file
    c2pa: Optional[str] = None       # C2PA status of an image file: unknown, absent, invalid, valid, trusted


class Agency(SQLModel, table=True):
    __tablename__ = "agencies"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    key: str = Field(index=True, unique=True)
    country: str = Field(default="", index=True)
    kind: str = ""
    control: str = Field(default="unknown", index=True)
    registered: bool = True
    source: str = ""


class ChainLink(SQLModel, table=True):
    __tablename__ = "chain_links"
    __table_args__ = (Index("ix_chain_agency_image", "agency_id", "image_id"),)
    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    agency_id: int = Field(foreign_key="agencies.id")


class ImagePhotographer(SQLModel, table=True):
    __tablename__ = "image_photographers"
    __table_args__ = (Index("ix_photographer_key_image", "key", "image_id"),)
    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    name: str
    key: str


class ImagePerson(SQLModel, table=True):
    __tablename__ = "image_people"
    __table_args__ = (Index("ix_person_key_image", "key", "image_id"),)
    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    name: str
    key: str


class ImagePlace(SQLModel, table=True):
    __tablename__ = "image_places"
    __table_args__ = (Index("ix_place_key_image", "key", "image_id"),)
    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    name: str
    key: str


def name_key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def resolve_url(db: str | None) -> str:
    """--db, then CAPTIONS_DB, then db/captions.db under the current folder."""
    value = db or os.environ.get("CAPTIONS_DB") or str(DEFAULT_DB)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value)}"


@dataclass
class Catalogue:
    url: str
    engine: object

    @classmethod
    def open(cls, db: str | None = None, create: bool = True) -> "Catalogue":
        url = resolve_url(db)
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            default = db is None and not os.environ.get("CAPTIONS_DB")
            if not create and not path.exists():
                raise StoreError(f"no catalogue at {path}", hint="run `captions ingest PATH` first, or pass --db")
            if not path.parent.exists():
                if not default:
                    raise StoreError(f"the folder {path.parent} does not exist",
                                     hint="create it first, or point --db elsewhere")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(f"cannot create the folder {path.parent}: {e.strerror or e}")
            if path.is_dir():
                raise StoreError(f"{path} is a folder, not a catalogue file")
            if create and not path.exists() and not os.access(path.parent, os.W_OK):
                raise StoreError(f"cannot create {path}: the folder {path.parent} is read-only")
        try:
            engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        except ImportError as e:
            # the URL names a database driver this installation lacks
            raise StoreError(f"cannot open the catalogue {_display(url)}: {e}",
                             hint='for PostgreSQL: pip install "captions[postgres]"')
        except (SQLAlchemyError, ValueError) as e:
            raise StoreError(f"cannot open the catalogue {_display(url)}: {e}",
                             hint="--db takes a file path or an SQLAlchemy URL")
        if url.startswith("sqlite"):
            @event.listens_for(engine, "connect")
            def _pragmas(conn, _record):   # pragma: no cover - exercised through every test
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.close()
        catalogue = cls(url, engine)
        try:
            from .migrations import migrate
            migrate(engine)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot open the catalogue {_display(url)}: {_first_line(e)}",
                             hint="is it an SQLite catalogue file, and is its folder writable?"
                             if url.startswith("sqlite") else "is the server running, and may this user create tables?")
        return catalogue

    # -- writing -----------------------------------------------------------------------------

    def writer(self, path: str, kind: str, sha: str, registry: AgencyRegistry, title: str | None = None,
               page_date: str | None = None, publisher: str | None = None, url: str | None = None,
               batch_size: int = 500) -> "DocumentWriter":
        return DocumentWriter(self, path, kind, sha, registry, title, page_date, publisher, url, batch_size)

    def _insert(self):
        """INSERT ... ON CONFLICT DO NOTHING for this database's dialect."""
        if self.url.startswith("postgresql"):
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert

    def _retrying(self, work):
        """Run one transaction, again if another writer holds the lock (SQLite busy)."""
        import random
        import time
        from sqlalchemy.exc import OperationalError
        delay = 0.05
        for attempt in range(40):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except OperationalError as e:
                text = str(e.orig).lower() if getattr(e, "orig", None) else str(e).lower()
                if ("locked" not in text and "busy" not in text and "deadlock" not in text
                        and "could not serialize" not in text) or attempt == 39:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 2.0)

    # -- reading -----------------------------------------------------------------------------

    def query_images(self, filters: "Filters", registry: AgencyRegistry,
                     fields: list[str] | None = None) -> Iterator[dict]:
        """Stored images that pass `filters`, in id order, as dicts of `fields` (all by default)."""
        return self._rows(_filtered(_article_columns(select(Image.__table__)), filters, registry), fields)

    def csv_pages(self, filters: "Filters", registry: AgencyRegistry) -> Iterator[tuple[int, bytes]] | None:
        """The CSV lines of an export (EXPORT_COLUMNS, in id order) as SQLite writes them, a page at a
        time: (rows, UTF-8 bytes).  Formula cells are left as they are (output.write_csv_pages
        neutralises them).  None where the database is not SQLite: write the rows of query_images."""
        if self.engine.dialect.name != "sqlite":
            return None
        images, articles = Image.__table__, Article.__table__
        stmt = select(_CSV_LINE).select_from(images.join(articles, articles.c.id == images.c.article_id))
        return self._csv_pages(_filtered(stmt, filters, registry))

    def _csv_pages(self, stmt) -> Iterator[tuple[int, bytes]]:
        try:
            with self.engine.connect() as conn:
                # Straight through the driver's cursor (a SQLAlchemy result row costs more than the
                # line), and as the bytes SQLite holds: no decoding here, no encoding when written.
                sqlite = conn.connection.driver_connection
                compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
                values = compiled.construct_params()
                sqlite.text_factory = bytes
                try:
                    cursor = sqlite.execute(str(compiled), [values[name] for name in compiled.positiontup])
                    while page := cursor.fetchmany(_PAGE):
                        yield len(page), b"".join([row[0] + b"\n" for row in page])
                finally:
                    sqlite.text_factory = str
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise StoreError(f"cannot read the catalogue {_display(self.url)}: {_first_line(e)}")

    def _rows(self, stmt, fields: list[str] | None = None) -> Iterator[dict]:
        """Rows read _PAGE at a time, so that an export streams whatever the size of the catalogue."""
        try:
            with self.engine.connect() as conn:
                result = conn.execution_options(yield_per=_PAGE).execute(stmt)
                for page in result.partitions():
                    for row in page:
                        yield image_dict(row, fields)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot read the catalogue {_display(self.url)}: {_first_line(e)}")

    def get_image(self, image_id: int) -> dict | None:
        return next(self._rows(_article_columns(select(Image.__table__)).where(Image.id == image_id)), None)

    def agency_counts(self) -> list[dict]:
        """Each organisation with its images, the images it is the origin of, and how many of its
        images are unverifiable.  Three grouped counts that the chain indexes answer, joined here:
        one query joining every link with its image took 5 s on a million images."""
        links = ChainLink.__table__.c
        images = Image.__table__.c
        per_agency = select(links.agency_id, func.count(func.distinct(links.image_id))).group_by(links.agency_id)
        as_origin = (select(links.agency_id, func.count(func.distinct(links.image_id)))
                     .where(links.position == 0).group_by(links.agency_id))
        unverifiable = (select(links.agency_id, func.count(func.distinct(links.image_id)))
                        .join(Image.__table__, images.id == links.image_id)
                        .where(images.unverifiable.is_(True)).group_by(links.agency_id))
        agencies = Agency.__table__.c
        with self.engine.connect() as conn:
            counts = dict(conn.execute(per_agency).all())
            origins = dict(conn.execute(as_origin).all())
            flagged = dict(conn.execute(unverifiable).all())
            rows = conn.execute(select(agencies.id, agencies.name, agencies.country, agencies.kind,
                                       agencies.control).where(agencies.id.in_(list(counts)))).all()
        out = [{"agency": name, "country": country, "kind": kind, "control": control, "images": counts[agency_id],
                "as_origin": origins.get(agency_id, 0), "unverifiable": flagged.get(agency_id, 0)}
               for agency_id, name, country, kind, control in rows]
        out.sort(key=lambda r: (-r["images"], r["agency"]))
        return out

    def count_images(self) -> int:
        with Session(self.engine) as session:
            return session.execute(select(func.count(Image.id))).scalar_one()


@dataclass(frozen=True)
class StoredRow:
    """What the catalogue keeps of one parsed caption: small, and cheap to send between processes."""
    fingerprint: str
    values: dict
    chain: tuple            # (name, country, kind, control, registered, source) per link
    photographers: tuple
    people: tuple
    places: tuple
    unverifiable: bool


def stored_row(record: CaptionRecord, locator: str) -> StoredRow:
    return StoredRow(
        fingerprint=record.fingerprint,
        values=_image_values(record, 0, locator),
        chain=tuple((a.name, a.country, a.kind, a.control, a.registered, a.source) for a in record.chain),
        photographers=tuple(record.photographers), people=tuple(record.people), places=tuple(record.places),
        unverifiable=record.provenance.unverifiable,
    )


class DocumentWriter:
    """Writes one document's captions in batches; each batch is one transaction with all the rows of
    its images (chain links, photographers, people, places), so a crash leaves only whole records,
    and a rerun skips what is stored (same document, same caption text)."""

    def __init__(self, catalogue: Catalogue, path, kind, sha, registry, title, page_date, publisher, url,
                 batch_size: int = 500):
        self.catalogue = catalogue
        self.registry = registry
        self.batch_size = batch_size
        self.pending: list[StoredRow] = []
        self.new = 0
        self.old = 0
        self._agency_ids: dict[str, tuple[int, str]] = {}    # name in a record -> id, name as stored
        self._batch_fingerprints: set[str] = set()   # this batch only: memory stays flat
        insert = catalogue._insert()
        row = {"sha": sha, "path": path, "kind": kind, "title": title, "page_date": page_date,
               "publisher": publisher, "url": url,
               "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

        def work(conn):
            conn.execute(insert(Article.__table__).values(**row).on_conflict_do_nothing(index_elements=["sha"]))
            return conn.execute(select(Article.__table__.c.id).where(Article.__table__.c.sha == sha)).scalar_one()
        try:
            self.article_id = catalogue._retrying(work)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot write to the catalogue {_display(catalogue.url)}: {_first_line(e)}")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.flush()

    def add(self, record: CaptionRecord | StoredRow, locator: str = "") -> None:
        row = record if isinstance(record, StoredRow) else stored_row(record, locator)
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
        try:
            for row in batch:
                for link in row.chain:
                    if link[0] not in self._agency_ids:
                        self._agency_ids[link[0]] = self._agency_id(*link)
            written = self.catalogue._retrying(lambda conn: self._write(conn, batch))
        except SQLAlchemyError as e:
            raise StoreError(f"cannot write to the catalogue {_display(self.catalogue.url)}: {_first_line(e)}")
        self.new += written
        self.old += len(batch) - written

    def _write(self, conn, batch) -> int:
        insert = self.catalogue._insert()
        images = Image.__table__
        agencies = self._agency_ids
        rows = [dict(row.values, article_id=self.article_id, chain=_join([agencies[link[0]][1] for link in row.chain]))
                for row in batch]
        stmt = insert(images).on_conflict_do_nothing(index_elements=["article_id", "fingerprint"]) \
            .returning(images.c.id, images.c.fingerprint)
        ids = {fp: image_id for image_id, fp in conn.execute(stmt, rows)}
        links, photographers, people, places = [], [], [], []
        for row in batch:
            image_id = ids.get(row.fingerprint)
            if image_id is None:
                continue            # stored before, by this or another run
            for position, link in enumerate(row.chain):
                links.append((image_id, position, agencies[link[0]][0]))
            for target, names in ((photographers, row.photographers), (people, row.people),
                                  (places, row.places)):
                for position, name in enumerate(names):
                    target.append((image_id, position, name, name_key(name)))
        for table, columns, values in (
                (ChainLink, ("image_id", "position", "agency_id"), links),
                (ImagePhotographer, ("image_id", "position", "name", "key"), photographers),
                (ImagePerson, ("image_id", "position", "name", "key"), people),
                (ImagePlace, ("image_id", "position", "name", "key"), places)):
            if values:
                # plain tuples straight to the driver's executemany: these rows need no type
                # conversion, and SQLAlchemy's per-row parameter handling cost more than the insert
                conn.exec_driver_sql(_insert_sql(conn, table.__tablename__, columns), values)
        return len(ids)

    def _agency_id(self, name, country, kind, control, registered, source) -> tuple[int, str]:
        """The agency's id and its name as the catalogue spells it (the first spelling of its key)."""
        key = alias_key(name)
        insert = self.catalogue._insert()
        table = Agency.__table__
        values = {"name": name, "key": key, "country": country, "kind": kind, "control": control,
                  "registered": registered, "source": source}
        current = (country, kind, control, source)

        def work(conn):
            conn.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=["key"]))
            row = conn.execute(select(table.c.id, table.c.country, table.c.kind, table.c.control, table.c.source,
                                      table.c.name).where(table.c.key == key)).one()
            if registered and tuple(row[1:5]) != current:
                # the registry (or the user's registry) changed what we know of it
                conn.execute(table.update().where(table.c.id == row[0]).values(
                    country=country, kind=kind, control=control, source=source))
            return row[0], row[5]
        return self.catalogue._retrying(work)


@dataclass
class Filters:
    agency: str | None = None
    source: str | None = None
    photographer: str | None = None
    person: str | None = None
    since: str | None = None
    until: str | None = None
    state_media: bool = False
    unverifiable: bool = False
    limit: int | None = None
    provenance: str | None = None
    country: str | None = None
    control: str | None = None
    audit: bool = False        # origin is state media or a handout, and no verifiability disclaimer


def _filtered(stmt, filters: Filters, registry: AgencyRegistry):
    """`stmt` (a select from images) narrowed to the images that pass `filters`, in id order."""
    if filters.agency:
        keys = _agency_keys(filters.agency, registry)
        sub = select(ChainLink.image_id).join(Agency, Agency.id == ChainLink.agency_id).where(Agency.key.in_(keys))
        stmt = stmt.where(Image.id.in_(sub))
    if filters.source:
        names = _agency_names(filters.source, registry)
        stmt = stmt.where(Image.source.in_(names))
    if filters.photographer:
        sub = select(ImagePhotographer.image_id).where(ImagePhotographer.key == name_key(filters.photographer))
        stmt = stmt.where(Image.id.in_(sub))
    if filters.person:
        sub = select(ImagePerson.image_id).where(ImagePerson.key == name_key(filters.person))
        stmt = stmt.where(Image.id.in_(sub))
    if filters.since:
        stmt = stmt.where(Image.date >= filters.since)
    if filters.until:
        stmt = stmt.where(Image.date <= filters.until + "\uffff")
    if filters.state_media:
        stmt = stmt.where(Image.state_media.is_(True))
    if filters.provenance:
        stmt = stmt.where(Image.provenance == filters.provenance)
    if filters.country or filters.control:
        origin = select(ChainLink.image_id).join(Agency, Agency.id == ChainLink.agency_id) \
            .where(ChainLink.position == 0)
        if filters.country:
            origin = origin.where(Agency.country == filters.country.upper())
        if filters.control:
            origin = origin.where(Agency.control == filters.control)
        stmt = stmt.where(Image.id.in_(origin))
    if filters.audit:
        stmt = stmt.where(Image.provenance.in_(("state_media", "handout")), Image.disclaimer.is_(False))
    if filters.unverifiable:
        stmt = stmt.where(Image.unverifiable.is_(True))
    stmt = stmt.order_by(Image.id)
    if filters.limit:
        stmt = stmt.limit(filters.limit)
    return stmt


def _insert_sql(conn, table: str, columns: tuple[str, ...]) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def _agency_keys(name: str, registry: AgencyRegistry) -> list[str]:
    keys = {alias_key(name)}
    agency = registry.lookup(name)
    if agency is not None:
        keys.add(alias_key(agency.name))
    return sorted(keys)


def _agency_names(name: str, registry: AgencyRegistry) -> list[str]:
    agency = registry.lookup(name)
    return sorted({name, agency.name} if agency else {name})


EXPORT_COLUMNS = [
    "id", "date", "date_released", "description", "credit", "photographers", "anonymous", "chain", "source",
    "agency", "file_photo", "pool", "handout", "state_media", "disclaimer", "unverifiable", "provenance",
    "metadata_mismatch", "reasons", "people", "places", "language", "page_date", "article", "locator", "caption",
]


# Lists kept in one column of images, their items joined by U+001F (_join, _split).
_JOINED = ("chain", "photographers", "people", "places")


def _csv_line_sql() -> str:
    """SQL for one export line, as output.write_rows would write that row (csv.QUOTE_NONNUMERIC:
    the id bare, every other cell quoted with its quotes doubled, lists joined by LIST_SEPARATOR).
    One printf per row: a chain of || would copy the growing line once per cell."""
    images = Image.__table__.c
    separator = LIST_SEPARATOR.replace("'", "''")
    special = {
        "reasons": f"(SELECT group_concat(value, '{separator}') FROM json_each(images.reasons))",
        "article": "articles.path",
    }
    formats, cells = [], []
    for column in EXPORT_COLUMNS:
        if column == "id":
            formats.append("%d")
            cells.append("images.id")
            continue
        if column in special:
            cell = special[column]
        elif column in _JOINED:
            cell = f"replace(images.{column}, char(31), '{separator}')"
        elif isinstance(images[column].type, Boolean):
            cell = f"CASE WHEN images.{column} THEN 'true' ELSE 'false' END"
        else:
            cell = f"images.{column}"
        formats.append('"%s"')
        cells.append(f"replace({cell}, '\"', '\"\"')")
    return f"printf('{','.join(formats)}', {', '.join(cells)})"


_CSV_LINE = literal_column(_csv_line_sql())

_PAGE = 1000


def _article_columns(stmt):
    articles = Article.__table__
    return stmt.add_columns(articles.c.path.label("article_path"), articles.c.title.label("article_title"),
                            articles.c.publisher.label("article_publisher")) \
        .join(articles, articles.c.id == Image.__table__.c.article_id)


def _json_list(text: str | None) -> list:
    return json.loads(text) if text and text != "[]" else []


# How each field the CLI prints comes out of a result row of images and its article (a column of
# the same name unless converted here): a table, so that an export of a few columns builds only
# those.  Rows are read through their mapping: a key lookup there costs a tenth of an attribute
# lookup on the Row.
_CONVERTED = {
    **{name: lambda r, name=name: _split(r[name]) for name in _JOINED},
    "reasons": lambda r: _json_list(r["reasons"]),
    "disclaimers": lambda r: _json_list(r["disclaimers"]),
    "embedded": lambda r: json.loads(r["embedded"]) if r["embedded"] else None,
    "article": itemgetter("article_path"),
    "article_title": itemgetter("article_title"),
    "publisher": itemgetter("article_publisher"),
}
_FIELDS = {name: _CONVERTED.get(name) or itemgetter(name) for name in (
    "id", "date", "date_released", "description", "credit", "photographers", "anonymous", "chain", "source",
    "agency", "file_photo", "pool", "handout", "state_media", "disclaimer", "unverifiable", "provenance",
    "reasons", "disclaimers", "metadata_mismatch", "embedded", "c2pa", "people", "places", "language",
    "page_date", "article", "article_title", "publisher", "locator", "input_id", "caption", "raw")}


def image_dict(image, fields: list[str] | None = None) -> dict:
    """One stored image as the CLI prints it; `image` is a result row of images and its article.
    `fields` keeps only those keys (an export builds nothing it does not write)."""
    image = image._mapping
    if fields is None:
        return {name: get(image) for name, get in _FIELDS.items()}
    return {name: _FIELDS[name](image) for name in fields if name in _FIELDS}


def _split(joined: str) -> list[str]:
    return [x for x in joined.split("\x1f") if x] if joined else []


def _join(values: list[str]) -> str:
    return "\x1f".join(values)


def _image_values(record: CaptionRecord, article_id: int, locator: str) -> dict:
    p = record.provenance
    return {
        "article_id": article_id, "locator": locator, "fingerprint": record.fingerprint, "input_id": record.id,
        "raw": record.raw, "caption": record.caption, "description": record.description, "credit": record.credit,
        "date": record.date, "date_released": record.date_released, "page_date": record.page_date,
        "source": record.source, "agency": record.agency,
        "photographers": _join(record.photographers), "people": _join(record.people), "places": _join(record.places),
        "language": record.language, "anonymous": p.anonymous, "file_photo": p.file_photo, "pool": p.pool,
        "handout": p.handout, "state_media": p.state_media, "disclaimer": p.disclaimer,
        "unverifiable": p.unverifiable, "provenance": p.level,
        "reasons": json.dumps(p.all_reasons(), ensure_ascii=False),
        "disclaimers": json.dumps([{"kind": d.kind, "text": d.text} for d in p.disclaimers], ensure_ascii=False),
        "metadata_mismatch": p.metadata_mismatch,
        "embedded": json.dumps(record.embedded, ensure_ascii=False, default=str) if record.embedded else None,
        "c2pa": ((record.embedded or {}).get("c2pa") or {}).get("status"),
    }


def _first_line(e: Exception) -> str:
    text = str(getattr(e, "orig", None) or e)
    return text.splitlines()[0] if text else type(e).__name__


def _display(url: str) -> str:
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else url.split("@")[-1]
