"""Opening a catalogue (a file path or an SQLAlchemy URL), and the `Catalogue` a program holds:
it migrates the schema on open, hands out writers, and answers queries."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..output import LIST_SEPARATOR
from ..record import EXPORT_COLUMNS
from .db import display, first_line, resolve_url
from .query import Filters, agency_counts, csv_lines_select, filtered, image_dict, images_select
from .schema import IMAGES

_PAGE = 1000  # rows read at a time: an export streams whatever the size of the catalogue


@dataclass
class Catalogue:
    url: str
    engine: Engine

    @classmethod
    def open(cls, db: str | None = None, create: bool = True) -> Catalogue:
        url = resolve_url(db)
        if url.startswith("sqlite:///"):
            _check_sqlite_path(
                Path(url[len("sqlite:///") :]), create, default=db is None and not os.environ.get("CAPTIONS_DB")
            )
        engine = _engine(url)
        try:
            from .migrations import migrate

            migrate(engine)
        except SQLAlchemyError as e:
            raise StoreError(
                f"cannot open the catalogue {display(url)}: {first_line(e)}",
                hint="is it an SQLite catalogue file, and is its folder writable?"
                if url.startswith("sqlite")
                else "is the server running, and may this user create tables?",
            )
        return cls(url, engine)

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
        batch_size: int = 500,
    ):
        from .writer import DocumentWriter

        return DocumentWriter(self.engine, self.url, path, kind, sha, title, page_date, publisher, url, batch_size)

    # -- reading -----------------------------------------------------------------------------

    def query_images(self, filters: Filters, registry, fields: list[str] | None = None) -> Iterator[dict]:
        """Stored images that pass `filters`, in id order, as dicts of `fields` (all by default)."""
        return self._rows(filtered(images_select(), filters, registry), fields)

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
        return next(self._rows(images_select().where(IMAGES.c.id == image_id)), None)

    def csv_pages(
        self, filters: Filters, registry, columns: list[str] = EXPORT_COLUMNS, separator: str = LIST_SEPARATOR
    ) -> Iterator[tuple[int, bytes]] | None:
        """The CSV lines of an export (`columns`, in id order) as SQLite writes them, a page at a
        time: (rows, UTF-8 bytes).  Formula cells are left as they are (output.write_csv_pages
        neutralises them).  None where the database is not SQLite: write the rows of query_images."""
        if self.engine.dialect.name != "sqlite":
            return None
        return self._csv_pages(filtered(csv_lines_select(columns, separator), filters, registry))

    def agency_counts(self) -> list[dict]:
        return self._read(agency_counts)

    def count_images(self) -> int:
        return self._read(lambda conn: conn.execute(select(func.count(IMAGES.c.id))).scalar_one())

    def _read(self, work):
        try:
            with self.engine.connect() as conn:
                return work(conn)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot read the catalogue {display(self.url)}: {first_line(e)}")

    def _rows(self, stmt, fields: list[str] | None = None) -> Iterator[dict]:
        try:
            with self.engine.connect() as conn:
                result = conn.execution_options(yield_per=_PAGE).execute(stmt)
                for page in result.partitions():
                    for row in page:
                        yield image_dict(row, fields)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot read the catalogue {display(self.url)}: {first_line(e)}")

    def _csv_pages(self, stmt) -> Iterator[tuple[int, bytes]]:
        try:
            with self.engine.connect() as conn:
                # Straight through the driver's cursor (a SQLAlchemy result row costs more than the
                # line), and as the bytes SQLite holds: no decoding here, no encoding when written.
                driver: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
                compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
                values = compiled.construct_params()
                driver.text_factory = bytes
                try:
                    cursor = driver.execute(str(compiled), [values[name] for name in compiled.positiontup])
                    while page := cursor.fetchmany(_PAGE):
                        yield len(page), b"".join([row[0] + b"\n" for row in page])
                finally:
                    driver.text_factory = str
        except (SQLAlchemyError, sqlite3.Error) as e:
            raise StoreError(f"cannot read the catalogue {display(self.url)}: {first_line(e)}")


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
    from sqlalchemy import create_engine

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
