"""The catalogue's read queries as SQL text: filters into WHERE terms, the columns a list of fields
needs, one image, the per-agency counts and the export's CSV line.

No SQLAlchemy here: a read command runs these over the plain driver (read.py), so that `list` or
`show` starts without loading an ORM; query.py hands the same terms to SQLAlchemy for search and
the web desk.  The SQL is one text for SQLite and PostgreSQL, parameters written `:name` (the
SQLite driver's and SQLAlchemy's style; read.py rewrites them for psycopg).  Table and column
names come from `fields.FIELDS` and the constants below; a test checks them against schema.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..fields import FIELDS, FLAGS

# The provenance levels `--audit` looks for: a party to the story or the state supplied the image.
AUDITED_LEVELS = ("state_media", "handout")

# A list of names (chain, photographers, people, places) is kept in one column of images, its
# items joined by U+001F, which no caption text holds.  schema.py and the writer take these from here.
SEPARATOR = "\x1f"


def split_names(joined: str | None) -> list[str]:
    if not joined:
        return []
    names = joined.split(SEPARATOR)
    return [x for x in names if x] if "" in names else names


def names_joiner(separator: str) -> Callable[[str | None], str]:
    """A stored list as one text, its items joined by `separator`: what
    `separator.join(split_names(joined))` gives, without the list where no item is empty."""
    doubled = SEPARATOR + SEPARATOR

    def join(joined: str | None) -> str:
        if not joined:
            return ""
        if doubled in joined or joined[0] == SEPARATOR or joined[-1] == SEPARATOR:
            return separator.join(split_names(joined))
        return joined.replace(SEPARATOR, separator)

    return join


_BETWEEN_VALUES = (
    "\x1e"  # U+001E, the record separator: no stored name holds one (a column that does is joined value by value)
)


def join_names_column(column, separator: str) -> list[str]:
    """names_joiner(separator) of every value of a column, in a few passes over the whole column
    rather than a call a value (a long list's chain column: ~1.5 us a row in Python): the values
    are joined into one text, their separators replaced at once and the text split again, where
    no item is empty (no doubled separator, none at the start or end of a value)."""
    whole = _BETWEEN_VALUES.join([value or "" for value in column])
    edges = (SEPARATOR + _BETWEEN_VALUES, _BETWEEN_VALUES + SEPARATOR, SEPARATOR + SEPARATOR)
    if not (any(edge in whole for edge in edges) or whole[:1] == SEPARATOR or whole[-1:] == SEPARATOR):
        joined = whole.replace(SEPARATOR, separator).split(_BETWEEN_VALUES)
        if len(joined) == len(column):
            return joined
    return list(map(names_joiner(separator), column))


def name_key(name: str) -> str:
    """A person's or place's name folded for lookup: case and hyphens (as schema.name_key)."""
    return " ".join(name.casefold().replace("-", " ").split())


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
    needs_review: bool = False
    limit: int | None = None
    provenance: str | None = None
    country: str | None = None
    control: str | None = None
    audit: bool = False  # origin is state media or a handout, and no verifiability disclaimer

    @property
    def need_registry(self) -> bool:
        """Whether these filters look a name up in the registry (the rest are plain SQL)."""
        return bool(self.agency or self.source)


class Where:
    """WHERE terms (ANDed) and their parameters, each parameter named once, and the flags to test:
    (column, value), written `IS 1` in SQLite and `IS true` in PostgreSQL, as the partial indexes
    of the flags say (a partial index serves only a query that says what its WHERE says)."""

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.params: dict[str, object] = {}
        self.flags: list[tuple[str, bool]] = []

    def param(self, name: str, value) -> str:
        self.params[name] = value
        return f":{name}"

    def values(self, name: str, values) -> str:
        """`(:name_0, :name_1, ...)` for an IN list."""
        return "(" + ", ".join(self.param(f"{name}_{i}", v) for i, v in enumerate(values)) + ")"

    def sql(self, postgres: bool) -> str:
        """The terms as one condition in this dialect ("" for none)."""
        return " AND ".join(self.terms + [flag_term(column, value, postgres) for column, value in self.flags])


def flag_term(column: str, value: bool, postgres: bool) -> str:
    literal = ("true" if value else "false") if postgres else ("1" if value else "0")
    return f"images.{column} IS {literal}"


# Linked tables: chain_links(image_id, position, agency_id), agencies(id, key, name, ...),
# image_photographers and image_people(image_id, position, name, key).
_CHAIN = "SELECT chain_links.image_id FROM chain_links JOIN agencies ON agencies.id = chain_links.agency_id"


def where(filters: Filters, registry) -> Where:
    """The terms that keep the images passing `filters`; `registry` (an AgencyRegistry or a
    name_index.NameLookup) is asked only for --agency and --source (Filters.need_registry)."""
    w = Where()
    if filters.agency:
        keys = _agency_keys(filters.agency, registry)
        w.terms.append(f'images.id IN ({_CHAIN} WHERE agencies."key" IN {w.values("agency_key", keys)})')
    if filters.source:
        canonical = registry.canonical_name(filters.source)
        names = sorted({filters.source, canonical} if canonical else {filters.source})
        w.terms.append(f"images.source IN {w.values('source', names)}")
    for table, value in (("image_photographers", filters.photographer), ("image_people", filters.person)):
        if value:
            key = w.param(f"{table}_key", name_key(value))
            w.terms.append(f'images.id IN (SELECT {table}.image_id FROM {table} WHERE {table}."key" = {key})')
    if filters.since:
        w.terms.append(f"images.date >= {w.param('since', filters.since)}")
    if filters.until:
        w.terms.append(f"images.date <= {w.param('until', filters.until + chr(0xFFFF))}")
    w.flags += [(flag, True) for flag in ("state_media", "unverifiable", "needs_review") if getattr(filters, flag)]
    if filters.provenance:
        w.terms.append(f"images.provenance = {w.param('provenance', filters.provenance)}")
    if filters.country or filters.control:
        origin = [f"{_CHAIN} WHERE chain_links.position = 0"]
        if filters.country:
            origin.append(f"agencies.country = {w.param('country', filters.country.upper())}")
        if filters.control:
            origin.append(f"agencies.control = {w.param('control', filters.control)}")
        w.terms.append(f"images.id IN ({' AND '.join(origin)})")
    if filters.audit:
        w.terms.append(f"images.provenance IN {w.values('audited', AUDITED_LEVELS)}")
        w.flags.append(("disclaimer", False))
    return w


def _agency_keys(name: str, registry) -> list[str]:
    from ..organisations.keys import alias_key

    keys = {alias_key(name)}
    canonical = registry.canonical_name(name)
    if canonical is not None:
        keys.add(alias_key(canonical))
    return sorted(keys)


# -- the columns of a list of fields -----------------------------------------------------------

# An image's fields in the order `show --format json` prints them: the stored fields, the id,
# its document's context, then the flags in words.
ALL_FIELDS = [f.name for f in FIELDS if f.stored or f.name == "id"] + ["file", "article_title", "publisher", "flags"]
_KIND = {f.name: f.kind for f in FIELDS}
# Fields read from the image's document, and the column each is.
ARTICLE_COLUMNS = {"file": "path", "article_title": "title", "publisher": "publisher"}


def field_columns(fields: list[str] | None) -> tuple[list[str], list[str]]:
    """(the fields a row gives, in order: `fields` but unknown names, `flags` last; the SELECT's
    columns, one per field)."""
    wanted = ALL_FIELDS if fields is None else [f for f in fields if f in ALL_FIELDS]
    kept = [f for f in wanted if f != "flags"]
    columns = [f"articles.{ARTICLE_COLUMNS[f]}" if f in ARTICLE_COLUMNS else f"images.{f}" for f in kept]
    if "flags" in wanted:
        kept.append("flags")
        columns.append(FLAGS_MASK)
    return kept, columns


# The flags column, made by the database as one number (bit i: FLAGS[i]) rather than every flag's
# column to fetch, and read back as record.flags_text writes it ("state_media, unverifiable") by
# flag_words.  A number: SQLite joining the words itself took a quarter of a long list's query.
FLAGS_MASK = " + ".join(f"(CASE WHEN images.{f} THEN {1 << i} ELSE 0 END)" for i, f in enumerate(FLAGS))


@cache  # one entry for each set of flags stored: a few dozen
def flag_words(mask: int) -> str:
    return ", ".join(flag for i, flag in enumerate(FLAGS) if mask >> i & 1)


def kind(field: str) -> str:
    return _KIND.get(field, "text")


def select_images(columns: list[str], w: Where, limit: int | None = None, postgres: bool = False) -> tuple[str, dict]:
    """SELECT `columns` of the images that pass `w`, in id order; the join to articles only where
    a column reads the document (every image has one: articles.id is its foreign key)."""
    sql = f"SELECT {', '.join(columns)} FROM images"
    if any("articles." in c for c in columns):
        sql += " JOIN articles ON articles.id = images.article_id"
    if condition := w.sql(postgres):
        sql += " WHERE " + condition
    sql += " ORDER BY images.id"
    if limit:
        sql += f" LIMIT {w.param('limit', limit)}"
    return sql, w.params


# -- counts ------------------------------------------------------------------------------------


# Each organisation's images, the images it is the origin of and its unverifiable images, as the
# writer keeps them (migration m007), with the organisation's own columns.
AGENCY_COUNTS = (
    "SELECT agencies.name, agencies.country, agencies.kind, agencies.control, agency_counts.images, "
    "agency_counts.as_origin, agency_counts.unverifiable FROM agency_counts "
    "JOIN agencies ON agencies.id = agency_counts.agency_id WHERE agency_counts.images > 0"
)
AGENCIES = "SELECT id, name, country, kind, control FROM agencies"
# How many of the migrations 1..:last a catalogue has (all of them: it needs none).
MIGRATIONS_APPLIED = "SELECT count(*) FROM schema_migrations WHERE version BETWEEN 1 AND :last"
