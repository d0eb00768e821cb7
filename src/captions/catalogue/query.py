"""Reading the catalogue: filters into SQL, stored rows back into the fields of `record.FIELDS`,
an export's CSV lines written by SQLite itself, and the per-agency counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from operator import itemgetter

from sqlalchemy import Boolean, func, literal_column, select

from ..record import FIELDS, FLAGS
from .schema import AGENCIES, ARTICLES, CHAIN_LINKS, IMAGE_PEOPLE, IMAGE_PHOTOGRAPHERS, IMAGES, name_key, split_names

# The provenance levels `--audit` looks for: a party to the story or the state supplied the image.
AUDITED_LEVELS = ("state_media", "handout")


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


def filtered(stmt, filters: Filters, registry):
    """`stmt` (a select from images) narrowed to the images that pass `filters`, in id order."""
    images = IMAGES.c
    for condition in _conditions(filters, registry):
        stmt = stmt.where(condition)
    stmt = stmt.order_by(images.id)
    if filters.limit:
        stmt = stmt.limit(filters.limit)
    return stmt


def _conditions(filters: Filters, registry):
    images = IMAGES.c
    if filters.agency:
        keys = _agency_keys(filters.agency, registry)
        yield images.id.in_(
            select(CHAIN_LINKS.c.image_id)
            .join(AGENCIES, AGENCIES.c.id == CHAIN_LINKS.c.agency_id)
            .where(AGENCIES.c.key.in_(keys))
        )
    if filters.source:
        agency = registry.lookup(filters.source)
        yield images.source.in_(sorted({filters.source, agency.name} if agency else {filters.source}))
    if filters.photographer:
        yield images.id.in_(
            select(IMAGE_PHOTOGRAPHERS.c.image_id).where(IMAGE_PHOTOGRAPHERS.c.key == name_key(filters.photographer))
        )
    if filters.person:
        yield images.id.in_(select(IMAGE_PEOPLE.c.image_id).where(IMAGE_PEOPLE.c.key == name_key(filters.person)))
    if filters.since:
        yield images.date >= filters.since
    if filters.until:
        yield images.date <= filters.until + "\uffff"
    for flag in ("state_media", "unverifiable", "needs_review"):
        if getattr(filters, flag):
            yield images[flag].is_(True)
    if filters.provenance:
        yield images.provenance == filters.provenance
    if filters.country or filters.control:
        origin = (
            select(CHAIN_LINKS.c.image_id)
            .join(AGENCIES, AGENCIES.c.id == CHAIN_LINKS.c.agency_id)
            .where(CHAIN_LINKS.c.position == 0)
        )
        if filters.country:
            origin = origin.where(AGENCIES.c.country == filters.country.upper())
        if filters.control:
            origin = origin.where(AGENCIES.c.control == filters.control)
        yield images.id.in_(origin)
    if filters.audit:
        yield images.provenance.in_(AUDITED_LEVELS)
        yield images.disclaimer.is_(False)


def _agency_keys(name: str, registry) -> list[str]:
    from ..organisations.registry import alias_key

    keys = {alias_key(name)}
    agency = registry.lookup(name)
    if agency is not None:
        keys.add(alias_key(agency.name))
    return sorted(keys)


def with_article(stmt):
    """Add the article's path, title and publisher to a select from images."""
    articles = ARTICLES
    return stmt.add_columns(
        articles.c.path.label("article_path"),
        articles.c.title.label("article_title"),
        articles.c.publisher.label("article_publisher"),
    ).join(articles, articles.c.id == IMAGES.c.article_id)


def images_select():
    return with_article(select(IMAGES))


# -- rows back into fields ---------------------------------------------------------------------


def _json_list(text: str | None) -> list:
    return json.loads(text) if text and text != "[]" else []


# How a stored column of each kind is read back.  Rows are read through their mapping: a key
# lookup there costs a tenth of an attribute lookup on the Row.
_FROM_COLUMN = {
    "names": lambda name: lambda r: split_names(r[name]),
    "sentences": lambda name: lambda r: _json_list(r[name]),
    "json": lambda name: lambda r: json.loads(r[name]) if r[name] else None,
}
_READERS = {
    f.name: _FROM_COLUMN[f.kind](f.name) if f.kind in _FROM_COLUMN else itemgetter(f.name)
    for f in FIELDS
    if f.stored or f.name == "id"
}
_READERS["file"] = itemgetter("article_path")
# the document's context, beside the record's own fields
_READERS["article_title"] = itemgetter("article_title")
_READERS["publisher"] = itemgetter("article_publisher")


def image_dict(row, fields: list[str] | None = None) -> dict:
    """One stored image as its fields; `row` is a result row of images and its article.
    `fields` keeps only those keys (an export builds nothing it does not write)."""
    mapping = row._mapping
    if fields is None:
        out = {name: read(mapping) for name, read in _READERS.items()}
    else:
        out = {name: _READERS[name](mapping) for name in fields if name in _READERS}
    if fields is None or "flags" in fields:
        out["flags"] = ", ".join(name for name in FLAGS if mapping[name])
    return out


# -- the export's CSV lines, written by SQLite -------------------------------------------------


def csv_line_sql(columns: list[str], separator: str) -> str:
    """SQL for one export line, as output.write_rows would write that row (csv.QUOTE_NONNUMERIC:
    the id bare, every other cell quoted with its quotes doubled, lists joined by `separator`).
    One printf per row: a chain of || would copy the growing line once per cell."""
    images = IMAGES.c
    kinds = {f.name: f.kind for f in FIELDS}
    separator = separator.replace("'", "''")
    formats, cells = [], []
    for column in columns:
        kind = kinds[column]
        if kind == "id":
            formats.append("%d")
            cells.append(f"images.{column}")
            continue
        if column == "file":
            cell = "articles.path"
        elif kind == "sentences":
            cell = f"(SELECT group_concat(value, '{separator}') FROM json_each(images.{column}))"
        elif kind == "names":
            cell = f"replace(images.{column}, char(31), '{separator}')"
        elif isinstance(images[column].type, Boolean):
            cell = f"CASE WHEN images.{column} THEN 'true' ELSE 'false' END"
        else:
            cell = f"images.{column}"
        formats.append('"%s"')
        cells.append(f"replace({cell}, '\"', '\"\"')")
    return f"printf('{','.join(formats)}', {', '.join(cells)})"


def csv_lines_select(columns: list[str], separator: str):
    images, articles = IMAGES, ARTICLES
    return select(literal_column(csv_line_sql(columns, separator))).select_from(
        images.join(articles, articles.c.id == images.c.article_id)
    )


# -- counts ------------------------------------------------------------------------------------


def agency_counts(conn) -> list[dict]:
    """Each organisation with its images, the images it is the origin of, and how many of its
    images are unverifiable.  Three grouped counts that the chain indexes answer, joined here:
    one query joining every link with its image took 5 s on a million images."""
    links = CHAIN_LINKS.c
    images = IMAGES.c
    per_agency = select(links.agency_id, func.count(func.distinct(links.image_id))).group_by(links.agency_id)
    as_origin = (
        select(links.agency_id, func.count(func.distinct(links.image_id)))
        .where(links.position == 0)
        .group_by(links.agency_id)
    )
    unverifiable = (
        select(links.agency_id, func.count(func.distinct(links.image_id)))
        .join(IMAGES, images.id == links.image_id)
        .where(images.unverifiable.is_(True))
        .group_by(links.agency_id)
    )
    agencies = AGENCIES.c
    counts = dict(conn.execute(per_agency).all())
    origins = dict(conn.execute(as_origin).all())
    flagged = dict(conn.execute(unverifiable).all())
    rows = conn.execute(
        select(agencies.id, agencies.name, agencies.country, agencies.kind, agencies.control).where(
            agencies.id.in_(list(counts))
        )
    ).all()
    out = [
        {
            "agency": name,
            "country": country,
            "kind": kind,
            "control": control,
            "images": counts[agency_id],
            "as_origin": origins.get(agency_id, 0),
            "unverifiable": flagged.get(agency_id, 0),
        }
        for agency_id, name, country, kind, control in rows
    ]
    out.sort(key=lambda r: (-r["images"], r["agency"]))
    return out
