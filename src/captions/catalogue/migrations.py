"""Ordered, recorded schema migrations (m001_..., m002_...), applied when a catalogue is opened.

Each migration runs once per catalogue and is recorded in `schema_migrations`.  Two processes that
open a new catalogue at the same time both try; the loser sees the winner's tables and goes on.
"""
from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError


def m001_initial(conn) -> None:
    """Articles, images, agencies and the link tables for chain, photographers, people and places."""
    from sqlmodel import SQLModel
    from . import store  # noqa: F401  (registers the table models)
    SQLModel.metadata.create_all(conn, checkfirst=True)


def m002_origin_index(conn) -> None:
    """`list --country CC` and `--control SC` look for the first link of each chain: index
    (position, agency_id, image_id) so that they read the origins only, not every link."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_chain_origin ON chain_links (position, agency_id, image_id)"))


def m003_image_chain(conn) -> None:
    """Each image keeps its chain as names (images.chain, joined by U+001F like its photographers):
    listing and exporting read it with the image instead of joining every link with its agency,
    which was a fifth of the time of an export.  The links stay for the indexed filters."""
    from sqlalchemy import inspect
    if "chain" in {column["name"] for column in inspect(conn).get_columns("images")}:
        return      # created by m001 from the newer models
    conn.execute(text("ALTER TABLE images ADD COLUMN chain VARCHAR NOT NULL DEFAULT ''"))
    if conn.dialect.name == "postgresql":
        names = ("SELECT string_agg(agencies.name, chr(31) ORDER BY chain_links.position) FROM chain_links "
                 "JOIN agencies ON agencies.id = chain_links.agency_id WHERE chain_links.image_id = images.id")
    else:
        names = ("SELECT group_concat(name, char(31)) FROM (SELECT agencies.name AS name FROM chain_links "
                 "JOIN agencies ON agencies.id = chain_links.agency_id WHERE chain_links.image_id = images.id "
                 "ORDER BY chain_links.position)")
    conn.execute(text(f"UPDATE images SET chain = coalesce(({names}), '')"))


# Append only: a step, once released, never changes; later changes of the table models go into
# new steps, written so that they also hold on a catalogue that m001 created with the newer models.
MIGRATIONS = [
    (1, "m001_initial", m001_initial),
    (2, "m002_origin_index", m002_origin_index),
    (3, "m003_image_chain", m003_image_chain),
]


def applied(conn) -> set[int]:
    conn.execute(text("CREATE TABLE IF NOT EXISTS schema_migrations "
                      "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"))
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
                    conn.execute(text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
                                 {"v": version, "n": name, "t": dt.datetime.now(dt.timezone.utc).isoformat()})
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
