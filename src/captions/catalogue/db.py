"""Small helpers every part of the catalogue shares: where a catalogue is, how to retry a
transaction another writer holds up, the dialect's INSERT, and how to name a URL in a message."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

DEFAULT_DB = Path("db") / "captions.db"
T = TypeVar("T")


def resolve_url(db: str | None) -> str:
    """--db, then CAPTIONS_DB, then db/captions.db under the current folder."""
    value = db or os.environ.get("CAPTIONS_DB") or str(DEFAULT_DB)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value)}"


def retrying(engine, work: Callable[[object], T], attempts: int = 40) -> T:
    """Run `work(conn)` in one transaction, again if another writer holds the lock (SQLite busy,
    a PostgreSQL deadlock or serialisation failure).  `work` may use the sqlite3 driver's cursor
    itself: its errors count as SQLAlchemy's do."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    delay = 0.05
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                return work(conn)
        except (OperationalError, sqlite3.OperationalError) as e:
            text = str(getattr(e, "orig", None) or e).lower()
            if attempt == attempts - 1 or not any(
                w in text for w in ("locked", "busy", "deadlock", "could not serialize")
            ):
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


# A writer's page cache (negative: KiB).  SQLite's default of 2 MB holds little of the unique
# (article, fingerprint) index, whose pages a batch touches all over; readers keep the default.
WRITE_CACHE_KIB = 64 * 1024


def write_pragmas(cursor) -> None:
    """Settings for an SQLite connection that writes a batch (they last as long as it does)."""
    cursor.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")


def dialect_insert(url: str):
    """INSERT ... ON CONFLICT DO NOTHING for this database's dialect."""
    if url.startswith("postgresql"):
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert


def first_line(e: BaseException) -> str:
    text = str(getattr(e, "orig", None) or e)
    return text.splitlines()[0] if text else type(e).__name__


def display(url: str) -> str:
    """A catalogue's URL as a message shows it: a file path, or the URL without its password."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    return mask_password(url)


def mask_password(url: str) -> str:
    """The URL with any password replaced by ***, whether in the user part or in the query
    (`?password=`), and whatever characters the password holds (an unescaped @ included)."""
    import re
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//.*@", "//***@", url)
    netloc = parts.netloc
    if "@" in netloc:
        user_part, host = netloc.rsplit("@", 1)
        user = user_part.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in user_part else f"{user}@{host}"
    query = re.sub(r"(?i)((?:^|&)password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
