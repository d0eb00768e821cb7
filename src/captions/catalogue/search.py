"""Full-text search over the stored captions: description, credit, people and places.

SQLite keeps two FTS5 indexes, built by migration m005 and kept in step with `images` by triggers,
so that every writer (this package's, a script's, a future one) updates them:

    images_fts      unicode61, diacritics removed: "Sao Paulo" finds "São Paulo"; words and prefixes
    images_trigram  trigrams of the captions written in Chinese, Japanese or Korean, whose words are
                    not separated by spaces: a substring ("평양") must be found inside a longer run

PostgreSQL searches `to_tsvector('captions_search', ...)` (the 'simple' configuration with
accents removed by the unaccent extension; plain 'simple' where the server lacks it) through a GIN
expression index (m005), and Chinese, Japanese or Korean substrings by a scan (strpos).

A query is a list of terms.  By default every term is searched as a phrase (quotes and operators
in it are text), all terms must match, and a term ending in `*` is a prefix; `"two words"` is one
phrase.  `syntax=True` hands the query to FTS5 as written (OR, NOT, NEAR, column filters), and a
query FTS5 cannot read becomes one UsageError line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, bindparam, column, func, literal, literal_column, select, table, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError, UsageError
from .db import display, first_line
from .query import Filters, filtered, image_dict, with_article
from .schema import IMAGES, SEPARATOR

# Hits in a snippet are wrapped in these private-use characters; callers turn them into what their
# output needs (snippet_text for text, snippet_parts for HTML built by a template).
HIT_START, HIT_END = "\ue000", "\ue001"
SNIPPET_WORDS = 16
_SNIPPET_CHARS = 60  # either side of the first hit, where the snippet is cut here (CJK, PostgreSQL)

# Chinese, Japanese and Korean letters: a run of them is one "word" to unicode61.
CJK_CLASS = "\u3041-\u30ff\u3131-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_CLASS}]")
# A term is a quoted phrase or a run of non-space characters; either may end in * (a prefix).
_TERM = re.compile(r'"([^"]*+)"(\*?)|([^\s"]++)')
_WORDISH = re.compile(r"\w")
SEARCHED = ("description", "credit", "people", "places")


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


def terms(query: str) -> list[Term]:
    """The terms of a query as a person types it; punctuation-only pieces are dropped."""
    out = []
    for m in _TERM.finditer(query):
        phrase, star, word = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            piece, prefix = phrase, bool(star)
        else:
            prefix = word.endswith("*")
            piece = word.rstrip("*")
        piece = " ".join(piece.split())
        if _WORDISH.search(piece):
            out.append(Term(piece, prefix))
    return out


def fts5_query(query_terms: list[Term]) -> str:
    """FTS5 MATCH text where each term is a quoted phrase: nothing the user typed is an operator."""
    return " ".join('"' + t.text.replace('"', '""') + '"' + ("*" if t.prefix else "") for t in query_terms)


def is_cjk(query_terms: list[Term]) -> bool:
    return any(_CJK.search(t.text) for t in query_terms)


# -- the query ---------------------------------------------------------------------------------


def search(
    catalogue,
    query: str,
    filters: Filters | None = None,
    registry=None,
    limit: int | None = None,
    offset: int = 0,
    syntax: bool = False,
) -> list[dict]:
    """Stored images matching `query` and `filters`, best first, each with the fields of
    `Catalogue.query_images` plus `snippet` (hits between HIT_START and HIT_END) and `score` (higher is better)."""
    filters = filters or Filters()
    if registry is None:
        from ..organisations.registry import AgencyRegistry

        registry = AgencyRegistry.default()
    limit = limit if limit is not None else filters.limit
    query_terms = terms(query)
    if not query_terms and not (syntax and query.strip()):
        raise UsageError(f"nothing to search for in {query!r}", hint='give a word, a name or a "quoted phrase"')
    unlimited = replace(filters, limit=None)
    postgres = catalogue.engine.dialect.name == "postgresql"
    if syntax and postgres:
        raise UsageError("FTS5 query syntax is for SQLite catalogues", hint="search without --syntax")
    # with no filter to pass, the index alone decides which rows come back
    top = offset + limit if limit and unlimited == Filters() else None
    if syntax:
        plan = _fts5(query.strip(), top)
    elif is_cjk(query_terms):
        plan = _cjk_postgres(query_terms) if postgres else _trigram(query_terms)
    else:
        plan = _tsvector(query_terms, _pg_config(catalogue)) if postgres else _fts5(fts5_query(query_terms), top)
    stmt = filtered(plan.select, unlimited, registry).order_by(None).order_by(plan.order, IMAGES.c.id)
    if limit:
        stmt = stmt.limit(limit)
    if offset:
        stmt = stmt.offset(offset)
    rows = _run(catalogue, stmt, plan, syntax)
    for row in rows:
        if plan.cut_snippet:
            row["snippet"] = cut_snippet(row, query_terms)
        row["snippet"] = (row["snippet"] or "").replace(SEPARATOR, "; ")
    return rows


@dataclass
class _Plan:
    select: object
    order: object
    params: dict
    cut_snippet: bool = False  # the database gives no snippet: cut_snippet makes one
    fts_snippets: bool = False  # FTS5 cuts the snippets of the rows returned


def _base(*extra):
    return with_article(select(IMAGES, *extra))


def _fts5(match: str, top: int | None = None) -> _Plan:
    """Matches ranked by bm25 inside the index, then joined with their images.  Without filters
    only the `top` best are joined (a common name matches a tenth of an archive); snippets are cut
    afterwards for the rows returned (_fts5_snippets), not for every match before the sort."""
    fts = table("images_fts", column("rowid"))
    bm25: ColumnElement = literal_column("bm25(images_fts)")
    # ties broken by id, as the outer query breaks them: pages cut at the same place
    best = (
        select(fts.c.rowid.label("match_id"), bm25.label("bm25"))
        .where(text("images_fts MATCH :match"))
        .order_by(bm25, fts.c.rowid)
    )
    if top:
        best = best.limit(top)
    ranked = best.subquery("ranked")
    stmt = _base(literal(None).label("snippet"), (-ranked.c.bm25).label("score")).join(
        ranked, ranked.c.match_id == IMAGES.c.id
    )
    return _Plan(stmt, ranked.c.bm25, {"match": match}, fts_snippets=True)


def _fts5_snippets(conn, match: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join(str(int(i)) for i in ids)
    return dict(
        conn.exec_driver_sql(
            "SELECT rowid, snippet(images_fts, -1, "
            f"char({ord(HIT_START)}), char({ord(HIT_END)}), '…', {SNIPPET_WORDS}) "
            f"FROM images_fts WHERE images_fts MATCH ? AND rowid IN ({marks})",
            (match,),
        ).all()
    )


def _trigram(query_terms: list[Term]) -> _Plan:
    """Substrings in CJK captions: three characters or more through the trigram index, shorter
    ones by instr over the (few) rows that index holds; the snippet is cut here."""
    columns = " || ' ' || ".join(f"images_trigram.{c}" for c in SEARCHED)
    long_terms = [t for t in query_terms if len(t.text) >= 3]
    # best first as bm25 ranks them (lower is better), where the index was asked
    rank: ColumnElement | None = literal_column("bm25(images_trigram)") if long_terms else None
    trigrams = table("images_trigram", column("rowid"))
    stmt = _base(literal(None).label("snippet"), (-rank if rank is not None else literal(0)).label("score")).join(
        trigrams, trigrams.c.rowid == IMAGES.c.id
    )
    params = {}
    if long_terms:
        stmt = stmt.where(text("images_trigram MATCH :match"))
        params["match"] = fts5_query([Term(t.text) for t in long_terms])
    for n, term in enumerate(t for t in query_terms if len(t.text) < 3):
        stmt = stmt.where(text(f"instr(lower({columns}), lower(:short{n})) > 0"))
        params[f"short{n}"] = term.text
    return _Plan(stmt, rank if rank is not None else IMAGES.c.id, params, cut_snippet=True)


def _pg_document(config: str) -> str:
    """The expression migration m005 indexes (GIN): the query must spell it the same way."""
    return f"to_tsvector('{config}', " + " || ' ' || ".join(f"images.{c}" for c in SEARCHED) + ")"


_PG_CONFIGS: dict[str, str] = {}


def _pg_config(catalogue) -> str:
    """The text search configuration m005 chose: captions_search (accents removed), else simple."""
    if catalogue.url not in _PG_CONFIGS:
        with catalogue.engine.connect() as conn:
            have = conn.execute(text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'captions_search'")).first()
        _PG_CONFIGS[catalogue.url] = "captions_search" if have else "simple"
    return _PG_CONFIGS[catalogue.url]


def _tsvector(query_terms: list[Term], config: str) -> _Plan:
    simple: ColumnElement = literal_column(f"'{config}'")  # a literal, as in the index's expression
    tsquery: ColumnElement | None = None
    for n, term in enumerate(query_terms):
        if term.prefix:
            lexemes = [w for w in re.split(r"\W+", term.text) if w]
            value = " <-> ".join("'" + w.replace("'", "''") + "'" for w in lexemes) + ":*"
            part = func.to_tsquery(simple, bindparam(f"t{n}", value))
        else:
            part = func.phraseto_tsquery(simple, bindparam(f"t{n}", term.text))
        tsquery = part if tsquery is None else tsquery.op("&&")(part)
    document: ColumnElement = literal_column(_pg_document(config))
    headline = func.ts_headline(
        simple,
        literal_column("images.description || ' ' || images.credit"),
        tsquery,
        literal_column(f"'StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, MinWords=10'"),
    )
    rank = func.ts_rank(document, tsquery)
    stmt = _base(headline.label("snippet"), rank.label("score")).where(document.op("@@")(tsquery))
    return _Plan(stmt, rank.desc(), {})


def _cjk_postgres(query_terms: list[Term]) -> _Plan:
    document = " || ' ' || ".join(f"images.{c}" for c in SEARCHED)
    stmt = _base(literal(None).label("snippet"), literal(0).label("score"))
    params = {}
    for n, term in enumerate(query_terms):
        stmt = stmt.where(text(f"strpos(lower({document}), lower(:t{n})) > 0"))
        params[f"t{n}"] = term.text
    return _Plan(stmt, IMAGES.c.id, params, cut_snippet=True)


def _run(catalogue, stmt, plan: _Plan, syntax: bool) -> list[dict]:
    stmt = stmt.params(**plan.params) if plan.params else stmt
    try:
        with catalogue.engine.connect() as conn:
            result = conn.execute(stmt)
            rows = [
                dict(image_dict(row), snippet=row._mapping["snippet"], score=round(float(row._mapping["score"]), 4))
                for row in result
            ]
            if plan.fts_snippets:
                snippets = _fts5_snippets(conn, plan.params["match"], [row["id"] for row in rows])
                for row in rows:
                    row["snippet"] = snippets.get(row["id"])
            return rows
    except SQLAlchemyError as e:
        message = first_line(e)
        if "fts5" in message or (syntax and "no such column" in message):
            raise UsageError(
                f"search: the query cannot be read: {message}",
                hint="without --syntax every word is searched as written",
            )
        if "no such table" in message and "images_" in message:
            raise StoreError(
                f"the catalogue {display(catalogue.url)} has no search index",
                hint="open it once with this version of captions (ingest, list) to build it",
            )
        raise StoreError(f"cannot search the catalogue {display(catalogue.url)}: {message}")


# -- snippets ----------------------------------------------------------------------------------


def cut_snippet(row: dict, query_terms: list[Term]) -> str:
    """A window of the first searched field that holds a term, the terms marked: for the matches
    that no FTS5 snippet() describes (CJK substrings, PostgreSQL's ILIKE)."""
    needles = [t.text.casefold() for t in query_terms]
    for name in SEARCHED:
        value = row.get(name)
        field = "; ".join(value) if isinstance(value, list) else (value or "")
        folded = field.casefold()
        found = [(folded.find(n), n) for n in needles if n and folded.find(n) >= 0]
        if not found or len(folded) != len(field):
            continue
        start = max(0, min(i for i, _ in found) - _SNIPPET_CHARS)
        end = min(len(field), start + 2 * _SNIPPET_CHARS + max(len(n) for _, n in found))
        return ("…" if start else "") + mark(field[start:end], needles) + ("…" if end < len(field) else "")
    return (row.get("description") or "")[: 2 * _SNIPPET_CHARS]


def mark(text_: str, needles: list[str]) -> str:
    """`text_` with every occurrence of the (casefolded) needles between HIT_START and HIT_END."""
    folded = text_.casefold()
    hits = []
    for needle in needles:
        i = folded.find(needle)
        while needle and i >= 0:
            hits.append((i, i + len(needle)))
            i = folded.find(needle, i + len(needle))
    out, at = [], 0
    for start, end in sorted(hits):
        if start < at:
            continue
        out += [text_[at:start], HIT_START, text_[start:end], HIT_END]
        at = end
    out.append(text_[at:])
    return "".join(out)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_hit) pieces, for a template that escapes each piece itself."""
    parts, hit = [], False
    for piece in re.split(f"([{HIT_START}{HIT_END}])", snippet or ""):
        if piece == HIT_START:
            hit = True
        elif piece == HIT_END:
            hit = False
        elif piece:
            parts.append((piece, hit))
    return parts


def snippet_text(snippet: str, start: str = "**", end: str = "**") -> str:
    """A snippet for a terminal or a JSON reader: hits between `start` and `end`."""
    return "".join(f"{start}{t}{end}" if hit else t for t, hit in snippet_parts(snippet))


# the tables the index adds (with FTS5's shadow tables, named after them)
SEARCH_TABLES = ("images_fts", "images_trigram")
