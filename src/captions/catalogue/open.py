"""Opening a catalogue (a file path or an SQLAlchemy URL), and the `Catalogue` a program holds:
it migrates the schema on open, hands out writers, and answers queries.

Reads go through the plain driver (read.py); SQLAlchemy is loaded only to create, migrate or
write a catalogue, or for the queries built with it (search, the web desk), so that a read command
on a catalogue at the current schema version never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..fields import EXPORT_COLUMNS
from ..output import LIST_SEPARATOR
from . import sql
from .db import display, first_line, resolve_url
from .read import Reader
from .sql import Filters

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(eq=False)
class Catalogue:
    url: str
    reader: Reader
    _engine: Engine | None = field(default=None, repr=False)

    @classmethod
    def open(cls, db: str | None = None, create: bool = True) -> Catalogue:
        """The catalogue at `db`, its schema brought up to date; `create=False` for one that must
        exist already (a read command): one at the current version is opened without SQLAlchemy."""
        url = resolve_url(db)
        if url.startswith("sqlite:///"):
            _check_sqlite_path(
                Path(url[len("sqlite:///") :]), create, default=db is None and not os.environ.get("CAPTIONS_DB")
            )
        catalogue = cls(url, Reader(url))
        if create or not catalogue.reader.current():
            catalogue._migrate()
        return catalogue

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made when first asked for (writing, search, the web desk)."""
        if self._engine is None:
            self._engine = _engine(self.url)
        return self._engine

    def _migrate(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from .migrations import migrate

        try:
            migrate(self.engine)
        except SQLAlchemyError as e:
            raise StoreError(
                f"cannot open the catalogue {display(self.url)}: {first_line(e)}",
                hint="is it an SQLite catalogue file, and is its folder writable?"
                if self.url.startswith("sqlite")
                else "is the server running, and may this user create tables?",
            )

    @property
    def path(self) -> Path | None:
        """The catalogue's file, for an SQLite catalogue."""
        return Path(self.url[len("sqlite:///") :]) if self.url.startswith("sqlite:///") else None

    def writer(
        self,
        path: str,
        kind: str,
        sha: str,
        title: str | None = None,
        page_date: str | None = None,
        publisher: str | None = None,
        url: str | None = None,
        batch_size: int | None = None,
    ):
        """A writer of one document's images; `batch_size` images a transaction (default: the writer's)."""
        from .writer import WRITE_BATCH, DocumentWriter

        size = batch_size or WRITE_BATCH
        return DocumentWriter(self.engine, self.url, path, kind, sha, title, page_date, publisher, url, size)

    # -- reading -----------------------------------------------------------------------------

    def query_images(self, filters: Filters, registry, fields: list[str] | None = None) -> Iterator[dict]:
        """Stored images that pass `filters`, in id order, as dicts of `fields` (all by default).
        `registry` is asked only where filters.need_registry."""
        return self.reader.images(sql.where(filters, registry), fields, filters.limit)

    def query_columns(
        self, filters: Filters, registry, fields: list[str], joined: dict[str, str] | None = None
    ) -> dict[str, list]:
        """As query_images, as one list of values per field (output.write_table_columns); the
        list fields named in `joined` as one text each, joined by the separator given."""
        return self.reader.columns(sql.where(filters, registry), fields, filters.limit, joined)

    def audit(self, registry) -> list[dict]:
        """Images from state media or handouts whose caption has no verifiability disclaimer, by
        file, each with its finding in words."""
        rows = sorted(self.query_images(Filters(audit=True), registry), key=lambda r: (r["file"], r["id"]))
        for row in rows:
            why = row["reasons"][0] if row["reasons"] else row["provenance"]
            row["finding"] = f"{why}; the caption has no verifiability disclaimer"
        return rows

    def get_image(self, image_id: int) -> dict | None:
        if not -(2**63) <= image_id < 2**63:
            return None
        w = sql.Where()
        w.terms.append(f"images.id = {w.param('id', image_id)}")
        return next(self.reader.images(w), None)

    def csv_pages(
        self, filters: Filters, registry, columns: list[str] = EXPORT_COLUMNS, separator: str = LIST_SEPARATOR
    ) -> Iterator[tuple[int, bytes]] | None:
        """The CSV lines of an export (`columns`, in id order) as SQLite writes them, a page at a
        time: (rows, UTF-8 bytes).  Formula cells are left as they are (output.write_csv_pages
        neutralises them).  None where the database is not SQLite: write the rows of query_images."""
        from .lines import csv_lines  # for an export only

        if self.reader.postgres:
            return None
        return self.reader.line_pages(csv_lines(columns, separator), sql.where(filters, registry), filters.limit)

    def json_pages(
        self, filters: Filters, registry, columns: list[str] = EXPORT_COLUMNS
    ) -> Iterator[tuple[int, bytes]] | None:
        """The JSON lines of an export as SQLite writes them, a page at a time: (rows, UTF-8
        bytes), unsafe characters not yet escaped (output.write_json_pages escapes them).  None
        where the database is not SQLite or a column is not one SQLite writes: write the rows
        of query_images."""
        from .lines import json_lines  # for an export only

        lines = json_lines(columns)
        if self.reader.postgres or lines is None:
            return None
        return self.reader.line_pages(lines, sql.where(filters, registry), filters.limit)

    def agency_counts(self) -> list[dict]:
        """Each organisation with its images, the images it is the origin of, and how many of its
        images are unverifiable, most images first."""
        return self.reader.agency_counts()

    def count_images(self) -> int:
        return self.reader.all("SELECT count(images.id) FROM images")[0][0]


def _check_sqlite_path(path: Path, create: bool, default: bool) -> None:
    if not create and not path.exists():
        raise StoreError(f"no catalogue at {path}", hint="run `captions ingest PATH` first, or pass --db")
    if not path.parent.exists():
        if not default:
            raise StoreError(
                f"the folder {path.parent} does not exist", hint="create it first, or point --db elsewhere"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the folder {path.parent}: {e.strerror or e}")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a catalogue file")
    if create and not path.exists() and not os.access(path.parent, os.W_OK):
        raise StoreError(f"cannot create {path}: the folder {path.parent} is read-only")


def _engine(url: str):
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    except ImportError as e:
        # the URL names a database driver this installation lacks
        raise StoreError(
            f"cannot open the catalogue {display(url)}: {e}", hint='for PostgreSQL: pip install "captions[postgres]"'
        )
    except (SQLAlchemyError, ValueError) as e:
        raise StoreError(
            f"cannot open the catalogue {display(url)}: {first_line(e)}",
            hint="--db takes a file path or an SQLAlchemy URL",
        )
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):  # pragma: no cover - exercised through every test
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine
