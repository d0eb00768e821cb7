"""An export's lines read in spans of ids, on several threads, in id order.

SQLite builds every line of an export (sql.csv_line_sql, sql.json_line_sql) and here joins a
whole span's lines into one text, so a span is one step of SQLite's, during which Python's
sqlite3 lets go of the interpreter: a whole-catalogue export runs one connection per CPU, each
over its own spans, while this thread writes the lines in order (and makes one Python object a
span rather than one a row).  Every connection reads the same snapshot of the catalogue: their
read transactions all start with no commit between the first and the last (PRAGMA data_version,
watched from another connection, says so), or the export is read a page at a time on one
connection, as a filtered one is.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterator

from . import sql

SPAN = 10_000  # ids one thread reads at a time: two spans a thread in memory at most


def threads_to_use() -> int:
    try:
        return min(4, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return min(4, os.cpu_count() or 1)


def spans_apply(w: sql.Where, limit: int | None) -> bool:
    """Whether an export with these terms is read in spans: not one with a limit (it reads from
    the start), nor one whose terms hold a query of their own (each span would run it again)."""
    return limit is None and not any("SELECT" in term for term in w.terms)


def same_snapshot(path: str, count: int) -> list[sqlite3.Connection] | None:
    """`count` connections, each in a read transaction of the same snapshot (None if writers kept
    committing in between, three times)."""
    watch = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        for _ in range(3):
            before = watch.execute("PRAGMA data_version").fetchone()[0]
            connections = [_reading(path) for _ in range(count)]
            if watch.execute("PRAGMA data_version").fetchone()[0] == before:
                return connections
            for con in connections:
                con.close()
        return None
    finally:
        watch.close()


def _reading(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    con.text_factory = bytes
    con.execute("BEGIN")
    con.execute("SELECT 1 FROM images LIMIT 1").fetchall()  # the snapshot is taken at the first read
    return con


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
    connections: list[sqlite3.Connection], spans: list[tuple[int, int]], line: str, w: sql.Where
) -> Iterator[tuple[int, bytes]]:
    """(rows, lines) of every image in `spans` that passes `w`, a span at a time, in id order;
    the connections are closed at the end, or when the reader stops early."""
    spanned = sql.Where()
    spanned.terms = [*w.terms, "images.id BETWEEN :span_first AND :span_last"]
    spanned.params, spanned.flags = dict(w.params), w.flags
    rows, params = sql.select_images([f"{line} AS line"], spanned)
    # the lines in the subquery's order (SQLite aggregates a subquery's rows in its ORDER BY)
    text = f"SELECT count(*), group_concat(line, char(10)) FROM ({rows})"
    threads = len(connections)
    done: list[queue.Queue] = [queue.Queue(maxsize=1) for _ in connections]
    stop = threading.Event()

    def read(k: int) -> None:
        try:
            for a, b in spans[k::threads]:
                rows_in_span, lines = (
                    connections[k].execute(text, {**params, "span_first": a, "span_last": b}).fetchone()
                )
                _hand_on(done[k], (rows_in_span, lines + b"\n" if rows_in_span else b""), stop)
        except BaseException as e:  # noqa: BLE001 - handed to the writing thread, which raises it
            _hand_on(done[k], e, stop)

    workers = [threading.Thread(target=read, args=(k,), daemon=True) for k in range(threads)]
    for worker in workers:
        worker.start()
    try:
        for i in range(len(spans)):
            item = done[i % threads].get()
            if isinstance(item, BaseException):
                raise item
            if item[0]:
                yield item
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        for con in connections:
            con.close()


def _hand_on(into: queue.Queue, item, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            into.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
