"""A whole-catalogue export, read by SQLite on a thread of its own while this one finishes and
writes.

SQLite builds every line of an export (lines.py) and here joins a whole span of ids' lines into
one text: a span is one step of SQLite's, during which Python's sqlite3 lets go of the
interpreter, so SQLite reads the next span while this thread escapes and writes the last one, and
a span makes one Python object rather than one a row.

One reading thread, not one a CPU: SQLite counts every allocation under one lock for the whole
process, and two connections building lines at once ran slower than one (measured on 2 CPUs:
20,000 rows in 0.50 s against 0.30 s).  One connection, in one read transaction, reads one
snapshot of the catalogue whatever writers commit meanwhile.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator

from . import sql
from .lines import Lines

SPAN = 10_000  # ids read at a time: two spans in memory at most


def spans_apply(w: sql.Where, limit: int | None) -> bool:
    """Whether an export with these terms is read in spans: not one with a limit (it reads from
    the start), nor one whose terms hold a query of their own (each span would run it again)."""
    return limit is None and not any("SELECT" in term for term in w.terms)


def open_spans(path: str) -> tuple[sqlite3.Connection, list[tuple[int, int]]] | None:
    """A connection in a read transaction (every span it reads comes from one snapshot) and the
    spans to read; None where the ids are too sparse to read in spans."""
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        con.text_factory = bytes
        con.execute("BEGIN")
        spans = id_spans(con)
    except BaseException:
        con.close()
        raise
    if spans is None:
        con.close()
        return None
    return con, spans


def id_spans(con: sqlite3.Connection) -> list[tuple[int, int]] | None:
    """The spans of ids to read, first to last, SPAN ids each; None where the ids are sparse (a
    catalogue whose ids jump would make spans without images by the million)."""
    first, last, count = con.execute("SELECT min(id), max(id), count(*) FROM images").fetchone()
    if first is None:
        return []
    if last - first >= 2 * count + SPAN:
        return None
    return [(a, min(a + SPAN - 1, last)) for a in range(first, last + 1, SPAN)]


def line_pages(
    con: sqlite3.Connection,
    spans: list[tuple[int, int]],
    lines: Lines,
    w: sql.Where,
) -> Iterator[tuple[int, bytes]]:
    """(rows, lines) of every image in `spans` that passes `w`, a span at a time, in id order,
    read on a thread of its own; the connection is closed at the end, or when the reader stops.
    A span is read with the marked line, and again with the plain one where the marks cannot
    write it."""
    spanned = sql.Where()
    spanned.terms = [*w.terms, "images.id BETWEEN :span_first AND :span_last"]
    spanned.params, spanned.flags = dict(w.params), w.flags
    text, params = _span_sql(lines.plain, spanned)
    marked_text = _span_sql(lines.marked, spanned)[0]
    done: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    # the reading thread steps SQLite (the interpreter let go) while this one unmarks and writes
    # the span before; a span read again with the plain line is read here, the connection taken
    # in turn
    turn = threading.Lock()

    def page_of(line_sql: str, a: int, b: int) -> tuple[int, bytes]:
        with turn:
            return con.execute(line_sql, {**params, "span_first": a, "span_last": b}).fetchone()

    def read() -> None:
        try:
            for a, b in spans:
                if not _hand_on(done, (a, b, *page_of(marked_text, a, b)), stop):
                    return
            _hand_on(done, None, stop)
        except BaseException as e:  # noqa: BLE001 - handed to the writing thread, which raises it
            _hand_on(done, e, stop)

    reader = threading.Thread(target=read, name="captions-export-reader", daemon=True)
    reader.start()
    try:
        while (item := done.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            a, b, count, page = item
            if not count:
                continue
            if (unmarked := lines.unmark(page, count)) is not None:
                yield count, unmarked + b"\n"
                continue
            count, page = page_of(text, a, b)
            if count:
                yield count, page + b"\n"
    finally:
        stop.set()
        reader.join()
        con.close()


def _span_sql(line: str, spanned: sql.Where) -> tuple[str, dict]:
    rows, params = sql.select_images([f"{line} AS line"], spanned)
    # the lines in the subquery's order (SQLite aggregates a subquery's rows in its ORDER BY)
    return f"SELECT count(*), group_concat(line, char(10)) FROM ({rows})", params


def _hand_on(into: queue.Queue, item, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            into.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False
