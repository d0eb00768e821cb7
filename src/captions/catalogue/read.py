"""Reading a catalogue over the plain database driver: sqlite3, or psycopg for PostgreSQL (imported
only then).  A read command runs sql.py's queries here and never loads SQLAlchemy, which costs a
command more time than its query; writing and migrating stay with SQLAlchemy (open.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from itertools import chain
from typing import TYPE_CHECKING

from ..errors import StoreError
from . import sql
from .db import display, first_line

if TYPE_CHECKING:
    from .lines import Lines

# The schema version this code reads: the last of migrations.MIGRATIONS (a test checks that the two
# agree).  A catalogue that lacks any of them is opened through the migrations (open.py).
SCHEMA_VERSION = 8
PAGE = 1000  # rows fetched at a time: an export streams whatever the size of the catalogue


class Reader:
    """Connections to one catalogue, one per thread (the web desk reads from several), each in
    autocommit so that no read holds a snapshot open between queries."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = url.startswith("postgresql")
        self._local = threading.local()

    def connect(self, binary: bool = False):
        if self.postgres:
            try:
                import psycopg
            except ImportError as e:
                raise StoreError(
                    f"cannot open the catalogue {display(self.url)}: {e}",
                    hint='for PostgreSQL: pip install "captions[postgres]"',
                )
            # the SQLAlchemy URL less its driver is a libpq URL
            return psycopg.connect(re.sub(r"^postgresql\+\w+://", "postgresql://", self.url), autocommit=True)
        if not self.url.startswith("sqlite:///"):
            raise StoreError(
                f"cannot read the catalogue {display(self.url)}: not an SQLite or PostgreSQL database",
                hint="--db takes a file path, or a postgresql+psycopg:// URL",
            )
        con = sqlite3.connect(self.url[len("sqlite:///") :], timeout=30, isolation_level=None)
        if binary:
            con.text_factory = bytes
        return con

    def connection(self):
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self.connect()
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def _sql(self, text: str) -> str:
        # psycopg takes %(name)s where SQLite and SQLAlchemy take :name, and a literal % doubled
        return re.sub(r":(\w+)", r"%(\1)s", text.replace("%", "%%")) if self.postgres else text

    def current(self) -> bool:
        """Whether the catalogue has every migration this code knows (1 to SCHEMA_VERSION), as
        migrations.migrate asks: False where one is missing, there is none yet, or it cannot say."""
        try:
            row = self.connection().execute(self._sql(sql.MIGRATIONS_APPLIED), {"last": SCHEMA_VERSION}).fetchone()
        except Exception:  # noqa: BLE001 - not a catalogue yet, or not readable: the migrations say which
            self.close()
            return False
        return bool(row) and row[0] == SCHEMA_VERSION

    def failed(self, e: BaseException) -> StoreError:
        return StoreError(f"cannot read the catalogue {display(self.url)}: {first_line(e)}")

    def _errors(self) -> tuple[type[BaseException], ...]:
        if self.postgres:
            import psycopg

            return (sqlite3.Error, psycopg.Error)
        return (sqlite3.Error,)

    def all(self, text: str, params: dict | None = None) -> list[tuple]:
        try:
            return self.connection().execute(self._sql(text), params or {}).fetchall()
        except self._errors() as e:
            raise self.failed(e)

    def pages(self, text: str, params: dict, binary: bool = False) -> Iterator[list[tuple]]:
        """The rows of a query, PAGE at a time, streamed: PostgreSQL through a server-side cursor."""
        con = self.connect(binary=True) if binary else self.connection()
        try:
            if self.postgres:
                with con.transaction():
                    cursor = con.cursor(name="captions_pages")
                    cursor.execute(self._sql(text), params)
                    while page := cursor.fetchmany(PAGE):
                        yield page
                return
            cursor = con.execute(text, params)
            while page := cursor.fetchmany(PAGE):
                yield page
        except self._errors() as e:
            raise self.failed(e)
        finally:
            if binary:
                con.close()

    # -- images ------------------------------------------------------------------------------

    def images(self, w: sql.Where, fields: list[str] | None = None, limit: int | None = None) -> Iterator[dict]:
        """The images that pass `w`, in id order, as dicts of `fields` (all by default), made a
        page at a time."""
        kept, columns = sql.field_columns(fields)
        text, params = sql.select_images(columns, w, limit, self.postgres)
        pages = ([dict(zip(kept, row)) for row in converted(page, kept)] for page in self.pages(text, params))
        return chain.from_iterable(pages)

    def columns(
        self, w: sql.Where, fields: list[str], limit: int | None = None, joined: dict[str, str] | None = None
    ) -> dict[str, list]:
        """The images that pass `w`, in id order, as one list of values per field: what a table
        needs, made a column at a time rather than a dict per row.  A list field named in
        `joined` comes as one text, its items joined by the separator given (a table prints it
        so: no list to make and join again per cell)."""
        kept, columns = sql.field_columns(fields)
        text, params = sql.select_images(columns, w, limit, self.postgres)
        rows = [row for page in self.pages(text, params) for row in page]
        values = list(zip(*rows)) if rows else [() for _ in kept]
        out = {}
        for name, column in zip(kept, values):
            if joined and name in joined and sql.kind(name) == "names":
                out[name] = sql.join_names_column(column, joined[name])
            elif convert := converter(name):
                out[name] = list(map(convert, column))
            else:
                out[name] = list(column)
        return out

    def line_pages(self, lines: Lines, w: sql.Where, limit: int | None) -> Iterator[tuple[int, bytes]]:
        """The lines SQLite writes (lines.py), one per image that passes `w`, as the bytes it holds
        (no decoding here, no encoding when written): (rows, lines) a page at a time."""
        from . import spans

        if not self.postgres and spans.spans_apply(w, limit):
            try:
                opened = spans.open_spans(self.url[len("sqlite:///") :])
                if opened is not None:
                    yield from spans.line_pages(*opened, lines, w)
                    return
            except sqlite3.Error as e:
                raise self.failed(e)
        text, params = sql.select_images([lines.plain], w, limit)
        for page in self.pages(text, params, binary=True):
            yield len(page), b"".join([row[0] + b"\n" for row in page])

    def agency_counts(self) -> list[dict]:
        keys = ("agency", "country", "kind", "control", "images", "as_origin", "unverifiable")
        out = [dict(zip(keys, row)) for row in self.all(sql.AGENCY_COUNTS)]
        out.sort(key=lambda r: (-r["images"], r["agency"]))
        return out


# -- rows back into fields ---------------------------------------------------------------------


def _json_list(text: str | None) -> list:
    return json.loads(text) if text and text != "[]" else []


def _json(text: str | None):
    return json.loads(text) if text else None


_FROM_COLUMN: dict[str, Callable] = {
    "names": sql.split_names,
    "sentences": _json_list,
    "json": _json,
    "flag": bool,  # SQLite gives 0 or 1
}


def converter(field: str) -> Callable | None:
    """How the stored column of `field` is read back; None where it is the value itself."""
    if field == "flags":
        return sql.flag_words
    return _FROM_COLUMN.get(sql.kind(field))


def converted(page: list[tuple], kept: list[str]) -> Iterator[tuple]:
    """The rows of a page of sql.field_columns(kept), each column read back as its field (a
    column at a time: one map per converted column, not a test per cell)."""
    converters = [(i, convert) for i, convert in enumerate(map(converter, kept)) if convert]
    if not converters or not page:
        return iter(page)
    columns = list(zip(*page))
    for i, convert in converters:
        columns[i] = tuple(map(convert, columns[i]))
    return zip(*columns)
